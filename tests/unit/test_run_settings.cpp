// The run settings both programs take (app/run_settings.hpp): one set of defaults, the
// micrograd preset under the flags given, and one message per bad value.
#include <doctest/doctest.h>

#include "run_settings.hpp"

using namespace gf;
using namespace gf::nn;

namespace {

RunSetup resolved(const RunSettings& settings, int classes = 2) {
  Result<RunSetup> setup = resolve_run_settings(settings, classes);
  REQUIRE_MESSAGE(setup, setup.reason());
  return *setup;
}

std::string refusal(const RunSettings& settings) {
  Result<RunSetup> setup = resolve_run_settings(settings, 2);
  REQUIRE(!setup);
  return setup.reason();
}

}  // namespace

TEST_CASE("run settings: the defaults are the lab's, with a training that learns") {
  const RunSetup setup = resolved({});
  CHECK(setup.data.kind == DatasetKind::Circle);
  CHECK(setup.data.points == 500);
  CHECK(setup.data.train_fraction == 0.5);
  REQUIRE(setup.model.hidden.size() == 2);
  CHECK(setup.model.hidden[0].neurons == 4);
  CHECK(setup.model.hidden[1].neurons == 2);
  CHECK(setup.model.hidden[1].activation == Activation::Tanh);
  CHECK(setup.model.features == std::vector<Feature>{Feature::X1, Feature::X2});
  CHECK(setup.model.loss == LossKind::SquaredError);
  CHECK(setup.model.output_activation == Activation::Tanh);  // TFP's squared loss on tanh
  CHECK(setup.model.init == InitScheme::He);
  CHECK(setup.config.learning_rate == 0.01);
  CHECK(setup.config.momentum == 0.9);
  CHECK(setup.config.batch_size == 25);
  CHECK(setup.config.regularization == Regularization::None);
  CHECK(setup.config.max_steps == 100);
  // More classes: softmax over linear scores.
  const RunSetup three = resolved({}, 3);
  CHECK(three.model.loss == LossKind::Softmax);
  CHECK(three.model.output_activation == Activation::Linear);
  CHECK(three.model.classes == 3);
}

TEST_CASE("run settings: regression takes its own defaults, and refuses what cannot fit values") {
  RunSettings plane;
  plane.dataset = "plane";  // a regression generator: the problem follows it
  REQUIRE(resolve_problem(plane));
  CHECK(*resolve_problem(plane) == Problem::Regression);
  const RunSetup setup = resolved(plane, 2);
  CHECK(setup.model.problem == Problem::Regression);
  CHECK(setup.model.loss == LossKind::SquaredError);
  CHECK(setup.model.output_activation == Activation::Linear);
  REQUIRE(setup.model.hidden.size() == 2);
  CHECK(setup.model.hidden[0].neurons == 16);
  CHECK(setup.model.init == InitScheme::Xavier);
  CHECK(setup.config.learning_rate == 0.1);
  CHECK(setup.model.features ==
        std::vector<Feature>{Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2});
  CHECK(setup.config.momentum == 0.9);
  CHECK(setup.config.batch_size == 0);
  // A flag given still wins.
  RunSettings faster = plane;
  faster.learning_rate = 0.3;
  CHECK(resolved(faster, 2).config.learning_rate == 0.3);
  // Refusals name the flag.
  RunSettings hinge = plane;
  hinge.loss = "hinge";
  Result<RunSetup> refused = resolve_run_settings(hinge, 2);
  REQUIRE(!refused);
  CHECK(refused.reason().find("--loss") == 0);
  RunSettings clash = plane;
  clash.problem = "classification";
  REQUIRE(!resolve_problem(clash));
  CHECK(resolve_problem(clash).reason().find("--dataset plane is a regression dataset") == 0);
  RunSettings unknown;
  unknown.problem = "ranking";
  CHECK(resolve_problem(unknown).reason().find("--problem: unknown value 'ranking'") == 0);
}

