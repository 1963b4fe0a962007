// nn_weight_trace.cpp — see nn_weight_trace.hpp.
//
// Index
//   [SECTION] Writing an update out
//   [SECTION] The trace
//   [SECTION] The full batch's gradient
//   [SECTION] Hinge's margin
#include "nn_weight_trace.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "nn_train.hpp"

namespace gf::nn {

// [SECTION] Writing an update out ----------------------------------------------------------------

std::string update_number(double value, bool parenthesize) {
  char text[40];
  std::snprintf(text, sizeof text, "%.4g", std::fabs(value));
  if (!(value < 0)) return text;
  const std::string negative = "\xe2\x88\x92" + std::string(text);  // U+2212 minus
  return parenthesize ? "(" + negative + ")" : negative;
}

std::vector<std::string> write_update(const std::string& name, const ParameterUpdate& update) {
  std::vector<std::string> lines;
  const std::string arrow = " \xe2\x86\x90 ", dot = " \xc2\xb7 ", minus = " \xe2\x88\x92 ";
  std::string direction = update_number(update.gradient, true);
  if (update.momentum > 0) {
    lines.push_back("v" + arrow + update_number(update.momentum) + dot +
                    update_number(update.velocity_before, true) + " + " +
                    update_number(update.gradient, true) + " = " +
                    update_number(update.velocity_after));
    direction = update_number(update.velocity_after, true);
  }
  lines.push_back(name + arrow + update_number(update.before) + minus +
                  update_number(update.learning_rate) + dot + direction + " = " +
                  update_number(update.after));
  return lines;
}

// [SECTION] The trace ----------------------------------------------------------------------------

void WeightTrace::resize(int parameters, int depth) {
  parameters_ = std::max(parameters, 0);
  depth_ = std::max(depth, 0);
  const std::size_t p = static_cast<std::size_t>(parameters_);
  ring_.assign(p * static_cast<std::size_t>(depth_), 0.0f);
  ring_step_.assign(static_cast<std::size_t>(depth_), 0);
  before_.assign(p, 0.0);
  gradient_.assign(p, 0.0);
  velocity_before_.assign(p, 0.0);
  after_.assign(p, 0.0);
  clear();
}

void WeightTrace::clear() {
  first_ = count_ = 0;
  last_step_ = 0;
}

void WeightTrace::before_update(int step, double learning_rate, double momentum,
                                std::span<const double> parameters,
                                std::span<const double> gradients,
                                std::span<const double> velocity) {
  if (!enabled() || parameters.size() != before_.size()) return;
  last_step_ = step;
  learning_rate_ = learning_rate;
  momentum_ = momentum;
  std::copy(parameters.begin(), parameters.end(), before_.begin());
  std::copy(gradients.begin(), gradients.end(), gradient_.begin());
  std::copy(velocity.begin(), velocity.end(), velocity_before_.begin());
}

void WeightTrace::after_update(std::span<const double> parameters) {
  if (!enabled() || parameters.size() != after_.size()) return;
  std::copy(parameters.begin(), parameters.end(), after_.begin());
  push(last_step_, parameters);
}

void WeightTrace::record_values(int step, std::span<const double> parameters) {
  if (!enabled() || parameters.size() != after_.size()) return;
  push(step, parameters);
}

void WeightTrace::push(int step, std::span<const double> parameters) {
  int row = (first_ + count_) % depth_;
  if (count_ == depth_) {  // full: the oldest entry's row is reused
    row = first_;
    first_ = (first_ + 1) % depth_;
  } else {
    ++count_;
  }
  float* out = &ring_[static_cast<std::size_t>(row) * static_cast<std::size_t>(parameters_)];
  for (std::size_t j = 0; j < parameters.size(); ++j) out[j] = static_cast<float>(parameters[j]);
  ring_step_[static_cast<std::size_t>(row)] = step;
}

void WeightTrace::cut_after(int step) {
  while (count_ > 0 && ring_step_[static_cast<std::size_t>((first_ + count_ - 1) % depth_)] > step)
    --count_;
  if (last_step_ > step) last_step_ = 0;
}

bool WeightTrace::matches_last_update(std::span<const double> parameters) const {
  return last_step_ > 0 &&
         std::equal(parameters.begin(), parameters.end(), after_.begin(), after_.end());
}

ParameterUpdate WeightTrace::last_update(int parameter) const {
  ParameterUpdate update;
  if (last_step_ == 0 || parameter < 0 || parameter >= parameters_) return update;
  const std::size_t j = static_cast<std::size_t>(parameter);
  update.step = last_step_;
  update.before = before_[j];
  update.gradient = gradient_[j];
  update.learning_rate = learning_rate_;
  update.momentum = momentum_;
  update.velocity_before = velocity_before_[j];
  // (the trainer's expression: the same double operations, the same bits)
  update.velocity_after = momentum_ > 0 ? momentum_ * velocity_before_[j] + gradient_[j] : 0.0;
  update.after = after_[j];
  return update;
}

int WeightTrace::history(int parameter, std::span<float> values, std::span<int> steps) const {
  if (parameter < 0 || parameter >= parameters_) return 0;
  const std::size_t wanted = std::max(values.size(), steps.size());
  const int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(count_), wanted));
  const int skip = count_ - n;  // the newest n
  for (int e = 0; e < n; ++e) {
    const std::size_t row = static_cast<std::size_t>((first_ + skip + e) % depth_);
    if (static_cast<std::size_t>(e) < values.size())
      values[static_cast<std::size_t>(e)] =
          ring_[row * static_cast<std::size_t>(parameters_) + static_cast<std::size_t>(parameter)];
    if (static_cast<std::size_t>(e) < steps.size())
      steps[static_cast<std::size_t>(e)] = ring_step_[row];
  }
  return n;
}

