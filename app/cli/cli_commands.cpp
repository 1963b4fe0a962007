// cli_commands.cpp — the subcommands of gradflow-cli (see cli_commands.hpp).
//
// Index
//   [SECTION] Loading the graph (--expr, --graph, --set)
//   [SECTION] Text and JSON helpers
//   [SECTION] eval
//   [SECTION] trace
//   [SECTION] check
//   [SECTION] convert (document, DOT)
//   [SECTION] ops, bench
#include "cli_commands.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <sstream>

#include "cli_bench.hpp"
#include "cli_json.hpp"
#include "eval.hpp"
#include "expr.hpp"
#include "gradcheck.hpp"
#include "history.hpp"
#include "json_memory.hpp"
#include "layout.hpp"
#include "matrix_eval.hpp"
#include "message_text.hpp"

namespace gf::cli {

// [SECTION] Loading the graph (--expr, --graph, --set) ----------------------------------------

Document load_source(const GraphSource& source, GateLocator* where) {
  Document document;
  if (!source.graph_file.empty()) {
    Result<Document> loaded = load_document_file(source.graph_file);
    if (!loaded) throw CliError(loaded.reason());
    document = std::move(*loaded);
  } else {
    ParsedExpression parsed = parse_expression(source.expression);
    if (!parsed.ok()) throw CliError("--expr: " + parsed.error->describe());
    document.graph = std::move(parsed.graph);
    document.title = source.expression;
    if (where)
      *where = [text = std::move(parsed.gate_text), column = std::move(parsed.gate_column)](
                   NodeId id) { return text[id] + " at column " + std::to_string(column[id]); };
  }
  if (Status status = apply_assignments(document.graph, source.assignments); !status)
    throw CliError(status.reason());
  adopt_obvious_output(document.graph);  // as the window does (history.hpp's output rule)
  return document;
}

std::uint64_t parse_seed(const std::string& option, const std::string& text) {
  Result<std::uint64_t> seed = parse_seed_text(option, text);
  if (!seed) throw CliError(seed.reason());
  return *seed;
}

// [SECTION] Text and JSON helpers ------------------------------------------------------------

namespace {

Json json_name(const Graph& graph, NodeId id) {
  return graph.name(id).empty() ? Json(nullptr) : Json(graph.name(id));
}

// How a node is called in text: its name; an unnamed output is "f" (as on the slides) when no
// node is named f; anything else n<id>.
std::string label(const Graph& graph, NodeId id) {
  if (!graph.name(id).empty()) return graph.name(id);
  if (id == graph.output() && graph.find_name("f") == kNoNode) return "f";
  return "n" + std::to_string(id);
}

// "q + z", "max(a, b)", "exp(n4)", "x^2" — a gate applied to the given argument texts.
std::string applied(const Graph& graph, NodeId id, const std::string& a, const std::string& b) {
  const OpInfo& info = op_info(graph.op(id));
  switch (graph.op(id)) {
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
      return a + " " + std::string(info.symbol) + " " + b;
    case Op::Neg:
      return "-" + a;
    case Op::Pow:
      return a + "^" + format_number(graph.param(id));
    default:
      break;
  }
  return std::string(info.name) + "(" + a + (info.arity == 2 ? ", " + b : "") + ")";
}

std::string input_label(const Graph& graph, NodeId id, int pin) {
  NodeId in = graph.input(id, pin);
  return in == kNoNode ? "?" : label(graph, in);
}

// Display width of UTF-8 text: one column per code point.
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - display_width(row[c]) + 2, ' ');
    }
    out << line << "\n";
  }
}

// trace and check step the scalar tape: a matrix value is refused by name, pointing at eval.
void refuse_matrices(const Graph& graph, const char* command) {
  if (graph.matrix_value_count() == 0) return;
  for (NodeId id : graph.node_ids())
    if (graph.matrix_value(id))
      throw CliError(std::string(command) +
                     " works on scalar values for now: " + graph.describe(id) + " holds a " +
                     shape_text(graph.value_shape(id)) + " matrix (eval evaluates matrix graphs)");
}

Evaluation evaluate_or_throw(const Graph& graph) {
  Result<Evaluation> evaluation = evaluate(graph);
  if (!evaluation) {
    std::string reason = evaluation.reason();
    if (reason.find("has no value") != std::string::npos)
      reason += " (give values with --set NAME=VALUE)";
    throw CliError(reason);
  }
  return std::move(*evaluation);
}

