// The gradient checker itself: it passes correct gradients, flags kinks, reports undefined ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

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

TEST_CASE("gradcheck: undefined gradients are reported as such, and are not a pass") {
  auto report = check_gradients(unary(Op::Log, -1.0));
  REQUIRE(report);
  CHECK(report->entries[0].status == GradCheckStatus::Undefined);
  CHECK(std::isnan(report->entries[0].error));  // no error measured, not a small one
  CHECK_FALSE(report->passed());
  CHECK(report->verdict().find("UNDEFINED") != std::string::npos);
  CHECK(report->verdict().find("gradients agree") == std::string::npos);
  report = check_gradients(unary(Op::Sqrt, 0.0));
  REQUIRE(report);
  CHECK(report->entries[0].status == GradCheckStatus::Undefined);
  CHECK_FALSE(report->passed());
}

TEST_CASE("gradcheck: the verdict counts every status") {
  Graph g;  // f = max(x, y) * sqrt(z) + w at x = y = 2 (a tie), z = 0 (sqrt' infinite), w = 5
  NodeId x = *g.add_node(Op::Input, "x", 2, true), y = *g.add_node(Op::Input, "y", 2, true);
  NodeId z = *g.add_node(Op::Input, "z", 0, true), w = *g.add_node(Op::Input, "w", 5, true);
  NodeId m = *g.add_node(Op::Max), s = *g.add_node(Op::Sqrt), p = *g.add_node(Op::Mul);
  NodeId f = *g.add_node(Op::Add);
  g.connect(x, m, 0);
  g.connect(y, m, 1);
  g.connect(z, s, 0);
  g.connect(m, p, 0);
  g.connect(s, p, 1);
  g.connect(p, f, 0);
  g.connect(w, f, 1);
  g.set_output(f);
  auto report = check_gradients(g);
  REQUIRE(report);
  REQUIRE(report->entries.size() == 4);
  CHECK(report->entries[0].status == GradCheckStatus::OnKink);  // the tie, numeric 0 · 2
  CHECK(report->entries[1].status == GradCheckStatus::OnKink);
  CHECK(report->entries[2].status == GradCheckStatus::Undefined);  // 2 · inf; sqrt(−h) is NaN
  CHECK(report->entries[3].status == GradCheckStatus::Ok);
  CHECK_FALSE(report->passed());
  CHECK(report->verdict() ==
        "1 of 4 gradients UNDEFINED (not finite, so not compared: no agreement); 1 agrees; "
        "2 on a kink (one-sided there: not compared)");

  g.set_param(z, 3.0);  // now sqrt is smooth; x and y still sit on max's tie
  report = check_gradients(g);
  REQUIRE(report);
  CHECK(report->passed());
  CHECK(report->count(GradCheckStatus::OnKink) == 2);
  CHECK(report->verdict() == "2 of 4 gradients agree; 2 on a kink (one-sided there: not compared)");
  g.set_param(x, 7.0);
  report = check_gradients(g);
  REQUIRE(report);
  CHECK(report->verdict() == "all 4 gradients agree");
}

TEST_CASE("gradcheck: blocked gates check out as 0 (the repros of issue 11)") {
  // sqrt(relu(x)) at x = −1 and x^0 at x = 0: analytic 0, numeric 0, ok.
  Graph g;
  NodeId x = *g.add_node(Op::Input, "x", -1, true);
  NodeId r = *g.add_node(Op::Relu), s = *g.add_node(Op::Sqrt);
  g.connect(x, r, 0);
  g.connect(r, s, 0);
  g.set_output(s);
  auto report = check_gradients(g);
  REQUIRE(report);
  CHECK(report->entries[0].analytic == 0.0);
  CHECK(report->entries[0].numeric == 0.0);
  CHECK(report->entries[0].status == GradCheckStatus::Ok);
  Graph power = unary(Op::Pow, 0.0);  // the exponent is the gate's parameter, 0 by default
  report = check_gradients(power);
  REQUIRE(report);
  CHECK(report->entries[0].analytic == 0.0);
  CHECK(report->entries[0].status == GradCheckStatus::Ok);
}

