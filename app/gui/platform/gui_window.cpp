// gui_window.cpp — open in order, close in reverse order; GLFW's callbacks routed to the owner.
#include "gui_window.hpp"

#include <epoxy/gl.h>
// epoxy first: it must define the GL prototypes before GLFW looks for them.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdio>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "display_connect.hpp"

namespace gf::gui {
namespace {

// [SECTION] GLFW's callbacks ---------------------------------------------------------------------

void print_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "gradflow: GLFW error %d: %s\n", code, description);
}

GuiWindow& owner_of(GLFWwindow* window) {
  return *static_cast<GuiWindow*>(glfwGetWindowUserPointer(window));
}

void route_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  // Held arrows and page keys repeat (stepping on); other keys toggle once per press.
  const bool repeats = key == GLFW_KEY_RIGHT || key == GLFW_KEY_LEFT || key == GLFW_KEY_UP ||
                       key == GLFW_KEY_DOWN || key == GLFW_KEY_PAGE_UP || key == GLFW_KEY_PAGE_DOWN;
  if (action == GLFW_PRESS || (action == GLFW_REPEAT && repeats))
    owner_of(window).keys_pressed().push_back({key, mods});
  owner_of(window).input().on_key(window, key, scancode, action, mods);
}
void route_char(GLFWwindow* window, unsigned int codepoint) {
  owner_of(window).input().on_char(codepoint);
}
void route_mouse_button(GLFWwindow* window, int button, int action, int) {
  owner_of(window).input().on_button(button, action == GLFW_PRESS);
}
void track_cursor(GLFWwindow* window, double x, double y) {
  owner_of(window).input().on_cursor(x, y);
}

// Freed heap memory stays with the process instead of going back to the system at once. A large
// graph's frame makes and frees megabytes of vertex data (ours and the GL driver's); given back
// and taken again every frame, each page faults anew, and on a virtual machine a 2,500-node
// frame then took 15-20 ms instead of 6 (perf: a fifth of the time in page faults).
void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

}  // namespace

void GuiWindow::queue_drop(GLFWwindow* window, int count, const char** paths) {
  for (int i = 0; i < count; ++i) owner_of(window).dropped_files_.emplace_back(paths[i]);
}

// [SECTION] Opening, in order --------------------------------------------------------------------

GuiWindow::GuiWindow(int width, int height, bool vsync) {
  keep_freed_memory();
  glfwSetErrorCallback(print_glfw_error);
  opened_ = open_display();  // glfwInit; waits briefly for a display
  glfw_ready_ = opened_.ok();
  if (glfw_ready_) opened_ = open_window(width, height, vsync);
  if (window_ != nullptr) start_imgui();
}

// OpenGL 3.3 core (through libepoxy).
Status GuiWindow::open_window(int width, int height, bool vsync) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // HiDPI: the window grows with the monitor
  window_ = glfwCreateWindow(width, height, "gradflow", nullptr, nullptr);
  if (window_ == nullptr) return Status::failure("cannot create an OpenGL 3.3 core window");
  glfwSetWindowUserPointer(window_, this);  // the callbacks find their owner (ImGui uses none)
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(vsync ? 1 : 0);
  float unused = 1.0f;
  glfwGetWindowContentScale(window_, &content_scale_, &unused);
  return Status::success();
}

void GuiWindow::start_imgui() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is the app's, not a file's
  glfwSetDropCallback(window_, queue_drop);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  route_callbacks();
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ready_ = true;
}

// Keys, characters, buttons and the pointer go through input_ instead of ImGui's own callbacks
// (installed above, which these replace; its scroll and focus callbacks stay).
void GuiWindow::route_callbacks() {
  glfwSetKeyCallback(window_, route_key);
  glfwSetCharCallback(window_, route_char);
  glfwSetMouseButtonCallback(window_, route_mouse_button);
  glfwSetCursorPosCallback(window_, track_cursor);
}

std::vector<std::string> GuiWindow::take_dropped_files() {
  return std::exchange(dropped_files_, {});
}

// [SECTION] Closing, in reverse order ------------------------------------------------------------

GuiWindow::~GuiWindow() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_ != nullptr) glfwDestroyWindow(window_);
  if (glfw_ready_) glfwTerminate();
}

}  // namespace gf::gui