std::string unreached_note(const Graph& graph, const Evaluation& evaluation) {
  std::string ids;
  for (NodeId id : evaluation.unreached)
    ids += (ids.empty() ? "" : ", ") + label(graph, id) + " (node " + std::to_string(id) + ")";
  return ids.empty() ? "" : "not evaluated, they do not feed the output: " + ids;
}

}  // namespace

// [SECTION] eval -------------------------------------------------------------------------------

namespace {

void print_eval_json(const Graph& graph, const Evaluation& ev, std::ostream& out) {
  // A million nodes make a large JSON value: freed safely if memory runs out (json_memory.hpp).
  Json result, inputs = Json::array(), nodes = Json::array();
  const DismantledAtExit<Json> free_result(result), free_inputs(inputs), free_nodes(nodes);
  result["output"] = {{"id", ev.output}, {"value", json_number(ev.value[ev.output])}};
  for (NodeId id : graph.input_nodes()) {
    // An input that does not feed the output has gradient 0: the output does not change.
    const double grad = ev.evaluated(id) ? ev.grad[id] : 0.0;
    inputs.push_back({{"name", graph.name(id)},
                      {"value", json_number(graph.param(id))},
                      {"grad", json_number(grad)}});
  }
  result["inputs"] = std::move(inputs);
  for (NodeId id : graph.node_ids()) {
    Json wires = Json::array();
    for (int pin = 0; pin < arity(graph.op(id)); ++pin)
      wires.push_back(graph.input(id, pin) == kNoNode ? Json(nullptr) : Json(graph.input(id, pin)));
    const bool on_path = ev.evaluated(id);
    nodes.push_back({{"id", id},
                     {"op", op_info(graph.op(id)).name},
                     {"name", json_name(graph, id)},
                     {"inputs", wires},
                     {"value", on_path ? json_number(ev.value[id]) : Json(nullptr)},
                     {"grad", on_path ? json_number(ev.grad[id]) : Json(nullptr)}});
  }
  result["nodes"] = std::move(nodes);
  result["unreached"] = ev.unreached;
  out << result.dump() << "\n";
}

void print_eval_text(const Document& document, const Evaluation& ev, std::ostream& out) {
  const Graph& graph = document.graph;
  if (!document.title.empty()) out << terminal_text(document.title) << "\n";
  out << "output " << label(graph, ev.output) << " (node " << ev.output
      << ") = " << format_number(ev.value[ev.output]) << "\n\n";
  std::vector<std::vector<std::string>> inputs{
      {"input", "value", "gradient ∂" + label(graph, ev.output) + "/∂input"}};
  for (NodeId id : graph.input_nodes())
    inputs.push_back({graph.name(id), format_number(graph.param(id)),
                      format_number(ev.evaluated(id) ? ev.grad[id] : 0.0)});
  print_table(out, inputs);
  out << "\n";
  std::vector<std::vector<std::string>> nodes{
      {"id", "op", "name", "computes", "value", "gradient"}};
  for (NodeId id : ev.order) {
    const bool gate = !is_leaf(graph.op(id));
    nodes.push_back(
        {std::to_string(id), std::string(op_info(graph.op(id)).name), graph.name(id),
         gate ? applied(graph, id, input_label(graph, id, 0), input_label(graph, id, 1)) : "",
         format_number(ev.value[id]), format_number(ev.grad[id])});
  }
  print_table(out, nodes);
  if (std::string note = unreached_note(graph, ev); !note.empty())
    out << "\nnote: " << note << "\n";
}

// [SECTION] eval of matrix values

// A value as JSON: a number when 1×1 (as for scalar graphs), else nested row arrays.
Json json_matrix(std::span<const double> data, Shape shape) {
  if (shape.is_scalar()) return json_number(data[0]);
  Json rows = Json::array();
  for (std::int32_t r = 0; r < shape.rows; ++r) {
    Json row = Json::array();
    for (std::int32_t c = 0; c < shape.cols; ++c)
      row.push_back(json_number(data[r * shape.cols + c]));
    rows.push_back(std::move(row));
  }
  return rows;
}

// "[[1, 2], [3, 4]]", or the shape and first entries of a value too big to read in a terminal.
std::string matrix_text(std::span<const double> data, Shape shape) {
  if (shape.is_scalar()) return format_number(data[0]);
  constexpr std::int32_t kShown = 8;
  std::string text = shape.rows > 1 ? "[" : "";
  for (std::int32_t r = 0; r < std::min(shape.rows, kShown); ++r) {
    text += r ? ", [" : "[";
    for (std::int32_t c = 0; c < std::min(shape.cols, kShown); ++c)
      text += (c ? ", " : "") + format_number(data[r * shape.cols + c]);
    text += shape.cols > kShown ? ", ...]" : "]";
  }
  text += shape.rows > kShown ? ", ...]" : shape.rows > 1 ? "]" : "";
  return text;
}

Json matrix_entry(const MatrixEvaluation& ev, NodeId id) {
  return {{"shape", {ev.shape[id].rows, ev.shape[id].cols}},
          {"value", json_matrix(ev.value_of(id), ev.shape[id])},
          {"grad", json_matrix(ev.grad_of(id), ev.shape[id])}};
}

void print_matrix_eval_json(const Graph& graph, const MatrixEvaluation& ev, std::ostream& out) {
  Json result, inputs = Json::array(), nodes = Json::array();
  const DismantledAtExit<Json> free_result(result), free_inputs(inputs), free_nodes(nodes);
  result["output"] = matrix_entry(ev, ev.output);
  result["output"]["id"] = ev.output;
  for (NodeId id : graph.input_nodes()) {
    if (!ev.evaluated(id)) {  // does not feed the output: gradient 0
      const Matrix* m = graph.matrix_value(id);
      const Matrix value = m ? *m : scalar_matrix(graph.param(id));
      inputs.push_back(
          {{"name", graph.name(id)},
           {"shape", {value.shape.rows, value.shape.cols}},
           {"value", json_matrix(value.data, value.shape)},
           {"grad", json_matrix(std::vector<double>(value.data.size(), 0.0), value.shape)}});
      continue;
    }
    Json entry = matrix_entry(ev, id);
    entry["name"] = graph.name(id);
    inputs.push_back(std::move(entry));
  }
  result["inputs"] = std::move(inputs);
  for (NodeId id : ev.order) {
    Json entry = matrix_entry(ev, id), wires = Json::array();
    for (int pin = 0; pin < arity(graph.op(id)); ++pin) wires.push_back(graph.input(id, pin));
    entry["id"] = id;
    entry["op"] = op_info(graph.op(id)).name;
    entry["name"] = json_name(graph, id);
    entry["inputs"] = std::move(wires);
    nodes.push_back(std::move(entry));
  }
  result["nodes"] = std::move(nodes);
  result["unreached"] = ev.unreached;
  out << result.dump() << "\n";
}

void print_matrix_eval_text(const Document& document, const MatrixEvaluation& ev,
                            std::ostream& out) {
  const Graph& graph = document.graph;
  if (!document.title.empty()) out << terminal_text(document.title) << "\n";
  const NodeId o = ev.output;
  out << "output " << label(graph, o) << " (node " << o << ", " << shape_text(ev.shape[o])
      << ") = " << matrix_text(ev.value_of(o), ev.shape[o]) << "\n\n";
  std::vector<std::vector<std::string>> nodes{
      {"id", "op", "name", "shape", "computes", "value", "gradient"}};
  for (NodeId id : ev.order) {
    const bool gate = !is_leaf(graph.op(id));
    nodes.push_back(
        {std::to_string(id), std::string(op_info(graph.op(id)).name), graph.name(id),
         shape_text(ev.shape[id]),
         gate ? applied(graph, id, input_label(graph, id, 0), input_label(graph, id, 1)) : "",
         matrix_text(ev.value_of(id), ev.shape[id]), matrix_text(ev.grad_of(id), ev.shape[id])});
  }
  print_table(out, nodes);
}

int run_matrix_eval(const Document& document, const GateLocator& where,
                    const OutputOptions& options, std::ostream& out) {
  MatrixEvalOptions eval_options;
  eval_options.where = where;
  Result<MatrixEvaluation> ev = evaluate_matrix(document.graph, eval_options);
  if (!ev) {
    std::string reason = ev.reason();
    if (reason.find("has no value") != std::string::npos)
      reason += " (give values with --set NAME=VALUE)";
    throw CliError(reason);
  }
  if (options.json)
    print_matrix_eval_json(document.graph, *ev, out);
  else
    print_matrix_eval_text(document, *ev, out);
  return 0;
}

}  // namespace

