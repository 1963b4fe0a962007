// eval.hpp — forward and backward passes over a graph, and the Trace the stepper animates.
//
// evaluate() runs both passes from the graph's output. Values and gradients are indexed by
// NodeId; nodes that do not feed the output are listed in `unreached`, not silently dropped.
//
// A Trace is the ordered list of steps a class watches (DESIGN.md §2):
//   forward step:  a gate, the input values it read, the value it produced;
//   backward step: a gate, the upstream gradient d(out)/d(gate), and per input pin the local
//                  gradient, the downstream contribution upstream × local (0 where either is
//                  0: a blocked gate passes nothing, ops.hpp), and that input's
//                  running gradient total right after this contribution was added (+=), so
//                  fan-out shows up as a running sum.
// Leaves (inputs and constants) have no steps: their values are given, their gradients arrive.
#pragma once

#include <array>
#include <vector>

#include "graph.hpp"
#include "result.hpp"

namespace gf {

struct Evaluation {
  NodeId output = kNoNode;
  std::vector<double> value;          // by node id; NaN where not evaluated
  std::vector<double> grad;           // by node id: d(output)/d(node); NaN where not evaluated
  std::vector<NodeId> order;          // evaluated nodes: leaves, then gates in topological order
  std::vector<NodeId> unreached;      // live nodes that do not feed the output
  std::vector<std::uint8_t> on_path;  // by node id: 1 when the node was evaluated

  bool evaluated(NodeId id) const {
    return id >= 0 && id < static_cast<NodeId>(on_path.size()) && on_path[id];
  }
};

// Refuses (saying exactly what is missing) when there is no output, a pin on the way to it is
// unconnected, or an input has no value. NaN and infinities are results, not errors.
Result<Evaluation> evaluate(const Graph& graph);

struct ForwardStep {
  NodeId node = kNoNode;
  std::array<double, 2> input_values{};  // as read by the gate (unused pins: 0)
  double value = 0;
};

struct GradContribution {
  NodeId input = kNoNode;
  double local_grad = 0;       // d(gate)/d(input)
  double downstream_grad = 0;  // upstream × local; 0 when either is 0 (ops.hpp's blocking rule)
  double total_after = 0;      // the input's gradient once this contribution was added
};

struct BackwardStep {
  NodeId node = kNoNode;
  double upstream_grad = 0;  // d(output)/d(gate)
  int input_count = 0;
  std::array<GradContribution, 2> to_inputs{};
};

struct Trace {
  NodeId output = kNoNode;
  std::vector<ForwardStep> forward;
  std::vector<BackwardStep> backward;  // in backward order: the output's gate first

  int step_count() const { return static_cast<int>(forward.size() + backward.size()); }
};

// Builds the trace of an evaluation of `graph` (the same graph that was evaluated).
Trace make_trace(const Graph& graph, const Evaluation& evaluation);

}  // namespace gf
