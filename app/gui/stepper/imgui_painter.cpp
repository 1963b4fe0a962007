// imgui_painter.cpp — see imgui_painter.hpp.
#include "imgui_painter.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace gf::gui {

void record_last_item(std::vector<RecordedLabel>* record, std::string text, Color color) {
  if (record == nullptr) return;
  const ImVec2 min = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  record->push_back({std::move(text), {LabelKind::Ui}, {min.x, min.y}, {size.x, size.y}, color});
}

namespace {
ImU32 to_imgui(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }
ImVec2 to_imgui(Vec2 v) { return {v.x, v.y}; }
}  // namespace

ImGuiPainter::ImGuiPainter(ImDrawList* list, const CanvasTransform& transform, const FontSet& fonts,
                           ShapeBatch* shapes, std::vector<RecordedLabel>* record)
    : list_(list), shapes_(shapes), transform_(transform), fonts_(fonts), record_(record) {
  if (shapes_ != nullptr) shapes_->clear();
  layers_.Split(list_, kLayerCount);
}

void ImGuiPainter::use_layer(Layer layer) {
  if (overlay_) layer = kTexts;  // the top layer, in call order from now on
  if (layer != current_) layers_.SetCurrentChannel(list_, layer);
  current_ = layer;
}

void ImGuiPainter::begin_overlay() {
  use_layer(kTexts);
  overlay_ = true;
}

void ImGuiPainter::finish() {
  if (shapes_ != nullptr) {
    layers_.SetCurrentChannel(list_, kShapes);
    shapes_->submit(list_);
  }
  layers_.Merge(list_);
}

void ImGuiPainter::line(Vec2 a, Vec2 b, Color color, float width) {
  use_layer(kWires);
  list_->AddLine(to_imgui(transform_.to_screen(a)), to_imgui(transform_.to_screen(b)),
                 to_imgui(color), std::max(1.0f, width * transform_.zoom));
}

void ImGuiPainter::bezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, Color color, float width) {
  use_layer(kWires);
  const float pixels = std::max(1.0f, width * transform_.zoom);
  // Segments by length on screen, since each costs triangles (docs/ARCHITECTURE.md, "software
  // GL"); 18 px per segment still reads as a smooth curve.
  const Vec2 span = transform_.to_screen(p3) - transform_.to_screen(p0);
  const float length = std::abs(span.x) + std::abs(span.y);
  const int segments = std::clamp(static_cast<int>(length / 18.0f), 2, 16);
  list_->AddBezierCubic(to_imgui(transform_.to_screen(p0)), to_imgui(transform_.to_screen(p1)),
                        to_imgui(transform_.to_screen(p2)), to_imgui(transform_.to_screen(p3)),
                        to_imgui(color), pixels, segments);
}

void ImGuiPainter::polyline(std::span<const Vec2> points, Color color, float width) {
  // Only zoomed-out graphs draw polylines: one-pixel lines through the batch when there is one.
  use_layer(kWires);
  if (shapes_ != nullptr && !overlay_ && width * transform_.zoom <= 1.5f) {
    for (std::size_t i = 1; i < points.size(); ++i)
      shapes_->add_line(transform_.to_screen(points[i - 1]), transform_.to_screen(points[i]),
                        color);
    return;
  }
  ImVec2 screen[16];
  const int count = static_cast<int>(std::min<std::size_t>(points.size(), 16));
  for (int i = 0; i < count; ++i) screen[i] = to_imgui(transform_.to_screen(points[i]));
  list_->AddPolyline(screen, count, to_imgui(color), ImDrawFlags_None,
                     std::max(1.0f, width * transform_.zoom));
}

void ImGuiPainter::circle(Vec2 center, float radius, Color fill, Color stroke, float stroke_width) {
  const ImVec2 c = to_imgui(transform_.to_screen(center));
  const float r = radius * transform_.zoom;
  const float stroke_px =
      stroke.a && stroke_width > 0 ? std::max(1.0f, stroke_width * transform_.zoom) : 0.0f;
  use_layer(kShapes);
  if (shapes_ != nullptr && !overlay_) {
    shapes_->add({c.x, c.y}, {r, r}, r, fill, stroke, stroke_px);
    return;
  }
  // Without the batch: the outline as a filled circle under a smaller one (two anti-aliased
  // fills take a third fewer triangles than a fill and an anti-aliased stroke).
  const int segments = std::clamp(static_cast<int>(r * 0.6f), 12, 40);
  const float inner = std::max(0.0f, r - stroke_px);
  if (stroke_px > 0) list_->AddCircleFilled(c, r, to_imgui(stroke), segments);
  if (fill.a && inner > 0) list_->AddCircleFilled(c, inner, to_imgui(fill), segments);
}

