// tape.hpp — a graph compiled into a flat, topologically ordered instruction list, for fast
// repeated forward and backward passes (evaluation, gradient checks, benchmarks, training).
//
// Slots [0, leaf_count) hold the leaves (inputs and constants), slots [leaf_count, size()) the
// gates in a topological order. Every gate names two argument slots; a unary gate's second
// argument is one of kSinkSlots scratch slots after the last (value 0, gradient ignored), so the
// loops need no branch on arity. Several sinks, taken in turn, keep consecutive unary gates from
// queueing on one memory location in the backward pass. Value and gradient buffers therefore
// hold buffer_size() = size() + kSinkSlots entries. After the first run no pass allocates.
//
// Gates are grouped into segments: consecutive slots with the same op, none depending on
// another in its segment. A pass dispatches once per segment and then runs a tight loop, so
// large graphs do not pay a mispredicted branch per gate. Two orders:
//   DepthFirst  post-order from the output, inputs in pin order: the order a class steps
//               through (eval.hpp's Trace uses it);
//   GroupedByOp a topological order that makes same-op segments long (Kahn's algorithm with one
//               ready queue per op, drained in round robin): for speed.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "graph.hpp"
#include "result.hpp"

namespace gf {

enum class TapeOrder { DepthFirst, GroupedByOp };

struct TapeSegment {
  Op op;
  std::int32_t begin;  // first slot
  std::int32_t end;    // one past the last slot
};

struct Tape {
  std::vector<TapeSegment> segments;       // the gates, in order
  std::vector<Op> ops;                     // by slot
  std::vector<std::int32_t> arg_a;         // slot of the first input (sink when none)
  std::vector<std::int32_t> arg_b;         // slot of the second input (sink when none)
  std::vector<double> params;              // leaf values, pow exponents
  std::vector<NodeId> node_of_slot;        // by slot
  std::vector<std::int32_t> slot_of_node;  // by node id; -1 when the node is not on the tape
  std::int32_t leaf_count = 0;
  std::int32_t output_slot = -1;

  std::int32_t size() const { return static_cast<std::int32_t>(ops.size()); }
  static constexpr std::int32_t kSinkSlots = 8;
  bool is_sink(std::int32_t slot) const { return slot >= size(); }
  std::size_t buffer_size() const { return ops.size() + kSinkSlots; }

  // values[slot] for every slot; values must have buffer_size() entries.
  void forward_values(std::span<double> values) const;
};

// What a forward-then-backward pass computes, by slot (each buffer_size() long): values, each
// gate's local gradients d(gate)/d(input a) and d(gate)/d(input b), and d(output)/d(slot).
struct TapeBuffers {
  std::vector<double> value, local_a, local_b, grad;
  void resize_for(const Tape& tape);  // sizes and zeroes every buffer
};

// Values and local gradients (computed together: σ' from σ, exp' from exp).
void forward(const Tape& tape, TapeBuffers& buffers);
// grad[slot] = d(output)/d(slot), accumulated (+=) over every consumer: zeroes the gradients,
// seeds the output with 1 and walks the gates in reverse, upstream × local into each input
// (0 where either factor is 0, whatever the other: ops.hpp's blocking rule).
// Needs forward() first. One branch-free loop: no dispatch on the op.
void backward(const Tape& tape, TapeBuffers& buffers);

// Compiles the part of `graph` that feeds `output`. Refuses, naming every missing piece (up to
// a handful), when the output is not set, a pin on the way is unconnected, an input has no
// value, or a leaf holds a matrix that is not 1×1 (matrix_eval.hpp evaluates those).
Result<Tape> compile_tape(const Graph& graph, NodeId output,
                          TapeOrder order = TapeOrder::DepthFirst);

// The nodes that feed `output` in depth-first post-order (inputs in pin order, each once),
// refused as compile_tape refuses, except that matrix values are allowed.
Result<std::vector<NodeId>> evaluation_order(const Graph& graph, NodeId output);

}  // namespace gf
