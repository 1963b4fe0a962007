// vector_math.hpp — tanh and the logistic sigmoid written so that a loop calling them per element
// vectorizes (the batched tape's kernels, nn_tape.cpp): straight-line code, no libm call, no
// branch (every path is computed and the right one selected), no table look-up. GCC vectorizes
// such loops when the file is compiled with -fno-trapping-math (nn_tape.cpp is; with trapping
// math it keeps the clamp of the argument as a branch); the results are the same either way.
//
// Accuracy: within a few units in the last place of the exact result (tests/unit/test_ops.cpp checks
// ≤ 1e-14 relative against std::tanh over a million points), including tiny arguments: tanh is
// computed as e/(e+2) with e = expm1(2|x|), which keeps its relative accuracy near 0 (no
// cancellation in 1 − 2/(e^2x + 1)). ±0 keep their sign, ±inf give ±1 (σ: 1 and 0), NaN gives NaN.
//
// Determinism: only +, −, ×, ÷ and bit operations, each rounded once (no fused multiply-add: the
// AVX2 clone of the kernels is compiled without FMA), so the AVX2 and the baseline x86-64 code
// and the scalar code give the same bits.
//
// How: expm1(y) = 2^k·expm1(r) + (2^k − 1) with y = k·ln2 + r, |r| ≤ ln2/2 (Cody–Waite: ln2 in two
// parts, k·ln2_hi exact), and expm1(r) = r + r²·(1/2! + r/3! + … + r^11/13!): the Taylor series,
// whose truncation error is below 1e-17 relative for |r| ≤ ln2/2. Rounding to the nearest
// integer adds and subtracts 1.5·2^52 (exact for |k| < 2^51; the low bits of the sum are k, which
// is how 2^k is built without an integer conversion).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace gf::vmath {

namespace detail {

inline constexpr double kRoundingShift = 0x1.8p52;  // x + this − this: x rounded to an integer
inline constexpr double kInvLn2 = 0x1.71547652b82fep0;   // 1/ln 2
inline constexpr double kLn2Hi = 0x1.62e42fee00000p-1;   // ln 2, upper bits (21 trailing zeros)
inline constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;  // ln 2 − kLn2Hi

// y = k·ln2 + r: returns r, and k as a double and as y's rounding sum (whose low bits hold k).
struct Reduced {
  double r;
  double k;
  std::uint64_t k_bits;  // bits of k + 1.5·2^52: k = k_bits − bits of 1.5·2^52
};
[[gnu::always_inline]] inline Reduced reduce(double y) {
  const double shifted = y * kInvLn2 + kRoundingShift;
  const double k = shifted - kRoundingShift;
  const double r = (y - k * kLn2Hi) - k * kLn2Lo;
  return {r, k, std::bit_cast<std::uint64_t>(shifted)};
}

// 2^k for an integer k in [−1022, 1023] given as its rounding sum's bits.
[[gnu::always_inline]] inline double power_of_two(std::uint64_t k_bits) {
  constexpr std::uint64_t kShiftBits = std::bit_cast<std::uint64_t>(kRoundingShift);
  return std::bit_cast<double>((k_bits - kShiftBits + 1023u) << 52);
}

// expm1(r) for |r| ≤ ln2/2 (a little more is harmless).
[[gnu::always_inline]] inline double expm1_reduced(double r) {
  double q = 1.0 / 6227020800.0;  // 1/13!
  q = q * r + 1.0 / 479001600.0;  // 1/12!
  q = q * r + 1.0 / 39916800.0;
  q = q * r + 1.0 / 3628800.0;
  q = q * r + 1.0 / 362880.0;
  q = q * r + 1.0 / 40320.0;
  q = q * r + 1.0 / 5040.0;
  q = q * r + 1.0 / 720.0;
  q = q * r + 1.0 / 120.0;
  q = q * r + 1.0 / 24.0;
  q = q * r + 1.0 / 6.0;
  q = q * r + 0.5;  // 1/2!
  return r + (r * r) * q;
}

// expm1(y) for y in [0, 64]: 2^k·expm1(r) + (2^k − 1), exact in the sum's two terms for k ≤ 53.
[[gnu::always_inline]] inline double expm1_nonnegative(double y) {
  const Reduced reduced = reduce(y);
  const double scale = power_of_two(reduced.k_bits);
  return scale * expm1_reduced(reduced.r) + (scale - 1.0);
}

// e^y for y ≤ 0 (down to −inf): 2^k·(1 + expm1(r)), 2^k applied in two halves so that results
// below 2^−1022 round once, as subnormals, and those below 2^−1075 are 0.
[[gnu::always_inline]] inline double exp_nonpositive(double y) {
  const double clamped = y < -1100.0 ? -1100.0 : y;  // NaN passes
  const Reduced reduced = reduce(clamped);
  const double half_shifted = reduced.k * 0.5 + kRoundingShift;  // k/2 rounded ...
  const double half = half_shifted - kRoundingShift;
  const double rest_shifted = (reduced.k - half) + kRoundingShift;  // ... and k − k/2
  return (1.0 + expm1_reduced(reduced.r)) *
         power_of_two(std::bit_cast<std::uint64_t>(half_shifted)) *
         power_of_two(std::bit_cast<std::uint64_t>(rest_shifted));
}

}  // namespace detail

// tanh(x) = e/(e + 2), e = expm1(2|x|), with the sign of x. From |x| = 22 on, tanh is 1 in
// double precision (1 − tanh(22) < 2^−63).
[[gnu::always_inline]] inline double tanh(double x) {
  const double magnitude = std::fabs(x);
  const double clamped = magnitude > 22.0 ? 22.0 : magnitude;  // NaN passes
  const double e = detail::expm1_nonnegative(2.0 * clamped);
  return std::copysign(e / (e + 2.0), x);
}

// σ(x) = 1/(1 + e^−x), computed from e = e^−|x| ≤ 1 so that nothing overflows: 1/(1 + e) for
// x ≥ 0, e/(1 + e) for x < 0 (relative accuracy also where σ is tiny).
[[gnu::always_inline]] inline double sigmoid(double x) {
  const double e = detail::exp_nonpositive(-std::fabs(x));
  return (x < 0 ? e : 1.0) / (1.0 + e);
}

}  // namespace gf::vmath
