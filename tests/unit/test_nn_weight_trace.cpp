// The lab's "weights you can touch" in core (nn_weight_trace.hpp): a parameter's last update as
// the trainer made it, written out; the bounded history ring; the full batch's gradient at the
// current weights; hinge's margin (the points that still pull on the weights).
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "nn_test_support.hpp"
#include "nn_train.hpp"
#include "nn_weight_trace.hpp"

using namespace gf;
using namespace gf::nn;
using gf::testing::make_trainer;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Setup {
  ModelSpec spec;
  TrainConfig config;
  Dataset data;
};

Setup spiral(int batch, double momentum, double lambda) {
  Setup s;
  s.spec.hidden = {{6, Activation::Tanh}, {4, Activation::Relu}};
  s.spec.init = InitScheme::Xavier;
  s.spec.loss = LossKind::SquaredError;
  s.spec.output_activation = Activation::Tanh;
  s.config.learning_rate = 0.03;
  s.config.momentum = momentum;
  s.config.batch_size = batch;
  s.config.regularization = lambda > 0 ? Regularization::L2 : Regularization::None;
  s.config.lambda = lambda;
  Result<Dataset> d = make_dataset({DatasetKind::Spiral, 230, 0.1, 0.5, 5});
  REQUIRE(d);
  s.data = *d;
  return s;
}

}  // namespace

TEST_CASE(
    "weight trace: the last update, recomputed from its numbers, is the trainer's, bit for bit") {
  for (double momentum : {0.0, 0.9}) {
    CAPTURE(momentum);
    const Setup s = spiral(10, momentum, 0.001);
    Trainer trainer = make_trainer(s.spec, s.config, s.data);
    trainer.set_trace_depth(WeightTrace::kDefaultDepth);
    trainer.train_steps(36);
    const std::vector<double> before(trainer.parameters().begin(), trainer.parameters().end());
    REQUIRE(trainer.train_steps(1) == 1);
    const WeightTrace& trace = trainer.trace();
    CHECK(trace.last_step() == 37);
    for (std::size_t j = 0; j < before.size(); ++j) {
      const ParameterUpdate u = trace.last_update(static_cast<int>(j));
      CHECK(u.step == 37);
      CHECK(same_bits(u.before, before[j]));
      CHECK(same_bits(u.gradient, trainer.gradients()[j]));
      CHECK(same_bits(u.after, trainer.parameters()[j]));
      CHECK(same_bits(u.recomputed(), u.after));
      CHECK(u.learning_rate == 0.03);
      if (momentum == 0) {  // plain SGD, by hand: w − lr·g
        CHECK(same_bits(u.after, before[j] - 0.03 * trainer.gradients()[j]));
      } else {  // the step moved by lr·v exactly
        CHECK(same_bits(u.after, before[j] - 0.03 * u.velocity_after));
      }
    }
  }
}

TEST_CASE("weight trace: an update is written out with its numbers") {
  ParameterUpdate u;
  u.step = 5;
  u.before = 0.4213;
  u.gradient = -0.117;
  u.learning_rate = 0.03;
  u.after = 0.4213 - 0.03 * -0.117;  // 0.42481
  std::vector<std::string> lines = write_update("w2_1_0", u);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "w2_1_0 \xe2\x86\x90 0.4213 \xe2\x88\x92 0.03 \xc2\xb7 (\xe2\x88\x92"
        "0.117) = 0.4248");
  u.momentum = 0.9;
  u.velocity_before = 0.012;
  u.velocity_after = 0.9 * 0.012 - 0.117;      // −0.1062
  u.after = 0.4213 - 0.03 * u.velocity_after;  // 0.424486
  lines = write_update("b1_0", u);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "v \xe2\x86\x90 0.9 \xc2\xb7 0.012 + (\xe2\x88\x92"
        "0.117) = \xe2\x88\x92"
        "0.1062");
  CHECK(lines[1] ==
        "b1_0 \xe2\x86\x90 0.4213 \xe2\x88\x92 0.03 \xc2\xb7 (\xe2\x88\x92"
        "0.1062) = 0.4245");
  CHECK(update_number(-2.5) ==
        "\xe2\x88\x92"
        "2.5");
  CHECK(update_number(1e-7) == "1e-07");
}

