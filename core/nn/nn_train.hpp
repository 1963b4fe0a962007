// nn_train.hpp — the classifier lab's trainer: SGD on the batched tape of the per-point graph.
//
// One step: gather a batch of training points into the tape's input rows, forward, the batch
// loss = mean of the points' losses + λ·R(w), backward (zeroed, seeded with 1/n), add the
// regularisation gradient, update every parameter. R is Σw² (L2) or Σ|w| (L1) over the weights
// (biases too with regularize_biases, as micrograd's demo does); it lives here, not in the
// per-point graph, because it belongs to the batch, not to a point.
//
// Made for a GUI frame loop: train_for(budget) runs as many steps as fit in a time budget and
// returns; parameters, per-layer arrays for a shader (export_network), histories and metrics are
// read between calls. A step allocates nothing. A step whose loss or parameters stop being
// finite marks the run diverged, with the step number and a message, and stops it. Not
// thread-safe: one thread at a time (a worker thread would own its Trainer).
//
// Determinism: the same model, config and dataset give the same numbers on every run (initial
// weights from the model's init_seed, batch order from the config's seed, sums in fixed order).
//
// Stopping and resuming: a run stops at max_steps (Finished) or at the first step whose batch
// loss is at most target_loss (TargetReached). set_config with more steps (or 0: no limit), or
// without the target or with one below the last batch loss, makes it Ready again: training goes
// on from the current parameters and step (momentum, batch order and histories kept), exactly as
// if the run had never stopped. Settings that still stop it leave the status as it is.
#pragma once

#include <chrono>
#include <climits>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nn_dataset.hpp"
#include "nn_model.hpp"
#include "nn_regression.hpp"
#include "nn_tape.hpp"
#include "nn_weight_trace.hpp"
#include "result.hpp"

namespace gf::nn {

enum class Regularization : std::uint8_t { None, L1, L2 };
enum class LrSchedule : std::uint8_t {
  Constant,  // learning_rate at every step
  Micrograd,  // learning_rate · (1 − 0.9·k/max_steps) at step k (micrograd's demo: 1.0 − 0.9·k/100)
};

struct TrainConfig {
  double learning_rate = 0.1;
  LrSchedule schedule = LrSchedule::Constant;
  Regularization regularization = Regularization::None;
  double lambda = 0;               // λ of the regularisation
  bool regularize_biases = false;  // micrograd's demo regularises every parameter
  double momentum = 0;             // 0: plain SGD; else v = μ·v + g, p −= lr·v
  int batch_size = 0;              // 0 or ≥ the training points: full batch; else shuffled epochs
  int max_steps = 0;               // stop after this many steps (0: no limit)
  std::optional<double> target_loss;  // stop once a step's batch loss is at most this
  std::uint64_t seed = 1;             // the order of the minibatches
  int evaluate_every = 10;  // steps between full train/test evaluations in the history (0: none)
};
// Refuses, naming the setting: a learning rate that is not a positive number, a negative λ, a
// momentum outside [0, 1), a negative batch size or step count, the micrograd schedule without
// max_steps, a non-finite target loss.
Status validate(const TrainConfig& config);

enum class TrainStatus : std::uint8_t {
  Ready,     // can take steps
  Finished,  // max_steps reached
  TargetReached,
  Diverged,  // the loss or a parameter became NaN or infinite
  NoData,    // no training points
};

struct Metrics {
  static constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();
  Problem problem = Problem::Classification;
  double train_loss = 0;      // mean loss of the training points (no regularisation)
  double test_loss = 0;       // the same on the test points; NaN when there are none
  double regularization = 0;  // λ·R(w)
  double train_accuracy = 0;  // NaN when there are no training points, and for regression
  double test_accuracy = 0;   // NaN when there are no test points, and for regression
  int train_count = 0, test_count = 0;
  int classes = 2;
  std::vector<int> train_confusion, test_confusion;  // [true class × classes + predicted class]
  // Regression only (NaN for classification; see nn_regression.hpp): the RMSEs are the losses'
  // square roots (NaN without such points); the targets' max − min over every point; the test
  // RMSE of always predicting the training points' mean value.
  double train_rmse = kNotApplicable, test_rmse = kNotApplicable;
  double target_range = kNotApplicable, baseline_rmse = kNotApplicable;
  int step = 0;  // the numbers are those of the parameters after this many steps
};

struct EvaluationRecord {
  int step = 0;  // after this many steps
  double train_loss = 0, test_loss = 0, train_accuracy = 0, test_accuracy = 0;
};

// Everything a run's next steps depend on besides the model's shape, the settings and the data:
// the parameters, the momentum and where the minibatch order stands. Restoring the state taken
// after step k and training on gives bit for bit the numbers the run gave after step k, with the
// same settings and data (the rewind timeline, lab files). The batch order itself is not kept:
// it is the seeded shuffle of epoch batch_epochs − 1, drawn again on restore.
struct TrainerState {
  int step = 0;
  std::uint64_t init_seed = 1;  // the model's (reset_with_new_weights moves it)
  std::vector<double> parameters, velocity;
  std::int64_t batch_cursor = 0;   // position in the current epoch's shuffle; -1: a new epoch next
  std::uint64_t batch_epochs = 0;  // shuffles drawn so far
  double epochs_before = 0;        // see Trainer::epochs()
  std::int64_t points_seen = 0;
};

// The init seed that Trainer::reset_with_new_weights moves to from `init_seed`.
std::uint64_t next_init_seed(std::uint64_t init_seed);

class Trainer {
 public:
  // Builds the per-point graph and compiles it. Refuses an invalid model or config, a dataset
  // with a label the model has no class for, or a dataset of the other problem type (values for
  // a classifier, classes for a regression model) or with a value that is not finite.
  // Running out of memory for the batch buffers is such a refusal too, naming the batch size.
  static Result<Trainer> create(const ModelSpec& model, const TrainConfig& config,
                                const Dataset& dataset);

