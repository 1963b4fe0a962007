// Graph edits, evaluation and the trace, on graphs built through the edit API.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "eval.hpp"
#include "expr.hpp"
#include "graph.hpp"

using namespace gf;

namespace {
NodeId add_input(Graph& g, const char* name, double value) {
  return *g.add_node(Op::Input, name, value, true);
}
NodeId add_gate(Graph& g, Op op, NodeId a, NodeId b = kNoNode) {
  NodeId id = *g.add_node(op);
  REQUIRE(g.connect(a, id, 0));
  if (b != kNoNode) REQUIRE(g.connect(b, id, 1));
  return id;
}
// f = (x+y)*z at x=-2, y=5, z=-4 (DESIGN.md example 1), built through the edit API.
struct Example1 {
  Graph g;
  NodeId x = add_input(g, "x", -2), y = add_input(g, "y", 5), z = add_input(g, "z", -4);
  NodeId q = add_gate(g, Op::Add, x, y);
  NodeId f = add_gate(g, Op::Mul, q, z);
  Example1() { REQUIRE(g.set_output(f)); }
};
}  // namespace

TEST_CASE("f = (x+y)*z: values, gradients and the trace of DESIGN.md example 1") {
  Example1 example;
  auto& [g, x, y, z, q, f] = example;
  auto ev = evaluate(g);
  REQUIRE(ev);
  CHECK(ev->value[q] == 3);
  CHECK(ev->value[f] == -12);
  CHECK(ev->grad[x] == -4);
  CHECK(ev->grad[y] == -4);
  CHECK(ev->grad[z] == 3);
  CHECK(ev->grad[q] == -4);
  CHECK(ev->grad[f] == 1);

  Trace trace = make_trace(g, *ev);
  REQUIRE(trace.forward.size() == 2);
  REQUIRE(trace.backward.size() == 2);
  CHECK(trace.forward[0].node == q);
  CHECK(trace.forward[1].node == f);
  const BackwardStep& mul = trace.backward[0];
  CHECK(mul.node == f);
  CHECK(mul.upstream_grad == 1);
  CHECK(mul.to_inputs[0].local_grad == -4);  // d(q*z)/dq = z
  CHECK(mul.to_inputs[1].local_grad == 3);   // d(q*z)/dz = q
  const BackwardStep& add = trace.backward[1];
  CHECK(add.upstream_grad == -4);
  CHECK(add.to_inputs[0].downstream_grad == -4);
  CHECK(add.to_inputs[1].total_after == -4);
}

TEST_CASE("fan-out: gradients accumulate and the trace shows the running sum") {
  Graph g;  // f = (x + y) * x through one copy gate (DESIGN.md example 5)
  NodeId x = add_input(g, "x", 3), y = add_input(g, "y", -1);
  NodeId c = add_gate(g, Op::Copy, x);
  NodeId q = add_gate(g, Op::Add, c, y);
  NodeId f = add_gate(g, Op::Mul, q, c);
  REQUIRE(g.set_output(f));
  auto ev = evaluate(g);
  REQUIRE(ev);
  CHECK(ev->value[f] == 6);
  CHECK(ev->grad[x] == 5);
  CHECK(ev->grad[y] == 3);
  Trace trace = make_trace(g, *ev);
  // Into the copy gate: 2 via × first, then 3 via + (running total 5).
  std::vector<double> totals;
  for (const BackwardStep& step : trace.backward)
    for (int i = 0; i < step.input_count; ++i)
      if (step.to_inputs[i].input == c) totals.push_back(step.to_inputs[i].total_after);
  REQUIRE(totals.size() == 2);
  CHECK(totals[0] == 2);
  CHECK(totals[1] == 5);
}

TEST_CASE("edits refuse with a reason and change nothing") {
  Graph g;
  NodeId x = add_input(g, "x", 1);
  NodeId a = *g.add_node(Op::Add);
  NodeId b = *g.add_node(Op::Neg);
  REQUIRE(g.connect(a, b, 0));
  Graph before = g;
  Status cycle = g.connect(b, a, 0);
  CHECK_FALSE(cycle);
  CHECK(cycle.reason().find("cycle") != std::string::npos);
  CHECK_FALSE(g.connect(a, a, 1));
  CHECK_FALSE(g.connect(x, a, 2));
  CHECK_FALSE(g.connect(x, 99, 0));
  CHECK_FALSE(g.add_node(Op::Input, "x"));   // duplicate name
  CHECK_FALSE(g.add_node(Op::Input, "2x"));  // not an identifier
  CHECK_FALSE(g.add_node(Op::Input, ""));    // inputs need names
  CHECK_FALSE(g.set_param(x, std::nan("")));
  CHECK_FALSE(g.set_param(a, 1.0));  // add has no parameter
  CHECK(g == before);
  CHECK(g.add_node(Op::Input, "exp"));  // a gate's name is a node name too (graph.hpp)
}