TEST_CASE("weight trace: the history ring keeps the newest `depth` entries, oldest first") {
  WeightTrace trace;
  trace.resize(3, 4);
  for (int step = 0; step < 6; ++step) {
    const std::array<double, 3> values{step * 1.0, step * 10.0, -step * 0.5};
    trace.record_values(step, values);
  }
  CHECK(trace.history_size() == 4);
  std::array<float, 8> values{};
  std::array<int, 8> steps{};
  REQUIRE(trace.history(1, values, steps) == 4);
  for (int e = 0; e < 4; ++e) {
    CHECK(steps[static_cast<std::size_t>(e)] == e + 2);  // steps 2..5
    CHECK(values[static_cast<std::size_t>(e)] == static_cast<float>((e + 2) * 10.0));
  }
  std::array<float, 2> newest{};  // a shorter span: the newest entries
  REQUIRE(trace.history(2, newest) == 2);
  CHECK(newest[0] == -2.0f);
  CHECK(newest[1] == -2.5f);
  trace.cut_after(3);  // a rewind to step 3
  CHECK(trace.history(0, values, steps) == 2);
  CHECK(steps[1] == 3);
  CHECK(trace.history(7, values) == 0);  // no such parameter

  // Through the trainer: one entry a step (after the start's), each the parameters as floats.
  const Setup s = spiral(0, 0.9, 0);
  Trainer trainer = make_trainer(s.spec, s.config, s.data);
  trainer.set_trace_depth(8);
  std::vector<std::vector<double>> seen;
  for (int step = 1; step <= 20; ++step) {
    trainer.train_steps(1);
    seen.emplace_back(trainer.parameters().begin(), trainer.parameters().end());
  }
  std::array<float, 8> history{};
  std::array<int, 8> at{};
  REQUIRE(trainer.trace().history(5, history, at) == 8);
  for (int e = 0; e < 8; ++e) {
    CHECK(at[static_cast<std::size_t>(e)] == 13 + e);
    CHECK(history[static_cast<std::size_t>(e)] ==
          static_cast<float>(seen[static_cast<std::size_t>(12 + e)][5]));
  }
  trainer.reset();  // a new run: the start's values only, no update
  CHECK(trainer.trace().history_size() == 1);
  CHECK(trainer.trace().last_update(0).step == 0);
}

TEST_CASE("gradient probe: the full batch's gradient at the current weights is the next step's") {
  // A full-batch trainer's next gradient (regularisation included) is computed independently
  // by its own step; the probe must agree bit for bit (230 points: one pass).
  const Setup full = spiral(0, 0, 0.01);
  Trainer trainer = make_trainer(full.spec, full.config, full.data);
  trainer.train_steps(15);
  GradientProbe probe;
  std::vector<double> gradient;
  probe.compute(trainer, gradient);
  trainer.train_steps(1);
  REQUIRE(gradient.size() == trainer.gradients().size());
  for (std::size_t j = 0; j < gradient.size(); ++j)
    CHECK(same_bits(gradient[j], trainer.gradients()[j]));

  // A minibatch trainer at the same weights: the probe still gives the full batch's gradient.
  const Setup mini = spiral(10, 0.9, 0.01);
  Trainer minibatch = make_trainer(mini.spec, mini.config, mini.data);
  REQUIRE(minibatch.set_parameters(trainer.parameters()));
  Trainer reference = make_trainer(full.spec, full.config, full.data);
  REQUIRE(reference.set_parameters(trainer.parameters()));
  probe.compute(minibatch, gradient);
  reference.train_steps(1);
  for (std::size_t j = 0; j < gradient.size(); ++j)
    CHECK(same_bits(gradient[j], reference.gradients()[j]));
}

TEST_CASE("hinge margin: the points with y·s < 1 (or a rival score within 1) are marked") {
  // No hidden layer, a linear score s = 1·x1 + 0·x2 + 0 (weights then bias).
  ModelSpec spec;
  spec.hidden = {};
  spec.loss = LossKind::Hinge;
  Dataset data;
  data.add_point(2, 0, 1);          // y·s = 2: outside
  data.add_point(0.5, 0, 1);        // 0.5: inside
  data.add_point(-3, 0, 0);         // y = −1, s = −3: 3, outside
  data.add_point(0.2, 5, 0);        // −0.2: inside (wrong side)
  data.add_point(1, 0, 1);          // exactly 1: no gradient, outside
  data.add_point(0.9, 0, 1, true);  // a test point: 0.9, inside
  std::vector<std::uint8_t> inside;
  const std::vector<double> line{1, 0, 0};
  points_inside_margin(spec, line, data, false, inside);
  CHECK(inside == std::vector<std::uint8_t>{0, 1, 0, 1, 0, 1});
  points_inside_margin(spec, line, data, true, inside);
  CHECK(inside == std::vector<std::uint8_t>{0, 1, 0, 1, 0, 0});
  spec.loss = LossKind::SquaredError;  // other losses: none marked
  points_inside_margin(spec, line, data, false, inside);
  CHECK(inside == std::vector<std::uint8_t>(6, 0));

  // Three classes, scores (x1, x2, 0): a point is inside when a rival is within 1 of its class.
  ModelSpec three = spec;
  three.loss = LossKind::Hinge;
  three.classes = 3;
  Dataset points;
  points.add_point(3, 0, 0);    // (3, 0, 0): rivals 2 and 3 below → outside
  points.add_point(0.5, 0, 0);  // (0.5, 0, 0): 0 − 0.5 + 1 > 0 → inside
  points.add_point(0, 4, 1);    // (0, 4, 0): outside
  points.add_point(-2, -2, 2);  // (−2, −2, 0): rivals −1 below → outside
  points.add_point(0, 0, 2);    // a tie: inside
  const std::vector<double> identity{1, 0, 0, 1, 0, 0, 0, 0, 0};
  points_inside_margin(three, identity, points, false, inside);
  CHECK(inside == std::vector<std::uint8_t>{0, 1, 0, 0, 1});
}
