// nn_weight_trace.hpp — "why did this weight move": what the lab shows about one parameter.
//
// WeightTrace keeps, for every parameter, the last SGD update exactly as the trainer applied it
// (the numbers before, the gradient, the learning rate, momentum's velocity and the result), so
// that w ← w − lr·∂L/∂w can be written out with the very numbers, and a bounded history of the
// values for a sparkline. The trainer fills it (Trainer::set_trace_depth); it is off by default
// so that the CLI and the benchmarks pay nothing.
//
// Memory bound: depth × parameters floats for the history (256 steps of the largest network,
// 8 layers of 32, ~8,700 parameters: 8.9 MB), plus five doubles per parameter for the last
// update. All of it is sized once (resize); recording a step allocates nothing.
//
// Also here, for the lab's "∂L/∂w for the current batch" and hinge's margin: the gradient of the
// full training batch at the current parameters (GradientProbe) and the points inside the margin.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nn_tape.hpp"

namespace gf::nn {

class Trainer;
struct ModelSpec;
struct Dataset;

// One parameter's last update (train_steps' step 4): direction = g, or with momentum
// v ← μ·v + g and direction = v; then w ← w − lr·direction.
struct ParameterUpdate {
  int step = 0;  // the step (1-based) that made it; 0: none recorded yet
  double before = 0, gradient = 0, learning_rate = 0, momentum = 0;
  double velocity_before = 0, velocity_after = 0;  // momentum only
  double after = 0;                                // what the trainer wrote
  double direction() const { return momentum > 0 ? velocity_after : gradient; }
  // The update recomputed from the numbers, in the trainer's operations: equals `after` bit for
  // bit (tests/unit/test_nn_weight_trace.cpp).
  double recomputed() const {
    const double direction = momentum > 0 ? momentum * velocity_before + gradient : gradient;
    return before - learning_rate * direction;
  }
};

// The update written out with its numbers (4 significant digits, − for minus):
//   "w2_1_0 ← 0.4213 − 0.03 · (−0.117) = 0.4248"; with momentum two lines, first
//   "v ← 0.9 · 0.012 + (−0.117) = −0.1062".
std::vector<std::string> write_update(const std::string& name, const ParameterUpdate& update);
// A number as write_update writes it: %.4g with a real minus sign, in parentheses when negative
// and `parenthesize`.
std::string update_number(double value, bool parenthesize = false);

class WeightTrace {
 public:
  static constexpr int kDefaultDepth = 256;
  // Sized for `parameters` and `depth` steps of history (0: off); cleared.
  void resize(int parameters, int depth);
  bool enabled() const { return depth_ > 0 && parameters_ > 0; }
  int depth() const { return depth_; }
  void clear();

  // [SECTION] Recording (the trainer)
  // Before the update loop: the step being made, its learning rate and momentum, and the
  // parameters, gradients and velocity as they are before it.
  void before_update(int step, double learning_rate, double momentum,
                     std::span<const double> parameters, std::span<const double> gradients,
                     std::span<const double> velocity);
  // After it: the parameters written; one history entry for `step`.
  void after_update(std::span<const double> parameters);
  // Values that did not come from a step (the start, a reset, an edit, a restored state): one
  // history entry at `step`.
  void record_values(int step, std::span<const double> parameters);
  // A run taken back to `step` (rewind): later history entries and a later last update go.
  void cut_after(int step);

  // [SECTION] Reading
  ParameterUpdate last_update(int parameter) const;
  int last_step() const { return last_step_; }  // the last update's step (0: none)
  // Whether `parameters` are what the last update left (false after an edit or without one).
  bool matches_last_update(std::span<const double> parameters) const;
  int history_size() const { return count_; }  // entries kept (≤ depth)
  // Parameter `parameter`'s kept values, oldest first, into `values` and their steps into
  // `steps` (either may be empty); returns how many (≤ history_size()).
  int history(int parameter, std::span<float> values, std::span<int> steps = {}) const;

 private:
  int parameters_ = 0, depth_ = 0;
  // The ring: entry e (0 oldest) is row (first_ + e) % depth_, holding parameters_ floats.
  std::vector<float> ring_;
  std::vector<int> ring_step_;
  int first_ = 0, count_ = 0;
  // The last update, by parameter.
  int last_step_ = 0;
  double learning_rate_ = 0, momentum_ = 0;
  std::vector<double> before_, gradient_, velocity_before_, after_;
  void push(int step, std::span<const double> parameters);
};

// The gradient of the mean loss over every training point at the trainer's current parameters,
// plus the regularisation's, as a full-batch step would compute it (up to 1,024 points in one
// pass, bit for bit the trainer's next full-batch gradient; more in chunks of 1,024). Sized on
// first use; again only when the network or the points grow.
class GradientProbe {
 public:
  static constexpr int kChunk = 1024;
  void compute(const Trainer& trainer, std::vector<double>& gradient);

 private:
  BatchBuffers buffers_;
  std::vector<double> chunk_gradient_;
  std::vector<std::int32_t> points_;
};

// The points whose hinge loss is above zero with these parameters: y·s < 1 with one score (y =
// ±1), else some other class's score within 1 of the true one's (CS231n's multiclass SVM). Those
// are the points that still pull on the weights. Training points only when `training_only`.
// `inside` gets one flag per dataset point. Any other loss (or parameters of another network):
// every flag 0. Costs a forward pass per point (points × parameters multiply-adds).
void points_inside_margin(const ModelSpec& model, std::span<const double> parameters,
                          const Dataset& dataset, bool training_only,
                          std::vector<std::uint8_t>& inside);

}  // namespace gf::nn
