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
#include <cstdint>
#include <iterator>
#include <optional>
#include <random>
#include <string>
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
    case Op::Sqrt:
      return a > kMargin;
    case Op::Inv:
      return std::fabs(a) > kMargin;
    case Op::Div:
      return std::fabs(b) > kMargin;
    case Op::Exp:
      return a < 4;
    case Op::Sin:
      return std::fabs(a) < 4;  // sin(500·x) would need a finer step
    case Op::Max:
    case Op::Min:
      return std::fabs(a - b) > kMargin;
    case Op::Relu:
    case Op::Abs:
      return std::fabs(a) > kMargin;
    case Op::Pow:
      return exponent == std::floor(exponent) ? std::fabs(a) > kMargin : a > kMargin;
    default:
      return true;
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
    const Op op = static_cast<Op>(static_cast<int>(Op::Add) + rng() % kElementwiseGateCount);
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

// [SECTION] Graphs whose gates block

// Random graphs where gates block a non-finite upstream gradient (ops.hpp's rule): sqrt, x^0.5
// and log of an exact 0 (local gradient inf), log and sqrt of negatives (NaN), behind an
// inactive relu, a losing max or min input, x^0, exp(−inf), or a product with a blocked 0. The
// blocked parts are constant near the point, so finite differences are finite and exact there:
// every input's gradient must be finite and match them. Each node has a kind:
//   Finite       an ordinary value (the generator of make_random_graph, roughly)
//   BlockedZero  exactly 0 and constant near the point, so a gate reading it may have an
//                infinite local gradient: relu(negative), relu(NaN), exp(−inf), sqrt(blocked 0),
//                a product with a blocked 0, a max/min won by a blocked 0
//   MinusInf     log(blocked 0): read only by exp and by a max it loses
//   NotANumber   log or sqrt of a negative: read only by x^0, relu, and a max/min it loses
enum class ValueKind : std::uint8_t { Finite, BlockedZero, MinusInf, NotANumber };

struct BlockingRandomGraph {
  Graph graph;
  std::vector<ValueKind> kind;  // by node id
};

