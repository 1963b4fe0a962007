// The classifier lab's network: spec limits, parameter layout, initialisation, the per-point
// graph (names, values, a document the CLI can evaluate) and every loss against its closed form.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "document.hpp"
#include "eval.hpp"
#include "nn_model.hpp"
#include "nn_random.hpp"

using namespace gf;
using namespace gf::nn;

namespace {

ModelSpec micrograd_spec() {
  ModelSpec spec;  // the defaults: 2-16-16-1, ReLU, linear output, hinge
  return spec;
}

// A model whose scores are its biases (no hidden layer, zero weights): the losses at chosen
// scores.
struct ScoreModel {
  ModelSpec spec;
  std::vector<double> parameters;
  ScoreModel(LossKind loss, std::vector<double> scores) {
    spec.features = {Feature::X1};
    spec.hidden.clear();
    spec.loss = loss;
    spec.classes = scores.size() == 1 ? 2 : static_cast<int>(scores.size());
    parameters.assign(parameter_count(spec), 0.0);
    const LayerShape out = layer_shapes(spec).back();
    for (std::size_t k = 0; k < scores.size(); ++k) parameters[out.bias_offset + k] = scores[k];
  }
  // The loss and d(loss)/d(score k), evaluated on the graph with core's evaluate().
  std::pair<double, std::vector<double>> evaluate_at(int label) const {
    Result<PointGraph> graph = build_point_graph(spec, parameters, {0.5, -0.5, label}, false);
    REQUIRE(graph);
    Result<Evaluation> ev = evaluate(graph->graph);
    REQUIRE(ev);
    std::vector<double> grads;
    for (NodeId s : graph->scores) grads.push_back(ev->grad[s]);
    return {ev->value[graph->loss], grads};
  }
};

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

TEST_CASE("nn model: the spec is validated with reasons") {
  ModelSpec spec = micrograd_spec();
  CHECK(validate(spec));
  spec.hidden.assign(9, {4, Activation::Tanh});
  CHECK(validate(spec).reason().find("at most 8") != std::string::npos);
  spec.hidden.assign(8, {32, Activation::Tanh});
  CHECK(validate(spec));
  spec.hidden[3].neurons = 33;
  CHECK(validate(spec).reason().find("hidden layer 4") != std::string::npos);
  spec.hidden[3].neurons = 0;
  CHECK_FALSE(validate(spec));
  spec = micrograd_spec();
  spec.features = {Feature::X1, Feature::X1};
  CHECK(validate(spec).reason().find("x1 is listed twice") != std::string::npos);
  spec.features.clear();
  CHECK_FALSE(validate(spec));
  spec = micrograd_spec();
  spec.output_activation = Activation::Relu;
  CHECK_FALSE(validate(spec));
  spec.output_activation = Activation::Tanh;
  spec.classes = 9;
  CHECK_FALSE(validate(spec));
  spec.classes = 1;
  CHECK_FALSE(validate(spec));
  for (int i = 0; i < static_cast<int>(LossKind::Count_); ++i)
    CHECK(loss_from_name(loss_name(static_cast<LossKind>(i))) == static_cast<LossKind>(i));
  CHECK(activation_from_name("tanh") == Activation::Tanh);
  CHECK(feature_from_name("sinx2") == Feature::SinX2);
  CHECK(init_from_name("he") == InitScheme::He);
  CHECK_FALSE(init_from_name("zeros"));
}

TEST_CASE("nn model: parameters are laid out layer by layer, W row-major then b") {
  const ModelSpec spec = micrograd_spec();
  CHECK(parameter_count(spec) == 337);  // micrograd's MLP(2, [16, 16, 1]) has 337 parameters
  const std::vector<LayerShape> shapes = layer_shapes(spec);
  REQUIRE(shapes.size() == 3);
  CHECK(shapes[0].weight_offset == 0);
  CHECK(shapes[0].bias_offset == 32);
  CHECK(shapes[1].weight_offset == 48);
  CHECK(shapes[2].inputs == 16);
  CHECK(shapes[2].outputs == 1);
  CHECK(parameter_name(spec, 0) == "w1_0_0");
  CHECK(parameter_name(spec, 3) == "w1_1_1");
  CHECK(parameter_name(spec, 32) == "b1_0");
  CHECK(parameter_name(spec, 336) == "b3_0");
  const std::vector<std::uint8_t> mask = weight_mask(spec);
  CHECK(std::count(mask.begin(), mask.end(), 1) == 32 + 256 + 16);

  ModelSpec softmax = spec;
  softmax.loss = LossKind::Softmax;
  CHECK(output_count(softmax) == 2);
  softmax.classes = 3;
  CHECK(output_count(softmax) == 3);
  ModelSpec hinge3 = spec;
  hinge3.classes = 3;
  CHECK(output_count(hinge3) == 3);
}

TEST_CASE("nn model: initialisation schemes, deterministic per seed, biases at 0") {
  ModelSpec spec = micrograd_spec();
  for (InitScheme init : {InitScheme::Uniform, InitScheme::Xavier, InitScheme::He}) {
    spec.init = init;
    spec.init_seed = 3;
    const std::vector<double> p = initial_parameters(spec), again = initial_parameters(spec);
    CHECK(p == again);
    spec.init_seed = 4;
    CHECK(initial_parameters(spec) != p);
    const std::vector<std::uint8_t> mask = weight_mask(spec);
    double sum_sq_layer2 = 0;
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (!mask[j]) CHECK(p[j] == 0);
      if (init == InitScheme::Uniform && mask[j]) CHECK(std::fabs(p[j]) <= 1);
      if (init == InitScheme::Xavier && mask[j] && j < 32)
        CHECK(std::fabs(p[j]) <= std::sqrt(6.0 / 18));
      if (j >= 48 && j < 48 + 256) sum_sq_layer2 += p[j] * p[j];
    }
    if (init == InitScheme::He)  // N(0, 2/16): mean square about 0.125
      CHECK(sum_sq_layer2 / 256 == doctest::Approx(0.125).epsilon(0.3));
  }
}

