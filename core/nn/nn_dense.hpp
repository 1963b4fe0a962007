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
#include "nn_float_math.hpp"
#include "nn_model.hpp"

namespace gf::nn {

// Pixels evaluated together: a layer's activations for one block are kMaxNeurons × kDenseBlock
// floats (8 KB), small enough to stay in the L1 cache with the next layer's.
inline constexpr int kDenseBlock = 64;

// Buffers reused between calls: no allocation once sized (the layers when made, the column
// features by the widest grid).
struct DenseScratch {
  // Two layers' activations of one block, [neuron][pixel]: a layer reads one, writes the other.
  std::vector<float> layer_a = std::vector<float>(kMaxNeurons * kDenseBlock, 0.0f);
  std::vector<float> layer_b = std::vector<float>(kMaxNeurons * kDenseBlock, 0.0f);
  std::vector<double> column_features;  // features that read x1 only, per column (nn_dense.cpp)
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

// [SECTION] tanh and σ in float: core/nn/nn_float_math.hpp (the activation table's float rows).

}  // namespace gf::nn
