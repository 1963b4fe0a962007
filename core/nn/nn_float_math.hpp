// nn_float_math.hpp — tanh and σ in float for the dense layers (nn_dense.hpp), where the
// activation table (nn_tables.hpp) finds them. Moved out of nn_dense.hpp so that the table, which
// nn_model.hpp includes, does not include the dense layers.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace gf::nn {

// vector_math.hpp's functions with float's constants: e^y − 1 = 2^k·expm1(r) + (2^k − 1) for
// y = k·ln2 + r, |r| ≤ ln2/2 (Cody–Waite, k·ln2_hi exact), expm1(r) by its Taylor series to r^8/8!
// (truncation below 2e-9 relative); tanh from e = expm1(2|x|), σ from e^−|x|. Branch-free, so a
// loop over them vectorizes (8 floats per AVX2 register), with the same bits as scalar code (no
// fused multiply-add). Within 3 float ulps of the exact value (tests/unit/test_nn_dense.cpp checks 4);
// ±0 keep their sign, ±inf give ±1 (σ: 1 and about 1e-38), NaN gives NaN.
namespace dense_math {

namespace detail {
inline constexpr float kRoundingShift = 0x1.8p23f;  // x + this − this: x rounded to an integer
inline constexpr float kInvLn2 = 0x1.715476p0f;
inline constexpr float kLn2Hi = 0x1.62e4p-1f;     // ln 2, upper 15 bits: k·kLn2Hi is exact
inline constexpr float kLn2Lo = 0x1.7f7d1cp-20f;  // ln 2 − kLn2Hi

struct Reduced {
  float r;
  std::uint32_t k_bits;  // bits of k + 1.5·2^23: k = k_bits − bits of 1.5·2^23
};
[[gnu::always_inline]] inline Reduced reduce(float y) {
  const float shifted = y * kInvLn2 + kRoundingShift;
  const float k = shifted - kRoundingShift;
  return {(y - k * kLn2Hi) - k * kLn2Lo, std::bit_cast<std::uint32_t>(shifted)};
}
// 2^k for an integer k in [−126, 127] given as its rounding sum's bits.
[[gnu::always_inline]] inline float power_of_two(std::uint32_t k_bits) {
  constexpr std::uint32_t kShiftBits = std::bit_cast<std::uint32_t>(kRoundingShift);
  return std::bit_cast<float>((k_bits - kShiftBits + 127u) << 23);
}
// expm1(r) for |r| ≤ ln2/2.
[[gnu::always_inline]] inline float expm1_reduced(float r) {
  float q = 1.0f / 40320.0f;  // 1/8!
  q = q * r + 1.0f / 5040.0f;
  q = q * r + 1.0f / 720.0f;
  q = q * r + 1.0f / 120.0f;
  q = q * r + 1.0f / 24.0f;
  q = q * r + 1.0f / 6.0f;
  q = q * r + 0.5f;  // 1/2!
  return r + (r * r) * q;
}
}  // namespace detail

// tanh = e/(e + 2) for |x| < ½ (relative accuracy near 0), else 1 − 2/(e + 2) (near ±1 the
// small difference is computed, so the result rounds to the float nearest the exact value as the
// tape's double rounded to float does, instead of reaching 1 early). From |x| = 10 on, tanh is 1
// in float (1 − tanh(10) < 2^−26).
[[gnu::always_inline]] inline float tanh(float x) {
  const float magnitude = std::fabs(x);
  const float clamped = magnitude > 10.0f ? 10.0f : magnitude;  // NaN passes
  const detail::Reduced reduced = detail::reduce(2.0f * clamped);
  const float scale = detail::power_of_two(reduced.k_bits);
  const float e = scale * detail::expm1_reduced(reduced.r) + (scale - 1.0f);
  const float inverse = 1.0f / (e + 2.0f);
  const float result = clamped < 0.5f ? e * inverse : 1.0f - 2.0f * inverse;
  return std::copysign(result, x);
}

// σ = e/(1 + e) for x < 0 (relative accuracy where σ is tiny), 1 − e/(1 + e) for x ≥ 0 (the
// small difference computed, as tanh), e = e^−|x|: nothing overflows. Below x = −87, e^x is held
// at e^−87 ≈ 1.6e-38, the order of the smallest normal float.
[[gnu::always_inline]] inline float sigmoid(float x) {
  const float y = -std::fabs(x);
  const float clamped = y < -87.0f ? -87.0f : y;  // NaN passes
  const detail::Reduced reduced = detail::reduce(clamped);
  const float e = (1.0f + detail::expm1_reduced(reduced.r)) * detail::power_of_two(reduced.k_bits);
  const float small_side = e / (1.0f + e);
  return x < 0.0f ? small_side : 1.0f - small_side;
}

}  // namespace dense_math

}  // namespace gf::nn
