// The lab's training thread: one job at a time, wait() as the hand-over, and training in jobs
// between frames gives exactly the numbers of training in one go.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "background_job.hpp"
#include "nn_train.hpp"

using namespace gf;

TEST_CASE("background job: runs each job once, in order; wait() returns after it") {
  BackgroundJob job(BackgroundJob::Priority::Low);
  CHECK_FALSE(job.busy());
  job.wait();              // nothing started: returns at once
  std::vector<int> order;  // only the job writes it between start() and wait()
  for (int i = 0; i < 200; ++i) {
    job.start([&order, i] { order.push_back(i); });
    if (i % 3 == 0) job.wait();  // start() also waits for the previous job
  }
  job.wait();
  REQUIRE(order.size() == 200);
  for (int i = 0; i < 200; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("background job: busy while running; the destructor waits for a running job") {
  std::atomic<bool> release{false}, finished{false};
  {
    BackgroundJob job;
    job.start([&] {
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      finished = true;
    });
    CHECK(job.busy());
    release = true;
  }  // ~BackgroundJob: waits, then ends its thread
  CHECK(finished);
}

TEST_CASE("background job: training in jobs between reads equals training in one go") {
  Result<nn::Dataset> data = nn::make_dataset({nn::DatasetKind::Spiral, 200, 0.1, 0.5, 3});
  REQUIRE(data);
  nn::ModelSpec spec;
  spec.hidden = {{8, nn::Activation::Tanh}, {8, nn::Activation::Tanh}};
  nn::TrainConfig config;
  config.learning_rate = 0.03;
  // Minibatches (the shuffled order carries over between jobs) and the full batch (whose
  // forward pass metrics() between the jobs shares with the next step).
  for (const int batch : {10, 0}) {
    CAPTURE(batch);
    config.batch_size = batch;
    Result<nn::Trainer> direct = nn::Trainer::create(spec, config, *data);
    Result<nn::Trainer> framed = nn::Trainer::create(spec, config, *data);
    REQUIRE(direct);
    REQUIRE(framed);
    direct->train_steps(300);

    BackgroundJob job(BackgroundJob::Priority::Low);
    int frames = 0;
    while (framed->step() < 300) {  // a frame: read what it draws, then train while "rendering"
      const double reading = framed->metrics().train_loss;
      CHECK(std::isfinite(reading));
      job.start([&] { framed->train_steps(std::min(7, 300 - framed->step())); });
      job.wait();
      ++frames;
    }
    CHECK(frames == 43);
    const std::span<const double> a = direct->parameters(), b = framed->parameters();
    REQUIRE(a.size() == b.size());
    CHECK(std::equal(a.begin(), a.end(), b.begin()));
    CHECK(direct->batch_loss_history() == framed->batch_loss_history());
  }
}