TEST_CASE("nn model: the per-point graph has named leaves and matches the reference scores") {
  ModelSpec spec;
  spec.features = {Feature::X1,   Feature::X2,    Feature::X1Squared, Feature::X2Squared,
                   Feature::X1X2, Feature::SinX1, Feature::SinX2};
  spec.hidden = {{5, Activation::Tanh}, {3, Activation::Sigmoid}, {4, Activation::Linear}};
  spec.output_activation = Activation::Tanh;
  spec.loss = LossKind::SquaredError;
  const std::vector<double> parameters = initial_parameters(spec);
  const PointSample point{0.7, -1.3, 1};
  Result<PointGraph> built = build_point_graph(spec, parameters, point);
  REQUIRE(built);
  const Graph& g = built->graph;
  for (const char* name : {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2", "w1_4_6", "b1_4",
                           "z1_4", "h1_4", "h2_2", "h3_3", "w4_0_3", "b4_0", "s", "y", "L"})
    CHECK_MESSAGE(g.find_name(name) != kNoNode, name);
  CHECK(g.find_name("z3_0") == kNoNode);  // a linear layer has no activation gate
  CHECK(g.output() == built->loss);
  CHECK(every_node_placed(g));
  CHECK(g.op(g.find_name("sinx1")) == Op::Sin);  // a gate on x1, as x1sq is
  CHECK(g.input(g.find_name("sinx1"), 0) == g.find_name("x1"));
  CHECK(g.op(g.find_name("x1sq")) == Op::Pow);
  CHECK(g.input(g.find_name("sinx2"), 0) == g.find_name("x2"));
  CHECK(built->point_inputs.size() == 3);  // x1, x2 and the label y
  CHECK(g.param(g.find_name("y")) == 1.0);
  for (std::size_t j = 0; j < parameters.size(); ++j)
    CHECK(g.param(built->parameter_nodes[j]) == parameters[j]);

  Result<Evaluation> ev = evaluate(g);
  REQUIRE(ev);
  CHECK(ev->value[g.find_name("sinx1")] == std::sin(0.7));  // exactly: the GPU shader relies on it
  CHECK(ev->value[g.find_name("sinx2")] == std::sin(-1.3));
  double score = 0;
  reference_scores(spec, parameters, point.x1, point.x2, {&score, 1});
  CHECK(ev->value[built->scores[0]] == doctest::Approx(score).epsilon(1e-14));
  CHECK(ev->value[built->loss] == doctest::Approx((score - 1) * (score - 1)).epsilon(1e-12));

  // As a document: save, load, evaluate: the same loss (what `gradflow-cli eval` would print).
  Document document{g, "loss of one point", std::nullopt};
  Result<Document> loaded = load_document(save_document(document));
  REQUIRE(loaded);
  Result<Evaluation> reloaded = evaluate(loaded->graph);
  REQUIRE(reloaded);
  CHECK(reloaded->value[loaded->graph.output()] == ev->value[built->loss]);

  CHECK_FALSE(build_point_graph(spec, std::vector<double>(3), point));
  CHECK_FALSE(build_point_graph(spec, parameters, {0, 0, 2}));
}