// [SECTION] The full batch's gradient ------------------------------------------------------------

void GradientProbe::compute(const Trainer& trainer, std::vector<double>& gradient) {
  const std::span<const double> parameters = trainer.parameters();
  gradient.assign(parameters.size(), 0.0);
  const Dataset& data = trainer.dataset();
  points_.clear();
  for (int i = 0; i < data.size(); ++i)
    if (!data.is_test[static_cast<std::size_t>(i)]) points_.push_back(i);
  if (points_.empty()) return;
  const BatchTape& tape = trainer.tape();
  const PointGraph& graph = trainer.point_graph();
  const int chunk = std::min<int>(kChunk, static_cast<int>(points_.size()));
  if (buffers_.capacity() < chunk) buffers_.resize_for(tape, chunk);
  chunk_gradient_.resize(parameters.size());
  const double seed = 1.0 / static_cast<double>(points_.size());
  for (std::size_t start = 0; start < points_.size(); start += static_cast<std::size_t>(chunk)) {
    const int n = static_cast<int>(std::min<std::size_t>(chunk, points_.size() - start));
    for (std::size_t c = 0; c < graph.point_inputs.size(); ++c) {
      double* row = input_row(tape, buffers_, static_cast<int>(c));
      if (row == nullptr) continue;
      for (int k = 0; k < n; ++k) {
        const std::size_t i =
            static_cast<std::size_t>(points_[start + static_cast<std::size_t>(k)]);
        row[k] = point_input_value(graph.point_inputs[c], data.x1[i], data.x2[i], data.label[i],
                                   data.value[i]);
      }
    }
    batch_forward(tape, buffers_, parameters, n);
    batch_backward(tape, buffers_, n, seed);
    parameter_gradients(tape, buffers_, chunk_gradient_);
    for (std::size_t j = 0; j < gradient.size(); ++j) gradient[j] += chunk_gradient_[j];
  }
  // The regularisation's gradient, as train_steps adds it.
  const TrainConfig& config = trainer.config();
  if (config.regularization == Regularization::None || config.lambda == 0) return;
  const std::vector<std::uint8_t> weights = weight_mask(trainer.model());
  const bool l2 = config.regularization == Regularization::L2;
  for (std::size_t j = 0; j < gradient.size(); ++j) {
    if (!config.regularize_biases && !weights[j]) continue;
    const double w = parameters[j];
    gradient[j] += config.lambda * (l2 ? 2 * w : (w > 0) - (w < 0));
  }
}

// [SECTION] Hinge's margin -----------------------------------------------------------------------

namespace {

// One point's scores, as reference_scores computes them, with the layers' shapes worked out once
// (reference_scores would allocate them per point).
void scores_of(const ModelSpec& model, const std::vector<LayerShape>& shapes,
               std::span<const double> parameters, double x1, double x2, double* scores) {
  std::array<double, kMaxNeurons> in{}, out{};
  for (std::size_t i = 0; i < model.features.size(); ++i)
    in[i] = feature_value(model.features[i], x1, x2);
  for (const LayerShape& layer : shapes) {
    for (int j = 0; j < layer.outputs; ++j) {
      double z = parameters[static_cast<std::size_t>(layer.bias_offset + j)];
      for (int i = 0; i < layer.inputs; ++i)
        z += parameters[static_cast<std::size_t>(layer.weight_offset + j * layer.inputs + i)] *
             in[static_cast<std::size_t>(i)];
      out[static_cast<std::size_t>(j)] = activation_info(layer.activation).value(z);
    }
    in = out;
  }
  for (int k = 0; k < output_count(model); ++k) scores[k] = in[static_cast<std::size_t>(k)];
}

}  // namespace

void points_inside_margin(const ModelSpec& model, std::span<const double> parameters,
                          const Dataset& dataset, bool training_only,
                          std::vector<std::uint8_t>& inside) {
  inside.assign(static_cast<std::size_t>(dataset.size()), 0);
  if (model.loss != LossKind::Hinge || model.problem != Problem::Classification) return;
  if (parameters.size() != static_cast<std::size_t>(parameter_count(model))) return;
  const std::vector<LayerShape> shapes = layer_shapes(model);
  const int outputs = output_count(model);
  double scores[kMaxNeurons] = {};
  for (int p = 0; p < dataset.size(); ++p) {
    const std::size_t i = static_cast<std::size_t>(p);
    if (training_only && dataset.is_test[i]) continue;
    scores_of(model, shapes, parameters, dataset.x1[i], dataset.x2[i], scores);
    const int truth = dataset.label[i];
    bool pulls = false;
    if (outputs == 1) {
      const double y = truth == 1 ? 1.0 : -1.0;
      pulls = y * scores[0] < 1;
    } else {
      for (int j = 0; j < outputs && !pulls; ++j)
        pulls = j != truth && scores[j] - scores[truth] + 1 > 0;
    }
    inside[i] = pulls ? 1 : 0;
  }
}

}  // namespace gf::nn
