// The trainer: the accuracy bars, determinism, divergence, every loss, regularisation,
// schedules, stop conditions, metrics, and the plane evaluations the GUI draws.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "eval.hpp"
#include "nn_train.hpp"

using namespace gf;
using namespace gf::nn;

namespace {

Dataset make(DatasetKind kind, int points, double noise, double train_fraction = 0.5,
             std::uint64_t seed = 1) {
  Result<Dataset> d = make_dataset({kind, points, noise, train_fraction, seed});
  REQUIRE(d);
  return *d;
}

Trainer make_trainer(const ModelSpec& spec, const TrainConfig& config, const Dataset& data) {
  Result<Trainer> trainer = Trainer::create(spec, config, data);
  REQUIRE_MESSAGE(trainer, trainer.reason());
  return std::move(*trainer);
}

// micrograd's demo.ipynb: moons(100, 0.1), MLP(2, [16, 16, 1]), hinge, L2 1e-4 on every
// parameter, full batch, lr 1.0 - 0.9·k/100.
std::pair<ModelSpec, TrainConfig> micrograd_demo(std::uint64_t seed) {
  ModelSpec spec;
  spec.init_seed = seed;
  TrainConfig config;
  config.learning_rate = 1.0;
  config.schedule = LrSchedule::Micrograd;
  config.regularization = Regularization::L2;
  config.lambda = 1e-4;
  config.regularize_biases = true;
  config.max_steps = 100;
  config.seed = seed;
  return {spec, config};
}

// TensorFlow Playground's default network: x1, x2 -> 4 tanh -> 2 tanh -> tanh, squared error.
ModelSpec playground_network() {
  ModelSpec spec;
  spec.hidden = {{4, Activation::Tanh}, {2, Activation::Tanh}};
  spec.output_activation = Activation::Tanh;
  spec.loss = LossKind::SquaredError;
  spec.init = InitScheme::Xavier;
  return spec;
}

}  // namespace

TEST_CASE("bar: micrograd's demo reaches >= 0.97 train accuracy in 100 steps") {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto [spec, config] = micrograd_demo(seed);
    Trainer trainer = make_trainer(spec, config, make(DatasetKind::Moons, 100, 0.1, 1.0, seed));
    CHECK(trainer.train_steps(1000) == 100);
    CHECK(trainer.status() == TrainStatus::Finished);
    const Metrics& m = trainer.evaluate();
    MESSAGE("micrograd demo, seed " << seed << ": train accuracy " << m.train_accuracy << ", loss "
                                    << m.train_loss + m.regularization);
    CHECK(m.train_accuracy >= 0.97);
    CHECK(m.train_count == 100);
    CHECK(std::isnan(m.test_accuracy));
  }
}

TEST_CASE(
    "bar: circle, xor and gaussian >= 0.95 test accuracy with Playground's 4,2 tanh in "
    "1000 steps") {
  TrainConfig config;
  config.learning_rate = 0.03;  // Playground's defaults: learning rate 0.03, batches of 10
  config.batch_size = 10;
  config.max_steps = 1000;
  for (DatasetKind kind : {DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gaussian}) {
    Trainer trainer = make_trainer(playground_network(), config, make(kind, 500, 0.0));
    trainer.train_steps(1000);
    const Metrics& m = trainer.evaluate();
    MESSAGE(dataset_name(kind) << ": test accuracy " << m.test_accuracy << " after "
                               << trainer.step() << " steps");
    CHECK(m.test_accuracy >= 0.95);
  }
}

TEST_CASE("bar: spiral >= 0.90 test accuracy with two hidden layers") {
  // 12,12 tanh on x1, x2, sin x1, sin x2 (Playground's features), cross-entropy, minibatches of
  // 10 with momentum. Seeds 1-6 all reach 0.99 or more; two are checked here.
  ModelSpec spec;
  spec.features = {Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2};
  spec.hidden = {{12, Activation::Tanh}, {12, Activation::Tanh}};
  spec.loss = LossKind::CrossEntropy;
  spec.init = InitScheme::Xavier;
  TrainConfig config;
  config.learning_rate = 0.03;
  config.momentum = 0.9;
  config.batch_size = 10;
  config.max_steps = 3000;
  for (std::uint64_t seed : {1, 2}) {
    spec.init_seed = config.seed = seed;
    Trainer trainer = make_trainer(spec, config, make(DatasetKind::Spiral, 500, 0.0, 0.5, seed));
    trainer.train_steps(config.max_steps);
    const Metrics& m = trainer.evaluate();
    MESSAGE("spiral, seed " << seed << ": test accuracy " << m.test_accuracy << ", train "
                            << m.train_accuracy);
    CHECK(m.test_accuracy >= 0.90);
  }
}

