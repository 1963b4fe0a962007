// lab_state.hpp — the classifier lab's state without any GL or ImGui: the points, the settings
// of the network and its training, the trainers (one, or up to six side by side in compare
// mode), and what the views need from them (metrics, the heatmap's colours on the CPU, the
// weights as JSON). lab_panel.cpp draws it; heatmap_renderer.cpp evaluates it on the GPU.
//
// Training does not hold up the UI: once the frame has read what it draws, train_in_background()
// trains on a low-priority thread of its own while the frame renders, within a time budget
// shared by every run, and the next frame's advance() waits for it (see background_job.hpp;
// a step longer than the rendering still delays that frame by the difference).
// The budget follows the frame's work (report_frame_work): it shrinks when frames run over
// (waiting for the training included), and grows back when they have room. A step longer than the budget
// waits for several frames' budget. A run whose loss stops being finite pauses the lab with the
// engine's message (see divergence()).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "background_job.hpp"
#include "lab_file.hpp"
#include "nn_dataset.hpp"
#include "nn_dense.hpp"
#include "nn_model.hpp"
#include "nn_timeline.hpp"
#include "nn_train.hpp"
#include "result.hpp"
#include "run_settings.hpp"

namespace gf::gui {

// [SECTION] Colours --------------------------------------------------------------------------
// TensorFlow Playground's look: class 0 orange, class 1 blue, through a neutral at the
// boundary; more classes get distinct hues. The heatmap shader receives the same colours and
// mirrors heat_color() line by line.
struct Rgb {
  float r = 0, g = 0, b = 0;
};
inline constexpr int kLabClassColors = nn::kMaxClasses;
Rgb class_color(int label);   // the points' colour: strong
Rgb heat_neutral(bool dark);  // the heatmap's colour where the network is undecided
// The heatmap's colour at a point with these scores (output_count of them) over a `neutral`
// background. `binary_cross_entropy`: a single score is a logit (confidence tanh(s/2)), else
// tanh(s). `discretize`: full strength on each side, no confidence shading. `regression`: the
// single score is a value, shaded as diverging_color.
inline constexpr float kHeatStrength = 0.62f;  // the heatmap stays lighter than the points
Rgb heat_color(const float* scores, int score_count, bool binary_cross_entropy, bool discretize,
               Rgb neutral, bool regression = false);
// A value in [-1, 1] (a neuron's output): orange below 0, blue above (the thumbnails).
Rgb diverging_color(float value, Rgb neutral);
// A regression point's colour: the same scale at full strength (the points stand out).
Rgb value_color(double value, Rgb neutral);

// [SECTION] One setting, trained ---------------------------------------------------------------
struct LabRun {
  std::string name;  // what compare mode writes over its tile ("3 neurons", "λ = 0.01")
  nn::ModelSpec model;
  nn::TrainConfig config;
  std::optional<nn::Trainer> trainer;
  std::string error;         // why there is no trainer (an invalid setting)
  nn::NetworkArrays arrays;  // exported for the shader after each frame's training
  nn::Metrics metrics;       // over every point, as of its last evaluation turn (LabState::advance)
  // The main run's snapshots for rewinding (lab_timeline.hpp); compare tiles train without.
  nn::RunTimeline timeline;
  // Hinge loss: 1 for each point inside the margin (it still pulls on the weights), as of the same
  // evaluation turn (nn::points_inside_margin); all 0 under other losses.
  std::vector<std::uint8_t> inside_margin;
  // Builds a fresh trainer (initial weights, step 0) for `dataset`.
  void rebuild(const nn::Dataset& dataset);
};

std::string setting_summary(const LabRun& run);  // "network 2-5-3-1 relu · lr 0.1" (lab_plane.cpp)

// [SECTION] Command-line settings --------------------------------------------------------------
// What `gradflow --lab` takes (main.cpp), all optional: the run settings `gradflow-cli train`
// takes too (run_settings.hpp, one set of flags and defaults), then the lab's own. Its --steps
// are trained before the first frame; the lab then plays on without a limit.
struct LabOptions {
  RunSettings settings;
  bool compare = false;  // start in compare mode with the hidden-neurons preset
  bool discretize = false;
  std::optional<int> rewind_to;  // after the --train-steps: back to this step
};

// [SECTION] The lab ------------------------------------------------------------------------------
class LabState {
 public:
  LabState();
  // Applies command-line settings; false with the reason in `error`.
  bool configure(const LabOptions& options, std::string& error);
  // The defaults, or a preset of run_settings.hpp ("micrograd"), on the current seed.
  Status load_run_preset(const std::string& preset);

