// tape.cpp — compiling a graph to a tape, and the two hot loops (see tape.hpp).
#include "tape.hpp"

#include <algorithm>
#include <string>

namespace gf {

// [SECTION] Compilation

namespace {

// Depth-first post-order over input wires from `output`, without recursion (graphs may be a
// million nodes deep). Collects what is missing instead of stopping at the first problem.
struct PostOrder {
  std::vector<NodeId> order;
  std::vector<std::string> problems;
};

PostOrder post_order(const Graph& graph, NodeId output) {
  PostOrder result;
  enum : std::uint8_t { kUnseen, kOpen, kDone };
  std::vector<std::uint8_t> state(graph.id_limit(), kUnseen);
  std::vector<std::pair<NodeId, int>> stack{{output, 0}};  // node, next pin to visit
  state[output] = kOpen;
  while (!stack.empty()) {
    auto& [id, pin] = stack.back();
    int pins = arity(graph.op(id));
    if (pin < pins) {
      NodeId in = graph.input(id, pin);
      if (in == kNoNode) {
        result.problems.push_back(graph.describe(id) + " has nothing wired to input pin " +
                                  std::to_string(pin));
      } else if (state[in] == kUnseen) {
        state[in] = kOpen;
        ++pin;
        stack.push_back({in, 0});
        continue;
      }
      ++pin;
      continue;
    }
    if (graph.op(id) == Op::Input && !graph.has_value(id))
      result.problems.push_back("input '" + graph.name(id) + "' has no value");
    state[id] = kDone;
    result.order.push_back(id);
    stack.pop_back();
  }
  return result;
}

std::string join_problems(const std::vector<std::string>& problems) {
  constexpr std::size_t kMaxListed = 5;
  std::string text;
  for (std::size_t i = 0; i < problems.size() && i < kMaxListed; ++i)
    text += (i ? "; " : "") + problems[i];
  if (problems.size() > kMaxListed)
    text += "; and " + std::to_string(problems.size() - kMaxListed) + " more";
  return text;
}

}  // namespace

Result<Tape> compile_tape(const Graph& graph, NodeId output) {
  if (output == kNoNode)
    return Result<Tape>::failure("no output is chosen: pick the node to differentiate");
  if (!graph.contains(output))
    return Result<Tape>::failure("the output node " + std::to_string(output) + " does not exist");
  PostOrder walk = post_order(graph, output);
  if (!walk.problems.empty()) return Result<Tape>::failure(join_problems(walk.problems));

  // Leaves first (they depend on nothing), then the gates in post-order.
  std::vector<NodeId> order;
  order.reserve(walk.order.size());
  for (NodeId id : walk.order)
    if (is_leaf(graph.op(id))) order.push_back(id);
  const auto leaf_count = static_cast<std::int32_t>(order.size());
  for (NodeId id : walk.order)
    if (!is_leaf(graph.op(id))) order.push_back(id);

  Tape tape;
  const auto size = static_cast<std::int32_t>(order.size());
  tape.leaf_count = leaf_count;
  tape.ops.resize(size);
  tape.arg_a.assign(size, size);
  tape.arg_b.assign(size, size);
  tape.params.resize(size);
  tape.node_of_slot = order;
  tape.slot_of_node.assign(graph.id_limit(), -1);
  for (std::int32_t slot = 0; slot < size; ++slot) tape.slot_of_node[order[slot]] = slot;
  for (std::int32_t slot = 0; slot < size; ++slot) {
    NodeId id = order[slot];
    tape.ops[slot] = graph.op(id);
    tape.params[slot] = graph.param(id);
    int pins = arity(graph.op(id));
    if (pins > 0) tape.arg_a[slot] = tape.slot_of_node[graph.input(id, 0)];
    if (pins > 1) tape.arg_b[slot] = tape.slot_of_node[graph.input(id, 1)];
  }
  tape.output_slot = tape.slot_of_node[output];
  return tape;
}

// [SECTION] Hot loops

void Tape::forward(std::span<double> values) const {
  const std::int32_t n = size();
  double* value = values.data();
  for (std::int32_t slot = 0; slot < leaf_count; ++slot) value[slot] = params[slot];
  value[n] = 0.0;  // the sink reads as 0
  const Op* op = ops.data();
  const std::int32_t* a = arg_a.data();
  const std::int32_t* b = arg_b.data();
  const double* param = params.data();
  for (std::int32_t slot = leaf_count; slot < n; ++slot)
    value[slot] = op_forward(op[slot], value[a[slot]], value[b[slot]], param[slot]);
}

void Tape::backward(std::span<const double> values, std::span<double> grads) const {
  const std::int32_t n = size();
  const double* value = values.data();
  double* grad = grads.data();
  std::fill(grad, grad + n + 1, 0.0);
  grad[output_slot] = 1.0;
  const Op* op = ops.data();
  const std::int32_t* a = arg_a.data();
  const std::int32_t* b = arg_b.data();
  const double* param = params.data();
  for (std::int32_t slot = n - 1; slot >= leaf_count; --slot) {
    const double upstream = grad[slot];
    const LocalGrads local =
        op_local_grads(op[slot], value[a[slot]], value[b[slot]], value[slot], param[slot]);
    grad[a[slot]] += upstream * local.wrt_a;  // += : fan-out gradients add up
    grad[b[slot]] += upstream * local.wrt_b;
  }
}

}  // namespace gf
