// eval.cpp — evaluation through the tape, and the step-by-step trace (see eval.hpp).
#include "eval.hpp"

#include <cmath>
#include <limits>

#include "tape.hpp"

namespace gf {

Result<Evaluation> evaluate(const Graph& graph) {
  Result<Tape> tape = compile_tape(graph, graph.output());
  if (!tape) return Status::failure(tape.reason());

  TapeBuffers buffers;
  buffers.resize_for(*tape);
  forward(*tape, buffers);
  backward(*tape, buffers);

  constexpr double kNotEvaluated = std::numeric_limits<double>::quiet_NaN();
  Evaluation result;
  result.output = graph.output();
  result.value.assign(graph.id_limit(), kNotEvaluated);
  result.grad.assign(graph.id_limit(), kNotEvaluated);
  result.on_path.assign(graph.id_limit(), 0);
  result.order = tape->node_of_slot;
  for (std::int32_t slot = 0; slot < tape->size(); ++slot) {
    NodeId id = tape->node_of_slot[slot];
    result.value[id] = buffers.value[slot];
    result.grad[id] = buffers.grad[slot];
    result.on_path[id] = 1;
  }
  for (NodeId id : graph.node_ids())
    if (!result.on_path[id]) result.unreached.push_back(id);
  return result;
}

Trace make_trace(const Graph& graph, const Evaluation& evaluation) {
  Trace trace;
  trace.output = evaluation.output;
  auto value_of = [&](NodeId id) { return id == kNoNode ? 0.0 : evaluation.value[id]; };

  for (NodeId id : evaluation.order) {
    if (is_leaf(graph.op(id))) continue;
    ForwardStep step;
    step.node = id;
    for (int pin = 0; pin < arity(graph.op(id)); ++pin)
      step.input_values[pin] = value_of(graph.input(id, pin));
    step.value = evaluation.value[id];
    trace.forward.push_back(step);
  }

  // Replays the backward pass in the tape's order, recording the running totals. The totals end
  // equal to evaluation.grad (tests check it), because the arithmetic is the same, in order.
  std::vector<double> running(graph.id_limit(), 0.0);
  if (evaluation.output != kNoNode) running[evaluation.output] = 1.0;
  for (auto it = trace.forward.rbegin(); it != trace.forward.rend(); ++it) {
    NodeId id = it->node;
    const Op op = graph.op(id);
    BackwardStep step;
    step.node = id;
    step.upstream_grad = running[id];
    step.input_count = arity(op);
    LocalGrads local =
        op_local_grads(op, it->input_values[0], it->input_values[1], it->value, graph.param(id));
    const double locals[2] = {local.wrt_a, local.wrt_b};
    for (int pin = 0; pin < step.input_count; ++pin) {
      NodeId input = graph.input(id, pin);
      GradContribution& c = step.to_inputs[pin];
      c.input = input;
      c.local_grad = locals[pin];
      c.downstream_grad = downstream_grad_of(step.upstream_grad, locals[pin]);  // 0 if blocked
      running[input] += c.downstream_grad;
      c.total_after = running[input];
    }
    trace.backward.push_back(step);
  }
  return trace;
}

}  // namespace gf
