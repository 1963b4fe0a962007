// A trainer's saved state (TrainerState) takes a run back to an earlier step exactly: the
// rewind timeline and lab files rely on it (issue 14: "step 500's weights restored equal a fresh
// run's weights at step 500 bit for bit").
#include <doctest/doctest.h>

#include <vector>

#include "nn_test_support.hpp"
#include "nn_train.hpp"

using namespace gf;
using namespace gf::nn;
using gf::testing::make_trainer;
using gf::testing::weights_of;

namespace {

struct Setup {
  ModelSpec spec;
  TrainConfig config;
  Dataset data;
};

// Minibatches that do not divide the training points (epochs end mid-batch) and momentum: the
// two pieces of state besides the weights.
Setup spiral_setup(int batch_size) {
  Setup s;
  s.spec.hidden = {{6, Activation::Tanh}, {4, Activation::Tanh}};
  s.spec.init = InitScheme::Xavier;
  s.spec.loss = LossKind::SquaredError;
  s.spec.output_activation = Activation::Tanh;
  s.spec.init_seed = 7;
  s.config.learning_rate = 0.03;
  s.config.momentum = 0.9;
  s.config.batch_size = batch_size;
  s.config.seed = 3;
  Result<Dataset> d = make_dataset({DatasetKind::Spiral, 230, 0.1, 0.5, 5});
  REQUIRE(d);
  s.data = *d;
  return s;
}

}  // namespace

TEST_CASE("a state restored at step 500 continues exactly as the run did") {
  for (int batch : {0, 10, 7}) {
    CAPTURE(batch);
    const Setup s = spiral_setup(batch);
    Trainer fresh = make_trainer(s.spec, s.config, s.data);
    fresh.train_steps(500);
    const std::vector<double> at_500 = weights_of(fresh);
    const double epochs_500 = fresh.epochs();

    // A run that saved its state at 500, went on to 800, then went back.
    Trainer run = make_trainer(s.spec, s.config, s.data);
    run.train_steps(500);
    TrainerState saved;
    run.save_state(saved);
    run.train_steps(300);
    REQUIRE(weights_of(run) != at_500);
    REQUIRE(run.restore_state(saved));
    CHECK(weights_of(run) == at_500);  // bit for bit
    CHECK(run.step() == 500);
    CHECK(run.epochs() == epochs_500);
    CHECK(run.batch_loss_history().size() == 500);
    CHECK(run.evaluation_history().back().step == 500);
    CHECK(run.can_step());

    // Training on from the restored state gives the fresh run's next steps.
    fresh.train_steps(137);
    run.train_steps(137);
    CHECK(weights_of(run) == weights_of(fresh));
    CHECK(run.batch_loss_history() == fresh.batch_loss_history());
  }
}

TEST_CASE("a restored state survives a reset with new weights in between") {
  const Setup s = spiral_setup(10);
  Trainer run = make_trainer(s.spec, s.config, s.data);
  run.train_steps(40);
  TrainerState saved;
  run.save_state(saved);
  const std::vector<double> at_40 = weights_of(run);
  run.reset_with_new_weights();
  run.train_steps(10);
  REQUIRE(run.restore_state(saved));
  CHECK(run.model().init_seed == 7);
  CHECK(weights_of(run) == at_40);
  // ... and "restart with the same weights" then starts from the original init seed's weights.
  run.reset();
  Trainer fresh = make_trainer(s.spec, s.config, s.data);
  CHECK(weights_of(run) == weights_of(fresh));
}

TEST_CASE("restore_state refuses a state of another model, and ends a finished run's stop") {
  Setup s = spiral_setup(0);
  s.config.max_steps = 30;
  Trainer run = make_trainer(s.spec, s.config, s.data);
  TrainerState wrong;
  wrong.parameters.assign(3, 0.0);
  wrong.velocity.assign(3, 0.0);
  const Status refused = run.restore_state(wrong);
  CHECK_FALSE(refused);
  CHECK(refused.reason().find("parameters") != std::string::npos);

  TrainerState at_10;
  run.train_steps(10);
  run.save_state(at_10);
  run.train_steps(100);
  CHECK(run.status() == TrainStatus::Finished);
  REQUIRE(run.restore_state(at_10));
  CHECK(run.status() == TrainStatus::Ready);
  CHECK(run.train_steps(100) == 20);

  TrainerState negative = at_10;
  negative.step = -1;
  CHECK_FALSE(run.restore_state(negative));
}
