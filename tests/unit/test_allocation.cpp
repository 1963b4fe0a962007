// The tape's passes allocate nothing after the first run (issue: "no allocation per node during
// evaluation after the first run"), proved by counting every operator new in this process.
#include <doctest/doctest.h>

#include "allocation_counter.hpp"
#include "bench_graph.hpp"
#include "tape.hpp"

TEST_CASE("tape: forward and backward allocate nothing after the first run") {
  for (auto order : {gf::TapeOrder::DepthFirst, gf::TapeOrder::GroupedByOp}) {
    gf::Graph graph = gf::make_bench_graph(20000, 7);
    auto tape = gf::compile_tape(graph, graph.output(), order);
    REQUIRE(tape);
    gf::TapeBuffers buffers;
    buffers.resize_for(*tape);
    gf::forward(*tape, buffers);
    gf::backward(*tape, buffers);
    const long before = gf::testing::allocation_count();
    for (int run = 0; run < 5; ++run) {
      gf::forward(*tape, buffers);
      gf::backward(*tape, buffers);
      tape->forward_values(buffers.value);
    }
    CHECK(gf::testing::allocation_count() == before);
  }
}
