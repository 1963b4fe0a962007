// Property tests over many random graphs: analytic gradients match central finite differences,
// the trace's running totals end at the evaluated gradients, and evaluation is repeatable.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "eval.hpp"
#include "gradcheck.hpp"
#include "random_graph.hpp"

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
  CHECK(checked_inputs > kGraphs);  // most inputs are really checked, not excused
  CHECK(kinks * 20 < checked_inputs);
  CHECK(deepest == 30);
  for (const OpInfo& info : kOps) {  // every gate of the table is checked, sin included
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
