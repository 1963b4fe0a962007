// timeline_panel.hpp — the stepper's bar under the canvas: to the start, back, play/pause, next,
// to the end, fit, the position, quiz mode, speed, digits and the scrub slider. A panel with its
// own state (speed, digits); it changes nothing else while drawing: what the user asked for comes
// back as a TimelineRequest, which App::apply_timeline carries out after the panel (the stepper's
// keys make the same requests: App::on_key).
#pragma once

#include <optional>
#include <string>

#include "painter.hpp"  // Color, Vec2

namespace gf::gui {

// What the timeline reads: the stepping state as it is this frame.
struct TimelineView {
  bool ready = false;    // a trace exists (else the stepping buttons are disabled)
  std::string position;  // "forward 2/5", "forward 2/5 ?" while asking, "no trace"
  int step = 0, step_count = 0;
  bool playing = false, quiz = false;
  Color border;  // the panel's border (begin_panel)
};

// A move through the steps, from a button, the scrub slider or a key.
enum class StepMove { None, ToStart, Back, PlayPause, Next, ToEnd, Scrub };

struct TimelineRequest {
  StepMove move = StepMove::None;
  int scrub_to = 0;          // with StepMove::Scrub
  bool fit = false;          // zoom to fit the whole graph
  std::optional<bool> quiz;  // quiz mode switched on or off
};

struct TimelinePanel {
  float steps_per_second = 0.8f;  // the speed slider: how fast playing steps
  int digits = 2;                 // significant digits on the canvas: 0.73, -12, 0.0012

  TimelineRequest draw(Vec2 min, Vec2 size, const TimelineView& view);
};

}  // namespace gf::gui
