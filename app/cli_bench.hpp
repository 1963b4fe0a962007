// cli_bench.hpp — the measurements behind `gradflow-cli bench`.
#pragma once

#include <cstdint>

#include "result.hpp"

namespace gf {

struct EvalBenchResult {
  std::int64_t nodes = 0;
  double forward_ns_per_node = 0;   // median over the runs
  double backward_ns_per_node = 0;  // median over the runs
  double output_value = 0;          // printed so the work cannot be optimised away
};

// Builds make_bench_graph(node_count, seed), compiles it to a tape, runs forward and backward
// `runs` times after one untimed warm-up run.
Result<EvalBenchResult> bench_eval(std::int64_t node_count, int runs, std::uint64_t seed);

}  // namespace gf