TEST_CASE("nn model: hinge is micrograd's max(0, 1 - y*s)") {
  for (double s : {-2.0, 0.3, 0.99, 1.5}) {
    for (int label : {0, 1}) {
      const double y = label == 1 ? 1 : -1;
      auto [loss, grads] = ScoreModel(LossKind::Hinge, {s}).evaluate_at(label);
      CHECK(loss == doctest::Approx(std::max(0.0, 1 - y * s)));
      CHECK(grads[0] == doctest::Approx(1 - y * s > 0 ? -y : 0.0));
    }
  }
}

TEST_CASE("nn model: binary cross-entropy on sigmoid(s), safe at huge scores") {
  for (double s : {-3.0, -0.2, 0.0, 0.5, 4.0}) {
    for (int t : {0, 1}) {
      auto [loss, grads] = ScoreModel(LossKind::CrossEntropy, {s}).evaluate_at(t);
      const double expected = -(t * std::log(sigmoid(s)) + (1 - t) * std::log(1 - sigmoid(s)));
      CHECK(loss == doctest::Approx(expected).epsilon(1e-12));
      CHECK(grads[0] == doctest::Approx(sigmoid(s) - t).epsilon(1e-12));  // σ(s) - t, also at 0
    }
  }
  auto [big_loss, big_grads] = ScoreModel(LossKind::CrossEntropy, {800.0}).evaluate_at(0);
  CHECK(big_loss == doctest::Approx(800.0));
  CHECK(big_grads[0] == doctest::Approx(1.0));
  auto [small_loss, small_grads] = ScoreModel(LossKind::CrossEntropy, {-800.0}).evaluate_at(0);
  CHECK(small_loss == doctest::Approx(0.0));
  CHECK(std::isfinite(small_grads[0]));
}

TEST_CASE("nn model: squared error (s - y)^2 and its one-hot form") {
  auto [loss, grads] = ScoreModel(LossKind::SquaredError, {0.25}).evaluate_at(0);
  CHECK(loss == doctest::Approx(1.25 * 1.25));
  CHECK(grads[0] == doctest::Approx(2 * 1.25));
  auto [loss3, grads3] = ScoreModel(LossKind::SquaredError, {0.5, -1.0, 2.0}).evaluate_at(1);
  CHECK(loss3 == doctest::Approx(0.25 + 4 + 4));
  CHECK(grads3 == std::vector<double>{1.0, -4.0, 4.0});
}

TEST_CASE("nn model: softmax cross-entropy with log-sum-exp, safe at huge scores") {
  const std::vector<double> scores{1.0, -0.5, 2.5};
  for (int label = 0; label < 3; ++label) {
    auto [loss, grads] = ScoreModel(LossKind::Softmax, scores).evaluate_at(label);
    double total = 0;
    for (double s : scores) total += std::exp(s);
    CHECK(loss == doctest::Approx(std::log(total) - scores[label]).epsilon(1e-12));
    for (int k = 0; k < 3; ++k)
      CHECK(grads[k] == doctest::Approx(std::exp(scores[k]) / total - (k == label)).epsilon(1e-12));
  }
  auto [loss, grads] = ScoreModel(LossKind::Softmax, {1000.0, 999.0, -5.0}).evaluate_at(1);
  CHECK(loss == doctest::Approx(1.0 + std::log(1 + std::exp(-1.0))));
  CHECK(grads[1] == doctest::Approx(1 / (1 + std::exp(1.0)) - 1));
  // Two classes with softmax: two scores.
  auto [loss2, grads2] = ScoreModel(LossKind::Softmax, {0.3, -0.2}).evaluate_at(0);
  CHECK(grads2.size() == 2);
  CHECK(loss2 == doctest::Approx(std::log(1 + std::exp(-0.5))));
}