TEST_CASE("trainer: the same settings give the same numbers; another seed other numbers") {
  ModelSpec spec = playground_network();
  TrainConfig config;
  config.batch_size = 7;
  config.momentum = 0.5;
  config.max_steps = 60;
  config.evaluate_every = 20;
  const Dataset data = make(DatasetKind::Xor, 200, 0.1);
  Trainer a = make_trainer(spec, config, data), b = make_trainer(spec, config, data);
  a.train_steps(60);
  b.train_steps(25);
  b.train_steps(35);
  CHECK(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
  CHECK(a.batch_loss_history() == b.batch_loss_history());
  CHECK(a.evaluation_history().size() == 3);
  config.seed = 2;  // another batch order
  Trainer c = make_trainer(spec, config, data);
  c.train_steps(60);
  CHECK_FALSE(std::equal(a.parameters().begin(), a.parameters().end(), c.parameters().begin()));
  a.reset();
  CHECK(a.step() == 0);
  a.train_steps(60);
  CHECK(a.batch_loss_history() == b.batch_loss_history());  // reset starts the same run again
}

TEST_CASE("trainer: a diverging run stops with the step number") {
  auto [spec, config] = micrograd_demo(1);
  config.schedule = LrSchedule::Constant;
  config.learning_rate = 1e6;
  spec.loss = LossKind::SquaredError;
  Trainer trainer = make_trainer(spec, config, make(DatasetKind::Moons, 100, 0.1));
  const int ran = trainer.train_steps(100);
  CHECK(trainer.status() == TrainStatus::Diverged);
  CHECK(trainer.diverged_at_step() >= 1);
  CHECK(trainer.diverged_at_step() <= 100);
  CHECK(ran <= trainer.diverged_at_step());
  CHECK(trainer.status_message().find("step " + std::to_string(trainer.diverged_at_step())) !=
        std::string::npos);
  CHECK(trainer.train_steps(10) == 0);  // stays stopped
  trainer.reset();
  CHECK(trainer.can_step());
}

TEST_CASE("trainer: every loss trains, with two and with more classes") {
  for (LossKind loss :
       {LossKind::Hinge, LossKind::CrossEntropy, LossKind::SquaredError, LossKind::Softmax}) {
    for (DatasetKind kind : {DatasetKind::Gaussian, DatasetKind::Blobs4}) {
      CAPTURE(loss_name(loss));
      CAPTURE(dataset_name(kind));
      ModelSpec spec;
      spec.hidden = {{8, Activation::Tanh}};
      spec.loss = loss;
      spec.init = InitScheme::Xavier;
      spec.classes = dataset_classes(kind);
      TrainConfig config;
      config.learning_rate = 0.05;
      config.max_steps = 200;
      Trainer trainer = make_trainer(spec, config, make(kind, 200, 0.05));
      const double before = trainer.evaluate().train_loss;
      trainer.train_steps(200);
      const Metrics& m = trainer.evaluate();
      CHECK(m.train_loss < before);
      CHECK(m.test_accuracy >= 0.9);
    }
  }
}

TEST_CASE("trainer: L1 and L2 add λ·R(w) to the loss and its gradient, biases only if asked") {
  const Dataset data = make(DatasetKind::Circle, 60, 0.1);
  ModelSpec spec = playground_network();
  TrainConfig plain;
  plain.learning_rate = 1e-9;  // one step that barely moves: compare the gradients
  for (Regularization r : {Regularization::L1, Regularization::L2}) {
    for (bool biases : {false, true}) {
      TrainConfig config = plain;
      config.regularization = r;
      config.lambda = 0.01;
      config.regularize_biases = biases;
      Trainer with = make_trainer(spec, config, data), without = make_trainer(spec, plain, data);
      const std::vector<double> w(with.parameters().begin(), with.parameters().end());
      with.train_steps(1);
      without.train_steps(1);
      const std::vector<std::uint8_t> mask = weight_mask(spec);
      double r_value = 0;
      for (std::size_t j = 0; j < w.size(); ++j) {
        const bool regularized = mask[j] || biases;
        const double expected = !regularized              ? 0.0
                                : r == Regularization::L2 ? 2 * 0.01 * w[j]
                                                          : 0.01 * ((w[j] > 0) - (w[j] < 0));
        CHECK(with.gradients()[j] - without.gradients()[j] ==
              doctest::Approx(expected).epsilon(1e-9));
        if (regularized) r_value += r == Regularization::L2 ? w[j] * w[j] : std::fabs(w[j]);
      }
      CHECK(with.batch_loss_history()[0] - without.batch_loss_history()[0] ==
            doctest::Approx(0.01 * r_value));
    }
  }
}

TEST_CASE("trainer: schedules, momentum, stop conditions, settings and the time budget") {
  auto [spec, config] = micrograd_demo(1);
  const Dataset data = make(DatasetKind::Moons, 100, 0.1);
  Trainer trainer = make_trainer(spec, config, data);
  CHECK(trainer.learning_rate_at(0) == 1.0);
  CHECK(trainer.learning_rate_at(50) == doctest::Approx(0.55));
  CHECK(trainer.learning_rate_at(99) == doctest::Approx(0.109));

  config.schedule = LrSchedule::Constant;
  config.learning_rate = 0.05;
  config.momentum = 0.9;
  config.max_steps = 0;
  config.target_loss = 0.5;
  Trainer target = make_trainer(spec, config, data);
  target.train_steps(10000);
  CHECK(target.status() == TrainStatus::TargetReached);
  CHECK(target.batch_loss_history().back() <= 0.5);

  config.target_loss.reset();
  Trainer timed = make_trainer(spec, config, data);
  CHECK(timed.train_for(std::chrono::milliseconds(20)) >= 1);
  CHECK(timed.train_for(std::chrono::nanoseconds(0)) == 1);
  const int before = timed.step();
  TrainConfig slower = config;
  slower.learning_rate = 0.01;
  slower.batch_size = 10;
  REQUIRE(timed.set_config(slower));
  timed.train_steps(5);
  CHECK(timed.step() == before + 5);

  TrainConfig bad;
  bad.learning_rate = -1;
  CHECK_FALSE(Trainer::create(spec, bad, data));
  bad = TrainConfig{};
  bad.schedule = LrSchedule::Micrograd;
  CHECK(Trainer::create(spec, bad, data).reason().find("number of steps") != std::string::npos);
  bad = TrainConfig{};
  bad.momentum = 1;
  CHECK_FALSE(Trainer::create(spec, bad, data));
}

TEST_CASE("trainer: data edits, labels beyond the classes, no training points") {
  ModelSpec spec = playground_network();
  Dataset data = make(DatasetKind::Xor, 50, 0);
  Trainer trainer = make_trainer(spec, TrainConfig{}, data);
  data.add_point(1, 1, 1);
  REQUIRE(trainer.set_dataset(data));
  CHECK(trainer.evaluate().train_count == 26);
  data.add_point(1, 1, 2);
  CHECK(trainer.set_dataset(data).reason().find("label 2") != std::string::npos);
  Dataset only_test = make(DatasetKind::Xor, 20, 0, 0.0);
  Trainer empty = make_trainer(spec, TrainConfig{}, only_test);
  CHECK(empty.status() == TrainStatus::NoData);
  CHECK(empty.train_steps(5) == 0);
  REQUIRE(empty.set_dataset(make(DatasetKind::Xor, 20, 0, 1.0)));
  CHECK(empty.train_steps(5) == 5);
}

TEST_CASE("trainer: metrics, the point's graph, the grid and the neuron thumbnails") {
  ModelSpec spec;
  spec.hidden = {{5, Activation::Relu}, {3, Activation::Tanh}};
  spec.classes = 3;
  spec.loss = LossKind::Softmax;
  spec.features = {Feature::X1, Feature::X2, Feature::SinX1};
  TrainConfig config;
  config.learning_rate = 0.05;
  Trainer trainer = make_trainer(spec, config, make(DatasetKind::Blobs3, 150, 0.1));
  trainer.train_steps(50);
  const Metrics& m = trainer.evaluate();
  int confusion_total = 0, diagonal = 0;
  for (int t = 0; t < 3; ++t)
    for (int p = 0; p < 3; ++p) {
      confusion_total += m.train_confusion[t * 3 + p];
      if (t == p) diagonal += m.train_confusion[t * 3 + p];
    }
  CHECK(confusion_total == m.train_count);
  CHECK(static_cast<double>(diagonal) / m.train_count == doctest::Approx(m.train_accuracy));

  // The stepper's graph for one point: its loss is the point's loss in the metrics.
  Result<PointGraph> graph = trainer.graph_for_point(3);
  REQUIRE(graph);
  Result<Evaluation> ev = evaluate(graph->graph);
  REQUIRE(ev);
  std::vector<double> scores(3);
  trainer.scores_at(trainer.dataset().x1[3], trainer.dataset().x2[3], scores);
  for (int k = 0; k < 3; ++k) CHECK(ev->value[graph->scores[k]] == doctest::Approx(scores[k]));
  CHECK_FALSE(trainer.graph_for_point(-1));

  // The grid, pixel centres, row 0 at the top.
  const PlaneBox box{-6, 6, -4, 8};
  const int width = 37, height = 23;  // not a multiple of a chunk
  std::vector<float> grid(static_cast<std::size_t>(width) * height * 3);
  trainer.evaluate_grid(box, width, height, grid);
  for (int pixel : {0, 36, 400, width * height - 1}) {
    const double x = box.x_min + (pixel % width + 0.5) * (box.x_max - box.x_min) / width;
    const double y = box.y_max - (pixel / width + 0.5) * (box.y_max - box.y_min) / height;
    trainer.scores_at(x, y, scores);
    for (int k = 0; k < 3; ++k)
      CHECK(grid[pixel * 3 + k] == doctest::Approx(scores[k]).epsilon(1e-6));
  }
  CHECK(trainer.hidden_neuron_count() == 8);
  std::vector<float> thumbnails(static_cast<std::size_t>(8) * width * height);
  trainer.evaluate_neuron_grids(box, width, height, thumbnails);
  const int pixel = 123;
  const double x = box.x_min + (pixel % width + 0.5) * (box.x_max - box.x_min) / width;
  const double y = box.y_max - (pixel / width + 0.5) * (box.y_max - box.y_min) / height;
  Result<PointGraph> at_pixel = build_point_graph(spec, trainer.parameters(), {x, y, 0});
  REQUIRE(at_pixel);
  Result<Evaluation> at = evaluate(at_pixel->graph);
  REQUIRE(at);
  int neuron = 0;
  for (int l = 0; l < 2; ++l)
    for (NodeId id : at_pixel->neurons[l])
      CHECK(thumbnails[neuron++ * width * height + pixel] ==
            doctest::Approx(at->value[id]).epsilon(1e-6));
}

namespace {
void check_same_metrics(const Metrics& a, const Metrics& b) {
  CHECK(a.step == b.step);
  CHECK(a.train_loss == b.train_loss);  // the same bits, not just close
  CHECK(a.test_loss == b.test_loss);
  CHECK(a.regularization == b.regularization);
  CHECK(a.train_accuracy == b.train_accuracy);
  CHECK(a.test_accuracy == b.test_accuracy);
  CHECK(a.train_confusion == b.train_confusion);
  CHECK(a.test_confusion == b.test_confusion);
  CHECK(a.train_count == b.train_count);
  CHECK(a.test_count == b.test_count);
}
}  // namespace

TEST_CASE("trainer: metrics() are evaluate()'s numbers, computed once per change, free for steps") {
  for (const int batch : {0, 16}) {  // full batch (the training pass is shared), minibatches
    CAPTURE(batch);
    auto [spec, config] = micrograd_demo(3);
    config.batch_size = batch;
    config.evaluate_every = 7;
    const Dataset data = make(DatasetKind::Moons, 120, 0.1, 0.5, 3);
    Trainer watched = make_trainer(spec, config, data);
    Trainer unwatched = make_trainer(spec, config, data);
    for (int step = 0; step < 30; ++step) {
      const std::int64_t before = watched.metrics_computations();
      const Metrics cached = watched.metrics();
      CHECK(watched.metrics().step == watched.step());
      CHECK(watched.metrics_computations() == before + (step % 7 == 0 && step > 0 ? 0 : 1));
      check_same_metrics(watched.metrics(), cached);  // not computed again
      const std::int64_t computed = watched.metrics_computations();
      if (step % 5 == 0) check_same_metrics(cached, Metrics(watched.evaluate()));
      CHECK(watched.metrics_computations() == computed + (step % 5 == 0 ? 1 : 0));
      watched.train_steps(1);
      unwatched.train_steps(1);
    }
    // Training did not notice: the same parameters and histories, bit for bit.
    CHECK(std::equal(watched.parameters().begin(), watched.parameters().end(),
                     unwatched.parameters().begin(), unwatched.parameters().end()));
    CHECK(watched.batch_loss_history() == unwatched.batch_loss_history());
    REQUIRE(watched.evaluation_history().size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(watched.evaluation_history()[i].train_loss ==
            unwatched.evaluation_history()[i].train_loss);
      CHECK(watched.evaluation_history()[i].test_accuracy ==
            unwatched.evaluation_history()[i].test_accuracy);
    }
    check_same_metrics(Metrics(watched.metrics()), Metrics(unwatched.evaluate()));

    // What the numbers depend on changing: computed again.
    const double cached_regularization = watched.metrics().regularization;
    std::int64_t before = watched.metrics_computations();
    TrainConfig stronger = config;
    stronger.lambda = 1e-2;
    REQUIRE(watched.set_config(stronger));
    const double regularization = watched.metrics().regularization;
    CHECK(watched.metrics_computations() == before + 1);
    CHECK(regularization == watched.evaluate().regularization);
    CHECK(regularization == doctest::Approx(100 * cached_regularization));
    Dataset more = data;
    more.add_point(0.5, 0.5, 1);
    REQUIRE(watched.set_dataset(more));
    CHECK(watched.metrics().train_count == data.train_count() + 1);
    std::vector<double> zeros(watched.parameters().size(), 0.0);
    REQUIRE(watched.set_parameters(zeros));
    check_same_metrics(Metrics(watched.metrics()), Metrics(watched.evaluate()));
    watched.reset();
    CHECK(watched.metrics().step == 0);
    check_same_metrics(Metrics(watched.metrics()), Metrics(watched.evaluate()));
  }
}

TEST_CASE("trainer: a finished or target-reached run resumes from its weights and step") {
  ModelSpec spec = playground_network();
  TrainConfig config;
  config.learning_rate = 0.05;
  config.momentum = 0.9;   // the velocity is kept ...
  config.batch_size = 10;  // ... and the batch order
  config.max_steps = 30;
  const Dataset data = make(DatasetKind::Xor, 80, 0.1);
  TrainConfig longer = config;
  longer.max_steps = 60;
  Trainer straight = make_trainer(spec, longer, data);
  CHECK(straight.train_steps(1000) == 60);

  Trainer resumed = make_trainer(spec, config, data);
  CHECK(resumed.train_steps(1000) == 30);
  CHECK(resumed.status() == TrainStatus::Finished);
  REQUIRE(resumed.set_config(config));  // the same limit: still finished
  CHECK(resumed.status() == TrainStatus::Finished);
  REQUIRE(resumed.set_config(longer));
  CHECK(resumed.status() == TrainStatus::Ready);
  CHECK(resumed.status_message().empty());
  CHECK(resumed.train_steps(1000) == 30);
  CHECK(resumed.status() == TrainStatus::Finished);
  CHECK(resumed.step() == 60);
  // As if it had never stopped.
  CHECK(std::equal(resumed.parameters().begin(), resumed.parameters().end(),
                   straight.parameters().begin(), straight.parameters().end()));
  CHECK(resumed.batch_loss_history() == straight.batch_loss_history());
  CHECK(resumed.evaluation_history().size() == straight.evaluation_history().size());
  TrainConfig unlimited = config;
  unlimited.max_steps = 0;
  REQUIRE(resumed.set_config(unlimited));
  CHECK(resumed.train_steps(5) == 5);

  // The target: removed, or lowered below the last loss, lets the run go on; one the last
  // loss already meets does not.
  TrainConfig target = unlimited;
  target.batch_size = 0;
  target.target_loss = 0.9;
  Trainer reached = make_trainer(spec, target, data);
  reached.train_steps(10000);
  REQUIRE(reached.status() == TrainStatus::TargetReached);
  const int stopped_at = reached.step();
  const double last_loss = reached.batch_loss_history().back();
  TrainConfig still = target;
  still.target_loss = last_loss;
  REQUIRE(reached.set_config(still));
  CHECK(reached.status() == TrainStatus::TargetReached);
  TrainConfig lower = target;
  lower.target_loss = last_loss * 0.5;
  REQUIRE(reached.set_config(lower));
  CHECK(reached.status() == TrainStatus::Ready);
  reached.train_steps(10000);
  CHECK(reached.status() == TrainStatus::TargetReached);
  CHECK(reached.step() > stopped_at);
  CHECK(reached.batch_loss_history().back() <= last_loss * 0.5);
  TrainConfig none = target;
  none.target_loss.reset();
  none.max_steps = reached.step() + 5;
  REQUIRE(reached.set_config(none));
  CHECK(reached.status() == TrainStatus::Ready);
  CHECK(reached.train_steps(1000) == 5);
  CHECK(reached.status() == TrainStatus::Finished);
  // Finished and then given a target the last loss meets: reported as reached, not resumed.
  TrainConfig met = none;
  met.max_steps = 0;
  met.target_loss = reached.batch_loss_history().back();
  REQUIRE(reached.set_config(met));
  CHECK(reached.status() == TrainStatus::TargetReached);
}
