// display_connect.cpp — see display_connect.hpp.
#include "display_connect.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace gf::gui {

namespace {

// GLFW's last error while connecting (its error callback is a plain function pointer).
std::string g_last_error;
void remember_glfw_error(int code, const char* description) {
  g_last_error = "GLFW error " + std::to_string(code) + ": " + description;
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

Status open_display(const DisplayPatience& patience) {
  const GLFWerrorfun previous_callback = glfwSetErrorCallback(remember_glfw_error);
  const std::string x11 = environment("DISPLAY"), wayland = environment("WAYLAND_DISPLAY");
  const std::string display = !x11.empty() ? "display " + x11 : "Wayland display " + wayland;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  int pause_ms = patience.first_pause_ms, attempts = 0;
  for (;;) {
    ++attempts;
    g_last_error.clear();
    if (glfwInit()) {
      glfwSetErrorCallback(previous_callback);
      return Status::success();
    }
    if (x11.empty() && wayland.empty()) break;  // nothing named: nothing will become ready
    const auto waited_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    if (waited_ms + pause_ms > patience.total_ms) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    pause_ms = std::min(pause_ms * 2, patience.longest_pause_ms);
  }
  glfwSetErrorCallback(previous_callback);
  const std::string cause = g_last_error.empty() ? "glfwInit failed" : g_last_error;
  if (x11.empty() && wayland.empty())
    return Status::failure("cannot open a window: no display (DISPLAY is not set; " + cause +
                           "); without a screen, run it under xvfb-run -a");
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  char tried[96];
  std::snprintf(tried, sizeof tried, "%d attempts over %.1f s", attempts, seconds);
  return Status::failure("cannot open the " + display + " (" + tried + "; " + cause +
                         "): is its server running, and may this user connect to it?");
}

}  // namespace gf::gui
