// gradcheck.cpp — finite differences on the compiled tape, and the verdict (see gradcheck.hpp).
#include "gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tape.hpp"

namespace gf {

std::string_view status_name(GradCheckStatus status) {
  switch (status) {
    case GradCheckStatus::Ok:
      return "ok";
    case GradCheckStatus::Mismatch:
      return "MISMATCH";
    case GradCheckStatus::OnKink:
      return "kink";
    case GradCheckStatus::Undefined:
      return "undefined";
  }
  return "?";
}

// [SECTION] The report and its verdict

bool GradCheckReport::passed() const {
  return count(GradCheckStatus::Mismatch) == 0 && count(GradCheckStatus::Undefined) == 0;
}

int GradCheckReport::count(GradCheckStatus status) const {
  return static_cast<int>(std::count_if(
      entries.begin(), entries.end(), [&](const GradCheckEntry& e) { return e.status == status; }));
}

std::string GradCheckReport::verdict() const {
  const int total = static_cast<int>(entries.size());
  const int ok = count(GradCheckStatus::Ok), kinks = count(GradCheckStatus::OnKink);
  const int mismatches = count(GradCheckStatus::Mismatch);
  const int undefined = count(GradCheckStatus::Undefined);
  if (ok == total) return "all " + std::to_string(total) + " gradients agree";
  // The first part names the total ("2 of 3 gradients ..."), the others only their count.
  std::string text;
  auto add = [&](int how_many, const std::string& what) {
    if (how_many == 0) return;
    text += text.empty()
                ? std::to_string(how_many) + " of " + std::to_string(total) + " gradients " + what
                : "; " + std::to_string(how_many) + " " + what;
  };
  add(mismatches, "DISAGREE");
  add(undefined, "UNDEFINED (not finite, so not compared: no agreement)");
  add(ok, ok == 1 && !text.empty() ? "agrees" : "agree");
  if (text.empty()) text = "0 of " + std::to_string(total) + " gradients compared";
  add(kinks, "on a kink (one-sided there: not compared)");
  return text;
}

// [SECTION] The check

namespace {

// Which piece of every non-smooth gate is active, in tape order (smooth gates: 0).
std::vector<int> active_branches(const Tape& tape, const std::vector<double>& values) {
  std::vector<int> branches(tape.size(), 0);
  for (std::int32_t slot = tape.leaf_count; slot < tape.size(); ++slot)
    if (auto branch = op_info(tape.ops[slot]).branch)
      branches[slot] = branch(values[tape.arg_a[slot]], values[tape.arg_b[slot]]);
  return branches;
}

// f is taken to be right to a few units in the last place; the extrapolated difference
// (4·D(h/2) − D(h)) / 3 multiplies an error δ in each value of f into at most 3·δ/h.
constexpr double kRoundingUlps = 4;

// Compares `analytic_of_slot(slot)` with finite differences for every input leaf of `tape`.
template <typename AnalyticOfSlot>
GradCheckReport compare(const Graph& graph, Tape& tape, AnalyticOfSlot analytic_of_slot,
                        const GradCheckOptions& options) {
  std::vector<double> probe(tape.buffer_size());
  tape.forward_values(probe);
  const std::vector<int> base_branches = active_branches(tape, probe);
  GradCheckReport report;
  report.output_value = probe[tape.output_slot];

  for (std::int32_t slot = 0; slot < tape.leaf_count; ++slot) {
    if (tape.ops[slot] != Op::Input) continue;
    GradCheckEntry entry;
    entry.input = tape.node_of_slot[slot];
    entry.name = graph.name(entry.input);
    entry.value = tape.params[slot];
    entry.analytic = analytic_of_slot(slot);

    const double h = options.step * std::max(1.0, std::fabs(entry.value));
    bool crosses_kink = false;
    double output_scale = std::fabs(report.output_value);
    auto output_at = [&](double x) {
      tape.params[slot] = x;
      tape.forward_values(probe);
      if (active_branches(tape, probe) != base_branches) crosses_kink = true;
      output_scale = std::max(output_scale, std::fabs(probe[tape.output_slot]));
      return probe[tape.output_slot];
    };
    const double coarse = (output_at(entry.value + h) - output_at(entry.value - h)) / (2 * h);
    const double fine = (output_at(entry.value + h / 2) - output_at(entry.value - h / 2)) / h;
    tape.params[slot] = entry.value;
    entry.numeric = fine + (fine - coarse) / 3;  // Richardson: the h² error terms cancel
    const double rounding =
        3 * kRoundingUlps * std::numeric_limits<double>::epsilon() * output_scale / h;

    const double scale = std::max({1.0, std::fabs(entry.analytic), std::fabs(entry.numeric)});
    entry.error = std::max(0.0, std::fabs(entry.analytic - entry.numeric) - rounding) / scale;
    if (!std::isfinite(entry.analytic) || !std::isfinite(entry.numeric)) {
      entry.status = GradCheckStatus::Undefined;
      entry.error = std::numeric_limits<double>::quiet_NaN();  // not a small error: none at all
    } else if (crosses_kink) {
      entry.status = GradCheckStatus::OnKink;
    } else if (entry.error > options.tolerance) {
      entry.status = GradCheckStatus::Mismatch;
    }
    report.entries.push_back(entry);
  }
  std::sort(report.entries.begin(), report.entries.end(),
            [](const GradCheckEntry& a, const GradCheckEntry& b) { return a.input < b.input; });
  return report;
}

}  // namespace

Result<GradCheckReport> check_gradients(const Graph& graph, const GradCheckOptions& options) {
  Result<Tape> compiled = compile_tape(graph, graph.output());
  if (!compiled) return Status::failure(compiled.reason());
  TapeBuffers buffers;
  buffers.resize_for(*compiled);
  forward(*compiled, buffers);
  backward(*compiled, buffers);
  return compare(
      graph, *compiled, [&](std::int32_t slot) { return buffers.grad[slot]; }, options);
}

Result<GradCheckReport> check_claimed_gradients(const Graph& graph,
                                                std::span<const double> claimed_grad,
                                                const GradCheckOptions& options) {
  if (claimed_grad.size() < static_cast<std::size_t>(graph.id_limit()))
    return Status::failure("the claimed gradients cover " + std::to_string(claimed_grad.size()) +
                           " nodes; the graph has ids up to " +
                           std::to_string(graph.id_limit() - 1));
  Result<Tape> compiled = compile_tape(graph, graph.output());
  if (!compiled) return Status::failure(compiled.reason());
  const Tape& tape = *compiled;
  return compare(
      graph, *compiled, [&](std::int32_t slot) { return claimed_grad[tape.node_of_slot[slot]]; },
      options);
}

}  // namespace gf
