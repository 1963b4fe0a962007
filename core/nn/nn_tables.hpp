// nn_tables.hpp — THE tables of the classifier lab's vocabulary, as ops.hpp is the gates': the
// input features (x1, x1², sin x1, ...) and the activations (relu, tanh, ...). Every layer reads
// them: the names in flags, JSON and files; the labels drawn in the lab; the per-point graph
// (nn_model.cpp) and its CPU reference; the dense float layers (nn_dense.cpp); the heatmap shader's
// GLSL (app/gui/lab/heatmap_renderer.cpp); the thumbnails and menus of the lab. Adding a feature or an
// activation is one enum entry plus one row (and its golden numbers in tests/unit/test_nn_model.cpp).
//
// Conventions used by every row
//   - `value` is the CPU function in double, computed exactly as the row's gates compute it in the
//     per-point graph (the tests compare them bit for bit), so the reference, the dense layers and
//     the tape agree.
//   - `gates` adds the row to the per-point graph through the op table's gates only (GateAdder),
//     naming its last node `name`, so training (the tape) and the stepper need nothing else.
//   - `glsl` is the same function in GLSL: a feature over the shader's point `p` (p.x = x1,
//     p.y = x2); an activation with "{z}" where its argument goes.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "graph.hpp"
#include "nn_float_math.hpp"
#include "ops.hpp"

namespace gf::nn {

enum class Feature : std::uint8_t { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2, Count_ };
enum class Activation : std::uint8_t { Relu, Tanh, Sigmoid, Linear, Count_ };
inline constexpr int kFeatureCount = static_cast<int>(Feature::Count_);
inline constexpr int kActivationCount = static_cast<int>(Activation::Count_);

// What a row's `gates` may add to the per-point graph: gates of the op table on nodes already
// there (nn_model.cpp's builder, which validates every edit).
class GateAdder {
 public:
  virtual NodeId gate(Op op, NodeId a, NodeId b = kNoNode, const std::string& name = "",
                      double param = 0) = 0;
  virtual NodeId constant(double value) = 0;

