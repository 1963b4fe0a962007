// nn_regression.hpp — the lab's regression problem (a value per point instead of a class):
// TensorFlow Playground's two value functions, and the numbers a fit is judged by.
//
// The network fits one score s to the point's value v with the squared error (s − v)² (the
// per-point graph, nn_model.hpp), so a set's mean loss is its mean squared error and its RMSE
// is the loss's square root. Playground's loss is ½(s − v)²: the same fit, gradients half as large.
//
// Playground's datasets (dataset.ts, regressPlane and regressGaussian; the points themselves are
// drawn in nn_dataset.cpp, x and y uniform in [-6, 6]):
//   plane       (x + y) mapped linearly from [-10, 10] to [-1, 1] (not clamped: the corners of
//               the [-6, 6]² square reach ±1.2), i.e. (x + y)/10
//   multigauss  six bumps at (−4, 2.5) +, (0, 2.5) −, (4, 2.5) +, (−4, −2.5) −, (0, −2.5) +,
//               (4, −2.5) −, each ±max(0, 1 − d/2) at distance d from its centre; the value is
//               the bump largest in absolute value (the first on a tie, 0 far from all of them)
#pragma once

#include "nn_dataset.hpp"

namespace gf::nn {

double plane_value(double x, double y);
double multigauss_value(double x, double y);

// What a regression fit is measured against.
struct TargetStats {
  double range = 0;          // max − min of every point's value (0 without points)
  double train_mean = 0;     // the training points' mean value (0 without training points)
  double baseline_rmse = 0;  // RMSE of always predicting train_mean, on the test points
  bool has_test = false;     // baseline_rmse is NaN without test points
};
TargetStats target_stats(const Dataset& dataset);

}  // namespace gf::nn