int run_eval(const GraphSource& source, const OutputOptions& options, std::ostream& out) {
  GateLocator where;
  const Document document = load_source(source, &where);
  if (document.graph.matrix_value_count() > 0)
    return run_matrix_eval(document, where, options, out);
  const Evaluation ev = evaluate_or_throw(document.graph);
  if (options.json)
    print_eval_json(document.graph, ev, out);
  else
    print_eval_text(document, ev, out);
  return 0;
}

// [SECTION] trace ------------------------------------------------------------------------------

namespace {

void print_trace_json(const Graph& graph, const Evaluation& ev, const Trace& trace,
                      std::ostream& out) {
  const int forward_count = static_cast<int>(trace.forward.size());
  const int backward_count = static_cast<int>(trace.backward.size());
  Json result, steps = Json::array();  // freed safely if memory runs out (json_memory.hpp)
  const DismantledAtExit<Json> free_result(result), free_steps(steps);
  int index = 0;
  for (const ForwardStep& step : trace.forward) {
    Json inputs = Json::array(), values = Json::array();
    for (int pin = 0; pin < arity(graph.op(step.node)); ++pin) {
      inputs.push_back(graph.input(step.node, pin));
      values.push_back(json_number(step.input_values[pin]));
    }
    steps.push_back({{"step", ++index},
                     {"phase", "forward"},
                     {"node", step.node},
                     {"op", op_info(graph.op(step.node)).name},
                     {"name", json_name(graph, step.node)},
                     {"inputs", inputs},
                     {"input_values", values},
                     {"value", json_number(step.value)}});
  }
  for (const BackwardStep& step : trace.backward) {
    Json contributions = Json::array();
    for (int pin = 0; pin < step.input_count; ++pin) {
      const GradContribution& c = step.to_inputs[pin];
      contributions.push_back({{"node", c.input},
                               {"local", json_number(c.local_grad)},
                               {"downstream", json_number(c.downstream_grad)},
                               {"total", json_number(c.total_after)}});
    }
    steps.push_back({{"step", ++index},
                     {"phase", "backward"},
                     {"node", step.node},
                     {"op", op_info(graph.op(step.node)).name},
                     {"name", json_name(graph, step.node)},
                     {"pattern", pattern_name(op_info(graph.op(step.node)).pattern)},
                     {"upstream", json_number(step.upstream_grad)},
                     {"inputs", contributions}});
  }
  result["output"] = ev.output;
  result["forward_steps"] = forward_count;
  result["backward_steps"] = backward_count;
  result["steps"] = std::move(steps);
  out << result.dump() << "\n";
}

void print_trace_text(const Document& document, const Evaluation& ev, const Trace& trace,
                      std::ostream& out) {
  const Graph& graph = document.graph;
  const int forward_count = static_cast<int>(trace.forward.size());
  const int backward_count = static_cast<int>(trace.backward.size());
  if (!document.title.empty()) out << terminal_text(document.title) << "\n";
  const std::string output = label(graph, ev.output);
  for (int i = 0; i < forward_count; ++i) {
    const ForwardStep& step = trace.forward[i];
    out << "forward " << i + 1 << "/" << forward_count << "   " << label(graph, step.node) << " = "
        << applied(graph, step.node, input_label(graph, step.node, 0),
                   input_label(graph, step.node, 1))
        << " = "
        << applied(graph, step.node, format_number(step.input_values[0]),
                   format_number(step.input_values[1]))
        << " = " << format_number(step.value) << "\n";
  }
  for (int i = 0; i < backward_count; ++i) {
    const BackwardStep& step = trace.backward[i];
    const OpInfo& info = op_info(graph.op(step.node));
    out << "backward " << i + 1 << "/" << backward_count << "  at " << label(graph, step.node)
        << " = "
        << applied(graph, step.node, input_label(graph, step.node, 0),
                   input_label(graph, step.node, 1))
        << ": upstream ∂" << output << "/∂" << label(graph, step.node) << " = "
        << format_number(step.upstream_grad) << "   [" << pattern_name(info.pattern) << "]\n";
    for (int pin = 0; pin < step.input_count; ++pin) {
      const GradContribution& c = step.to_inputs[pin];
      const std::string input = label(graph, c.input);
      out << "    to " << input << ": upstream " << format_number(step.upstream_grad) << " × local "
          << format_number(c.local_grad) << " (rule: " << info.local_formula[pin]
          << ") = " << format_number(c.downstream_grad);
      if (c.downstream_grad == 0 && !std::isfinite(step.upstream_grad * c.local_grad))
        out << " (blocked: a zero passes nothing, even against inf or NaN)";
      if (c.total_after != c.downstream_grad)
        out << "   ∂" << output << "/∂" << input << " += → " << format_number(c.total_after);
      out << "\n";
    }
  }
}

}  // namespace

