// stepping.hpp — where the stepper is: the step shown and its animation, playing, quiz mode.
// Shared state: App changes it (set_step, quiz_next, step_back: app.cpp), the canvas, the
// timeline and the inspector read it. No ImGui.
#pragma once

#include "step_view.hpp"

namespace gf::gui {

struct Stepping {
  int step = 0;
  float progress = 1.0f;  // of the current step's animation
  float hold = 0.0f;      // seconds spent settled, while playing
  bool playing = false;
  StepView view;  // what has been shown: the inspector and hover read only this
  // Quiz mode: while asking, the canvas draws the next step (asked_view) with every number in
  // question as "?"; view stays the step before, so nothing leaks through the inspector.
  bool quiz = false;
  bool asking = false;
  StepView asked_view;
  StepQuestion question;

  const StepView& drawn() const { return asking ? asked_view : view; }
};

}  // namespace gf::gui
