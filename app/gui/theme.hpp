// theme.hpp — colours of the canvas and the ImGui style: dark, light, and presentation mode
// (large type, high contrast, for the back of a lecture hall).
#pragma once

#include "painter.hpp"

namespace gf::gui {

struct Palette {
  Color background, grid, grid_strong;
  Color node_fill, node_stroke, node_text;
  Color leaf_fill, leaf_stroke;
  Color wire, wire_pending;
  Color value;  // forward values: green, above each wire
  Color grad;   // gradients: red, below each wire
  Color highlight;  // the gate of the current step
  Color selection;
  Color warning;  // NaN, infinities, problems
  Color callout_fill, callout_stroke, callout_text, muted_text;
};

struct ThemeChoice {
  bool dark = true;
  bool presentation = false;
};

Palette make_palette(const ThemeChoice& choice);
// Applies colours and sizes to ImGui's style; `ui_scale` multiplies every size.
void apply_imgui_style(const ThemeChoice& choice, float ui_scale);

}  // namespace gf::gui
