// The classifier lab's hot paths allocate nothing once sized: a training step (full batch and
// minibatches, with momentum and regularisation), the metrics and the grid evaluations the GUI
// runs every frame. Its own executable, because counting every operator new replaces them for
// the whole program (test_allocation.cpp does the same for the core tape in gradflow_tests).
#include <doctest/doctest.h>

#include "allocation_counter.hpp"
#include "nn_timeline.hpp"
#include "nn_train.hpp"

using namespace gf::nn;
using gf::Result;

TEST_CASE("classifier lab: training steps and grid evaluations allocate nothing") {
  Result<Dataset> data = make_dataset({DatasetKind::Spiral3, 300, 0.1, 0.5, 1});
  REQUIRE(data);
  ModelSpec spec;
  spec.features = {Feature::X1, Feature::X2, Feature::SinX1};
  spec.hidden = {{8, Activation::Relu}, {8, Activation::Tanh}};
  spec.classes = 3;
  spec.loss = LossKind::Softmax;
  for (int batch : {0, 16}) {
    TrainConfig config;
    config.batch_size = batch;
    config.momentum = 0.9;
    config.regularization = Regularization::L2;
    config.lambda = 1e-3;
    config.learning_rate = 0.01;
    config.evaluate_every = 10;  // the metrics too, every 10 steps
    Result<Trainer> trainer = Trainer::create(spec, config, *data);
    REQUIRE(trainer);
    trainer->set_trace_depth(WeightTrace::kDefaultDepth);  // the lab's weight trace recording
    std::vector<float> grid(64 * 64 * 3), thumbnails(16 * 32 * 32);
    trainer->train_steps(10);
    trainer->evaluate_grid({}, 64, 64, grid);
    trainer->evaluate_neuron_grids({}, 32, 32, thumbnails);
    trainer->metrics();
    const long before = gf::testing::allocation_count();
    CHECK(trainer->train_steps(100) == 100);
    trainer->evaluate_grid({}, 64, 64, grid);
    trainer->evaluate_neuron_grids({}, 32, 32, thumbnails);
    for (int frame = 0; frame < 5; ++frame) {  // the GUI's frame: a step, then the metrics
      trainer->train_steps(1);
      trainer->metrics();
      trainer->evaluate();
    }
    CHECK(gf::testing::allocation_count() == before);
  }
}

TEST_CASE("classifier lab: training through a full timeline allocates nothing") {
  Result<Dataset> data = make_dataset({DatasetKind::Xor, 200, 0.1, 0.5, 1});
  REQUIRE(data);
  ModelSpec spec;
  spec.hidden = {{4, Activation::Tanh}, {2, Activation::Tanh}};
  TrainConfig config;
  config.batch_size = 10;
  config.momentum = 0.9;
  config.max_steps = 100000;  // (the trainer's histories reserved for it)
  Result<Trainer> trainer = Trainer::create(spec, config, *data);
  REQUIRE(trainer);
  RunTimeline timeline({16u << 10, 4096});  // 16 KB: thinned every few hundred steps
  timeline.train_steps(*trainer, 2000);     // full, thinned: the dropped snapshots are the spares
  REQUIRE(timeline.interval() > 1);
  const long before = gf::testing::allocation_count();
  // Several thinnings more, 5 steps a frame: a budget every frame meets even under the
  // sanitizers on a busy machine (a short one stopped frames early there, at other steps).
  for (int frame = 0; frame < 400; ++frame)
    timeline.train_for(*trainer, std::chrono::seconds(10), 5);
  CHECK(trainer->step() == 4000);
  CHECK(gf::testing::allocation_count() == before);
}
