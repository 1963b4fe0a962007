// caption.cpp — see caption.hpp.
#include "caption.hpp"

namespace gf {

namespace {

// Precedence of the text a node produces, so parentheses appear only where needed.
int precedence(Op op) {
  switch (op) {
    case Op::Add: case Op::Sub: return 1;
    case Op::Mul: case Op::Div: return 2;
    case Op::Neg: return 3;
    case Op::Pow: return 4;
    default: return 5;  // leaves and function calls
  }
}

// Builds the text with a budget: gives up (returns false) as soon as it would exceed it, so a
// huge graph costs no more than max_length characters of work per call.
// `parseable`: the text is for the parser (ASCII, only inputs by name), not for people.
bool append_text(const Graph& graph, NodeId id, bool is_root, std::size_t max_length,
                 std::string& out, bool parseable = false) {
  if (out.size() > max_length) return false;
  if (id == kNoNode) {
    out += "?";
    return true;
  }
  if (!is_root && !parseable && !graph.name(id).empty()) {
    out += graph.name(id);
    return true;
  }
  if (parseable && !is_leaf(graph.op(id)) && graph.wires_out(id) > 1) return false;
  const Op op = graph.op(id);
  const OpInfo& info = op_info(op);
  if (op == Op::Input) {
    out += graph.name(id);
    return true;
  }
  if (op == Op::Const) {
    out += format_number(graph.param(id));
    return true;
  }
  auto operand = [&](int pin, bool right_side) {
    NodeId in = graph.input(id, pin);
    const bool named = in != kNoNode && !graph.name(in).empty() &&
                       (!parseable || is_leaf(graph.op(in)));
    const int inner = (in == kNoNode || named) ? 5 : precedence(graph.op(in));
    const bool parens = inner < precedence(op) || (right_side && inner == precedence(op) &&
                                                   (op == Op::Sub || op == Op::Div));
    if (parens) out += "(";
    if (!append_text(graph, in, false, max_length, out, parseable)) return false;
    if (parens) out += ")";
    return out.size() <= max_length;
  };
  switch (op) {
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div:
      if (!operand(0, false)) return false;
      if (parseable)
        out += op == Op::Add ? "+" : op == Op::Sub ? "-" : op == Op::Mul ? "*" : "/";
      else
        out += op == Op::Mul ? "\u00b7" : std::string(info.symbol);
      return operand(1, true);
    case Op::Neg:
      out += parseable ? "-" : "\u2212";
      return operand(0, false);
    case Op::Pow:
      if (!operand(0, false)) return false;
      out += "^" + format_number(graph.param(id));
      return out.size() <= max_length;
    default:
      break;
  }
  out += std::string(op == Op::Sigmoid && !parseable ? "\u03c3" : info.name) + "(";
  for (int pin = 0; pin < info.arity; ++pin) {
    if (pin) out += ", ";
    if (parseable && graph.input(id, pin) == kNoNode) return false;
    if (!append_text(graph, graph.input(id, pin), false, max_length, out, parseable)) return false;
  }
  out += ")";
  return out.size() <= max_length;
}

}  // namespace

std::string subexpression_text(const Graph& graph, NodeId id, std::size_t max_length) {
  if (!graph.contains(id)) return "";
  std::string text;
  if (!append_text(graph, id, true, max_length, text) || text.size() > max_length) return "";
  return text;
}

std::string expression_text(const Graph& graph, std::size_t max_length) {
  if (!graph.contains(graph.output())) return "";
  std::string text;
  if (!append_text(graph, graph.output(), true, max_length, text, true) || text.size() > max_length)
    return "";
  if (text.find('?') != std::string::npos) return "";  // an unconnected pin
  return text;
}

std::string node_caption(const Graph& graph, NodeId id) {
  if (!graph.contains(id)) return "?";
  if (!graph.name(id).empty()) return graph.name(id);
  if (id == graph.output() && graph.find_name("f") == kNoNode) return "f";
  if (std::string text = subexpression_text(graph, id); !text.empty()) return text;
  return std::string(op_info(graph.op(id)).symbol) + "#" + std::to_string(id);
}

}  // namespace gf
