// nn_dataset.hpp — labelled points in the plane for the classifier lab: the generators, the
// train/test split, single-point edits, and CSV import/export.
//
// Generators (deterministic for a seed, see nn_random.hpp):
//   circle, xor, gaussian, spiral  exactly as TensorFlow Playground's dataset.ts: points in about
//                                  [-6, 6]², `noise` in [0, 0.5] (its slider's 0-50 %), class 1
//                                  is Playground's positive label (+1), class 0 its negative (-1)
//   moons                          scikit-learn's make_moons: two half circles, Gaussian noise
//                                  of standard deviation `noise` (micrograd's demo: 0.1)
//   spiral3                        Playground's spiral with three arms, 120° apart
//   blobs3, blobs4                 Gaussian blobs centred on a circle of radius 3.5, variance
//                                  0.5 + 7·noise (Playground's gaussian scale)
//   plane, multigauss              Playground's two regression sets (regressPlane and
//                                  regressGaussian): a value per point instead of a class, see
//                                  nn_regression.hpp
// Every generator shuffles its points (Fisher-Yates), then marks the first
// round(points × train_fraction) as training points and the rest as test points.
//
// Points are flat arrays (x1, x2, label, is_test), so the trainer gathers batches with plain
// indexing and the GUI adds or erases one point with a push_back or an erase.
//
// CSV: "x,y,label" per line (a regression file: "x,y,value", any finite number as the value), an
// optional header line "x,y,label" or "x,y,value" (or "x1,x2,..."), blank lines ignored, a UTF-8 byte-order mark at the start skipped. Every bad row is reported with its line
// number and what is wrong, and a file with any error, or fewer than kMinPoints points, loads
// nothing. Reading refuses a directory, FIFO or device (without waiting on it); writing is atomic
// (document.hpp write_file_atomically).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace gf::nn {

// What the points carry: a class (the lab's classifier) or a number to fit (regression, as
// Playground's "problem type").
enum class Problem : std::uint8_t { Classification, Regression, Count_ };
std::string_view problem_name(Problem problem);  // "classification", "regression"
std::optional<Problem> problem_from_name(std::string_view name);

// Labels run from 0 to classes-1; a CSV label must be below this.
inline constexpr int kMaxClasses = 8;
// The fewest points a dataset has, generated or imported: the same rule for the CLI and the lab.
inline constexpr int kMinPoints = 2;

enum class DatasetKind : std::uint8_t {
  Circle,
  Xor,
  Gaussian,
  Spiral,
  Moons,
  Spiral3,
  Blobs3,
  Blobs4,
  Plane,       // regression
  Multigauss,  // regression
  Count_
};
std::string_view dataset_name(DatasetKind kind);  // "circle", "xor", ...
std::optional<DatasetKind> dataset_from_name(std::string_view name);
std::string dataset_names();  // "circle, xor, gaussian, ..." for messages
// The generators of one problem type: "circle, xor, ..." or "plane, multigauss".
std::string dataset_names(Problem problem);
int dataset_classes(DatasetKind kind);  // 1 for a regression set (no classes)
Problem dataset_problem(DatasetKind kind);

struct DatasetOptions {
  DatasetKind kind = DatasetKind::Circle;
  int points = 500;             // TensorFlow Playground's count; micrograd's moons use 100
  double noise = 0;             // see the top of this file for its meaning per kind
  double train_fraction = 0.5;  // Playground's default split
  std::uint64_t seed = 1;
};
// Refuses points outside [2, 100000], noise outside [0, 10] or non-finite, train_fraction
// outside [0, 1]; the reason names the option.
Status validate(const DatasetOptions& options);

// The part of the plane to show and to evaluate a decision boundary on.
struct PlaneBox {
  double x_min = -6, x_max = 6, y_min = -6, y_max = 6;
};
PlaneBox default_box(DatasetKind kind);

struct Dataset {
  std::vector<double> x1, x2;
  std::vector<std::int32_t> label;    // 0 .. classes-1 (0 for every regression point)
  std::vector<double> value;          // regression: the point's target; classification: 0
  std::vector<std::uint8_t> is_test;  // 0: training point, 1: test point
  int classes = 2;
  Problem problem = Problem::Classification;

  int size() const { return static_cast<int>(x1.size()); }
  int test_count() const;
  int train_count() const { return size() - test_count(); }
  // A point of the given class (below kMaxClasses; `classes` grows to hold it).
  void add_point(double x, double y, int point_label, bool test = false);
  // A regression point with its target value (a finite number).
  void add_valued_point(double x, double y, double point_value, bool test = false);
  void erase_point(int index);
  // The point nearest to (x, y) within `radius`, or -1: what a click erases.
  int nearest_point(double x, double y, double radius) const;
};

// Refuses invalid options (see validate()).
Result<Dataset> make_dataset(const DatasetOptions& options);

// Marks round(size × train_fraction) points, chosen by a shuffle of the seed, as training points
// and the others as test points (e.g. after importing a CSV file, which has no split).
void split_train_test(Dataset& dataset, double train_fraction, std::uint64_t seed);

// [SECTION] CSV

struct CsvProblem {
  int line = 0;  // 1-based; 0 for the file as a whole (unreadable, empty, too big)
  std::string what;
};
struct CsvImport {
  Dataset dataset;  // empty unless problems is empty; every point a training point
  std::vector<CsvProblem> problems;
  bool ok() const { return problems.empty(); }
  // One line per problem ("line 3: y is not a number ('abc')"), at most `max_lines` of them,
  // then "... and N more problems".
  std::string describe(std::size_t max_lines = 10) const;
};

inline constexpr std::size_t kMaxCsvBytes = std::size_t{16} << 20;

// `problem` says what the third column is: a class label, or (Regression) a value. A header of
// the other kind is refused with a message that says so.
CsvImport parse_points_csv(std::string_view text, Problem problem = Problem::Classification);
CsvImport read_points_csv_file(const std::string& path, Problem problem = Problem::Classification);
// "x,y,label" (a regression dataset: "x,y,value") then one line per point, numbers in the
// shortest form that reads back exactly.
std::string points_to_csv(const Dataset& dataset);
Status write_points_csv_file(const Dataset& dataset, const std::string& path);

}  // namespace gf::nn
