// step_view.hpp — what the class sees after the first `step` steps of a trace.
//
// Step 0 shows only the given values (inputs and constants). Forward step k (1..F) adds the value
// of the k-th gate. Backward steps F+1..F+B start by seeding the output's gradient with 1, then
// each adds, on every input wire of its gate, the contribution upstream × local, and moves the
// input's running gradient total. Stepping back simply asks for a smaller step: nothing here has
// history, so the view is always exactly what the trace says up to that step.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "eval.hpp"

namespace gf {

enum class StepPhase { Start, Forward, Backward };

struct StepView {
  int step = 0;        // steps performed, 0..step_count
  int step_count = 0;  // forward + backward
  int forward_count = 0;
  StepPhase phase = StepPhase::Start;  // of the last performed step
  int current_forward = -1;            // index into trace.forward of the step just performed, or -1
  int current_backward = -1;      // index into trace.backward of the step just performed, or -1
  NodeId current_node = kNoNode;  // the gate of the step just performed

  std::vector<std::uint8_t> value_shown;  // by node id
  std::vector<std::uint8_t> grad_shown;   // by node id: some gradient has reached it
  std::vector<double> grad_total;         // by node id: its running gradient total so far
  // By consumer node id and pin: the gradient contribution sent down that wire, once sent.
  std::vector<std::array<std::uint8_t, 2>> wire_grad_shown;
  std::vector<std::array<double, 2>> wire_grad;

  bool output_grad_shown() const { return phase == StepPhase::Backward; }
  // "forward 3/5", "backward 2/5" or "start"
  std::string position_text() const;
};

// `step` is clamped to 0..trace.step_count().
StepView view_at_step(const Graph& graph, const Evaluation& evaluation, const Trace& trace,
                      int step);

// Quiz mode: before a step is shown, the numbers it will reveal are asked as "?" so a class can
// call out the answer first. A question is the difference between two views: everything `next`
// shows that `shown` does not (a new value, the gradients sent down wires, the output's seed)
// and every running gradient total the step moves (the second arrival at a fan-out).
struct StepQuestion {
  std::vector<std::uint8_t> value_asked;                     // by node id
  std::vector<std::uint8_t> grad_total_asked;                // by node id
  std::vector<std::array<std::uint8_t, 2>> wire_grad_asked;  // by consumer node id and pin
  bool output_grad_asked = false;
  int asked_count = 0;  // how many numbers are asked; 0 when `next` reveals nothing
};

// `shown` and `next` come from view_at_step for the same graph, evaluation and trace.
StepQuestion question_between(const StepView& shown, const StepView& next);

}  // namespace gf
