// Every row of the op table: local gradients against central finite differences of forward.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "ops.hpp"

using namespace gf;

namespace {
double central_difference(Op op, double a, double b, double p, int pin) {
  const double h = 1e-6 * std::max(1.0, std::fabs(pin == 0 ? a : b));
  auto f = [&](double delta) {
    return pin == 0 ? op_forward(op, a + delta, b, p) : op_forward(op, a, b + delta, p);
  };
  return (f(h) - f(-h)) / (2 * h);
}
}  // namespace

TEST_CASE("every gate's local gradients match finite differences away from kinks") {
  // Points inside every op's domain (positive for log/sqrt/pow, away from 0 and from ties).
  const double points[][2] = {{0.7, 1.9}, {1.3, 0.4}, {2.5, 3.1}, {0.2, 1.1}};
  const double exponents[] = {2.0, 3.0, 0.5, -1.5};
  for (const OpInfo& info : kOps) {
    if (info.arity == 0) continue;
    for (const auto& point : points) {
      for (double p : exponents) {
        if (info.op != Op::Pow && p != 2.0) continue;
        double a = point[0], b = point[1];
        double out = op_forward(info.op, a, b, p);
        LocalGrads local = op_local_grads(info.op, a, b, out, p);
        CAPTURE(std::string(info.name));
        CAPTURE(a);
        CAPTURE(b);
        CHECK(local.wrt_a == doctest::Approx(central_difference(info.op, a, b, p, 0)).epsilon(1e-6));
        if (info.arity == 2)
          CHECK(local.wrt_b == doctest::Approx(central_difference(info.op, a, b, p, 1)).epsilon(1e-6));
        else
          CHECK(local.wrt_b == 0.0);
        // The table's function pointers and the inlined dispatch agree.
        CHECK(info.forward(a, b, p) == out);
      }
    }
  }
}

TEST_CASE("the kink rules are the ones documented") {
  LocalGrads tie = op_local_grads(Op::Max, 2.0, 2.0, 2.0, 0);
  CHECK(tie.wrt_a == 1.0);  // a tie routes to the first input
  CHECK(tie.wrt_b == 0.0);
  tie = op_local_grads(Op::Min, 2.0, 2.0, 2.0, 0);
  CHECK(tie.wrt_a == 1.0);
  CHECK(tie.wrt_b == 0.0);
  CHECK(op_local_grads(Op::Relu, 0.0, 0, 0.0, 0).wrt_a == 0.0);
  CHECK(op_local_grads(Op::Abs, 0.0, 0, 0.0, 0).wrt_a == 0.0);
  CHECK(op_local_grads(Op::Abs, -3.0, 0, 3.0, 0).wrt_a == -1.0);
}

TEST_CASE("op names round-trip and the teaching patterns are the four of the lecture") {
  for (const OpInfo& info : kOps) CHECK(op_from_name(info.name) == info.op);
  CHECK_FALSE(op_from_name("nope").has_value());
  CHECK(op_info(Op::Add).pattern == FlowPattern::Distributor);
  CHECK(op_info(Op::Mul).pattern == FlowPattern::SwapMultiplier);
  CHECK(op_info(Op::Max).pattern == FlowPattern::Router);
  CHECK(op_info(Op::Copy).pattern == FlowPattern::Adder);
  CHECK(pattern_name(FlowPattern::SwapMultiplier) == "swap multiplier");
}

TEST_CASE("non-finite results are produced, not hidden") {
  CHECK(std::isnan(op_forward(Op::Log, -1.0, 0, 0)));
  CHECK(std::isinf(op_forward(Op::Log, 0.0, 0, 0)));
  CHECK(std::isnan(op_forward(Op::Sqrt, -1.0, 0, 0)));
  CHECK(std::isinf(op_forward(Op::Inv, 0.0, 0, 0)));
}
