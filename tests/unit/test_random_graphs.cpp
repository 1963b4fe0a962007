// Property tests over many random graphs: analytic gradients match central finite differences,
// the trace's running totals end at the evaluated gradients, and evaluation is repeatable.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "eval.hpp"
#include "gradcheck.hpp"
#include "random_graph.hpp"
#include "tape.hpp"

using namespace gf;

TEST_CASE("random graphs: analytic gradients match central finite differences") {
  constexpr int kGraphs = 1500;
  int checked_inputs = 0, kinks = 0, deepest = 0, refined_graphs = 0;
  std::vector<int> gates_of_kind(kOpCount, 0);
  for (int seed = 1; seed <= kGraphs; ++seed) {
    auto random = testing::make_random_graph(seed, 5 + seed % 60);
    deepest = std::max(deepest, random.depth);
    for (NodeId id = 0; id < random.graph.id_limit(); ++id)
      if (random.graph.contains(id)) ++gates_of_kind[static_cast<int>(random.graph.op(id))];
    // Central differences err by about h²·f'''/6, so on a steep graph (gradients of 10^4) the
    // default step can be too coarse: a mismatch is checked again with the step divided by 10,
    // twice at most. A wrong gradient stays wrong; a coarse step's error shrinks 100-fold.
    GradCheckOptions options;
    auto report = check_gradients(random.graph, options);
    REQUIRE_MESSAGE(report, report.reason());
    if (!report->passed()) ++refined_graphs;
    for (int retry = 0; retry < 2 && !report->passed(); ++retry) {
      options.step /= 10;
      report = check_gradients(random.graph, options);
      REQUIRE(report);
    }
    CHECK(report->output_value == doctest::Approx(random.value[random.graph.output()]));
    for (const GradCheckEntry& entry : report->entries) {
      CAPTURE(seed);
      CAPTURE(entry.name);
      CAPTURE(entry.analytic);
      CAPTURE(entry.numeric);
      CHECK(entry.status != GradCheckStatus::Mismatch);
      CHECK(entry.status != GradCheckStatus::Undefined);
      if (entry.status == GradCheckStatus::OnKink) ++kinks;
      if (entry.status == GradCheckStatus::Ok) ++checked_inputs;
    }
  }
  MESSAGE(checked_inputs << " input gradients checked, " << kinks << " on kinks, deepest "
                         << deepest << ", " << refined_graphs << " graphs needed a finer step");
  CHECK(refined_graphs * 100 < kGraphs);  // rare: the graphs are meant to be well-conditioned
  CHECK(checked_inputs > kGraphs);        // most inputs are really checked, not excused
  CHECK(kinks * 20 < checked_inputs);
  CHECK(deepest == 30);
  for (const OpInfo& info : kOps) {         // every elementwise gate is checked, sin included
    if (is_matrix_gate(info.op)) continue;  // constant-like on 1×1: test_matrix checks them
    CAPTURE(std::string(info.name));
    CHECK(gates_of_kind[static_cast<int>(info.op)] > 100);
  }
}

TEST_CASE("random graphs: the trace's running totals end at the gradients") {
  for (int seed = 1; seed <= 300; ++seed) {
    auto random = testing::make_random_graph(seed * 7919, 40);
    auto ev = evaluate(random.graph);
    REQUIRE(ev);
    Trace trace = make_trace(random.graph, *ev);
    std::vector<double> last_total(random.graph.id_limit(), 0.0);
    bool seen_any[2] = {false, false};
    for (const BackwardStep& step : trace.backward) {
      CHECK(step.upstream_grad == ev->grad[step.node]);
      for (int i = 0; i < step.input_count; ++i) {
        const GradContribution& c = step.to_inputs[i];
        CHECK(c.downstream_grad == step.upstream_grad * c.local_grad);
        last_total[c.input] = c.total_after;
        seen_any[0] = true;
      }
    }
    for (NodeId id : ev->order)
      if (id != ev->output && last_total[id] != 0.0) {
        CHECK(last_total[id] == ev->grad[id]);
        seen_any[1] = true;
      }
    CHECK(seen_any[0]);
    CHECK(trace.forward.size() == trace.backward.size());
  }
}

