// The lab's regression problem: Playground's value functions at hand-computed points, its two
// generators, the fit's yardsticks, the per-point graph's squared error, the trainer's metrics
// against a plain recomputation, and x,y,value CSV files with errors by line.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "eval.hpp"
#include "nn_regression.hpp"
#include "nn_train.hpp"

using namespace gf;
using namespace gf::nn;

namespace {

Dataset make(DatasetKind kind, int points, double noise, std::uint64_t seed = 1) {
  Result<Dataset> d = make_dataset({kind, points, noise, 0.5, seed});
  REQUIRE(d);
  return *d;
}

ModelSpec regression_model() {
  ModelSpec spec;
  spec.problem = Problem::Regression;
  spec.loss = LossKind::SquaredError;
  spec.hidden = {{8, Activation::Tanh}};
  spec.init = InitScheme::Xavier;
  return spec;
}

}  // namespace

TEST_CASE("regression: plane's value is (x + y)/10, Playground's [-10, 10] -> [-1, 1], unclamped") {
  CHECK(plane_value(3, 2) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(plane_value(0, 0) == doctest::Approx(0.0));
  CHECK(plane_value(-6, -6) == doctest::Approx(-1.2).epsilon(1e-15));  // the box's corners
  CHECK(plane_value(6, 6) == doctest::Approx(1.2).epsilon(1e-15));
  CHECK(plane_value(-2.5, 0.5) == doctest::Approx(-0.2).epsilon(1e-15));
  CHECK(plane_value(10, 10) == doctest::Approx(2.0).epsilon(1e-15));  // not clamped
}

TEST_CASE("regression: multigauss's six bumps, ±(1 − d/2) clamped, the largest in |value|") {
  // The centres: +1 and −1 alternating along each row, the rows of opposite signs.
  CHECK(multigauss_value(-4, 2.5) == 1.0);
  CHECK(multigauss_value(0, 2.5) == -1.0);
  CHECK(multigauss_value(4, 2.5) == 1.0);
  CHECK(multigauss_value(-4, -2.5) == -1.0);
  CHECK(multigauss_value(0, -2.5) == 1.0);
  CHECK(multigauss_value(4, -2.5) == -1.0);
  // Distance 1 from a centre (a 3-4-5 triangle: 0.6, 0.8): half its sign.
  CHECK(multigauss_value(-4 + 0.6, 2.5 + 0.8) == doctest::Approx(0.5));
  CHECK(multigauss_value(1, 2.5) == doctest::Approx(-0.5));  // 3 from (4, 2.5): that bump is 0
  CHECK(multigauss_value(0.3, -2.5 - 0.4) == doctest::Approx(0.75));  // d = 0.5
  // Distance 2 or more from every centre: 0.
  CHECK(multigauss_value(2, 2.5) == 0.0);  // 2 from (0, 2.5) and from (4, 2.5)
  CHECK(multigauss_value(0, 0) == 0.0);    // 2.5 from (0, ±2.5)
  CHECK(multigauss_value(6, 6) == 0.0);
  CHECK(multigauss_value(-5.5, 0) == 0.0);
}

TEST_CASE("regression: the generators draw x, y in [-6, 6] and Playground's values there") {
  for (DatasetKind kind : {DatasetKind::Plane, DatasetKind::Multigauss}) {
    CAPTURE(dataset_name(kind));
    CHECK(dataset_problem(kind) == Problem::Regression);
    CHECK(dataset_from_name(dataset_name(kind)) == kind);
    const Dataset d = make(kind, 400, 0.0);
    CHECK(d.problem == Problem::Regression);
    CHECK(d.size() == 400);
    CHECK(d.value.size() == 400);
    CHECK(d.test_count() == 200);
    double (*value_at)(double, double) =
        kind == DatasetKind::Plane ? plane_value : multigauss_value;
    for (int i = 0; i < d.size(); ++i) {
      REQUIRE(std::fabs(d.x1[i]) <= 6);
      REQUIRE(std::fabs(d.x2[i]) <= 6);
      REQUIRE(d.value[i] == value_at(d.x1[i], d.x2[i]));  // noise 0: the value at the point
      REQUIRE(d.label[i] == 0);
    }
    const Dataset again = make(kind, 400, 0.0), other = make(kind, 400, 0.0, 2);
    CHECK(again.value == d.value);
    CHECK(other.x1 != d.x1);
  }
  // Noise moves the point where the value is read by up to 6·noise in x and in y: plane's
  // value moves by at most (6·0.5 + 6·0.5)/10 = 0.6.
  const Dataset noisy = make(DatasetKind::Plane, 2000, 0.5);
  double largest_shift = 0;
  for (int i = 0; i < noisy.size(); ++i)
    largest_shift =
        std::max(largest_shift, std::fabs(noisy.value[i] - (noisy.x1[i] + noisy.x2[i]) / 10));
  CHECK(largest_shift <= 0.6 + 1e-12);
  CHECK(largest_shift > 0.4);
  // The classification sets stay classification sets.
  CHECK(dataset_problem(DatasetKind::Circle) == Problem::Classification);
  CHECK(dataset_names(Problem::Regression) == "plane, multigauss");
}

TEST_CASE("regression: target range, training mean and baseline RMSE by hand") {
  Dataset d;
  d.add_valued_point(0, 0, 1.0);        // train
  d.add_valued_point(1, 0, 3.0);        // train: mean 2
  d.add_valued_point(0, 1, 0.0, true);  // test: error -2
  d.add_valued_point(1, 1, 4.0, true);  // test: error +2
  CHECK(d.problem == Problem::Regression);
  const TargetStats stats = target_stats(d);
  CHECK(stats.range == 4.0);
  CHECK(stats.train_mean == 2.0);
  CHECK(stats.baseline_rmse == 2.0);  // sqrt((4 + 4) / 2)
  d.erase_point(3);
  d.erase_point(2);
  CHECK(std::isnan(target_stats(d).baseline_rmse));  // no test points
  CHECK(target_stats(d).range == 2.0);
}

TEST_CASE("regression: the per-point graph is (s − v)² with the value as leaf v") {
  ModelSpec spec = regression_model();
  CHECK(output_count(spec) == 1);
  const std::vector<double> parameters = initial_parameters(spec);
  Result<PointGraph> graph = build_point_graph(spec, parameters, {1.5, -0.5, 0, 0.7});
  REQUIRE(graph);
  double s = 0;
  reference_scores(spec, parameters, 1.5, -0.5, {&s, 1});
  CHECK(graph->point_inputs.back().kind == PointInputKind::Value);
  CHECK(graph->graph.name(graph->point_input_nodes.back()) == "v");
  CHECK(graph->graph.param(graph->point_input_nodes.back()) == 0.7);
  CHECK(graph->graph.name(graph->loss) == "L");
  Result<Evaluation> evaluation = evaluate(graph->graph);
  REQUIRE(evaluation);
  CHECK(evaluation->value[graph->loss] == doctest::Approx((s - 0.7) * (s - 0.7)));
  CHECK_FALSE(build_point_graph(spec, parameters, {0, 0, 0, std::nan("")}));

  spec.loss = LossKind::Hinge;
  CHECK(validate(spec).reason().find("squared error") != std::string::npos);
}

TEST_CASE("regression: the trainer's losses and RMSEs are a plain recomputation's") {
  const Dataset data = make(DatasetKind::Multigauss, 120, 0.1);
  const ModelSpec spec = regression_model();
  TrainConfig config;
  config.learning_rate = 0.05;
  config.batch_size = 10;
  Result<Trainer> created = Trainer::create(spec, config, data);
  REQUIRE_MESSAGE(created, created.reason());
  Trainer& trainer = *created;
  trainer.train_steps(50);
  const Metrics metrics = trainer.evaluate();
  double squares[2] = {0, 0};
  int counts[2] = {0, 0};
  double low = 1e9, high = -1e9, train_sum = 0;
  for (int i = 0; i < data.size(); ++i) {
    double s = 0;
    reference_scores(spec, trainer.parameters(), data.x1[i], data.x2[i], {&s, 1});
    squares[data.is_test[i]] += (s - data.value[i]) * (s - data.value[i]);
    ++counts[data.is_test[i]];
    low = std::min(low, data.value[i]);
    high = std::max(high, data.value[i]);
    if (!data.is_test[i]) train_sum += data.value[i];
  }
  CHECK(metrics.problem == Problem::Regression);
  CHECK(metrics.train_loss == doctest::Approx(squares[0] / counts[0]).epsilon(1e-12));
  CHECK(metrics.test_loss == doctest::Approx(squares[1] / counts[1]).epsilon(1e-12));
  CHECK(metrics.test_rmse == doctest::Approx(std::sqrt(squares[1] / counts[1])).epsilon(1e-12));
  CHECK(metrics.train_rmse == doctest::Approx(std::sqrt(squares[0] / counts[0])).epsilon(1e-12));
  CHECK(metrics.target_range == high - low);
  double baseline = 0;
  for (int i = 0; i < data.size(); ++i)
    if (data.is_test[i]) baseline += std::pow(data.value[i] - train_sum / counts[0], 2) / counts[1];
  CHECK(metrics.baseline_rmse == doctest::Approx(std::sqrt(baseline)).epsilon(1e-12));
  CHECK(std::isnan(metrics.test_accuracy));
  CHECK(metrics.test_confusion.empty());
}

TEST_CASE("regression: a fit of the plane; the other problem type's points are refused") {
  const Dataset data = make(DatasetKind::Plane, 200, 0.0);
  TrainConfig config;
  config.learning_rate = 0.05;
  config.momentum = 0.9;
  config.max_steps = 400;
  Result<Trainer> created = Trainer::create(regression_model(), config, data);
  REQUIRE(created);
  created->train_steps(400);
  const Metrics& metrics = created->evaluate();
  CHECK(metrics.test_rmse < 0.05 * metrics.target_range);
  CHECK(metrics.test_rmse < 0.2 * metrics.baseline_rmse);

  const Dataset circle = make(DatasetKind::Circle, 50, 0.0);
  Result<Trainer> mixed = Trainer::create(regression_model(), config, circle);
  REQUIRE_FALSE(mixed);
  CHECK(mixed.reason().find("values") != std::string::npos);
  Result<Trainer> classifier = Trainer::create(ModelSpec{}, config, data);
  REQUIRE_FALSE(classifier);
  CHECK(classifier.reason().find("regression") != std::string::npos);
  Dataset infinite = data;
  infinite.value[3] = std::numeric_limits<double>::infinity();
  CHECK(created->set_dataset(infinite).reason().find("point 3") != std::string::npos);
}

TEST_CASE("regression csv: x,y,value round trip is exact, with or without a header") {
  const Dataset d = make(DatasetKind::Multigauss, 60, 0.2);
  const std::string text = points_to_csv(d);
  CHECK(text.rfind("x,y,value\n", 0) == 0);
  CsvImport back = parse_points_csv(text, Problem::Regression);
  REQUIRE(back.ok());
  CHECK(back.dataset.problem == Problem::Regression);
  CHECK(back.dataset.x1 == d.x1);
  CHECK(back.dataset.x2 == d.x2);
  CHECK(back.dataset.value == d.value);
  CsvImport plain = parse_points_csv("1,2,-0.25\r\n\n  -3.5 , 4e-1 , 1e300\n", Problem::Regression);
  REQUIRE(plain.ok());
  CHECK(plain.dataset.value == std::vector<double>{-0.25, 1e300});
  CHECK(parse_points_csv("X1,X2,Value\n0,0,0\n1,1,1\n", Problem::Regression).ok());
}

TEST_CASE("regression csv: every bad row is reported with its line, and nothing is loaded") {
  const std::string text =
      "x,y,value\n"  // 1: header
      "1,2,0.5\n"    // 2: fine
      "3,4,nan\n"    // 3: NaN refused
      "5,6,inf\n"    // 4: infinity refused
      "7,8\n"        // 5: two columns
      "a,9,1\n"      // 6: x not a number
      "1,2,\n"       // 7: empty value
      "1,2,1e999\n"  // 8: out of range
      "1,2,3,4\n";   // 9: four columns
  const CsvImport result = parse_points_csv(text, Problem::Regression);
  CHECK_FALSE(result.ok());
  CHECK(result.dataset.size() == 0);
  REQUIRE(result.problems.size() == 7);
  CHECK(result.problems[0].line == 3);
  CHECK(result.problems[0].what == "value is not finite ('nan')");
  CHECK(result.problems[1].line == 4);
  CHECK(result.problems[1].what == "value is not finite ('inf')");
  CHECK(result.problems[2].line == 5);
  CHECK(result.problems[2].what == "expected 3 columns (x,y,value), found 2");
  CHECK(result.problems[3].line == 6);
  CHECK(result.problems[3].what == "x is not a number ('a')");
  CHECK(result.problems[4].what == "value is empty");
  CHECK(result.problems[5].what == "value is out of range ('1e999')");
  CHECK(result.problems[6].line == 9);

  // A header of the other kind says so; a classification file is not read as values.
  const CsvImport labels = parse_points_csv("x,y,label\n1,2,0\n3,4,1\n", Problem::Regression);
  REQUIRE_FALSE(labels.ok());
  CHECK(labels.problems[0].line == 1);
  CHECK(labels.problems[0].what.find("classification file") != std::string::npos);
  const CsvImport values = parse_points_csv("x,y,value\n1,2,0.5\n3,4,1\n");
  REQUIRE_FALSE(values.ok());
  CHECK(values.problems[0].what.find("regression file") != std::string::npos);
  // Too few points, and none.
  CHECK(parse_points_csv("x,y,value\n1,2,3\n", Problem::Regression).describe().find("only 1") !=
        std::string::npos);
  CHECK(parse_points_csv("\n\n", Problem::Regression).describe() ==
        "no points: the file holds no x,y,value rows");
}
