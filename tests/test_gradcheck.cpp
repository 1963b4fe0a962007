// The gradient checker itself: it passes correct gradients, flags kinks, reports undefined ones.
#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace gf;

namespace {
Graph unary(Op op, double x) {
  Graph g;
  NodeId in = *g.add_node(Op::Input, "x", x, true);
  NodeId gate = *g.add_node(op);
  g.connect(in, gate, 0);
  g.set_output(gate);
  return g;
}
}  // namespace

TEST_CASE("gradcheck: smooth gates pass") {
  for (Op op : {Op::Sigmoid, Op::Tanh, Op::Exp, Op::Log, Op::Sqrt, Op::Inv, Op::Sin}) {
    auto report = check_gradients(unary(op, 0.8));
    REQUIRE(report);
    REQUIRE(report->entries.size() == 1);
    CHECK(report->entries[0].status == GradCheckStatus::Ok);
    CHECK(report->passed());
  }
}

TEST_CASE("gradcheck: points on a kink are flagged, not failed") {
  for (Op op : {Op::Relu, Op::Abs}) {
    auto report = check_gradients(unary(op, 0.0));
    REQUIRE(report);
    CHECK(report->entries[0].status == GradCheckStatus::OnKink);
    CHECK(report->passed());
  }
  Graph g;  // max(x, y) at a tie
  NodeId x = *g.add_node(Op::Input, "x", 2, true), y = *g.add_node(Op::Input, "y", 2, true);
  NodeId m = *g.add_node(Op::Max);
  g.connect(x, m, 0);
  g.connect(y, m, 1);
  g.set_output(m);
  auto report = check_gradients(g);
  REQUIRE(report);
  CHECK(report->entries[0].status == GradCheckStatus::OnKink);
  CHECK(report->entries[1].status == GradCheckStatus::OnKink);
}

TEST_CASE("gradcheck: undefined gradients are reported as such") {
  auto report = check_gradients(unary(Op::Log, -1.0));
  REQUIRE(report);
  CHECK(report->entries[0].status == GradCheckStatus::Undefined);
  report = check_gradients(unary(Op::Sqrt, 0.0));
  REQUIRE(report);
  CHECK(report->entries[0].status == GradCheckStatus::Undefined);
}

TEST_CASE("gradcheck: a wrong gradient is a mismatch") {
  // The numeric estimate is right for a small step; a coarse step with zero tolerance is visibly
  // off, which is what a wrong analytic rule looks like to the checker.
  auto report = check_gradients(unary(Op::Exp, 1.0));
  REQUIRE(report);
  CHECK(report->entries[0].numeric == doctest::Approx(std::exp(1.0)).epsilon(1e-8));
  GradCheckOptions strict;
  strict.tolerance = 0;  // any rounding difference now counts
  strict.step = 0.5;     // a coarse step: the numeric estimate is visibly off
  auto coarse = check_gradients(unary(Op::Exp, 1.0), strict);
  REQUIRE(coarse);
  CHECK(coarse->entries[0].status == GradCheckStatus::Mismatch);
  CHECK_FALSE(coarse->passed());
}
