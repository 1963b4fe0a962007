// nn_model.hpp — the classifier lab's network: an MLP spec, its parameters, and the scalar
// computation graph of the loss for ONE point (micrograd style), which the stepper can open and
// the batched tape (nn_tape.hpp) compiles for training.
//
// The per-point graph, left to right:
//   inputs   x1, x2 (leaves), and the chosen features as their rows' gates (nn_tables.hpp:
//            x1sq = x1^2 a pow gate, x1x2 = x1·x2 a mul, sinx1 = sin(x1) a sin), so the
//            stepper shows the features being computed and d(loss)/d(x1) flows through them;
//   neurons  layer l (1-based; the output layer is the last), neuron j:
//            z = b{l}_{j} + w{l}_{j}_0·in0 + w{l}_{j}_1·in1 + ...   (a chain of mul and add gates,
//            in micrograd's order: sum(wi·xi, start=b)), then the activation's gates (its row
//            in nn_tables.hpp), named h{l}_{j} (no gate for linear); weights and biases are
//            named input leaves;
//   scores   the output layer: "s" for one score, "s0".."s{k-1}" for k;
//   loss     "L", for the point's label given as leaves: y = ±1 (hinge, mse with one score),
//            t = 0/1 (bce with one score), or t0..t{k-1} one-hot (k scores); for regression
//            the point's value v: L = (s − v)², the error named "error".
// Regression (ModelSpec::problem) has one score, fitted to the value with mse (nn_regression.hpp).
// Scores: two classes give one score (class 1 when s > 0) unless the loss is softmax; k classes
// give k scores (the class with the largest score; the first one on a tie).
// Losses, each built from gates of the op table only:
//   hinge    max(0, 1 − y·s) (micrograd's max-margin); k scores: Σ_j max(0, s_j − s_true + 1) − 1
//            (CS231n's multiclass SVM loss; the j = true term is exactly 1)
//   bce      log(1 + e^s) − t·s = −[t·log σ(s) + (1−t)·log(1−σ(s))], computed as a log-sum-exp
//            of (0, s) with the max subtracted, so it never overflows; k scores: one-vs-rest sum
//   mse      (s − y)²; k scores: Σ_j (s_j − t_j)²
//   softmax  log Σ_j e^(s_j − m) + m − s_true with m = max_j s_j (log-sum-exp, no overflow)
// Regularisation is NOT in the per-point graph: it belongs to the batch loss (nn_train.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph.hpp"
#include "nn_dataset.hpp"
#include "nn_tables.hpp"
#include "result.hpp"

