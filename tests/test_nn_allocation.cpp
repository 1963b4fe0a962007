// The classifier lab's hot paths allocate nothing once sized: a training step (full batch and
// minibatches, with momentum and regularisation) and the grid evaluations the GUI runs every
// frame. Its own executable, because counting every operator new replaces them for the whole
// program (test_allocation.cpp does the same for the core tape in gradflow_tests).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "nn_train.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
// The batched tape's rows are allocated aligned to cache lines.
void* operator new(std::size_t size, std::align_val_t align) {
  ++g_allocations;
  const std::size_t alignment = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment))
    return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) { return operator new(size, align); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

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
    std::vector<float> grid(64 * 64 * 3), thumbnails(16 * 32 * 32);
    trainer->train_steps(10);
    trainer->evaluate_grid({}, 64, 64, grid);
    trainer->evaluate_neuron_grids({}, 32, 32, thumbnails);
    const long before = g_allocations.load();
    CHECK(trainer->train_steps(100) == 100);
    trainer->evaluate_grid({}, 64, 64, grid);
    trainer->evaluate_neuron_grids({}, 32, 32, thumbnails);
    CHECK(g_allocations.load() == before);
  }
}
