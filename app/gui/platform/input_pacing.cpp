// input_pacing.cpp — see input_pacing.hpp.
#include "input_pacing.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <imgui.h>

#include <algorithm>
#include <vector>

namespace gf::gui {

void InputPacing::on_cursor(double x, double y) {
  x_ = static_cast<float>(x);
  y_ = static_cast<float>(y);
}

void InputPacing::on_button(int button, bool down) {
  if (button < 0 || button >= kButtons) return;
  events_.push_back(
      {Kind::Button, nullptr, button, 0, down ? GLFW_PRESS : GLFW_RELEASE, 0, x_, y_});
}

void InputPacing::on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (action == GLFW_REPEAT) return;  // ImGui repeats a held key itself
  events_.push_back({Kind::Key, window, key, scancode, action, mods});
}

void InputPacing::on_char(unsigned int codepoint) {
  events_.push_back({Kind::Char, nullptr, static_cast<int>(codepoint)});
}

bool InputPacing::deliver(ImGuiIO& io) {
  bool delivered = false, pressed = false;
  Kind kind = Kind::Key;
  std::vector<int> changed_keys;
  bool changed_buttons[kButtons] = {};
  ImVec2 press_position;
  while (!events_.empty()) {
    const Event event = events_.front();
    if (delivered && event.kind != kind) break;
    if (event.kind == Kind::Key &&
        std::find(changed_keys.begin(), changed_keys.end(), event.code) != changed_keys.end())
      break;
    if (event.kind == Kind::Button && changed_buttons[event.code]) break;
    events_.pop_front();
    delivered = true;
    kind = event.kind;
    switch (event.kind) {
      case Kind::Key:
        changed_keys.push_back(event.code);
        ImGui_ImplGlfw_KeyCallback(event.window, event.code, event.scancode, event.action,
                                   event.mods);
        break;
      case Kind::Char:
        io.AddInputCharacter(static_cast<unsigned int>(event.code));
        break;
      case Kind::Button:
        changed_buttons[event.code] = true;
        down_[event.code] = event.action == GLFW_PRESS;
        if (down_[event.code]) {
          pressed = true;
          press_position = ImVec2(event.x, event.y);
        }
        break;
    }
  }
  // The backend set the buttons from GLFW's state of now: the paced state replaces it.
  for (int button = 0; button < kButtons; ++button) io.MouseDown[button] = down_[button];
  // (The backend leaves MousePos at -FLT_MAX when the pointer is not the window's.)
  if (pressed && io.MousePos.x > -1e30f) io.MousePos = press_position;
  return delivered;
}

}  // namespace gf::gui
