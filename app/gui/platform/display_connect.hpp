// display_connect.hpp — opening the display (glfwInit), with a short wait for one that is not
// ready yet.
//
// An X server refuses clients for a moment while it starts, and Xvfb (unless run with -noreset)
// resets when its last client disconnects, dropping a client that connected during the reset.
// On a busy machine that moment is long enough to hit: so when a display is named ($DISPLAY or
// $WAYLAND_DISPLAY) but cannot be opened, gradflow tries again with growing pauses before it
// gives up. Without any display named there is nothing to wait for: it fails at once.
#pragma once

#include "result.hpp"

namespace gf::gui {

// How long open_display waits in all, and its pauses between attempts (doubling up to the last).
struct DisplayPatience {
  int total_ms = 5000;
  int first_pause_ms = 50;
  int longest_pause_ms = 1000;
};

// glfwInit, retried as described above. GLFW's errors are collected meanwhile, not printed (a
// retry that succeeds says nothing); on failure the reason names the display, how long it was
// tried and GLFW's last error. The error callback installed before is restored either way.
Status open_display(const DisplayPatience& patience = {});

}  // namespace gf::gui