void ImGuiPainter::rect(Vec2 min, Vec2 max, float rounding, Color fill, Color stroke,
                        float stroke_width) {
  const ImVec2 a = to_imgui(transform_.to_screen(min)), b = to_imgui(transform_.to_screen(max));
  const float r = std::min({rounding * transform_.zoom, (b.x - a.x) * 0.5f, (b.y - a.y) * 0.5f});
  const float stroke_px =
      stroke.a && stroke_width > 0 ? std::max(1.0f, stroke_width * transform_.zoom) : 0.0f;
  use_layer(kShapes);
  if (shapes_ != nullptr && !overlay_ && r >= 1.0f) {
    const ImVec2 half{(b.x - a.x) * 0.5f, (b.y - a.y) * 0.5f};
    shapes_->add({a.x + half.x, a.y + half.y}, {half.x, half.y}, r, fill, stroke, stroke_px);
    return;
  }
  imgui_rect(a, b, r, fill, stroke, stroke_px);
}

void ImGuiPainter::imgui_rect(ImVec2 a, ImVec2 b, float r, Color fill, Color stroke, float w) {
  if (w <= 0) {
    if (fill.a) list_->AddRectFilled(a, b, to_imgui(fill), r);
    return;
  }
  if (r < 1.0f) {  // square: the fill once, the outline as four thin bars (large boxes: callouts)
    if (fill.a) list_->AddRectFilled(a, b, to_imgui(fill));
    const ImU32 c = to_imgui(stroke);
    list_->AddRectFilled(a, {b.x, a.y + w}, c);
    list_->AddRectFilled({a.x, b.y - w}, b, c);
    list_->AddRectFilled({a.x, a.y + w}, {a.x + w, b.y - w}, c);
    list_->AddRectFilled({b.x - w, a.y + w}, {b.x, b.y - w}, c);
    return;
  }
  list_->AddRectFilled(a, b, to_imgui(stroke), r);
  if (fill.a)
    list_->AddRectFilled({a.x + w, a.y + w}, {b.x - w, b.y - w}, to_imgui(fill),
                         std::max(0.0f, r - w));
}

void ImGuiPainter::triangle(Vec2 a, Vec2 b, Vec2 c, Color fill) {
  use_layer(kWires);
  list_->AddTriangleFilled(to_imgui(transform_.to_screen(a)), to_imgui(transform_.to_screen(b)),
                           to_imgui(transform_.to_screen(c)), to_imgui(fill));
}

Vec2 ImGuiPainter::text_size(std::string_view text, float size) {
  const float pixels = size * transform_.zoom;
  ImFont* font = fonts_.canvas_font(pixels);
  const ImVec2 measured =
      font->CalcTextSizeA(pixels, 1e9f, 0.0f, text.data(), text.data() + text.size());
  return {measured.x / transform_.zoom, measured.y / transform_.zoom};
}

void ImGuiPainter::text(Vec2 top_left, std::string_view text, float size, Color color,
                        const LabelTag& tag) {
  const float pixels = size * transform_.zoom;
  ImFont* font = fonts_.canvas_font(pixels);
  // Whole pixels: text on half pixels is blurred by the bilinear atlas lookup.
  Vec2 screen = transform_.to_screen(top_left);
  screen = {std::floor(screen.x + 0.5f), std::floor(screen.y + 0.5f)};
  use_layer(kTexts);
  list_->AddText(font, pixels, to_imgui(screen), to_imgui(color), text.data(),
                 text.data() + text.size());
  if (record_) {
    const ImVec2 measured =
        font->CalcTextSizeA(pixels, 1e9f, 0.0f, text.data(), text.data() + text.size());
    record_->push_back({std::string(text), tag, screen, {measured.x, measured.y}, color});
  }
}

void ImGuiPainter::record(Vec2 min, Vec2 max, std::string_view text, const LabelTag& tag) {
  if (record_ == nullptr) return;
  const Vec2 a = transform_.to_screen(min), b = transform_.to_screen(max);
  record_->push_back({std::string(text), tag, a, b - a, Color{}});
}

bool ImGuiPainter::visible(Vec2 min, Vec2 max) const {
  const Vec2 a = transform_.to_screen(min), b = transform_.to_screen(max);
  const Vec2 lo = transform_.origin, hi = transform_.origin + transform_.size;
  return b.x >= lo.x && a.x <= hi.x && b.y >= lo.y && a.y <= hi.y;
}

CalloutRoom ImGuiPainter::callout_room() const {
  const float margin = 8.0f;
  CalloutRoom room;
  room.view = {transform_.to_world(transform_.origin + Vec2{margin, margin}),
               transform_.to_world(transform_.origin + transform_.size - Vec2{margin, margin})};
  for (const Box& box : keep_clear_)
    room.keep_out.push_back({transform_.to_world(box.min), transform_.to_world(box.max)});
  return room;
}

}  // namespace gf::gui
