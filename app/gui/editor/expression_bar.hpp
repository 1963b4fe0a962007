// expression_bar.hpp — the "f = ..." field: its text, the parse error shown under it, and
// whether it takes the keyboard back after a refused expression. A panel with its own state;
// App owns one and builds the graph when it asks (App::expression_bar).
#pragma once

#include <optional>
#include <string>

#include "expr.hpp"
#include "painter.hpp"  // Color

namespace gf::gui {

struct ExpressionBar {
  std::string text;                      // what the field shows (the graph's expression)
  std::optional<ExpressionError> error;  // the last refused expression's error
  // After Enter on a refused expression: the field takes the keyboard back (canvas keys wait),
  // with the caret at the end.
  bool refocus = false, caret_to_end = false;

  // Inside the current window: "f =", the field, the button. Reads and changes only this
  // struct. True when the user asks to build: `entered` says whether by Enter.
  bool draw_field(float panel_width, bool& entered);
  // The error beside the button, with a caret under its column; reads `warning` as its colour.
  void draw_error(Color warning) const;
  // The expression asked for was refused (error set) or accepted (error cleared).
  void refused(ExpressionError parse_error, bool entered);
  void accepted() { error.reset(); }

 private:
  float field_x_ = 0, field_y_ = 0;  // where the field was drawn this frame, screen pixels
};

}  // namespace gf::gui
