// nn_model.cpp — MLP spec, parameters, the per-point graph and the shader export
// (see nn_model.hpp).
//
// Index
//   [SECTION] Names
//   [SECTION] Spec and parameters
//   [SECTION] Reference forward pass
//   [SECTION] The per-point graph: builder, features, neurons, losses
//   [SECTION] Export for a fragment shader
#include "nn_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "layout.hpp"
#include "nn_dataset.hpp"
#include "nn_random.hpp"
#include "ops.hpp"

namespace gf::nn {

// [SECTION] Names -------------------------------------------------------------------------------

namespace {
constexpr std::array<std::string_view, 4> kLossNames = {"hinge", "bce", "mse", "softmax"};
constexpr std::array<std::string_view, 3> kInitNames = {"uniform", "xavier", "he"};
static_assert(kLossNames.size() == static_cast<std::size_t>(LossKind::Count_));
static_assert(kInitNames.size() == static_cast<std::size_t>(InitScheme::Count_));

template <class Enum, std::size_t N>
std::optional<Enum> from_name(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}
}  // namespace

std::string_view loss_name(LossKind l) { return kLossNames[static_cast<int>(l)]; }
std::string_view init_name(InitScheme i) { return kInitNames[static_cast<int>(i)]; }
std::optional<LossKind> loss_from_name(std::string_view name) {
  return from_name<LossKind>(kLossNames, name);
}
std::optional<InitScheme> init_from_name(std::string_view name) {
  return from_name<InitScheme>(kInitNames, name);
}

// [SECTION] Spec and parameters ---------------------------------------------------------------

Status validate(const ModelSpec& spec) {
  if (spec.features.empty()) return Status::failure("the network needs at least one input feature");
  for (std::size_t i = 0; i < spec.features.size(); ++i) {
    if (spec.features[i] >= Feature::Count_) return Status::failure("unknown input feature");
    for (std::size_t j = 0; j < i; ++j)
      if (spec.features[j] == spec.features[i])
        return Status::failure("the feature " + std::string(feature_name(spec.features[i])) +
                               " is listed twice");
  }
  if (spec.hidden.size() > static_cast<std::size_t>(kMaxHiddenLayers))
    return Status::failure("at most " + std::to_string(kMaxHiddenLayers) + " hidden layers");
  for (std::size_t l = 0; l < spec.hidden.size(); ++l) {
    if (spec.hidden[l].neurons < 1 || spec.hidden[l].neurons > kMaxNeurons)
      return Status::failure("hidden layer " + std::to_string(l + 1) + " has " +
                             std::to_string(spec.hidden[l].neurons) +
                             " neurons; a layer has 1 to " + std::to_string(kMaxNeurons));
    if (spec.hidden[l].activation >= Activation::Count_)
      return Status::failure("hidden layer " + std::to_string(l + 1) + ": unknown activation");
  }
  if (spec.output_activation >= Activation::Count_ ||
      !activation_info(spec.output_activation).keeps_sign)
    return Status::failure("the output activation must be " + output_activation_names() +
                           " (scores are compared with 0)");
  if (spec.classes < 2 || spec.classes > kMaxClasses)
    return Status::failure("the number of classes must be from 2 to " +
                           std::to_string(kMaxClasses));
  if (spec.loss >= LossKind::Count_) return Status::failure("unknown loss");
  if (spec.problem >= Problem::Count_) return Status::failure("unknown problem type");
  if (spec.problem == Problem::Regression && spec.loss != LossKind::SquaredError)
    return Status::failure("regression fits values with the squared error: the loss must be " +
                           std::string(loss_name(LossKind::SquaredError)));
  if (spec.init >= InitScheme::Count_) return Status::failure("unknown initialisation");
  return Status::success();
}

int output_count(const ModelSpec& spec) {
  if (spec.problem == Problem::Regression) return 1;
  return spec.classes == 2 && spec.loss != LossKind::Softmax ? 1 : spec.classes;
}

std::vector<LayerShape> layer_shapes(const ModelSpec& spec) {
  std::vector<LayerShape> shapes;
  int inputs = static_cast<int>(spec.features.size()), offset = 0;
  auto add = [&](int outputs, Activation activation) {
    LayerShape shape{inputs, outputs, activation, offset, offset + inputs * outputs};
    offset = shape.bias_offset + outputs;
    inputs = outputs;
    shapes.push_back(shape);
  };
  for (const LayerSpec& layer : spec.hidden) add(layer.neurons, layer.activation);
  add(output_count(spec), spec.output_activation);
  return shapes;
}

int parameter_count(const ModelSpec& spec) {
  const LayerShape last = layer_shapes(spec).back();
  return last.bias_offset + last.outputs;
}

std::vector<double> initial_parameters(const ModelSpec& spec) {
  std::vector<double> parameters(parameter_count(spec), 0.0);
  Rng rng = Rng::stream(spec.init_seed, kInitStream);
  for (const LayerShape& layer : layer_shapes(spec)) {
    const double fan_in = layer.inputs, fan_out = layer.outputs;
    for (int k = 0; k < layer.inputs * layer.outputs; ++k) {
      double& w = parameters[layer.weight_offset + k];
      switch (spec.init) {
        case InitScheme::Uniform:
          w = rng.uniform(-1, 1);
          break;
        case InitScheme::Xavier: {
          const double limit = std::sqrt(6.0 / (fan_in + fan_out));
          w = rng.uniform(-limit, limit);
          break;
        }
        case InitScheme::He:
          w = rng.normal(0, std::sqrt(2.0 / fan_in));
          break;
        case InitScheme::Count_:
          break;
      }
    }
  }
  return parameters;  // biases stay 0
}

std::vector<std::uint8_t> weight_mask(const ModelSpec& spec) {
  std::vector<std::uint8_t> mask(parameter_count(spec), 0);
  for (const LayerShape& layer : layer_shapes(spec))
    std::fill_n(mask.begin() + layer.weight_offset, layer.inputs * layer.outputs, 1);
  return mask;
}

std::string parameter_name(const ModelSpec& spec, int index) {
  const std::vector<LayerShape> shapes = layer_shapes(spec);
  for (std::size_t l = 0; l < shapes.size(); ++l) {
    const LayerShape& layer = shapes[l];
    const std::string number = std::to_string(l + 1);
    if (index >= layer.weight_offset && index < layer.bias_offset) {
      const int k = index - layer.weight_offset;
      return "w" + number + "_" + std::to_string(k / layer.inputs) + "_" +
             std::to_string(k % layer.inputs);
    }
    if (index >= layer.bias_offset && index < layer.bias_offset + layer.outputs)
      return "b" + number + "_" + std::to_string(index - layer.bias_offset);
  }
  return "";
}

// [SECTION] Reference forward pass ------------------------------------------------------------

void reference_scores(const ModelSpec& spec, std::span<const double> parameters, double x1,
                      double x2, std::span<double> scores) {
  std::array<double, kMaxNeurons> in{}, out{};
  for (std::size_t i = 0; i < spec.features.size(); ++i)
    in[i] = feature_value(spec.features[i], x1, x2);
  for (const LayerShape& layer : layer_shapes(spec)) {
    for (int j = 0; j < layer.outputs; ++j) {
      double z = parameters[layer.bias_offset + j];  // micrograd's order: b first
      for (int i = 0; i < layer.inputs; ++i)
        z += parameters[layer.weight_offset + j * layer.inputs + i] * in[i];
      out[j] = activation_info(layer.activation).value(z);
    }
    in = out;
  }
  for (std::size_t k = 0; k < scores.size(); ++k) scores[k] = in[k];
}

int predicted_class(std::span<const double> scores) {
  if (scores.size() == 1) return scores[0] > 0 ? 1 : 0;
  int best = 0;
  for (std::size_t k = 1; k < scores.size(); ++k)
    if (scores[k] > scores[best]) best = static_cast<int>(k);
  return best;
}

// [SECTION] The per-point graph: builder, features, neurons, losses ----------------------------

double point_input_value(PointInput input, double x1, double x2, int label, double value) {
  switch (input.kind) {
    case PointInputKind::X1:
      return x1;
    case PointInputKind::X2:
      return x2;
    case PointInputKind::SignedLabel:
      return label == 1 ? 1.0 : -1.0;
    case PointInputKind::BinaryLabel:
      return label == 1 ? 1.0 : 0.0;
    case PointInputKind::OneHot:
      return label == input.class_index ? 1.0 : 0.0;
    case PointInputKind::Value:
      return value;
  }
  return 0;
}

namespace {

// Adds nodes through the graph's validated edit API. The names and wires it makes are valid by
// construction, so a refusal is a bug: the first one is kept and reported by build().
class Builder final : public GateAdder {
 public:
  explicit Builder(PointGraph& out) : out_(out) {}

