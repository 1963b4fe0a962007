// The dense float evaluator (nn_dense.hpp) against the tape, the reference: the same scores and
// neuron outputs to float precision on random models, bands equal to the whole grid bit for bit,
// the AVX2 and baseline kernels equal too, thin grids, no hidden layer, NaN weights, and its float
// tanh and σ.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <vector>

#include "nn_dense.hpp"
#include "nn_random.hpp"
#include "nn_train.hpp"

using namespace gf;
using namespace gf::nn;

namespace {

// Points labelled by the sector of their angle: something a few steps of training can start on.
Dataset sector_points(Rng& rng, int classes) {
  Dataset data;
  for (int i = 0; i < 40; ++i) {
    const double x = rng.uniform(-5, 5), y = rng.uniform(-5, 5);
    const double turn = (std::atan2(y, x) + std::numbers::pi) / (2 * std::numbers::pi);  // [0, 1]
    data.add_point(x, y, std::min(classes - 1, static_cast<int>(turn * classes)));
  }
  data.classes = classes;
  return data;
}

// Any valid model: a random feature subset in a random order, 0-8 hidden layers of 1-32 neurons
// with random activations, 2-4 classes, any loss, initialisation and seed.
ModelSpec random_model(Rng& rng) {
  ModelSpec spec;
  std::vector<Feature> all;
  for (int f = 0; f < static_cast<int>(Feature::Count_); ++f)
    all.push_back(static_cast<Feature>(f));
  for (std::size_t i = all.size() - 1; i > 0; --i) std::swap(all[i], all[rng.below(i + 1)]);
  spec.features.assign(all.begin(), all.begin() + 1 + rng.below(all.size()));
  spec.hidden.clear();
  const int layers = static_cast<int>(rng.below(kMaxHiddenLayers + 1));
  for (int l = 0; l < layers; ++l)
    spec.hidden.push_back({1 + static_cast<int>(rng.below(kMaxNeurons)),
                           static_cast<Activation>(rng.below(kActivationCount))});
  spec.output_activation = rng.below(2) == 0 ? Activation::Linear : Activation::Tanh;
  spec.classes = 2 + static_cast<int>(rng.below(3));
  spec.loss = static_cast<LossKind>(rng.below(4));
  spec.init = static_cast<InitScheme>(rng.below(3));
  spec.init_seed = rng.next_u64();
  return spec;
}

// A few steps of training, undone if they leave float's range: a large learning rate makes some
// models (deep linear layers, squared error) diverge, and parameters beyond ±3.4e38 are infinite
// once exported as float, which the tape, in double, does not see.
void train_within_float_range(Trainer& trainer, int steps) {
  trainer.train_steps(steps);
  double largest = 0;
  for (double p : trainer.parameters()) largest = std::max(largest, std::fabs(p));
  if (trainer.status() == TrainStatus::Diverged || !(largest < 1e3)) trainer.reset();
}

PlaneBox random_box(Rng& rng) {
  const double x_min = rng.uniform(-8, 2), y_min = rng.uniform(-8, 2);
  return {x_min, x_min + rng.uniform(0.5, 12), y_min, y_min + rng.uniform(0.5, 12)};
}

int predicted(std::span<const float> scores) {
  std::vector<double> wide(scores.begin(), scores.end());
  return predicted_class(wide);
}

// Dense values against the tape's. The dense evaluator rounds the features, the weights and
// every product, sum and activation to float, so where a model sums large terms that cancel
// (x1² and x1·x2 reach 200 in the random boxes below, linear layers pass large values on) float's
// own error exceeds 1e-4 relative: over 9,600 random models (40 seeds of the test below) 77 of
// 560 million values did, the largest by 4.1e-4, at most 2.2e-5 of one run's scores. So every
// value must be within 1e-3·(1 + |tape|), and at most 1 in 10^4 beyond 1e-4·(1 + |tape|) (a
// wrong weight, pixel or activation breaks both by far). NaN only where the tape has NaN.
struct Comparison {
  double largest_difference = 0;  // |dense − tape| / (1 + |tape|)
  long values = 0, beyond_1e4 = 0, mismatches = 0;

