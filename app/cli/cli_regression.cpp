// cli_regression.cpp — train's regression additions (see cli_regression.hpp).
#include "cli_regression.hpp"

#include <cmath>
#include <cstdio>

#include "cli_commands.hpp"

namespace gf::cli {

using namespace gf::nn;

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
