// expr.hpp — expression text -> computation graph, e.g. "(x+y)*z" or "1/(1+exp(-(w*x+b)))".
//
// The language
//   numbers      3  2.5  .5  1e-3  2.5E2         identifiers  [A-Za-z_][A-Za-z0-9_]*
//   matrices     [1, -2, 3] (a 1×3 row)  [[2, 1, 3], [-3, 4, 2]] (2×3): constants (matrix.hpp);
//                ragged, empty and non-finite literals are refused with the column
//   operators    + - * / @ ^  with the usual precedence:  + -  <  * / @  <  unary - +  <  ^;
//                @ is the matrix product, * / elementwise (matrix_eval.hpp)
//                ^ is right-associative and binds tighter than unary minus (-x^2 is -(x^2));
//                the others are left-associative; the exponent may start with a sign (2^-1).
//   functions    every gate of the op table by its name and arity: max(a,b), sigmoid(x), ...;
//                pow(x, p) takes a constant exponent p, like x^p; T(x) is transpose(x) (and
//                T alone stays a usable variable name). A gate's name is a function
//                here and nothing else: "2 + exp" is refused ("expected '(' after it"), since
//                the one place a name and a call share the text is an expression. Documents
//                may still name a node "exp" (graph.hpp, is_valid_name).
//   whitespace   spaces, tabs and newlines are ignored.
//
// The graph it builds (what a class sees drawn)
//   - each variable is ONE input node, created at its first appearance (so input ids follow the
//     text); using it again wires the same node again (fan-out, no copy gate);
//   - every number literal is its own const node; "-2.5" is one const, not neg(2.5);
//   - + - * / are add/sub/mul/div gates, unary minus a neg gate, and 1/e an inv gate (the "1/x"
//     gate of the CS231n sigmoid circuit);
//   - a^b is a pow gate on a whose exponent parameter is b, which must be constant (no
//     variables): it is computed while parsing and leaves no nodes behind;
//   - the output is the root; inputs have no value yet.
//
// Errors name what was expected and the 1-based column (byte offset + 1) where the problem is.
// The first error wins and the graph is then empty. Nesting deeper than 256 levels is refused
// rather than risking the stack; long flat sums and products are loops, not recursion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph.hpp"

namespace gf {

struct ExpressionError {
  std::string message;  // what was expected or is wrong, without the column
  int column = 0;       // 1-based column (byte offset + 1) in the text where the problem is
  std::string describe() const;  // "column 7: expected an expression after '+'"
};

struct ParsedExpression {
  Graph graph;                           // output set; inputs have no value yet
  std::optional<ExpressionError> error;  // set when the text does not parse; graph is then empty
  bool ok() const { return !error; }
  // By node id: each gate's operator or function name as written ("@", "*", "T") and its
  // column, so that a shape error names them: "@ at column 7" (matrix_eval.hpp's GateLocator).
  std::vector<std::string> gate_text;
  std::vector<int> gate_column;
  std::string locate(NodeId id) const {
    return gate_text[id] + " at column " + std::to_string(gate_column[id]);
  }
};

ParsedExpression parse_expression(std::string_view text);

// Parsing refuses expressions nested deeper than this (parentheses, calls, signs, exponents).
inline constexpr int kMaxExpressionNesting = 256;

}  // namespace gf
