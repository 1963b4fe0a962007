// The batched tape: values and gradients against the scalar graph evaluation (core's eval) point
// by point, parameter gradients against central finite differences on many random models,
// micrograd's two classic bugs, and the forward-only programs of the decision boundary.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "eval.hpp"
#include "nn_model.hpp"
#include "nn_random.hpp"
#include "nn_tape.hpp"
#include "random_graph.hpp"

using namespace gf;
using namespace gf::nn;

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

// A random model (architecture, loss, classes) and a batch of random points in [-2, 2]².
struct RandomCase {
  ModelSpec spec;
  std::vector<double> parameters;
  std::vector<PointSample> points;
};

RandomCase random_case(std::uint64_t seed, bool smooth) {
  Rng rng(seed);
  RandomCase c;
  c.spec.features.clear();
  for (int f = 0; f < static_cast<int>(Feature::Count_); ++f)
    if (rng.uniform() < 0.5) c.spec.features.push_back(static_cast<Feature>(f));
  if (c.spec.features.empty()) c.spec.features.push_back(Feature::X1);
  c.spec.hidden.clear();
  const int layers = static_cast<int>(rng.below(4));
  const Activation smooth_ones[] = {Activation::Tanh, Activation::Sigmoid, Activation::Linear};
  for (int l = 0; l < layers; ++l)
    c.spec.hidden.push_back({1 + static_cast<int>(rng.below(6)),
                             smooth ? smooth_ones[rng.below(3)]
                                    : static_cast<Activation>(rng.below(kActivationCount))});
  c.spec.output_activation = rng.uniform() < 0.3 ? Activation::Tanh : Activation::Linear;
  c.spec.loss = static_cast<LossKind>(rng.below(4));
  if (smooth && c.spec.loss == LossKind::Hinge) c.spec.loss = LossKind::SquaredError;
  c.spec.classes = 2 + static_cast<int>(rng.below(3));
  c.spec.init = static_cast<InitScheme>(rng.below(3));
  c.spec.init_seed = seed;
  c.parameters = initial_parameters(c.spec);
  for (double& p : c.parameters) p += rng.uniform(-0.3, 0.3);  // biases too
  const int n = 1 + static_cast<int>(rng.below(37));
  for (int i = 0; i < n; ++i)
    c.points.push_back(
        {rng.uniform(-2, 2), rng.uniform(-2, 2), static_cast<int>(rng.below(c.spec.classes))});
  return c;
}

struct Compiled {
  PointGraph graph;
  BatchTape tape;
};
Compiled compile(const ModelSpec& spec, const std::vector<double>& parameters) {
  Result<PointGraph> graph = build_point_graph(spec, parameters, {}, false);
  REQUIRE(graph);
  Result<BatchTape> tape = compile_batch_tape(graph->graph, graph->loss, graph->point_input_nodes,
                                              graph->parameter_nodes);
  REQUIRE_MESSAGE(tape, tape.reason());
  return {std::move(*graph), std::move(*tape)};
}

void load_points(const Compiled& c, BatchBuffers& buffers, const std::vector<PointSample>& points) {
  for (std::size_t col = 0; col < c.graph.point_inputs.size(); ++col)
    if (double* row = input_row(c.tape, buffers, static_cast<int>(col)))
      for (std::size_t p = 0; p < points.size(); ++p)
        row[p] = point_input_value(c.graph.point_inputs[col], points[p].x1, points[p].x2,
                                   points[p].label);
}

// The mean loss over the batch, forward only.
double mean_loss(const Compiled& c, BatchBuffers& buffers, const std::vector<double>& parameters,
                 int n) {
  batch_forward(c.tape, buffers, parameters, n);
  double total = 0;
  for (int p = 0; p < n; ++p) total += buffers.value(c.tape.output, p);
  return total / n;
}

}  // namespace

