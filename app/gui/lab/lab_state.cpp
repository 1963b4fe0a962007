// lab_state.cpp — see lab_state.hpp.
//
// Index
//   [SECTION] Colours
//   [SECTION] Runs and settings
//   [SECTION] Data
//   [SECTION] Training
//   [SECTION] Compare mode
//   [SECTION] CPU pictures and exports
#include "lab_state.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "document.hpp"
#include "frame_capture.hpp"

namespace gf::gui {

// [SECTION] Colours ------------------------------------------------------------------------------

namespace {

Rgb from_hex(unsigned hex) {
  return {static_cast<float>((hex >> 16) & 0xff) / 255.f,
          static_cast<float>((hex >> 8) & 0xff) / 255.f, static_cast<float>(hex & 0xff) / 255.f};
}

Rgb mix(Rgb a, Rgb b, float t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

}  // namespace

Rgb class_color(int label) {
  // Playground's orange (#f59322) and blue (#0877bd), then hues far from both.
  static const unsigned kHex[kLabClassColors] = {0xf59322, 0x0877bd, 0x2ca25f, 0x9e4fd6,
                                                 0xe0457b, 0x17becf, 0x8c6d31, 0x7f7f7f};
  return from_hex(kHex[std::clamp(label, 0, kLabClassColors - 1)]);
}

Rgb heat_neutral(bool dark) {
  // Playground's #e8eaeb on the light theme; a grey a step above the background on the dark one.
  return dark ? Rgb{0.19f, 0.2f, 0.22f} : from_hex(0xe8eaeb);
}

Rgb heat_color(const float* scores, int score_count, bool binary_cross_entropy, bool discretize,
               Rgb neutral, bool regression) {
  int best = 0;
  float strength = 0;
  if (score_count == 1) {
    best = scores[0] > 0 ? 1 : 0;
    strength = regression
                   ? std::min(std::fabs(scores[0]), 1.0f)
                   : std::fabs(std::tanh(binary_cross_entropy ? 0.5f * scores[0] : scores[0]));
  } else {
    for (int k = 1; k < score_count; ++k)
      if (scores[k] > scores[best]) best = k;
    // The softmax probability of the winner, rescaled so a tie of all k is 0 and certainty 1.
    float sum = 0;
    for (int k = 0; k < score_count; ++k) sum += std::exp(scores[k] - scores[best]);
    const float chance = 1.0f / static_cast<float>(score_count);
    strength = (1.0f / sum - chance) / (1.0f - chance);
  }
  if (discretize) strength = 1.0f;
  return mix(neutral, class_color(best), kHeatStrength * strength);
}

Rgb diverging_color(float value, Rgb neutral) {
  const float v = std::clamp(value, -1.0f, 1.0f);
  return mix(neutral, class_color(v > 0 ? 1 : 0), kHeatStrength * std::fabs(v));
}

Rgb value_color(double value, Rgb neutral) {
  const float v = static_cast<float>(std::clamp(value, -1.0, 1.0));
  return mix(neutral, class_color(v > 0 ? 1 : 0), std::fabs(v));
}

// [SECTION] Runs and settings --------------------------------------------------------------------

void LabRun::rebuild(const nn::Dataset& dataset) {
  trainer.reset();
  timeline.clear();  // another run
  error.clear();
  model.classes = std::max(dataset.classes, 2);  // every loss handles k classes (nn_model.hpp)
  Result<nn::Trainer> created = nn::Trainer::create(model, config, dataset);
  if (!created) {
    error = created.reason();
    return;
  }
  trainer.emplace(std::move(*created));
  // Each weight's last update and recent values, for the diagram's "why did it move" panel.
  trainer->set_trace_depth(nn::WeightTrace::kDefaultDepth);
  trainer->export_network(arrays);
}

LabState::LabState() {
  // The shared defaults (run_settings.hpp), as `gradflow --lab` with no flags.
  Result<RunSetup> setup = resolve_run_settings(RunSettings{}, 2);
  data_options = setup->data;
  main.model = setup->model;
  main.config = setup->config;
  main.config.max_steps = 0;  // the lab plays on
  main.config.evaluate_every = 10;
  regenerate();
}

namespace {

// The lab's run: the shared resolution's, without the CLI's step limit (the lab plays on), except
// where the learning-rate schedule needs one (micrograd's decays over its steps).
void take_setup(const RunSetup& setup, nn::DatasetOptions& data, LabRun& run) {
  data = setup.data;
  run.model = setup.model;
  run.config = setup.config;
  if (run.config.schedule == nn::LrSchedule::Constant) run.config.max_steps = 0;
  run.config.evaluate_every = 10;
}

}  // namespace

bool LabState::configure(const LabOptions& options, std::string& error) {
  finish_training();
  const RunSettings& settings = options.settings;
  // The points first (a CSV file's classes choose the default loss), then the network and
  // training: the CLI's order and messages (run_settings.hpp).
  Status applied = Status::success();
  if (Result<nn::DatasetOptions> data = resolve_data_settings(settings); !data)
    applied = Status::failure(data.reason());
  else
    data_options = *data;
  // (a CSV file is read as the problem's points: x,y,label or x,y,value)
  if (Result<nn::Problem> problem = resolve_problem(settings); applied && problem)
    main.model.problem = *problem;
  if (applied) applied = regenerate();
  if (applied && !settings.csv_file.empty())
    if (Status imported = import_csv(settings.csv_file); !imported)
      applied = Status::failure("--csv " + imported.reason());
  if (applied) {
    Result<RunSetup> setup = resolve_run_settings(settings, std::max(dataset.classes, 2));
    if (setup) {
      take_setup(*setup, data_options, main);
      rebuild();
    } else {
      applied = Status::failure(setup.reason());
    }
  }
  if (applied && !main.error.empty()) applied = Status::failure(main.error);
  if (!applied) {
    error = applied.reason();
    return false;
  }
  if (options.rewind_to && options.compare) {
    error = "--rewind-to rewinds the single view's run: compare mode's tiles keep no timeline";
    return false;
  }
  discretize = options.discretize;
  if (options.compare)  // the lesson's data unless the command line chose some
    load_preset(Preset::HiddenNeurons, settings.dataset.empty() && settings.csv_file.empty());
  if (settings.steps) train_steps(*settings.steps);
  if (options.rewind_to) rewind_to(*options.rewind_to, 1e9);
  advance();
  return true;
}

Status LabState::load_run_preset(const std::string& preset) {
  LabOptions options;
  options.settings.preset = preset;
  options.settings.seed = std::to_string(data_options.seed);
  std::string error;
  playing = false;
  compare = false;
  if (!configure(options, error)) return Status::failure(error);
  return Status::success();
}

// [SECTION] Data ---------------------------------------------------------------------------------

Status LabState::regenerate() {
  finish_training();
  Result<nn::Dataset> made = nn::make_dataset(data_options);
  if (!made) return Status::failure(made.reason());
  dataset = std::move(*made);
  box = nn::default_box(data_options.kind);
  chosen_point = -1;
  click_class = std::min(click_class, dataset.classes - 1);
  rebuild();
  return Status::success();
}

void LabState::set_problem(nn::Problem problem) {
  if (problem == main.model.problem) return;
  if (problem == nn::Problem::Regression) classification_loss = main.model.loss;
  main.model.problem = problem;
  main.model.loss =
      problem == nn::Problem::Regression ? nn::LossKind::SquaredError : classification_loss;
  // A fitted value needs a linear output (Playground's plane reaches ±1.2); TFP's classifier
  // compares a tanh output with ±1 under the squared loss.
  main.model.output_activation =
      problem == nn::Problem::Classification && main.model.loss == nn::LossKind::SquaredError
          ? nn::Activation::Tanh
          : nn::Activation::Linear;
  data_options.kind =
      problem == nn::Problem::Regression ? nn::DatasetKind::Plane : nn::DatasetKind::Circle;
  (void)regenerate();  // the kind's options are valid: the generator cannot refuse them
}

void LabState::add_point(double x, double y, int label) {
  if (dataset.problem == nn::Problem::Regression) return;
  dataset.add_point(x, y, label);
  if (dataset.classes != main.model.classes) {
    rebuild();  // a new class: the output layer grows
    return;
  }
  for (LabRun* run : active_runs())
    if (run->trainer) (void)run->trainer->set_dataset(dataset);
  if (compare && main.trainer) (void)main.trainer->set_dataset(dataset);
}

bool LabState::erase_point_near(double x, double y, double radius) {
  const int index = dataset.nearest_point(x, y, radius);
  if (index < 0 || dataset.size() <= 2) return false;
  dataset.erase_point(index);
  chosen_point = -1;
  for (LabRun* run : active_runs())
    if (run->trainer) (void)run->trainer->set_dataset(dataset);
  if (compare && main.trainer) (void)main.trainer->set_dataset(dataset);
  return true;
}

Status LabState::import_csv(const std::string& path) {
  nn::CsvImport imported = nn::read_points_csv_file(path, main.model.problem);
  if (!imported.ok()) return Status::failure(path + ":\n" + imported.describe());
  nn::split_train_test(imported.dataset, data_options.train_fraction, data_options.seed);
  dataset = std::move(imported.dataset);
  box = nn::fitting_box(dataset);  // the points' bounding square with a margin
  chosen_point = -1;
  rebuild();
  return Status::success();
}

Status LabState::export_csv(const std::string& path) const {
  return nn::write_points_csv_file(dataset, path);
}

// [SECTION] Training -----------------------------------------------------------------------------

std::vector<LabRun*> LabState::active_runs() {
  finish_training();
  std::vector<LabRun*> active;
  if (compare) {
    for (LabRun& run : runs) active.push_back(&run);
  } else {
    active.push_back(&main);
  }
  return active;
}

void LabState::rebuild() {
  finish_training();
  forget_pacing();
  divergence_.clear();
  main.rebuild(dataset);
  for (LabRun& run : runs) run.rebuild(dataset);
  advance();
}

void LabState::apply_config() {
  finish_training();
  // The toolbar edits the main run's settings; compare runs keep their own.
  if (main.trainer) {
    if (Status applied = main.trainer->set_config(main.config); !applied)
      message = applied.reason();
  }
}

void LabState::reset() {
  // New weights; the run keeps the new init seed, so that a rebuild keeps them.
  restart([](LabRun& run) {
    run.trainer->reset_with_new_weights();
    run.model.init_seed = run.trainer->model().init_seed;
  });
}

void LabState::restart_same_weights() {
  restart([](LabRun& run) { run.trainer->reset(); });
}

void LabState::restart(void (*how)(LabRun& run)) {
  forget_pacing();  // (after active_runs() below waits: the job writes the step time)
  divergence_.clear();
  for (LabRun* run : active_runs())
    if (run->trainer) how(*run);
  if (compare && main.trainer) how(main);
  advance();
}

void LabState::step_once() {
  playing = false;
  rewind_target_ = -1;  // (a step from where a rewind got to: a fork there)
  for (LabRun* run : active_runs())
    if (run->trainer && run->trainer->can_step())
      run == &main ? main.timeline.train_steps(*main.trainer, 1) : run->trainer->train_steps(1);
  check_divergence();
  advance();
}

int LabState::train_steps(int count) {
  int done = 0;
  rewind_target_ = -1;
  for (LabRun* run : active_runs())
    if (run->trainer)
      done = std::max(done, run == &main ? main.timeline.train_steps(*main.trainer, count)
                                         : run->trainer->train_steps(count));
  check_divergence();
  return done;
}

void LabState::check_divergence() {
  for (LabRun* run : active_runs())
    if (run->trainer && run->trainer->status() == nn::TrainStatus::Diverged &&
        divergence_.empty()) {
      divergence_ = (compare ? run->name + ": " : std::string()) + run->trainer->status_message();
      playing = false;
    }
}

void LabState::finish_training() const { training_.wait(); }

void LabState::forget_pacing() {
  step_ms_ = 0;
  credit_ms_ = 0;
}

const nn::Metrics& LabState::metrics() const {
  return compare && !runs.empty() ? runs.front().metrics : main.metrics;
}

void LabState::train_in_background() {
  if (!playing) return;
  rewind_target_ = -1;  // (playing from where a rewind got to: a fork there)
  std::vector<nn::Trainer*> trainers;
  for (LabRun* run : active_runs())
    if (run->trainer && run->trainer->can_step()) trainers.push_back(&*run->trainer);
  if (trainers.empty()) return;
  // A step that takes longer than a frame's budget (a large network's full batch) waits for the
  // budget of several frames: those frames train nothing, and no frame pays twice.
  const double needed = step_ms_ * static_cast<double>(trainers.size());
  credit_ms_ = std::min(credit_ms_ + budget_ms, std::max(needed, kMaxBudget));
  if (credit_ms_ < needed) return;
  // The budget, shared: each run gets its slice, and at most steps_per_frame steps. (Saved-up
  // credit beyond one step's need is not spent at once.)
  const double spend = std::min(credit_ms_, std::max(budget_ms, needed));
  const auto slice = std::chrono::nanoseconds(
      static_cast<long long>(spend * 1e6 / static_cast<double>(trainers.size())));
  credit_ms_ = 0;
  // The main run trains through its timeline (the single view's only trainer).
  nn::RunTimeline* timeline = compare ? nullptr : &main.timeline;
  training_.start([this, trainers = std::move(trainers), slice, most = steps_per_frame,
                   lockstep = compare, timeline] {
    const auto start = std::chrono::steady_clock::now();
    int steps = 0;
    if (lockstep)  // one step of each in turn, so that every tile shows the same step
      steps = train_in_lockstep(trainers, slice * trainers.size(), most);
    else
      for (nn::Trainer* trainer : trainers)
        steps +=
            timeline ? timeline->train_for(*trainer, slice, most) : trainer->train_for(slice, most);
    // (read by the frame thread after finish_training(): the job's end synchronizes)
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (steps > 0) step_ms_ = 0.7 * step_ms_ + 0.3 * ms / steps;
  });
}

int LabState::train_in_lockstep(const std::vector<nn::Trainer*>& trainers,
                                std::chrono::nanoseconds budget, int most) {
  const auto deadline = std::chrono::steady_clock::now() + budget;
  int steps = 0;
  for (int round = 0; round < most; ++round) {
    for (nn::Trainer* trainer : trainers)
      if (trainer->can_step()) steps += trainer->train_steps(1);
    if (std::chrono::steady_clock::now() >= deadline) break;
  }
  return steps;
}

void LabState::report_frame_work(double ms) {
  if (!playing || !std::isfinite(ms)) return;
  // As TCP's window: a frame over the target cuts the budget by a third, a frame with room adds a
  // little. `ms` is the frame's work, including any wait for the training (advance) but not the
  // wait for the display, so a quick frame waiting for vsync still counts as room.
  if (ms > kFrameWorkTarget)
    budget_ms = std::max(kMinBudget, budget_ms * 0.7);
  else
    budget_ms = std::min(kMaxBudget, budget_ms + 0.2);
}

void LabState::advance() {
  std::vector<LabRun*> active = active_runs();  // (after the last frame's training: it waits)
  continue_rewind();
  if (playing) {
    check_divergence();
    if (std::none_of(active.begin(), active.end(),
                     [](LabRun* run) { return run->trainer && run->trainer->can_step(); }))
      playing = false;  // every run finished (or stopped)
  }
  for (LabRun* run : active)
    if (run->trainer) run->trainer->export_network(run->arrays);
  // The metrics go over every point (Trainer::metrics computes them once per change of the
  // weights): points × weights multiply-adds, so a large network's take turns. A run's first
  // numbers (or those after a reset) come at once.
  ++frame_;
  auto update = [&](LabRun& run) {
    if (!run.trainer) return;
    const double cost =
        static_cast<double>(dataset.size()) * static_cast<double>(run.trainer->parameters().size());
    const bool stale = run.metrics.train_count + run.metrics.test_count == 0 ||
                       run.metrics.step > run.trainer->step();
    if (stale || evaluation_turn(Evaluation::Metrics, cost / kTapeMacsPerMs)) {
      run.metrics = run.trainer->metrics();
      nn::points_inside_margin(run.model, run.trainer->parameters(), dataset, false,
                               run.inside_margin);
    }
  };
  for (LabRun* run : active) update(*run);
  if (compare && main.trainer && main.metrics.step != main.trainer->step())
    update(main);  // (its export)
}

bool LabState::evaluation_turn(Evaluation what, double ms) const {
  if (!playing || ms < 0.3) return true;
  constexpr int kTurns = 3;  // one evaluation a frame; beyond 3 ms each, rarer still
  const int period = kTurns * std::clamp(static_cast<int>(ms / 3) + 1, 1, 4);
  return frame_ % period == static_cast<int>(what);
}

// [SECTION] Compare mode -------------------------------------------------------------------------

void LabState::load_preset(Preset preset, bool lesson_data) {
  finish_training();
  if (lesson_data && (preset == Preset::HiddenNeurons || preset == Preset::Lambda)) {
    data_options.kind = nn::DatasetKind::Moons;
    data_options.points = 100;
    data_options.noise = kLessonNoise;
    compare = false;  // (regenerate rebuilds the main run only)
    if (Status made = regenerate(); !made) message = made.reason();
  }
  runs.clear();
  auto add = [&](std::string name, auto change) {
    LabRun run;
    run.name = std::move(name);
    run.model = main.model;
    run.config = main.config;
    change(run);
    runs.push_back(std::move(run));
  };
  switch (preset) {
    case Preset::HiddenNeurons:  // seed 000, slide 34: more neurons, more capacity
      for (int neurons : {3, 6, 20})
        add(std::to_string(neurons) + " hidden neurons", [&](LabRun& run) {
          run.model.hidden = {{neurons, nn::Activation::Relu}};
        });
      break;
    case Preset::Lambda:  // seed 000, slide 41: regularisation smooths the boundary
      for (double lambda : {0.001, 0.01, 0.1}) {
        char name[48];
        std::snprintf(name, sizeof name, "L2 \xce\xbb = %g", lambda);
        add(name, [&](LabRun& run) {
          run.model.hidden = {{20, nn::Activation::Relu}};
          run.config.regularization = nn::Regularization::L2;
          run.config.lambda = lambda;
        });
      }
      break;
    case Preset::Activations:
      for (const nn::ActivationInfo& row : nn::kActivations)  // every row of the table
        add(std::string(row.name), [&, activation = row.activation](LabRun& run) {
          for (nn::LayerSpec& layer : run.model.hidden) layer.activation = activation;
        });
      break;
    case Preset::LearningRates:
      for (double lr : {0.003, 0.03, 0.3, 3.0}) {
        char name[48];
        std::snprintf(name, sizeof name, "learning rate %g", lr);
        add(name, [&](LabRun& run) { run.config.learning_rate = lr; });
      }
      break;
  }
  compare = true;
  rebuild();
}

void LabState::add_current_to_compare() {
  finish_training();
  forget_pacing();
  if (static_cast<int>(runs.size()) >= kMaxRuns) return;
  LabRun run;
  std::string shape;
  for (const nn::LayerSpec& layer : main.model.hidden)
    shape += (shape.empty() ? "" : "-") + std::to_string(layer.neurons);
  run.name = "2-" + (shape.empty() ? std::string() : shape + "-") + "out, lr " +
             std::to_string(main.config.learning_rate).substr(0, 5);
  run.model = main.model;
  run.config = main.config;
  run.rebuild(dataset);
  runs.push_back(std::move(run));
}

// [SECTION] CPU pictures and exports -------------------------------------------------------------

void LabState::cpu_heatmap(LabRun& run, int width, int height, Rgb neutral,
                           std::vector<std::uint8_t>& rgba) {
  rgba.assign(static_cast<std::size_t>(width) * height * 4, 0);
  cpu_heatmap_rows(run, width, height, 0, height, neutral, rgba);
}

void LabState::cpu_heatmap_rows(LabRun& run, int width, int height, int first_row, int end_row,
                                Rgb neutral, std::vector<std::uint8_t>& rgba) {
  finish_training();
  first_row = std::clamp(first_row, 0, height);
  end_row = std::clamp(end_row, first_row, height);
  const std::size_t row_bytes = static_cast<std::size_t>(width) * 4;
  if (!run.trainer || end_row == first_row || rgba.size() < row_bytes * height) return;
  run.trainer->export_network(run.arrays);  // (the current weights: a copy, cheap)
  const int outputs = run.arrays.layer_sizes.back();
  const int rows = end_row - first_row;
  grid_scratch_.resize(static_cast<std::size_t>(width) * rows * outputs);
  nn::dense_grid_scores(run.arrays, box, width, height, first_row, end_row, grid_scratch_,
                        dense_scratch_);
  const bool bce = run.model.loss == nn::LossKind::CrossEntropy && outputs == 1;
  const bool regression = run.model.problem == nn::Problem::Regression;
  std::uint8_t* out = rgba.data() + row_bytes * first_row;
  for (std::size_t pixel = 0; pixel < static_cast<std::size_t>(width) * rows; ++pixel) {
    const Rgb color =
        heat_color(&grid_scratch_[pixel * outputs], outputs, bce, discretize, neutral, regression);
    out[pixel * 4 + 0] = static_cast<std::uint8_t>(std::lround(color.r * 255));
    out[pixel * 4 + 1] = static_cast<std::uint8_t>(std::lround(color.g * 255));
    out[pixel * 4 + 2] = static_cast<std::uint8_t>(std::lround(color.b * 255));
    out[pixel * 4 + 3] = 255;
  }
}

Status LabState::export_boundary_png(const std::string& path, int size, Rgb neutral) {
  std::vector<std::uint8_t> rgba;
  cpu_heatmap(main, size, size, neutral, rgba);
  // The points as discs: train points with a dark rim, test points with a white one.
  const double sx = size / (box.x_max - box.x_min), sy = size / (box.y_max - box.y_min);
  const float radius = std::max(2.5f, size / 140.0f);
  for (int i = 0; i < dataset.size(); ++i) {
    if (dataset.is_test[i] && !show_test) continue;
    const double cx = (dataset.x1[i] - box.x_min) * sx, cy = (box.y_max - dataset.x2[i]) * sy;
    const Rgb fill = dataset.problem == nn::Problem::Regression
                         ? value_color(dataset.value[i], neutral)
                         : class_color(dataset.label[i]);
    const Rgb rim = dataset.is_test[i] ? Rgb{1, 1, 1} : Rgb{0.15f, 0.15f, 0.15f};
    for (int y = static_cast<int>(cy - radius - 1); y <= static_cast<int>(cy + radius + 1); ++y)
      for (int x = static_cast<int>(cx - radius - 1); x <= static_cast<int>(cx + radius + 1); ++x) {
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
        if (d > radius) continue;
        const Rgb c = d > radius - 1.2 ? rim : fill;
        std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * size + x) * 4];
        p[0] = static_cast<std::uint8_t>(c.r * 255);
        p[1] = static_cast<std::uint8_t>(c.g * 255);
        p[2] = static_cast<std::uint8_t>(c.b * 255);
      }
  }
  stbi_flip_vertically_on_write(0);
  if (stbi_write_png(path.c_str(), size, size, 4, rgba.data(), size * 4) == 0)
    return Status::failure("could not write " + path);
  return Status::success();
}

