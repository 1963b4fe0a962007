// mouse_pacing.cpp — see mouse_pacing.hpp.
#include "mouse_pacing.hpp"

#include <imgui.h>

namespace gf::gui {

void MousePacing::on_cursor(double x, double y) {
  x_ = static_cast<float>(x);
  y_ = static_cast<float>(y);
}

void MousePacing::on_button(int button, bool down) {
  if (button < 0 || button >= kButtons) return;
  changes_.push_back({button, down, x_, y_});
}

void MousePacing::apply(ImGuiIO& io) {
  bool changed[kButtons] = {};
  bool pressed = false;
  ImVec2 press_position;
  // In order, up to the first change of a button already changed this frame (the rest wait, so
  // that no change overtakes another).
  while (!changes_.empty() && !changed[changes_.front().button]) {
    const Change change = changes_.front();
    changes_.pop_front();
    changed[change.button] = true;
    down_[change.button] = change.down;
    if (change.down) {
      pressed = true;
      press_position = ImVec2(change.x, change.y);
    }
  }
  for (int button = 0; button < kButtons; ++button) io.MouseDown[button] = down_[button];
  // (The backend leaves MousePos at -FLT_MAX when the pointer is not the window's.)
  if (pressed && io.MousePos.x > -1e30f) io.MousePos = press_position;
}

}  // namespace gf::gui