  NodeId input(const std::string& name, double value) {
    return keep(out_.graph.add_node(Op::Input, name, value, true));
  }
  NodeId point_input(const std::string& name, PointInput kind, double value) {
    NodeId id = input(name, value);
    out_.point_inputs.push_back(kind);
    out_.point_input_nodes.push_back(id);
    return id;
  }
  NodeId constant(double value) override { return keep(out_.graph.add_node(Op::Const, "", value)); }
  NodeId gate(Op op, NodeId a, NodeId b = kNoNode, const std::string& name = "",
              double param = 0) override {
    NodeId id = keep(out_.graph.add_node(op, name, param));
    if (id == kNoNode) return id;
    check(out_.graph.connect(a, id, 0));
    if (b != kNoNode) check(out_.graph.connect(b, id, 1));
    return id;
  }
  // ((n0 + n1) + n2) + ...: a chain, so the stepper shows the running sum.
  NodeId sum(const std::vector<NodeId>& nodes, const std::string& name = "") {
    NodeId total = nodes[0];
    for (std::size_t i = 1; i < nodes.size(); ++i)
      total = gate(Op::Add, total, nodes[i], i + 1 == nodes.size() ? name : "");
    return total;
  }
  // log Σ e^(x_i) = m + log Σ e^(x_i − m), m = max x_i: no e^x ever overflows, and since the
  // gradient through m cancels exactly in the math, a tie in max routes nothing wrong.
  NodeId log_sum_exp(const std::vector<NodeId>& terms, const std::string& name) {
    NodeId m = terms[0];
    for (std::size_t i = 1; i < terms.size(); ++i) m = gate(Op::Max, m, terms[i]);
    std::vector<NodeId> exps;
    for (NodeId term : terms) exps.push_back(gate(Op::Exp, gate(Op::Sub, term, m)));
    return gate(Op::Add, m, gate(Op::Log, sum(exps)), name);
  }