TEST_CASE("run settings: the micrograd preset, and flags given win over it") {
  RunSettings settings;
  settings.preset = "micrograd";
  RunSetup setup = resolved(settings);
  CHECK(setup.data.kind == DatasetKind::Moons);
  CHECK(setup.data.points == 100);
  CHECK(setup.data.noise == 0.1);
  CHECK(setup.data.train_fraction == 1.0);
  CHECK(setup.model.hidden.size() == 2);
  CHECK(setup.model.hidden[0].neurons == 16);
  CHECK(setup.model.hidden[0].activation == Activation::Relu);
  CHECK(setup.model.loss == LossKind::Hinge);
  CHECK(setup.model.output_activation == Activation::Linear);
  CHECK(setup.model.init == InitScheme::Uniform);
  CHECK(setup.config.learning_rate == 1.0);
  CHECK(setup.config.schedule == LrSchedule::Micrograd);
  CHECK(setup.config.regularization == Regularization::L2);
  CHECK(setup.config.lambda == 1e-4);
  CHECK(setup.config.regularize_biases);
  CHECK(setup.config.batch_size == 0);
  CHECK(setup.config.max_steps == 100);

  settings.hidden = "8";
  settings.dataset = "xor";
  settings.l1 = 0.01;  // replaces the preset's L2 as a whole
  setup = resolved(settings);
  CHECK(setup.data.kind == DatasetKind::Xor);
  CHECK(setup.model.hidden.size() == 1);
  CHECK(setup.model.hidden[0].activation == Activation::Relu);  // still the preset's
  CHECK(setup.config.regularization == Regularization::L1);
  CHECK(setup.config.lambda == 0.01);

  settings.preset = "tfp";
  CHECK(refusal(settings) == "--preset: unknown preset 'tfp' (one of: micrograd)");
}

TEST_CASE("run settings: one message per bad value, naming the flag") {
  auto with = [](auto change) {
    RunSettings settings;
    change(settings);
    return refusal(settings);
  };
  CHECK(with([](RunSettings& s) { s.learning_rate = -1; }) == "--lr must be a positive number");
  CHECK(with([](RunSettings& s) { s.steps = 0; }) == "--steps must be from 1 to 10000000");
  CHECK(with([](RunSettings& s) { s.batch = -1; }) ==
        "--batch must be 0 (full batch) or a positive number");
  CHECK(with([](RunSettings& s) { s.l2 = -0.5; }) == "--l2 must be a non-negative number");
  CHECK(with([](RunSettings& s) { s.l1 = s.l2 = 0.1; }) == "--l1 and --l2: give one of them");
  CHECK(with([](RunSettings& s) { s.momentum = 1; }) == "--momentum must be a number in [0, 1)");
  CHECK(with([](RunSettings& s) { s.train_fraction = 2; }) ==
        "--train-fraction must be a number from 0 to 1");
  CHECK(with([](RunSettings& s) { s.points = 1; }) == "--points must be from 2 to 100000");
  CHECK(with([](RunSettings& s) {
          s.dataset = "moonz";
        }).rfind("--dataset: unknown dataset 'moonz' (one of: circle, xor", 0) == 0);
  CHECK(with([](RunSettings& s) { s.hidden = "4,99"; }) ==
        "--hidden: '99' is not a neuron count from 1 to 32 (e.g. 16,16, or none)");
  CHECK(with([](RunSettings& s) { s.activation = "relu,tanh,tanh"; }) ==
        "--activation: give one activation, or one per hidden layer (2)");
  CHECK(with([](RunSettings& s) { s.seed = "-1"; }) ==
        "--seed: '-1' is not a seed (a whole number from 0 to 18446744073709551615)");
  CHECK(with([](RunSettings& s) { s.lr_schedule = "cosine"; }) ==
        "--lr-schedule: unknown value 'cosine' (one of: constant, micrograd)");
}
