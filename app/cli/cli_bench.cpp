// cli_bench.cpp — `gradflow-cli bench eval`: forward and backward speed of the tape.
#include "cli_bench.hpp"

#include <cstdio>
#include <vector>

#include "bench_graph.hpp"
#include "tape.hpp"

namespace gf {

Result<EvalBenchResult> bench_eval(std::int64_t node_count, int runs, std::uint64_t seed) {
  if (node_count < 200 || node_count > kMaxBenchNodes)
    return Result<EvalBenchResult>::failure("--nodes must be from 200 to " +
                                            std::to_string(kMaxBenchNodes));
  if (runs < 1 || runs > kMaxBenchRuns)
    return Result<EvalBenchResult>::failure("--runs must be from 1 to " +
                                            std::to_string(kMaxBenchRuns));
  Graph graph = make_bench_graph(node_count, seed);
  Result<Tape> tape = compile_tape(graph, graph.output(), TapeOrder::GroupedByOp);
  if (!tape) return Status::failure(tape.reason());
  TapeBuffers buffers;
  buffers.resize_for(*tape);
  forward(*tape, buffers);  // the first run touches the memory; it is not timed
  backward(*tape, buffers);

  std::vector<double> forward_s, backward_s;
  for (int run = 0; run < runs; ++run) {
    forward_s.push_back(seconds_of([&] { forward(*tape, buffers); }));
    backward_s.push_back(seconds_of([&] { backward(*tape, buffers); }));
  }
  EvalBenchResult result;
  result.nodes = tape->size();
  result.forward_ns_per_node = median(forward_s) * 1e9 / static_cast<double>(tape->size());
  result.backward_ns_per_node = median(backward_s) * 1e9 / static_cast<double>(tape->size());
  result.output_value = buffers.value[tape->output_slot];
  return result;
}

}  // namespace gf
