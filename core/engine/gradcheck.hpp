// gradcheck.hpp — analytic gradients against finite differences, per input, and a verdict.
//
// numeric: central differences D(h) = (f(x+h) − f(x−h)) / 2h at h = step × max(1, |x|) and at
// h/2, combined by Richardson extrapolation into (4·D(h/2) − D(h)) / 3. Its truncation error
// shrinks as h⁴ rather than h², so steep points (exp(x) at x = 300, sin(x) at x = 1000) need no
// finer step than flat ones.
// error: |analytic − numeric| beyond what rounding in f can explain (the differences of f lose
// about 12·ε·|f| / h: x + 1e8 cannot be resolved finer than that), relative to
// max(1, |analytic|, |numeric|).
// Status of each input:
//   ok         error ≤ tolerance.
//   MISMATCH   error > tolerance: the analytic gradient is wrong. A failure.
//   kink       a probe changed which piece of a non-smooth gate (max, min, relu, abs) is active:
//              the derivative is one-sided there, so nothing is compared. Not a failure.
//   undefined  the analytic or the numeric gradient is not finite (log at 0, sqrt at 0, a probe
//              outside the domain): nothing could be compared. A failure: it is not agreement.
#pragma once

#include <span>
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
  double error = 0;  // max(0, |analytic − numeric| − rounding) / max(1, |analytic|, |numeric|);
                     // NaN when undefined
  GradCheckStatus status = GradCheckStatus::Ok;
};

struct GradCheckOptions {
  double step = 1e-5;
  double tolerance = 1e-6;  // on `error`
};

struct GradCheckReport {
  double output_value = 0;
  std::vector<GradCheckEntry> entries;  // one per input that feeds the output, by id
  bool passed() const;                  // no entry is a Mismatch or Undefined
  int count(GradCheckStatus status) const;
  // One line: "all 3 gradients agree", "2 of 3 gradients agree; 1 on a kink (...)",
  // "1 of 2 gradients UNDEFINED (...); 1 agrees", "1 of 1 gradients DISAGREE" ...
  std::string verdict() const;
};

// Refuses when the graph cannot be evaluated (see evaluate()).
Result<GradCheckReport> check_gradients(const Graph& graph, const GradCheckOptions& options = {});

// The same check of gradients computed elsewhere: `claimed_grad` is d(output)/d(node) by node
// id (as Evaluation::grad). Tests hand it a tampered gradient to see that it is caught.
Result<GradCheckReport> check_claimed_gradients(const Graph& graph,
                                                std::span<const double> claimed_grad,
                                                const GradCheckOptions& options = {});

}  // namespace gf