namespace gf::nn {

inline constexpr int kMaxHiddenLayers = 8;
inline constexpr int kMaxNeurons = 32;

// Feature and Activation, their names and everything else about them: nn_tables.hpp.
enum class LossKind : std::uint8_t { Hinge, CrossEntropy, SquaredError, Softmax, Count_ };
enum class InitScheme : std::uint8_t { Uniform, Xavier, He, Count_ };

// Names as the CLI and files spell them: hinge bce mse softmax; uniform xavier he.
std::string_view loss_name(LossKind loss);
std::string_view init_name(InitScheme init);
std::optional<LossKind> loss_from_name(std::string_view name);
std::optional<InitScheme> init_from_name(std::string_view name);

struct LayerSpec {
  int neurons = 4;
  Activation activation = Activation::Tanh;
};

struct ModelSpec {
  std::vector<Feature> features{Feature::X1, Feature::X2};  // the network's inputs, in order
  std::vector<LayerSpec> hidden{{16, Activation::Relu}, {16, Activation::Relu}};
  Activation output_activation = Activation::Linear;  // linear or tanh (Playground uses tanh)
  int classes = 2;                                    // classification only
  Problem problem = Problem::Classification;
  LossKind loss = LossKind::Hinge;  // regression: mse
  // Initial weights (biases start at 0): uniform U(−1, 1) as micrograd; xavier U(±√(6/(in+out)));
  // he N(0, 2/in).
  InitScheme init = InitScheme::Uniform;
  std::uint64_t init_seed = 1;
};

// Refuses, naming the problem: no feature or a repeated one; more than kMaxHiddenLayers hidden
// layers; a layer with fewer than 1 or more than kMaxNeurons neurons; an output activation other
// than linear or tanh; classes outside [2, kMaxClasses]; regression with a loss other than mse.
Status validate(const ModelSpec& spec);

// 1 for regression and for two classes (unless softmax), else one score per class.
int output_count(const ModelSpec& spec);

// [SECTION] Parameters
// One flat vector, layer by layer (hidden layers, then the output layer): the weight matrix
// [outputs][inputs] row-major, then the biases [outputs].
struct LayerShape {
  int inputs = 0, outputs = 0;
  Activation activation = Activation::Linear;
  int weight_offset = 0;  // index of W[0][0] in the parameter vector
  int bias_offset = 0;    // index of b[0]
};
std::vector<LayerShape> layer_shapes(const ModelSpec& spec);
int parameter_count(const ModelSpec& spec);
std::vector<double> initial_parameters(const ModelSpec& spec);  // deterministic per init_seed
std::vector<std::uint8_t> weight_mask(const ModelSpec& spec);   // 1 for weights, 0 for biases
std::string parameter_name(const ModelSpec& spec, int index);   // "w1_3_0", "b2_5"

// A feature's value at (x1, x2), as the per-point graph's gates compute it (its row's value).
inline double feature_value(Feature feature, double x1, double x2) {
  return feature_info(feature).value(x1, x2);
}
// Scores of one point with plain loops: the reference a fragment shader mirrors (the tape
// computes the same through the graph). `scores` has output_count(spec) entries.
void reference_scores(const ModelSpec& spec, std::span<const double> parameters, double x1,
                      double x2, std::span<double> scores);
// The class the scores predict (see the top of this file).
int predicted_class(std::span<const double> scores);

// [SECTION] The per-point graph

// What a point-dependent leaf holds: a coordinate, or the label in the form the loss wants. The
// other features are gates on the coordinates (their rows in nn_tables.hpp).
enum class PointInputKind : std::uint8_t { X1, X2, SignedLabel, BinaryLabel, OneHot, Value };
struct PointInput {
  PointInputKind kind = PointInputKind::X1;
  int class_index = 0;  // for OneHot: t{class_index}
};
// `value` is a regression point's target (Dataset::value).
double point_input_value(PointInput input, double x1, double x2, int label, double value = 0);

struct PointSample {
  double x1 = 0, x2 = 0;
  int label = 0;
  double value = 0;  // regression
};

struct PointGraph {
  Graph graph;                               // output: the loss
  std::vector<NodeId> parameter_nodes;       // by parameter index
  std::vector<PointInput> point_inputs;      // the point-dependent leaves ...
  std::vector<NodeId> point_input_nodes;     // ... and their nodes
  std::vector<NodeId> scores;                // output_count(spec) nodes
  std::vector<std::vector<NodeId>> neurons;  // [layer][neuron]: each neuron's output node
  NodeId loss = kNoNode;
};

// The graph of the loss of one point, with the given parameter values and the point's values in
// the leaves, laid out left to right (core/view/layout.hpp) when `lay_out`. Refuses an invalid spec,
// a parameter vector of the wrong size, a label outside [0, classes) (classification) or a
// value that is not finite (regression).
Result<PointGraph> build_point_graph(const ModelSpec& spec, std::span<const double> parameters,
                                     PointSample point, bool lay_out = true);

// [SECTION] Export for a fragment shader
// Everything a shader needs to evaluate the network per pixel, as flat arrays it can upload as
// uniforms or a texture. export_network reuses the vectors' capacity (no allocation once sized).
struct NetworkArrays {
  std::vector<std::int32_t> features;     // Feature values, in input order
  std::vector<std::int32_t> layer_sizes;  // feature count, then each layer's outputs
  std::vector<std::int32_t> activations;  // per layer (hidden..., output): Activation values
  std::vector<std::int32_t> weight_offsets, bias_offsets;  // per layer, into weights / biases
  std::vector<float> weights;  // layer by layer, [outputs][inputs] row-major
  std::vector<float> biases;   // layer by layer
};
void export_network(const ModelSpec& spec, std::span<const double> parameters,
                    NetworkArrays& arrays);

}  // namespace gf::nn
