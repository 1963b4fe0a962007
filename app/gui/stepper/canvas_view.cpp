// canvas_view.cpp — see canvas_view.hpp: the view (Fit, the corner view, the window, the wheel's
// zoom around the cursor) and the layers (grid, graph, the editor's marks, banner). The camera's
// hook is in camera_follow.cpp, the minimap's in minimap.cpp.
#include "canvas_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "graph_drawing.hpp"

namespace gf::gui {

namespace {
ImU32 to_imgui(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }
}  // namespace

float number_pixels(const CanvasScene& scene) {
  return (scene.presentation ? 24.5f : 12.5f) * scene.scale;
}

float banner_height(const CanvasScene& scene) {
  const FontSet& fonts = scene.fonts;
  const float line = fonts.ui != nullptr ? fonts.ui->FontSize + 4 : 20.0f;
  const float large = fonts.ui_large != nullptr ? fonts.ui_large->FontSize + 4 : 28.0f;
  // As the banner is drawn on a backward step: title, position, gate and pattern, its note.
  return 10 + (scene.document.title.empty() ? 0 : line) + large + 2 * line;
}

// The whole graph as large as the canvas allows, below the banner. Number labels are sized in
// screen pixels (number_pixels), so the room they need above the top wires and below the bottom
// ones is kept in pixels, around what the shapes cover.
void CanvasView::fit(const CanvasScene& scene) {
  CanvasTransform& canvas = transform;
  const float text_scale = canvas_text_scale(scene.presentation);
  const Box shapes = drawing_extent(scene.document.graph, text_scale);
  const Vec2 extent{std::max(1.0f, shapes.max.x - shapes.min.x),
                    std::max(1.0f, shapes.max.y - shapes.min.y)};
  const float side = 16.0f * scene.scale;
  // Small graphs should not fill a projector screen with 300-pixel circles.
  const float max_zoom = 2.2f * scene.scale * (scene.presentation ? 1.6f : 1.0f);
  float top = banner_height(scene);
  if (canvas.size.y - top < canvas.size.y * 0.5f) top = 0;  // a tiny window: over the banner
  float label = number_pixels(scene);
  float zoom = 1, room = 0;
  for (int pass = 0; pass < 2; ++pass) {  // labels larger than number_pixels need more room
    room = 2 * label + 8;  // a value and the lane beyond the gate above; a gradient and a Σ below
    const Vec2 area{canvas.size.x - 2 * side, canvas.size.y - top - 2 * room};
    if (area.x <= 8 || area.y <= 8) return;
    zoom = std::clamp(std::min(area.x / extent.x, area.y / extent.y), 0.02f, max_zoom);
    label = std::max(number_pixels(scene), kNumberFontSize * text_scale * zoom);
  }
  canvas.zoom = zoom;
  const Vec2 area_centre{canvas.size.x * 0.5f, (top + room + canvas.size.y - room) * 0.5f};
  const Vec2 centre = (shapes.min + shapes.max) * 0.5f;
  canvas.offset = area_centre - centre * zoom;
  // Presentation mode toggled this frame: fit again once the banner's fonts are rebuilt.
  fit_pending = scene.fonts_dirty;
}

void CanvasView::view_corner(const Graph& graph, float scale) {
  CanvasTransform& canvas = transform;
  const Box bounds = graph_bounds(graph);
  canvas.zoom = scale;
  // The node nearest the top-left corner of the graph, at the top-left of the canvas (the
  // corner of the bounds may be empty space).
  Vec2 corner = bounds.min;
  float best = 1e30f;
  for (NodeId id : graph.node_ids()) {
    const Box box = node_box(graph, id);
    const float distance = (box.min.x - bounds.min.x) + (box.min.y - bounds.min.y);
    if (distance < best) best = distance, corner = box.min - Vec2{40, 40};
  }
  canvas.offset = Vec2{20, 20} - corner * canvas.zoom;
  fit_pending = false;
}

void CanvasView::restore(View view) {
  transform.offset = view.pan;
  transform.zoom = view.zoom;
  fit_pending = false;
  last_size_ = {1, 1};  // keep this view even when the first frame sizes the canvas
}

// [SECTION] The window, the wheel, then the layers from the grid up --------------------------

// One line of the step banner, measured before the graph is drawn (the callout keeps clear of
// it) and drawn last, on top.
struct BannerLine {
  std::string text;
  Color color;
  ImFont* font;
  Vec2 at, size;
};

namespace {

// The grid under everything: 1-pixel lines without anti-aliasing fringes, never more than ~40
// of them (docs/ARCHITECTURE.md, "software GL").
// Reads the view; draws into `grid` (one-pixel GL lines, the cheapest way) or else `list`.
void draw_grid(ImDrawList* list, ShapeBatch& grid, const CanvasTransform& canvas, Color color) {
  const Vec2 lo = canvas.origin, hi = canvas.origin + canvas.size;
  float step = 80.0f * canvas.zoom;
  while (step < 64.0f) step *= 2.0f;
  if (grid.ready()) {
    grid.clear();
    for (float x = std::fmod(canvas.offset.x, step); x < canvas.size.x; x += step) {
      const float at = std::floor(lo.x + x) + 0.5f;  // pixel centres: crisp lines
      grid.add_line({at, lo.y}, {at, hi.y}, color);
    }
    for (float y = std::fmod(canvas.offset.y, step); y < canvas.size.y; y += step) {
      const float at = std::floor(lo.y + y) + 0.5f;
      grid.add_line({lo.x, at}, {hi.x, at}, color);
    }
    grid.submit(list);
    return;
  }
  const ImDrawListFlags flags = list->Flags;
  list->Flags &= ~ImDrawListFlags_AntiAliasedLines;
  for (float x = std::fmod(canvas.offset.x, step); x < canvas.size.x; x += step)
    list->AddRectFilled({std::floor(lo.x + x), lo.y}, {std::floor(lo.x + x) + 1, hi.y},
                        to_imgui(color));
  for (float y = std::fmod(canvas.offset.y, step); y < canvas.size.y; y += step)
    list->AddRectFilled({lo.x, std::floor(lo.y + y)}, {hi.x, std::floor(lo.y + y) + 1},
                        to_imgui(color));
  list->Flags = flags;
}

// The wire being dragged, from the output side towards the input side as the wires are, and
// why it would be refused beside the pointer.
void draw_dragged_wire(ImDrawList* list, const Graph& graph, const CanvasEditor& editor,
                       const CanvasTransform& canvas, const Palette& palette, Vec2 mouse,
                       std::vector<RecordedLabel>* record) {
  const Vec2 start = canvas.to_screen(pin_position(graph, editor.anchor));
  const Vec2 end = editor.target.valid() && editor.refusal.empty()
                       ? canvas.to_screen(pin_position(graph, editor.target))
                       : mouse;
  const bool from_output = editor.anchor.is_output();
  const Vec2 a = from_output ? start : end, b = from_output ? end : start;
  const float handle = std::max(30.0f, std::abs(b.x - a.x) * 0.45f);
  const Color color = editor.refusal.empty() ? palette.highlight : palette.warning;
  list->AddBezierCubic({a.x, a.y}, {a.x + handle, a.y}, {b.x - handle, b.y}, {b.x, b.y},
                       to_imgui(color), std::max(1.5f, 2.5f * canvas.zoom), 24);
  if (editor.refusal.empty() || !editor.target.valid()) return;
  const std::string why = "\u2717 " + editor.refusal;
  const ImVec2 at{mouse.x + 16, mouse.y + 10};
  const ImVec2 extent = ImGui::CalcTextSize(why.c_str());
  list->AddRectFilled({at.x - 6, at.y - 4}, {at.x + extent.x + 6, at.y + extent.y + 4},
                      to_imgui(palette.callout_fill));
  list->AddText(at, to_imgui(palette.warning), why.c_str());
  if (record)
    record->push_back({why, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, palette.warning});
}

void draw_box_select(ImDrawList* list, Vec2 a, Vec2 b, const Palette& palette) {
  const ImVec2 lo{std::min(a.x, b.x), std::min(a.y, b.y)};
  const ImVec2 hi{std::max(a.x, b.x), std::max(a.y, b.y)};
  list->AddRectFilled(lo, hi, to_imgui(palette.selection.with_alpha(0.12f)));
  list->AddRect(lo, hi, to_imgui(palette.selection));
}

}  // namespace

void CanvasView::draw(Vec2 mouse, const CanvasScene& scene) {
  const Palette& palette = scene.palette;
  const Vec2 min = transform.origin, size = transform.size;
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->PushClipRect({min.x, min.y}, {min.x + size.x, min.y + size.y}, true);
  // (The background itself is the window's clear colour: see App::background.)
  draw_grid(list, grid, transform, palette.grid);
  const std::vector<BannerLine> banner = measure_banner(scene);
  draw_graph_layer(list, scene, banner);
  const Graph& graph = scene.document.graph;
  const CanvasEditor& editor = scene.editor;
  if (editor.drag == CanvasDrag::Wire && graph.contains(editor.anchor.node))
    draw_dragged_wire(list, graph, editor, transform, palette, mouse, scene.record);
  if (editor.drag == CanvasDrag::BoxSelect && editor.moved)
    draw_box_select(list, transform.to_screen(editor.press_world), mouse, palette);
  draw_minimap(list, scene);  // minimap.cpp
  // The banner on top of everything, on a backdrop of the canvas colour: a followed view may
  // pass parts of the graph under it.
  for (const BannerLine& line : banner)
    list->AddRectFilled({line.at.x - 6, line.at.y - 1},
                        {line.at.x + line.size.x + 6, line.at.y + line.size.y + 1},
                        to_imgui(palette.background.with_alpha(0.88f)), 4.0f);
  for (const BannerLine& line : banner) {
    list->AddText(line.font, line.font->FontSize, {line.at.x, line.at.y}, to_imgui(line.color),
                  line.text.c_str());
    if (scene.record)
      scene.record->push_back({line.text, {LabelKind::Ui}, line.at, line.size, line.color});
  }
  list->PopClipRect();
}

void CanvasView::begin(Vec2 min, Vec2 size, const CanvasScene& scene) {
  CanvasTransform& canvas = transform;
  ImGui::SetNextWindowPos({min.x, min.y});
  ImGui::SetNextWindowSize({size.x, size.y});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::Begin("##canvas", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  canvas.origin = {origin.x, origin.y};
  canvas.size = size;
  // A resized window keeps the graph fitted if it was fitted (first frames, panels toggling).
  if (last_size_.x != size.x || last_size_.y != size.y) {
    if (last_size_.x == 0) fit_pending = true;
    last_size_ = size;
  }
  follow_current_gate(scene);  // camera_follow.cpp: after a step, glide to its gate if need be
  if (fit_pending) fit(scene);
}

void CanvasView::zoom_at(Vec2 mouse, Vec2 world, float wheel) {
  // Up to 3.5×: beyond, the largest baked font would be magnified and blur.
  const float zoom = std::clamp(transform.zoom * std::pow(1.15f, wheel), 0.02f, 3.5f);
  transform.offset = mouse - transform.origin - world * zoom;
  transform.zoom = zoom;
}

// Where we are in the trace, or what is missing: the title, the position, the gate and its
// pattern, its note.
std::vector<BannerLine> CanvasView::measure_banner(const CanvasScene& scene) const {
  const Palette& palette = scene.palette;
  const FontSet& fonts = scene.fonts;
  std::vector<BannerLine> lines;
  const Vec2 origin = transform.origin;
  auto banner = [&](const std::string& text, Color color, float y, ImFont* font) {
    const ImVec2 extent = font->CalcTextSizeA(font->FontSize, 1e9f, 0, text.c_str());
    lines.push_back({text, color, font, {origin.x + 14, origin.y + y}, {extent.x, extent.y}});
    return font->FontSize + 4;
  };
  float y = 10;
  const std::string& title = scene.document.title;
  if (!title.empty()) y += banner(title, palette.muted_text, y, fonts.ui);
  if (!scene.problem.empty()) {
    banner("Cannot step yet: " + scene.problem, palette.warning, y, fonts.ui);
    return lines;
  }
  if (!scene.evaluation || !scene.trace) return lines;
  const StepView& view = scene.drawn;  // quiz mode: the step being asked
  std::string position = view.position_text();
  if (view.phase == StepPhase::Start) position = "start: press \u2192 to step";
  if (scene.question) position += ": what goes at each ?  (\u2192 reveals)";
  y += banner(position, palette.node_text, y, fonts.ui_large);
  if (view.current_node == kNoNode) return lines;
  const OpInfo& info = op_info(scene.document.graph.op(view.current_node));
  const bool backward = view.phase == StepPhase::Backward;
  const std::string pattern = backward ? " \u2014 " + std::string(pattern_name(info.pattern)) : "";
  y += banner(std::string(info.name) + pattern, backward ? palette.grad : palette.value, y,
              fonts.ui);
  if (backward) banner(std::string(info.pattern_note), palette.muted_text, y, fonts.ui);
  return lines;
}

// The graph with its numbers, the selection and the marked pin, keeping clear of the banner
// and the minimap.
void CanvasView::draw_graph_layer(ImDrawList* list, const CanvasScene& scene,
                                  const std::vector<BannerLine>& banner) {
  // The canvas itself, for tests: what the callout must stay inside.
  if (scene.record)
    scene.record->push_back({"canvas", {LabelKind::Shape}, transform.origin, transform.size, {}});
  ImGuiPainter painter(list, transform, scene.fonts, shapes.ready() ? &shapes : nullptr,
                       scene.record);
  for (const BannerLine& line : banner) painter.keep_clear(line.at, line.at + line.size);
  if (minimap_) painter.keep_clear(minimap_->screen.min, minimap_->screen.max);
  const Graph& graph = scene.document.graph;
  std::vector<std::uint8_t> selected(graph.id_limit(), 0);
  for (NodeId id : scene.selection)
    if (graph.contains(id)) selected[id] = 1;
  DrawSettings drawing = settings(scene);
  drawing.selected = &selected;
  const bool ready = scene.evaluation && scene.trace;
  draw_graph(painter, graph, ready ? scene.evaluation : nullptr, ready ? scene.trace : nullptr,
             ready ? &scene.drawn : nullptr, drawing);
  painter.finish();
}

// How the canvas draws this frame (without the selection, which the caller owns).
DrawSettings CanvasView::settings(const CanvasScene& scene) const {
  const Palette& palette = scene.palette;
  const CanvasEditor& editor = scene.editor;
  DrawSettings settings;
  settings.palette = palette;
  settings.digits = scene.digits;
  settings.progress = scene.progress;
  settings.text_scale = canvas_text_scale(scene.presentation);  // the camera reads it too
  settings.number_pixels = number_pixels(scene);
  settings.hovered = editor.hovered_node;
  settings.callout_note = false;  // the banner says it
  settings.pins = !scene.presentation;
  const bool wiring = editor.drag == CanvasDrag::Wire;
  const PinHit marked = wiring ? editor.target : editor.hovered_pin;
  if (marked.valid() && scene.document.graph.contains(marked.node)) {
    settings.marked_pin_node = marked.node;
    settings.marked_pin_slot = marked.slot;
    settings.marked_pin_color = wiring && !editor.refusal.empty() ? palette.warning
                                : wiring                          ? palette.value
                                                                  : palette.highlight;
  }
  settings.question = scene.question;  // quiz mode: the next step, its numbers as "?"
  return settings;
}

}  // namespace gf::gui
