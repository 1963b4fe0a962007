// nn_dense.hpp — the classifier lab's MLP evaluated over a grid of the plane as dense float
// layers: the CPU twin of the heatmap shader, reading the same NetworkArrays (export_network).
//
// Why next to the tape: Trainer::evaluate_grid runs the per-point graph gate by gate in double
// precision, which is the reference but does a few G multiply-adds per second. Here a layer is a
// plain matrix product over a block of pixels, in float, with activations stored
// [neuron][pixel], so the inner loop `z[p] += w · in[i][p]` runs over contiguous pixels, 8 at a
// time in an AVX2 register (when the CPU has it), the sums of several neurons held in registers:
// 5 to 10 times faster than the tape, for the large networks' picture and thumbnails.
//
// The numbers are the tape's to float precision: the features are computed in double (as the
// graph's gates do) and then rounded to float; each neuron sums in micrograd's order (bias
// first, then w0·in0, w1·in1, ...) as reference_scores does, in float; tanh and σ are
// vector_math.hpp's method in float (below: within 3 float ulps, and about 3 times faster than
// the double functions, which took most of a tanh network's time); ReLU is z > 0 ? z : 0. NaN or
// infinite weights give NaN or infinite values, never a crash.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "nn_dataset.hpp"
#include "nn_model.hpp"

namespace gf::nn {

// Pixels evaluated together: a layer's activations for one block are kMaxNeurons × kDenseBlock
// floats (8 KB), small enough to stay in the L1 cache with the next layer's.
inline constexpr int kDenseBlock = 64;

// Buffers reused between calls: no allocation once sized (the layers when made, the column
// sines by the widest grid).
struct DenseScratch {
  // Two layers' activations of one block, [neuron][pixel]: a layer reads one, writes the other.
  std::vector<float> layer_a = std::vector<float>(kMaxNeurons * kDenseBlock, 0.0f);
  std::vector<float> layer_b = std::vector<float>(kMaxNeurons * kDenseBlock, 0.0f);
  std::vector<double> column_sines;  // sin x of each column, when the network reads sin x1
  // false: the baseline x86-64 kernel even where the CPU has AVX2 (the two give the same bits;
  // tests compare them).
  bool use_avx2 = true;
};

// How many hidden neurons the network has (all layers but the output layer): the number of
// grids dense_neuron_grids writes.
int hidden_neuron_count(const NetworkArrays& net);

// Rows first_row .. end_row−1 of a width × height grid over `box`: the scores, output_count values
// per pixel, pixel by pixel, row first_row first. Pixel (col, row) is exactly the point
// Trainer::evaluate_grid uses: x = x_min + (col + ½)·(x_max−x_min)/width,
// y = y_max − (row + ½)·(y_max−y_min)/height (row 0 at the top). `scores` holds at least
// width·(end_row−first_row)·output_count values. A band gives the same bits as those rows of the
// whole grid, so bands can be computed separately (over frames, or on several threads with one
// scratch each). Does nothing for an empty or invalid network or grid, or a `scores` too small.
void dense_grid_scores(const NetworkArrays& net, const PlaneBox& box, int width, int height,
                       int first_row, int end_row, std::span<float> scores, DenseScratch& scratch);

// Every hidden neuron's output (after its activation) over the whole width × height grid, neuron
// by neuron in layer order, each neuron's width·height values row by row: the layout of
// Trainer::evaluate_neuron_grids. `outputs` holds at least hidden_neuron_count(net)·width·height
// values; nothing is written when it is too small.
void dense_neuron_grids(const NetworkArrays& net, const PlaneBox& box, int width, int height,
                        std::span<float> outputs, DenseScratch& scratch);

// [SECTION] tanh and σ in float
// vector_math.hpp's functions with float's constants: e^y − 1 = 2^k·expm1(r) + (2^k − 1) for
// y = k·ln2 + r, |r| ≤ ln2/2 (Cody–Waite, k·ln2_hi exact), expm1(r) by its Taylor series to r^8/8!
// (truncation below 2e-9 relative); tanh from e = expm1(2|x|), σ from e^−|x|. Branch-free, so a
// loop over them vectorizes (8 floats per AVX2 register), with the same bits as scalar code (no
// fused multiply-add). Within 3 float ulps of the exact value (tests/test_nn_dense.cpp checks 4);
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