  // ---- Data
  nn::DatasetOptions data_options;
  nn::Dataset dataset;
  nn::PlaneBox box;
  Status regenerate();  // a new dataset from data_options; every run restarts
  // Classification or regression (Playground's "problem type"): the first dataset of that type,
  // and the squared error for regression (the classifier's loss comes back on the way back).
  void set_problem(nn::Problem problem);
  nn::Problem problem() const { return main.model.problem; }
  void add_point(double x, double y, int label);  // classification only: a value is not clicked
  bool erase_point_near(double x, double y, double radius);
  // Loads x,y,label points; nothing changes when the file has errors (the message says where).
  Status import_csv(const std::string& path);
  Status export_csv(const std::string& path) const;

  // ---- The network and its training (the main run; compare mode copies it)
  LabRun main;
  nn::LossKind classification_loss = nn::LossKind::SquaredError;  // kept while regression runs
  void rebuild();               // after a model change: new trainers, step 0
  void apply_config();          // after a training-setting change: trainers keep their weights
  void reset();                 // new initial weights (as TFP's reset), step 0
  void restart_same_weights();  // the same initial weights again, step 0
  void step_once();             // one step of every run
  int train_steps(int count);   // headless: `count` steps of every run
  bool playing = false;
  int steps_per_frame = 5;  // the speed: at most this many steps a frame ...
  double budget_ms = 5.0;   // ... within this much time (shared by all runs; see above)
  // Once per frame, first: waits for the training, exports the weights, evaluates the metrics.
  void advance();
  // Once per frame, last (nothing may read a trainer until the next advance): when playing,
  // this frame's steps on the training thread.
  void train_in_background();
  // Waits for that training. Every method here that reads or changes a trainer calls it first;
  // the views (lab_*.cpp) read the trainers only between advance() and train_in_background().
  void finish_training() const;
  // What the last frame cost, without waiting for the display (ms): steers budget_ms so that
  // frames stay within kFrameWorkTarget.
  void report_frame_work(double ms);
  static constexpr double kFrameWorkTarget = 14.0, kMinBudget = 0.5, kMaxBudget = 12.0;
  const nn::Metrics& metrics() const;  // the shown run's: the main one, or compare's first
  // While training, a large network's evaluations over many points (the CPU picture of the
  // boundary, the neurons' thumbnails, the metrics) take turns, one a frame, so that no frame
  // pays for all three; larger ones come round less often. Quick ones (under 0.3 ms), or a paused
  // lab: always. `ms` is the expected time: multiply-adds over one of these speeds (a weak
  // 2-core laptop's, per ms): the tape (metrics) and the dense float layers (pictures).
  enum class Evaluation { Picture, Thumbnails, Metrics };
  bool evaluation_turn(Evaluation what, double ms) const;
  static constexpr double kTapeMacsPerMs = 2e6, kDenseMacsPerMs = 12e6;
  // A run that diverged: its message (playing stops). "" when none.
  const std::string& divergence() const { return divergence_; }

  // ---- Rewind (lab_timeline.cpp): the main run back to an earlier step of its timeline, within
  // `budget_ms` of replay a frame (advance() goes on with it next frame until there); training on
  // from there forks the run. Pauses; a divergence after that step is forgotten.
  void rewind_to(int step, double budget_ms = kRewindBudgetMs);
  int rewind_target() const { return rewind_target_; }  // -1: none under way
  static constexpr double kRewindBudgetMs = 6.0;