TEST_CASE("nn model: multiclass hinge and one-vs-rest cross-entropy") {
  auto [hinge, hinge_grads] = ScoreModel(LossKind::Hinge, {1.0, 0.5, 2.5}).evaluate_at(1);
  // CS231n's SVM loss: max(0, 1 - 0.5 + 1) + max(0, 2.5 - 0.5 + 1) = 1.5 + 3
  CHECK(hinge == doctest::Approx(4.5));
  CHECK(hinge_grads == std::vector<double>{1.0, -2.0, 1.0});
  auto [bce, bce_grads] = ScoreModel(LossKind::CrossEntropy, {1.0, 0.5, -2.0}).evaluate_at(2);
  double expected = 0;
  for (int k = 0; k < 3; ++k) {
    const double s = std::vector<double>{1.0, 0.5, -2.0}[k];
    expected += std::log(1 + std::exp(s)) - (k == 2) * s;
    CHECK(bce_grads[k] == doctest::Approx(sigmoid(s) - (k == 2)));
  }
  CHECK(bce == doctest::Approx(expected));
}

TEST_CASE("nn model: predicted class and the float arrays for a shader") {
  CHECK(predicted_class(std::vector<double>{0.1}) == 1);
  CHECK(predicted_class(std::vector<double>{-0.1}) == 0);
  CHECK(predicted_class(std::vector<double>{0.1, 0.3, 0.3}) == 1);  // first on a tie

  ModelSpec spec;
  spec.features = {Feature::X1, Feature::X2, Feature::X1X2};
  spec.hidden = {{4, Activation::Tanh}, {2, Activation::Relu}};
  spec.classes = 3;
  spec.loss = LossKind::Softmax;
  const std::vector<double> p = initial_parameters(spec);
  NetworkArrays arrays;
  export_network(spec, p, arrays);
  CHECK(arrays.layer_sizes == std::vector<std::int32_t>{3, 4, 2, 3});
  CHECK(arrays.features == std::vector<std::int32_t>{0, 1, 4});
  CHECK(arrays.activations == std::vector<std::int32_t>{static_cast<int>(Activation::Tanh),
                                                        static_cast<int>(Activation::Relu),
                                                        static_cast<int>(Activation::Linear)});
  CHECK(arrays.weights.size() == 12 + 8 + 6);
  CHECK(arrays.biases.size() == 4 + 2 + 3);
  const std::vector<LayerShape> shapes = layer_shapes(spec);
  for (std::size_t l = 0; l < shapes.size(); ++l)
    for (int k = 0; k < shapes[l].inputs * shapes[l].outputs; ++k)
      CHECK(arrays.weights[arrays.weight_offsets[l] + k] ==
            static_cast<float>(p[shapes[l].weight_offset + k]));
  const float* before = arrays.weights.data();
  export_network(spec, p, arrays);
  CHECK(arrays.weights.data() == before);  // capacity reused
}

// [SECTION] The feature and activation tables (core/nn/nn_tables.hpp)
// One golden line per row, from the closed form (not from the table): a new row is not done
// until its line is here. The loops then check what every row must agree on.

namespace {

struct FeatureGolden {
  std::string_view name;
  double expected;  // at (x1, x2) = (0.7, -1.3)
};
constexpr FeatureGolden kFeatureGolden[] = {
    {"x1", 0.7},
    {"x2", -1.3},
    {"x1sq", 0.49},
    {"x2sq", 1.69},
    {"x1x2", -0.91},
    {"sinx1", 0.644217687237691},
    {"sinx2", -0.963558185417193},
};

struct ActivationGolden {
  std::string_view name;
  double z, value, derivative;
};
constexpr ActivationGolden kActivationGolden[] = {
    {"relu", 0.8, 0.8, 1.0},
    {"relu", -0.8, 0.0, 0.0},
    {"tanh", 0.8, 0.6640367702678491, 0.5590551677322437},
    {"tanh", -0.8, -0.6640367702678491, 0.5590551677322437},
    {"sigmoid", 0.8, 0.6899744811276125, 0.2139096965202944},
    {"sigmoid", -0.8, 0.31002551887238755, 0.21390969652029443},
    {"linear", 0.8, 0.8, 1.0},
    {"linear", -0.8, -0.8, 1.0},
};

}  // namespace

