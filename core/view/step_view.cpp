// step_view.cpp — see step_view.hpp.
#include "step_view.hpp"

#include <algorithm>
#include <string>

namespace gf {

std::string StepView::position_text() const {
  const int backward_count = step_count - forward_count;
  switch (phase) {
    case StepPhase::Start:
      return "start";
    case StepPhase::Forward:
      return "forward " + std::to_string(step) + "/" + std::to_string(forward_count);
    case StepPhase::Backward:
      return "backward " + std::to_string(step - forward_count) + "/" +
             std::to_string(backward_count);
  }
  return "";
}

StepView view_at_step(const Graph& graph, const Evaluation& evaluation, const Trace& trace,
                      int step) {
  StepView view;
  const std::size_t ids = static_cast<std::size_t>(graph.id_limit());
  view.step_count = trace.step_count();
  view.forward_count = static_cast<int>(trace.forward.size());
  view.step = std::clamp(step, 0, view.step_count);
  view.value_shown.assign(ids, 0);
  view.grad_shown.assign(ids, 0);
  view.grad_total.assign(ids, 0.0);
  view.wire_grad_shown.assign(ids, {0, 0});
  view.wire_grad.assign(ids, {0.0, 0.0});

  for (NodeId id : evaluation.order)
    if (is_leaf(graph.op(id))) view.value_shown[id] = 1;
  const int forward_done = std::min(view.step, view.forward_count);
  for (int i = 0; i < forward_done; ++i) view.value_shown[trace.forward[i].node] = 1;
  if (view.step > 0 && view.step <= view.forward_count) {
    view.phase = StepPhase::Forward;
    view.current_forward = view.step - 1;
    view.current_node = trace.forward[view.current_forward].node;
  }

  const int backward_done = view.step - forward_done;
  if (backward_done > 0 && trace.output != kNoNode) {
    view.phase = StepPhase::Backward;
    view.current_backward = backward_done - 1;
    view.current_node = trace.backward[view.current_backward].node;
    view.grad_shown[trace.output] = 1;
    view.grad_total[trace.output] = 1.0;
  }
  for (int i = 0; i < backward_done; ++i) {
    const BackwardStep& b = trace.backward[i];
    for (int pin = 0; pin < b.input_count; ++pin) {
      const GradContribution& c = b.to_inputs[pin];
      view.wire_grad_shown[b.node][pin] = 1;
      view.wire_grad[b.node][pin] = c.downstream_grad;
      view.grad_shown[c.input] = 1;
      view.grad_total[c.input] = c.total_after;
    }
  }
  return view;
}

StepQuestion question_between(const StepView& shown, const StepView& next) {
  StepQuestion question;
  const std::size_t ids = std::min(shown.value_shown.size(), next.value_shown.size());
  question.value_asked.assign(ids, 0);
  question.grad_total_asked.assign(ids, 0);
  question.wire_grad_asked.assign(ids, {0, 0});
  for (std::size_t id = 0; id < ids; ++id) {
    if (next.value_shown[id] && !shown.value_shown[id]) question.value_asked[id] = 1;
    // A total is asked when it first appears and when a later contribution moves it.
    if (next.grad_shown[id] &&
        (!shown.grad_shown[id] || next.grad_total[id] != shown.grad_total[id]))
      question.grad_total_asked[id] = 1;
    for (int pin = 0; pin < 2; ++pin)
      if (next.wire_grad_shown[id][pin] && !shown.wire_grad_shown[id][pin])
        question.wire_grad_asked[id][pin] = 1;
    question.asked_count += question.value_asked[id] + question.wire_grad_asked[id][0] +
                            question.wire_grad_asked[id][1];
  }
  question.output_grad_asked = next.output_grad_shown() && !shown.output_grad_shown();
  question.asked_count += question.output_grad_asked;
  return question;
}

}  // namespace gf
