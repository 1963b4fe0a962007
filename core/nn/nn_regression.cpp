// nn_regression.cpp — Playground's value functions and the fit's yardsticks (see
// nn_regression.hpp).
#include "nn_regression.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace gf::nn {

namespace {

// d3.scale.linear().domain([d0, d1]).range([r0, r1]) as d3 3.5 (Playground's) computes it: the
// position in the domain, t = (v − d0)/(d1 − d0) (clamped to [0, 1] when asked), then
// r0·(1 − t) + r1·t.
double d3_linear(double v, double d0, double d1, double r0, double r1, bool clamp) {
  double t = (v - d0) / (d1 - d0);
  if (clamp) t = std::clamp(t, 0.0, 1.0);
  return r0 * (1 - t) + r1 * t;
}

struct Bump {
  double cx, cy, sign;
};
constexpr std::array<Bump, 6> kBumps = {{
    {-4, 2.5, 1},
    {0, 2.5, -1},
    {4, 2.5, 1},
    {-4, -2.5, -1},
    {0, -2.5, 1},
    {4, -2.5, -1},
}};

}  // namespace

double plane_value(double x, double y) { return d3_linear(x + y, -10, 10, -1, 1, false); }

double multigauss_value(double x, double y) {
  double value = 0;
  for (const Bump& bump : kBumps) {
    const double distance = std::hypot(x - bump.cx, y - bump.cy);
    const double candidate = bump.sign * d3_linear(distance, 0, 2, 1, 0, true);
    if (std::fabs(candidate) > std::fabs(value)) value = candidate;
  }
  return value;
}

TargetStats target_stats(const Dataset& dataset) {
  TargetStats stats;
  if (dataset.size() == 0) return stats;
  const auto [low, high] = std::minmax_element(dataset.value.begin(), dataset.value.end());
  stats.range = *high - *low;
  double sum = 0;
  int train = 0;
  for (int i = 0; i < dataset.size(); ++i)
    if (!dataset.is_test[i]) {
      sum += dataset.value[i];
      ++train;
    }
  stats.train_mean = train > 0 ? sum / train : 0.0;
  double squares = 0;
  int test = 0;
  for (int i = 0; i < dataset.size(); ++i)
    if (dataset.is_test[i]) {
      const double error = dataset.value[i] - stats.train_mean;
      squares += error * error;
      ++test;
    }
  stats.has_test = test > 0;
  stats.baseline_rmse =
      test > 0 ? std::sqrt(squares / test) : std::numeric_limits<double>::quiet_NaN();
  return stats;
}

}  // namespace gf::nn
