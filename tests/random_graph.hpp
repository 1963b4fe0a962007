// random_graph.hpp — random well-conditioned graphs for property tests.
//
// Gates are added one at a time with their value computed on the spot, and a gate is only kept
// when its inputs are inside its domain and away from its kinks (log/sqrt of positives, no
// division by near-zero, exp and sin of moderate numbers, max/relu/abs not near a tie or zero),
// and its value stays moderate. So finite differences are meaningful at every node. Inputs are
// picked mostly from the newest nodes (depth grows up to `max_depth`) and sometimes from any
// node (fan-out).
#pragma once

#include <cmath>
#include <random>
#include <vector>

#include "graph.hpp"

namespace gf::testing {

struct RandomGraph {
  Graph graph;
  std::vector<double> value;  // by node id, as computed while building
  int depth = 0;              // of the output
};

inline bool comfortably_inside_domain(Op op, double a, double b, double exponent) {
  constexpr double kMargin = 0.05;
  switch (op) {
    case Op::Log:
    case Op::Sqrt: return a > kMargin;
    case Op::Inv: return std::fabs(a) > kMargin;
    case Op::Div: return std::fabs(b) > kMargin;
    case Op::Exp: return a < 4;
    case Op::Sin: return std::fabs(a) < 4;  // sin(500·x) would need a finer step
    case Op::Max:
    case Op::Min: return std::fabs(a - b) > kMargin;
    case Op::Relu:
    case Op::Abs: return std::fabs(a) > kMargin;
    case Op::Pow: return exponent == std::floor(exponent) ? std::fabs(a) > kMargin : a > kMargin;
    default: return true;
  }
}

inline RandomGraph make_random_graph(std::uint64_t seed, int gate_count, int max_depth = 30) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-2.0, 2.0);
  RandomGraph result;
  Graph& g = result.graph;
  std::vector<int> depth;
  auto remember = [&](NodeId id, double value, int d) {
    result.value.resize(id + 1);
    depth.resize(id + 1);
    result.value[id] = value;
    depth[id] = d;
  };
  const int input_count = 1 + static_cast<int>(rng() % 5);
  for (int i = 0; i < input_count; ++i) {
    double value = unit(rng);
    std::string name = "x";  // (not "x" + ...: GCC 12 warns falsely, bug 105329)
    name += std::to_string(i);
    NodeId id = *g.add_node(Op::Input, name, value, true);
    remember(id, value, 0);
  }
  if (rng() % 2) remember(*g.add_node(Op::Const, "", 1.5), 1.5, 0);

  const double exponents[] = {2, 3, -1, 0.5, 1.5};
  NodeId last = kNoNode;
  for (int made = 0, attempts = 0; made < gate_count && attempts < gate_count * 50; ++attempts) {
    const Op op = static_cast<Op>(static_cast<int>(Op::Add) + rng() % (kOpCount - 2));
    const NodeId newest = g.id_limit() - 1;
    auto pick = [&]() -> NodeId {
      if (rng() % 4 == 0) return static_cast<NodeId>(rng() % g.id_limit());  // fan-out
      return std::max<NodeId>(0, newest - static_cast<NodeId>(rng() % 3));
    };
    NodeId a = pick(), b = arity(op) == 2 ? pick() : kNoNode;
    double exponent = op == Op::Pow ? exponents[rng() % 5] : 0;
    double va = result.value[a], vb = b == kNoNode ? 0 : result.value[b];
    int d = 1 + std::max(depth[a], b == kNoNode ? 0 : depth[b]);
    if (d > max_depth || !comfortably_inside_domain(op, va, vb, exponent)) continue;
    double value = op_forward(op, va, vb, exponent);
    if (!std::isfinite(value) || std::fabs(value) > 1e3) continue;
    NodeId id = *g.add_node(op, "", exponent);
    g.connect(a, id, 0);
    if (b != kNoNode) g.connect(b, id, 1);
    remember(id, value, d);
    last = id;
    ++made;
  }
  if (last == kNoNode) {  // nothing fitted: at least one gate
    last = *g.add_node(Op::Add);
    g.connect(0, last, 0);
    g.connect(0, last, 1);
    remember(last, 2 * result.value[0], 1);
  }
  g.set_output(last);
  result.depth = depth[last];
  return result;
}

}  // namespace gf::testing
