// minimap.cpp — see minimap.hpp.
#include "minimap.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "canvas_view.hpp"

namespace gf::gui {

namespace {

bool inside(Box box, Vec2 point) {
  return point.x >= box.min.x && point.x <= box.max.x && point.y >= box.min.y &&
         point.y <= box.max.y;
}

bool overlap(Box a, Box b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

ImU32 to_imgui(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }

}  // namespace

std::optional<MinimapLayout> minimap_layout(const CanvasTransform& canvas, Box graph_bounds,
                                            const std::vector<Box>& avoid, float ui_scale,
                                            int preferred) {
  // Shown only while some of the graph is out of view (a pixel of slack: Fit's rounding).
  const Vec2 view_min = canvas.to_world(canvas.origin),
             view_max = canvas.to_world(canvas.origin + canvas.size);
  const float slack = 1.0f / canvas.zoom;
  if (graph_bounds.min.x >= view_min.x - slack && graph_bounds.min.y >= view_min.y - slack &&
      graph_bounds.max.x <= view_max.x + slack && graph_bounds.max.y <= view_max.y + slack)
    return std::nullopt;
  const Vec2 extent = graph_bounds.max - graph_bounds.min;
  const float pad = 6.0f * ui_scale, gap = 10.0f * ui_scale;
  const float room_x = std::min(220.0f * ui_scale, canvas.size.x * 0.28f) - 2 * pad;
  const float room_y = std::min(150.0f * ui_scale, canvas.size.y * 0.30f) - 2 * pad;
  if (room_x < 16 || room_y < 16 || extent.x <= 0 || extent.y <= 0) return std::nullopt;
  MinimapLayout layout;
  layout.world = graph_bounds;
  layout.scale = std::min(room_x / extent.x, room_y / extent.y);
  const Vec2 size = extent * layout.scale + Vec2{2 * pad, 2 * pad};
  const Vec2 lo = canvas.origin + Vec2{gap, gap}, hi = canvas.origin + canvas.size - Vec2{gap, gap};
  const Vec2 corners[] = {hi - size, {lo.x, hi.y - size.y}, {hi.x - size.x, lo.y}};
  // Score: what it covers first (fewer is better), then how far it is from the gate.
  const auto distance_to_gate = [&](const Box& frame) {
    if (avoid.empty()) return 1e9f;
    const Vec2 gate = (avoid.front().min + avoid.front().max) * 0.5f;
    const float dx = std::max({frame.min.x - gate.x, 0.0f, gate.x - frame.max.x});
    const float dy = std::max({frame.min.y - gate.y, 0.0f, gate.y - frame.max.y});
    return std::hypot(dx, dy);
  };
  const auto covered = [&](const Box& frame) {
    return std::count_if(avoid.begin(), avoid.end(),
                         [&](const Box& box) { return overlap(frame, box); });
  };
  const int keep = std::clamp(preferred, 0, 2);
  const Box kept{corners[keep], corners[keep] + size};
  if (covered(kept) == 0 && distance_to_gate(kept) >= 200.0f * ui_scale) {
    layout.screen = kept;
    layout.corner = keep;
  } else {
    float best = 0;
    for (int i = 0; i < 3; ++i) {
      const Box frame{corners[i], corners[i] + size};
      const float score =
          -1e6f * static_cast<float>(covered(frame)) + std::min(distance_to_gate(frame), 1e5f);
      if (i == 0 || score > best) best = score, layout.screen = frame, layout.corner = i;
    }
  }
  layout.origin = layout.screen.min + Vec2{pad, pad};
  return layout;
}

std::optional<MinimapLayout> CanvasView::minimap_now(const CanvasScene& scene) const {
  if (minimap_drag_) return minimap_drag_;  // it stays put while it is being dragged in
  const CanvasTransform& canvas = transform;
  const Graph& graph = scene.document.graph;
  const Box bounds = graph_bounds(graph);
  // Only for a graph too big to read whole: a small one zoomed into has Fit (F) for that.
  FollowScene whole;
  whole.canvas_size = canvas.size;
  whole.graph_bounds = bounds;
  whole.number_height = kNumberFontSize * canvas_text_scale(scene.presentation);
  whole.number_floor = number_pixels(scene);
  if (!too_big_to_read_whole(whole)) return std::nullopt;
  const float scale = scene.scale;
  const int corner = minimap_ ? minimap_->corner : 0;
  std::optional<MinimapLayout> layout = minimap_layout(canvas, bounds, {}, scale, corner);
  std::vector<Box> avoid;  // the gate and its numbers, as the camera keeps them in view
  if (layout && scene.trace && graph.contains(scene.shown.current_node)) {
    FollowScene focus;
    focus.number_height = kNumberFontSize * canvas_text_scale(scene.presentation);
    add_gate_focus(focus, graph, scene.shown.current_node);
    for (const Box& box : focus.must_see)
      avoid.push_back({canvas.to_screen(box.min), canvas.to_screen(box.max)});
  }
  return avoid.empty() ? layout : minimap_layout(canvas, bounds, avoid, scale, corner);
}

bool CanvasView::minimap_input(Vec2 mouse, bool canvas_hovered, bool editor_idle,
                               const CanvasScene& scene) {
  CanvasTransform& canvas = transform;
  const std::optional<MinimapLayout> map = minimap_ = minimap_now(scene);
  if (!map || !ImGui::IsMouseDown(ImGuiMouseButton_Left)) minimap_drag_.reset();
  if (!map) return false;
  const bool over = canvas_hovered && inside(map->screen, mouse);
  if (over && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && editor_idle) minimap_drag_ = map;
  if (minimap_drag_) {  // the view centred on the point under the mouse
    const Vec2 at{std::clamp(mouse.x, map->screen.min.x, map->screen.max.x),
                  std::clamp(mouse.y, map->screen.min.y, map->screen.max.y)};
    canvas.offset = canvas.size * 0.5f - map->to_world(at) * canvas.zoom;
  }
  return over || minimap_drag_.has_value();
}

void CanvasView::draw_minimap(ImDrawList* list, const CanvasScene& scene) {
  const std::optional<MinimapLayout>& map = minimap_;  // as minimap_input placed it this frame
  if (!map) return;
  const CanvasTransform& canvas = transform;
  const Palette& palette = scene.palette;
  const Graph& graph = scene.document.graph;
  const Box frame = map->screen;
  list->AddRectFilled({frame.min.x, frame.min.y}, {frame.max.x, frame.max.y},
                      to_imgui(palette.background.with_alpha(0.92f)), 4.0f);
  list->AddRect({frame.min.x, frame.min.y}, {frame.max.x, frame.max.y},
                to_imgui(palette.grid_strong), 4.0f);
  list->PushClipRect({frame.min.x, frame.min.y}, {frame.max.x, frame.max.y}, true);
  // Wires as straight lines while there are few enough to tell apart; then the nodes as dots.
  if (graph.node_count() <= 400) {
    const ImU32 wire = to_imgui(palette.wire.with_alpha(0.6f));
    for (NodeId to : graph.node_ids())
      for (int pin = 0; pin < arity(graph.op(to)); ++pin)
        if (NodeId from = graph.input(to, pin); from != kNoNode) {
          const Vec2 a = map->to_screen(output_pin(graph, from)),
                     b = map->to_screen(input_pin(graph, to, pin));
          list->AddLine({a.x, a.y}, {b.x, b.y}, wire, 1.0f);
        }
  }
  // One dot per cell of the dots' size: thousands of nodes cost no more than the cells they
  // fill (docs/ARCHITECTURE.md, "software GL").
  const ImU32 node = to_imgui(palette.node_stroke);
  const float dot = std::max(1.0f, std::min(3.0f, kGateRadius * map->scale));
  const Vec2 frame_size = frame.max - frame.min;
  const int columns = std::max(1, static_cast<int>(frame_size.x / (2 * dot)) + 1);
  const int rows = std::max(1, static_cast<int>(frame_size.y / (2 * dot)) + 1);
  minimap_cells_.assign(static_cast<std::size_t>(columns) * static_cast<std::size_t>(rows), 0);
  for (NodeId id : graph.node_ids()) {  // a node's position is its centre
    const Vec2 c = map->to_screen(graph.has_position(id) ? graph.position(id) : Vec2{0, 0});
    const int column =
        std::clamp(static_cast<int>((c.x - frame.min.x) / (2 * dot)), 0, columns - 1);
    const int row = std::clamp(static_cast<int>((c.y - frame.min.y) / (2 * dot)), 0, rows - 1);
    std::uint8_t& cell = minimap_cells_[static_cast<std::size_t>(row) * columns + column];
    if (cell != 0) continue;
    cell = 1;
    list->AddRectFilled({c.x - dot, c.y - dot}, {c.x + dot, c.y + dot}, node);
  }
  // The view's rectangle, and the current gate as a ring.
  const Vec2 a = map->to_screen(canvas.to_world(canvas.origin));
  const Vec2 b = map->to_screen(canvas.to_world(canvas.origin + canvas.size));
  list->AddRect({a.x, a.y}, {b.x, b.y}, to_imgui(palette.selection), 0.0f, 0, 1.5f);
  if (scene.trace && graph.contains(scene.shown.current_node)) {
    const Box box = node_box(graph, scene.shown.current_node);
    const Vec2 c = map->to_screen((box.min + box.max) * 0.5f);
    list->AddCircleFilled({c.x, c.y}, 4.0f * scene.scale, to_imgui(palette.highlight));
  }
  list->PopClipRect();
  if (scene.record) {
    scene.record->push_back(
        {"minimap", {LabelKind::Ui}, frame.min, frame.max - frame.min, palette.grid_strong});
    const Vec2 lo{std::max(a.x, frame.min.x), std::max(a.y, frame.min.y)};
    const Vec2 hi{std::min(b.x, frame.max.x), std::min(b.y, frame.max.y)};
    scene.record->push_back({"minimap view", {LabelKind::Ui}, lo, hi - lo, palette.selection});
  }
}

}  // namespace gf::gui
