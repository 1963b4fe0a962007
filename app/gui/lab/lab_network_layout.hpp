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
  float column_w = 0;    // the features' and every hidden layer's column
  float output_w = 0;    // the output's column, at the right edge
  bool narrow = false;   // too narrow for "+ - count" on one line: the layer controls stack
  // Where hidden layer `layer` (0-based) starts, from the area's left edge.
  float layer_x(int layer) const { return features_x + column_w * static_cast<float>(layer + 1); }
};
NetworkColumns network_columns(float area_width, int hidden_layers, float scale);

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