TEST_CASE("nn tables: every feature row has its golden value, and its gates compute it exactly") {
  REQUIRE(std::size(kFeatureGolden) == kFeatures.size());
  const double x1 = 0.7, x2 = -1.3;
  for (const FeatureGolden& golden : kFeatureGolden) {
    CAPTURE(golden.name);
    const std::optional<Feature> feature = feature_from_name(golden.name);
    REQUIRE(feature);
    const FeatureInfo& row = feature_info(*feature);
    CHECK(row.name == golden.name);
    CHECK(row.value(x1, x2) == doctest::Approx(golden.expected).epsilon(1e-14));
    CHECK(feature_value(*feature, x1, x2) == row.value(x1, x2));
    CHECK_FALSE(row.glsl.empty());
    CHECK(std::string_view(row.label).size() > 0);
    // The graph's node for the feature: exactly the row's value (the shader and the dense layers
    // rely on it), and it reads exactly the coordinates the row says.
    ModelSpec spec;
    spec.features = {*feature};
    spec.hidden.clear();
    const std::vector<double> parameters = initial_parameters(spec);
    Result<PointGraph> built = build_point_graph(spec, parameters, {x1, x2, 1}, false);
    REQUIRE(built);
    const Graph& g = built->graph;
    const NodeId node = g.find_name(row.name);
    REQUIRE(node != kNoNode);
    Result<Evaluation> ev = evaluate(g);
    REQUIRE(ev);
    CHECK(ev->value[node] == row.value(x1, x2));
    CHECK((g.find_name("x1") != kNoNode) == (row.reads != Reads::X2));
    CHECK((g.find_name("x2") != kNoNode) == (row.reads != Reads::X1));
  }
  std::string golden_names;  // every row's name in order: the golden lines follow the table
  for (const FeatureGolden& golden : kFeatureGolden)
    golden_names += (golden_names.empty() ? "" : ",") + std::string(golden.name);
  CHECK(feature_names(",", ",") == golden_names);
  CHECK(feature_names(", ", " or ").starts_with("x1, x2, x1sq"));
  CHECK_FALSE(feature_from_name("x3"));
}

TEST_CASE(
    "nn tables: every activation row has its golden numbers; graph, derivative, float agree") {
  for (const ActivationInfo& row : kActivations) {
    const bool has_golden =
        std::any_of(std::begin(kActivationGolden), std::end(kActivationGolden),
                    [&](const ActivationGolden& golden) { return golden.name == row.name; });
    CHECK_MESSAGE(has_golden, row.name);
  }
  for (const ActivationGolden& golden : kActivationGolden) {
    CAPTURE(golden.name);
    CAPTURE(golden.z);
    const std::optional<Activation> activation = activation_from_name(golden.name);
    REQUIRE(activation);
    const ActivationInfo& row = activation_info(*activation);
    const double out = row.value(golden.z);
    CHECK(out == doctest::Approx(golden.value).epsilon(1e-14));
    CHECK(row.derivative(golden.z, out) == doctest::Approx(golden.derivative).epsilon(1e-14));
    const double h = 1e-6;  // central differences, away from relu's kink
    CHECK((row.value(golden.z + h) - row.value(golden.z - h)) / (2 * h) ==
          doctest::Approx(golden.derivative).epsilon(1e-7));
    CHECK(row.value_float(static_cast<float>(golden.z)) ==
          doctest::Approx(static_cast<float>(golden.value)).epsilon(1e-6));
    const std::string glsl = activation_glsl(*activation, "v");
    CHECK(glsl.find("v") != std::string::npos);
    CHECK(glsl.find("{z}") == std::string::npos);

    // In the per-point graph: one neuron with z = its bias (x1 = 0): the neuron's node is the
    // row's value exactly, and backprop through the row's gates gives its derivative.
    ModelSpec spec;
    spec.features = {Feature::X1};
    spec.hidden = {{1, *activation}};
    spec.loss = LossKind::SquaredError;
    std::vector<double> parameters = initial_parameters(spec);
    parameters[layer_shapes(spec)[0].bias_offset] = golden.z;
    parameters[layer_shapes(spec)[1].weight_offset] = 1.0;
    Result<PointGraph> built = build_point_graph(spec, parameters, {0.0, 0.0, 1}, false);
    REQUIRE(built);
    const Graph& g = built->graph;
    const NodeId neuron = built->neurons[0][0];
    CHECK(g.name(neuron) == "h1_0");
    Result<Evaluation> ev = evaluate(g);
    REQUIRE(ev);
    CHECK(ev->value[neuron] == out);
    const NodeId z = g.find_name("z1_0");
    CHECK((z == kNoNode) == (row.gates == nullptr));  // linear: no gate, the sum is the neuron
    if (z != kNoNode)
      CHECK(ev->grad[z] == doctest::Approx(ev->grad[neuron] * golden.derivative).epsilon(1e-12));
  }
  CHECK(activation_names(", ", " or ").starts_with("relu, tanh, sigmoid"));
  CHECK(activation_names(", ", " or ").ends_with(" or " + std::string(kActivations.back().name)));
  CHECK(output_activation_names() == "linear or tanh");
  CHECK_FALSE(activation_from_name("gelu"));
}
