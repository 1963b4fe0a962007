// run_settings_flags.cpp — the run settings' flags (see run_settings_flags.hpp).
#include "run_settings_flags.hpp"

#include <CLI/CLI.hpp>

#include "nn_dataset.hpp"
#include "nn_tables.hpp"
#include "number_format.hpp"

namespace gf {

namespace {

std::string defaults_to(const std::string& text) { return " (default " + text + ")"; }
std::string defaults_to(double value) { return defaults_to(format_number(value)); }

void add_data_flags(CLI::App& command, RunSettings& s) {
  command.add_option(
      "--problem", s.problem,
      "classification or regression (default: the dataset's; a CSV file: "
      "classification); regression's defaults: --hidden " +
          *kRegressionDefaults.hidden + " --features " + *kRegressionDefaults.features +
          " --activation " + *kRegressionDefaults.activation + " --init " +
          *kRegressionDefaults.init + " --lr " + format_number(*kRegressionDefaults.learning_rate) +
          " --momentum " + format_number(*kRegressionDefaults.momentum) + " --batch 0");
  auto* dataset =
      command.add_option("--dataset,-d", s.dataset,
                         nn::dataset_names(nn::Problem::Classification) +
                             "; regression: " + nn::dataset_names(nn::Problem::Regression) +
                             defaults_to(kRunDefaults.dataset));
  auto* csv = command.add_option(kCsvFlag, s.csv_file,
                                 "points from a CSV file: x,y,label per line (regression: "
                                 "x,y,value)");
  dataset->excludes(csv);
  csv->excludes(dataset);
  command.add_option("--points", s.points, "number of points (default 500; moons 100)");
  command.add_option("--noise", s.noise, "noise (Playground's 0-0.5; moons: std dev, default 0.1)");
  command.add_option("--train-fraction", s.train_fraction,
                     "share of training points" + defaults_to(*kRunDefaults.train_fraction));
  command.add_option("--seed", s.seed,
                     "seed of the data, the initial weights and the batches (0 to 2^64-1)");
}

void add_network_flags(CLI::App& command, RunSettings& s) {
  command.add_option(
      "--hidden", s.hidden,
      "neurons per hidden layer, e.g. 8,8 or none" + defaults_to(*kRunDefaults.hidden));
  command.add_option("--activation", s.activation,
                     nn::activation_names(", ", " or ") + "; one, or one per layer" +
                         defaults_to(*kRunDefaults.activation));
  command.add_option("--output-activation", s.output_activation,
                     "linear or tanh (default tanh with mse, as Playground; else linear)");
  command.add_option(
      "--features", s.features,
      "inputs: " + nn::feature_names(",", ",") + defaults_to(*kRunDefaults.features));
  command.add_option("--init", s.init,
                     "initial weights: uniform, xavier or he" + defaults_to(*kRunDefaults.init));
}

void add_training_flags(CLI::App& command, RunSettings& s, const std::string& steps_help) {
  command.add_option("--loss", s.loss,
                     "hinge, bce, mse or softmax (default mse; softmax for >2 classes)");
  command.add_option("--lr", s.learning_rate,
                     "learning rate" + defaults_to(*kRunDefaults.learning_rate));
  command.add_option("--lr-schedule", s.lr_schedule,
                     "constant (default) or micrograd: lr·(1 − 0.9·k/steps)");
  auto* l1 = command.add_option("--l1", s.l1, "L1 regularisation λ");
  auto* l2 = command.add_option("--l2", s.l2, "L2 regularisation λ");
  l1->excludes(l2);
  l2->excludes(l1);
  // (a callback: a flag on an optional<bool> would hold false when not given, hiding a preset's)
  command.add_flag_callback(
      "--regularize-biases", [&s] { s.regularize_biases = true; },
      "regularise biases too (as micrograd)");
  command.add_option("--momentum", s.momentum,
                     "SGD momentum in [0, 1)" + defaults_to(*kRunDefaults.momentum));
  command.add_option("--batch", s.batch,
                     "points per step, 0: full batch" + defaults_to(*kRunDefaults.batch));
  command.add_option(kStepsFlag, s.steps, steps_help);
  command.add_option("--target-loss", s.target_loss, "stop once a step's loss is at most this");
  std::string presets;
  for (const RunPreset& preset : kRunPresets)
    presets += (presets.empty() ? "" : "; ") + std::string(preset.name) + ": " + preset.description;
  command.add_option("--preset", s.preset,
                     "settings in place of the defaults (flags given win): " + presets);
}

}  // namespace

void add_run_settings_flags(CLI::App& command, RunSettings& settings,
                            const std::string& steps_help) {
  add_data_flags(command, settings);
  add_network_flags(command, settings);
  add_training_flags(command, settings, steps_help);
}

}  // namespace gf