TEST_CASE("batched tape: every point's loss and gradients equal the scalar graph's") {
  int points_checked = 0;
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    CAPTURE(seed);
    const RandomCase c = random_case(seed, false);
    const Compiled compiled = compile(c.spec, c.parameters);
    const int n = static_cast<int>(c.points.size());
    BatchBuffers buffers;
    buffers.resize_for(compiled.tape, n);
    load_points(compiled, buffers, c.points);
    batch_forward(compiled.tape, buffers, c.parameters, n);
    batch_backward(compiled.tape, buffers, n, 1.0);  // seed 1: the sum of the losses
    std::vector<double> batch_grads(c.parameters.size());
    parameter_gradients(compiled.tape, buffers, batch_grads);

    std::vector<double> summed(c.parameters.size(), 0.0);
    for (int p = 0; p < n; ++p) {
      Result<PointGraph> scalar = build_point_graph(c.spec, c.parameters, c.points[p], false);
      REQUIRE(scalar);
      Result<Evaluation> ev = evaluate(scalar->graph);
      REQUIRE(ev);
      CHECK(buffers.value(compiled.tape.output, p) ==
            ev->value[scalar->loss]);  // same gates, same order
      for (std::size_t j = 0; j < summed.size(); ++j)
        summed[j] += ev->grad[scalar->parameter_nodes[j]];
      for (std::size_t col = 0; col < scalar->point_input_nodes.size(); ++col)
        CHECK(point_input_gradient(compiled.tape, buffers, static_cast<int>(col), p) ==
              doctest::Approx(ev->grad[scalar->point_input_nodes[col]]).epsilon(1e-12));
      ++points_checked;
    }
    for (std::size_t j = 0; j < summed.size(); ++j)
      CHECK(batch_grads[j] == doctest::Approx(summed[j]).epsilon(1e-11).scale(1.0));
  }
  MESSAGE(points_checked << " points checked");
}

TEST_CASE("batched tape: parameter gradients match central finite differences") {
  int checked = 0;
  for (std::uint64_t seed = 1000; seed < 1100; ++seed) {
    CAPTURE(seed);
    const RandomCase c = random_case(seed, true);  // smooth: no kink within a step
    const Compiled compiled = compile(c.spec, c.parameters);
    const int n = static_cast<int>(c.points.size());
    BatchBuffers buffers;
    buffers.resize_for(compiled.tape, n);
    load_points(compiled, buffers, c.points);
    mean_loss(compiled, buffers, c.parameters, n);
    batch_backward(compiled.tape, buffers, n, 1.0 / n);
    std::vector<double> analytic(c.parameters.size());
    parameter_gradients(compiled.tape, buffers, analytic);
    std::vector<double> shifted = c.parameters;
    for (std::size_t j = 0; j < shifted.size(); ++j) {
      const double h = 1e-6 * std::max(1.0, std::fabs(c.parameters[j]));
      shifted[j] = c.parameters[j] + h;
      const double up = mean_loss(compiled, buffers, shifted, n);
      shifted[j] = c.parameters[j] - h;
      const double down = mean_loss(compiled, buffers, shifted, n);
      shifted[j] = c.parameters[j];
      const double numeric = (up - down) / (2 * h);
      CAPTURE(j);
      CHECK(std::fabs(analytic[j] - numeric) <=
            1e-6 * std::max({1.0, std::fabs(analytic[j]), std::fabs(numeric)}));
      ++checked;
    }
  }
  MESSAGE(checked << " parameter gradients checked");
  CHECK(checked > 2000);
}

TEST_CASE(
    "batched tape: random graphs of every gate kind, split into point inputs and "
    "parameters, agree with the scalar evaluation") {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    testing::RandomGraph random = testing::make_random_graph(seed, 5 + seed % 40);
    const Graph& g = random.graph;
    std::vector<NodeId> point_inputs, parameters;
    for (NodeId id : g.input_nodes()) (id % 2 ? parameters : point_inputs).push_back(id);
    Result<BatchTape> tape = compile_batch_tape(g, g.output(), point_inputs, parameters);
    REQUIRE(tape);
    const int n = 11;
    BatchBuffers buffers;
    buffers.resize_for(*tape, n);
    std::vector<double> parameter_values;
    for (NodeId id : parameters) parameter_values.push_back(g.param(id));
    // Point p moves every point input by a tiny relative step, keeping gates in their domains.
    auto point_value = [&](NodeId id, int p) { return g.param(id) * (1 + 1e-4 * p); };
    for (std::size_t c = 0; c < point_inputs.size(); ++c)
      if (double* row = input_row(*tape, buffers, static_cast<int>(c)))
        for (int p = 0; p < n; ++p) row[p] = point_value(point_inputs[c], p);
    batch_forward(*tape, buffers, parameter_values, n);
    batch_backward(*tape, buffers, n, 1.0);
    std::vector<double> batch_grads(parameters.size());
    parameter_gradients(*tape, buffers, batch_grads);
    std::vector<double> summed(parameters.size(), 0.0);
    for (int p = 0; p < n; ++p) {
      Graph moved = g;
      for (NodeId id : point_inputs) REQUIRE(moved.set_param(id, point_value(id, p)));
      Result<Evaluation> ev = evaluate(moved);
      REQUIRE(ev);
      CHECK(buffers.value(tape->output, p) ==
            doctest::Approx(ev->value[g.output()]).epsilon(1e-13));
      for (std::size_t j = 0; j < parameters.size(); ++j)
        summed[j] += ev->evaluated(parameters[j]) ? ev->grad[parameters[j]] : 0.0;
      for (std::size_t c = 0; c < point_inputs.size(); ++c)
        if (ev->evaluated(point_inputs[c]))
          CHECK(point_input_gradient(*tape, buffers, static_cast<int>(c), p) ==
                doctest::Approx(ev->grad[point_inputs[c]]).epsilon(1e-11));
    }
    for (std::size_t j = 0; j < parameters.size(); ++j)
      CHECK(batch_grads[j] == doctest::Approx(summed[j]).epsilon(1e-11));
  }
}