  // ---- Compare mode
  // Its runs train in lockstep: after any frame every tile has taken as many steps (a slower
  // network slows them all), so that their curves compare step for step.
  bool compare = false;
  std::vector<LabRun> runs;  // up to kMaxRuns
  static constexpr int kMaxRuns = 6;
  enum class Preset { HiddenNeurons, Lambda, Activations, LearningRates };
  // `lesson_data`: seed 000's two presets (hidden neurons, λ) switch to noisy moons of 100
  // points (kLessonNoise), where their lesson shows: on 500 noise-free points every setting
  // reaches 100% (train accuracy at 2,000 steps there: 3/6/20 neurons 0.84/0.92/0.96, λ
  // 0.001/0.01/0.1 0.96/0.88/0.78).
  void load_preset(Preset preset, bool lesson_data = false);
  static constexpr double kLessonNoise = 0.25;
  void add_current_to_compare();
  // The runs the views show: the compare runs, or the main one.
  std::vector<LabRun*> active_runs();

  // ---- Views
  bool discretize = false;
  bool show_test = true;
  int click_class = 0;
  int chosen_point = -1;  // for "show graph for this point"
  // The heatmap of `run` on the CPU (nn::dense_grid_scores, the shader's CPU twin, then
  // heat_color): RGBA bytes, row 0 at the top. Also the PNG export, and the picture of networks
  // too large for the shader or machines without it.
  void cpu_heatmap(LabRun& run, int width, int height, Rgb neutral,
                   std::vector<std::uint8_t>& rgba);
  // Rows first_row .. end_row-1 of that picture only, into `rgba` (width·height·4 bytes, the
  // other rows untouched): a large network's picture refined over several frames.
  void cpu_heatmap_rows(LabRun& run, int width, int height, int first_row, int end_row, Rgb neutral,
                        std::vector<std::uint8_t>& rgba);
  // The boundary view as PNG on the CPU: heatmap and points.
  Status export_boundary_png(const std::string& path, int size, Rgb neutral);
  std::string weights_json() const;  // the main run's model, parameters and metrics
  Status export_weights(const std::string& path) const;
  std::string message;  // the last import/export result, shown in the data panel

  // ---- Lab files (core/nn/lab_file.hpp; lab_setup.cpp): the main run's whole setup
  nn::LabFile capture(bool with_history = true) const;
  // Replaces the data, network, settings, view settings, weights and histories (compare mode
  // off, paused). A file whose run cannot be made changes nothing.
  Status restore(const nn::LabFile& file);
  Status save_lab(const std::string& path) const;
  Status open_lab(const std::string& path);  // a broken file changes nothing
  // A lab file's or the weights JSON's weights into the current network (shapes must match).
  Status import_weights(const std::string& path);

 private:
  std::string divergence_;
  int rewind_target_ = -1;
  void continue_rewind();  // lab_timeline.cpp
  std::vector<float> grid_scratch_;
  nn::DenseScratch dense_scratch_;
  int frame_ = 0;  // advance() calls: whose evaluation_turn it is
  // The training's pacing (train_in_background, report_frame_work).
  double credit_ms_ = 0;  // budget saved up by frames that trained nothing
  double step_ms_ = 0;    // a step's time, recently (measured by the job)
  mutable BackgroundJob training_{BackgroundJob::Priority::Low};
  void forget_pacing();                    // a new network: its steps take their own time
  void restart(void (*how)(LabRun& run));  // every run with a trainer, step 0 (reset, restart_*)
  // Compare mode's training: a step of each trainer in turn, until the budget or `most` rounds;
  // the steps taken.
  static int train_in_lockstep(const std::vector<nn::Trainer*>& trainers,
                               std::chrono::nanoseconds budget, int most);
  void check_divergence();
};

}  // namespace gf::gui
