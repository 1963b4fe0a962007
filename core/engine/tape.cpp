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

PostOrder post_order(const Graph& graph, NodeId output, bool allow_matrices) {
  const bool check_matrices = !allow_matrices && graph.matrix_value_count() > 0;
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
    if (check_matrices && graph.matrix_value(id))  // the tape's slots hold scalars only
      result.problems.push_back(graph.describe(id) + " holds a " +
                                shape_text(graph.value_shape(id)) +
                                " matrix: stepping shows scalar values only for now "
                                "(gradflow-cli eval evaluates matrices)");
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

// Reorders `gates` (a topological order) so that gates of one op that are ready together run
// together: Kahn's algorithm with one ready queue per op, drained in round robin queue.
std::vector<NodeId> group_by_op(const Graph& graph, const std::vector<NodeId>& gates) {
  // Dense local indices for the gates, and consumer lists in CSR form.
  std::vector<std::int32_t> local(graph.id_limit(), -1);
  for (std::size_t i = 0; i < gates.size(); ++i) local[gates[i]] = static_cast<std::int32_t>(i);
  std::vector<std::int32_t> pending(gates.size(), 0), first(gates.size() + 1, 0);
  for (std::size_t i = 0; i < gates.size(); ++i)
    for (int pin = 0; pin < arity(graph.op(gates[i])); ++pin)
      if (std::int32_t from = local[graph.input(gates[i], pin)]; from >= 0) {
        ++pending[i];
        ++first[from + 1];
      }
  for (std::size_t i = 0; i < gates.size(); ++i) first[i + 1] += first[i];
  std::vector<std::int32_t> consumers(first.back()), fill(first.begin(), first.end() - 1);
  for (std::size_t i = 0; i < gates.size(); ++i)
    for (int pin = 0; pin < arity(graph.op(gates[i])); ++pin)
      if (std::int32_t from = local[graph.input(gates[i], pin)]; from >= 0)
        consumers[fill[from]++] = static_cast<std::int32_t>(i);

  std::vector<std::vector<std::int32_t>> ready(kOpCount);
  for (std::size_t i = 0; i < gates.size(); ++i)
    if (pending[i] == 0) ready[static_cast<int>(graph.op(gates[i]))].push_back(i);
  std::vector<NodeId> order;
  order.reserve(gates.size());
  std::vector<std::int32_t> batch;
  // Round robin over the ops: each queue fills for a whole round (long segments), and the ops
  // of successive segments repeat in a fixed cycle that branch predictors learn.
  for (int op = 0; order.size() < gates.size(); op = (op + 1) % kOpCount) {
    if (ready[op].empty()) continue;
    batch.swap(ready[op]);
    ready[op].clear();
    for (std::int32_t i : batch) {
      order.push_back(gates[i]);
      for (std::int32_t c = first[i]; c < first[i + 1]; ++c)
        if (--pending[consumers[c]] == 0)
          ready[static_cast<int>(graph.op(gates[consumers[c]]))].push_back(consumers[c]);
    }
    batch.clear();
  }
  return order;
}

}  // namespace

namespace {
Result<PostOrder> checked_post_order(const Graph& graph, NodeId output, bool allow_matrices) {
  if (output == kNoNode)
    return Status::failure("no output is chosen: pick the node to differentiate");
  if (!graph.contains(output))
    return Status::failure("the output node " + std::to_string(output) + " does not exist");
  PostOrder walk = post_order(graph, output, allow_matrices);
  if (!walk.problems.empty()) return Status::failure(join_problems(walk.problems));
  return walk;
}
}  // namespace

Result<std::vector<NodeId>> evaluation_order(const Graph& graph, NodeId output) {
  Result<PostOrder> walk = checked_post_order(graph, output, true);
  if (!walk) return Status::failure(walk.reason());
  return std::move(walk->order);
}

