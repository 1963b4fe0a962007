// mouse_pacing.hpp — mouse buttons for ImGui 1.86, one change per button per frame, at the
// position where it happened.
//
// ImGui 1.86 reads the buttons' state once a frame (its GLFW backend: pressed since the last
// frame, or down now), and the pointer where it is now. When a frame comes late (a busy machine,
// a window that was not scheduled for a moment), the events queued meanwhile merge: the two
// clicks of a double click become one, and a press followed by a move is seen where the move
// ended, so a drag starts from the wrong place. Here every press and release reaches ImGui in a
// frame of its own, in order, a press at the pointer position of its moment.
#pragma once

#include <deque>

struct ImGuiIO;

namespace gf::gui {

class MousePacing {
 public:
  // From GLFW's callbacks: the pointer moved (window coordinates); a button went down or up.
  void on_cursor(double x, double y);
  void on_button(int button, bool down);

  // After ImGui_ImplGlfw_NewFrame, before ImGui::NewFrame: this frame's button state (the next
  // change of each button, in order) and, in the frame of a press, the press's position.
  void apply(ImGuiIO& io);

  // Changes still waiting for their frame (the window must not sleep while there are any).
  bool pending() const { return !changes_.empty(); }

 private:
  static constexpr int kButtons = 5;  // ImGui's MouseDown[]
  struct Change {
    int button;
    bool down;
    float x, y;
  };
  std::deque<Change> changes_;
  bool down_[kButtons] = {};
  float x_ = 0, y_ = 0;
};

}  // namespace gf::gui
