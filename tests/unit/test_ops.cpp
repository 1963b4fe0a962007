// Every row of the op table: local gradients against central finite differences of forward;
// the vectorizable tanh and sigmoid (vector_math.hpp) against libm, in AVX2 and baseline code.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

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
  const double exponents[] = {2.0, 3.0, 0.5, -1.5, 0.0};
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
        CHECK(local.wrt_a ==
              doctest::Approx(central_difference(info.op, a, b, p, 0)).epsilon(1e-6));
        if (info.arity == 2)
          CHECK(local.wrt_b ==
                doctest::Approx(central_difference(info.op, a, b, p, 1)).epsilon(1e-6));
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

TEST_CASE("a NaN input of max or min loses, in either order (as std::fmax, and as relu)") {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (Op op : {Op::Max, Op::Min}) {
    CAPTURE(std::string(op_info(op).name));
    CHECK(op_forward(op, nan, -3.0, 0) == -3.0);
    CHECK(op_forward(op, -3.0, nan, 0) == -3.0);
    CHECK(std::isnan(op_forward(op, nan, nan, 0)));
    // The gradient goes to the number, the NaN input receives nothing.
    CHECK(op_local_grads(op, nan, -3.0, -3.0, 0).wrt_a == 0.0);
    CHECK(op_local_grads(op, nan, -3.0, -3.0, 0).wrt_b == 1.0);
    CHECK(op_local_grads(op, -3.0, nan, -3.0, 0).wrt_a == 1.0);
    CHECK(op_local_grads(op, -3.0, nan, -3.0, 0).wrt_b == 0.0);
    CHECK(op_info(op).branch(nan, -3.0) == 1);  // the active piece is the one that routes
    CHECK(op_info(op).branch(-3.0, nan) == 0);
  }
  CHECK(op_forward(Op::Relu, nan, 0, 0) == 0.0);  // the rule max follows
}

TEST_CASE("a zero blocks: a zero local gradient or a zero upstream passes nothing") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (double upstream : {inf, -inf, nan, 3.0, -3.0, 0.0}) {
    CAPTURE(upstream);
    CHECK(downstream_grad_of(upstream, 0.0) == 0.0);
    CHECK(downstream_grad_of(upstream, -0.0) == 0.0);
    CHECK_FALSE(std::signbit(downstream_grad_of(upstream, -0.0)));  // a plain 0, not −0
    CHECK(downstream_grad_of(0.0, upstream) == 0.0);                // and the other way round
    CHECK(downstream_grad_of(-0.0, upstream) == 0.0);
  }
  // The tape's form for a gate's two inputs at once is the same rule.
  for (double upstream : {0.0, -0.0, 3.0, -2.0, inf, -inf, nan})
    for (double local_a : {0.0, -0.0, 0.5, -4.0, inf, nan})
      for (double local_b : {0.0, -0.0, 0.5, -4.0, inf, nan}) {
        CAPTURE(upstream);
        CAPTURE(local_a);
        CAPTURE(local_b);
        const DownstreamPair pair = downstream_grads_of(upstream, local_a, local_b);
        const double to_a = downstream_grad_of(upstream, local_a);
        const double to_b = downstream_grad_of(upstream, local_b);
        CHECK(std::memcmp(&pair.to_a, &to_a, sizeof to_a) == 0);  // same bits (NaN, ±0)
        CHECK(std::memcmp(&pair.to_b, &to_b, sizeof to_b) == 0);
      }
  // Otherwise it is the product, genuine infinities and NaN included.
  CHECK(downstream_grad_of(-4.0, 0.5) == -2.0);
  CHECK(downstream_grad_of(inf, 2.0) == inf);
  CHECK(downstream_grad_of(2.0, -inf) == -inf);
  CHECK(std::isnan(downstream_grad_of(nan, 1.0)));
}