std::string LabState::weights_json() const {
  finish_training();
  nlohmann::ordered_json root;
  const nn::ModelSpec& model = main.model;
  root["format"] = "gradflow-mlp-1";
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (nn::Feature feature : model.features) features.push_back(nn::feature_name(feature));
  root["features"] = features;
  root["classes"] = model.classes;
  root["loss"] = nn::loss_name(model.loss);
  root["step"] = main.trainer ? main.trainer->step() : 0;
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  if (main.trainer) {
    const std::span<const double> parameters = main.trainer->parameters();
    for (const nn::LayerShape& shape : nn::layer_shapes(model)) {
      nlohmann::ordered_json layer;
      layer["inputs"] = shape.inputs;
      layer["outputs"] = shape.outputs;
      layer["activation"] = nn::activation_name(shape.activation);
      nlohmann::ordered_json weights = nlohmann::ordered_json::array();
      for (int j = 0; j < shape.outputs; ++j) {
        nlohmann::ordered_json row = nlohmann::ordered_json::array();
        for (int i = 0; i < shape.inputs; ++i)
          row.push_back(parameters[shape.weight_offset + j * shape.inputs + i]);
        weights.push_back(row);
      }
      layer["weights"] = weights;  // [outputs][inputs]
      nlohmann::ordered_json biases = nlohmann::ordered_json::array();
      for (int j = 0; j < shape.outputs; ++j) biases.push_back(parameters[shape.bias_offset + j]);
      layer["biases"] = biases;
      layers.push_back(layer);
    }
  }
  root["layers"] = layers;
  root["train_accuracy"] = main.metrics.train_accuracy;
  root["test_accuracy"] = std::isnan(main.metrics.test_accuracy)
                              ? nlohmann::ordered_json(nullptr)
                              : nlohmann::ordered_json(main.metrics.test_accuracy);
  return root.dump(2) + "\n";
}

Status LabState::export_weights(const std::string& path) const {
  return gf::write_file_atomically(path, weights_json());  // (the message names the cause)
}

}  // namespace gf::gui
