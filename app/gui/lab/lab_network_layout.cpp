// lab_network_layout.cpp — the network diagram's geometry and its edits (lab_network_layout.hpp).
// No ImGui here: the unit tests link this file.
#include "lab_network_layout.hpp"

#include <algorithm>
#include <cmath>

namespace gf::gui {

// [SECTION] Columns across the area -------------------------------------------------------------

NetworkColumns network_columns(float area_width, int hidden_layers, float scale) {
  const float s = scale;
  NetworkColumns columns;
  columns.features_x = 14 * s;
  columns.output_w = std::round(64 * s);
  const float inner = area_width - 28 * s - columns.output_w;  // features and hidden layers
  const float layers = static_cast<float>(hidden_layers);
  columns.column_w = inner / (layers + 1);
  columns.features_w = columns.column_w;
  // The features need their label (44), a thumbnail (at most the node share of a layer's column)
  // and 16 for the wires to leave them; a narrow area gives them that and the layers the rest.
  const float features_need = kFeatureLabelWidth * s + 16 * s;
  if (columns.features_w < features_need + kNodeShareOfColumn * columns.column_w) {
    columns.column_w = (inner - features_need) / (layers + kNodeShareOfColumn);
    columns.features_w = features_need + kNodeShareOfColumn * columns.column_w;
  }
  columns.narrow = columns.column_w < 96 * s;
  return columns;
}

LabAreas lab_areas(Vec2 size, float scale, bool presentation, float toolbar_height) {
  const float s = scale;
  LabAreas areas;
  areas.toolbar = toolbar_height;
  areas.left = presentation ? 0.0f : std::round(std::min(250 * s, size.x * 0.25f));
  // The plane is about as tall as the window less the toolbar, the loss curves and the rows
  // under it (~330 units): a tall window widens the column to match, up to a share of the width.
  const float for_plane = size.y - 330 * s;
  areas.right =
      std::round(std::min(std::max(470 * s, for_plane), size.x * (presentation ? 0.5f : 0.4f)));
  return areas;
}

// [SECTION] Nodes --------------------------------------------------------------------------------

NetworkLayout lay_out_network(Vec2 min, Vec2 size, Vec2 top, float scale, int features,
                              const std::vector<int>& neurons) {
  const float s = scale;
  const NetworkColumns across = network_columns(size.x, static_cast<int>(neurons.size()), s);
  NetworkLayout layout;
  layout.bottom = min.y + size.y - 40 * s;
  const int tallest = std::max(features, neurons.empty() ? 0 : *std::ranges::max_element(neurons));
  // A large area lets the nodes grow, up to half as large again (the default network's 7 rows in
  // 364 units, its columns at 560 units).
  const float grow =
      std::clamp(std::min(size.x / (560 * s), (layout.bottom - top.y) / (7 * 52 * s)), 1.0f, 1.5f);
  layout.pitch = std::min(52 * s * grow, (layout.bottom - top.y) / static_cast<float>(tallest));
  layout.node = std::max(
      6.0f, std::round(std::min(layout.pitch * 0.78f, across.column_w * kNodeShareOfColumn)));
  layout.output_node =
      std::round(std::min({56 * s * grow, across.output_w, std::max(layout.node, 40 * s)}));
  const float label_w = std::round(kFeatureLabelWidth * s);  // the features' names
  auto row_y = [&](int row) { return top.y + layout.pitch * (static_cast<float>(row) + 0.5f); };

  std::vector<NetworkNode>& inputs = layout.columns.emplace_back();
  for (int f = 0; f < features; ++f)
    inputs.push_back({{top.x + label_w + layout.node / 2, row_y(f)}, f});
  int tile = features;
  for (std::size_t l = 0; l < neurons.size(); ++l) {
    std::vector<NetworkNode>& layer = layout.columns.emplace_back();
    const float x = min.x + across.layer_x(static_cast<int>(l)) + layout.node / 2 + 4 * s;
    for (int j = 0; j < neurons[l]; ++j) layer.push_back({{x, row_y(j)}, tile++});
  }
  layout.columns.push_back({{{min.x + size.x - across.output_w / 2 - 10 * s,
                              top.y + layout.pitch * 0.5f + layout.output_node / 2},
                             -1}});
  return layout;
}

// [SECTION] Edits the column asks for ----------------------------------------------------------

namespace {

// The features in the table's order, with `feature` switched on or off.
std::vector<nn::Feature> toggled(const std::vector<nn::Feature>& used, int feature) {
  std::vector<nn::Feature> next;
  for (int f = 0; f < static_cast<int>(nn::Feature::Count_); ++f) {
    const bool on = std::ranges::find(used, static_cast<nn::Feature>(f)) != used.end();
    if (on != (f == feature)) next.push_back(static_cast<nn::Feature>(f));
  }
  return next;
}

}  // namespace

bool apply_network_edit(const NetworkEdit& edit, nn::ModelSpec& model) {
  const int layers = static_cast<int>(model.hidden.size());
  const bool layer_edit = edit.kind != NetworkEdit::Kind::AddLayer &&
                          edit.kind != NetworkEdit::Kind::RemoveLayer &&
                          edit.kind != NetworkEdit::Kind::ToggleFeature;
  if (layer_edit && (edit.index < 0 || edit.index >= layers)) return false;
  nn::LayerSpec* layer = layer_edit ? &model.hidden[static_cast<std::size_t>(edit.index)] : nullptr;
  switch (edit.kind) {
    case NetworkEdit::Kind::AddLayer:  // as wide as the last one, with its activation
      if (layers >= nn::kMaxHiddenLayers) return false;
      model.hidden.push_back(
          {model.hidden.empty() ? 4 : model.hidden.back().neurons,
           model.hidden.empty() ? nn::Activation::Tanh : model.hidden.back().activation});
      return true;
    case NetworkEdit::Kind::RemoveLayer:
      if (layers == 0) return false;
      model.hidden.pop_back();
      return true;
    case NetworkEdit::Kind::AddNeuron:
      if (layer->neurons >= nn::kMaxNeurons) return false;
      ++layer->neurons;
      return true;
    case NetworkEdit::Kind::RemoveNeuron:
      if (layer->neurons <= 1) return false;
      --layer->neurons;
      return true;
    case NetworkEdit::Kind::SetActivation:
      layer->activation = edit.activation;
      return true;
    case NetworkEdit::Kind::ToggleFeature: {
      std::vector<nn::Feature> next = toggled(model.features, edit.index);
      if (next.empty()) return false;  // the first layer needs an input
      model.features = std::move(next);
      return true;
    }
  }
  return false;
}

}  // namespace gf::gui