TEST_CASE("x^0 is constant: its local gradient is exactly 0, also where x^(-1) is infinite") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (double x : {0.0, -0.0, 2.0, -2.0, inf, -inf, nan}) {
    CAPTURE(x);
    CHECK(op_forward(Op::Pow, x, 0, 0.0) == 1.0);  // C's pow: x^0 = 1 for every x, NaN too
    CHECK(op_local_grads(Op::Pow, x, 0, 1.0, 0.0).wrt_a == 0.0);
  }
  // Other exponents keep their genuine infinities at 0, and their zeros.
  CHECK(op_local_grads(Op::Pow, 0.0, 0, 0.0, 0.5).wrt_a == inf);    // 0.5·0^(−0.5)
  CHECK(op_local_grads(Op::Pow, 0.0, 0, inf, -1.0).wrt_a == -inf);  // −1·0^(−2)
  CHECK(op_local_grads(Op::Pow, 0.0, 0, 0.0, 1.5).wrt_a == 0.0);    // 1.5·0^0.5
  CHECK(op_local_grads(Op::Pow, 0.0, 0, 0.0, 1.0).wrt_a == 1.0);    // 1·0^0
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

// [SECTION] tanh and sigmoid: accuracy, special values, the same bits in every instruction set

namespace {

// A million points over [-40, 40], and as many of magnitude 1e-320 to 1e2 with both signs.
std::vector<double> tanh_test_points() {
  std::vector<double> xs;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> wide(-40.0, 40.0), exponent(-320.0, 2.0);
  for (int i = 0; i < 1'000'000; ++i) xs.push_back(wide(rng));
  for (int i = 0; i < 200'000; ++i) xs.push_back((i % 2 ? 1 : -1) * std::pow(10.0, exponent(rng)));
  for (double x : {0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-8, 0.17328679513998632,
                   0.34657359027997264, 18.5, 19.1, 22.0, 22.5, 710.0, -745.5, 1e308, -1e308})
    xs.push_back(x);
  return xs;
}

// Loops over the table's rows the way the batched tape runs them: vectorized, for AVX2 and for
// baseline x86-64, and one call at a time through the row's function pointer (scalar code).
template <Op kOp>
void run_row(const double* x, double* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = kOps[static_cast<int>(kOp)].forward(x[i], 0.0, 0.0);
}
template <Op kOp>
[[gnu::noinline]] void run_row_baseline(const double* x, double* out, int n) {
  run_row<kOp>(x, out, n);
}
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define GF_TEST_AVX2 1
template <Op kOp>
[[gnu::noinline, gnu::target("avx2")]] void run_row_avx2(const double* x, double* out, int n) {
  run_row<kOp>(x, out, n);
}
#endif
template <Op kOp>
void run_row_scalar(const double* x, double* out, int n) {
  double (*volatile forward)(double, double, double) = kOps[static_cast<int>(kOp)].forward;
  for (int i = 0; i < n; ++i) out[i] = forward(x[i], 0.0, 0.0);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

template <Op kOp>
void check_same_bits_everywhere(const std::vector<double>& xs) {
  const int n = static_cast<int>(xs.size());
  std::vector<double> baseline(xs.size()), scalar(xs.size());
  run_row_baseline<kOp>(xs.data(), baseline.data(), n);
  run_row_scalar<kOp>(xs.data(), scalar.data(), n);
  CHECK(same_bits(baseline, scalar));
#ifdef GF_TEST_AVX2
  if (__builtin_cpu_supports("avx2")) {
    std::vector<double> avx2(xs.size());
    run_row_avx2<kOp>(xs.data(), avx2.data(), n);
    CHECK(same_bits(avx2, baseline));
  } else {
    MESSAGE("no AVX2 on this CPU: only the baseline code was compared");
  }
#endif
}

}  // namespace

TEST_CASE("tanh: within 1e-14 of std::tanh (relative) over [-40, 40] and down to subnormals") {
  const std::vector<double> xs = tanh_test_points();
  std::vector<double> out(xs.size());
  run_row_baseline<Op::Tanh>(xs.data(), out.data(), static_cast<int>(xs.size()));
  double worst = 0, worst_at = 0;
  int sign_errors = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double expected = std::tanh(xs[i]);
    sign_errors += std::signbit(out[i]) != std::signbit(expected);
    const double error =
        expected == 0 ? std::fabs(out[i]) : std::fabs(out[i] - expected) / std::fabs(expected);
    if (error > worst) worst = error, worst_at = xs[i];
  }
  CAPTURE(worst_at);
  CHECK(worst <= 1e-14);
  CHECK(sign_errors == 0);  // -0 stays -0
  MESSAGE("tanh: largest relative error " << worst << " at x = " << worst_at);
  CHECK(op_forward(Op::Tanh, 1e-300, 0, 0) == 1e-300);
  CHECK(op_forward(Op::Tanh, 5e-324, 0, 0) == 5e-324);
}

TEST_CASE("sigmoid: within 1e-14 of 1/(1+e^-x) (relative) wherever that is a normal number") {
  const std::vector<double> xs = tanh_test_points();
  std::vector<double> out(xs.size());
  run_row_baseline<Op::Sigmoid>(xs.data(), out.data(), static_cast<int>(xs.size()));
  double worst = 0, worst_at = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::fabs(xs[i]) > 700) continue;  // below 1e-304 the old formula and this one part
    const double expected = 1.0 / (1.0 + std::exp(-xs[i]));
    const double error = std::fabs(out[i] - expected) / expected;
    if (error > worst) worst = error, worst_at = xs[i];
  }
  CAPTURE(worst_at);
  CHECK(worst <= 1e-14);
  MESSAGE("sigmoid: largest relative error " << worst << " at x = " << worst_at);
  CHECK(op_forward(Op::Sigmoid, 0.0, 0, 0) == 0.5);
  CHECK(op_forward(Op::Sigmoid, -740.0, 0, 0) > 0);  // e^-740 is a subnormal, not 0
  CHECK(op_forward(Op::Sigmoid, -746.0, 0, 0) == 0);
}