int run_trace(const GraphSource& source, const OutputOptions& options, std::ostream& out) {
  const Document document = load_source(source);
  refuse_matrices(document.graph, "trace");
  const Evaluation ev = evaluate_or_throw(document.graph);
  const Trace trace = make_trace(document.graph, ev);
  if (options.json)
    print_trace_json(document.graph, ev, trace, out);
  else
    print_trace_text(document, ev, trace, out);
  return 0;
}

// [SECTION] check ------------------------------------------------------------------------------

int run_check(const GraphSource& source, const OutputOptions& options, double step,
              double tolerance, std::ostream& out) {
  if (!(step > 0) || !std::isfinite(step)) throw CliError("--step must be a positive number");
  if (!(tolerance >= 0) || !std::isfinite(tolerance))
    throw CliError("--tolerance must be a non-negative number");
  const Document document = load_source(source);
  refuse_matrices(document.graph, "check");
  GradCheckOptions check_options;
  check_options.step = step;
  check_options.tolerance = tolerance;
  Result<GradCheckReport> report = check_gradients(document.graph, check_options);
  if (!report) throw CliError(report.reason());
  const int status = report->passed() ? 0 : 1;  // a disagreement or an undefined gradient

  if (options.json) {
    Json entries = Json::array();
    for (const GradCheckEntry& e : report->entries)
      entries.push_back({{"name", e.name},
                         {"value", json_number(e.value)},
                         {"analytic", json_number(e.analytic)},
                         {"numeric", json_number(e.numeric)},
                         {"error", json_number(e.error)},
                         {"status", status_name(e.status)}});
    Json result;
    result["passed"] = report->passed();
    result["verdict"] = report->verdict();
    result["step"] = step;
    result["tolerance"] = tolerance;
    result["inputs"] = entries;
    out << result.dump() << "\n";
    return status;
  }

  std::vector<std::vector<std::string>> rows{
      {"input", "value", "analytic", "numeric", "error", "status"}};
  for (const GradCheckEntry& e : report->entries)
    rows.push_back({e.name, format_number(e.value), format_number(e.analytic),
                    format_number(e.numeric), format_display(e.error, 2),
                    std::string(status_name(e.status))});
  print_table(out, rows);
  out << "\n"
      << report->verdict()
      << "\n(central differences at h and h/2, extrapolated; h = " << format_number(step)
      << "·max(1,|x|); tolerance " << format_number(tolerance)
      << " on the relative error beyond rounding)\n";
  return status;
}

