// nn_dense.cpp — the MLP over a grid of the plane as dense float layers (see nn_dense.hpp).
//
// Index
//   [SECTION] The network's arrays, checked once per call
//   [SECTION] Features of a block of pixels
//   [SECTION] Kernel: the layers of one block
//   [SECTION] Grids
#include "nn_dense.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace gf::nn {

// [SECTION] The network's arrays, checked once per call ----------------------------------------

namespace {

// The kernel indexes the arrays without checks, so a malformed NetworkArrays (empty, a layer
// wider than the scratch, offsets past the end) is refused here instead.
bool is_well_formed(const NetworkArrays& net) {
  const std::size_t layers = net.activations.size();
  if (layers == 0 || net.layer_sizes.size() != layers + 1 || net.weight_offsets.size() != layers ||
      net.bias_offsets.size() != layers)
    return false;
  if (net.layer_sizes[0] != static_cast<std::int32_t>(net.features.size())) return false;
  for (std::int32_t feature : net.features)
    if (feature < 0 || feature >= static_cast<std::int32_t>(Feature::Count_)) return false;
  for (std::int32_t size : net.layer_sizes)
    if (size < 1 || size > kMaxNeurons) return false;
  for (std::size_t l = 0; l < layers; ++l) {
    const std::int64_t inputs = net.layer_sizes[l], outputs = net.layer_sizes[l + 1];
    if (net.activations[l] < 0 ||
        net.activations[l] >= static_cast<std::int32_t>(Activation::Count_))
      return false;
    if (net.weight_offsets[l] < 0 ||
        net.weight_offsets[l] + inputs * outputs > static_cast<std::int64_t>(net.weights.size()))
      return false;
    if (net.bias_offsets[l] < 0 ||
        net.bias_offsets[l] + outputs > static_cast<std::int64_t>(net.biases.size()))
      return false;
  }
  return true;
}

int output_count_of(const NetworkArrays& net) { return net.layer_sizes.back(); }

}  // namespace

int hidden_neuron_count(const NetworkArrays& net) {
  if (!is_well_formed(net)) return 0;
  int count = 0;
  for (std::size_t l = 1; l + 1 < net.layer_sizes.size(); ++l) count += net.layer_sizes[l];
  return count;
}

// [SECTION] Features of a block of pixels -------------------------------------------------------

namespace {

// Pixel centres as Trainer::run_grid computes them, expression for expression, so that the
// coordinates are the same doubles.
struct GridGeometry {
  PlaneBox box;
  int width = 1;
  double dx = 0, dy = 0;

