// camera_follow.cpp — see camera_follow.hpp.
//
// Index
//   [SECTION] What the step shows
//   [SECTION] Where to look
//   [SECTION] The glide
//   [SECTION] The hook (CanvasView::follow_current_gate)
#include "camera_follow.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "canvas_view.hpp"
#include "caption.hpp"

namespace gf::gui {

namespace {

Box unite(Box a, Box b) {
  return {{std::min(a.min.x, b.min.x), std::min(a.min.y, b.min.y)},
          {std::max(a.max.x, b.max.x), std::max(a.max.y, b.max.y)}};
}

Vec2 extent_of(Box box) { return box.max - box.min; }
Vec2 center_of_box(Box box) { return (box.min + box.max) * 0.5f; }

// The canvas minus its margins and the banner, in pixels.
Box usable_pixels(const FollowScene& scene) {
  const float top = std::max(scene.margin, scene.reserved_top);
  return {{scene.margin, top},
          {std::max(scene.margin + 1, scene.canvas_size.x - scene.margin),
           std::max(top + 1, scene.canvas_size.y - scene.margin)}};
}

// The largest zoom at which `box` fits in `pixels`.
float zoom_to_fit(Box box, Box pixels) {
  const Vec2 extent = extent_of(box), room = extent_of(pixels);
  return std::min(room.x / std::max(extent.x, 1e-3f), room.y / std::max(extent.y, 1e-3f));
}

}  // namespace

// [SECTION] What the step shows ------------------------------------------------------------------

void add_gate_focus(FollowScene& scene, const Graph& graph, NodeId current) {
  if (!graph.contains(current)) return;
  // A number's box around its anchor: the value above, the gradient below, up to ~7 glyphs wide.
  const float line = scene.number_height * 1.2f;
  auto numbers_at = [&](Vec2 anchor) {
    return Box{{anchor.x - 2.6f * line, anchor.y - line - 4},
               {anchor.x + 2.6f * line, anchor.y + line + 4}};
  };
  // The gate, its halo, and what is written under it (its name, a fan-out's Σ).
  Box gate = node_box(graph, current);
  gate.min = gate.min - Vec2{8, 8};
  gate.max = gate.max + Vec2{8, 8 + (graph.wires_out(current) > 1 ? 2.4f : 1.2f) * line};
  scene.must_see.push_back(gate);
  // The wires into it: its operands' values, and the gradients it sends back.
  for (int pin = 0; pin < arity(graph.op(current)); ++pin)
    if (graph.input(current, pin) != kNoNode)
      scene.must_see.push_back(numbers_at(wire_label_anchor(graph, current, pin)));
  // The wires out of it: the value it computed (at the consumers' end of each wire).
  for (NodeId consumer : graph.node_ids())
    for (int pin = 0; pin < arity(graph.op(consumer)); ++pin)
      if (graph.input(consumer, pin) == current)
        scene.must_see.push_back(numbers_at(wire_label_anchor(graph, consumer, pin)));
  if (graph.output() == current) {  // the output's own wire, its numbers and its name
    const Vec2 from = output_pin(graph, current);
    scene.must_see.push_back(numbers_at({from.x + kOutputStub * 0.5f, from.y}));
    const float name_width =
        0.7f * scene.number_height * 1.2f * static_cast<float>(node_caption(graph, current).size());
    scene.must_see.push_back({{from.x + kOutputStub, from.y - line},
                              {from.x + kOutputStub + 8 + name_width, from.y + line}});
  }
  for (int pin = 0; pin < arity(graph.op(current)); ++pin)
    if (NodeId input = graph.input(current, pin); input != kNoNode)
      scene.nice_to_see.push_back(node_box(graph, input));
}

// [SECTION] Where to look ------------------------------------------------------------------------

bool too_big_to_read_whole(const FollowScene& scene) {
  // As Fit: the whole graph on the canvas (the banner drawn over it), with the thinnest margin
  // Fit could leave: a graph Fit makes just readable is never followed.
  const float margin = 8;
  const Box pixels{{margin, margin}, scene.canvas_size - Vec2{margin, margin}};
  if (pixels.max.x <= pixels.min.x || pixels.max.y <= pixels.min.y) return false;
  const float zoom = zoom_to_fit(scene.graph_bounds, pixels);
  const float drawn =
      zoom * number_label_size(zoom, scene.number_height / kNumberFontSize, scene.number_floor);
  return drawn < kFollowBelowNumberPx;
}

std::optional<CameraView> follow_target(const FollowScene& scene, CameraView now) {
  if (scene.must_see.empty() || !too_big_to_read_whole(scene)) return std::nullopt;
  const Box pixels = usable_pixels(scene);
  const float readable = kReadableNumberPx / scene.number_height;
  // What can be kept in view at a readable zoom: the gate, then its numbers while they fit.
  Box core = scene.must_see.front();
  for (std::size_t i = 1; i < scene.must_see.size(); ++i)
    if (const Box more = unite(core, scene.must_see[i]); zoom_to_fit(more, pixels) >= readable)
      core = more;

  const auto on_screen = [&](Box box, CameraView view) {
    const Vec2 lo = view.offset + box.min * view.zoom, hi = view.offset + box.max * view.zoom;
    return lo.x >= pixels.min.x - 0.5f && lo.y >= pixels.min.y - 0.5f &&
           hi.x <= pixels.max.x + 0.5f && hi.y <= pixels.max.y + 0.5f;
  };
  if (now.zoom >= readable * 0.999f && on_screen(core, now)) return std::nullopt;

  // The user's zoom when it is readable; otherwise a comfortable one. Less when the core would
  // not fit, never less than readable.
  float zoom = now.zoom >= readable ? now.zoom : kComfortableNumberPx / scene.number_height;
  zoom = std::min({zoom, scene.max_zoom, zoom_to_fit(core, pixels)});
  zoom = std::max(zoom, std::min(readable, scene.max_zoom));
  Box wanted = core;
  for (const Box& box : scene.nice_to_see)
    if (const Box more = unite(wanted, box); zoom_to_fit(more, pixels) >= zoom) wanted = more;
  // Centre what is wanted, shifted as little as needed to keep the core whole.
  const Vec2 half = extent_of(pixels) * (0.5f / zoom);
  Vec2 center = center_of_box(wanted);
  const auto keep = [](float c, float lo, float hi, float half_room) {
    const float min_c = hi - half_room, max_c = lo + half_room;
    return min_c <= max_c ? std::clamp(c, min_c, max_c) : (lo + hi) * 0.5f;
  };
  center = {keep(center.x, core.min.x, core.max.x, half.x),
            keep(center.y, core.min.y, core.max.y, half.y)};
  return CameraView{center_of_box(pixels) - center * zoom, zoom};
}

// [SECTION] The glide ------------------------------------------------------------------------------

void CameraFollow::glide_to(CameraView from, CameraView to, Vec2 steady) {
  from_ = applied_ = from;
  steady_ = steady;
  to_ = to;
  progress_ = 0;
  gliding_ = true;
}

void CameraFollow::advance(CameraView& view, float dt) {
  const bool snap = std::exchange(snap_, false);
  if (!gliding_) return;
  if (!(view == applied_)) {  // the user panned or zoomed: the view is theirs
    gliding_ = false;
    return;
  }
  progress_ = snap ? 1.0f : std::min(1.0f, progress_ + dt / kGlideSeconds);
  const float t = progress_ * progress_ * (3 - 2 * progress_);  // ease in and out
  // Zoom interpolated geometrically, and the world point at the centre with it, so the glide
  // neither swoops out nor drifts sideways when it zooms.
  const float zoom = from_.zoom * std::pow(to_.zoom / from_.zoom, t);
  const auto world_at = [](CameraView v, Vec2 screen) {
    return (screen - v.offset) * (1.0f / v.zoom);
  };
  const Vec2 a = world_at(from_, steady_), b = world_at(to_, steady_);
  const Vec2 world = a + (b - a) * t;
  view = progress_ >= 1.0f ? to_ : CameraView{steady_ - world * zoom, zoom};
  applied_ = view;
  if (progress_ >= 1.0f) gliding_ = false;
}

// [SECTION] The hook (CanvasView::follow_current_gate) ---------------------------------------------

void CanvasView::follow_current_gate(const CanvasScene& scene) {
  CameraView view{transform.offset, transform.zoom};
  if (fit_pending) {  // Fit wins; a step taken with it is looked at once the graph is fitted
    camera.fitted();
    return;
  }
  const NodeId gate = scene.shown.current_node;
  if (camera.take_step() && scene.trace && gate != kNoNode && transform.size.x > 0) {
    const Graph& graph = scene.document.graph;
    FollowScene follow;
    follow.canvas_size = transform.size;
    follow.reserved_top = banner_height(scene);
    follow.number_height = kNumberFontSize * canvas_text_scale(scene.presentation);
    follow.number_floor = number_pixels(scene);
    follow.graph_bounds = graph_bounds(graph);
    add_gate_focus(follow, graph, gate);
    if (std::optional<CameraView> target = follow_target(follow, view))
      camera.glide_to(view, *target, transform.size * 0.5f);
  }
  camera.advance(view, ImGui::GetIO().DeltaTime);
  transform.offset = view.offset;
  transform.zoom = view.zoom;
}

}  // namespace gf::gui
