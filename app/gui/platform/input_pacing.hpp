// input_pacing.hpp — keys, typed characters and mouse buttons for ImGui 1.86, in order, one
// change per key or button per frame, a press at the pointer position of its moment.
//
// ImGui 1.86 reads whether each key and button is down once a frame, and the pointer where it is
// now. When a frame comes late (a busy machine, a window that was not scheduled for a moment),
// the events queued meanwhile merge: the two clicks of a double click become one, a second
// Backspace pressed before the frame saw the first one released is lost, characters typed before
// a Backspace are inserted after it, and a press followed by a move is seen where the move ended,
// so a drag starts from the wrong place. Here the events wait in one queue and each frame takes
// them in order while they are of one kind (key changes, characters or button changes) and touch
// no key or button changed already in this frame; the rest wait for the next frames.
#pragma once

#include <deque>

struct GLFWwindow;
struct ImGuiIO;

namespace gf::gui {

class InputPacing {
 public:
  // From GLFW's callbacks.
  void on_cursor(double x, double y);  // the pointer moved (window coordinates)
  void on_button(int button, bool down);
  void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
  void on_char(unsigned int codepoint);

  // After ImGui_ImplGlfw_NewFrame, before ImGui::NewFrame: this frame's share of the queue
  // (keys through ImGui's GLFW backend, characters and buttons into `io`; in the frame of a
  // press, the press's position). True when it handed anything over (input, for the idle wait).
  bool deliver(ImGuiIO& io);

  // Events still waiting for their frame (the window must not sleep while there are any).
  bool pending() const { return !events_.empty(); }

 private:
  static constexpr int kButtons = 5;  // ImGui's MouseDown[]
  enum class Kind { Key, Char, Button };
  struct Event {
    Kind kind;
    GLFWwindow* window = nullptr;
    int code = 0;  // the key, the codepoint or the button
    int scancode = 0, action = 0, mods = 0;
    float x = 0, y = 0;  // buttons: where the pointer was
  };
  std::deque<Event> events_;
  bool down_[kButtons] = {};
  float x_ = 0, y_ = 0;
};

}  // namespace gf::gui