  Status status() const { return first_problem_; }

 private:
  NodeId keep(Result<NodeId> added) {
    if (added) return *added;
    check(Status::failure(added.reason()));
    return kNoNode;
  }
  void check(const Status& status) {
    if (!status && first_problem_) first_problem_ = status;
  }
  PointGraph& out_;
  Status first_problem_ = Status::success();
};

std::string suffix(int a, int b) { return std::to_string(a) + "_" + std::to_string(b); }

// The label leaves and the loss "L" on top of the scores.
NodeId build_loss(Builder& b, const ModelSpec& spec, const std::vector<NodeId>& s, PointSample p) {
  auto label_leaf = [&](PointInputKind kind, int class_index, const std::string& name) {
    PointInput input{kind, class_index};
    return b.point_input(name, input, point_input_value(input, p.x1, p.x2, p.label, p.value));
  };
  if (spec.problem == Problem::Regression) {
    NodeId v = label_leaf(PointInputKind::Value, 0, "v");
    return b.gate(Op::Pow, b.gate(Op::Sub, s[0], v, "error"), kNoNode, "L", 2.0);
  }
  if (s.size() == 1) {  // two classes, one score
    switch (spec.loss) {
      case LossKind::Hinge: {
        NodeId y = label_leaf(PointInputKind::SignedLabel, 0, "y");
        NodeId margin = b.gate(Op::Sub, b.constant(1), b.gate(Op::Mul, y, s[0], "ys"), "margin");
        return b.gate(Op::Relu, margin, kNoNode, "L");
      }
      case LossKind::CrossEntropy: {
        NodeId t = label_leaf(PointInputKind::BinaryLabel, 0, "t");
        NodeId softplus = b.log_sum_exp({b.constant(0), s[0]}, "softplus");
        return b.gate(Op::Sub, softplus, b.gate(Op::Mul, t, s[0]), "L");
      }
      default: {  // squared error
        NodeId y = label_leaf(PointInputKind::SignedLabel, 0, "y");
        return b.gate(Op::Pow, b.gate(Op::Sub, s[0], y, "error"), kNoNode, "L", 2.0);
      }
    }
  }
  std::vector<NodeId> t;
  for (std::size_t k = 0; k < s.size(); ++k)
    t.push_back(label_leaf(PointInputKind::OneHot, static_cast<int>(k), "t" + std::to_string(k)));
  auto true_score = [&] {  // Σ_k t_k·s_k: the score of the point's class
    std::vector<NodeId> picked;
    for (std::size_t k = 0; k < s.size(); ++k) picked.push_back(b.gate(Op::Mul, t[k], s[k]));
    return b.sum(picked, "s_true");
  };
  std::vector<NodeId> terms;
  switch (spec.loss) {
    case LossKind::Hinge: {
      NodeId s_true = true_score();
      for (NodeId score : s)
        terms.push_back(
            b.gate(Op::Relu, b.gate(Op::Add, b.gate(Op::Sub, score, s_true), b.constant(1))));
      return b.gate(Op::Sub, b.sum(terms), b.constant(1), "L");
    }
    case LossKind::CrossEntropy:
      for (std::size_t k = 0; k < s.size(); ++k)
        terms.push_back(
            b.gate(Op::Sub, b.log_sum_exp({b.constant(0), s[k]}, ""), b.gate(Op::Mul, t[k], s[k])));
      return s.size() == 1 ? terms[0] : b.sum(terms, "L");
    case LossKind::SquaredError:
      for (std::size_t k = 0; k < s.size(); ++k)
        terms.push_back(b.gate(Op::Pow, b.gate(Op::Sub, s[k], t[k]), kNoNode, "", 2.0));
      return b.sum(terms, "L");
    default: {  // softmax cross-entropy
      NodeId lse = b.log_sum_exp(s, "logsumexp");
      return b.gate(Op::Sub, lse, true_score(), "L");
    }
  }
}

// The network's inputs: each feature's gates (its row in nn_tables.hpp) on the leaves x1 and
// x2, made at the first feature that reads them. A feature reading both makes x2 first: the
// order the graph has always had (its node ids, hence its layout, stay as they were).
std::vector<NodeId> feature_nodes(Builder& b, const ModelSpec& spec, PointSample point) {
  NodeId x1 = kNoNode, x2 = kNoNode;
  auto coordinate = [&](NodeId& leaf, PointInputKind kind, const char* name) {
    if (leaf == kNoNode)
      leaf = b.point_input(name, {kind, 0}, kind == PointInputKind::X1 ? point.x1 : point.x2);
  };
  std::vector<NodeId> in;
  for (Feature feature : spec.features) {
    const FeatureInfo& info = feature_info(feature);
    if (info.reads != Reads::X1) coordinate(x2, PointInputKind::X2, "x2");
    if (info.reads != Reads::X2) coordinate(x1, PointInputKind::X1, "x1");
    in.push_back(info.gates(b, x1, x2, std::string(info.name)));
  }
  return in;
}

}  // namespace

Result<PointGraph> build_point_graph(const ModelSpec& spec, std::span<const double> parameters,
                                     PointSample point, bool lay_out) {
  if (Status valid = validate(spec); !valid) return valid;
  if (parameters.size() != static_cast<std::size_t>(parameter_count(spec)))
    return Status::failure("the model has " + std::to_string(parameter_count(spec)) +
                           " parameters, " + std::to_string(parameters.size()) + " were given");
  if (spec.problem == Problem::Regression && !std::isfinite(point.value))
    return Status::failure("the point's value is not a finite number");
  if (spec.problem == Problem::Classification && (point.label < 0 || point.label >= spec.classes))
    return Status::failure("the point's label " + std::to_string(point.label) +
                           " is not a class of a " + std::to_string(spec.classes) + "-class model");
  PointGraph result;
  Builder b(result);
  result.parameter_nodes.assign(parameters.size(), kNoNode);

  std::vector<NodeId> in = feature_nodes(b, spec, point);

  // Layers: z = b + Σ w·in, then the activation.
  const std::vector<LayerShape> shapes = layer_shapes(spec);
  const bool one_score = output_count(spec) == 1;
  for (std::size_t l = 0; l < shapes.size(); ++l) {
    const LayerShape& layer = shapes[l];
    const int number = static_cast<int>(l) + 1;
    const bool is_output = l + 1 == shapes.size();
    std::vector<NodeId> out;
    for (int j = 0; j < layer.outputs; ++j) {
      const std::string output_name = is_output
                                          ? (one_score ? std::string("s") : "s" + std::to_string(j))
                                          : "h" + suffix(number, j);
      const ActivationInfo& activation = activation_info(layer.activation);
      const bool has_gate = activation.gates != nullptr;
      NodeId bias = b.input("b" + suffix(number, j), parameters[layer.bias_offset + j]);
      result.parameter_nodes[layer.bias_offset + j] = bias;
      std::vector<NodeId> terms{bias};
      for (int i = 0; i < layer.inputs; ++i) {
        const int index = layer.weight_offset + j * layer.inputs + i;
        NodeId w = b.input("w" + suffix(number, j) + "_" + std::to_string(i), parameters[index]);
        result.parameter_nodes[index] = w;
        terms.push_back(b.gate(Op::Mul, w, in[i]));
      }
      NodeId z = b.sum(terms, has_gate ? "z" + suffix(number, j) : output_name);
      if (has_gate) z = activation.gates(b, z, output_name);
      out.push_back(z);
    }
    result.neurons.push_back(out);
    in = out;
  }
  result.scores = in;
  result.loss = build_loss(b, spec, result.scores, point);
  if (Status built = b.status(); !built) return built;
  if (Status output = result.graph.set_output(result.loss); !output) return output;
  if (lay_out) auto_layout(result.graph);
  return result;
}

// [SECTION] Export for a fragment shader ------------------------------------------------------

void export_network(const ModelSpec& spec, std::span<const double> parameters,
                    NetworkArrays& arrays) {
  arrays.features.clear();
  for (Feature feature : spec.features)
    arrays.features.push_back(static_cast<std::int32_t>(feature));
  arrays.layer_sizes.assign(1, static_cast<std::int32_t>(spec.features.size()));
  arrays.activations.clear();
  arrays.weight_offsets.clear();
  arrays.bias_offsets.clear();
  arrays.weights.clear();
  arrays.biases.clear();
  int layers = static_cast<int>(spec.hidden.size()) + 1;
  for (int l = 0; l < layers; ++l) {
    const bool is_output = l + 1 == layers;
    const int inputs = arrays.layer_sizes.back();
    const int outputs = is_output ? output_count(spec) : spec.hidden[l].neurons;
    const int weight_offset = static_cast<int>(arrays.weights.size()) +
                              static_cast<int>(arrays.biases.size());  // parameter index
    arrays.layer_sizes.push_back(outputs);
    arrays.activations.push_back(
        static_cast<std::int32_t>(is_output ? spec.output_activation : spec.hidden[l].activation));
    arrays.weight_offsets.push_back(static_cast<std::int32_t>(arrays.weights.size()));
    arrays.bias_offsets.push_back(static_cast<std::int32_t>(arrays.biases.size()));
    for (int k = 0; k < inputs * outputs; ++k)
      arrays.weights.push_back(static_cast<float>(parameters[weight_offset + k]));
    for (int j = 0; j < outputs; ++j)
      arrays.biases.push_back(static_cast<float>(parameters[weight_offset + inputs * outputs + j]));
  }
}

}  // namespace gf::nn