// [SECTION] convert (document, DOT) -----------------------------------------------------------

namespace {

// Graphviz, left to right, values in green above each wire and gradients in red below it, as on
// the CS231n slides.
void write_dot(const Document& document, const Evaluation* ev, std::ostream& out) {
  const Graph& graph = document.graph;
  out << "digraph gradflow {\n  rankdir=LR;\n  node [fontname=\"DejaVu Sans\"];\n"
      << "  edge [fontname=\"DejaVu Sans\", arrowsize=0.7];\n";
  if (!document.title.empty())
    out << "  labelloc=t;\n  label=<" << xml_escape(terminal_text(document.title)) << ">;\n";
  for (NodeId id : graph.node_ids()) {
    const OpInfo& info = op_info(graph.op(id));
    std::string text;
    std::string shape = "circle";
    if (graph.op(id) == Op::Input) {
      text = graph.name(id);
      shape = "plaintext";
    } else if (graph.op(id) == Op::Const) {
      text = format_significant(graph.param(id));
      shape = "plaintext";
    } else if (graph.op(id) == Op::Pow) {
      text = "^" + format_number(graph.param(id));
    } else {
      text = std::string(info.symbol);
    }
    if (text.size() > 3 && shape == "circle") shape = "box";
    out << "  n" << id << " [label=<" << xml_escape(text) << ">, shape=" << shape
        << (shape == "box" ? ", style=rounded" : "") << "];\n";
  }
  auto wire_label = [&](NodeId from) {
    if (ev == nullptr || !ev->evaluated(from)) return std::string();
    return ", label=<<font color=\"#1a7f37\">" + format_significant(ev->value[from]) +
           "</font><br/><font color=\"#cf222e\">" + format_significant(ev->grad[from]) + "</font>>";
  };
  for (NodeId id : graph.node_ids())
    for (int pin = 0; pin < arity(graph.op(id)); ++pin)
      if (NodeId from = graph.input(id, pin); from != kNoNode)
        out << "  n" << from << " -> n" << id << " [headlabel=\"" << pin << "\", labelfontsize=8"
            << wire_label(from) << "];\n";
  if (graph.output() != kNoNode)
    out << "  output [shape=point];\n  n" << graph.output() << " -> output [arrowhead=none"
        << wire_label(graph.output()) << "];\n";
  out << "}\n";
}

}  // namespace