TEST_CASE("gradcheck: steep points do not false-alarm; the difference is extrapolated") {
  // The plain central difference at h = 1e-5·|x| errs by h²·f'''/(6·f'): 1e-6 for e^x at 250,
  // 9e-6 for sin at 1000. Richardson's extrapolation leaves about 1e-11.
  const std::pair<Op, double> points[] = {
      {Op::Exp, 250.0}, {Op::Exp, 300.0}, {Op::Exp, 700.0}, {Op::Sin, 1000.0}, {Op::Sin, -1000.0}};
  for (auto [op, x] : points) {
    CAPTURE(x);
    auto report = check_gradients(unary(op, x));
    REQUIRE(report);
    const double exact = op == Op::Exp ? std::exp(x) : std::cos(x);
    CHECK(report->entries[0].numeric == doctest::Approx(exact).epsilon(1e-9));
    CHECK(report->entries[0].status == GradCheckStatus::Ok);
    CHECK(report->passed());
  }
  // A large value with a small slope, x + 1e8: the differences of f lose digits to rounding
  // (1e8·ε/h ≈ 2e-3); that is accounted for, not called a mismatch.
  Graph g;
  NodeId x = *g.add_node(Op::Input, "x", 1, true), c = *g.add_node(Op::Const, "", 1e8);
  NodeId sum = *g.add_node(Op::Add);
  g.connect(x, sum, 0);
  g.connect(c, sum, 1);
  g.set_output(sum);
  auto report = check_gradients(g);
  REQUIRE(report);
  CHECK(report->entries[0].status == GradCheckStatus::Ok);
}

TEST_CASE("gradcheck: a tampered gradient is caught, also where the step used to be too coarse") {
  const std::pair<Op, double> points[] = {
      {Op::Exp, 1.0}, {Op::Exp, 300.0}, {Op::Sin, 1000.0}, {Op::Tanh, 0.3}};
  for (auto [op, x] : points) {
    CAPTURE(x);
    const Graph g = unary(op, x);
    const double exact = op == Op::Exp   ? std::exp(x)
                         : op == Op::Sin ? std::cos(x)
                                         : 1 - std::tanh(x) * std::tanh(x);
    std::vector<double> claimed = {exact, 1.0};  // by node id: x, then the gate (the output)
    auto honest = check_claimed_gradients(g, claimed);
    REQUIRE(honest);
    CHECK(honest->entries[0].status == GradCheckStatus::Ok);
    // Off by 1e-5, relative: ten times the tolerance, caught.
    claimed[0] = exact * (1 + 1e-5);
    auto tampered = check_claimed_gradients(g, claimed);
    REQUIRE(tampered);
    CHECK(tampered->entries[0].status == GradCheckStatus::Mismatch);
    CHECK_FALSE(tampered->passed());
    CHECK(tampered->verdict() == "1 of 1 gradients DISAGREE");
    const double expected_error = std::fabs(exact) * 1e-5 / std::max(1.0, std::fabs(exact));
    CHECK(tampered->entries[0].error == doctest::Approx(expected_error).epsilon(0.01));
  }
  // A wrong rule: the sign flipped.
  const Graph g = unary(Op::Sin, 2.0);
  auto wrong = check_claimed_gradients(g, std::vector<double>{-std::cos(2.0), 1.0});
  REQUIRE(wrong);
  CHECK(wrong->entries[0].status == GradCheckStatus::Mismatch);
  // Too few claimed gradients: refused, with the reason.
  auto short_list = check_claimed_gradients(g, std::vector<double>{1.0});
  CHECK_FALSE(short_list);
  CHECK(short_list.reason().find("cover 1 nodes") != std::string::npos);
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
