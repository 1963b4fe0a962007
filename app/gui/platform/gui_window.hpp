// gui_window.hpp — the one owner of the platform: GLFW, the window with its OpenGL 3.3 core
// context, Dear ImGui's context and its GLFW and OpenGL3 backends, and the input GLFW hands over.
//
// Opened in order by the constructor (check opened() for the reason it failed), torn down in
// reverse order by the destructor, whichever step failed: teardown is written once, here. GL
// objects of others (the app's) must be released before the owner goes out of scope.
#pragma once

#include <string>
#include <vector>

#include "app.hpp"
#include "input_pacing.hpp"
#include "result.hpp"

struct GLFWwindow;

namespace gf::gui {

class GuiWindow {
 public:
  // `vsync`: whether a swap waits for the display (off for the headless modes and benchmarks).
  GuiWindow(int width, int height, bool vsync);
  ~GuiWindow();
  GuiWindow(const GuiWindow&) = delete;
  GuiWindow& operator=(const GuiWindow&) = delete;

  // Success, or why the display or the window could not be opened (nothing else is usable then).
  const Status& opened() const { return opened_; }
  GLFWwindow* handle() const { return window_; }
  float content_scale() const { return content_scale_; }  // the monitor's, for HiDPI

  // Keys, characters and mouse buttons as ImGui sees them: paced, one change per frame
  // (input_pacing.hpp), so that a late frame does not merge a quick tap, a double click or a drag.
  InputPacing& input() { return input_; }
  // Keys pressed since the last frame (see App::frame); the frame clears them.
  std::vector<KeyPress>& keys_pressed() { return keys_pressed_; }
  // Files dropped onto the window since the last call; opened one at a time (the last one wins).
  std::vector<std::string> take_dropped_files();

 private:
  Status open_window(int width, int height, bool vsync);
  void start_imgui();
  void route_callbacks();
  static void queue_drop(GLFWwindow* window, int count, const char** paths);

  Status opened_ = Status::success();
  bool glfw_ready_ = false;  // glfwInit succeeded
  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;  // ImGui's context and both backends
  float content_scale_ = 1.0f;
  InputPacing input_;
  std::vector<KeyPress> keys_pressed_;
  std::vector<std::string> dropped_files_;
};

}  // namespace gf::gui
