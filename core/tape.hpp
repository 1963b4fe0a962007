// tape.hpp — a graph compiled into a flat, topologically ordered instruction list, for fast
// repeated forward and backward passes (evaluation, gradient checks, benchmarks, training).
//
// Slots [0, leaf_count) hold the leaves (inputs and constants), slots [leaf_count, size()) the
// gates in a topological order (depth-first post-order from the output, inputs in pin order).
// Every gate names two argument slots; a unary gate's second argument is the scratch "sink"
// slot size(), so the loops below need no branch on arity. Value and gradient buffers therefore
// hold size() + 1 entries. After the first run no pass allocates.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "graph.hpp"
#include "result.hpp"

namespace gf {

struct Tape {
  std::vector<Op> ops;                 // by slot
  std::vector<std::int32_t> arg_a;     // slot of the first input (sink when none)
  std::vector<std::int32_t> arg_b;     // slot of the second input (sink when none)
  std::vector<double> params;          // leaf values, pow exponents
  std::vector<NodeId> node_of_slot;    // by slot
  std::vector<std::int32_t> slot_of_node;  // by node id; -1 when the node is not on the tape
  std::int32_t leaf_count = 0;
  std::int32_t output_slot = -1;

  std::int32_t size() const { return static_cast<std::int32_t>(ops.size()); }
  std::int32_t sink() const { return size(); }
  std::size_t buffer_size() const { return ops.size() + 1; }

  // values[slot] for every slot; values must have buffer_size() entries.
  void forward(std::span<double> values) const;
  // grads[slot] = d(output)/d(slot), accumulated (+=) over every consumer. Zeroes grads first
  // and seeds the output with 1. values must come from forward().
  void backward(std::span<const double> values, std::span<double> grads) const;
};

// Compiles the part of `graph` that feeds `output`. Refuses, naming every missing piece (up to
// a handful), when the output is not set, a pin on the way is unconnected, or an input has no
// value.
Result<Tape> compile_tape(const Graph& graph, NodeId output);

}  // namespace gf
