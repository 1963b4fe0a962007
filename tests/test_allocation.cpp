// The tape's passes allocate nothing after the first run (issue: "no allocation per node during
// evaluation after the first run"), proved by counting every operator new in this process.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "bench_graph.hpp"
#include "tape.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// Every replaceable form the library may call (std::stable_sort uses the nothrow one): a form
// left to the runtime would free memory this file allocated, which ASan rightly reports.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

TEST_CASE("tape: forward and backward allocate nothing after the first run") {
  for (auto order : {gf::TapeOrder::DepthFirst, gf::TapeOrder::GroupedByOp}) {
    gf::Graph graph = gf::make_bench_graph(20000, 7);
    auto tape = gf::compile_tape(graph, graph.output(), order);
    REQUIRE(tape);
    gf::TapeBuffers buffers;
    buffers.resize_for(*tape);
    gf::forward(*tape, buffers);
    gf::backward(*tape, buffers);
    const long before = g_allocations.load();
    for (int run = 0; run < 5; ++run) {
      gf::forward(*tape, buffers);
      gf::backward(*tape, buffers);
      tape->forward_values(buffers.value);
    }
    CHECK(g_allocations.load() == before);
  }
}