Result<Tape> compile_tape(const Graph& graph, NodeId output, TapeOrder tape_order) {
  Result<PostOrder> checked = checked_post_order(graph, output, false);
  if (!checked) return Status::failure(checked.reason());
  PostOrder& walk = *checked;

  // Leaves first (they depend on nothing), then the gates.
  std::vector<NodeId> order, gates;
  order.reserve(walk.order.size());
  for (NodeId id : walk.order) (is_leaf(graph.op(id)) ? order : gates).push_back(id);
  const auto leaf_count = static_cast<std::int32_t>(order.size());
  if (tape_order == TapeOrder::GroupedByOp) gates = group_by_op(graph, gates);
  order.insert(order.end(), gates.begin(), gates.end());

  Tape tape;
  const auto size = static_cast<std::int32_t>(order.size());
  tape.leaf_count = leaf_count;
  tape.ops.resize(size);
  tape.arg_a.resize(size);
  tape.arg_b.resize(size);
  for (std::int32_t slot = 0; slot < size; ++slot)  // unwired pins read a sink (see tape.hpp)
    tape.arg_a[slot] = tape.arg_b[slot] = size + slot % Tape::kSinkSlots;
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

  // Segments: a new one starts where the op changes or a gate reads from its own segment.
  for (std::int32_t slot = leaf_count; slot < size; ++slot) {
    bool extend = !tape.segments.empty() && tape.segments.back().op == tape.ops[slot] &&
                  tape.arg_a[slot] < tape.segments.back().begin &&
                  (tape.arg_b[slot] < tape.segments.back().begin || tape.is_sink(tape.arg_b[slot]));
    if (extend)
      tape.segments.back().end = slot + 1;
    else
      tape.segments.push_back({tape.ops[slot], slot, slot + 1});
  }
  return tape;
}

// [SECTION] Hot loops

void TapeBuffers::resize_for(const Tape& tape) {
  value.assign(tape.buffer_size(), 0.0);
  local_a.assign(tape.buffer_size(), 0.0);
  local_b.assign(tape.buffer_size(), 0.0);  // unary gates never write theirs
  grad.assign(tape.buffer_size(), 0.0);
}

namespace {
void run_forward(const Tape& tape, double* value, double* local_a, double* local_b) {
  for (std::int32_t slot = 0; slot < tape.leaf_count; ++slot) value[slot] = tape.params[slot];
  for (std::int32_t sink = 0; sink < Tape::kSinkSlots; ++sink)
    value[tape.size() + sink] = 0.0;  // unary gates read their unused second argument here
  for (const TapeSegment& segment : tape.segments)
    op_forward_segment(segment.op, value, local_a, local_b, tape.arg_a.data(), tape.arg_b.data(),
                       tape.params.data(), segment.begin, segment.end);
}
}  // namespace

void Tape::forward_values(std::span<double> values) const {
  run_forward(*this, values.data(), nullptr, nullptr);
}

void forward(const Tape& tape, TapeBuffers& buffers) {
  run_forward(tape, buffers.value.data(), buffers.local_a.data(), buffers.local_b.data());
}

void backward(const Tape& tape, TapeBuffers& buffers) {
  double* grad = buffers.grad.data();
  const double* local_a = buffers.local_a.data();
  const double* local_b = buffers.local_b.data();
  const std::int32_t* a = tape.arg_a.data();
  const std::int32_t* b = tape.arg_b.data();
  std::fill(buffers.grad.begin(), buffers.grad.end(), 0.0);
  grad[tape.output_slot] = 1.0;
  // upstream × local into each input, += because fan-out gradients add up; 0 where either
  // factor is 0, even when the other is inf or NaN (ops.hpp's downstream_grads_of): a mask,
  // no branch, and none on the op. Unary gates add 0 into their sink.
  for (std::int32_t slot = tape.size() - 1; slot >= tape.leaf_count; --slot) {
    const DownstreamPair down = downstream_grads_of(grad[slot], local_a[slot], local_b[slot]);
    grad[a[slot]] += down.to_a;
    grad[b[slot]] += down.to_b;
  }
}

}  // namespace gf
