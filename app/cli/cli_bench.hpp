// cli_bench.hpp — the measurements behind `gradflow-cli bench`.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "result.hpp"

namespace gf {

// The middle sample (the upper one of an even count): robust to a run disturbed by the machine.
inline double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}
// Wall-clock seconds that `work()` takes.
template <class F>
double seconds_of(F&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct EvalBenchResult {
  std::int64_t nodes = 0;
  double forward_ns_per_node = 0;   // median over the runs
  double backward_ns_per_node = 0;  // median over the runs
  double output_value = 0;          // printed so the work cannot be optimised away
};

// The bounds of `bench eval`'s options: 10 million nodes take about 1.5 GB (graph and tape).
inline constexpr std::int64_t kMaxBenchNodes = 10'000'000;
inline constexpr int kMaxBenchRuns = 1000;

// Builds make_bench_graph(node_count, seed), compiles it to a tape, runs forward and backward
// `runs` times after one untimed warm-up run. Refuses counts outside the bounds above.
Result<EvalBenchResult> bench_eval(std::int64_t node_count, int runs, std::uint64_t seed);

}  // namespace gf
