// frame_loop.hpp — one frame of the window (input, the app's UI, rendering, the files a frame
// writes, the swap), and the live window's loop, which waits for input when nothing changes.
#pragma once

#include <imgui.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "app.hpp"
#include "gui_options.hpp"
#include "gui_window.hpp"
#include "result.hpp"

namespace gf::gui {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start);

// With a split (benchmarks): where a frame's time goes — building the UI, rendering it (with
// glFinish, so software GL's work is counted: docs/ARCHITECTURE.md), presenting it.
struct FrameSplit {
  double ui_ms = 0, render_ms = 0, present_ms = 0;
};

class FrameLoop {
 public:
  FrameLoop(App& app, GuiWindow& window, const GuiOptions& options);

  // One frame. `capture_png`: write --screenshot from it. `split`: measure its parts. `wait`: an
  // idle window first sleeps until an event arrives or this many seconds pass.
  void run_frame(bool capture_png, FrameSplit* split = nullptr, double wait = 0);
  // The live window, until the app quits.
  void run_until_quit();

  // A file that could not be written (--screenshot, --dump-labels): said once, and the exit
  // status is 1 (see exit_status).
  void report_write(const Status& written);
  int exit_status(int status) const { return write_failed_ && status == 0 ? 1 : status; }
  ImVec2 shown_size() const { return shown_size_; }  // the last frame's display size

 private:
  struct Framebuffer {
    int width = 0, height = 0;
  };
  ImVec2 build_ui();
  float seconds_since_last_frame();
  void note_input(bool paced_input);
  Framebuffer render();
  void write_outputs(bool capture_png, Framebuffer framebuffer);
  void dump_labels_if_changed();
  void show_title();
  bool idle() const;

  App& app_;
  GuiWindow& window_;
  const GuiOptions& options_;
  Clock::time_point last_frame_ = Clock::now();
  std::string last_labels_, shown_title_;
  bool write_failed_ = false;
  std::string last_write_failure_;
  std::size_t last_drawn_ = 0;  // hash of what the last frame drew
  int unchanged_frames_ = 0;    // frames in a row that drew what the one before drew
  ImVec2 shown_size_{0, 0};
  Clock::time_point last_input_ = Clock::now();
  ImVec2 last_mouse_{-1, -1};
};

}  // namespace gf::gui
