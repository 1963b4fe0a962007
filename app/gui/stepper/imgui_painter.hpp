// imgui_painter.hpp — the Painter for the live canvas: world units to window pixels through the
// canvas transform, drawn into an ImDrawList, texts with the crispest baked font, and (when
// asked) a record of every text drawn and where, for --dump-labels.
//
// It draws in three layers, whatever the order of the calls: wires, then shapes (gates and
// leaves: through a ShapeBatch when there is one), then texts; begin_overlay() puts what
// follows on top of all three. finish() merges the layers: call it before drawing anything
// else into the list.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "fonts.hpp"
#include "painter.hpp"
#include "shape_batch.hpp"

namespace gf::gui {

// World to screen: screen = origin + offset + world × zoom.
struct CanvasTransform {
  Vec2 origin;  // top-left of the canvas on screen
  Vec2 size;    // canvas size on screen
  Vec2 offset;  // pan, in screen pixels
  float zoom = 1.0f;
  Vec2 to_screen(Vec2 world) const { return origin + offset + world * zoom; }
  Vec2 to_world(Vec2 screen) const { return (screen - origin - offset) * (1.0f / zoom); }
};

struct RecordedLabel {
  std::string text;
  LabelTag tag;
  Vec2 min, size;  // window pixels, top-left origin
  Color color;
};

// For --dump-labels: the last ImGui item (a button, a field, a row) as a Ui label, so that a
// test can find and click it. Nothing when `record` is null.
void record_last_item(std::vector<RecordedLabel>* record, std::string text, Color color = {});

class ImGuiPainter final : public Painter {
 public:
  // `shapes`: where circles and rounded boxes go (cleared here), or null to tessellate them
  // with ImGui. `record`: where to record the texts drawn, or null.
  ImGuiPainter(ImDrawList* list, const CanvasTransform& transform, const FontSet& fonts,
               ShapeBatch* shapes, std::vector<RecordedLabel>* record);
  void finish();
  void line(Vec2 a, Vec2 b, Color color, float width) override;
  void bezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, Color color, float width) override;
  void polyline(std::span<const Vec2> points, Color color, float width) override;
  void circle(Vec2 center, float radius, Color fill, Color stroke, float stroke_width) override;
  void rect(Vec2 min, Vec2 max, float rounding, Color fill, Color stroke,
            float stroke_width) override;
  void triangle(Vec2 a, Vec2 b, Vec2 c, Color fill) override;
  Vec2 text_size(std::string_view text, float size) override;
  void text(Vec2 top_left, std::string_view text, float size, Color color,
            const LabelTag& tag) override;
  void record(Vec2 min, Vec2 max, std::string_view text, const LabelTag& tag) override;
  float pixels_per_unit() const override { return transform_.zoom; }
  bool visible(Vec2 min, Vec2 max) const override;
  // The canvas, less a margin, clear of what keep_clear() named.
  CalloutRoom callout_room() const override;
  // A box in window pixels that the callout must not cover (the step banner, drawn later).
  void keep_clear(Vec2 screen_min, Vec2 screen_max) {
    keep_clear_.push_back({screen_min, screen_max});
  }
  void begin_overlay() override;

 private:
  enum Layer { kWires, kShapes, kTexts, kLayerCount };
  void use_layer(Layer layer);
  void imgui_rect(ImVec2 a, ImVec2 b, float rounding, Color fill, Color stroke, float stroke_px);

  ImDrawList* list_;
  ImDrawListSplitter layers_;
  Layer current_ = kWires;
  bool overlay_ = false;
  ShapeBatch* shapes_;
  CanvasTransform transform_;
  const FontSet& fonts_;
  std::vector<RecordedLabel>* record_;
  std::vector<Box> keep_clear_;  // window pixels
};

}  // namespace gf::gui