  GridGeometry(const PlaneBox& plane, int grid_width, int grid_height)
      : box(plane),
        width(grid_width),
        dx((plane.x_max - plane.x_min) / grid_width),
        dy((plane.y_max - plane.y_min) / grid_height) {}
  double x_of_column(std::size_t column) const {
    return box.x_min + (static_cast<double>(column) + 0.5) * dx;
  }
  double y_of_row(std::size_t row) const {
    return box.y_max - (static_cast<double>(row) + 0.5) * dy;
  }
};

// Features that read x1 only, once per column of the grid: feature f's value at column c is
// column_features[f·width + c] (the other features' rows are left unused).
void load_column_features(const NetworkArrays& net, const GridGeometry& grid,
                          DenseScratch& scratch) {
  scratch.column_features.resize(net.features.size() * static_cast<std::size_t>(grid.width));
  for (std::size_t f = 0; f < net.features.size(); ++f) {
    const FeatureInfo& info = feature_info(static_cast<Feature>(net.features[f]));
    if (info.reads != Reads::X1) continue;
    for (int column = 0; column < grid.width; ++column)
      scratch.column_features[f * grid.width + column] = info.value(grid.x_of_column(column), 0.0);
  }
}

// Features that read x2 only, once per row.
void load_row_features(const NetworkArrays& net, double y, double* row_features) {
  for (std::size_t f = 0; f < net.features.size(); ++f) {
    const FeatureInfo& info = feature_info(static_cast<Feature>(net.features[f]));
    if (info.reads == Reads::X2) row_features[f] = info.value(0.0, y);
  }
}

// The network's inputs for pixels first_pixel .. first_pixel+n−1, one row of kDenseBlock floats
// per feature, each computed in double by its row's value (as the per-point graph's gates do);
// the pixels past n (the last block of a grid) are 0, computed and ignored.
void load_features(const NetworkArrays& net, const GridGeometry& grid,
                   std::span<const double> column_features, std::size_t first_pixel, int n,
                   float* inputs) {
  const std::size_t features = net.features.size();
  std::size_t column = first_pixel % grid.width, row = first_pixel / grid.width;
  double y = grid.y_of_row(row);
  std::array<double, kMaxNeurons> row_features{};
  load_row_features(net, y, row_features.data());
  for (int p = 0; p < n; ++p) {
    const double x = grid.x_of_column(column);
    for (std::size_t f = 0; f < features; ++f) {
      const FeatureInfo& info = feature_info(static_cast<Feature>(net.features[f]));
      const double value = info.reads == Reads::X1   ? column_features[f * grid.width + column]
                           : info.reads == Reads::X2 ? row_features[f]
                                                     : info.value(x, y);
      inputs[f * kDenseBlock + p] = static_cast<float>(value);
    }
    if (++column == static_cast<std::size_t>(grid.width)) {
      column = 0;
      y = grid.y_of_row(++row);
      load_row_features(net, y, row_features.data());
    }
  }
  for (std::size_t f = 0; f < features; ++f)
    for (int p = n; p < kDenseBlock; ++p) inputs[f * kDenseBlock + p] = 0.0f;
}

}  // namespace

// [SECTION] Kernel: the layers of one block -----------------------------------------------------
// Compiled twice, as nn_tape.cpp's passes are: for AVX2 and for baseline x86-64 (the library
// must run on any x86-64 CPU), chosen at run time. Not with target_clones as there, which
// compiles one body for both: the vectors here must be as wide as the target's registers (8
// floats for AVX2, 4 for SSE2; GCC runs 8-float vectors on SSE2 through memory, over 10 times
// slower), so the kernel is a template on its vector width and each target instantiates its
// own. Neither target has fused multiply-add, so both round every product and sum once and give
// the same bits. (No ifunc resolver either, so nothing to exclude under ThreadSanitizer.)

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define GF_DENSE_AVX2 1
#endif
#define GF_DENSE_INLINE [[gnu::always_inline]] inline

