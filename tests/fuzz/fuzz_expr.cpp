// fuzz_expr.cpp — libFuzzer target for the expression parser. Any bytes must give either an
// error with a message and a column inside the text, or a graph that evaluates once every input
// has a value. A broken invariant traps, so the fuzzer keeps the input that broke it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "eval.hpp"
#include "expr.hpp"
#include "matrix_eval.hpp"

namespace {

void require(bool invariant) {
  if (!invariant) __builtin_trap();
}

void check_error(const gf::ParsedExpression& parsed, std::size_t text_size) {
  const gf::ExpressionError& error = *parsed.error;
  require(!error.message.empty());
  require(error.column >= 1 && static_cast<std::size_t>(error.column) <= text_size + 1);
  require(error.describe().rfind("column ", 0) == 0);
  require(parsed.graph == gf::Graph{});  // nothing half-built is handed back
}

void check_graph(std::string_view text, gf::Graph& graph) {
  require(graph.contains(graph.output()));
  require(gf::parse_expression(text).graph == graph);  // the same text, the same graph

  // Give every input a value: different magnitudes and signs, so kinks and domains vary.
  double value = 0.75;
  for (gf::NodeId input : graph.input_nodes()) {
    require(!graph.has_value(input));
    require(gf::is_valid_name(graph.name(input)));
    require(graph.set_param(input, value).ok());
    value = -1.5 * value;
    if (value > 1e6 || value < -1e6) value = 0.5;
  }
  if (graph.matrix_value_count() > 0) {
    // Matrix literals: the matrix evaluator, which may refuse shapes that do not fit (with a
    // message), never anything else; the scalar one refuses matrices by design.
    gf::Result<gf::MatrixEvaluation> matrices = gf::evaluate_matrix(graph);
    require(matrices.ok() || !matrices.reason().empty());
    return;
  }
  gf::Result<gf::Evaluation> evaluation = gf::evaluate(graph);
  require(evaluation.ok());  // every pin wired, every input valued
  require(evaluation->output == graph.output());
  require(evaluation->unreached.empty());  // no leftover nodes (dropped 1s, exponents)
  require(static_cast<int>(evaluation->order.size()) == graph.node_count());
  for (gf::NodeId id : graph.node_ids()) {
    require(evaluation->evaluated(id));
    if (graph.op(id) == gf::Op::Pow) require(std::isfinite(graph.param(id)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gf::ParsedExpression parsed = gf::parse_expression(text);
  if (parsed.ok())
    check_graph(text, parsed.graph);
  else
    check_error(parsed, size);
  return 0;
}
