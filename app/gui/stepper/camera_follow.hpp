// camera_follow.hpp — when the graph is too big to read whole, the view follows the current
// step's gate: it glides (0.3 s) to the gate and the numbers on its wires, at a zoom where those
// numbers can be read from the back of a lecture hall. A graph readable after Fit never moves.
//
// The camera must not fight the user:
//   - Only a step taken (→, ←, play, the slider, --step) asks to follow. The request is looked
//     at once, in the next frame, and moves the view only when the gate or its numbers are off
//     screen or too small to read.
//   - A pan or a zoom by the user during a glide ends the glide where it is.
//   - Fit shows the whole graph and ends a glide; the view stays fitted until the next step.
// Pure geometry (no ImGui): CanvasView::follow_current_gate (camera_follow.cpp) is the hook that feeds
// it the canvas and the step.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "graph_drawing.hpp"

namespace gf::gui {

inline constexpr float kReadableNumberPx = 14.0f;     // numbers at least this high when following
inline constexpr float kComfortableNumberPx = 16.0f;  // the zoom a glide aims for when it zooms in
// A graph whose numbers would be smaller than this after Fit is "too big to read whole" (the
// normal mode's floor for numbers): only such graphs are followed.
inline constexpr float kFollowBelowNumberPx = 12.0f;
inline constexpr float kGlideSeconds = 0.3f;

// The canvas's pan and zoom (CanvasTransform's offset and zoom): screen = origin + offset + world·zoom.
struct CameraView {
  Vec2 offset;
  float zoom = 1.0f;
  bool operator==(const CameraView&) const = default;
};

// What the camera should show, world units unless said otherwise.
struct FollowScene {
  Vec2 canvas_size;        // pixels
  float reserved_top = 0;  // pixels at the top of the canvas under the step banner
  float margin = 16;       // pixels kept free on every side
  float number_height =
      kNumberFontSize;     // a number label's height at zoom 1 (the text scale included)
  float number_floor = 0;  // pixels: numbers are drawn at least this high (number_label_size)
  float max_zoom = 3.5f;   // as the mouse wheel's
  Box graph_bounds;
  // In priority order: the gate first, then the boxes of its numbers. Each is kept in view as
  // long as everything before it still fits at a readable zoom.
  std::vector<Box> must_see;
  std::vector<Box> nice_to_see;  // then its neighbouring inputs, when they fit too
};

// The boxes of `current` (a gate of `graph`): the gate, the numbers on the wires into it and out
// of it (the output's own wire when it is the output), and the nodes feeding it.
void add_gate_focus(FollowScene& scene, const Graph& graph, NodeId current);

// Whether numbers would be under kFollowBelowNumberPx with the whole graph on the canvas.
bool too_big_to_read_whole(const FollowScene& scene);

// Where to look for `scene`, seen now through `now`: nullopt when the view can stay (a graph
// readable whole, or the gate and its numbers already on screen at a readable size).
std::optional<CameraView> follow_target(const FollowScene& scene, CameraView now);

// The glide: one per step at most, ended by the user's pan or zoom and by Fit.
class CameraFollow {
 public:
  void step_taken() { step_pending_ = true; }
  // Consumes the pending step: true once after step_taken().
  bool take_step() { return std::exchange(step_pending_, false); }
  // `steady`: the canvas pixel whose world point moves straight to its place (the centre).
  void glide_to(CameraView from, CameraView to, Vec2 steady);
  void fitted() { gliding_ = false; }
  void settle() { snap_ = true; }  // headless pictures: the next glide lands at once
  bool gliding() const { return gliding_; }
  // Moves the glide on by `dt` seconds and writes the view into `view`. A view that is not the
  // one the glide left there last frame was moved by the user: the glide ends.
  void advance(CameraView& view, float dt);

 private:
  bool step_pending_ = false;
  bool gliding_ = false;
  bool snap_ = false;
  float progress_ = 0;
  CameraView from_, to_, applied_;
  Vec2 steady_;
};

}  // namespace gf::gui
