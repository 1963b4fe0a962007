// gradcheck.cpp — central finite differences on the compiled tape (see gradcheck.hpp).
#include "gradcheck.hpp"

#include <algorithm>
#include <cmath>

#include "tape.hpp"

namespace gf {

std::string_view status_name(GradCheckStatus status) {
  switch (status) {
    case GradCheckStatus::Ok: return "ok";
    case GradCheckStatus::Mismatch: return "MISMATCH";
    case GradCheckStatus::OnKink: return "kink";
    case GradCheckStatus::Undefined: return "undefined";
  }
  return "?";
}

bool GradCheckReport::passed() const {
  return std::none_of(entries.begin(), entries.end(), [](const GradCheckEntry& entry) {
    return entry.status == GradCheckStatus::Mismatch;
  });
}

namespace {

// Which piece of every non-smooth gate is active, in tape order (smooth gates: 0).
std::vector<int> active_branches(const Tape& tape, const std::vector<double>& values) {
  std::vector<int> branches(tape.size(), 0);
  for (std::int32_t slot = tape.leaf_count; slot < tape.size(); ++slot)
    if (auto branch = op_info(tape.ops[slot]).branch)
      branches[slot] = branch(values[tape.arg_a[slot]], values[tape.arg_b[slot]]);
  return branches;
}

}  // namespace

Result<GradCheckReport> check_gradients(const Graph& graph, const GradCheckOptions& options) {
  Result<Tape> compiled = compile_tape(graph, graph.output());
  if (!compiled) return Status::failure(compiled.reason());
  Tape& tape = *compiled;
  TapeBuffers buffers;
  buffers.resize_for(tape);
  forward(tape, buffers);
  backward(tape, buffers);
  const std::vector<int> base_branches = active_branches(tape, buffers.value);

  GradCheckReport report;
  report.output_value = buffers.value[tape.output_slot];
  std::vector<double> probe(tape.buffer_size());
  for (std::int32_t slot = 0; slot < tape.leaf_count; ++slot) {
    if (tape.ops[slot] != Op::Input) continue;
    GradCheckEntry entry;
    entry.input = tape.node_of_slot[slot];
    entry.name = graph.name(entry.input);
    entry.value = tape.params[slot];
    entry.analytic = buffers.grad[slot];

    const double h = options.step * std::max(1.0, std::fabs(entry.value));
    bool crosses_kink = false;
    auto output_at = [&](double x) {
      tape.params[slot] = x;
      tape.forward_values(probe);
      if (active_branches(tape, probe) != base_branches) crosses_kink = true;
      return probe[tape.output_slot];
    };
    const double plus = output_at(entry.value + h);
    const double minus = output_at(entry.value - h);
    tape.params[slot] = entry.value;
    entry.numeric = (plus - minus) / (2 * h);

    const double scale = std::max({1.0, std::fabs(entry.analytic), std::fabs(entry.numeric)});
    entry.error = std::fabs(entry.analytic - entry.numeric) / scale;
    if (!std::isfinite(entry.analytic) || !std::isfinite(entry.numeric))
      entry.status = GradCheckStatus::Undefined;
    else if (crosses_kink)
      entry.status = GradCheckStatus::OnKink;
    else if (entry.error > options.tolerance)
      entry.status = GradCheckStatus::Mismatch;
    report.entries.push_back(entry);
  }
  std::sort(report.entries.begin(), report.entries.end(),
            [](const GradCheckEntry& a, const GradCheckEntry& b) { return a.input < b.input; });
  return report;
}

}  // namespace gf
