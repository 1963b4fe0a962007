// cli_train.cpp — `gradflow-cli train` and `gradflow-cli bench train` (see cli_train.hpp).
//
// Index
//   [SECTION] Options to model, config and data
//   [SECTION] train
//   [SECTION] bench train
#include "cli_train.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli_bench.hpp"
#include "cli_regression.hpp"
#include "document.hpp"
#include "nn_dense.hpp"
#include "nn_train.hpp"
#include "number_format.hpp"
#include "run_settings.hpp"

namespace gf::cli {

using Json = nlohmann::ordered_json;
using namespace gf::nn;

// [SECTION] Options to model, config and data ---------------------------------------------------

namespace {

// A shared parser's result (run_settings.hpp), or its refusal as the CLI reports it.
template <class T>
T or_refuse(Result<T> parsed, const std::string& flag_prefix = "") {
  if (!parsed) throw CliError(flag_prefix + parsed.reason());
  return std::move(*parsed);
}

ModelSpec model_from(const TrainOptions& options, int classes) {
  ModelSpec spec;
  spec.classes = classes;
  spec.features = or_refuse(parse_features("--features", options.features));
  spec.hidden = or_refuse(parse_hidden_layers(options.hidden, Activation::Relu), "--hidden: ");
  const std::vector<std::string> activations = split_commas(options.activation);
  if (activations.size() != 1 && activations.size() != spec.hidden.size())
    throw CliError("--activation: give one activation, or one per hidden layer (" +
                   std::to_string(spec.hidden.size()) + ")");
  for (std::size_t l = 0; l < spec.hidden.size(); ++l)
    spec.hidden[l].activation =
        or_refuse(parse_activation("--activation", activations[activations.size() == 1 ? 0 : l]));
  if (activations.size() == 1)
    or_refuse(parse_activation("--activation", activations[0]));  // checked even with no layer
  spec.output_activation =
      or_refuse(parse_activation("--output-activation", options.output_activation));
  spec.loss = options.loss.empty() ? (classes == 2 ? LossKind::Hinge : LossKind::Softmax)
                                   : or_refuse(parse_loss("--loss", options.loss));
  spec.init = or_refuse(parse_init("--init", options.init));
  spec.init_seed = parse_seed("--seed", options.seed);
  if (problem_of(options) == Problem::Regression) apply_regression_model(options, spec);
  if (Status valid = validate(spec); !valid) throw CliError(valid.reason());
  return spec;
}

TrainConfig config_from(const TrainOptions& options) {
  TrainConfig config;
  if (options.lr_schedule == "micrograd")
    config.schedule = LrSchedule::Micrograd;
  else if (options.lr_schedule != "constant")
    throw CliError("--lr-schedule: unknown value '" + options.lr_schedule +
                   "' (one of: constant, micrograd)");
  config.learning_rate =
      options.learning_rate.value_or(config.schedule == LrSchedule::Micrograd ? 1.0 : 0.1);
  if (!std::isfinite(config.learning_rate) || config.learning_rate <= 0)
    throw CliError("--lr must be a positive number");
  if (options.l1 || options.l2) {
    config.regularization = options.l1 ? Regularization::L1 : Regularization::L2;
    config.lambda = options.l1 ? *options.l1 : *options.l2;
    if (!std::isfinite(config.lambda) || config.lambda < 0)
      throw CliError(std::string(options.l1 ? "--l1" : "--l2") + " must be a non-negative number");
  }
  config.regularize_biases = options.regularize_biases;
  if (!std::isfinite(options.momentum) || options.momentum < 0 || options.momentum >= 1)
    throw CliError("--momentum must be a number in [0, 1)");
  config.momentum = options.momentum;
  if (options.batch < 0) throw CliError("--batch must be 0 (full batch) or a positive number");
  config.batch_size = options.batch;
  if (options.steps < 1 || options.steps > 10'000'000)
    throw CliError("--steps must be from 1 to 10000000");
  config.max_steps = options.steps;
  if (options.target_loss && !std::isfinite(*options.target_loss))
    throw CliError("--target-loss must be a number");
  config.target_loss = options.target_loss;
  config.seed = parse_seed("--seed", options.seed);
  config.evaluate_every = 0;  // the CLI evaluates between timed stretches itself
  return config;
}

Dataset dataset_from(const TrainOptions& options) {
  if (options.dataset.empty() == options.csv_file.empty())
    throw CliError("train needs exactly one of --dataset NAME or --csv FILE");
  if (!std::isfinite(options.train_fraction) || options.train_fraction < 0 ||
      options.train_fraction > 1)
    throw CliError("--train-fraction must be a number from 0 to 1");
  if (!options.csv_file.empty()) {
    if (options.points) throw CliError("--points: not with --csv (the file has its points)");
    if (options.noise) throw CliError("--noise: not with --csv (the file has its points)");
    CsvImport imported = read_points_csv_file(options.csv_file, problem_of(options));
    if (!imported.ok()) {
      std::string first = imported.describe(1);
      first = first.substr(0, first.find('\n'));
      // A problem with the file as a whole already starts with its path.
      if (first.rfind(options.csv_file + ": ", 0) == 0) first.erase(0, options.csv_file.size() + 2);
      const std::size_t more = imported.problems.size() - 1;
      throw CliError("--csv " + options.csv_file + ": " + first +
                     (more ? " (and " + std::to_string(more) + " more problems)" : ""));
    }
    split_train_test(imported.dataset, options.train_fraction, parse_seed("--seed", options.seed));
    return imported.dataset;
  }
  DatasetOptions data;
  data.kind = or_refuse(parse_dataset("--dataset", options.dataset));
  problem_of(options);  // a generator of the other problem type is refused
  const bool moons = data.kind == DatasetKind::Moons;  // micrograd's demo: 100 points, noise 0.1
  data.points = options.points.value_or(moons ? 100 : 500);
  data.noise = options.noise.value_or(moons ? 0.1 : 0.0);
  data.train_fraction = options.train_fraction;
  data.seed = parse_seed("--seed", options.seed);
  if (options.points && (*options.points < 2 || *options.points > 100000))
    throw CliError("--points must be from 2 to 100000");
  if (options.noise &&
      (!std::isfinite(*options.noise) || *options.noise < 0 || *options.noise > 10))
    throw CliError("--noise must be a number from 0 to 10");
  Result<Dataset> made = make_dataset(data);
  if (!made) throw CliError(made.reason());
  return *made;
}

// JSON has no NaN: "not applicable" (no test points) is null, a diverged number a string.
Json json_value(double value, bool applicable = true) {
  if (!applicable) return nullptr;
  if (std::isfinite(value)) return value;
  return format_number(value);
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

// One line of the text report between timed stretches.
void print_progress(Trainer& trainer, std::ostream& out) {
  const Metrics& m = trainer.evaluate();
  const std::string batch_loss = short_number(trainer.batch_loss_history().back());
  if (m.problem == Problem::Regression) {
    out << "step " << trainer.step() << ": batch loss " << batch_loss << ", "
        << regression_summary(m) << "\n";
    return;
  }
  char line[200];
  std::snprintf(
      line, sizeof line, "step %d: batch loss %s, train accuracy %.3f%s\n", trainer.step(),
      batch_loss.c_str(), m.train_accuracy,
      m.test_count ? (", test accuracy " + format_display(m.test_accuracy, 3)).c_str() : "");
  out << line;
}

}  // namespace

// [SECTION] train ---------------------------------------------------------------------------------

void add_train_options(CLI::App& command, TrainOptions& o) {
  command.add_option("--problem", o.problem,
                     "classification or regression (default: the dataset's; a CSV file: "
                     "classification); regression's defaults: " +
                         regression_defaults_text());
  auto* dataset = command.add_option("--dataset,-d", o.dataset,
                                     "circle, xor, gaussian, spiral, moons, spiral3, blobs3, "
                                     "blobs4; regression: plane, multigauss");
  auto* csv = command.add_option(kCsvFlag, o.csv_file,
                                 "points from a CSV file: x,y,label per line (regression: "
                                 "x,y,value)");
  dataset->excludes(csv);
  csv->excludes(dataset);
  command.add_option("--points", o.points, "number of points (default 500; moons 100)");
  command.add_option("--noise", o.noise, "noise (Playground's 0-0.5; moons: std dev, default 0.1)");
  command.add_option("--train-fraction", o.train_fraction,
                     "share of training points (default 0.5)");
  command.add_option("--hidden", o.hidden,
                     "neurons per hidden layer, e.g. 16,16 or none (default 16,16)");
  command.add_option("--activation", o.activation,
                     activation_names(", ", " or ") + "; one, or one per layer");
  command.add_option("--output-activation", o.output_activation, "linear (default) or tanh");
  command.add_option("--features", o.features,
                     "inputs: " + feature_names(",", ",") + " (default x1,x2)");
  command.add_option("--loss", o.loss,
                     "hinge, bce, mse or softmax (default hinge; softmax for >2 classes)");
  command.add_option("--init", o.init, "weight initialisation: uniform (default), xavier or he");
  command.add_option("--lr", o.learning_rate,
                     "learning rate (default 0.1; 1 with --lr-schedule micrograd)");
  command.add_option("--lr-schedule", o.lr_schedule,
                     "constant (default) or micrograd: lr·(1 − 0.9·k/steps)");
  auto* l1 = command.add_option("--l1", o.l1, "L1 regularisation λ");
  auto* l2 = command.add_option("--l2", o.l2, "L2 regularisation λ");
  l1->excludes(l2);
  l2->excludes(l1);
  command.add_flag("--regularize-biases", o.regularize_biases,
                   "regularise biases too (as micrograd)");
  command.add_option("--momentum", o.momentum, "SGD momentum in [0, 1) (default 0)");
  command.add_option("--batch", o.batch, "points per step (default 0: full batch)");
  command.add_option(kStepsFlag, o.steps, "training steps (default 100)");
  command.add_option("--target-loss", o.target_loss, "stop once a step's loss is at most this");
  command.add_option("--seed", o.seed,
                     "seed of the data, the initial weights and the batches (0 to 2^64-1)");
  command.add_option("--graph-out", o.graph_out,
                     "write the graph of one point's loss (a document)");
  command.add_option("--point", o.point, "the point for --graph-out (default 0)");
}

int run_train(const TrainOptions& options, const OutputOptions& output, std::ostream& out) {
  const TrainConfig config = config_from(options);
  const Dataset data = dataset_from(options);
  const ModelSpec spec = model_from(options, std::max(data.classes, 2));
  const bool regression = spec.problem == Problem::Regression;
  if (data.train_count() == 0)  // nothing to learn from: the loss would be NaN
    throw CliError("--train-fraction " + format_number(options.train_fraction) +
                   " leaves no training points (of " + std::to_string(data.size()) +
                   "); give a larger fraction");
  if (!options.graph_out.empty() && (options.point < 0 || options.point >= data.size()))
    throw CliError("--point must be from 0 to " + std::to_string(data.size() - 1));
  Result<Trainer> created = Trainer::create(spec, config, data);
  if (!created) throw CliError(created.reason());
  Trainer& trainer = *created;

  if (!output.json)
    out << (options.csv_file.empty() ? options.dataset : options.csv_file) << ": " << data.size()
        << " points (" << data.train_count() << " train, " << data.test_count() << " test), "
        << (regression ? "regression" : std::to_string(data.classes) + " classes") << "; network "
        << shape_text(spec) << ", loss " << loss_name(spec.loss) << ", " << parameter_count(spec)
        << " parameters\n";

  // Timed stretches of steps; the metrics printed between them are not timed.
  const int stretches = output.json ? 1 : std::min(10, options.steps);
  double seconds = 0;
  while (trainer.can_step()) {
    const int chunk = std::max(1, (options.steps + stretches - 1) / stretches);
    seconds += seconds_of([&] { trainer.train_steps(chunk); });
    if (!output.json && trainer.step() > 0) print_progress(trainer, out);
  }
  const Metrics metrics = trainer.evaluate();
  const int steps = trainer.step();
  const double us_per_step = steps > 0 ? seconds * 1e6 / steps : 0.0;
  const bool diverged = trainer.status() == TrainStatus::Diverged;
  const double final_loss =
      diverged ? trainer.batch_loss_history().back() : metrics.train_loss + metrics.regularization;

  if (!options.graph_out.empty()) {
    Result<PointGraph> graph = trainer.graph_for_point(options.point);
    if (!graph) throw CliError(graph.reason());
    Document document;
    document.graph = std::move(graph->graph);
    document.title = "loss of point " + std::to_string(options.point) + " after " +
                     std::to_string(steps) + " steps";
    if (Status saved = save_document_file(document, options.graph_out); !saved)
      throw CliError(saved.reason());
  }

  if (output.json) {
    Json result;
    result["steps"] = steps;
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
    result["network"] = shape_text(spec);
    result["parameters"] = parameter_count(spec);
    result["train_confusion"] = metrics.train_confusion;
    result["test_confusion"] = metrics.test_confusion;
    if (regression) add_regression_json(metrics, result);
    out << result.dump() << "\n";
  } else {
    out << trainer.status_message() << "\n";
    out << "final loss " << short_number(final_loss) << " (data "
        << short_number(metrics.train_loss) << " + regularisation "
        << short_number(metrics.regularization) << "), ";
    if (regression)
      out << regression_summary(metrics);
    else
      out << "train accuracy " << format_display(metrics.train_accuracy, 3);
    if (!regression && metrics.test_count > 0)
      out << ", test accuracy " << format_display(metrics.test_accuracy, 3);
    char line[100];
    std::snprintf(line, sizeof line, "\n%.2f µs per step\n", us_per_step);
    out << line;
  }
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

}  // namespace

int run_bench_train(int runs, const std::string& activation, const OutputOptions& output,
                    std::ostream& out) {
  if (runs < 1 || runs > 1000) throw CliError("--runs must be from 1 to 1000");
  const Activation hidden_activation = or_refuse(parse_activation("--activation", activation));
  // micrograd's demo (demo.ipynb): make_moons(100, noise=0.1), MLP(2, [16, 16, 1]) with ReLU
  // hidden layers and a linear output, hinge loss + 1e-4·Σp² over every parameter, full batch,
  // lr = 1.0 − 0.9·k/100, 100 steps. --activation swaps the hidden layers' ReLU for another
  // (tanh: the transcendental gates' speed).
  DatasetOptions data;
  data.kind = DatasetKind::Moons;
  data.points = 100;
  data.noise = 0.1;
  data.train_fraction = 1.0;
  ModelSpec spec;
  spec.hidden = {{16, hidden_activation}, {16, hidden_activation}};
  spec.loss = LossKind::Hinge;
  TrainConfig config;
  config.learning_rate = 1.0;
  config.schedule = LrSchedule::Micrograd;
  config.regularization = Regularization::L2;
  config.lambda = 1e-4;
  config.regularize_biases = true;
  config.max_steps = 100;
  config.evaluate_every = 0;

  std::vector<double> step_us, grid_ms, dense_grid_ms, thumbnail_ms;
  Metrics metrics;
  int nodes = 0, instructions = 0;
  for (int run = 0; run < runs; ++run) {
    data.seed = spec.init_seed = config.seed = static_cast<std::uint64_t>(run) + 1;
    Result<Dataset> dataset = make_dataset(data);
    if (!dataset) throw CliError(dataset.reason());
    Result<Trainer> created = Trainer::create(spec, config, *dataset);
    if (!created) throw CliError(created.reason());
    Trainer& trainer = *created;
    nodes = trainer.point_graph().graph.node_count();
    instructions = trainer.tape().instruction_count();
    while (trainer.can_step()) step_us.push_back(1e6 * seconds_of([&] { trainer.train_steps(1); }));
    metrics = trainer.evaluate();
    // The trained network on a 256×256 grid over the moons' box, and every hidden neuron on the
    // lab's 24×24 thumbnails (evaluate_neuron_grids).
    const PlaneBox box = default_box(DatasetKind::Moons);
    std::vector<float> scores(256 * 256);
    std::vector<float> thumbnails(static_cast<std::size_t>(trainer.hidden_neuron_count()) * 24 *
                                  24);
    for (int repeat = 0; repeat < 5; ++repeat)
      grid_ms.push_back(1e3 * seconds_of([&] { trainer.evaluate_grid(box, 256, 256, scores); }));
    // The same grid through the dense float layers (nn_dense.hpp), as the lab's CPU picture.
    NetworkArrays network;
    trainer.export_network(network);
    DenseScratch scratch;
    auto dense_grid = [&] { dense_grid_scores(network, box, 256, 256, 0, 256, scores, scratch); };
    for (int repeat = 0; repeat < 5; ++repeat)
      dense_grid_ms.push_back(1e3 * seconds_of(dense_grid));
    for (int repeat = 0; repeat < 5; ++repeat)
      thumbnail_ms.push_back(
          1e3 * seconds_of([&] { trainer.evaluate_neuron_grids(box, 24, 24, thumbnails); }));
  }

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
