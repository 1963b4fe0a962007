// The run timeline (nn_timeline.hpp): a run that trained through it goes back to any earlier
// step with the very weights it had there, in bounded memory (issue 14, "Done means": step 500's
// weights restored from the timeline equal a fresh run's weights at step 500 bit for bit). The
// expected weights come from separate runs of a plain Trainer, never through the timeline.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <vector>

#include "nn_test_support.hpp"
#include "nn_timeline.hpp"

using namespace gf;
using namespace gf::nn;
using gf::testing::weights_of;

namespace {

struct Setup {
  ModelSpec spec;
  TrainConfig config;
  Dataset data;
};

// Minibatches of 7 (epochs end mid-batch) with momentum 0.9: all the state besides the weights.
Setup minibatch_momentum() {
  Setup s;
  s.spec.hidden = {{6, Activation::Tanh}, {4, Activation::Tanh}};
  s.spec.init = InitScheme::Xavier;
  s.spec.loss = LossKind::SquaredError;
  s.spec.output_activation = Activation::Tanh;
  s.spec.init_seed = 11;
  s.config.learning_rate = 0.03;
  s.config.momentum = 0.9;
  s.config.batch_size = 7;
  s.config.seed = 5;
  Result<Dataset> d = make_dataset({DatasetKind::Xor, 200, 0.1, 0.5, 2});
  REQUIRE(d);
  s.data = *d;
  return s;
}

Trainer make_trainer(const Setup& s) { return gf::testing::make_trainer(s.spec, s.config, s.data); }

// A fresh run's weights after each of `steps` (ascending), trained without a timeline.
std::map<int, std::vector<double>> fresh_weights(const Setup& s, const std::vector<int>& steps) {
  Trainer fresh = make_trainer(s);
  std::map<int, std::vector<double>> at;
  for (int step : steps) {
    fresh.train_steps(step - fresh.step());
    REQUIRE(fresh.step() == step);
    at[step] = weights_of(fresh);
  }
  return at;
}

constexpr TimelineLimits kSmall{64u << 10, 4096};  // 64 KB: about 60 snapshots of this network

}  // namespace

TEST_CASE("timeline: step 500 after 5000 thinned steps equals a fresh run's step 500 bit for bit") {
  const Setup s = minibatch_momentum();
  const std::vector<int> checks = {0, 1, 499, 500, 501, 1234, 2047, 4999, 5000};
  const std::map<int, std::vector<double>> expected = fresh_weights(s, checks);

  Trainer run = make_trainer(s);
  RunTimeline timeline(kSmall);
  // As the lab trains: pieces of a few steps, one a frame.
  for (int frame = 0; frame < 1000; ++frame) timeline.train_steps(run, 5);
  REQUIRE(run.step() == 5000);
  CHECK(timeline.latest_step() == 5000);
  // Thinned: the count stayed within what the budget holds, the interval grew.
  const std::size_t each = 2 * sizeof(TrainerState) + 2 * run.parameters().size() * sizeof(double);
  CHECK(timeline.capacity() == static_cast<int>(kSmall.budget_bytes / each));
  CHECK(timeline.snapshot_count() <= timeline.capacity());
  CHECK(timeline.interval() >= 5000 / timeline.capacity());
  CHECK(timeline.bytes() <= kSmall.budget_bytes);
  CHECK(timeline.snapshot_step(0) == 0);
  for (int i = 1; i < timeline.snapshot_count(); ++i)
    CHECK(timeline.snapshot_step(i) % timeline.interval() == 0);

  REQUIRE(timeline.seek(run, 500));
  CHECK(run.step() == 500);
  CHECK(weights_of(run) == expected.at(500));               // bit for bit
  CHECK(timeline.later_evaluations().back().step == 5000);  // the later curves, kept
  // Back and forth, in any order: each step's weights exactly.
  for (int step : {4999, 1, 2047, 0, 501, 1234, 499, 5000}) {
    CAPTURE(step);
    REQUIRE(timeline.seek(run, step));
    CHECK(run.step() == step);
    CHECK(weights_of(run) == expected.at(step));
  }
  CHECK(timeline.later_evaluations().empty());  // at the latest step: the trainer's own history
}

