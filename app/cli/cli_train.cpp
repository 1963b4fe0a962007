// cli_train.cpp — `gradflow-cli train` and `gradflow-cli bench train` (see cli_train.hpp).
//
// Index
//   [SECTION] Options to model, config and data
//   [SECTION] train
//   [SECTION] --setup: a lab file's run
//   [SECTION] bench train
#include "cli_train.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli_bench.hpp"
#include "cli_json.hpp"
#include "cli_regression.hpp"
#include "document.hpp"
#include "lab_file.hpp"
#include "nn_dense.hpp"
#include "nn_train.hpp"
#include "number_format.hpp"
#include "run_settings_flags.hpp"

namespace gf::cli {

using namespace gf::nn;

// [SECTION] Options to model, config and data ---------------------------------------------------

namespace {

// A shared parser's result (run_settings.hpp), or its refusal as the CLI reports it.
template <class T>
T or_refuse(Result<T> parsed, const std::string& flag_prefix = "") {
  if (!parsed) throw CliError(flag_prefix + parsed.reason());
  return std::move(*parsed);
}

// The points: a CSV file's, split by the settings' fraction and seed, or the generator's.
Dataset dataset_from(const RunSettings& settings, const DatasetOptions& data, Problem problem) {
  if (settings.csv_file.empty()) {
    Result<Dataset> made = make_dataset(data);
    if (!made) throw CliError(made.reason());
    return *made;
  }
  CsvImport imported = read_points_csv_file(settings.csv_file, problem);
  if (!imported.ok()) {
    std::string first = imported.describe(1);
    first = first.substr(0, first.find('\n'));
    // A problem with the file as a whole already starts with its path.
    if (first.rfind(settings.csv_file + ": ", 0) == 0) first.erase(0, settings.csv_file.size() + 2);
    const std::size_t more = imported.problems.size() - 1;
    throw CliError("--csv " + settings.csv_file + ": " + first +
                   (more ? " (and " + std::to_string(more) + " more problems)" : ""));
  }
  split_train_test(imported.dataset, data.train_fraction, data.seed);
  return imported.dataset;
}

// "Not applicable" (no test points) is null; a number as json_number writes it.
Json json_value(double value, bool applicable = true) {
  return applicable ? json_number(value) : Json(nullptr);
}

// Six significant digits for the text report (JSON has every digit); NaN and inf as such.
std::string short_number(double value) {
  if (!std::isfinite(value)) return format_number(value);
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string shape_text(const ModelSpec& spec) {
  std::string text = std::to_string(spec.features.size());
  for (const LayerSpec& layer : spec.hidden) text += "-" + std::to_string(layer.neurons);
  return text + "-" + std::to_string(output_count(spec));
}

}  // namespace

// [SECTION] train ---------------------------------------------------------------------------------

void add_train_options(CLI::App& command, TrainOptions& o) {
  add_run_settings_flags(command, o.settings,
                         "training steps (default " + std::to_string(*kRunDefaults.steps) + ")");
  command.add_option("--graph-out", o.graph_out,
                     "write the graph of one point's loss (a document)");
  command.add_option("--point", o.point, "the point for --graph-out (default 0)");
  command.add_option("--setup", o.setup,
                     "train a lab file (the lab's Lab > Save lab...): its data, network, settings "
                     "and weights, on from its step; training flags given replace its settings, "
                     "--steps counts from its step");
  command.add_option("--save-setup", o.save_setup,
                     "write the trained run as a lab file (the lab opens it, --setup trains on)");
}

namespace {

// What the settings make, checked: the points, the network and its training.
struct PreparedRun {
  Dataset data;
  RunSetup setup;
};

PreparedRun prepare_run(const TrainOptions& options) {
  const RunSettings& settings = options.settings;
  if (settings.dataset.empty() && settings.csv_file.empty() && settings.preset.empty())
    throw CliError("train needs exactly one of --dataset NAME or --csv FILE (or a --preset)");
  const DatasetOptions data = or_refuse(resolve_data_settings(settings));
  const Problem problem = or_refuse(resolve_problem(settings));
  PreparedRun run{dataset_from(settings, data, problem), {}};
  run.setup = or_refuse(resolve_run_settings(settings, std::max(run.data.classes, 2)));
  run.setup.config.evaluate_every = 0;  // the CLI evaluates between timed stretches itself
  if (run.data.train_count() == 0)      // nothing to learn from: the loss would be NaN
    throw CliError("--train-fraction " + format_number(data.train_fraction) +
                   " leaves no training points (of " + std::to_string(run.data.size()) +
                   "); give a larger fraction");
  if (!options.graph_out.empty() && (options.point < 0 || options.point >= run.data.size()))
    throw CliError("--point must be from 0 to " + std::to_string(run.data.size() - 1));
  return run;
}

// [SECTION] --setup: a lab file's run

// The data and network come from the file: their flags would be ignored, so they are refused.
void refuse_flags_beside_setup(const RunSettings& s) {
  const std::pair<bool, const char*> clashes[] = {
      {!s.dataset.empty(), "--dataset"},
      {!s.csv_file.empty(), "--csv"},
      {!s.problem.empty(), "--problem"},
      {s.points.has_value(), "--points"},
      {s.noise.has_value(), "--noise"},
      {s.train_fraction.has_value(), "--train-fraction"},
      {s.hidden.has_value(), "--hidden"},
      {s.activation.has_value(), "--activation"},
      {s.output_activation.has_value(), "--output-activation"},
      {s.features.has_value(), "--features"},
      {s.init.has_value(), "--init"},
      {s.loss.has_value(), "--loss"},
      {!s.preset.empty(), "--preset"},
      {s.seed != "1", "--seed"}};
  for (const auto& [given, flag] : clashes)
    if (given)
      throw CliError(std::string(flag) +
                     " cannot be combined with --setup: the lab file holds the data, the network "
                     "and the seeds (training flags such as --lr and --steps apply)");
}

// The lab file, its training under the flags given, to train `--steps` on from its step (when
// not given: to its own step limit, else the default number of steps).
LabFile prepare_setup(const TrainOptions& options) {
  refuse_flags_beside_setup(options.settings);
  Result<LabFile> read = read_lab_file(options.setup);
  if (!read) throw CliError("--setup " + read.reason());
  LabFile file = std::move(*read);
  const int step = file.state ? file.state->step : 0;
  const int file_limit = file.config.max_steps;
  if (Status applied = override_training(options.settings, file.config); !applied)
    throw CliError(applied.reason());
  int steps = file_limit > step ? file_limit - step : *kRunDefaults.steps;
  if (options.settings.steps) steps = *options.settings.steps;
  if (steps < 1 || steps > 10'000'000) throw CliError("--steps must be from 1 to 10000000");
  if (step > std::numeric_limits<int>::max() - steps)
    throw CliError("--setup " + options.setup + ": its step " + std::to_string(step) +
                   " leaves no room for " + std::to_string(steps) + " more steps");
  file.config.max_steps = step + steps;
  if (file.dataset.train_count() == 0)
    throw CliError("--setup " + options.setup + ": the file has no training points");
  if (!options.graph_out.empty() && (options.point < 0 || options.point >= file.dataset.size()))
    throw CliError("--point must be from 0 to " + std::to_string(file.dataset.size() - 1));
  return file;
}

// What --save-setup writes: `base`'s data and view, the trained run, and the settings the lab
// plays with (no step limit unless the schedule needs one, evaluations every `evaluate_every`).
void save_setup(LabFile base, const Trainer& trainer, int evaluate_every, int schedule_steps,
                const std::string& path) {
  capture_run(trainer, base);
  base.config.evaluate_every = evaluate_every;
  base.config.max_steps =
      base.config.schedule == LrSchedule::Constant ? 0 : std::max(schedule_steps, trainer.step());
  if (Status written = write_lab_file(base, path); !written)
    throw CliError("--save-setup " + written.reason());
}

// "step 300: epoch 12": TensorFlow Playground counts epochs, so its figures can be repeated.
std::string step_text(const Trainer& trainer) {
  return "step " + std::to_string(trainer.step()) + ": epoch " +
         format_significant(trainer.epochs(), 4);
}

// One line of the text report between timed stretches.
void print_progress(Trainer& trainer, std::ostream& out) {
  const Metrics& m = trainer.evaluate();
  out << step_text(trainer) << ", batch loss " << short_number(trainer.batch_loss_history().back());
  if (m.problem == Problem::Regression)
    out << ", " << regression_summary(m) << "\n";
  else
    out << ", train accuracy " << format_display(m.train_accuracy, 3)
        << (m.test_count ? ", test accuracy " + format_display(m.test_accuracy, 3) : "") << "\n";
}

// Trains to the end in timed stretches, printing the metrics between them (not timed) in text
// mode; returns the seconds spent training.
double train_in_stretches(Trainer& trainer, int steps, bool json, std::ostream& out) {
  const int stretches = json ? 1 : std::min(10, steps);
  double seconds = 0;
  while (trainer.can_step()) {
    const int chunk = std::max(1, (steps + stretches - 1) / stretches);
    seconds += seconds_of([&] { trainer.train_steps(chunk); });
    if (!json && trainer.step() > 0) print_progress(trainer, out);
  }
  return seconds;
}

void write_point_graph(const Trainer& trainer, int point, const std::string& path) {
  Result<PointGraph> graph = trainer.graph_for_point(point);
  if (!graph) throw CliError(graph.reason());
  Document document;
  document.graph = std::move(graph->graph);
  document.title = "loss of point " + std::to_string(point) + " after " +
                   std::to_string(trainer.step()) + " steps";
  if (Status saved = save_document_file(document, path); !saved) throw CliError(saved.reason());
}

// The end of a run as JSON (the contract scripts read: README's train section).
Json json_report(Trainer& trainer, double final_loss, double us_per_step) {
  const Metrics& metrics = trainer.evaluate();
  const bool diverged = trainer.status() == TrainStatus::Diverged;
  Json result;
  result["steps"] = trainer.step();
  result["epochs"] = trainer.epochs();
  result["final_loss"] = json_value(final_loss);
  result["train_accuracy"] = json_value(metrics.train_accuracy, metrics.train_count > 0);
  result["test_accuracy"] = json_value(metrics.test_accuracy, metrics.test_count > 0);
  result["us_per_step"] = us_per_step;
  result["train_loss"] = json_value(metrics.train_loss, metrics.train_count > 0);
  result["test_loss"] = json_value(metrics.test_loss, metrics.test_count > 0);
  result["regularization"] = json_value(metrics.regularization);
  result["status"] = diverged                                         ? "diverged"
                     : trainer.status() == TrainStatus::TargetReached ? "target_reached"
                                                                      : "finished";
  result["diverged_at_step"] = diverged ? Json(trainer.diverged_at_step()) : Json(nullptr);
  result["train_points"] = metrics.train_count;
  result["test_points"] = metrics.test_count;
  result["classes"] = metrics.classes;
  result["network"] = shape_text(trainer.model());
  result["parameters"] = parameter_count(trainer.model());
  result["train_confusion"] = metrics.train_confusion;
  result["test_confusion"] = metrics.test_confusion;
  if (metrics.problem == Problem::Regression) add_regression_json(metrics, result);
  return result;
}

void print_report(Trainer& trainer, double final_loss, double us_per_step, std::ostream& out) {
  const Metrics& metrics = trainer.evaluate();
  out << trainer.status_message() << "; " << format_significant(trainer.epochs(), 4) << " epochs\n";
  out << "final loss " << short_number(final_loss) << " (data " << short_number(metrics.train_loss)
      << " + regularisation " << short_number(metrics.regularization) << "), ";
  if (metrics.problem == Problem::Regression)
    out << regression_summary(metrics);
  else
    out << "train accuracy " << format_display(metrics.train_accuracy, 3)
        << (metrics.test_count ? ", test accuracy " + format_display(metrics.test_accuracy, 3)
                               : "");
  char line[100];
  std::snprintf(line, sizeof line, "\n%.2f µs per step\n", us_per_step);
  out << line;
}

}  // namespace

namespace {

// The run to train: a lab file's (--setup), else the flags'; `file` gets its data and view for
// --save-setup, `evaluate_every` the file's (the CLI evaluates on its own while training).
Trainer prepare_trainer(const TrainOptions& options, LabFile& file, int& evaluate_every,
                        std::string& source) {
  if (!options.setup.empty()) {
    file = prepare_setup(options);
    evaluate_every = file.config.evaluate_every;
    file.config.evaluate_every = 0;
    source = options.setup;
    Result<Trainer> restored = restore_run(file);
    if (!restored) throw CliError("--setup " + options.setup + ": " + restored.reason());
    return std::move(*restored);
  }
  PreparedRun run = prepare_run(options);
  Result<Trainer> created = Trainer::create(run.setup.model, run.setup.config, run.data);
  if (!created) throw CliError(created.reason());
  file.data_options = run.setup.data;
  file.box =
      options.settings.csv_file.empty() ? default_box(run.setup.data.kind) : fitting_box(run.data);
  evaluate_every = 10;  // the lab's
  source = options.settings.csv_file.empty() ? std::string(dataset_name(run.setup.data.kind))
                                             : options.settings.csv_file;
  return std::move(*created);
}

}  // namespace

int run_train(const TrainOptions& options, const OutputOptions& output, std::ostream& out) {
  LabFile file;
  int evaluate_every = 0;
  std::string source;
  Trainer trainer = prepare_trainer(options, file, evaluate_every, source);
  const ModelSpec& spec = trainer.model();
  const Dataset& data = trainer.dataset();
  if (!output.json)
    out << source << ": " << data.size() << " points (" << data.train_count() << " train, "
        << data.test_count() << " test), "
        << (spec.problem == Problem::Regression ? "regression"
                                                : std::to_string(data.classes) + " classes")
        << "; network " << shape_text(spec) << ", loss " << loss_name(spec.loss) << ", "
        << parameter_count(spec) << " parameters"
        << (trainer.step() > 0 ? "; from step " + std::to_string(trainer.step()) : "") << "\n";

  const int first_step = trainer.step();
  const double seconds =
      train_in_stretches(trainer, trainer.config().max_steps - first_step, output.json, out);
  const int steps = trainer.step() - first_step;
  const double us_per_step = steps > 0 ? seconds * 1e6 / steps : 0.0;
  const bool diverged = trainer.status() == TrainStatus::Diverged;
  const Metrics& metrics = trainer.evaluate();
  const double final_loss =
      diverged ? trainer.batch_loss_history().back() : metrics.train_loss + metrics.regularization;
  if (!options.graph_out.empty()) write_point_graph(trainer, options.point, options.graph_out);
  if (!options.save_setup.empty())
    save_setup(std::move(file), trainer, evaluate_every, trainer.config().max_steps,
               options.save_setup);
  if (output.json)
    out << json_report(trainer, final_loss, us_per_step).dump() << "\n";
  else
    print_report(trainer, final_loss, us_per_step, out);
  return diverged ? 1 : 0;
}

// [SECTION] bench train -------------------------------------------------------------------------

namespace {

// Where the picture costs the most: 8 hidden layers of 32 tanh neurons (10 steps trained), on the
// 256×256 grid, through the tape and through the dense float layers.
void print_large_network_grid(std::ostream& out) {
  ModelSpec spec;
  spec.hidden.assign(kMaxHiddenLayers, {kMaxNeurons, Activation::Tanh});
  spec.init = InitScheme::Xavier;
  Result<Dataset> dataset = make_dataset({DatasetKind::Moons, 100, 0.1, 1.0, 1});
  if (!dataset) throw CliError(dataset.reason());
  Result<Trainer> created = Trainer::create(spec, TrainConfig{}, *dataset);
  if (!created) throw CliError(created.reason());
  Trainer& trainer = *created;
  trainer.train_steps(10);
  NetworkArrays network;
  trainer.export_network(network);
  DenseScratch scratch;
  std::vector<float> scores(256 * 256);
  const PlaneBox box = default_box(DatasetKind::Moons);
  auto tape_grid = [&] { trainer.evaluate_grid(box, 256, 256, scores); };
  auto dense_grid = [&] { dense_grid_scores(network, box, 256, 256, 0, 256, scores, scratch); };
  std::vector<double> tape_ms, dense_ms;
  for (int repeat = 0; repeat < 3; ++repeat) {
    tape_ms.push_back(1e3 * seconds_of(tape_grid));
    dense_ms.push_back(1e3 * seconds_of(dense_grid));
  }
  char line[200];
  std::snprintf(line, sizeof line,
                "8 hidden layers of 32 tanh neurons: 256×256 grid %.2f ms on the tape, %.2f ms in "
                "dense float layers (medians of 3)\n",
                median(tape_ms), median(dense_ms));
  out << line;
}

// The timings of micrograd's demo over its runs (medians taken by the caller).
struct BenchTimes {
  std::vector<double> step_us, grid_ms, dense_grid_ms, thumbnail_ms;
  Metrics metrics;  // the last run's, after its 100 steps
  int nodes = 0, instructions = 0;
};

// One run: its steps one by one, then the trained network on a 256×256 grid over the moons' box
// (through the tape, and through the dense float layers as the lab's CPU picture), and every
// hidden neuron on the lab's 24×24 thumbnails (evaluate_neuron_grids).
void time_bench_run(const RunSetup& setup, BenchTimes& times) {
  Result<Dataset> dataset = make_dataset(setup.data);
  if (!dataset) throw CliError(dataset.reason());
  Result<Trainer> created = Trainer::create(setup.model, setup.config, *dataset);
  if (!created) throw CliError(created.reason());
  Trainer& trainer = *created;
  times.nodes = trainer.point_graph().graph.node_count();
  times.instructions = trainer.tape().instruction_count();
  while (trainer.can_step())
    times.step_us.push_back(1e6 * seconds_of([&] { trainer.train_steps(1); }));
  times.metrics = trainer.evaluate();
  const PlaneBox box = default_box(DatasetKind::Moons);
  std::vector<float> scores(256 * 256);
  std::vector<float> thumbnails(static_cast<std::size_t>(trainer.hidden_neuron_count()) * 24 * 24);
  NetworkArrays network;
  trainer.export_network(network);
  DenseScratch scratch;
  auto dense_grid = [&] { dense_grid_scores(network, box, 256, 256, 0, 256, scores, scratch); };
  for (int repeat = 0; repeat < 5; ++repeat) {
    times.grid_ms.push_back(1e3 *
                            seconds_of([&] { trainer.evaluate_grid(box, 256, 256, scores); }));
    times.dense_grid_ms.push_back(1e3 * seconds_of(dense_grid));
    times.thumbnail_ms.push_back(
        1e3 * seconds_of([&] { trainer.evaluate_neuron_grids(box, 24, 24, thumbnails); }));
  }
}

}  // namespace

int run_bench_train(int runs, const std::string& activation, const OutputOptions& output,
                    std::ostream& out) {
  if (runs < 1 || runs > 1000) throw CliError("--runs must be from 1 to 1000");
  const Activation hidden_activation = or_refuse(parse_activation("--activation", activation));
  // micrograd's demo, the preset both programs offer (run_settings.cpp: kRunPresets);
  // --activation swaps the hidden layers' ReLU for another (tanh: the transcendental gates').
  RunSettings micrograd;
  micrograd.preset = "micrograd";
  micrograd.activation = activation;
  BenchTimes times;
  for (int run = 0; run < runs; ++run) {
    micrograd.seed = std::to_string(run + 1);
    RunSetup setup = or_refuse(resolve_run_settings(micrograd, 2));
    setup.config.evaluate_every = 0;
    time_bench_run(setup, times);
  }
  const auto& [step_us, grid_ms, dense_grid_ms, thumbnail_ms, metrics, nodes, instructions] = times;
  if (output.json) {
    out << Json{{"us_per_step", median(step_us)},
                {"grid256_ms", median(grid_ms)},
                {"dense_grid256_ms", median(dense_grid_ms)},
                {"neuron_grids24_ms", median(thumbnail_ms)},
                {"activation", std::string(activation_name(hidden_activation))},
                {"steps", static_cast<int>(step_us.size())},
                {"runs", runs},
                {"train_accuracy", metrics.train_accuracy},
                {"final_loss", metrics.train_loss + metrics.regularization},
                {"graph_nodes", nodes},
                {"tape_instructions", instructions}}
               .dump()
        << "\n";
    return 0;
  }
  char line[400];
  std::snprintf(line, sizeof line,
                "micrograd's demo (moons 100, 2-16-16-1 %s, hinge + L2 1e-4, full batch): "
                "%.2f µs per step (median of %zu steps), 256×256 grid %.2f ms (dense float "
                "layers %.2f ms), the neurons' 24×24 thumbnails %.3f ms (medians), train accuracy "
                "%.3f after 100 steps\n",
                std::string(activation_name(hidden_activation)).c_str(), median(step_us),
                step_us.size(), median(grid_ms), median(dense_grid_ms), median(thumbnail_ms),
                metrics.train_accuracy);
  out << line;
  print_large_network_grid(out);
  return 0;
}

}  // namespace gf::cli
