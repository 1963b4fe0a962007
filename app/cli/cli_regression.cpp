// cli_regression.cpp — train's regression additions (see cli_regression.hpp).
#include "cli_regression.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>

#include "cli_commands.hpp"
#include "cli_train.hpp"
#include "run_settings.hpp"

namespace gf::cli {

using namespace gf::nn;

Problem problem_of(const TrainOptions& options) {
  std::optional<Problem> asked;
  if (!options.problem.empty()) {
    asked = problem_from_name(options.problem);
    if (!asked)
      throw CliError("--problem: unknown value '" + options.problem +
                     "' (one of: classification, regression)");
  }
  const std::optional<DatasetKind> kind = dataset_from_name(options.dataset);
  if (!kind) return asked.value_or(Problem::Classification);  // a CSV file, or a bad name
  const Problem made = dataset_problem(*kind);
  if (asked && *asked != made)
    throw CliError("--dataset " + options.dataset + " is a " + std::string(problem_name(made)) +
                   " dataset; for --problem " + options.problem +
                   " use one of: " + dataset_names(*asked));
  return made;
}

std::string regression_defaults_text() {
  const RegressionDefaults& d = kRegressionDefaults;
  char text[200];
  std::snprintf(text, sizeof text, "--hidden %s --activation %s --init %s --lr %g --momentum %g",
                d.hidden, d.activation, d.init, d.learning_rate, d.momentum);
  return text;
}

TrainOptions with_regression_defaults(const CLI::App& command, TrainOptions options) {
  if (problem_of(options) != Problem::Regression) return options;
  const RegressionDefaults& d = kRegressionDefaults;
  if (command.count("--hidden") == 0) options.hidden = d.hidden;
  if (command.count("--activation") == 0) options.activation = d.activation;
  if (command.count("--init") == 0) options.init = d.init;
  // The micrograd schedule keeps its own learning rate.
  if (command.count("--lr") == 0 && options.lr_schedule == "constant")
    options.learning_rate = d.learning_rate;
  if (command.count("--momentum") == 0) options.momentum = d.momentum;
  return options;
}

void apply_regression_model(const TrainOptions& options, ModelSpec& spec) {
  spec.problem = Problem::Regression;
  if (!options.loss.empty() && options.loss != loss_name(LossKind::SquaredError))
    throw CliError("--loss: regression fits values with the squared error (mse), not " +
                   options.loss);
  spec.loss = LossKind::SquaredError;
}

namespace {
nlohmann::ordered_json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}
}  // namespace

void add_regression_json(const Metrics& metrics, nlohmann::ordered_json& result) {
  // Classes and accuracies do not apply: null where the classifier has numbers.
  for (const char* key : {"train_accuracy", "test_accuracy", "classes"}) result[key] = nullptr;
  result["problem"] = std::string(problem_name(metrics.problem));
  result["train_rmse"] = number_or_null(metrics.train_rmse);
  result["test_rmse"] = number_or_null(metrics.test_rmse);
  result["target_range"] = number_or_null(metrics.target_range);
  result["baseline_rmse"] = number_or_null(metrics.baseline_rmse);
}

std::string regression_summary(const Metrics& metrics) {
  char text[200];
  std::snprintf(text, sizeof text, "train RMSE %.4g", metrics.train_rmse);
  std::string summary = text;
  if (metrics.test_count > 0) {
    std::snprintf(text, sizeof text, ", test RMSE %.4g (target range %.4g, baseline RMSE %.4g)",
                  metrics.test_rmse, metrics.target_range, metrics.baseline_rmse);
    summary += text;
  } else {
    std::snprintf(text, sizeof text, " (target range %.4g)", metrics.target_range);
    summary += text;
  }
  return summary;
}

}  // namespace gf::cli