TEST_CASE("evaluation says exactly what is missing and reports unreached nodes") {
  Graph g;
  NodeId x = *g.add_node(Op::Input, "x");
  NodeId m = *g.add_node(Op::Mul);
  REQUIRE(g.connect(x, m, 0));
  auto none = evaluate(g);
  CHECK_FALSE(none);
  CHECK(none.reason().find("no output") != std::string::npos);
  REQUIRE(g.set_output(m));
  auto missing = evaluate(g);
  REQUIRE_FALSE(missing);
  CHECK(missing.reason().find("input pin 1") != std::string::npos);
  CHECK(missing.reason().find("'x' has no value") != std::string::npos);
  REQUIRE(g.connect(x, m, 1));
  REQUIRE(g.set_param(x, 3));
  NodeId stray = *g.add_node(Op::Const, "", 7);
  auto ev = evaluate(g);
  REQUIRE(ev);
  CHECK(ev->value[m] == 9);
  CHECK(ev->grad[x] == 6);  // x*x: both pins add into x
  REQUIRE(ev->unreached.size() == 1);
  CHECK(ev->unreached[0] == stray);
}

TEST_CASE("removing a node removes its wires and keeps other ids") {
  Graph g;
  NodeId x = add_input(g, "x", 2);
  NodeId n = add_gate(g, Op::Neg, x);
  NodeId e = add_gate(g, Op::Exp, n);
  REQUIRE(g.remove_node(n));
  CHECK_FALSE(g.contains(n));
  CHECK(g.contains(e));
  CHECK(g.input(e, 0) == kNoNode);
  CHECK(g.node_count() == 2);
  CHECK(g.find_name("x") == x);
}

#include "step_view.hpp"

TEST_CASE("step view: values and gradients appear with their steps and go away stepping back") {
  Example1 example;
  auto& [g, x, y, z, q, f] = example;
  auto ev = evaluate(g);
  REQUIRE(ev);
  Trace trace = make_trace(g, *ev);

  StepView start = view_at_step(g, *ev, trace, 0);
  CHECK(start.position_text() == "start");
  CHECK(start.value_shown[x]);  // given values are there from the start
  CHECK_FALSE(start.value_shown[q]);
  CHECK_FALSE(start.grad_shown[x]);

  StepView one = view_at_step(g, *ev, trace, 1);
  CHECK(one.position_text() == "forward 1/2");
  CHECK(one.current_node == q);
  CHECK(one.value_shown[q]);
  CHECK_FALSE(one.value_shown[f]);

  StepView three = view_at_step(g, *ev, trace, 3);
  CHECK(three.position_text() == "backward 1/2");
  CHECK(three.current_node == f);
  CHECK(three.output_grad_shown());
  CHECK(three.wire_grad_shown[f][0]);
  CHECK(three.wire_grad[f][0] == -4);
  CHECK(three.wire_grad[f][1] == 3);
  CHECK_FALSE(three.grad_shown[x]);

  StepView end = view_at_step(g, *ev, trace, 99);  // clamped
  CHECK(end.step == 4);
  CHECK(end.position_text() == "backward 2/2");
  CHECK(end.grad_total[x] == -4);
  CHECK(end.wire_grad[q][1] == -4);

  StepView back = view_at_step(g, *ev, trace, 2);  // stepping back removes the gradients
  CHECK_FALSE(back.grad_shown[z]);
  CHECK(back.value_shown[f]);
}