TEST_CASE("tanh and sigmoid: ±0, ±inf and NaN") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(op_forward(Op::Tanh, 0.0, 0, 0) == 0.0);
  CHECK_FALSE(std::signbit(op_forward(Op::Tanh, 0.0, 0, 0)));
  CHECK(std::signbit(op_forward(Op::Tanh, -0.0, 0, 0)));
  CHECK(op_forward(Op::Tanh, inf, 0, 0) == 1.0);
  CHECK(op_forward(Op::Tanh, -inf, 0, 0) == -1.0);
  CHECK(op_forward(Op::Tanh, 1e308, 0, 0) == 1.0);
  CHECK(std::isnan(op_forward(Op::Tanh, nan, 0, 0)));
  CHECK(op_forward(Op::Sigmoid, inf, 0, 0) == 1.0);
  CHECK(op_forward(Op::Sigmoid, -inf, 0, 0) == 0.0);
  CHECK(std::isnan(op_forward(Op::Sigmoid, nan, 0, 0)));
  // The local gradients (from the output) stay finite at the saturated ends.
  CHECK(op_local_grads(Op::Tanh, inf, 0, 1.0, 0).wrt_a == 0.0);
  CHECK(op_local_grads(Op::Sigmoid, -inf, 0, 0.0, 0).wrt_a == 0.0);
}

TEST_CASE("tanh and sigmoid: the same bits vectorized for AVX2, for baseline x86-64, and scalar") {
  std::vector<double> xs = tanh_test_points();
  xs.resize(300'000);
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (double x : {inf, -inf, 0.0, -0.0}) xs.push_back(x);
  check_same_bits_everywhere<Op::Tanh>(xs);
  check_same_bits_everywhere<Op::Sigmoid>(xs);
}