  // [SECTION] Training
  int train_steps(int count);  // runs up to `count` steps; returns how many ran
  // Steps while the next one is expected to end within `budget` (at least one step when not
  // stopped), at most max_count.
  int train_for(std::chrono::nanoseconds budget, int max_count = INT_MAX);
  bool can_step() const { return status_ == TrainStatus::Ready; }
  TrainStatus status() const { return status_; }
  const std::string& status_message() const { return status_message_; }  // "" while ready
  int diverged_at_step() const { return diverged_at_step_; }  // 1-based; 0 when not diverged
  int step() const { return step_; }
  // Passes over the training points so far: Σ batch size / training points over the steps
  // (TensorFlow Playground counts these; at batch 10 of 250 points, 1000 steps are 40 epochs).
  double epochs() const;
  double learning_rate_at(int step) const;
  // Initial parameters again (the model's init_seed), step 0, histories and momentum cleared:
  // the same run again ("restart with the same weights").
  void reset();
  // As reset(), from new initial weights: the model's init_seed becomes next_init_seed(it), as
  // TensorFlow Playground's reset draws new weights (a run stuck in a poor minimum gets another
  // try), yet reproducibly.
  void reset_with_new_weights();
  // New points (a click, an import): training continues from the current parameters.
  Status set_dataset(const Dataset& dataset);
  // New settings (learning rate, λ, batch size ...), keeping the parameters and the histories;
  // resumes a Finished or TargetReached run that the new settings let go on (see the top).
  Status set_config(const TrainConfig& config);

  // [SECTION] State
  const ModelSpec& model() const { return model_; }
  const TrainConfig& config() const { return config_; }
  const Dataset& dataset() const { return dataset_; }
  std::span<const double> parameters() const { return parameters_; }
  Status set_parameters(std::span<const double> parameters);
  // The run's state now (reusing `state`'s capacity: no allocation once sized).
  void save_state(TrainerState& state) const;
  // Goes back (or forward) to a saved state: parameters, momentum, step, batch position. The
  // histories keep only their entries up to state.step (a rewind forks the run from there), and
  // the run is Ready again unless max_steps is reached. Refuses a state of another parameter
  // count or a negative step. A state saved with other training points starts a new epoch.
  Status restore_state(const TrainerState& state);
  // A saved run's histories (a lab file), after restore_state: at most step() batch losses (the
  // first steps' when fewer), evaluations in step order up to step(). Refused otherwise.
  Status restore_histories(std::span<const double> batch_losses,
                           std::span<const EvaluationRecord> evaluations);
  std::span<const double> gradients() const { return gradients_; }  // of the last step, with R
  // The weight trace (nn_weight_trace.hpp): every parameter's last update and its values over
  // the last `depth` steps; 0 (the default) turns it off. Sizing it allocates; steps do not.
  void set_trace_depth(int depth);
  const WeightTrace& trace() const { return trace_; }
  const std::vector<double>& batch_loss_history() const { return batch_losses_; }  // per step
  const std::vector<EvaluationRecord>& evaluation_history() const { return evaluations_; }
  // Over every training and test point, with the current parameters. The result lives in the
  // trainer (valid until the next call), so evaluating allocates nothing once sized.
  const Metrics& evaluate();
  // The same numbers as evaluate() for the current parameters (metrics().step == step()), for a
  // frame loop: computed at most once after the parameters, the data or the settings change,
  // then returned as they are (the same object as evaluate()'s). With a full batch the training
  // points' forward pass is run on the training tape and kept, and the next step uses it
  // instead of running its own forward pass (the same numbers, so nothing changes in training):
  // metrics between steps then cost a forward pass over the test points only.
  const Metrics& metrics();
  // How many times evaluate() or metrics() computed the metrics (for tests and benchmarks).
  std::int64_t metrics_computations() const { return metrics_computations_; }
  void export_network(NetworkArrays& arrays) const {
    nn::export_network(model_, parameters_, arrays);
  }

