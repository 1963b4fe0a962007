// Every worked example of DESIGN.md §4, loaded from assets/ through the same loader a user's
// file goes through, checked number by number against the table (to the digits it shows).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "document.hpp"
#include "eval.hpp"
#include "expr.hpp"

using namespace gf;

namespace {

struct Example {
  Document document;
  Evaluation ev;
  double value(const char* name) const { return ev.value.at(id(name)); }
  double grad(const char* name) const { return ev.grad.at(id(name)); }
  NodeId id(const char* name) const {
    NodeId found = document.graph.find_name(name);
    REQUIRE_MESSAGE(found != kNoNode, "no node named " << name);
    return found;
  }
};

Example load_example(const std::string& file) {
  Result<Document> loaded =
      load_document_file(std::string(GRADFLOW_ASSETS_DIR) + "/examples/" + file);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  Result<Evaluation> ev = evaluate(loaded->graph);
  REQUIRE_MESSAGE(ev, ev.reason());
  return {std::move(*loaded), std::move(*ev)};
}

void reevaluate(Example& example) {
  Result<Evaluation> ev = evaluate(example.document.graph);
  REQUIRE(ev);
  example.ev = std::move(*ev);
}

// The table shows 4 decimals for irrational numbers: the value must round to what it shows.
bool shows_as(double value, double shown, int decimals = 4) {
  return std::fabs(value - shown) <= 0.5 * std::pow(10.0, -decimals) + 1e-12;
}

}  // namespace

TEST_CASE("example 1: f = (x+y)·z") {
  Example e = load_example("1_add_mul.json");
  CHECK(e.value("q") == 3);
  CHECK(e.value("f") == -12);
  CHECK(e.grad("x") == -4);
  CHECK(e.grad("y") == -4);
  CHECK(e.grad("z") == 3);
  CHECK(e.grad("q") == -4);
}

TEST_CASE("example 2: the sigmoid neuron, gate by gate") {
  Example e = load_example("2_sigmoid_neuron_gates.json");
  CHECK(e.value("dot") == 1);
  CHECK(shows_as(e.value("e"), 0.3679));
  CHECK(shows_as(e.value("p"), 1.3679));
  CHECK(shows_as(e.value("f"), 0.7311));
  CHECK(shows_as(e.grad("w0"), -0.1966));
  CHECK(shows_as(e.grad("x0"), 0.3932));
  CHECK(shows_as(e.grad("w1"), -0.3932));
  CHECK(shows_as(e.grad("x1"), -0.5898));
  CHECK(shows_as(e.grad("w2"), 0.1966));
  CHECK(shows_as(e.grad("p"), -0.5344));        // at the 1/x input
  CHECK(shows_as(e.grad("e"), -0.5344));        // at the exp output
  CHECK(shows_as(e.grad("neg_dot"), -0.1966));  // at −dot
  CHECK(e.document.graph.op(e.id("f")) == Op::Inv);
}

TEST_CASE("example 3: the same neuron with one σ gate") {
  Example e = load_example("3_sigmoid_neuron.json");
  Example gates = load_example("2_sigmoid_neuron_gates.json");
  CHECK(shows_as(e.value("f"), 0.7311));
  for (const char* name : {"w0", "x0", "w1", "x1", "w2"})
    CHECK(e.grad(name) == doctest::Approx(gates.grad(name)).epsilon(1e-12));
  Trace trace = make_trace(e.document.graph, e.ev);
  REQUIRE(trace.backward[0].node == e.id("f"));
  CHECK(shows_as(trace.backward[0].to_inputs[0].local_grad, 0.1966));  // (1−σ)σ
}

TEST_CASE("example 4: patterns of gradient flow") {
  Example e = load_example("4_gradient_patterns.json");
  CHECK(e.value("xy") == -12);
  CHECK(e.value("m") == 2);
  CHECK(e.value("sum") == -10);
  CHECK(e.value("f") == -20);
  CHECK(e.grad("x") == -8);
  CHECK(e.grad("y") == 6);
  CHECK(e.grad("z") == 2);
  CHECK(e.grad("w") == 0);
}

TEST_CASE("example 5: fan-out through a copy gate adds 3 and 2") {
  Example e = load_example("5_copy_fanout.json");
  CHECK(e.value("q") == 2);
  CHECK(e.value("f") == 6);
  CHECK(e.grad("x") == 5);
  CHECK(e.grad("y") == 3);
  Trace trace = make_trace(e.document.graph, e.ev);
  const NodeId copy = e.id("xc");
  std::vector<double> contributions, totals;
  for (const BackwardStep& step : trace.backward)
    for (int i = 0; i < step.input_count; ++i)
      if (step.to_inputs[i].input == copy) {
        contributions.push_back(step.to_inputs[i].downstream_grad);
        totals.push_back(step.to_inputs[i].total_after);
      }
  REQUIRE(contributions.size() == 2);
  CHECK(contributions[0] + contributions[1] == 5);
  CHECK((contributions[0] == 3 || contributions[1] == 3));  // via +
  CHECK((contributions[0] == 2 || contributions[1] == 2));  // via ×
  CHECK(totals[1] == 5);
}

