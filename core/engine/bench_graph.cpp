// bench_graph.cpp — see bench_graph.hpp.
#include "bench_graph.hpp"

#include <cmath>
#include <random>
#include <vector>

namespace gf {

Graph make_bench_graph(std::int64_t node_count, std::uint64_t seed) {
  constexpr int kWindow = 64;
  constexpr int kInputs = 64;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  Graph graph;
  std::vector<double> value;
  std::vector<std::uint8_t> consumed;
  value.reserve(node_count);
  consumed.reserve(node_count);

  for (int i = 0; i < kInputs && i < node_count; ++i) {
    std::string name = "x";
    name += std::to_string(i);
    const double v = unit(rng);
    graph.add_node(Op::Input, name, v, true);
    value.push_back(v);
    consumed.push_back(0);
  }
  auto add_gate = [&](Op op, NodeId a, NodeId b, double param, double v) {
    NodeId id = *graph.add_node(op, "", param);
    graph.connect(a, id, 0);
    consumed[a] = 1;
    if (b != kNoNode) {
      graph.connect(b, id, 1);
      consumed[b] = 1;
    }
    value.push_back(v);
    consumed.push_back(0);
    return id;
  };
  auto moderate = [](double v) {
    return std::isfinite(v) && std::fabs(v) < 1e6 && (v == 0 || std::fabs(v) > 1e-6);
  };

  // Leave room for the final reduction of the last window's unconsumed nodes.
  const std::int64_t gates_to_draw = node_count - kInputs - kWindow;
  for (std::int64_t made = 0; made < gates_to_draw; ++made) {
    const auto newest = static_cast<NodeId>(value.size() - 1);
    auto from_window = [&] { return newest - static_cast<NodeId>(rng() % kWindow); };
    // A node about to leave the window unconsumed is taken now, so every node feeds the output.
    const NodeId leaving = newest - (kWindow - 1);
    for (int attempt = 0;; ++attempt) {
      Op op = static_cast<Op>(static_cast<int>(Op::Add) + rng() % kElementwiseGateCount);
      if (attempt > 20) op = Op::Copy;  // always moderate when its input is
      NodeId a = (leaving >= 0 && !consumed[leaving]) ? leaving : from_window();
      NodeId b = arity(op) == 2 ? from_window() : kNoNode;
      const double param = op == Op::Pow ? 2.0 : 0.0;
      const double v = op_forward(op, value[a], b == kNoNode ? 0 : value[b], param);
      if (!moderate(v)) continue;
      add_gate(op, a, b, param, v);
      break;
    }
  }
  // Sum the unconsumed nodes into the output.
  NodeId output = kNoNode;
  for (NodeId id = 0; id < static_cast<NodeId>(value.size()); ++id) {
    if (consumed[id] || id == output) continue;
    if (output == kNoNode) {
      output = id;
      continue;
    }
    output = add_gate(Op::Add, output, id, 0.0, value[output] + value[id]);
  }
  graph.set_output(output);
  return graph;
}

}  // namespace gf
