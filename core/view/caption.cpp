// caption.cpp — see caption.hpp.
#include "caption.hpp"

#include <vector>

namespace gf {

namespace {

// Precedence of the text a node produces, so parentheses appear only where needed.
int precedence(Op op) {
  switch (op) {
    case Op::Add:
    case Op::Sub:
      return 1;
    case Op::Mul:
    case Op::Div:
      return 2;
    case Op::Neg:
      return 3;
    case Op::Pow:
      return 4;
    default:
      return 5;  // leaves and function calls
  }
}

// Gates written as operators (a+b, −a, a^2); every other gate is written as a call, max(a, b).
bool is_operator(Op op) {
  switch (op) {
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Neg:
    case Op::Pow:
      return true;
    default:
      return false;
  }
}

// The symbol between the two operands of +, −, · and ÷ (ASCII for the parser).
std::string binary_symbol(Op op, bool parseable) {
  if (parseable) return op == Op::Add ? "+" : op == Op::Sub ? "-" : op == Op::Mul ? "*" : "/";
  return op == Op::Mul ? "\u00b7" : std::string(op_info(op).symbol);
}

// Whether operand `pin` of the operator `op` needs parentheses around its text.
bool needs_parentheses(const Graph& graph, Op op, NodeId operand, int pin, bool parseable) {
  const bool named = operand != kNoNode && !graph.name(operand).empty() &&
                     (!parseable || is_leaf(graph.op(operand)));
  const int inner = (operand == kNoNode || named) ? 5 : precedence(graph.op(operand));
  const bool right_side = pin == 1;
  return inner < precedence(op) ||
         (right_side && inner == precedence(op) && (op == Op::Sub || op == Op::Div));
}

// A gate whose text is being written: the operand it writes next, and whether the operand just
// written still has a parenthesis to close.
struct PendingGate {
  NodeId id;
  int next_pin;
  bool parenthesis_open;
};

// Writes the text of `root` with a budget: gives up (returns false) as soon as it would exceed
// it, so a huge graph costs no more than max_length characters of work per call. A loop over an
// explicit stack, not recursion: a chain of a million gates is a million levels deep. Every
// gate on the stack writes at least one character of its own (a sign, a symbol, a name), so a
// stack deeper than max_length already means a text too long: the walk stops there, and visits
// O(max_length) nodes whatever the graph's size.
// `parseable`: the text is for the parser (ASCII, only inputs by name), not for people.
bool append_text(const Graph& graph, NodeId root, std::size_t max_length, std::string& out,
                 bool parseable = false) {
  std::vector<PendingGate> stack;
  // Writes a leaf's text, or the opening part of a gate's and pushes it; false to give up.
  auto begin_node = [&](NodeId id, bool is_root) {
    if (out.size() > max_length || stack.size() > max_length) return false;
    if (id == kNoNode) {
      out += "?";
      return true;
    }
    if (!is_root && !parseable && !graph.name(id).empty()) {
      out += graph.name(id);
      return true;
    }
    const Op op = graph.op(id);
    if (parseable && !is_leaf(op) && graph.wires_out(id) > 1) return false;
    if (op == Op::Input) {
      if (parseable && op_from_name(graph.name(id))) return false;  // the parser's function
      out += graph.name(id);
      return true;
    }
    if (op == Op::Const) {
      out += format_number(graph.param(id));
      return true;
    }
    if (op == Op::Neg)
      out += parseable ? "-" : "\u2212";
    else if (!is_operator(op))
      out += std::string(op == Op::Sigmoid && !parseable ? "\u03c3" : op_info(op).name) + "(";
    stack.push_back({id, 0, false});
    return true;
  };

  if (!begin_node(root, true)) return false;
  while (!stack.empty()) {
    PendingGate& gate = stack.back();
    const Op op = graph.op(gate.id);
    if (gate.parenthesis_open) {
      out += ")";
      gate.parenthesis_open = false;
    }
    if (out.size() > max_length) return false;
    if (gate.next_pin == arity(op)) {  // every operand written: the closing part
      if (op == Op::Pow)
        out += "^" + format_number(graph.param(gate.id));
      else if (!is_operator(op))
        out += ")";
      if (out.size() > max_length) return false;
      stack.pop_back();
      continue;
    }
    const int pin = gate.next_pin++;
    const NodeId operand = graph.input(gate.id, pin);
    if (is_operator(op)) {
      if (pin > 0) out += binary_symbol(op, parseable);
      if (needs_parentheses(graph, op, operand, pin, parseable)) {
        out += "(";
        gate.parenthesis_open = true;
      }
    } else {
      if (pin > 0) out += ", ";
      if (parseable && operand == kNoNode) return false;
    }
    if (!begin_node(operand, false)) return false;  // may push: `gate` is not used after this
  }
  return true;
}

}  // namespace

std::string subexpression_text(const Graph& graph, NodeId id, std::size_t max_length) {
  if (!graph.contains(id)) return "";
  std::string text;
  if (!append_text(graph, id, max_length, text) || text.size() > max_length) return "";
  return text;
}

std::string expression_text(const Graph& graph, std::size_t max_length) {
  if (!graph.contains(graph.output())) return "";
  std::string text;
  if (!append_text(graph, graph.output(), max_length, text, true) || text.size() > max_length)
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
