// gradcheck.hpp — analytic gradients against central finite differences, per input.
//
// numeric = (f(x + h) − f(x − h)) / 2h with h = step × max(1, |x|). An input is "on a kink" when
// stepping it by ±h changes which piece of a non-smooth gate (max, min, relu, abs) is active:
// there the derivative is one-sided and the comparison means nothing, so it is flagged, not
// failed. Non-finite gradients (log at 0, sqrt at 0, ...) are reported as undefined.
#pragma once

#include <string>
#include <vector>

#include "graph.hpp"
#include "result.hpp"

namespace gf {

enum class GradCheckStatus { Ok, Mismatch, OnKink, Undefined };
std::string_view status_name(GradCheckStatus status);  // "ok", "MISMATCH", "kink", "undefined"

struct GradCheckEntry {
  NodeId input = kNoNode;
  std::string name;
  double value = 0;
  double analytic = 0;
  double numeric = 0;
  double error = 0;  // |analytic − numeric| / max(1, |analytic|, |numeric|)
  GradCheckStatus status = GradCheckStatus::Ok;
};

struct GradCheckOptions {
  double step = 1e-5;
  double tolerance = 1e-6;  // on `error`
};

struct GradCheckReport {
  double output_value = 0;
  std::vector<GradCheckEntry> entries;  // one per input that feeds the output, by id
  bool passed() const;                  // no entry is a Mismatch
};

// Refuses when the graph cannot be evaluated (see evaluate()).
Result<GradCheckReport> check_gradients(const Graph& graph, const GradCheckOptions& options = {});

}  // namespace gf