inline BlockingRandomGraph make_blocking_random_graph(std::uint64_t seed, int gate_count) {
  constexpr double kMargin = 0.05;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-2.0, 2.0);
  BlockingRandomGraph result;
  Graph& g = result.graph;
  std::vector<double> value;
  std::vector<NodeId> not_finite;  // the nodes of the other kinds, picked often (see `pick`)
  auto remember = [&](NodeId id, double v, ValueKind kind) {
    value.resize(id + 1);
    result.kind.resize(id + 1);
    value[id] = v;
    result.kind[id] = kind;
    if (kind != ValueKind::Finite) not_finite.push_back(id);
  };
  const int input_count = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < input_count; ++i) {
    double v = unit(rng);
    if (std::fabs(v) < kMargin) v = 1.0;
    std::string name = "x";
    name += std::to_string(i);
    remember(*g.add_node(Op::Input, name, v, true), v, ValueKind::Finite);
  }

  constexpr Op kOpsUsed[] = {Op::Relu, Op::Sqrt, Op::Log, Op::Pow, Op::Max,  Op::Min,
                             Op::Exp,  Op::Mul,  Op::Add, Op::Sub, Op::Tanh, Op::Relu,
                             Op::Sqrt, Op::Exp,  Op::Max, Op::Log};
  const double exponents[] = {0.0, 0.5, 1.5, 2.0};
  NodeId last = kNoNode;
  for (int made = 0, attempts = 0; made < gate_count && attempts < gate_count * 100; ++attempts) {
    const Op op = kOpsUsed[rng() % std::size(kOpsUsed)];
    const NodeId newest = g.id_limit() - 1;
    auto pick = [&]() -> NodeId {
      if (!not_finite.empty() && rng() % 3 == 0) return not_finite[rng() % not_finite.size()];
      if (rng() % 3 == 0) return static_cast<NodeId>(rng() % g.id_limit());  // fan-out
      return std::max<NodeId>(0, newest - static_cast<NodeId>(rng() % 3));
    };
    const NodeId a = pick(), b = arity(op) == 2 ? pick() : kNoNode;
    const double exponent = op == Op::Pow ? exponents[rng() % std::size(exponents)] : 0;
    const double va = value[a], vb = b == kNoNode ? 0 : value[b];
    const ValueKind ka = result.kind[a];
    const ValueKind kb = b == kNoNode ? ValueKind::Finite : result.kind[b];
    auto is = [](ValueKind k, ValueKind wanted) { return k == wanted; };
    const bool a_finite = is(ka, ValueKind::Finite), b_finite = is(kb, ValueKind::Finite);
    const bool a_zero = is(ka, ValueKind::BlockedZero), b_zero = is(kb, ValueKind::BlockedZero);
    const bool a_usable = a_finite || a_zero, b_usable = b_finite || b_zero;

    // Which gates fit, and the kind of what they make (nullopt: do not build it).
    std::optional<ValueKind> made_kind;
    switch (op) {
      case Op::Relu:
        if (a_finite && va < -kMargin)
          made_kind = ValueKind::BlockedZero;
        else if (is(ka, ValueKind::NotANumber))
          made_kind = ValueKind::BlockedZero;
        else if (a_finite && va > kMargin)
          made_kind = ValueKind::Finite;
        break;
      case Op::Sqrt:
      case Op::Log:
        if (a_zero)
          made_kind = op == Op::Sqrt ? ValueKind::BlockedZero : ValueKind::MinusInf;
        else if (a_finite && va < -kMargin)
          made_kind = ValueKind::NotANumber;
        else if (a_finite && va > kMargin)
          made_kind = ValueKind::Finite;
        break;
      case Op::Pow:
        if (exponent == 0.0)
          made_kind = ValueKind::Finite;  // x^0 = 1
        else if (a_zero)
          made_kind = ValueKind::BlockedZero;  // 0^0.5: local inf; 0^1.5: 0
        else if (a_finite && (exponent == 2.0 || va > kMargin))
          made_kind = ValueKind::Finite;
        break;
      case Op::Exp:
        if (is(ka, ValueKind::MinusInf))
          made_kind = ValueKind::BlockedZero;
        else if (a_usable && va < 4)
          made_kind = ValueKind::Finite;
        break;
      case Op::Max:
      case Op::Min: {
        // The loser may be −inf (max only) or NaN; the winner a blocked 0 or a finite value.
        const bool max = op == Op::Max;
        auto loses_to = [&](ValueKind loser, double lv, ValueKind winner, double wv) {
          if (!(winner == ValueKind::Finite || winner == ValueKind::BlockedZero)) return false;
          if (loser == ValueKind::NotANumber) return true;
          if (loser == ValueKind::MinusInf) return max;
          if (loser != ValueKind::Finite && loser != ValueKind::BlockedZero) return false;
          return max ? wv > lv + kMargin : wv < lv - kMargin;
        };
        if (loses_to(kb, vb, ka, va))
          made_kind = ka;
        else if (loses_to(ka, va, kb, vb))
          made_kind = kb;
        break;
      }
      case Op::Mul:
        if ((a_zero || b_zero) && a_usable && b_usable)
          made_kind = ValueKind::BlockedZero;
        else if (a_finite && b_finite)
          made_kind = ValueKind::Finite;
        break;
      default:  // add, sub, tanh: finite arithmetic on usable values
        if (a_usable && b_usable) made_kind = ValueKind::Finite;
        break;
    }
    if (!made_kind) continue;
    double v = op_forward(op, va, vb, exponent);
    if (*made_kind == ValueKind::Finite && (!std::isfinite(v) || std::fabs(v) > 1e3)) continue;
    if (*made_kind == ValueKind::BlockedZero && v != 0.0) continue;  // (cannot happen: a guard)
    const NodeId id = *g.add_node(op, "", exponent);
    g.connect(a, id, 0);
    if (b != kNoNode) g.connect(b, id, 1);
    remember(id, v, *made_kind);
    if (*made_kind == ValueKind::Finite || *made_kind == ValueKind::BlockedZero) last = id;
    ++made;
  }
  // The output: the sum of the last finite node and every blocked zero, so that the blocked
  // parts all feed it (their gradients are then really computed, and must come out 0).
  NodeId output = last == kNoNode ? 0 : last;
  const NodeId built = g.id_limit();  // (the sums added below are not summed again)
  for (NodeId id = 0; id < built; ++id) {
    if (result.kind[id] != ValueKind::BlockedZero || id == output) continue;
    const NodeId sum = *g.add_node(Op::Add);
    g.connect(output, sum, 0);
    g.connect(id, sum, 1);
    remember(sum, value[output] + value[id], result.kind[output]);
    output = sum;
  }
  g.set_output(output);
  return result;
}

}  // namespace gf::testing