 protected:
  ~GateAdder() = default;
};

// [SECTION] Features ----------------------------------------------------------------------------

// The coordinates a feature reads: the graph makes the leaves x1 and x2 only when some feature
// reads them, and the dense layers compute an x1-only feature once per column, an x2-only one
// once per row.
enum class Reads : std::uint8_t { X1, X2, Both };

struct FeatureInfo {
  Feature feature;
  std::string_view name;  // in flags, JSON and files: "x1sq"
  const char* label;      // drawn in the lab (UTF-8): "x1²"
  Reads reads;
  double (*value)(double x1, double x2);
  std::string_view glsl;  // over vec2 p: "p.x * p.x"
  // The feature's node on the leaves x1 and x2 (kNoNode for a coordinate it does not read).
  NodeId (*gates)(GateAdder& add, NodeId x1, NodeId x2, const std::string& name);
};

// clang-format off
inline constexpr std::array<FeatureInfo, kFeatureCount> kFeatures = {{
  {Feature::X1, "x1", "x1", Reads::X1,
   [](double x1, double) { return x1; }, "p.x",
   [](GateAdder&, NodeId x1, NodeId, const std::string&) { return x1; }},
  {Feature::X2, "x2", "x2", Reads::X2,
   [](double, double x2) { return x2; }, "p.y",
   [](GateAdder&, NodeId, NodeId x2, const std::string&) { return x2; }},
  {Feature::X1Squared, "x1sq", "x1\u00b2", Reads::X1,
   [](double x1, double) { return x1 * x1; }, "p.x * p.x",
   [](GateAdder& add, NodeId x1, NodeId, const std::string& name) {
     return add.gate(Op::Pow, x1, kNoNode, name, 2.0);
   }},
  {Feature::X2Squared, "x2sq", "x2\u00b2", Reads::X2,
   [](double, double x2) { return x2 * x2; }, "p.y * p.y",
   [](GateAdder& add, NodeId, NodeId x2, const std::string& name) {
     return add.gate(Op::Pow, x2, kNoNode, name, 2.0);
   }},
  {Feature::X1X2, "x1x2", "x1\u00b7x2", Reads::Both,
   [](double x1, double x2) { return x1 * x2; }, "p.x * p.y",
   [](GateAdder& add, NodeId x1, NodeId x2, const std::string& name) {
     return add.gate(Op::Mul, x1, x2, name);
   }},
  {Feature::SinX1, "sinx1", "sin x1", Reads::X1,  // as the sin gate (ops.hpp): std::sin
   [](double x1, double) { return std::sin(x1); }, "sin(p.x)",
   [](GateAdder& add, NodeId x1, NodeId, const std::string& name) {
     return add.gate(Op::Sin, x1, kNoNode, name);
   }},
  {Feature::SinX2, "sinx2", "sin x2", Reads::X2,
   [](double, double x2) { return std::sin(x2); }, "sin(p.y)",
   [](GateAdder& add, NodeId, NodeId x2, const std::string& name) {
     return add.gate(Op::Sin, x2, kNoNode, name);
   }},
}};
// clang-format on

// [SECTION] Activations -------------------------------------------------------------------------

struct ActivationInfo {
  Activation activation;
  std::string_view name;      // in flags, JSON and files, and drawn in the lab's menus
  const char* short_label;    // drawn where a column is narrow: "sig"
  double (*value)(double z);  // the reference (nn_model.cpp)
  double (*derivative)(double z, double out);  // d(out)/dz, beside the function (micrograd)
  float (*value_float)(float z);               // the dense float layers (nn_dense.cpp)
  std::string_view glsl;                       // "max({z}, 0.0)"
  // The activation's node on z, named `name`; nullptr for no gate at all (linear: z is named).
  NodeId (*gates)(GateAdder& add, NodeId z, const std::string& name);
  bool keeps_sign;     // usable as the output layer's: scores are compared with 0
  bool unit_interval;  // outputs in (0, 1): the thumbnails stretch them to (−1, 1)
};

// clang-format off
inline constexpr std::array<ActivationInfo, kActivationCount> kActivations = {{
  {Activation::Relu, "relu", "relu",
   [](double z) { return z > 0 ? z : 0.0; },  // as the relu gate: slope 0 at 0
   [](double z, double) { return z > 0 ? 1.0 : 0.0; },
   [](float z) { return z > 0.0f ? z : 0.0f; },
   "max({z}, 0.0)",
   [](GateAdder& add, NodeId z, const std::string& name) {
     return add.gate(Op::Relu, z, kNoNode, name);
   }, false, false},
  {Activation::Tanh, "tanh", "tanh",
   [](double z) { return op_forward(Op::Tanh, z, 0, 0); },  // the gate's rule: same numbers
   [](double, double out) { return 1.0 - out * out; },
   [](float z) { return dense_math::tanh(z); },
   "tanh(clamp({z}, -15.0, 15.0))",  // clamped: no inf/inf
   [](GateAdder& add, NodeId z, const std::string& name) {
     return add.gate(Op::Tanh, z, kNoNode, name);
   }, true, false},
  {Activation::Sigmoid, "sigmoid", "sig",
   [](double z) { return op_forward(Op::Sigmoid, z, 0, 0); },
   [](double, double out) { return out * (1.0 - out); },
   [](float z) { return dense_math::sigmoid(z); },
   "1.0 / (1.0 + exp(-({z})))",
   [](GateAdder& add, NodeId z, const std::string& name) {
     return add.gate(Op::Sigmoid, z, kNoNode, name);
   }, false, true},
  {Activation::Linear, "linear", "lin",
   [](double z) { return z; },
   [](double, double) { return 1.0; },
   [](float z) { return z; },
   "{z}",
   nullptr, true, false},
}};
// clang-format on

// [SECTION] Look-ups ------------------------------------------------------------------------------

// The tables are indexed by their enums: keep the rows in enum order.
constexpr bool nn_tables_in_enum_order() {
  for (int i = 0; i < kFeatureCount; ++i)
    if (static_cast<int>(kFeatures[i].feature) != i) return false;
  for (int i = 0; i < kActivationCount; ++i)
    if (static_cast<int>(kActivations[i].activation) != i) return false;
  return true;
}
static_assert(nn_tables_in_enum_order(), "kFeatures and kActivations must follow their enums");

inline constexpr const FeatureInfo& feature_info(Feature feature) {
  return kFeatures[static_cast<int>(feature)];
}
inline constexpr const ActivationInfo& activation_info(Activation activation) {
  return kActivations[static_cast<int>(activation)];
}
inline std::string_view feature_name(Feature feature) { return feature_info(feature).name; }
inline std::string_view activation_name(Activation a) { return activation_info(a).name; }
std::optional<Feature> feature_from_name(std::string_view name);
std::optional<Activation> activation_from_name(std::string_view name);

// Every name, for help texts and messages: "x1, x2, x1sq, ..." with `separator` between them
// and `last_separator` before the last one ("relu, tanh, sigmoid or linear").
std::string feature_names(std::string_view separator, std::string_view last_separator);
std::string activation_names(std::string_view separator, std::string_view last_separator);
// The output activations validate() accepts, "linear or tanh" (the rows that keep the sign).
std::string output_activation_names();

// An activation's GLSL with `z` in place of "{z}".
std::string activation_glsl(Activation activation, std::string_view z);

}  // namespace gf::nn
