// The expression parser: numbers, precedence, the graph it builds, errors with exact columns,
// hostile input (deep nesting, huge flat sums, stray bytes), and DESIGN.md's worked examples.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eval.hpp"
#include "expr.hpp"

using namespace gf;

namespace {

// Short enough to print when a check fails (some test texts are 100,000 characters long).
std::string shown(std::string_view text) {
  return text.size() <= 80 ? std::string(text) : std::string(text.substr(0, 80)) + "...";
}

Graph parse_ok(std::string_view text) {
  ParsedExpression parsed = parse_expression(text);
  INFO("text: ", shown(text));
  INFO("error: ", parsed.error ? parsed.error->describe() : std::string("none"));
  REQUIRE(parsed.ok());
  REQUIRE(parsed.graph.contains(parsed.graph.output()));
  return std::move(parsed.graph);
}

ExpressionError parse_error(std::string_view text) {
  ParsedExpression parsed = parse_expression(text);
  INFO("text: ", shown(text));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.graph == Graph{});  // an error leaves nothing half-built
  return *parsed.error;
}

void check_error(std::string_view text, int column, const std::string& message) {
  ExpressionError error = parse_error(text);
  INFO("text: ", shown(text));
  CHECK(error.column == column);
  CHECK(error.message == message);
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

int count_op(const Graph& graph, Op op) {
  int count = 0;
  for (NodeId id : graph.node_ids()) count += graph.op(id) == op;
  return count;
}

std::vector<std::string> input_names(const Graph& graph) {
  std::vector<std::string> names;
  for (NodeId id : graph.input_nodes()) names.push_back(graph.name(id));
  return names;
}

using InputValues = std::initializer_list<std::pair<const char*, double>>;

struct Evaluated {
  Graph graph;
  Evaluation evaluation;
  double value() const { return evaluation.value[graph.output()]; }
  double grad(const char* name) const { return evaluation.grad[graph.find_name(name)]; }
};

// Parses, gives the named inputs their values, runs forward and backward.
Evaluated evaluate_text(std::string_view text, InputValues inputs = {}) {
  Evaluated result{parse_ok(text), {}};
  for (const auto& input : inputs) {
    const std::string name = input.first;
    NodeId id = result.graph.find_name(name);
    INFO("input ", name);
    REQUIRE(id != kNoNode);
    REQUIRE(result.graph.set_param(id, input.second));
  }
  Result<Evaluation> evaluation = evaluate(result.graph);
  INFO("text: ", shown(text), "; evaluation: ", evaluation.reason());
  REQUIRE(evaluation);
  result.evaluation = std::move(*evaluation);
  return result;
}

double value_of(std::string_view text, InputValues inputs = {}) {
  return evaluate_text(text, inputs).value();
}

// prefix + piece repeated (appended: "x" + std::string trips g++ 12's -Wrestrict).
std::string repeated(std::string_view piece, int times, std::string_view prefix = "") {
  std::string text(prefix);
  text.reserve(prefix.size() + piece.size() * times);
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

}  // namespace

// [SECTION] Numbers

TEST_CASE("expr: number literals in every form are one const node") {
  const std::pair<const char*, double> cases[] = {
      {"3", 3},
      {"2.5", 2.5},
      {".5", 0.5},
      {"1e-3", 1e-3},
      {"2.5E2", 250},
      {"5.", 5},
      {"1E+2", 100},
      {"007", 7},
      {"0.000", 0},
      {"1.5e308", 1.5e308},
      {"4.9e-324", 4.9e-324},
      {"123456789012", 123456789012.0},
  };
  for (const auto& [literal, value] : cases) {
    const std::string text = literal;  // named: CAPTURE cannot capture a structured binding
    CAPTURE(text);
    Graph graph = parse_ok(text);
    REQUIRE(graph.node_count() == 1);
    CHECK(graph.op(graph.output()) == Op::Const);
    CHECK(graph.param(graph.output()) == value);
  }
}

TEST_CASE("expr: malformed numbers are refused, naming the literal") {
  check_error("1e", 1, "'1e' is not a valid number: the exponent after 'e' has no digits");
  check_error("x + 1e+", 5, "'1e+' is not a valid number: the exponent after 'e' has no digits");
  check_error("1e-)", 1, "'1e-' is not a valid number: the exponent after 'e' has no digits");
  check_error("1.2.3", 1, "'1.2.3' is not a valid number");
  check_error("1..2", 1, "'1..2' is not a valid number");
  check_error("1e5.5", 1, "'1e5.5' is not a valid number");
  check_error("3 * 2x", 5, "'2x' is not a valid number: to multiply, write 2*x");
  check_error("2exp(x)", 1, "'2exp' is not a valid number: to multiply, write 2*exp");
  check_error("2" + std::string(40, 'v'), 1,
              "'2" + std::string(31, 'v') +
                  "...' is not a valid number: to multiply, put * "
                  "before the name");
  check_error("1e400", 1, "the number '1e400' is too large: it overflows to infinity");
  check_error("-1e999999999999999999", 2,
              "the number '1e999999999999999999' is too large: it overflows to infinity");
  check_error(
      "x*" + std::string(400, '9'), 3,
      "the number '" + std::string(32, '9') + "...' is too large: it overflows to infinity");
  check_error("1e-400", 1, "the number '1e-400' is too small: it would underflow to zero");
  check_error("0.0001e-400", 1,
              "the number '0.0001e-400' is too small: it would underflow to zero");
  CHECK(value_of("0e-99999") == 0);  // zero is exactly representable at any exponent
  // A lone point is not a number.
  check_error("x.y", 2, "unexpected character '.'");
}

// [SECTION] Precedence and associativity

TEST_CASE("expr: precedence and associativity, checked by evaluating") {
  CHECK(value_of("2^3^2") == 512);  // right-associative
  CHECK(value_of("(2^3)^2") == 64);
  CHECK(value_of("-2^2") == -4);  // ^ binds tighter than unary minus
  CHECK(value_of("(-2)^2") == 4);
  CHECK(value_of("-x^2", {{"x", 3}}) == -9);
  CHECK(value_of("8/4/2") == 1);  // left-associative
  CHECK(value_of("5-3-1") == 1);
  CHECK(value_of("12/3*2") == 8);
  CHECK(value_of("1-2+3") == 2);
  CHECK(value_of("2*3+4*5") == 26);
  CHECK(value_of("2+3*4") == 14);
  CHECK(value_of("(2+3)*4") == 20);
  CHECK(value_of("2*3^2") == 18);
  CHECK(value_of("2^2*3") == 12);
  CHECK(value_of("2^-1") == 0.5);  // the exponent may start with a sign
  CHECK(value_of("2^+3") == 8);
  CHECK(value_of("-2^-2") == -0.25);
  CHECK(value_of("2^-3^2") == doctest::Approx(std::pow(2.0, -9.0)));  // 2^(-(3^2))
  CHECK(value_of("2*-3") == -6);
  CHECK(value_of("2--3") == 5);
  CHECK(value_of("--3") == 3);
  CHECK(value_of("+3") == 3);
  CHECK(value_of("-+-3") == 3);
  CHECK(value_of("x-y-z", {{"x", 10}, {"y", 3}, {"z", 2}}) == 5);
  CHECK(value_of("x/y/z", {{"x", 12}, {"y", 3}, {"z", 2}}) == 2);
  CHECK(value_of("-x*y", {{"x", 2}, {"y", 5}}) == -10);
  CHECK(value_of("x^0.5", {{"x", 16}}) == 4);
  CHECK(value_of("max(2, 3) * min(2, 3)") == 6);
}

// [SECTION] The graph that is built

TEST_CASE("expr: (x+y)*z has three inputs in order of appearance, an add and a mul") {
  Graph graph = parse_ok("(x+y)*z");
  CHECK(graph.node_count() == 5);
  CHECK(input_names(graph) == std::vector<std::string>{"x", "y", "z"});
  CHECK(count_op(graph, Op::Add) == 1);
  CHECK(count_op(graph, Op::Mul) == 1);
  const NodeId mul = graph.output();
  CHECK(graph.op(mul) == Op::Mul);
  CHECK(graph.op(graph.input(mul, 0)) == Op::Add);
  CHECK(graph.input(mul, 1) == graph.find_name("z"));
  for (NodeId input : graph.input_nodes()) CHECK_FALSE(graph.has_value(input));
  CHECK_FALSE(evaluate(graph));  // inputs have no value yet

  Evaluated f = evaluate_text("(x+y)*z", {{"x", -2}, {"y", 5}, {"z", -4}});
  CHECK(f.value() == -12);
  CHECK(f.grad("x") == -4);
  CHECK(f.grad("y") == -4);
  CHECK(f.grad("z") == 3);
}

TEST_CASE("expr: input ids follow the first appearance of each variable") {
  Graph graph = parse_ok("b*a + c*b + a");
  CHECK(input_names(graph) == std::vector<std::string>{"b", "a", "c"});
}

TEST_CASE("expr: a variable used twice is one input node with fan-out, no copy gate") {
  Graph graph = parse_ok("x*x");
  CHECK(graph.node_count() == 2);
  CHECK(count_op(graph, Op::Copy) == 0);
  const NodeId x = graph.find_name("x");
  CHECK(graph.input(graph.output(), 0) == x);
  CHECK(graph.input(graph.output(), 1) == x);
  Evaluated square = evaluate_text("x*x", {{"x", 3}});
  CHECK(square.value() == 9);
  CHECK(square.grad("x") == 6);  // 2x: both wires' gradients add up in the one node

  Evaluated fan_out = evaluate_text("(x+y)*x", {{"x", 3}, {"y", -1}});  // DESIGN.md example 5
  CHECK(fan_out.value() == 6);
  CHECK(fan_out.grad("x") == 5);
  CHECK(fan_out.grad("y") == 3);
}

TEST_CASE("expr: a single variable or number is its own output") {
  Graph variable = parse_ok("x");
  CHECK(variable.node_count() == 1);
  CHECK(variable.op(variable.output()) == Op::Input);
  CHECK(variable.name(variable.output()) == "x");
  Graph number = parse_ok(" 4 ");
  CHECK(number.node_count() == 1);
  CHECK(number.param(number.output()) == 4);
  CHECK(parse_ok("+x").node_count() == 1);  // unary plus adds nothing
  CHECK(parse_ok("((x))").node_count() == 1);
}

TEST_CASE("expr: unary minus on a number literal is one constant, elsewhere a neg gate") {
  Graph literal = parse_ok("-2.5");
  REQUIRE(literal.node_count() == 1);
  CHECK(literal.op(literal.output()) == Op::Const);
  CHECK(literal.param(literal.output()) == -2.5);

  Graph scaled = parse_ok("x*-2");
  CHECK(scaled.node_count() == 3);
  CHECK(count_op(scaled, Op::Neg) == 0);

  Graph negated = parse_ok("-x");
  CHECK(negated.node_count() == 2);
  CHECK(negated.op(negated.output()) == Op::Neg);

  // Only a bare literal folds: parentheses and a second minus give a gate.
  Graph parenthesized = parse_ok("-(2)");
  CHECK(parenthesized.op(parenthesized.output()) == Op::Neg);
  Graph twice = parse_ok("--2");
  REQUIRE(twice.node_count() == 2);
  CHECK(twice.op(twice.output()) == Op::Neg);
  CHECK(twice.param(twice.input(twice.output(), 0)) == -2);
  CHECK(value_of("--2") == 2);
}

TEST_CASE("expr: 1/e is an inv gate, other divisions are div gates") {
  Graph sigmoid = parse_ok("1/(1+exp(-x))");
  CHECK(count_op(sigmoid, Op::Inv) == 1);
  CHECK(count_op(sigmoid, Op::Div) == 0);
  CHECK(sigmoid.op(sigmoid.output()) == Op::Inv);
  CHECK(sigmoid.node_count() == 6);  // const 1, x, neg, exp, add, inv: the 1 of "1/" is absorbed
  CHECK(value_of("1/(1+exp(-x))", {{"x", 0}}) == 0.5);

  Graph one_point_zero = parse_ok("1.0/x");
  CHECK(one_point_zero.op(one_point_zero.output()) == Op::Inv);
  Graph two_over = parse_ok("2/x");
  CHECK(two_over.op(two_over.output()) == Op::Div);
  Graph minus_one_over = parse_ok("-1/x");  // (-1)/x: the literal is -1, not 1
  CHECK(minus_one_over.op(minus_one_over.output()) == Op::Div);
  Graph chain = parse_ok("1/x/y");  // (1/x)/y
  CHECK(count_op(chain, Op::Inv) == 1);
  CHECK(count_op(chain, Op::Div) == 1);
  CHECK(value_of("1/x/y", {{"x", 4}, {"y", 2}}) == 0.125);
  CHECK(value_of("1/4") == 0.25);
}

TEST_CASE("expr: a^b is a pow gate whose exponent is computed and leaves no nodes") {
  Graph square = parse_ok("x^2");
  REQUIRE(square.node_count() == 2);
  CHECK(square.op(square.output()) == Op::Pow);
  CHECK(square.param(square.output()) == 2);

  Graph computed = parse_ok("x^(1+exp(0))");
  CHECK(computed.node_count() == 2);
  CHECK(computed.param(computed.output()) == 2);

  Graph constant_base = parse_ok("2^3^2");
  REQUIRE(constant_base.node_count() == 2);
  CHECK(constant_base.param(constant_base.output()) == 9);
  CHECK(constant_base.param(constant_base.input(constant_base.output(), 0)) == 2);

  Graph reciprocal = parse_ok("x^-1");
  CHECK(reciprocal.param(reciprocal.output()) == -1);
  Graph root = parse_ok("x^(1/2)");
  CHECK(root.param(root.output()) == 0.5);

  Graph function = parse_ok("pow(x, 3)");
  REQUIRE(function.node_count() == 2);
  CHECK(function.param(function.output()) == 3);
  CHECK(value_of("pow(x, 2^-1)", {{"x", 9}}) == 3);

  // The exponent is computed exactly as the graph would compute it, and nodes after it are fine.
  Evaluated after = evaluate_text("x^2 + y^2", {{"x", 3}, {"y", 4}});
  CHECK(after.value() == 25);
  CHECK(after.graph.node_count() == 5);
  CHECK(after.evaluation.unreached.empty());
  CHECK(after.grad("x") == 6);

  check_error("x^y", 3, "the exponent of '^' must be a constant number");
  check_error("x^(2*y)", 3, "the exponent of '^' must be a constant number");
  check_error("x^-y", 3, "the exponent of '^' must be a constant number");
  check_error("2^x^2", 3, "the exponent of '^' must be a constant number");
  check_error("pow(x, y)", 8, "the exponent of pow must be a constant number");
  check_error("x^(1/0)", 3, "the exponent of '^' must be a finite number, not inf");
  check_error("x^(0/0)", 3, "the exponent of '^' must be a finite number, not nan");
  check_error("x^log(0)", 3, "the exponent of '^' must be a finite number, not -inf");
}

// [SECTION] Functions

TEST_CASE("expr: every gate of the op table is a function with its arity") {
  const double x = 0.7, y = 1.9;
  for (const OpInfo& info : kOps) {
    if (info.arity == 0) continue;
    std::string name(info.name);
    std::string text = name + (info.op == Op::Pow ? "(x, 2)" : info.arity == 2 ? "(x, y)" : "(x)");
    CAPTURE(text);
    Evaluated call = info.arity == 2 ? evaluate_text(text, {{"x", x}, {"y", y}})
                                     : evaluate_text(text, {{"x", x}});
    CHECK(call.graph.op(call.graph.output()) == info.op);
    CHECK(count_op(call.graph, info.op) == 1);
    CHECK(call.value() == doctest::Approx(op_forward(info.op, x, y, 2)));  // not folded: libm
  }
  CHECK(value_of("max(x, y)", {{"x", 3}, {"y", -1}}) == 3);
  CHECK(value_of("relu(-2) + abs(-3) + sqrt(16) + neg(1)") == 6);
  CHECK(value_of("sigmoid(0) + tanh(0) + exp(0) + log(1)") == 1.5);
  CHECK(value_of("div(1, 4) + sub(1, 2) + mul(2, 3) + add(1, 1) + inv(4) + copy(1)") == 8.5);
}

TEST_CASE("expr: function calls with the wrong number of arguments") {
  check_error("max(x)", 1, "max takes 2 arguments, got 1");
  check_error("min(1, 2, 3)", 1, "min takes 2 arguments, got 3");
  check_error("exp(x, y)", 1, "exp takes 1 argument, got 2");
  check_error("2*sigmoid()", 3, "sigmoid takes 1 argument, got 0");
  check_error("pow(x)", 1, "pow takes 2 arguments, got 1");
  check_error("relu(1, 2, 3, 4, 5)", 1, "relu takes 1 argument, got 5");
}

TEST_CASE("expr: names that are not functions, and functions without a call") {
  check_error("foo(x)", 1, "unknown function 'foo'");
  check_error("x(y)", 1, "unknown function 'x'");
  check_error("2 + exp", 5, "'exp' is a function: expected '(' after it");
  check_error("max + 1", 1, "'max' is a function: expected '(' after it");
  check_error("input(x)", 1, "'input' is not a function");
  check_error("const(2)", 1, "'const' is not a function");
  check_error("const + 1", 1, "'const' is a reserved word and cannot name a variable");
  // Names that merely contain an op name are ordinary variables.
  CHECK(input_names(parse_ok("exp2 + maxi + _max + x_pow")) ==
        std::vector<std::string>{"exp2", "maxi", "_max", "x_pow"});
}

TEST_CASE("expr: variable names longer than 64 characters are refused at their column") {
  CHECK(parse_expression(std::string(64, 'a')).ok());
  ExpressionError error = parse_error("x + " + std::string(65, 'a'));
  CHECK(error.column == 5);
  CHECK(contains(error.message, "at most 64 characters"));
  Graph probe;  // the parser gives the Graph's own reason
  CHECK(error.message == probe.add_node(Op::Input, std::string(65, 'a')).reason());
}

// [SECTION] Errors

TEST_CASE("expr: error columns and messages are exact") {
  check_error("", 1, "expected an expression");
  check_error("   ", 4, "expected an expression");
  check_error("x +", 4, "expected an expression after '+'");
  check_error("2 * * 3", 5, "expected an expression after '*'");
  check_error("* x", 1, "expected an expression before '*'");
  check_error(")", 1, "expected an expression before ')'");
  check_error("()", 2, "expected an expression after '('");
  check_error("2 ^", 4, "expected an expression after '^'");
  check_error("-", 2, "expected an expression after '-'");
  check_error("(x + y", 7, "expected ')' to close the '(' at column 1");
  check_error("2*(x + (y", 10, "expected ')' to close the '(' at column 8");
  check_error("(x y)", 4, "expected ')' to close the '(' at column 1");
  check_error("x + y)", 6, "unexpected ')': there is no '(' to close");
  check_error("(x))", 4, "unexpected ')': there is no '(' to close");
  check_error("x y", 3, "expected an operator or the end after 'x'");
  check_error("2 3", 3, "expected an operator or the end after '2'");
  check_error("(x)(y)", 4, "expected an operator or the end after ')'");
  check_error("a, b", 2, "unexpected ',' outside the arguments of a function");
  check_error("max(1 2)", 7, "expected ',' or ')' in the call to max opened at column 4");
  check_error("max(1,", 7, "expected an expression after ','");
  check_error("max(1,)", 7, "expected an expression after ','");
  check_error("max(", 5, "expected an expression after '('");
  check_error("x + $", 5, "unexpected character '$'");
  check_error("sine(x)", 1, "unknown function 'sine'");
  check_error("x\n+\n*", 5, "expected an expression after '+'");  // columns count bytes
  check_error("\tx =  1", 4, "unexpected character '='");

  ExpressionError error = parse_error("x + y +");
  CHECK(error.describe() == "column 8: expected an expression after '+'");
}

TEST_CASE("expr: the first error wins and the graph stays empty") {
  check_error("x + $ + )", 5, "unexpected character '$'");
  check_error("1e + 2x", 1, "'1e' is not a valid number: the exponent after 'e' has no digits");
  check_error("max(x) + foo(y)", 1, "max takes 2 arguments, got 1");
  check_error("x^y + (", 3, "the exponent of '^' must be a constant number");
  // A long token is cut short in messages.
  ExpressionError error = parse_error(std::string(40, 'v') + " w");
  CHECK(error.message == "expected an operator or the end after '" + std::string(32, 'v') + "...'");
}

TEST_CASE("expr: unicode and other stray bytes are reported as whole characters") {
  check_error("x \xC3\x97 y", 3, "unexpected character '\xC3\x97' (U+00D7): write * to multiply");
  check_error("x \xE2\x88\x92 y", 3,
              "unexpected character '\xE2\x88\x92' (U+2212): write - to subtract or negate");
  check_error("\xC3\xA9", 1, "unexpected character '\xC3\xA9' (U+00E9)");
  check_error("x + \xF0\x9F\x98\x80", 5, "unexpected character '\xF0\x9F\x98\x80' (U+1F600)");
  check_error("\xE5\x8F\x98\xE9\x87\x8F", 1, "unexpected character '\xE5\x8F\x98' (U+53D8)");
  check_error("x\xB2", 2, "unexpected byte 0xB2 (not valid UTF-8)");  // Latin-1 ², not UTF-8
  check_error("x + \xFF", 5, "unexpected byte 0xFF (not valid UTF-8)");
  check_error("\xE2\x88", 1, "unexpected byte 0xE2 (not valid UTF-8)");      // truncated
  check_error("\xC0\xAF", 1, "unexpected byte 0xC0 (not valid UTF-8)");      // overlong '/'
  check_error("\xED\xA0\x80", 1, "unexpected byte 0xED (not valid UTF-8)");  // a surrogate
  check_error("x\x01", 2, "unexpected control character U+0001");
  check_error("x\x7F", 2, "unexpected control character U+007F");
}

TEST_CASE("expr: a NUL byte inside the text is an error at its column") {
  check_error(std::string_view("x+\0y", 4), 3, "unexpected control character U+0000");
  check_error(std::string_view("x\0", 2), 2, "unexpected control character U+0000");
  check_error(std::string_view("\0", 1), 1, "unexpected control character U+0000");
}

TEST_CASE("expr: whitespace is ignored") {
  CHECK(parse_ok(" \t( x\n+ y )\t* z\r\n") == parse_ok("(x+y)*z"));
  CHECK(parse_ok("max ( 1 ,\n x )") == parse_ok("max(1,x)"));
}

// [SECTION] Hostile input: depth and length

TEST_CASE("expr: deep nesting is refused at the level past the limit, never a crash") {
  const std::string too_deep = "expression is nested too deeply (more than " +
                               std::to_string(kMaxExpressionNesting) + " levels)";
  const int limit = kMaxExpressionNesting;

  // Exactly at the limit still parses.
  CHECK(value_of(std::string(limit, '(') + "x" + std::string(limit, ')'), {{"x", 2}}) == 2);
  CHECK(value_of(std::string(limit, '-') + "x", {{"x", 2}}) == 2);  // an even number of negs

  check_error(std::string(limit + 1, '(') + "x" + std::string(limit + 1, ')'), limit + 1, too_deep);
  check_error(std::string(100'000, '(') + "x" + std::string(100'000, ')'), limit + 1, too_deep);
  check_error(std::string(100'000, '('), limit + 1, too_deep);
  check_error(std::string(100'000, '-') + "x", limit + 1, too_deep);
  check_error(std::string(100'000, '+') + "1", limit + 1, too_deep);
  check_error(repeated("-(", 50'000) + "x", limit + 1, too_deep);
  check_error(repeated("exp(", 100'000) + "x", 4 * (limit + 1), too_deep);
  check_error(repeated("max(1,", 100'000), 6 * limit + 4, too_deep);
  check_error(repeated("^2", 100'000, "x"), 2 * (limit + 1), too_deep);
  check_error("x^" + repeated("(", 100'000), 2 + limit, too_deep);  // ^ is one level itself
}

TEST_CASE("expr: long flat sums and products are loops, not recursion") {
  constexpr int kTerms = 100'000;
  std::string sum = repeated("+x", kTerms - 1, "x");
  Evaluated xs = evaluate_text(sum, {{"x", 1.5}});
  CHECK(xs.graph.node_count() == kTerms);  // one input and kTerms-1 add gates
  CHECK(xs.graph.input_nodes().size() == 1);
  CHECK(xs.value() == 1.5 * kTerms);
  CHECK(xs.grad("x") == kTerms);

  std::string ones = repeated("+1", kTerms - 1, "1");
  Evaluated constants = evaluate_text(ones);
  CHECK(constants.graph.node_count() == 2 * kTerms - 1);
  CHECK(constants.value() == kTerms);

  // The other loops, shorter (the Debug + sanitizer build runs these too).
  constexpr int kShorter = 10'000;
  std::string differences = repeated("-1", kShorter - 1, "1");  // left-associative all the way
  CHECK(value_of(differences) == 1 - (kShorter - 1));

  std::string product = repeated("*x", kShorter - 1, "x");
  CHECK(value_of(product, {{"x", 1}}) == 1);

  std::string powers = repeated("x^2+", kShorter - 1) + "x^2";
  Evaluated squares = evaluate_text(powers, {{"x", 1}});
  CHECK(squares.graph.node_count() == 1 + kShorter + (kShorter - 1));  // x, the pows, the adds
  CHECK(squares.value() == kShorter);
}

// [SECTION] DESIGN.md's worked examples

TEST_CASE("expr: DESIGN.md's expressions parse and reproduce the documented numbers") {
  {  // 1
    Evaluated f = evaluate_text("(x+y)*z", {{"x", -2}, {"y", 5}, {"z", -4}});
    CHECK(f.value() == -12);
  }
  {  // 2: the sigmoid neuron with expanded gates
    Evaluated f = evaluate_text("1/(1+exp(-(w0*x0+w1*x1+w2)))",
                                {{"w0", 2}, {"x0", -1}, {"w1", -3}, {"x1", -2}, {"w2", -3}});
    CHECK(f.value() == doctest::Approx(0.7311).epsilon(1e-4));
    CHECK(f.grad("w0") == doctest::Approx(-0.1966).epsilon(1e-3));
    CHECK(f.grad("x0") == doctest::Approx(0.3932).epsilon(1e-3));
    CHECK(f.grad("w1") == doctest::Approx(-0.3932).epsilon(1e-3));
    CHECK(f.grad("x1") == doctest::Approx(-0.5898).epsilon(1e-3));
    CHECK(f.grad("w2") == doctest::Approx(0.1966).epsilon(1e-3));
    const NodeId inv = f.graph.output();
    REQUIRE(f.graph.op(inv) == Op::Inv);
    CHECK(f.evaluation.grad[f.graph.input(inv, 0)] == doctest::Approx(-0.5344).epsilon(1e-3));
    CHECK(f.evaluation.unreached.empty());
  }
  {  // 3: the same neuron through one sigmoid gate
    Evaluated f = evaluate_text("sigmoid(w0*x0+w1*x1+w2)",
                                {{"w0", 2}, {"x0", -1}, {"w1", -3}, {"x1", -2}, {"w2", -3}});
    CHECK(f.value() == doctest::Approx(0.7311).epsilon(1e-4));
    CHECK(f.grad("x1") == doctest::Approx(-0.5898).epsilon(1e-3));
  }
  {  // 4
    Evaluated f = evaluate_text("2*(x*y+max(z,w))", {{"x", 3}, {"y", -4}, {"z", 2}, {"w", -1}});
    CHECK(f.value() == -20);
    CHECK(f.grad("x") == -8);
    CHECK(f.grad("y") == 6);
    CHECK(f.grad("z") == 2);
    CHECK(f.grad("w") == 0);
  }
  {  // 5
    Evaluated f = evaluate_text("(x+y)*x", {{"x", 3}, {"y", -1}});
    CHECK(f.grad("x") == 5);
  }
  {  // 6
    Evaluated f = evaluate_text("(w*x+b-y)^2", {{"w", 0.5}, {"x", 2}, {"b", 1}, {"y", 3}});
    CHECK(f.value() == 1);
    CHECK(f.grad("w") == -4);
    CHECK(f.grad("b") == -2);
    CHECK(f.grad("x") == -1);
    CHECK(f.grad("y") == 2);
  }
  {  // 7: binary cross-entropy on a sigmoid unit
    Evaluated f = evaluate_text("-(t*log(sigmoid(w*x+b)) + (1-t)*log(1-sigmoid(w*x+b)))",
                                {{"w", 2}, {"x", 1}, {"b", -1}, {"t", 1}});
    CHECK(f.value() == doctest::Approx(0.3133).epsilon(1e-3));
    CHECK(f.grad("w") == doctest::Approx(-0.2689).epsilon(1e-3));
    CHECK(f.grad("b") == doctest::Approx(-0.2689).epsilon(1e-3));
  }
  {  // 8
    Evaluated on = evaluate_text("w2*max(0,w1*x)", {{"w1", 2}, {"x", 1.5}, {"w2", -1}});
    CHECK(on.value() == -3);
    CHECK(on.grad("w2") == 3);
    CHECK(on.grad("w1") == -1.5);
    CHECK(on.grad("x") == -2);
    Evaluated off = evaluate_text("w2*max(0,w1*x)", {{"w1", 2}, {"x", -1.5}, {"w2", -1}});
    CHECK(off.grad("w1") == 0);
    CHECK(off.grad("x") == 0);
  }
  {  // 9
    CHECK(evaluate_text("w*x", {{"w", 0.5}, {"x", 2}}).grad("w") == 2);
    CHECK(evaluate_text("w*x", {{"w", 0.5}, {"x", 2000}}).grad("w") == 2000);
  }
}