TEST_CASE("timeline: training on from an earlier step forks the run there") {
  const Setup s = minibatch_momentum();
  Trainer run = make_trainer(s);
  RunTimeline timeline(kSmall);
  timeline.train_steps(run, 2000);
  REQUIRE(timeline.seek(run, 512));
  CHECK(timeline.later_evaluations().back().step == 2000);
  CHECK(timeline.train_steps(run, 88) == 88);
  CHECK(timeline.forked_at() == 512);
  CHECK(timeline.latest_step() == 600);
  CHECK(timeline.later_evaluations().empty());
  CHECK(timeline.snapshot_step(timeline.snapshot_count() - 1) <= 600);
  // Same settings: the fork retraces the first run (the run is deterministic).
  const std::map<int, std::vector<double>> expected = fresh_weights(s, {300, 600});
  CHECK(weights_of(run) == expected.at(600));
  REQUIRE(timeline.seek(run, 300));
  CHECK(weights_of(run) == expected.at(300));
  REQUIRE(timeline.seek(run, 2000));  // beyond the new branch's end: its end
  CHECK(run.step() == 600);
}

TEST_CASE("timeline: a seek within a time budget goes on where it stopped") {
  const Setup s = minibatch_momentum();
  const std::map<int, std::vector<double>> expected = fresh_weights(s, {777});
  Trainer run = make_trainer(s);
  RunTimeline timeline(kSmall);
  timeline.train_steps(run, 3000);
  REQUIRE(timeline.interval() >= 32);  // so that 777 is some steps past a snapshot
  int calls = 1;
  while (!timeline.seek(run, 777, std::chrono::nanoseconds(0))) ++calls;  // one step a call
  CHECK(calls > 1);
  CHECK(run.step() == 777);
  CHECK(weights_of(run) == expected.at(777));
}

TEST_CASE("timeline: settings, weights or points changed behind it start it again there") {
  Setup s = minibatch_momentum();
  Trainer run = make_trainer(s);
  RunTimeline timeline(kSmall);
  timeline.train_steps(run, 300);

  TrainConfig faster = s.config;
  faster.learning_rate = 0.1;
  REQUIRE(run.set_config(faster));
  timeline.train_steps(run, 50);
  CHECK(timeline.first_step() == 300);  // the steps before were trained at lr 0.03
  CHECK(timeline.latest_step() == 350);
  REQUIRE(timeline.seek(run, 10));  // clamped to the base
  CHECK(run.step() == 300);

  run.reset_with_new_weights();
  timeline.train_steps(run, 20);
  CHECK(timeline.first_step() == 0);
  CHECK(timeline.latest_step() == 20);
  CHECK(timeline.forked_at() == -1);

  std::vector<double> edited = weights_of(run);
  edited[0] += 0.5;  // a weight typed in
  REQUIRE(run.set_parameters(edited));
  timeline.train_steps(run, 5);
  CHECK(timeline.first_step() == 20);

  Dataset more = s.data;
  more.add_point(0.5, 0.5, 1);
  REQUIRE(run.set_dataset(more));
  timeline.train_steps(run, 5);
  CHECK(timeline.first_step() == 25);
}

TEST_CASE("timeline: a diverged run goes back to before the divergence") {
  Setup s = minibatch_momentum();
  s.spec.hidden = {{6, Activation::Relu}, {4, Activation::Relu}};
  s.spec.output_activation = Activation::Linear;
  s.config.learning_rate = 10;  // too large for relu into a linear output: the loss blows up
  s.config.batch_size = 0;
  Trainer run = make_trainer(s);
  RunTimeline timeline(kSmall);
  timeline.train_steps(run, 5000);
  REQUIRE(run.status() == TrainStatus::Diverged);
  const int diverged = run.diverged_at_step();
  REQUIRE(diverged > 5);
  const std::map<int, std::vector<double>> expected = fresh_weights(s, {diverged - 5});
  REQUIRE(timeline.seek(run, diverged - 5));
  CHECK(run.can_step());
  CHECK(weights_of(run) == expected.at(diverged - 5));
  for (double w : run.parameters()) CHECK(std::isfinite(w));
}

TEST_CASE("timeline: the default limits hold any run in 64 MB and 4096 snapshots") {
  const Setup s = minibatch_momentum();
  Trainer run = make_trainer(s);
  RunTimeline timeline;
  timeline.train_steps(run, 20000);
  CHECK(timeline.capacity() == 4096);  // (this small network: the count is the limit)
  CHECK(timeline.snapshot_count() <= 4096);
  CHECK(timeline.snapshot_count() > 2048);  // half full at least, after thinning
  CHECK(timeline.interval() == 8);          // 20000 / 8 = 2500 snapshots: 4096 / 2 < 2500 ≤ 4096
  CHECK(timeline.bytes() <= timeline.limits().budget_bytes);
}
