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

// [SECTION] Wires and biases --------------------------------------------------------------------

std::vector<WireSpot> network_wires(const NetworkLayout& layout,
                                    const std::vector<nn::LayerShape>& shapes,
                                    const std::vector<int>& input_of_feature) {
  std::vector<WireSpot> wires;
  const auto& columns = layout.columns;
  for (std::size_t l = 0; l < shapes.size() && l + 1 < columns.size(); ++l) {
    const nn::LayerShape& shape = shapes[l];
    const std::vector<NetworkNode>& from = columns[l];
    const std::vector<NetworkNode>& to = columns[l + 1];
    for (int j = 0; j < shape.outputs && j < static_cast<int>(to.size()); ++j)
      for (std::size_t source = 0; source < from.size(); ++source) {
        const int i = l == 0 ? (source < input_of_feature.size() ? input_of_feature[source] : -1)
                             : static_cast<int>(source);
        if (i < 0 || i >= shape.inputs) continue;
        const NetworkNode& target = to[static_cast<std::size_t>(j)];
        wires.push_back({shape.weight_offset + j * shape.inputs + i,
                         {from[source].center.x + layout.node / 2, from[source].center.y},
                         {target.center.x - layout.half_side(target), target.center.y}});
      }
  }
  return wires;
}

Vec2 wire_point(const WireSpot& wire, bool curved, float t) {
  const Vec2 a = wire.from, d = wire.to;
  if (!curved) return {a.x + (d.x - a.x) * t, a.y + (d.y - a.y) * t};
  // ImGui's AddBezierCubic: B(t) = (1−t)³a + 3(1−t)²t·b + 3(1−t)t²·c + t³d.
  const float bend = (d.x - a.x) * 0.5f;
  const Vec2 b{a.x + bend, a.y}, c{d.x - bend, d.y};
  const float u = 1 - t, w0 = u * u * u, w1 = 3 * u * u * t, w2 = 3 * u * t * t, w3 = t * t * t;
  return {w0 * a.x + w1 * b.x + w2 * c.x + w3 * d.x, w0 * a.y + w1 * b.y + w2 * c.y + w3 * d.y};
}

namespace {

float distance_to_segment(Vec2 p, Vec2 a, Vec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
  const float t =
      length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0f, 1.0f) : 0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

}  // namespace

int nearest_wire(const std::vector<WireSpot>& wires, bool curved, Vec2 at, float tolerance) {
  int best = -1;
  float best_distance = tolerance;
  const int pieces = curved ? kWireSegments : 1;
  for (std::size_t k = 0; k < wires.size(); ++k) {
    const WireSpot& wire = wires[k];
    // (a wire stays within its ends' box: the Bézier's control points share their heights)
    if (at.x < std::min(wire.from.x, wire.to.x) - tolerance ||
        at.x > std::max(wire.from.x, wire.to.x) + tolerance ||
        at.y < std::min(wire.from.y, wire.to.y) - tolerance ||
        at.y > std::max(wire.from.y, wire.to.y) + tolerance)
      continue;
    Vec2 previous = wire.from;
    for (int piece = 1; piece <= pieces; ++piece) {
      const Vec2 next =
          wire_point(wire, curved, static_cast<float>(piece) / static_cast<float>(pieces));
      const float d = distance_to_segment(at, previous, next);
      if (d <= best_distance) {
        best_distance = d;
        best = static_cast<int>(k);
      }
      previous = next;
    }
  }
  return best;
}

std::vector<BiasSpot> network_biases(const NetworkLayout& layout,
                                     const std::vector<nn::LayerShape>& shapes, float scale) {
  std::vector<BiasSpot> biases;
  const float side = std::max(4.0f, std::round(std::min(9 * scale, layout.node * 0.24f)));
  const float gap = std::max(1.0f, std::round(2 * scale));
  for (std::size_t l = 0; l < shapes.size() && l + 1 < layout.columns.size(); ++l) {
    const std::vector<NetworkNode>& to = layout.columns[l + 1];
    for (int j = 0; j < shapes[l].outputs && j < static_cast<int>(to.size()); ++j) {
      const NetworkNode& n = to[static_cast<std::size_t>(j)];
      const float half = layout.half_side(n);
      const Vec2 corner{n.center.x - half - gap, n.center.y + half};  // its lower right
      biases.push_back(
          {shapes[l].bias_offset + j, {corner.x - side, corner.y - side}, {corner.x, corner.y}});
    }
  }
  return biases;
}

int bias_at(const std::vector<BiasSpot>& biases, Vec2 at, float slack) {
  for (std::size_t k = 0; k < biases.size(); ++k) {
    const BiasSpot& b = biases[k];
    if (at.x >= b.min.x - slack && at.x <= b.max.x + slack && at.y >= b.min.y - slack &&
        at.y <= b.max.y + slack)
      return static_cast<int>(k);
  }
  return -1;
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