TEST_CASE("example 6: squared error of a linear model") {
  Example e = load_example("6_linear_regression.json");
  CHECK(e.value("pred") == 2);
  CHECK(e.value("diff") == -1);
  CHECK(e.value("L") == 1);
  CHECK(e.grad("w") == -4);
  CHECK(e.grad("b") == -2);
  CHECK(e.grad("x") == -1);
  CHECK(e.grad("y") == 2);
}

TEST_CASE("example 7: binary cross-entropy on a sigmoid unit") {
  Example e = load_example("7_binary_cross_entropy.json");
  CHECK(shows_as(e.value("s"), 0.7311));
  CHECK(shows_as(e.value("L"), 0.3133));
  CHECK(shows_as(e.grad("z"), -0.2689));
  CHECK(e.grad("z") == doctest::Approx(e.value("s") - 1.0).epsilon(1e-12));  // σ − t
  CHECK(shows_as(e.grad("w"), -0.2689));
  CHECK(shows_as(e.grad("b"), -0.2689));
}

TEST_CASE("example 8: a two-layer unit, ReLU on and off") {
  Example e = load_example("8_two_layer_relu.json");
  CHECK(e.value("h") == 3);
  CHECK(e.value("f") == -3);
  CHECK(e.grad("w2") == 3);
  CHECK(e.grad("w1") == -1.5);
  CHECK(e.grad("x") == -2);
  REQUIRE(e.document.graph.set_param(e.id("x"), -1.5));
  reevaluate(e);
  CHECK(e.value("h") == 0);
  CHECK(e.grad("w1") == 0);
  CHECK(e.grad("x") == 0);
}

TEST_CASE("example 9: the input's scale multiplies the weight's gradient") {
  Example e = load_example("9_mul_scale.json");
  CHECK(e.grad("w") == 2);
  REQUIRE(e.document.graph.set_param(e.id("x"), 2000));
  reevaluate(e);
  CHECK(e.grad("w") == 2000);
}

TEST_CASE("example 9b: the same multiply at x = 2,000 (DESIGN.md's second half of example 9)") {
  // By hand: f = w·x = 0.5 · 2000 = 1000; ∂f/∂w = x = 2000, ∂f/∂x = w = 0.5. The weight's
  // gradient is 1,000 times example 9's (x = 2), the input's stays 0.5.
  Example large = load_example("9b_mul_scale_2000.json");
  Example small = load_example("9_mul_scale.json");
  CHECK(large.value("w") == 0.5);
  CHECK(large.value("x") == 2000);
  CHECK(large.value("f") == 1000);
  CHECK(large.grad("w") == 2000);
  CHECK(large.grad("x") == 0.5);
  CHECK(large.grad("w") == 1000 * small.grad("w"));
  CHECK(large.grad("x") == small.grad("x"));
  // The same graph: only x differs.
  CHECK(large.document.graph.node_count() == small.document.graph.node_count());
  CHECK(large.document.graph.op(large.id("f")) == small.document.graph.op(small.id("f")));
}

TEST_CASE("the examples typed as expressions give the same numbers") {
  struct Typed {
    const char* text;
    std::vector<std::pair<const char*, double>> values, grads;
    double output;
  };
  const Typed cases[] = {
      {"(x+y)*z", {{"x", -2}, {"y", 5}, {"z", -4}}, {{"x", -4}, {"y", -4}, {"z", 3}}, -12},
      {"2*(x*y+max(z,w))",
       {{"x", 3}, {"y", -4}, {"z", 2}, {"w", -1}},
       {{"x", -8}, {"y", 6}, {"z", 2}, {"w", 0}},
       -20},
      {"(x+y)*x", {{"x", 3}, {"y", -1}}, {{"x", 5}, {"y", 3}}, 6},
      {"(w*x+b-y)^2",
       {{"w", 0.5}, {"x", 2}, {"b", 1}, {"y", 3}},
       {{"w", -4}, {"b", -2}, {"x", -1}, {"y", 2}},
       1},
      {"w2*max(0,w1*x)",
       {{"w1", 2}, {"x", 1.5}, {"w2", -1}},
       {{"w2", 3}, {"w1", -1.5}, {"x", -2}},
       -3},
      {"w*x", {{"w", 0.5}, {"x", 2000}}, {{"w", 2000}}, 1000},
  };
  for (const Typed& typed : cases) {
    CAPTURE(typed.text);
    ParsedExpression parsed = parse_expression(typed.text);
    REQUIRE(parsed.ok());
    for (auto [name, value] : typed.values)
      REQUIRE(parsed.graph.set_param(parsed.graph.find_name(name), value));
    Result<Evaluation> ev = evaluate(parsed.graph);
    REQUIRE(ev);
    CHECK(ev->value[ev->output] == typed.output);
    for (auto [name, grad] : typed.grads) CHECK(ev->grad[parsed.graph.find_name(name)] == grad);
  }
}
