// bench_graph.hpp — the random graphs of `gradflow-cli bench eval` and `gradflow --random N`.
#pragma once

#include <cstdint>

#include "graph.hpp"

namespace gf {

// A random graph of `node_count` nodes whose gates read from the previous 64 nodes, using every
// gate kind of the op table. Each gate's value is computed while building and a gate is re-drawn
// when its value would be non-finite, huge or tiny (denormal), so the benchmark measures real
// arithmetic, not NaN propagation. Every node feeds the output (the last node).
Graph make_bench_graph(std::int64_t node_count, std::uint64_t seed);

}  // namespace gf