TEST_CASE("micrograd bug #53: fan-out gradients are summed (+=), not overwritten (=)") {
  // f = (x + y)·x with x, y per point (DESIGN.md example 5): ∂f/∂x = 2x + y, ∂f/∂y = x.
  // f2 = w·x + w·y + w·w with w a parameter used four times: ∂f2/∂w = Σ_p (x + y + 2w).
  Graph g;
  NodeId x = add_input(g, "x", 0), y = add_input(g, "y", 0), w = add_input(g, "w", 0);
  NodeId f = add_gate(g, Op::Mul, add_gate(g, Op::Add, x, y), x);
  NodeId ww = add_gate(g, Op::Mul, w, w);
  NodeId f2 = add_gate(
      g, Op::Add, add_gate(g, Op::Add, add_gate(g, Op::Mul, w, x), add_gate(g, Op::Mul, w, y)), ww);
  NodeId total = add_gate(g, Op::Add, f, f2);
  REQUIRE(g.set_output(total));
  const std::vector<NodeId> point_inputs{x, y}, parameters{w};
  Result<BatchTape> tape = compile_batch_tape(g, total, point_inputs, parameters);
  REQUIRE(tape);
  CHECK(tape->uniform_ops.size() == 1);  // w·w is the same for every point: computed once
  const int n = 5;
  BatchBuffers buffers;
  buffers.resize_for(*tape, n);
  const double xs[] = {3, -1, 0.5, 2, 7}, ys[] = {-1, 4, 2.5, 0, -3};
  std::copy_n(xs, n, input_row(*tape, buffers, 0));
  std::copy_n(ys, n, input_row(*tape, buffers, 1));
  const double w_value = 1.5;
  batch_forward(*tape, buffers, {&w_value, 1}, n);
  batch_backward(*tape, buffers, n, 1.0);
  double expected_w = 0;
  for (int p = 0; p < n; ++p) {
    CHECK(point_input_gradient(*tape, buffers, 0, p) == 2 * xs[p] + ys[p] + w_value);
    CHECK(point_input_gradient(*tape, buffers, 1, p) == xs[p] + w_value);
    expected_w += xs[p] + ys[p] + 2 * w_value;
  }
  CHECK(point_input_gradient(*tape, buffers, 0, 0) == 5 + 1.5);  // example 5's ∂f/∂x = 5, plus w
  double grad_w = 0;
  parameter_gradients(*tape, buffers, {&grad_w, 1});
  CHECK(grad_w == expected_w);
}

