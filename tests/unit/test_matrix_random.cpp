// Matrix graphs at random: every gate of the vocabulary against central finite differences on
// over a thousand graphs (shapes up to 6×6), and 1×1 graphs against the scalar tape.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "eval.hpp"
#include "matrix_eval.hpp"
#include "random_graph.hpp"

using namespace gf;

namespace {

// Builds a random matrix graph, keeping its own record of shapes (the rules written out again,
// not infer_shapes) and values in ranges where finite differences are well-conditioned: log,
// sqrt and 1/x only see positive values, exp only tanh's.
class RandomMatrixGraph {
 public:
  explicit RandomMatrixGraph(std::uint64_t seed) : rng_(seed) {}

  Graph build(int gate_count) {
    pool_.push_back(leaf(random_shape()));
    for (int k = 0; k < gate_count; ++k) step();
    finish();
    return std::move(graph_);
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  Shape random_shape() { return {1 + pick(6), 1 + pick(6)}; }
  NodeId recent() { return pick(5) < 3 ? pool_.back() : pool_[pick(std::ssize(pool_))]; }

  NodeId leaf(Shape s) {
    std::uniform_real_distribution<double> unit(-2.0, 2.0);
    Matrix m{s, {}};
    for (std::int64_t k = 0; k < s.size(); ++k) m.data.push_back(unit(rng_));
    NodeId id = *graph_.add_node(Op::Input, "x" + std::to_string(graph_.id_limit()));
    REQUIRE(graph_.set_matrix(id, std::move(m)));
    remember(id, s);
    return id;
  }
  void remember(NodeId id, Shape s) {
    if (std::ssize(shape_) <= id) shape_.resize(id + 1);
    shape_[id] = s;
  }
  NodeId add(Op op, NodeId a, NodeId b, Shape s, double param = 0) {
    NodeId id = *graph_.add_node(op, "", param);
    REQUIRE(graph_.connect(a, id, 0));
    if (b != kNoNode) REQUIRE(graph_.connect(b, id, 1));
    remember(id, s);
    return id;
  }
  NodeId unary(Op op, NodeId a, double param = 0) { return add(op, a, kNoNode, shape_[a], param); }
  // A second operand for an elementwise gate on `a`: same shape, a bias row, or a 1×1.
  NodeId partner(NodeId a) {
    const Shape s = shape_[a];
    for (NodeId other : pool_)
      if (other != a && shape_[other] == s && pick(2)) return other;
    switch (pick(4)) {
      case 0:
        return leaf({1, s.cols});
      case 1: {
        const NodeId c = *graph_.add_node(Op::Const, "", 1.5);
        remember(c, {});
        return c;
      }
      default:
        return leaf(s);
    }
  }
  NodeId positive(NodeId a) { return unary(Op::Exp, unary(Op::Tanh, a)); }  // in [1/e, e]

  void step();
  void finish();

  std::mt19937_64 rng_;
  Graph graph_;
  std::vector<NodeId> pool_;
  std::vector<Shape> shape_;
};

void RandomMatrixGraph::step() {
  const NodeId a = recent();
  const Shape s = shape_[a];
  constexpr Op kBinary[] = {Op::Add, Op::Sub, Op::Mul, Op::Max, Op::Min};
  constexpr Op kUnary[] = {Op::Relu, Op::Sigmoid, Op::Tanh, Op::Neg, Op::Abs, Op::Sin, Op::Copy};
  NodeId made = kNoNode;
  switch (pick(10)) {
    case 0:
    case 1: {
      const NodeId b = partner(a);
      const bool swap = pick(4) == 0;  // the broadcast operand first works too
      made = add(kBinary[pick(5)], swap ? b : a, swap ? a : b, s);
      break;
    }
    case 2:
      made = add(Op::Div, a, positive(partner(a)), s);
      break;
    case 3:
      made = unary(kUnary[pick(7)], a);
      break;
    case 4:
      made = pick(2) ? unary(Op::Pow, a, pick(2) ? 2.0 : 3.0)
                     : unary(pick(2) ? Op::Log : Op::Sqrt, unary(Op::Sigmoid, a));
      break;
    case 5: {
      const bool left = pick(2);  // a @ W, or W @ a
      const NodeId w = leaf(left ? Shape{s.cols, 1 + pick(6)} : Shape{1 + pick(6), s.rows});
      made = left ? add(Op::MatMul, a, w, {s.rows, shape_[w].cols})
                  : add(Op::MatMul, w, a, {shape_[w].rows, s.cols});
      break;
    }
    case 6:
      made = add(Op::Transpose, a, kNoNode, {s.cols, s.rows});
      break;
    case 7:
      made = unary(Op::Softmax, a);
      break;
    case 8:
      made = add(Op::Add, a, leaf({1, s.cols}), s);  // a bias
      break;
    default: {  // a reduction used again: mean(a) scales something else
      const NodeId other = recent();
      const NodeId reduced = add(pick(2) ? Op::Sum : Op::Mean, a, kNoNode, {});
      made = add(Op::Mul, other, reduced, shape_[other]);
      break;
    }
  }
  pool_.push_back(made);
}

void RandomMatrixGraph::finish() {
  const NodeId last = pool_.back();
  const Shape s = shape_[last];
  NodeId out = kNoNode;
  switch (pick(3)) {
    case 0:
      out = add(Op::Sum, add(Op::Mul, last, leaf(s), s), kNoNode, {});
      break;
    case 1:
      out = add(Op::Mean, last, kNoNode, {});
      break;
    default: {  // one-hot labels, an input like any other (d/dy = −log p / rows)
      Matrix y{s, std::vector<double>(s.size(), 0.0)};
      for (std::int32_t r = 0; r < s.rows; ++r) y.data[r * s.cols + pick(s.cols)] = 1.0;
      NodeId labels = *graph_.add_node(Op::Input, "y");
      REQUIRE(graph_.set_matrix(labels, std::move(y)));
      remember(labels, s);
      out = add(Op::CrossEntropy, last, labels, {});
    }
  }
  REQUIRE(graph_.set_output(out));
}

struct FdOutcome {
  int checked = 0, mismatched = 0;
};

double output_with(const Graph& g, MatrixEvaluation& ev) {
  forward_matrix(g, ev);
  return ev.value_of(ev.output)[0];
}

// Central differences on every element of every input, a mismatch tried again with a step
// 10 and 100 times finer (a coarse step's error shrinks, a wrong gradient stays wrong).
FdOutcome finite_differences(Graph g, const MatrixEvaluation& analytic) {
  MatrixEvaluation ev = analytic;
  FdOutcome outcome;
  for (NodeId id : g.input_nodes()) {
    if (!analytic.evaluated(id)) continue;  // a branch that does not feed the output
    const Matrix original = ev.value_matrix(id);
    for (std::size_t k = 0; k < original.data.size(); ++k) {
      const double exact = analytic.grad_of(id)[k];
      bool ok = false;
      for (double h = 1e-5; h >= 1e-7 && !ok; h /= 10) {
        Matrix moved = original;
        moved.data[k] = original.data[k] + h;
        REQUIRE(g.set_matrix(id, moved));
        const double up = output_with(g, ev);
        moved.data[k] = original.data[k] - h;
        REQUIRE(g.set_matrix(id, moved));
        const double numeric = (up - output_with(g, ev)) / (2 * h);
        ok = std::fabs(numeric - exact) <= 1e-5 * std::max({1.0, std::fabs(exact)});
        if (!ok && h < 2e-7)
          MESSAGE(g.describe(id) << "[" << k << "]: " << exact << " vs " << numeric);
      }
      REQUIRE(g.set_matrix(id, original));
      ++outcome.checked;
      outcome.mismatched += ok ? 0 : 1;
    }
  }
  return outcome;
}

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

TEST_CASE("random matrix graphs: analytic gradients match central finite differences") {
  constexpr int kGraphs = 1500;
  std::vector<int> gates_of_kind(kOpCount, 0);
  int checked = 0, mismatched = 0, biggest = 0;
  for (int seed = 1; seed <= kGraphs; ++seed) {
    CAPTURE(seed);
    const Graph g = RandomMatrixGraph(seed).build(2 + seed % 7);
    auto ev = evaluate_matrix(g);
    REQUIRE_MESSAGE(ev, ev.reason());
    for (NodeId id : g.node_ids()) {
      ++gates_of_kind[static_cast<int>(g.op(id))];
      biggest = std::max(biggest, static_cast<int>(ev->shape[id].size()));
    }
    const FdOutcome outcome = finite_differences(g, *ev);
    checked += outcome.checked;
    mismatched += outcome.mismatched;
  }
  MESSAGE(checked << " input elements checked on " << kGraphs << " graphs");
  CHECK(mismatched == 0);
  CHECK(checked > 20 * kGraphs);
  CHECK(biggest == 36);  // 6×6 values occur
  for (Op op : {Op::MatMul, Op::Transpose, Op::Sum, Op::Mean, Op::Softmax, Op::CrossEntropy,
                Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Max, Op::Min, Op::Relu, Op::Sigmoid,
                Op::Tanh, Op::Exp, Op::Log, Op::Pow}) {
    CAPTURE(std::string(op_info(op).name));
    CHECK(gates_of_kind[static_cast<int>(op)] > 100);
  }
}

TEST_CASE("random scalar graphs: the matrix evaluator gives the tape's numbers bit for bit") {
  for (int seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    auto random = testing::make_random_graph(seed * 104729, 30);
    auto tape = evaluate(random.graph);
    auto matrix = evaluate_matrix(random.graph);
    REQUIRE(tape);
    REQUIRE_MESSAGE(matrix, matrix.reason());
    std::vector<NodeId> gates;  // the same gates in the same order (the tape lists leaves first)
    for (NodeId id : matrix->order)
      if (!is_leaf(random.graph.op(id))) gates.push_back(id);
    CHECK(std::equal(gates.begin(), gates.end(), tape->order.end() - std::ssize(gates)));
    for (NodeId id : tape->order) {
      CHECK(same(matrix->value_of(id)[0], tape->value[id]));
      CHECK(same(matrix->grad_of(id)[0], tape->grad[id]));
    }
  }
}

TEST_CASE("matrix gates on 1×1 values are the table's scalar rows, on the tape too") {
  // matmul of 1×1s multiplies; sum, mean and transpose pass x; softmax of one element is 1 and
  // cross-entropy against y is −y·log 1 = 0, with gradients 0.
  Graph g;
  NodeId a = *g.add_node(Op::Input, "a", 3.0, true), b = *g.add_node(Op::Input, "b", -2.0, true);
  NodeId m = *g.add_node(Op::MatMul);
  REQUIRE(g.connect(a, m, 0));
  REQUIRE(g.connect(b, m, 1));
  NodeId chain = m;
  for (Op op : {Op::Transpose, Op::Sum, Op::Mean}) {
    NodeId next = *g.add_node(op);
    REQUIRE(g.connect(chain, next, 0));
    chain = next;
  }
  REQUIRE(g.set_output(chain));
  auto tape = evaluate(g);
  auto matrix = evaluate_matrix(g);
  REQUIRE(tape);
  REQUIRE(matrix);
  CHECK(tape->value[chain] == -6);
  CHECK(matrix->value_of(chain)[0] == -6);
  CHECK(tape->grad[a] == -2);
  CHECK(matrix->grad_of(a)[0] == -2);
  CHECK(matrix->grad_of(b)[0] == 3);
  CHECK(op_forward(Op::Softmax, 5.0, 0, 0) == 1.0);
  CHECK(op_forward(Op::CrossEntropy, 5.0, 1.0, 0) == 0.0);
}