TEST_CASE("quiz: a question asks exactly what the next step will reveal") {
  Example1 example;
  auto& [g, x, y, z, q, f] = example;
  auto ev = evaluate(g);
  REQUIRE(ev);
  Trace trace = make_trace(g, *ev);
  auto question_after = [&](int step) {
    return question_between(view_at_step(g, *ev, trace, step),
                            view_at_step(g, *ev, trace, step + 1));
  };
  // Before forward 1: only q = x+y, the value on the wire q → f.
  StepQuestion first = question_after(0);
  CHECK(first.asked_count == 1);
  CHECK(first.value_asked[q]);
  CHECK_FALSE(first.value_asked[f]);
  CHECK_FALSE(first.value_asked[x]);  // given values are never asked
  CHECK_FALSE(first.output_grad_asked);
  // Before backward 1 (the × gate): the seed 1 and what × sends down both its wires.
  StepQuestion seed = question_after(2);
  CHECK(seed.asked_count == 3);
  CHECK(seed.output_grad_asked);
  CHECK(seed.wire_grad_asked[f][0]);
  CHECK(seed.wire_grad_asked[f][1]);
  CHECK_FALSE(seed.wire_grad_asked[q][0]);
  CHECK(seed.grad_total_asked[q]);
  CHECK(seed.grad_total_asked[z]);
  CHECK_FALSE(seed.value_asked[f]);  // already shown
  // Before backward 2 (the + gate): the two wires into +, nothing already shown.
  StepQuestion add = question_after(3);
  CHECK(add.asked_count == 2);
  CHECK(add.wire_grad_asked[q][0]);
  CHECK(add.wire_grad_asked[q][1]);
  CHECK_FALSE(add.wire_grad_asked[f][0]);
  CHECK_FALSE(add.output_grad_asked);
  CHECK(add.grad_total_asked[x]);
  CHECK_FALSE(add.grad_total_asked[z]);
  // At the end there is no next step: nothing is asked.
  CHECK(question_after(4).asked_count == 0);
}

TEST_CASE("quiz: the second arrival at a fan-out asks the running total again") {
  // f = (x+y)·x at x=3, y=-1: × sends q·... to x first (pin 1), then + sends the rest.
  Graph g;
  NodeId x = add_input(g, "x", 3), y = add_input(g, "y", -1);
  NodeId q = add_gate(g, Op::Add, x, y);
  NodeId f = add_gate(g, Op::Mul, q, x);
  REQUIRE(g.set_output(f));
  auto ev = evaluate(g);
  REQUIRE(ev);
  Trace trace = make_trace(g, *ev);
  REQUIRE(trace.step_count() == 4);
  const StepView after_mul = view_at_step(g, *ev, trace, 3);
  REQUIRE(after_mul.grad_shown[x]);  // x already has 2 (= q) from ×
  CHECK(after_mul.grad_total[x] == 2);
  StepQuestion add = question_between(after_mul, view_at_step(g, *ev, trace, 4));
  CHECK(add.grad_total_asked[x]);  // 2 + 3 = 5: the total moves, so it is asked
  CHECK(add.wire_grad_asked[q][0]);
  CHECK_FALSE(add.wire_grad_asked[f][1]);  // sent by the step before
}

#include "caption.hpp"
#include "expr.hpp"

TEST_CASE("captions: names, the output as f, short subexpressions") {
  ParsedExpression parsed = parse_expression("(x+y)*z - exp(-x)/2");
  REQUIRE(parsed.ok());
  const Graph& g = parsed.graph;
  CHECK(node_caption(g, g.find_name("x")) == "x");
  CHECK(node_caption(g, g.output()) == "f");
  CHECK(subexpression_text(g, g.output(), 80) == "(x+y)\u00b7z\u2212exp(\u2212x)\u00f72");
  NodeId mul = g.input(g.output(), 0);
  CHECK(node_caption(g, mul) == "(x+y)\u00b7z");
  CHECK(subexpression_text(g, g.output(), 5).empty());  // too long: ""
  ParsedExpression sub = parse_expression("a-(b-c)");
  REQUIRE(sub.ok());
  CHECK(subexpression_text(sub.graph, sub.graph.output()) == "a\u2212(b\u2212c)");
}

TEST_CASE("expression text reads back into the same graph") {
  for (const char* text : {"(x+y)*z", "1/(1+exp(-(w0*x0+w1*x1+w2)))", "2*(x*y+max(z,w))", "(x+y)*x",
                           "(w*x+b-y)^2", "w2*max(0,w1*x)", "a-(b-c)", "a/(b/c)", "-x^2",
                           "sigmoid(x)*copy(y)", "x^-1.5", "relu(-3*x)"}) {
    CAPTURE(text);
    ParsedExpression parsed = parse_expression(text);
    REQUIRE(parsed.ok());
    const std::string written = expression_text(parsed.graph);
    CAPTURE(written);
    ParsedExpression again = parse_expression(written);
    REQUIRE(again.ok());
    CHECK(expression_text(again.graph) == written);
    CHECK(again.graph.node_count() == parsed.graph.node_count());
  }
}