  void check(std::span<const float> dense, std::span<const float> reference) {
    REQUIRE(dense.size() == reference.size());
    for (std::size_t i = 0; i < dense.size(); ++i) {
      ++values;
      const double d = dense[i], r = reference[i];
      if (std::isnan(r) || std::isnan(d)) {
        if (std::isnan(r) != std::isnan(d)) ++mismatches;
        continue;
      }
      if (d == r) continue;  // also equal infinities
      const double difference = std::fabs(d - r) / (1.0 + std::fabs(r));
      largest_difference = std::max(largest_difference, difference);
      if (difference <= 1e-4) continue;
      ++beyond_1e4;
      if (difference <= 1e-3) continue;
      if (mismatches == 0) MESSAGE("first mismatch: dense " << d << ", tape " << r);
      ++mismatches;
    }
  }
  bool passed() const { return mismatches == 0 && beyond_1e4 * 10'000 <= values; }
};

}  // namespace

// Sanitizer builds are tens of times slower here: a quarter of the models keeps CI short, and
// every kind of model (activation, depth, loss) still comes up many times.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kRandomModels = 60;
#else
constexpr int kRandomModels = 240;
#endif

TEST_CASE("dense: random models give the tape's scores and neuron outputs to float precision") {
  Rng rng(20240613);
  Comparison scores_comparison, neurons_comparison;
  long pixels_total = 0, class_differences = 0;
  NetworkArrays net;
  DenseScratch scratch;
  const int width = 37, height = 23;  // not a multiple of a block
  const std::size_t pixels = static_cast<std::size_t>(width) * height;
  std::vector<float> reference, dense;
  for (int model = 0; model < kRandomModels; ++model) {
    const ModelSpec spec = random_model(rng);
    TrainConfig config;
    config.learning_rate = rng.uniform(0.01, 0.2);
    Result<Trainer> created = Trainer::create(spec, config, sector_points(rng, spec.classes));
    REQUIRE_MESSAGE(created, created.reason());
    Trainer& trainer = *created;
    if (model % 2 == 1) train_within_float_range(trainer, 1 + static_cast<int>(rng.below(15)));
    trainer.export_network(net);
    const PlaneBox box = random_box(rng);

    const std::size_t outputs = output_count(spec);
    reference.assign(pixels * outputs, 0.0f);
    dense.assign(pixels * outputs, -1.0f);
    trainer.evaluate_grid(box, width, height, reference);
    dense_grid_scores(net, box, width, height, 0, height, dense, scratch);
    scores_comparison.check(dense, reference);
    for (std::size_t p = 0; p < pixels; ++p) {
      const std::span<const float> d(dense.data() + p * outputs, outputs);
      const std::span<const float> r(reference.data() + p * outputs, outputs);
      class_differences += predicted(d) != predicted(r);
    }
    pixels_total += static_cast<long>(pixels);

    const int neurons = trainer.hidden_neuron_count();
    CHECK(hidden_neuron_count(net) == neurons);
    reference.assign(neurons * pixels, 0.0f);
    dense.assign(neurons * pixels, -1.0f);
    trainer.evaluate_neuron_grids(box, width, height, reference);
    dense_neuron_grids(net, box, width, height, dense, scratch);
    neurons_comparison.check(dense, reference);
  }
  MESSAGE("largest |dense - tape| / (1 + |tape|): scores "
          << scores_comparison.largest_difference << ", neurons "
          << neurons_comparison.largest_difference
          << "; beyond 1e-4: " << scores_comparison.beyond_1e4 << " of " << scores_comparison.values
          << " scores, " << neurons_comparison.beyond_1e4 << " of " << neurons_comparison.values
          << " neuron values; predicted class differs on " << class_differences << " of "
          << pixels_total << " pixels");
  CHECK(scores_comparison.passed());
  CHECK(neurons_comparison.passed());
  CHECK(class_differences * 1000 <= pixels_total);  // the same class on ≥ 99.9 % of pixels
}

TEST_CASE("dense: a band of rows is those rows of the whole grid, bit for bit") {
  ModelSpec spec;
  spec.features = {Feature::X1, Feature::X2, Feature::X1X2, Feature::SinX2};
  spec.hidden = {{7, Activation::Tanh}, {5, Activation::Relu}, {6, Activation::Sigmoid}};
  spec.classes = 3;
  spec.loss = LossKind::Softmax;
  NetworkArrays net;
  export_network(spec, initial_parameters(spec), net);
  DenseScratch scratch;
  const PlaneBox box{-3, 5, -6, 1};
  const int width = 29, height = 17, outputs = 3;
  std::vector<float> whole(static_cast<std::size_t>(width) * height * outputs);
  dense_grid_scores(net, box, width, height, 0, height, whole, scratch);
  for (auto [first, end] : {std::pair{0, 1}, {0, 5}, {5, 6}, {6, 17}, {3, 14}, {16, 17}}) {
    std::vector<float> band(static_cast<std::size_t>(width) * (end - first) * outputs, -7.0f);
    dense_grid_scores(net, box, width, height, first, end, band, scratch);
    CHECK(std::memcmp(band.data(), whole.data() + static_cast<std::size_t>(width) * first * outputs,
                      band.size() * sizeof(float)) == 0);
  }
  // An empty or out-of-range band, or too small a span, writes nothing.
  std::vector<float> untouched(whole.size(), -7.0f);
  dense_grid_scores(net, box, width, height, 4, 4, untouched, scratch);
  dense_grid_scores(net, box, width, height, 10, 18, untouched, scratch);
  dense_grid_scores(net, box, width, height, 0, height, std::span(untouched).first(10), scratch);
  CHECK(std::all_of(untouched.begin(), untouched.end(), [](float v) { return v == -7.0f; }));
}

TEST_CASE("dense: the AVX2 and the baseline x86-64 kernels give the same bits") {
  Rng rng(99);
  DenseScratch avx2, baseline;
  baseline.use_avx2 = false;  // on a CPU without AVX2 both are the baseline kernel
  const int width = 37, height = 23;
  const std::size_t pixels = static_cast<std::size_t>(width) * height;
  auto same_bits = [](const std::vector<float>& a, const std::vector<float>& b) {
    return std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
  };
  for (int model = 0; model < 20; ++model) {
    const ModelSpec spec = random_model(rng);
    NetworkArrays net;
    export_network(spec, initial_parameters(spec), net);
    const PlaneBox box = random_box(rng);
    std::vector<float> a(pixels * output_count(spec), 1.0f), b(a.size(), 2.0f);
    dense_grid_scores(net, box, width, height, 0, height, a, avx2);
    dense_grid_scores(net, box, width, height, 0, height, b, baseline);
    CHECK(same_bits(a, b));
    a.assign(pixels * hidden_neuron_count(net), 1.0f);
    b.assign(a.size(), 2.0f);
    dense_neuron_grids(net, box, width, height, a, avx2);
    dense_neuron_grids(net, box, width, height, b, baseline);
    CHECK(same_bits(a, b));
  }
}

TEST_CASE("dense: grids one pixel wide or high, and a network without hidden layers") {
  ModelSpec deep;
  deep.features = {Feature::X1, Feature::X2Squared, Feature::SinX1};
  deep.hidden = {{9, Activation::Relu}, {4, Activation::Tanh}};
  ModelSpec flat;  // no hidden layer: the scores are a linear function of the features
  flat.hidden.clear();
  flat.features = {Feature::X1, Feature::X2, Feature::X1Squared};
  flat.classes = 4;
  flat.loss = LossKind::SquaredError;
  Rng rng(7);
  for (const ModelSpec& spec : {deep, flat}) {
    Result<Trainer> created = Trainer::create(spec, {}, sector_points(rng, spec.classes));
    REQUIRE(created);
    created->train_steps(5);
    NetworkArrays net;
    created->export_network(net);
    DenseScratch scratch;
    const PlaneBox box{-4, 4, -2, 6};
    for (auto [width, height] : {std::pair{1, 1}, {1, 70}, {70, 1}, {3, 2}}) {
      const std::size_t size = static_cast<std::size_t>(width) * height * output_count(spec);
      std::vector<float> reference(size), dense(size);
      created->evaluate_grid(box, width, height, reference);
      dense_grid_scores(net, box, width, height, 0, height, dense, scratch);
      Comparison comparison;
      comparison.check(dense, reference);
      CHECK((comparison.mismatches == 0 && comparison.beyond_1e4 == 0));
    }
  }
  NetworkArrays net;
  export_network(flat, initial_parameters(flat), net);
  CHECK(hidden_neuron_count(net) == 0);
  DenseScratch scratch;
  std::vector<float> none(16, -7.0f);
  dense_neuron_grids(net, {}, 4, 4, none, scratch);  // nothing to draw
  CHECK(std::all_of(none.begin(), none.end(), [](float v) { return v == -7.0f; }));
  dense_grid_scores(NetworkArrays{}, {}, 4, 4, 0, 4, none, scratch);  // an empty network
  CHECK(std::all_of(none.begin(), none.end(), [](float v) { return v == -7.0f; }));
}

TEST_CASE("dense: NaN and infinite weights propagate as on the tape, without a crash") {
  ModelSpec spec;
  spec.hidden = {{6, Activation::Tanh}, {6, Activation::Relu}, {3, Activation::Sigmoid}};
  spec.classes = 3;
  spec.loss = LossKind::Softmax;
  Rng rng(3);
  Result<Trainer> created = Trainer::create(spec, {}, sector_points(rng, 3));
  REQUIRE(created);
  std::vector<double> parameters = initial_parameters(spec);
  const int last_bias = static_cast<int>(parameters.size()) - 1;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const int width = 9, height = 5;  // row 2 is y = 0, where inf·y is NaN
  for (bool nan_score : {false, true}) {
    // w1_0_0: h1_0 is NaN, and ReLU makes the NaN it reads 0 (NaN > 0 is false); w1_1_1: h1_1
    // is tanh(±inf) = ±1, or NaN where x2 = 0.
    parameters[0] = nan;
    parameters[3] = inf;
    if (nan_score) parameters[last_bias] = nan;
    REQUIRE(created->set_parameters(parameters));
    NetworkArrays net;
    created->export_network(net);
    DenseScratch scratch;
    std::vector<float> reference(static_cast<std::size_t>(width) * height * 3),
        dense(reference.size());
    created->evaluate_grid({}, width, height, reference);
    dense_grid_scores(net, {}, width, height, 0, height, dense, scratch);
    Comparison comparison;
    comparison.check(dense, reference);
    CHECK(std::isnan(dense[2]) == nan_score);
    reference.assign(std::size_t{15} * width * height, 0.0f);
    dense.assign(reference.size(), 0.0f);
    created->evaluate_neuron_grids({}, width, height, reference);
    dense_neuron_grids(net, {}, width, height, dense, scratch);
    comparison.check(dense, reference);
    CHECK((comparison.mismatches == 0 && comparison.beyond_1e4 == 0));
    CHECK(std::isnan(dense[0]));
    CHECK(std::fabs(dense[width * height]) == 1);
    CHECK(std::isnan(dense[width * height + 2 * width]));
  }
}

namespace {

// Loops over the float tanh and σ as the kernel runs them: vectorized for AVX2 and for baseline
// x86-64, and one call at a time through a function pointer (scalar code). The loop is inlined
// into each wrapper, so that it is compiled for the wrapper's target (not called from it).
template <bool kTanh>
[[gnu::always_inline]] inline void run_activation(const float* x, float* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = kTanh ? dense_math::tanh(x[i]) : dense_math::sigmoid(x[i]);
}
template <bool kTanh>
[[gnu::noinline]] void run_activation_baseline(const float* x, float* out, int n) {
  run_activation<kTanh>(x, out, n);
}
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define GF_TEST_DENSE_AVX2 1
template <bool kTanh>
[[gnu::noinline, gnu::target("avx2")]] void run_activation_avx2(const float* x, float* out, int n) {
  run_activation<kTanh>(x, out, n);
}
#endif
template <bool kTanh>
[[gnu::noinline]] float activation_scalar(float x) {
  return kTanh ? dense_math::tanh(x) : dense_math::sigmoid(x);
}

template <bool kTanh>
void check_same_bits_everywhere(const std::vector<float>& xs) {
  const int n = static_cast<int>(xs.size());
  std::vector<float> baseline(xs.size()), scalar(xs.size());
  run_activation_baseline<kTanh>(xs.data(), baseline.data(), n);
  float (*volatile function)(float) = activation_scalar<kTanh>;
  for (int i = 0; i < n; ++i) scalar[i] = function(xs[i]);
  CHECK(std::memcmp(baseline.data(), scalar.data(), xs.size() * sizeof(float)) == 0);
#ifdef GF_TEST_DENSE_AVX2
  if (__builtin_cpu_supports("avx2")) {
    std::vector<float> avx2(xs.size());
    run_activation_avx2<kTanh>(xs.data(), avx2.data(), n);
    CHECK(std::memcmp(avx2.data(), baseline.data(), xs.size() * sizeof(float)) == 0);
  } else {
    MESSAGE("no AVX2 on this CPU: only the baseline code was compared");
  }
#endif
}

}  // namespace

TEST_CASE("dense: float tanh and sigmoid, the same bits vectorized (AVX2, baseline) and scalar") {
  Rng rng(5);
  std::vector<float> xs;
  for (int k = 0; k < 100000; ++k) xs.push_back(static_cast<float>(rng.uniform(-100, 100)));
  for (int k = 0; k < 100000; ++k) xs.push_back(static_cast<float>(std::exp(rng.uniform(-90, 5))));
  const float inf = std::numeric_limits<float>::infinity();
  for (float x : {inf, -inf, 0.0f, -0.0f, std::numeric_limits<float>::quiet_NaN()}) xs.push_back(x);
  check_same_bits_everywhere<true>(xs);
  check_same_bits_everywhere<false>(xs);
}

TEST_CASE("dense: float tanh and sigmoid within 4 float ulps, with vector_math's special values") {
  // Relative to the exact value (std::tanh and the logistic in double), over magnitudes from 1e-8
  // to saturation, both signs; 4 ulps of float are at most 4·2^-23 relative.
  Rng rng(11);
  double largest_tanh = 0, largest_sigmoid = 0;
  for (int k = 0; k < 200000; ++k) {
    const double magnitude = k % 2 == 0 ? std::exp(rng.uniform(-18.4, 2.5)) : rng.uniform(0, 12);
    const float x = static_cast<float>(k % 4 < 2 ? magnitude : -magnitude);
    const double exact_tanh = std::tanh(static_cast<double>(x));
    largest_tanh =
        std::max(largest_tanh, std::fabs(dense_math::tanh(x) - exact_tanh) / std::fabs(exact_tanh));
    const float y = static_cast<float>(rng.uniform(-87, 30));
    const double exact_sigmoid = 1 / (1 + std::exp(-static_cast<double>(y)));
    largest_sigmoid = std::max(largest_sigmoid,
                               std::fabs(dense_math::sigmoid(y) - exact_sigmoid) / exact_sigmoid);
  }
  MESSAGE("float tanh within " << largest_tanh / 0x1p-24 << " and sigmoid within "
                               << largest_sigmoid / 0x1p-24 << " units of 2^-24 relative");
  CHECK(largest_tanh <= 4 * 0x1p-23);
  CHECK(largest_sigmoid <= 4 * 0x1p-23);

  const float inf = std::numeric_limits<float>::infinity();
  CHECK(std::signbit(dense_math::tanh(-0.0f)));
  CHECK(dense_math::tanh(0.0f) == 0.0f);
  CHECK_FALSE(std::signbit(dense_math::tanh(0.0f)));
  CHECK(dense_math::tanh(inf) == 1.0f);
  CHECK(dense_math::tanh(-inf) == -1.0f);
  CHECK(dense_math::tanh(20.0f) == 1.0f);
  CHECK(std::isnan(dense_math::tanh(std::numeric_limits<float>::quiet_NaN())));
  CHECK(dense_math::sigmoid(0.0f) == 0.5f);
  CHECK(dense_math::sigmoid(inf) == 1.0f);
  CHECK(dense_math::sigmoid(-inf) >= 0.0f);
  CHECK(dense_math::sigmoid(-inf) < 1e-37f);
  CHECK(std::isnan(dense_math::sigmoid(std::numeric_limits<float>::quiet_NaN())));
}
