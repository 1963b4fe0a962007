// painter.hpp — what the graph drawing needs from a drawing surface, in world (canvas) units.
//
// The same drawing code (graph_drawing.cpp) paints the live canvas through ImDrawList and the
// slide export through SVG, so both show exactly the same thing. Every text carries a tag saying
// what it is (a node's label, a value, a gradient, a callout line ...) so the screen painter can
// record where it drew it (--dump-labels) and tests can check colour and place.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph.hpp"

namespace gf::gui {

struct Color {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  Color with_alpha(float alpha) const {
    return {r, g, b, static_cast<std::uint8_t>(a * (alpha < 0 ? 0 : alpha > 1 ? 1 : alpha))};
  }
  std::string hex() const;  // "#rrggbb"
};

// Shape: not a text but the outline of a node ("gate", "leaf") or of the callout's box
// ("callout"), recorded so that tests can check what covers what.
enum class LabelKind { Node, Value, Grad, Callout, Ui, Palette, Pin, Shape };
std::string_view label_kind_name(LabelKind kind);  // "node", "value", ...

struct LabelTag {
  LabelKind kind = LabelKind::Ui;
  NodeId node = kNoNode;
  NodeId edge_from = kNoNode;  // a wire from edge_from into edge_to
  NodeId edge_to = kNoNode;
};

struct Box {
  Vec2 min, max;
};

// Where a callout may go, in world units: inside `view`, clear of `keep_out` (what is drawn over
// the graph by others: the canvas's step banner). `may_grow`: the picture grows to hold the
// callout (the SVG), so with no free room inside the view it may go just outside it. An empty
// view (min == max): no limits at all.
struct CalloutRoom {
  Box view;
  std::vector<Box> keep_out;
  bool may_grow = false;
};

class Painter {
 public:
  virtual ~Painter() = default;
  virtual void line(Vec2 a, Vec2 b, Color color, float width) = 0;
  virtual void bezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, Color color, float width) = 0;
  // Connected segments through `points` (the coarse wires of a zoomed-out graph).
  virtual void polyline(std::span<const Vec2> points, Color color, float width) {
    for (std::size_t i = 1; i < points.size(); ++i) line(points[i - 1], points[i], color, width);
  }
  virtual void circle(Vec2 center, float radius, Color fill, Color stroke, float stroke_width) = 0;
  virtual void rect(Vec2 min, Vec2 max, float rounding, Color fill, Color stroke,
                    float stroke_width) = 0;
  virtual void triangle(Vec2 a, Vec2 b, Vec2 c, Color fill) = 0;
  // Size of `text` at font size `size`, in world units.
  virtual Vec2 text_size(std::string_view text, float size) = 0;
  virtual void text(Vec2 top_left, std::string_view text, float size, Color color,
                    const LabelTag& tag) = 0;
  // Records something that is not text (a pin) as if it were a label: tests find it by its
  // box. Drawing painters ignore it.
  virtual void record(Vec2 min, Vec2 max, std::string_view text, const LabelTag& tag) {
    (void)min, (void)max, (void)text, (void)tag;
  }
  // How many screen pixels one world unit covers (for level of detail).
  virtual float pixels_per_unit() const = 0;
  // Whether a world-space box can be seen at all (for culling).
  virtual bool visible(Vec2 min, Vec2 max) const = 0;
  // Everything drawn after this goes on top of everything drawn before (the callout), even
  // where a painter draws in layers (the screen's: wires, then shapes, then texts).
  virtual void begin_overlay() {}
  // Where the callout may go (see CalloutRoom).
  virtual CalloutRoom callout_room() const { return {{}, {}, true}; }
};

}  // namespace gf::gui