namespace {

// A vector of floats, read and written in place through InMemory (any alignment, may alias the
// floats: what <immintrin.h>'s unaligned loads use), so that sums stay values the compiler
// keeps in registers.
struct Lanes8 {  // one AVX register
  typedef float Vector __attribute__((vector_size(32)));
  typedef float InMemory __attribute__((vector_size(32), aligned(4), may_alias));
  static constexpr int kCount = 8;
};
struct Lanes4 {  // one SSE register
  typedef float Vector __attribute__((vector_size(16)));
  typedef float InMemory __attribute__((vector_size(16), aligned(4), may_alias));
  static constexpr int kCount = 4;
};
template <class Lanes>
GF_DENSE_INLINE const typename Lanes::InMemory& lanes_at(const float* p) {
  return *reinterpret_cast<const typename Lanes::InMemory*>(p);
}
template <class Lanes>
GF_DENSE_INLINE typename Lanes::InMemory& lanes_at(float* p) {
  return *reinterpret_cast<typename Lanes::InMemory*>(p);
}

// z_n[p] = bias_n + w_n0·in[0][p] + w_n1·in[1][p] + ... for `neurons` consecutive neurons,
// micrograd's order. The sums of `vectors` vectors of pixels are held in registers (neurons ×
// vectors ≤ 8 accumulators: independent chains of additions, with room left for the inputs)
// while the input rows stream past, each row loaded once for all the neurons.
template <class Lanes, int neurons, int vectors>
GF_DENSE_INLINE void weighted_sums(const float* weights, const float* biases, const float* inputs,
                                   int input_count, float* z) {
  constexpr int kStep = vectors * Lanes::kCount;
  static_assert(neurons * vectors <= 8 && kDenseBlock % kStep == 0);
  using Vector = typename Lanes::Vector;
  for (int p0 = 0; p0 < kDenseBlock; p0 += kStep) {
    Vector sum[neurons][vectors], in[vectors];
    for (int v = 0; v < vectors; ++v) in[v] = lanes_at<Lanes>(inputs + p0 + v * Lanes::kCount);
    for (int n = 0; n < neurons; ++n)  // b + w·in written w·in + b (the same sum): b broadcast
      for (int v = 0; v < vectors; ++v) sum[n][v] = weights[n * input_count] * in[v] + biases[n];
    for (int i = 1; i < input_count; ++i) {
      const float* row = inputs + i * kDenseBlock + p0;
      for (int v = 0; v < vectors; ++v) in[v] = lanes_at<Lanes>(row + v * Lanes::kCount);
      for (int n = 0; n < neurons; ++n) {
        const float w = weights[n * input_count + i];
        for (int v = 0; v < vectors; ++v) sum[n][v] += w * in[v];
      }
    }
    for (int n = 0; n < neurons; ++n)
      for (int v = 0; v < vectors; ++v)
        lanes_at<Lanes>(z + n * kDenseBlock + p0 + v * Lanes::kCount) = sum[n][v];
  }
}

// The activation in place: its row's float function (tanh and σ are the float twins of the op
// table's, nn_float_math.hpp), one loop per row so that the compiler inlines and vectorizes it.
template <int I>
GF_DENSE_INLINE void activate_row(float* z) {
  // (A plain if, which still folds: under -fsanitize=undefined GCC 12 does not take a table
  // row's function pointer compared with nullptr as a constant expression.)
  if (kActivations[I].gates != nullptr)  // linear: nothing to do
    for (int p = 0; p < kDenseBlock; ++p) z[p] = kActivations[I].value_float(z[p]);
}
template <int... I>
GF_DENSE_INLINE void activate_rows(Activation activation, float* z,
                                   std::integer_sequence<int, I...>) {
  (void)((activation == kActivations[I].activation && (activate_row<I>(z), true)) || ...);
}
GF_DENSE_INLINE void activate(Activation activation, float* z) {
  activate_rows(activation, z, std::make_integer_sequence<int, kActivationCount>{});
}

// Where the hidden neurons' outputs go (dense_neuron_grids), or nowhere (grid_pixels == 0).
struct NeuronSink {
  float* grids = nullptr;  // neuron t's grid starts at grids + t·grid_pixels
  std::size_t grid_pixels = 0;
  std::size_t first_pixel = 0;  // of this block
  int count = 0;                // valid pixels in this block
};

// The first `layers` layers over one block: `in` holds the features; returns the last one's
// activations ([neuron][pixel], in one of the two buffers). Neurons four at a time, the last
// one to three with more pixels each, so that every call has about 8 sums in flight.
template <class Lanes>
GF_DENSE_INLINE const float* run_layers_with(const NetworkArrays& net, std::size_t layers,
                                             float* in, float* out, NeuronSink sink) {
  int neuron = 0;  // hidden neurons written so far, for the sink
  for (std::size_t l = 0; l < layers; ++l) {
    const int inputs = net.layer_sizes[l], outputs = net.layer_sizes[l + 1];
    const float* weights = net.weights.data() + net.weight_offsets[l];
    const float* biases = net.biases.data() + net.bias_offsets[l];
    for (int j = 0; j < outputs; j += 4) {
      const float* w = weights + j * inputs;
      float* z = out + j * kDenseBlock;
      switch (std::min(4, outputs - j)) {
        case 4:
          weighted_sums<Lanes, 4, 2>(w, biases + j, in, inputs, z);
          break;
        case 3:
          weighted_sums<Lanes, 3, 2>(w, biases + j, in, inputs, z);
          break;
        case 2:
          weighted_sums<Lanes, 2, 4>(w, biases + j, in, inputs, z);
          break;
        default:
          weighted_sums<Lanes, 1, 4>(w, biases + j, in, inputs, z);
          break;
      }
    }
    const Activation activation = static_cast<Activation>(net.activations[l]);
    for (int j = 0; j < outputs; ++j) activate(activation, out + j * kDenseBlock);
    if (sink.grid_pixels > 0) {
      for (int j = 0; j < outputs; ++j, ++neuron) {
        float* grid = sink.grids + neuron * sink.grid_pixels + sink.first_pixel;
        const float* z = out + j * kDenseBlock;
        for (int p = 0; p < sink.count; ++p) grid[p] = z[p];
      }
    }
    std::swap(in, out);
  }
  return in;
}

[[gnu::noinline]] const float* run_layers_baseline(const NetworkArrays& net, std::size_t layers,
                                                   float* in, float* out, NeuronSink sink) {
  return run_layers_with<Lanes4>(net, layers, in, out, sink);
}
#ifdef GF_DENSE_AVX2
[[gnu::noinline, gnu::target("avx2")]] const float* run_layers_avx2(const NetworkArrays& net,
                                                                    std::size_t layers, float* in,
                                                                    float* out, NeuronSink sink) {
  return run_layers_with<Lanes8>(net, layers, in, out, sink);
}
#endif

// The AVX2 kernel where the CPU has AVX2 (unless the scratch asks for the baseline one).
const float* run_layers(const NetworkArrays& net, std::size_t layers, DenseScratch& scratch,
                        NeuronSink sink) {
  float* in = scratch.layer_a.data();
  float* out = scratch.layer_b.data();
#ifdef GF_DENSE_AVX2
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  if (has_avx2 && scratch.use_avx2) return run_layers_avx2(net, layers, in, out, sink);
#endif
  return run_layers_baseline(net, layers, in, out, sink);
}

}  // namespace

