// cli_regression.hpp — what `gradflow-cli train --problem regression` adds to train
// (cli_train.cpp): the problem type from the flag or the dataset, the regression defaults, and
// the fit's numbers in the report (nn_regression.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "nn_train.hpp"

namespace CLI {
class App;
}

namespace gf::cli {

struct TrainOptions;

// What `--problem regression` picks for the settings not given on the command line (the
// classifier's defaults leave ReLUs dead on Playground's regression sets). Measured with
// `--steps 2000 --noise 0`, seeds 1-5: plane's test RMSE below 0.4% of the target range;
// multigauss (with --features x1,x2,sinx1,sinx2) below 0.19 of the baseline RMSE.
struct RegressionDefaults {
  const char* hidden = "16,16";
  const char* activation = "tanh";
  const char* init = "xavier";
  double learning_rate = 0.05;
  double momentum = 0.9;
};
inline constexpr RegressionDefaults kRegressionDefaults{};
// "--hidden 16,16 --activation tanh ..." for the help text.
std::string regression_defaults_text();

// `options` with kRegressionDefaults for every such flag absent from `command` (train's parsed
// subcommand) when the problem is regression; unchanged otherwise.
TrainOptions with_regression_defaults(const CLI::App& command, TrainOptions options);

// --problem, or the problem of --dataset's generator, or classification (a CSV file). Refuses an
// unknown name, and a generator of the other problem type, naming the ones that fit.
nn::Problem problem_of(const TrainOptions& options);

// The model's regression settings: the squared error (refusing another --loss) on one score.
void apply_regression_model(const TrainOptions& options, nn::ModelSpec& spec);

// problem, train_rmse, test_rmse, target_range, baseline_rmse (null where not applicable), and
// null for the classifier's accuracies and classes.
void add_regression_json(const nn::Metrics& metrics, nlohmann::ordered_json& result);
// "train RMSE 0.012, test RMSE 0.013 (target range 2.39, baseline RMSE 0.49)".
std::string regression_summary(const nn::Metrics& metrics);

}  // namespace gf::cli