namespace {
// Parses `text`, sets x, and evaluates: for the repros of gates that block.
struct Evaluated {
  Graph graph;
  Evaluation ev;
  double grad_x() const { return ev.grad[graph.find_name("x")]; }
};
Evaluated evaluate_at(const std::string& text, double x) {
  ParsedExpression parsed = parse_expression(text);
  REQUIRE(parsed.ok());
  REQUIRE(apply_assignment(parsed.graph, "x=" + std::to_string(x)));
  auto ev = evaluate(parsed.graph);
  REQUIRE(ev);
  return {std::move(parsed.graph), std::move(*ev)};
}
}  // namespace

TEST_CASE("a gate that blocks passes 0, even an infinite or NaN upstream gradient") {
  // sqrt(relu(x)) at x = −1: f is 0 near −1, so df/dx = 0 (PyTorch agrees). sqrt' at 0 is inf;
  // the inactive relu must not turn inf × 0 into NaN.
  Evaluated e = evaluate_at("sqrt(relu(x))", -1);
  CHECK(e.ev.value[e.graph.output()] == 0.0);
  CHECK(e.grad_x() == 0.0);
  Trace trace = make_trace(e.graph, e.ev);
  REQUIRE(trace.backward.size() == 2);
  const BackwardStep& relu = trace.backward[1];
  CHECK(std::isinf(relu.upstream_grad));  // sqrt's genuine inf at 0 arrives ...
  CHECK(relu.to_inputs[0].local_grad == 0.0);
  CHECK(relu.to_inputs[0].downstream_grad == 0.0);  // ... and is blocked: the stepper shows 0
  CHECK(relu.to_inputs[0].total_after == 0.0);

  // x^0 at x = 0: the constant 1, slope 0 (not 0·0^(−1) = NaN).
  e = evaluate_at("x^0", 0);
  CHECK(e.ev.value[e.graph.output()] == 1.0);
  CHECK(e.grad_x() == 0.0);
  // The losing max input, under sqrt's inf: sqrt(max(x, 0)) at x = −1.
  e = evaluate_at("sqrt(max(x, 0))", -1);
  CHECK(e.grad_x() == 0.0);
  e = evaluate_at("sqrt(min(0, -x))", -1);
  CHECK(e.grad_x() == 0.0);
  // A NaN that loses: sqrt(−1) gets upstream 0, and its local 1/(2·NaN) must not make it NaN.
  e = evaluate_at("max(0, sqrt(x))", -1);
  CHECK(e.ev.value[e.graph.output()] == 0.0);
  CHECK(e.grad_x() == 0.0);
  e = evaluate_at("relu(x^0.5) + x", -1);
  CHECK(e.grad_x() == 1.0);
  // A product with a blocked 0: d/dx sqrt(x·relu(−1)) = 0 (x's local gradient is relu(−1)).
  e = evaluate_at("sqrt(x*relu(-1))", 3);
  CHECK(e.grad_x() == 0.0);
  // Genuine infinities stay: sqrt at 0, x^0.5 at 0.
  e = evaluate_at("sqrt(x)", 0);
  CHECK(e.grad_x() == std::numeric_limits<double>::infinity());
  e = evaluate_at("x^0.5", 0);
  CHECK(e.grad_x() == std::numeric_limits<double>::infinity());
}

TEST_CASE("max and min: a NaN input loses in either order, and receives no gradient") {
  // log(−1) is NaN. max(0, log(x)) and max(log(x), 0) now agree: 0, with gradient 0, as relu.
  for (const char* text :
       {"max(0, log(x))", "max(log(x), 0)", "min(0, -log(x))", "min(-log(x), 0)", "relu(log(x))"}) {
    CAPTURE(text);
    Evaluated e = evaluate_at(text, -1);
    CHECK(e.ev.value[e.graph.output()] == 0.0);
    CHECK(e.grad_x() == 0.0);
  }
  // A tie still routes to the first input (ops.hpp's kink rule).
  Evaluated tie = evaluate_at("max(x, 2) * 3", 2);
  CHECK(tie.grad_x() == 3.0);
}