// [SECTION] Grids -------------------------------------------------------------------------------

void dense_grid_scores(const NetworkArrays& net, const PlaneBox& box, int width, int height,
                       int first_row, int end_row, std::span<float> scores, DenseScratch& scratch) {
  if (width <= 0 || height <= 0 || first_row < 0 || end_row > height || first_row >= end_row)
    return;
  if (!is_well_formed(net)) return;
  const std::size_t outputs = output_count_of(net);
  const std::size_t begin = static_cast<std::size_t>(first_row) * width;
  const std::size_t end = static_cast<std::size_t>(end_row) * width;
  if (scores.size() < (end - begin) * outputs) return;
  const GridGeometry grid(box, width, height);
  load_column_features(net, grid, scratch);
  for (std::size_t start = begin; start < end; start += kDenseBlock) {
    const int n = static_cast<int>(std::min<std::size_t>(kDenseBlock, end - start));
    load_features(net, grid, scratch.column_features, start, n, scratch.layer_a.data());
    const float* result = run_layers(net, net.activations.size(), scratch, {});
    float* pixel_scores = scores.data() + (start - begin) * outputs;
    for (int p = 0; p < n; ++p)
      for (std::size_t k = 0; k < outputs; ++k)
        pixel_scores[p * outputs + k] = result[k * kDenseBlock + p];
  }
}

void dense_neuron_grids(const NetworkArrays& net, const PlaneBox& box, int width, int height,
                        std::span<float> outputs, DenseScratch& scratch) {
  if (width <= 0 || height <= 0 || !is_well_formed(net)) return;
  const std::size_t pixels = static_cast<std::size_t>(width) * height;
  const std::size_t neurons = hidden_neuron_count(net);
  if (neurons == 0 || outputs.size() < neurons * pixels) return;
  const GridGeometry grid(box, width, height);
  load_column_features(net, grid, scratch);
  for (std::size_t start = 0; start < pixels; start += kDenseBlock) {
    const int n = static_cast<int>(std::min<std::size_t>(kDenseBlock, pixels - start));
    load_features(net, grid, scratch.column_features, start, n, scratch.layer_a.data());
    run_layers(net, net.activations.size() - 1, scratch,  // the hidden layers only
               {outputs.data(), pixels, start, n});
  }
}

}  // namespace gf::nn
