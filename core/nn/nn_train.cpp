// nn_train.cpp — the trainer (see nn_train.hpp).
//
// Index
//   [SECTION] Config
//   [SECTION] Creation and settings
//   [SECTION] Batches
//   [SECTION] One step
//   [SECTION] Metrics
//   [SECTION] Per point and over the plane
#include "nn_train.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>

#include "nn_random.hpp"

namespace gf::nn {

namespace {
// Points per chunk when evaluating many points forward only: the rows of one chunk stay in the
// core's cache.
constexpr int kEvalChunk = 256;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

// [SECTION] Config ------------------------------------------------------------------------------

Status validate(const TrainConfig& config) {
  if (!std::isfinite(config.learning_rate) || config.learning_rate <= 0)
    return Status::failure("the learning rate must be a positive number");
  if (!std::isfinite(config.lambda) || config.lambda < 0)
    return Status::failure("the regularisation λ must be a non-negative number");
  if (!std::isfinite(config.momentum) || config.momentum < 0 || config.momentum >= 1)
    return Status::failure("the momentum must be a number in [0, 1)");
  if (config.batch_size < 0) return Status::failure("the batch size must not be negative");
  if (config.max_steps < 0) return Status::failure("the number of steps must not be negative");
  if (config.schedule == LrSchedule::Micrograd && config.max_steps == 0)
    return Status::failure(
        "the micrograd schedule needs a number of steps (lr falls to 10% at the end)");
  if (config.target_loss && !std::isfinite(*config.target_loss))
    return Status::failure("the target loss must be a number");
  if (config.evaluate_every < 0)
    return Status::failure("the evaluation interval must not be negative");
  return Status::success();
}

// [SECTION] Creation and settings -------------------------------------------------------------

Result<Trainer> Trainer::create(const ModelSpec& model, const TrainConfig& config,
                                const Dataset& dataset) {
  if (Status valid = validate(model); !valid) return valid;
  if (Status valid = validate(config); !valid) return valid;
  // The batch buffers grow with the points per step times the network's size: a large file
  // through a wide network can exceed memory. That is a refusal, not an abort.
  try {
    return create_checked(model, config, dataset);
  } catch (const std::bad_alloc&) {
    const int train = dataset.train_count();
    const int batch = config.batch_size > 0 ? std::min(config.batch_size, train) : train;
    return Status::failure("not enough memory to train this network on batches of " +
                           std::to_string(batch) + " points (" +
                           std::to_string(parameter_count(model)) +
                           " parameters); use fewer points, smaller batches or a smaller network");
  }
}

Result<Trainer> Trainer::create_checked(const ModelSpec& model, const TrainConfig& config,
                                        const Dataset& dataset) {
  Trainer trainer;
  trainer.model_ = model;
  trainer.config_ = config;
  trainer.parameters_ = initial_parameters(model);

  // The graph is built once (any point will do: the tape reads points from its rows) and
  // compiled once; training only re-runs the tape.
  Result<PointGraph> graph = build_point_graph(model, trainer.parameters_, {}, false);
  if (!graph) return Status::failure(graph.reason());
  trainer.graph_ = std::move(*graph);
  Result<BatchTape> tape =
      compile_batch_tape(trainer.graph_.graph, trainer.graph_.loss,
                         trainer.graph_.point_input_nodes, trainer.graph_.parameter_nodes);
  if (!tape) return Status::failure(tape.reason());
  trainer.tape_ = std::move(*tape);

  const BatchTape& tape_of = trainer.tape_;
  std::vector<BatchSlot> scores, neurons, loss_and_scores{tape_of.output};
  for (NodeId score : trainer.graph_.scores) scores.push_back(tape_of.slot(score));
  trainer.score_slots_ = scores;
  for (std::size_t l = 0; l + 1 < trainer.graph_.neurons.size(); ++l)
    for (NodeId neuron : trainer.graph_.neurons[l]) neurons.push_back(tape_of.slot(neuron));
  loss_and_scores.insert(loss_and_scores.end(), scores.begin(), scores.end());
  trainer.score_program_ = make_forward_program(tape_of, scores);
  trainer.neuron_program_ = make_forward_program(tape_of, neurons);
  trainer.metrics_program_ = make_forward_program(tape_of, loss_and_scores);
  const ForwardProgram* largest = &trainer.score_program_;
  for (const ForwardProgram* program : {&trainer.neuron_program_, &trainer.metrics_program_})
    if (program->row_count > largest->row_count) largest = program;
  trainer.program_buffers_.resize_for(tape_of, *largest, kEvalChunk);

  trainer.gradients_.assign(trainer.parameters_.size(), 0.0);
  trainer.velocity_.assign(trainer.parameters_.size(), 0.0);
  if (Status data = trainer.set_dataset(dataset); !data) return data;
  trainer.reset();
  return trainer;
}

void Trainer::reset() {
  parameters_ = initial_parameters(model_);
  parameters_changed();
  std::fill(gradients_.begin(), gradients_.end(), 0.0);
  std::fill(velocity_.begin(), velocity_.end(), 0.0);
  step_ = 0;
  epochs_before_ = 0;
  points_seen_ = 0;
  diverged_at_step_ = 0;
  batch_losses_.clear();
  batch_losses_.reserve(config_.max_steps > 0 ? config_.max_steps : 4096);  // no growth per step
  evaluations_.clear();
  if (config_.evaluate_every > 0)
    evaluations_.reserve(
        (config_.max_steps > 0 ? config_.max_steps : 4096) / config_.evaluate_every + 1);
  batch_cursor_ = batch_order_.size();  // the next batch starts a fresh epoch ...
  batch_rng_state_ = 0;                 // ... the same first epoch as before
  status_ = train_points_.empty() ? TrainStatus::NoData : TrainStatus::Ready;
  status_message_ = train_points_.empty() ? "there are no training points" : "";
  trace_.clear();
  trace_.record_values(0, parameters_);
}

void Trainer::set_trace_depth(int depth) {
  trace_.resize(static_cast<int>(parameters_.size()), depth);
  trace_.record_values(step_, parameters_);
}

namespace {

// Refuses points the model cannot learn from: the other problem type, a label beyond the
// classes, a value that is not a finite number.
Status check_points(const ModelSpec& model, const Dataset& dataset) {
  const bool regression = model.problem == Problem::Regression;
  if (dataset.problem != model.problem)
    return Status::failure(regression ? "a regression model needs points with values (x,y,value)"
                                      : "the points carry values (regression), but the model "
                                        "classifies: choose the regression problem type");
  for (int i = 0; i < dataset.size(); ++i) {
    if (regression && !std::isfinite(dataset.value[i]))
      return Status::failure("point " + std::to_string(i) + "'s value is not a finite number");
    if (!regression && (dataset.label[i] < 0 || dataset.label[i] >= model.classes))
      return Status::failure("point " + std::to_string(i) + " has label " +
                             std::to_string(dataset.label[i]) + ", but the model has " +
                             std::to_string(model.classes) + " classes");
  }
  return Status::success();
}

}  // namespace

double Trainer::epochs() const {
  if (train_points_.empty()) return epochs_before_;
  return epochs_before_ +
         static_cast<double>(points_seen_) / static_cast<double>(train_points_.size());
}

void Trainer::reset_with_new_weights() {
  model_.init_seed = next_init_seed(model_.init_seed);
  reset();
}

std::uint64_t next_init_seed(std::uint64_t init_seed) {
  // splitmix64's finaliser: every seed leads somewhere else, and reruns take the same path.
  std::uint64_t z = init_seed + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

Status Trainer::set_dataset(const Dataset& dataset) {
  if (Status valid = check_points(model_, dataset); !valid) return valid;
  epochs_before_ = epochs();  // (over the old training points)
  points_seen_ = 0;
  dataset_ = dataset;
  index_points();
  if (model_.problem == Problem::Regression) targets_ = target_stats(dataset_);
  metrics_current_ = false;
  if (status_ == TrainStatus::NoData && !train_points_.empty()) {
    status_ = TrainStatus::Ready;
    status_message_.clear();
  } else if (train_points_.empty()) {
    stop(TrainStatus::NoData, "there are no training points");
  }
  return Status::success();
}

Status Trainer::set_config(const TrainConfig& config) {
  if (Status valid = validate(config); !valid) return valid;
  const bool batch_changed = config.batch_size != config_.batch_size || config.seed != config_.seed;
  config_ = config;
  if (batch_changed) index_points();
  regularized_ = config_.regularize_biases ? std::vector<std::uint8_t>(parameters_.size(), 1)
                                           : weight_mask(model_);
  metrics_current_ = false;  // λ·R(w) may have changed
  // More room for the histories, so that steps still allocate nothing.
  if (config_.max_steps > 0) {
    batch_losses_.reserve(static_cast<std::size_t>(config_.max_steps));
    if (config_.evaluate_every > 0)
      evaluations_.reserve(
          static_cast<std::size_t>(config_.max_steps / config_.evaluate_every + 1));
  }
  // A stopped run goes on when the new settings no longer stop it, in train_steps' order: the
  // target first, then the number of steps.
  if (status_ == TrainStatus::Finished || status_ == TrainStatus::TargetReached) {
    const bool target_met = config_.target_loss && !batch_losses_.empty() &&
                            batch_losses_.back() <= *config_.target_loss;
    const bool steps_left = config_.max_steps == 0 || step_ < config_.max_steps;
    if (target_met) {
      if (status_ != TrainStatus::TargetReached)
        stop(TrainStatus::TargetReached,
             "reached the target loss at step " + std::to_string(step_));
    } else if (!steps_left) {
      stop(TrainStatus::Finished, "finished: " + std::to_string(step_) + " steps");
    } else {
      status_ = TrainStatus::Ready;
      status_message_.clear();
    }
  }
  return Status::success();
}

Status Trainer::set_parameters(std::span<const double> parameters) {
  if (parameters.size() != parameters_.size())
    return Status::failure("the model has " + std::to_string(parameters_.size()) + " parameters, " +
                           std::to_string(parameters.size()) + " were given");
  parameters_.assign(parameters.begin(), parameters.end());
  parameters_changed();
  trace_.record_values(step_, parameters_);  // (an edit: the history shows the jump)
  return Status::success();
}

void Trainer::save_state(TrainerState& state) const {
  state.step = step_;
  state.init_seed = model_.init_seed;
  state.parameters.assign(parameters_.begin(), parameters_.end());
  state.velocity.assign(velocity_.begin(), velocity_.end());
  const bool in_epoch = batch_cursor_ < batch_order_.size() && batch_rng_state_ > 0;
  state.batch_cursor = in_epoch ? static_cast<std::int64_t>(batch_cursor_) : -1;
  state.batch_epochs = batch_rng_state_;
  state.epochs_before = epochs_before_;
  state.points_seen = points_seen_;
}

Status Trainer::restore_state(const TrainerState& state) {
  if (state.parameters.size() != parameters_.size() || state.velocity.size() != velocity_.size())
    return Status::failure("the saved state has " + std::to_string(state.parameters.size()) +
                           " parameters, the model " + std::to_string(parameters_.size()));
  if (state.step < 0) return Status::failure("the saved state's step is negative");
  model_.init_seed = state.init_seed;
  parameters_ = state.parameters;
  velocity_ = state.velocity;
  std::fill(gradients_.begin(), gradients_.end(), 0.0);
  parameters_changed();
  step_ = state.step;
  epochs_before_ = state.epochs_before;
  points_seen_ = state.points_seen;
  // The batch position: the same epoch's shuffle drawn again, or a new epoch next.
  batch_rng_state_ = state.batch_epochs;
  batch_cursor_ = batch_order_.size();
  if (state.batch_cursor >= 0 && state.batch_epochs > 0) {
    shuffle_epoch(state.batch_epochs - 1);
    if (static_cast<std::size_t>(state.batch_cursor) <= batch_order_.size())
      batch_cursor_ = static_cast<std::size_t>(state.batch_cursor);
  }
  // The histories up to the state's step: training on from here forks the run.
  if (batch_losses_.size() > static_cast<std::size_t>(step_)) batch_losses_.resize(step_);
  while (!evaluations_.empty() && evaluations_.back().step > step_) evaluations_.pop_back();
  trace_.cut_after(step_);
  trace_.record_values(step_, parameters_);
  diverged_at_step_ = 0;
  if (train_points_.empty()) {
    stop(TrainStatus::NoData, "there are no training points");
  } else if (config_.max_steps > 0 && step_ >= config_.max_steps) {
    stop(TrainStatus::Finished, "finished: " + std::to_string(step_) + " steps");
  } else {
    status_ = TrainStatus::Ready;
    status_message_.clear();
  }
  return Status::success();
}

Status Trainer::restore_histories(std::span<const double> batch_losses,
                                  std::span<const EvaluationRecord> evaluations) {
  if (batch_losses.size() > static_cast<std::size_t>(step_))
    return Status::failure("the history has " + std::to_string(batch_losses.size()) +
                           " batch losses for " + std::to_string(step_) + " steps");
  for (std::size_t i = 0; i < evaluations.size(); ++i)
    if (evaluations[i].step > step_ || evaluations[i].step < 0 ||
        (i > 0 && evaluations[i].step < evaluations[i - 1].step))
      return Status::failure("the history's evaluations are not in step order up to step " +
                             std::to_string(step_));
  // Room to train on without growing per step (as reset() makes).
  batch_losses_.reserve(batch_losses.size() + 4096);
  batch_losses_.assign(batch_losses.begin(), batch_losses.end());
  if (config_.evaluate_every > 0)
    evaluations_.reserve(evaluations.size() + 4096 / config_.evaluate_every + 1);
  evaluations_.assign(evaluations.begin(), evaluations.end());
  return Status::success();
}

void Trainer::parameters_changed() {
  train_forward_current_ = false;
  metrics_current_ = false;
}

void Trainer::stop(TrainStatus status, std::string message) {
  status_ = status;
  status_message_ = std::move(message);
}

double Trainer::learning_rate_at(int step) const {
  if (config_.schedule == LrSchedule::Micrograd && config_.max_steps > 0)
    return config_.learning_rate *
           (1.0 - 0.9 * std::min(step, config_.max_steps) / config_.max_steps);
  return config_.learning_rate;
}

// [SECTION] Batches ---------------------------------------------------------------------------

void Trainer::index_points() {
  train_points_.clear();
  test_points_.clear();
  for (int i = 0; i < dataset_.size(); ++i)
    (dataset_.is_test[i] ? test_points_ : train_points_).push_back(i);
  const int train = static_cast<int>(train_points_.size());
  const int batch = config_.batch_size == 0 ? train : std::min(config_.batch_size, train);
  train_buffers_.resize_for(tape_, std::max(batch, 1));
  batch_points_.resize(std::max(batch, 1));
  batch_order_ = train_points_;
  batch_cursor_ = batch_order_.size();
  batch_rng_state_ = 0;
  train_rows_loaded_ = false;
  train_forward_current_ = false;
  regularized_ = config_.regularize_biases ? std::vector<std::uint8_t>(parameters_.size(), 1)
                                           : weight_mask(model_);
}

// Full batch: the training points in order. Minibatches: consecutive slices of a shuffle of
// the training points, reshuffled (Fisher-Yates, seeded by the config's seed and the epoch)
// when the next slice would run past the end — every point once per epoch.
std::span<const std::int32_t> Trainer::next_batch() {
  const std::size_t n = static_cast<std::size_t>(train_buffers_.capacity());
  if (n >= train_points_.size()) return train_points_;
  if (batch_cursor_ + n > batch_order_.size()) {
    shuffle_epoch(batch_rng_state_++);
    batch_cursor_ = 0;
  }
  std::copy_n(batch_order_.begin() + static_cast<std::ptrdiff_t>(batch_cursor_), n,
              batch_points_.begin());
  batch_cursor_ += n;
  return {batch_points_.data(), n};
}

void Trainer::shuffle_epoch(std::uint64_t epoch) {
  batch_order_ = train_points_;
  if (batch_order_.size() < 2) return;
  Rng rng = Rng::stream(config_.seed + epoch * 0x9E3779B97F4A7C15ull, kBatchStream);
  for (std::size_t i = batch_order_.size() - 1; i > 0; --i)
    std::swap(batch_order_[i], batch_order_[rng.below(i + 1)]);
}

// Writes the point leaves' rows (at `column_rows`: the tape's or a program's) for `points`.
void Trainer::fill_rows(BatchBuffers& buffers, std::span<const std::int32_t> column_rows,
                        std::span<const std::int32_t> points) {
  for (std::size_t c = 0; c < graph_.point_inputs.size(); ++c) {
    if (column_rows[c] < 0) continue;
    const PointInput input = graph_.point_inputs[c];
    double* row = buffers.row(column_rows[c]);
    for (std::size_t k = 0; k < points.size(); ++k) {
      const std::int32_t i = points[k];
      row[k] = point_input_value(input, dataset_.x1[i], dataset_.x2[i], dataset_.label[i],
                                 dataset_.value[i]);
    }
  }
}

// [SECTION] One step --------------------------------------------------------------------------

double Trainer::regularization_value() const {
  if (config_.regularization == Regularization::None || config_.lambda == 0) return 0;
  double total = 0;
  for (std::size_t j = 0; j < parameters_.size(); ++j)
    if (regularized_[j])
      total += config_.regularization == Regularization::L2 ? parameters_[j] * parameters_[j]
                                                            : std::fabs(parameters_[j]);
  return config_.lambda * total;
}

int Trainer::train_steps(int count) {
  int done = 0;
  while (done < count && status_ == TrainStatus::Ready) {
    if (config_.max_steps > 0 && step_ >= config_.max_steps) {
      stop(TrainStatus::Finished, "finished: " + std::to_string(step_) + " steps");
      break;
    }
    // 1. The batch into the tape's rows (a full batch only once: the points do not move).
    // 2. Forward: the batch loss is the mean of the points' losses, plus λ·R(w). A full batch's
    // forward pass may have been run already, by metrics() with these parameters.
    std::span<const std::int32_t> batch = next_batch();
    const int n = static_cast<int>(batch.size());
    if (batch.data() == train_points_.data()) {
      forward_full_batch();
    } else {
      fill_rows(train_buffers_, tape_.column_row, batch);
      train_rows_loaded_ = train_forward_current_ = false;
      batch_forward(tape_, train_buffers_, parameters_, n);
    }
    double data_loss = 0;
    for (int p = 0; p < n; ++p) data_loss += train_buffers_.value(tape_.output, p);
    data_loss /= n;
    const double loss = data_loss + regularization_value();
    const int this_step = step_ + 1;
    batch_losses_.push_back(loss);
    if (!std::isfinite(loss)) {
      diverged_at_step_ = this_step;
      stop(TrainStatus::Diverged,
           "diverged: the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
               " at step " + std::to_string(this_step) + " (try a smaller learning rate)");
      break;
    }

    // 3. Backward: d(mean)/d(point loss) = 1/n seeds every point; then R's gradient.
    batch_backward(tape_, train_buffers_, n, 1.0 / n);
    parameter_gradients(tape_, train_buffers_, gradients_);
    if (config_.regularization != Regularization::None && config_.lambda != 0) {
      const bool l2 = config_.regularization == Regularization::L2;
      for (std::size_t j = 0; j < parameters_.size(); ++j) {
        if (!regularized_[j]) continue;
        const double w = parameters_[j];
        gradients_[j] += config_.lambda * (l2 ? 2 * w : (w > 0) - (w < 0));
      }
    }

    // 4. The update: plain SGD, or with momentum.
    const double lr = learning_rate_at(step_);
    if (trace_.enabled())
      trace_.before_update(this_step, lr, config_.momentum, parameters_, gradients_, velocity_);
    bool finite = true;
    for (std::size_t j = 0; j < parameters_.size(); ++j) {
      double direction = gradients_[j];
      if (config_.momentum > 0)
        direction = velocity_[j] = config_.momentum * velocity_[j] + direction;
      parameters_[j] -= lr * direction;
      finite &= std::isfinite(parameters_[j]);
    }
    parameters_changed();
    if (trace_.enabled()) trace_.after_update(parameters_);
    step_ = this_step;
    points_seen_ += n;
    ++done;
    if (!finite) {
      diverged_at_step_ = this_step;
      stop(TrainStatus::Diverged, "diverged: a parameter became NaN or infinite at step " +
                                      std::to_string(this_step) + " (try a smaller learning rate)");
      break;
    }
    if (config_.evaluate_every > 0 && step_ % config_.evaluate_every == 0) {
      const Metrics& metrics = this->metrics();  // (the next full-batch step reuses its pass)
      evaluations_.push_back({step_, metrics.train_loss, metrics.test_loss, metrics.train_accuracy,
                              metrics.test_accuracy});
    }
    if (config_.target_loss && loss <= *config_.target_loss) {
      stop(TrainStatus::TargetReached, "reached the target loss at step " + std::to_string(step_));
    } else if (config_.max_steps > 0 && step_ >= config_.max_steps) {
      stop(TrainStatus::Finished, "finished: " + std::to_string(step_) + " steps");
    }
  }
  return done;
}

int Trainer::train_for(std::chrono::nanoseconds budget, int max_count) {
  // The last step's time predicts the next one's: no step starts that would end past the budget
  // (a large network's step takes milliseconds, so overshooting by one would cost a frame).
  const auto start = std::chrono::steady_clock::now();
  auto step_start = start;
  int done = 0;
  while (done < max_count && status_ == TrainStatus::Ready) {
    done += train_steps(1);
    const auto now = std::chrono::steady_clock::now();
    const auto step_time = now - step_start;
    step_start = now;
    if (now - start + step_time > budget) break;
  }
  return done;
}

// [SECTION] Metrics ---------------------------------------------------------------------------

// The training points' forward pass on the training tape (full batch), unless it was run with
// the current parameters already.
void Trainer::forward_full_batch() {
  if (train_forward_current_) return;
  if (!train_rows_loaded_) fill_rows(train_buffers_, tape_.column_row, train_points_);
  train_rows_loaded_ = true;
  batch_forward(tape_, train_buffers_, parameters_, static_cast<int>(train_points_.size()));
  train_forward_current_ = true;
}

namespace {
// Running sums of one set of points: losses in point order, and the confusion matrix.
struct Tally {
  double total = 0;
  int correct = 0;
  std::vector<int>* confusion;
  int classes;
  void add(double loss, int truth, int predicted) {
    total += loss;
    correct += predicted == truth;
    ++(*confusion)[static_cast<std::size_t>(truth) * classes + predicted];
  }
};
}  // namespace

const Metrics& Trainer::evaluate() {
  compute_metrics(false);
  return metrics_;
}

const Metrics& Trainer::metrics() {
  if (!metrics_current_) compute_metrics(true);
  return metrics_;
}

// Every point's loss and predicted class, chunk by chunk through the metrics program; with
// `reuse_training_pass` and a full batch, the training points' from the training tape (the same
// gates in the same order: the same numbers), whose pass the next step then reuses.
void Trainer::compute_metrics(bool reuse_training_pass) {
  Metrics& metrics = metrics_;
  const bool regression = model_.problem == Problem::Regression;
  metrics.problem = model_.problem;
  metrics.classes = model_.classes;
  metrics.regularization = regularization_value();
  metrics.step = step_;
  const int k = model_.classes;
  load_uniforms(tape_, program_buffers_, parameters_);
  const ForwardProgram& program = metrics_program_;
  std::vector<double>& scores = score_scratch_;
  scores.resize(program.targets.size() - 1);
  // Adds points [0, n) of a pass whose loss and scores are at these slots.
  auto add_points = [&](const BatchBuffers& buffers, BatchSlot loss_slot,
                        std::span<const BatchSlot> score_slots,
                        std::span<const std::int32_t> points, Tally& tally) {
    if (regression) {  // a loss per point, no class to predict
      for (std::size_t p = 0; p < points.size(); ++p)
        tally.total += buffers.value(loss_slot, static_cast<int>(p));
      return;
    }
    for (std::size_t p = 0; p < points.size(); ++p) {
      for (std::size_t s = 0; s < scores.size(); ++s)
        scores[s] = buffers.value(score_slots[s], static_cast<int>(p));
      tally.add(buffers.value(loss_slot, static_cast<int>(p)), dataset_.label[points[p]],
                predicted_class(scores));
    }
  };
  auto run = [&](const std::vector<std::int32_t>& points, bool on_training_tape, double& loss,
                 double& accuracy, std::vector<int>& confusion) {
    confusion.assign(regression ? 0 : static_cast<std::size_t>(k) * k, 0);
    if (points.empty()) {
      loss = accuracy = kNaN;
      return;
    }
    Tally tally{0, 0, &confusion, k};
    if (on_training_tape) {
      forward_full_batch();
      add_points(train_buffers_, tape_.output, score_slots_, points, tally);
    } else {
      const std::span<const BatchSlot> score_targets(program.targets.data() + 1, scores.size());
      for (std::size_t start = 0; start < points.size(); start += kEvalChunk) {
        const std::size_t n = std::min<std::size_t>(kEvalChunk, points.size() - start);
        std::span<const std::int32_t> chunk(points.data() + start, n);
        fill_rows(program_buffers_, program.column_row, chunk);
        run_program(program, program_buffers_, static_cast<int>(n));
        add_points(program_buffers_, program.targets[0], score_targets, chunk, tally);
      }
    }
    loss = tally.total / static_cast<double>(points.size());
    accuracy =
        regression ? kNaN : static_cast<double>(tally.correct) / static_cast<double>(points.size());
  };
  run(train_points_, reuse_training_pass && is_full_batch(), metrics.train_loss,
      metrics.train_accuracy, metrics.train_confusion);
  run(test_points_, false, metrics.test_loss, metrics.test_accuracy, metrics.test_confusion);
  metrics.train_count = static_cast<int>(train_points_.size());
  metrics.test_count = static_cast<int>(test_points_.size());
  // The losses are mean squared errors (the per-point graph's (s − v)², no regularisation).
  metrics.train_rmse = regression ? std::sqrt(metrics.train_loss) : kNaN;
  metrics.test_rmse = regression ? std::sqrt(metrics.test_loss) : kNaN;
  metrics.target_range = regression ? targets_.range : kNaN;
  metrics.baseline_rmse = regression ? targets_.baseline_rmse : kNaN;
  metrics_current_ = true;
  ++metrics_computations_;
}

// [SECTION] Per point and over the plane ------------------------------------------------------

Result<PointGraph> Trainer::graph_for_point(int index) const {
  if (index < 0 || index >= dataset_.size())
    return Status::failure("there is no point " + std::to_string(index) + " (the dataset has " +
                           std::to_string(dataset_.size()) + ")");
  return build_point_graph(
      model_, parameters_,
      {dataset_.x1[index], dataset_.x2[index], dataset_.label[index], dataset_.value[index]});
}

void Trainer::scores_at(double x1, double x2, std::span<double> scores) const {
  reference_scores(model_, parameters_, x1, x2, scores);
}

int Trainer::hidden_neuron_count() const {
  return static_cast<int>(neuron_program_.targets.size());
}

void Trainer::run_grid(const PlaneBox& box, int width, int height, const ForwardProgram& program,
                       std::span<float> out, bool by_target) {
  const std::size_t pixels = static_cast<std::size_t>(width) * height;
  const std::size_t targets = program.targets.size();
  if (width <= 0 || height <= 0 || out.size() < pixels * targets) return;
  load_uniforms(tape_, program_buffers_, parameters_);
  const double dx = (box.x_max - box.x_min) / width, dy = (box.y_max - box.y_min) / height;
  for (std::size_t start = 0; start < pixels; start += kEvalChunk) {
    const int n = static_cast<int>(std::min<std::size_t>(kEvalChunk, pixels - start));
    // The coordinate leaves' rows for this chunk of pixels (labels are not read).
    for (std::size_t c = 0; c < graph_.point_inputs.size(); ++c) {
      double* row = input_row(program, program_buffers_, static_cast<int>(c));
      if (row == nullptr) continue;
      const PointInput input = graph_.point_inputs[c];
      for (int p = 0; p < n; ++p) {
        const std::size_t pixel = start + p;
        const double x = box.x_min + (static_cast<double>(pixel % width) + 0.5) * dx;
        const double y = box.y_max - (static_cast<double>(pixel / width) + 0.5) * dy;
        row[p] = point_input_value(input, x, y, 0);
      }
    }
    run_program(program, program_buffers_, n);
    for (std::size_t t = 0; t < targets; ++t) {
      const BatchSlot slot = program.targets[t];
      for (int p = 0; p < n; ++p) {
        const float value = static_cast<float>(program_buffers_.value(slot, p));
        if (by_target)
          out[t * pixels + start + p] = value;
        else
          out[(start + p) * targets + t] = value;
      }
    }
  }
}

void Trainer::evaluate_grid(const PlaneBox& box, int width, int height, std::span<float> scores) {
  run_grid(box, width, height, score_program_, scores, false);
}

void Trainer::evaluate_neuron_grids(const PlaneBox& box, int width, int height,
                                    std::span<float> outputs) {
  run_grid(box, width, height, neuron_program_, outputs, true);
}

}  // namespace gf::nn