int run_convert(const GraphSource& source, const std::string& out_file, bool dot,
                std::ostream& out) {
  if (dot == !out_file.empty()) throw CliError("convert needs exactly one of --out FILE or --dot");
  Document document = load_source(source);
  if (dot) {
    Result<Evaluation> ev = evaluate(document.graph);  // numbers on the wires when it can
    write_dot(document, ev ? &*ev : nullptr, out);
    return 0;
  }
  if (!every_node_placed(document.graph)) auto_layout(document.graph);
  if (Status saved = save_document_file(document, out_file); !saved) throw CliError(saved.reason());
  return 0;
}

// [SECTION] ops, bench -------------------------------------------------------------------------

int run_ops(const OutputOptions& options, std::ostream& out) {
  if (options.json) {
    Json ops = Json::array();
    for (const OpInfo& info : kOps)
      ops.push_back({{"name", info.name},
                     {"symbol", info.symbol},
                     {"arity", info.arity},
                     {"param", info.param_name.empty() ? Json(nullptr) : Json(info.param_name)},
                     {"formula", info.formula},
                     {"local_gradients",
                      Json(std::vector<std::string>(info.local_formula.begin(),
                                                    info.local_formula.begin() + info.arity))},
                     {"pattern", pattern_name(info.pattern)},
                     {"note", info.pattern_note}});
    out << Json{{"ops", ops}, {"kink_rules", kKinkRules}}.dump() << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows{
      {"name", "symbol", "arity", "computes", "local gradients", "pattern"}};
  for (const OpInfo& info : kOps) {
    std::string locals;
    for (int pin = 0; pin < info.arity; ++pin)
      locals += (pin ? ", " : "") + std::string(info.local_formula[pin]);
    rows.push_back({std::string(info.name), std::string(info.symbol), std::to_string(info.arity),
                    std::string(info.formula), locals, std::string(pattern_name(info.pattern))});
  }
  print_table(out, rows);
  out << "\nnon-smooth points: " << kKinkRules << "\n";
  return 0;
}

int run_bench_eval(long long nodes, int runs, std::uint64_t seed, const OutputOptions& options,
                   std::ostream& out) {
  Result<EvalBenchResult> result = bench_eval(nodes, runs, seed);
  if (!result) throw CliError(result.reason());
  if (options.json) {
    out << Json{{"nodes", result->nodes},
                {"forward_ns_per_node", result->forward_ns_per_node},
                {"backward_ns_per_node", result->backward_ns_per_node},
                {"runs", runs}}
               .dump()
        << "\n";
    return 0;
  }
  char line[200];
  std::snprintf(line, sizeof line,
                "%lld nodes: forward %.2f ns/node, backward %.2f ns/node, total %.2f ns/node "
                "(median of %d runs)\n",
                static_cast<long long>(result->nodes), result->forward_ns_per_node,
                result->backward_ns_per_node,
                result->forward_ns_per_node + result->backward_ns_per_node, runs);
  out << line;
  return 0;
}

}  // namespace gf::cli