TEST_CASE("random graphs with blocking gates: finite gradients, matching finite differences") {
  // Gates that block (inactive relu, losing max/min inputs, x^0, exp(−inf), a product with a
  // blocked 0) sit under gates whose local gradient is inf (sqrt, x^0.5, log of a blocked 0) or
  // whose value is NaN (log, sqrt of negatives): see random_graph.hpp. The plain product
  // upstream × local would make 0 × inf = NaN there; the blocking rule (ops.hpp) gives 0.
  constexpr int kGraphs = 1000;
  int checked_inputs = 0, kinks = 0, nan_without_rule = 0, graphs_blocking = 0;
  std::vector<int> blocked_by_op(kOpCount, 0);  // contributions the plain product makes NaN/inf
  for (int seed = 1; seed <= kGraphs; ++seed) {
    CAPTURE(seed);
    const auto random = testing::make_blocking_random_graph(seed, 8 + seed % 40);
    const Graph& graph = random.graph;
    auto ev = evaluate(graph);
    REQUIRE_MESSAGE(ev, ev.reason());
    REQUIRE(std::isfinite(ev->value[graph.output()]));

    // The stepper's trace: a blocked contribution is 0, and the totals end at the gradients.
    const Trace trace = make_trace(graph, *ev);
    bool blocks_here = false;
    for (const BackwardStep& step : trace.backward)
      for (int i = 0; i < step.input_count; ++i) {
        const GradContribution& c = step.to_inputs[i];
        // x^0 at 0 (or of ±inf, NaN): the old rule 0·x^(−1) was NaN whatever the upstream.
        const bool pow_zero_at_a_pole = graph.op(step.node) == Op::Pow &&
                                        graph.param(step.node) == 0.0 &&
                                        !std::isfinite(1.0 / ev->value[c.input]);
        const bool blocked_local =
            c.local_grad == 0 && (!std::isfinite(step.upstream_grad) || pow_zero_at_a_pole);
        const bool blocked_upstream = step.upstream_grad == 0 && !std::isfinite(c.local_grad);
        if (blocked_local || blocked_upstream) {
          CHECK(c.downstream_grad == 0.0);
          ++blocked_by_op[static_cast<int>(graph.op(step.node))];
          blocks_here = true;
        }
      }
    graphs_blocking += blocks_here;

    // The fast tape in its other order agrees with the evaluation; the plain product (no rule)
    // replayed on the same local gradients shows what the rule prevents.
    Result<Tape> tape = compile_tape(graph, graph.output(), TapeOrder::GroupedByOp);
    REQUIRE(tape);
    TapeBuffers buffers;
    buffers.resize_for(*tape);
    forward(*tape, buffers);
    backward(*tape, buffers);
    std::vector<double> plain(tape->buffer_size(), 0.0);
    plain[tape->output_slot] = 1.0;
    for (std::int32_t slot = tape->size() - 1; slot >= tape->leaf_count; --slot) {
      plain[tape->arg_a[slot]] += plain[slot] * buffers.local_a[slot];
      plain[tape->arg_b[slot]] += plain[slot] * buffers.local_b[slot];
    }

    auto report = check_gradients(graph);
    REQUIRE(report);
    for (const GradCheckEntry& entry : report->entries) {
      CAPTURE(entry.name);
      CAPTURE(entry.analytic);
      CAPTURE(entry.numeric);
      const std::int32_t slot = tape->slot_of_node[entry.input];
      CHECK(std::isfinite(entry.numeric));  // the blocked parts are constant near the point
      CHECK(entry.analytic == ev->grad[entry.input]);
      CHECK(buffers.grad[slot] == doctest::Approx(ev->grad[entry.input]).epsilon(1e-12));
      CHECK(entry.status != GradCheckStatus::Mismatch);
      CHECK(entry.status != GradCheckStatus::Undefined);
      nan_without_rule += !std::isfinite(plain[slot]);
      kinks += entry.status == GradCheckStatus::OnKink;
      checked_inputs += entry.status == GradCheckStatus::Ok;
    }
  }
  MESSAGE(checked_inputs << " inputs checked (" << kinks << " on kinks), " << graphs_blocking
                         << " graphs block a non-finite gradient, " << nan_without_rule
                         << " input gradients would be NaN or inf without the rule; blocked by "
                            "relu "
                         << blocked_by_op[static_cast<int>(Op::Relu)] << ", max/min "
                         << blocked_by_op[static_cast<int>(Op::Max)] +
                                blocked_by_op[static_cast<int>(Op::Min)]
                         << ", x^0 " << blocked_by_op[static_cast<int>(Op::Pow)] << ", exp "
                         << blocked_by_op[static_cast<int>(Op::Exp)] << ", mul "
                         << blocked_by_op[static_cast<int>(Op::Mul)]);
  CHECK(graphs_blocking * 2 > kGraphs);
  CHECK(nan_without_rule * 4 > kGraphs);
  CHECK(checked_inputs > kGraphs);
  CHECK(kinks * 20 < checked_inputs);
  for (Op op : {Op::Relu, Op::Max, Op::Min, Op::Pow, Op::Exp, Op::Mul}) {
    CAPTURE(std::string(op_info(op).name));
    CHECK(blocked_by_op[static_cast<int>(op)] > 20);
  }
}
