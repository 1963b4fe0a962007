// cli_regression.hpp — what `gradflow-cli train --problem regression` adds to train's report
// (cli_train.cpp): the fit's numbers (nn_regression.hpp). The problem type and regression's
// defaults are run settings (run_settings.hpp), shared with the lab.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "nn_train.hpp"

namespace gf::cli {

// problem, train_rmse, test_rmse, target_range, baseline_rmse (null where not applicable), and
// null for the classifier's accuracies and classes.
void add_regression_json(const nn::Metrics& metrics, nlohmann::ordered_json& result);
// "train RMSE 0.012, test RMSE 0.013 (target range 2.39, baseline RMSE 0.49)".
std::string regression_summary(const nn::Metrics& metrics);

}  // namespace gf::cli