TEST_CASE("micrograd bug #2: gradients are zeroed before every backward pass") {
  const RandomCase c = random_case(77, false);
  const Compiled compiled = compile(c.spec, c.parameters);
  const int n = static_cast<int>(c.points.size());
  BatchBuffers buffers;
  buffers.resize_for(compiled.tape, n);
  load_points(compiled, buffers, c.points);
  std::vector<double> first(c.parameters.size()), second(first.size()), input_first(n),
      input_second(n);
  for (std::vector<double>* grads : {&first, &second}) {
    batch_forward(compiled.tape, buffers, c.parameters, n);
    batch_backward(compiled.tape, buffers, n, 1.0 / n);
    parameter_gradients(compiled.tape, buffers, *grads);
    for (int p = 0; p < n; ++p)
      (grads == &first ? input_first : input_second)[p] =
          point_input_gradient(compiled.tape, buffers, 0, p);
  }
  CHECK(first == second);  // without zero_grad the second pass would give twice the first
  CHECK(input_first == input_second);
  bool any_nonzero = false;
  for (double g : first) any_nonzero |= g != 0;
  CHECK(any_nonzero);

  // A smaller batch after a larger one: nothing left over from the points beyond n.
  BatchBuffers fresh;
  fresh.resize_for(compiled.tape, n);
  std::vector<PointSample> few(c.points.begin(), c.points.begin() + (n + 1) / 2);
  load_points(compiled, fresh, few);
  load_points(compiled, buffers, few);
  const int m = static_cast<int>(few.size());
  std::vector<double> from_used(first.size()), from_fresh(first.size());
  for (auto [b, out] : {std::pair{&buffers, &from_used}, std::pair{&fresh, &from_fresh}}) {
    batch_forward(compiled.tape, *b, c.parameters, m);
    batch_backward(compiled.tape, *b, m, 1.0 / m);
    parameter_gradients(compiled.tape, *b, *out);
  }
  CHECK(from_used == from_fresh);
}

TEST_CASE("batched tape: forward programs recycle rows and give the full pass's values") {
  for (std::uint64_t seed = 200; seed < 230; ++seed) {
    CAPTURE(seed);
    const RandomCase c = random_case(seed, false);
    const Compiled compiled = compile(c.spec, c.parameters);
    const int n = static_cast<int>(c.points.size());
    BatchBuffers full;
    full.resize_for(compiled.tape, n);
    load_points(compiled, full, c.points);
    batch_forward(compiled.tape, full, c.parameters, n);

    std::vector<BatchSlot> targets;
    for (NodeId s : compiled.graph.scores) targets.push_back(compiled.tape.slot(s));
    for (const auto& layer : compiled.graph.neurons)
      for (NodeId neuron : layer) targets.push_back(compiled.tape.slot(neuron));
    targets.push_back(compiled.tape.output);
    const ForwardProgram program = make_forward_program(compiled.tape, targets);
    CHECK(program.row_count <= compiled.tape.row_count);
    BatchBuffers small;
    small.resize_for(compiled.tape, program, n);
    for (std::size_t col = 0; col < compiled.graph.point_inputs.size(); ++col)
      if (double* row = input_row(program, small, static_cast<int>(col)))
        for (int p = 0; p < n; ++p)
          row[p] = point_input_value(compiled.graph.point_inputs[col], c.points[p].x1,
                                     c.points[p].x2, c.points[p].label);
    load_uniforms(compiled.tape, small, c.parameters);
    run_program(program, small, n);
    for (std::size_t t = 0; t < targets.size(); ++t)
      for (int p = 0; p < n; ++p)
        CHECK(small.value(program.targets[t], p) == full.value(targets[t], p));
  }
  // The micrograd network's score program needs far fewer rows than the tape has slots.
  ModelSpec spec;
  const Compiled mlp = compile(spec, initial_parameters(spec));
  const BatchSlot score = mlp.tape.slot(mlp.graph.scores[0]);
  const ForwardProgram program = make_forward_program(mlp.tape, {&score, 1});
  MESSAGE("2-16-16-1: " << mlp.tape.row_count << " value rows, " << mlp.tape.grad_row_count
                        << " gradient rows, score program " << program.row_count << " rows");
  CHECK(program.row_count < 64);
  CHECK(mlp.tape.grad_row_count < 64);
}

TEST_CASE("batched tape: refuses leaves that are not inputs or are listed twice") {
  Graph g;
  NodeId x = add_input(g, "x", 1);
  NodeId c = *g.add_node(Op::Const, "", 2);
  NodeId f = add_gate(g, Op::Mul, x, c);
  REQUIRE(g.set_output(f));
  const std::vector<NodeId> none, just_x{x}, just_c{c}, just_f{f};
  CHECK_FALSE(compile_batch_tape(g, f, just_c, none));
  CHECK_FALSE(compile_batch_tape(g, f, just_f, none));
  CHECK(compile_batch_tape(g, f, just_x, just_x).reason().find("twice") != std::string::npos);
  Result<BatchTape> tape = compile_batch_tape(g, f, none, none);  // x is then a constant
  REQUIRE(tape);
  CHECK_FALSE(tape->output.varying);
  BatchBuffers buffers;
  buffers.resize_for(*tape, 4);
  batch_forward(*tape, buffers, {}, 4);
  CHECK(buffers.value(tape->output, 3) == 2);
}
