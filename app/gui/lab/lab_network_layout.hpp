// lab_network_layout.hpp — where the lab's network diagram puts its columns and nodes, and the
// edits its controls ask for: plain data from the column's rectangle and the network's sizes,
// without ImGui (tests/unit/test_lab_network_layout.cpp checks them headless).
//
// The column, left to right: the input features (a label, then a thumbnail each), one column per
// hidden layer (its neurons top-down), the output. Window units throughout; `scale` is the
// lab's type scale (LabFrame::scale).
#pragma once

#include <optional>
#include <vector>

#include "graph.hpp"  // Vec2
#include "nn_model.hpp"

namespace gf::gui {

// [SECTION] Columns across the area -------------------------------------------------------------

struct NetworkColumns {
  float features_x = 0;  // the features' column, from the area's left edge
  float features_w = 0;  // its width: a label and a thumbnail, then room for the wires
  float column_w = 0;    // every hidden layer's column
  float output_w = 0;    // the output's column, at the right edge
  bool narrow = false;   // too narrow for "+ - count" on one line: the layer controls stack
  // Where hidden layer `layer` (0-based) starts, from the area's left edge.
  float layer_x(int layer) const {
    return features_x + features_w + column_w * static_cast<float>(layer);
  }
};
// A wide area shares its width equally among the features and the layers; a narrow one (many
// layers) gives the features what their label, thumbnail and wires need, the layers the rest.
NetworkColumns network_columns(float area_width, int hidden_layers, float scale);
// A thumbnail's side is at most this share of its column (the rest: the wires between).
inline constexpr float kNodeShareOfColumn = 0.45f;
inline constexpr float kFeatureLabelWidth = 44;  // the features' names, left of their thumbnails

// [SECTION] The lab's areas ----------------------------------------------------------------------
// The lab's window area of `size` (under the menu bar) cut into the toolbar (its height given:
// its rows depend on what fits), the data column on the left (none when presenting), the output
// column on the right and the network between. The output column grows with the window's height
// so that a large window's plane grows with it.
struct LabAreas {
  float toolbar = 0, left = 0, right = 0;
};
LabAreas lab_areas(Vec2 size, float scale, bool presentation, float toolbar_height);

// [SECTION] Nodes --------------------------------------------------------------------------------

struct NetworkNode {
  Vec2 center;
  int tile = -1;  // its thumbnail: features first, then the hidden neurons in order; -1 the output
};

struct NetworkLayout {
  float pitch = 0;        // from one neuron's centre to the next one's below
  float node = 0;         // a feature's or a neuron's square side
  float output_node = 0;  // the output's square side (it shows the decision boundary)
  float bottom = 0;       // the diagram's lowest y (the wires' legend goes under it)
  // Features (all of them, used or not), then each hidden layer, then the output (one node).
  std::vector<std::vector<NetworkNode>> columns;
  float half_side(const NetworkNode& n) const { return (n.tile < 0 ? output_node : node) / 2; }
};

// The diagram in the column area min/size, below `top` (its top-left corner, screen units, under
// the layer controls), for `features` inputs and hidden layers of `neurons` each.
NetworkLayout lay_out_network(Vec2 min, Vec2 size, Vec2 top, float scale, int features,
                              const std::vector<int>& neurons);

// [SECTION] Wires and biases: where each parameter is drawn, and which one the mouse is on -----

// A weight's wire: from its source's right edge to its target's left edge, both at mid-height.
// Curved wires are the cubic Bézier network_diagram.cpp draws (control points half-way across, at
// the ends' heights) as kWireSegments straight pieces; straight ones a line.
struct WireSpot {
  int parameter = -1;  // its index in the parameter vector
  Vec2 from, to;
};
inline constexpr int kWireSegments = 8;
// Every drawn weight, layer by layer: a feature the first layer does not read has none, and the
// output node (one, even for k scores) shows the first score's weights. `input_of_feature`: the
// first layer's input each feature feeds, or -1.
std::vector<WireSpot> network_wires(const NetworkLayout& layout,
                                    const std::vector<nn::LayerShape>& shapes,
                                    const std::vector<int>& input_of_feature);
Vec2 wire_point(const WireSpot& wire, bool curved, float t);  // t in [0, 1], as drawn
// The wire nearest to `at` within `tolerance` (distance to the drawn pieces), or -1; its index
// in `wires`. The nearest wins where several pass.
int nearest_wire(const std::vector<WireSpot>& wires, bool curved, Vec2 at, float tolerance);

// A neuron's bias, as TensorFlow Playground draws it: a small square at the neuron's lower left,
// outside it (the wires arrive at mid-height).
struct BiasSpot {
  int parameter = -1;
  Vec2 min, max;
};
std::vector<BiasSpot> network_biases(const NetworkLayout& layout,
                                     const std::vector<nn::LayerShape>& shapes, float scale);
// The bias square under `at` (grown by `slack` on each side), or -1; its index in `biases`.
int bias_at(const std::vector<BiasSpot>& biases, Vec2 at, float slack);

// [SECTION] Edits the column asks for ----------------------------------------------------------
// Drawn first, applied after the column: LabNetworkColumn::draw returns one of these and the lab
// applies it to the main run's model (then rebuilds its trainer).

struct NetworkEdit {
  enum class Kind { AddLayer, RemoveLayer, AddNeuron, RemoveNeuron, SetActivation, ToggleFeature };
  Kind kind = Kind::AddLayer;
  int index = -1;  // the hidden layer (neuron and activation edits) or the feature (toggle)
  nn::Activation activation = nn::Activation::Tanh;  // SetActivation's choice
};

// True when the model changed (a toggle that would leave no feature changes nothing).
bool apply_network_edit(const NetworkEdit& edit, nn::ModelSpec& model);

}  // namespace gf::gui