  // [SECTION] Per point and over the plane
  // The scalar graph of one point's loss with the current parameters, laid out: the stepper's
  // "show graph for this point". `index` is a dataset point.
  Result<PointGraph> graph_for_point(int index) const;
  // Scores at (x1, x2) (output_count(model()) values).
  void scores_at(double x1, double x2, std::span<double> scores) const;
  // The network's scores on a width × height grid over `box`, through the tape (forward only,
  // in cache-sized chunks). Pixel (col, row) is the point x = x_min + (col +
  // ½)·(x_max−x_min)/width, y = y_max − (row + ½)·(y_max−y_min)/height (row 0 at the top, as an
  // image); `scores` holds width·height·output_count values, pixel by pixel.
  void evaluate_grid(const PlaneBox& box, int width, int height, std::span<float> scores);
  // Every hidden neuron's output on such a grid (the network diagram's thumbnails): `outputs`
  // holds hidden_neuron_count() × width·height values, neuron by neuron in layer order.
  void evaluate_neuron_grids(const PlaneBox& box, int width, int height, std::span<float> outputs);
  int hidden_neuron_count() const;

  const PointGraph& point_graph() const { return graph_; }  // with the initial values
  const BatchTape& tape() const { return tape_; }

 private:
  // create() once the model and config are valid; may throw std::bad_alloc.
  static Result<Trainer> create_checked(const ModelSpec& model, const TrainConfig& config,
                                        const Dataset& dataset);
  Trainer() = default;
  void index_points();
  void fill_rows(BatchBuffers& buffers, std::span<const std::int32_t> column_rows,
                 std::span<const std::int32_t> points);
  std::span<const std::int32_t> next_batch();
  void shuffle_epoch(std::uint64_t epoch);  // batch_order_ = epoch's shuffle of the points
  bool is_full_batch() const {
    return train_buffers_.capacity() >= static_cast<int>(train_points_.size());
  }
  void forward_full_batch();
  void parameters_changed();
  void compute_metrics(bool reuse_training_pass);
  double regularization_value() const;
  void stop(TrainStatus status, std::string message);
  void run_grid(const PlaneBox& box, int width, int height, const ForwardProgram& program,
                std::span<float> out, bool by_target);

  ModelSpec model_;
  TrainConfig config_;
  Dataset dataset_;
  PointGraph graph_;
  BatchTape tape_;
  // Forward-only programs: the scores (the boundary), the hidden neurons (the thumbnails), the
  // loss and the scores (metrics); one set of buffers serves all three, chunk by chunk.
  ForwardProgram score_program_, neuron_program_, metrics_program_;
  BatchBuffers train_buffers_, program_buffers_;
  bool train_rows_loaded_ = false;      // full batch: the rows hold the training points already
  bool train_forward_current_ = false;  // ... and their forward pass with the current parameters
  bool metrics_current_ = false;        // metrics_ are those of the current parameters and data
  std::int64_t metrics_computations_ = 0;
  std::vector<BatchSlot> score_slots_;  // the scores on the training tape

  std::vector<double> parameters_, gradients_, velocity_;
  std::vector<std::uint8_t> regularized_;  // by parameter
  std::vector<std::int32_t> train_points_, test_points_, batch_order_, batch_points_;
  std::size_t batch_cursor_ = 0;
  std::uint64_t batch_rng_state_ = 0;  // epochs drawn so far (the shuffle of epoch e is seeded)

  int step_ = 0;
  // epochs(): those before the training points last changed, then the points seen since.
  double epochs_before_ = 0;
  std::int64_t points_seen_ = 0;
  TrainStatus status_ = TrainStatus::Ready;
  std::string status_message_;
  int diverged_at_step_ = 0;
  std::vector<double> batch_losses_;
  Metrics metrics_;
  std::vector<double> score_scratch_;
  std::vector<EvaluationRecord> evaluations_;
  TargetStats targets_;  // regression: the dataset's range and baseline, once per dataset
  WeightTrace trace_;
};

}  // namespace gf::nn
