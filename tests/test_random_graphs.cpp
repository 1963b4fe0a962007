// Property tests over many random graphs: analytic gradients match central finite differences,
// the trace's running totals end at the evaluated gradients, and evaluation is repeatable.
#include <doctest/doctest.h>

#include <cmath>

#include "eval.hpp"
#include "gradcheck.hpp"
#include "random_graph.hpp"

using namespace gf;

TEST_CASE("random graphs: analytic gradients match central finite differences") {
  constexpr int kGraphs = 1500;
  int checked_inputs = 0, kinks = 0, deepest = 0;
  for (int seed = 1; seed <= kGraphs; ++seed) {
    auto random = testing::make_random_graph(seed, 5 + seed % 60);
    deepest = std::max(deepest, random.depth);
    auto report = check_gradients(random.graph);
    REQUIRE_MESSAGE(report, report.reason());
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
                         << deepest);
  CHECK(checked_inputs > kGraphs);  // most inputs are really checked, not excused
  CHECK(kinks * 20 < checked_inputs);
  CHECK(deepest == 30);
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
