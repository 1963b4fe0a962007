// network_diagram.cpp — the network diagram's pictures (lab_network_column.hpp): the nodes'
// thumbnails, the wires by weight, and the nodes themselves.
//
// The thumbnails are one texture atlas, refreshed each frame from the engine's
// evaluate_neuron_grids (kThumb² points per neuron) and drawn as one image quad per node.
//
// Index
//   [SECTION] Thumbnails
//   [SECTION] Wires
//   [SECTION] Weights under the mouse
//   [SECTION] Nodes
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>

#include "lab_network_column.hpp"

namespace gf::gui {

namespace {

// A neuron's output as its thumbnail shows it, in (−1, 1).
float thumbnail_value(nn::Activation activation, float value) {
  return nn::activation_info(activation).unit_interval ? 2 * value - 1 : value;  // (0, 1) → (−1, 1)
}

void put_pixel(std::vector<std::uint8_t>& atlas, int atlas_width, int x, int y, Rgb c) {
  std::uint8_t* p = &atlas[(static_cast<std::size_t>(y) * atlas_width + x) * 4];
  p[0] = static_cast<std::uint8_t>(c.r * 255);
  p[1] = static_cast<std::uint8_t>(c.g * 255);
  p[2] = static_cast<std::uint8_t>(c.b * 255);
  p[3] = 255;
}

}  // namespace

// [SECTION] Thumbnails ---------------------------------------------------------------------------

void LabNetworkColumn::update_thumbnails(const LabState& state, const LabFrame& frame,
                                         HeatmapRenderer& heatmap) {
  const LabRun& run = state.main;
  if (state.compare || !run.trainer) return;
  // Only when something changed, and at most every third frame while training (an upload is a
  // flush: docs/ARCHITECTURE.md's house rule on software GL); 20 a second read as smooth here.
  const std::span<const double> parameters = run.trainer->parameters();
  const bool same = atlas_ != 0 && thumbnail_dark_ == frame.dark &&
                    thumbnail_step_ == run.trainer->step() &&
                    std::equal(parameters.begin(), parameters.end(), thumbnail_parameters_.begin(),
                               thumbnail_parameters_.end());
  // A large network's thumbnails cost a forward pass over kThumb² points: they take turns with
  // the other evaluations (LabState::evaluation_turn), and a small one's are treated as costing
  // enough to take a turn too (every third frame).
  const double ms =
      kThumb * kThumb * static_cast<double>(parameters.size()) / LabState::kDenseMacsPerMs;
  const bool turn = state.evaluation_turn(LabState::Evaluation::Thumbnails, std::max(ms, 0.3));
  if (same || (state.playing && atlas_ != 0 && !turn)) return;
  thumbnail_parameters_.assign(parameters.begin(), parameters.end());
  thumbnail_step_ = run.trainer->step();
  thumbnail_dark_ = frame.dark;
  const int tiles = nn::kFeatureCount + run.trainer->hidden_neuron_count();
  const int rows = (tiles + kAtlasColumns - 1) / kAtlasColumns;
  const int width = kAtlasColumns * kThumb, height = rows * kThumb;
  atlas_pixels_.assign(static_cast<std::size_t>(width) * height * 4, 0);
  draw_thumbnails(state.box, run, frame.dark, width);
  atlas_ = heatmap.upload_atlas(width, height, atlas_pixels_.data());
}

void LabNetworkColumn::draw_thumbnails(const nn::PlaneBox& box, const LabRun& run, bool dark,
                                       int width) {
  const Rgb neutral = heat_neutral(dark);
  auto tile_origin = [&](int tile) {
    return std::pair{(tile % kAtlasColumns) * kThumb, (tile / kAtlasColumns) * kThumb};
  };
  // Pixel (col, row) of a tile is the plane's point at the texel centre, row 0 at y_max.
  auto point = [&](int col, int row) {
    return std::pair{box.x_min + (col + 0.5) * (box.x_max - box.x_min) / kThumb,
                     box.y_max - (row + 0.5) * (box.y_max - box.y_min) / kThumb};
  };
  for (int f = 0; f < nn::kFeatureCount; ++f) {
    double largest = 1e-12;
    for (int row = 0; row < kThumb; ++row)
      for (int col = 0; col < kThumb; ++col) {
        auto [x, y] = point(col, row);
        largest = std::max(largest, std::fabs(nn::kFeatures[f].value(x, y)));
      }
    auto [ox, oy] = tile_origin(f);
    for (int row = 0; row < kThumb; ++row)
      for (int col = 0; col < kThumb; ++col) {
        auto [x, y] = point(col, row);
        put_pixel(
            atlas_pixels_, width, ox + col, oy + row,
            diverging_color(static_cast<float>(nn::kFeatures[f].value(x, y) / largest), neutral));
      }
  }
  const int neurons = run.trainer->hidden_neuron_count();
  if (neurons == 0) return;
  neuron_values_.resize(static_cast<std::size_t>(neurons) * kThumb * kThumb);
  nn::dense_neuron_grids(run.arrays, box, kThumb, kThumb, neuron_values_, dense_scratch_);
  int neuron = 0;
  for (const nn::LayerSpec& layer : run.model.hidden)
    for (int j = 0; j < layer.neurons && neuron < neurons; ++j, ++neuron) {
      auto [ox, oy] = tile_origin(nn::kFeatureCount + neuron);
      const float* values = &neuron_values_[static_cast<std::size_t>(neuron) * kThumb * kThumb];
      for (int i = 0; i < kThumb * kThumb; ++i)
        put_pixel(atlas_pixels_, width, ox + i % kThumb, oy + i / kThumb,
                  diverging_color(thumbnail_value(layer.activation, values[i]), neutral));
    }
}

std::pair<ImVec2, ImVec2> LabNetworkColumn::tile_uv(int tile, int tile_count) const {
  const float atlas_w = static_cast<float>(kAtlasColumns * kThumb);
  const float atlas_h =
      static_cast<float>((tile_count + kAtlasColumns - 1) / kAtlasColumns * kThumb);
  const float u0 = static_cast<float>((tile % kAtlasColumns) * kThumb) / atlas_w;
  const float v0 = static_cast<float>((tile / kAtlasColumns) * kThumb) / atlas_h;
  return {ImVec2{u0, v0}, ImVec2{u0 + kThumb / atlas_w, v0 + kThumb / atlas_h}};
}

// [SECTION] Wires --------------------------------------------------------------------------------
// Without anti-aliasing: a thick AA line is four long thin triangles (the cost: the house rule
// on software GL, docs/ARCHITECTURE.md).

namespace {

struct WirePlan {
  bool curved = false;       // few wires: Béziers
  bool as_gl_lines = false;  // many: one-pixel GL lines in one draw, |w| as opacity
  float max_thickness = 0;
  double weakest_shown = 0;  // the smallest |w| drawn
};

// Thousands of wires would cost more than the rest of the frame (~4 µs a wire, see the house
// rule on software GL in docs/ARCHITECTURE.md) and show nothing: beyond 600, only the strongest
// 600 are drawn; beyond 2,000 (three layers of 32), where the diagram is about its strongest
// paths, the strongest 300.
double weakest_shown_weight(const std::vector<nn::LayerShape>& shapes,
                            std::span<const double> parameters, std::size_t wires) {
  const std::size_t shown = wires > 2000 ? 300 : 600;
  if (wires <= shown) return 0;
  std::vector<double> magnitudes;
  magnitudes.reserve(wires);
  for (const nn::LayerShape& shape : shapes)
    for (int k = 0; k < shape.inputs * shape.outputs; ++k)
      magnitudes.push_back(
          std::fabs(parameters[static_cast<std::size_t>(shape.weight_offset + k)]));
  std::nth_element(magnitudes.begin(), magnitudes.begin() + shown - 1, magnitudes.end(),
                   std::greater<>());
  return magnitudes[shown - 1];
}

WirePlan plan_wires(const std::vector<nn::LayerShape>& shapes, std::span<const double> parameters,
                    float s, ShapeBatch& gl_lines) {
  std::size_t wires = 0;
  for (const nn::LayerShape& shape : shapes)
    wires += static_cast<std::size_t>(shape.inputs * shape.outputs);
  WirePlan plan;
  plan.curved = wires <= 240;
  // Beyond 100 wires, thick lines cost more than the rest of the diagram (docs/ARCHITECTURE.md,
  // house rules): one-pixel GL lines, in one draw, instead.
  plan.as_gl_lines = wires > 100 && gl_lines.ready();
  plan.max_thickness = (wires <= 100 ? 6.0f : wires <= 300 ? 3.0f : 2.0f) * s;
  plan.weakest_shown = weakest_shown_weight(shapes, parameters, wires);
  return plan;
}

void draw_wire(ImDrawList* list, ShapeBatch& gl_lines, const WirePlan& plan, ImVec2 p0, ImVec2 p3,
               double w, float s) {
  const Rgb c = class_color(w > 0 ? 1 : 0);
  if (plan.as_gl_lines) {  // one pixel wide: |w| shows as opacity instead
    const float alpha = std::clamp(static_cast<float>(std::fabs(w)) * 0.5f, 0.12f, 1.0f);
    gl_lines.add_line(
        {p0.x, p0.y}, {p3.x, p3.y},
        {static_cast<std::uint8_t>(c.r * 255), static_cast<std::uint8_t>(c.g * 255),
         static_cast<std::uint8_t>(c.b * 255), static_cast<std::uint8_t>(alpha * 255)});
    return;
  }
  // Thinner when there are many (their cost: docs/ARCHITECTURE.md's house rule on software GL).
  const float thickness =
      std::clamp(static_cast<float>(std::fabs(w)) * 1.6f * s, 0.6f, plan.max_thickness);
  const ImU32 color = IM_COL32(static_cast<int>(c.r * 255), static_cast<int>(c.g * 255),
                               static_cast<int>(c.b * 255), 210);
  if (plan.curved) {
    const float bend = (p3.x - p0.x) * 0.5f;
    list->AddBezierCubic(p0, {p0.x + bend, p0.y}, {p3.x - bend, p3.y}, p3, color, thickness, 8);
  } else {
    list->AddLine(p0, p3, color, thickness);
  }
}

}  // namespace

std::pair<std::vector<WireSpot>, bool> LabNetworkColumn::draw_wires(ImDrawList* list,
                                                                    const Frame& frame,
                                                                    const NetworkLayout& layout,
                                                                    const LabRun& run,
                                                                    ShapeBatch& wires) const {
  if (!run.trainer) return {};
  const float s = frame.lab.scale;
  const std::span<const double> parameters = run.trainer->parameters();
  const std::vector<nn::LayerShape> shapes = nn::layer_shapes(frame.model);
  const WirePlan plan = plan_wires(shapes, parameters, s, wires);
  std::vector<WireSpot> shown = network_wires(layout, shapes, frame.input_of_feature);
  std::erase_if(shown, [&](const WireSpot& wire) {
    return std::fabs(parameters[static_cast<std::size_t>(wire.parameter)]) < plan.weakest_shown;
  });
  for (const WireSpot& wire : shown)
    draw_wire(list, wires, plan, {wire.from.x, wire.from.y}, {wire.to.x, wire.to.y},
              parameters[static_cast<std::size_t>(wire.parameter)], s);
  return {std::move(shown), plan.curved};
}

// [SECTION] Weights under the mouse --------------------------------------------------------------
// Biases as TensorFlow Playground's small squares, coloured as the wires (orange −, blue +,
// stronger = larger); the hovered square or the nearest wire within a few pixels is the
// inspector's (weight_inspector.hpp), drawn highlighted over the others.

namespace {

bool over_a_node(const NetworkLayout& layout, ImVec2 mouse) {
  for (const std::vector<NetworkNode>& column : layout.columns)
    for (const NetworkNode& n : column) {
      const float half = layout.half_side(n);
      if (std::fabs(mouse.x - n.center.x) < half && std::fabs(mouse.y - n.center.y) < half)
        return true;
    }
  return false;
}

}  // namespace

void LabNetworkColumn::weights_under_mouse(ImDrawList* list, ImDrawListSplitter& layers,
                                           const Frame& frame, const NetworkLayout& layout,
                                           const LabRun& run,
                                           const std::pair<std::vector<WireSpot>, bool>& shown) {
  weights_.begin_frame();
  if (!run.trainer) return;
  const float s = frame.lab.scale;
  const std::span<const double> parameters = run.trainer->parameters();
  const std::vector<BiasSpot> biases = network_biases(layout, nn::layer_shapes(frame.model), s);
  const Rgb neutral = heat_neutral(frame.lab.dark);
  layers.SetCurrentChannel(list, 1);  // over the wires
  for (const BiasSpot& bias : biases) {
    const double b = parameters[static_cast<std::size_t>(bias.parameter)];
    const Rgb sign = class_color(b > 0 ? 1 : 0);  // neutral to the sign's colour as |b| → 1
    const float t = static_cast<float>(std::min(std::fabs(b), 1.0));  // 0: neutral
    const Rgb c{neutral.r + (sign.r - neutral.r) * t, neutral.g + (sign.g - neutral.g) * t,
                neutral.b + (sign.b - neutral.b) * t};
    list->AddRectFilled({bias.min.x - 1, bias.min.y - 1}, {bias.max.x + 1, bias.max.y + 1},
                        lab_color(frame.lab.palette.grid_strong));
    list->AddRectFilled({bias.min.x, bias.min.y}, {bias.max.x, bias.max.y},
                        IM_COL32(static_cast<int>(c.r * 255), static_cast<int>(c.g * 255),
                                 static_cast<int>(c.b * 255), 255));
  }
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && !over_a_node(layout, mouse)) {
    const int square = bias_at(biases, {mouse.x, mouse.y}, 2 * s);
    const int wire = square >= 0 ? -1
                                 : nearest_wire(shown.first, shown.second, {mouse.x, mouse.y},
                                                std::max(4.0f, 4 * s));
    if (square >= 0) weights_.hover(biases[static_cast<std::size_t>(square)].parameter);
    if (wire >= 0) weights_.hover(shown.first[static_cast<std::size_t>(wire)].parameter);
  }
  const ImU32 highlight = lab_color(frame.lab.palette.highlight);
  for (const BiasSpot& bias : biases)
    if (weights_.highlighted(bias.parameter))
      list->AddRect({bias.min.x - 2, bias.min.y - 2}, {bias.max.x + 2, bias.max.y + 2}, highlight,
                    0, 0, 2);
  for (const WireSpot& wire : shown.first) {
    if (!weights_.highlighted(wire.parameter)) continue;
    ImVec2 previous{wire.from.x, wire.from.y};
    const int pieces = shown.second ? kWireSegments : 1;
    for (int piece = 1; piece <= pieces; ++piece) {
      const Vec2 next = wire_point(wire, shown.second, static_cast<float>(piece) / pieces);
      list->AddLine(previous, {next.x, next.y}, highlight, 3 * s);
      previous = {next.x, next.y};
    }
  }
}

// [SECTION] Nodes --------------------------------------------------------------------------------
// Four draw-list layers: wires, frames, images, text. Draws sharing a texture then merge into one
// call instead of alternating. A frame is a filled square one pixel larger than its image: two
// triangles, where an outline costs eight thin ones (why both matter: docs/ARCHITECTURE.md's
// house rule on software GL).

void LabNetworkColumn::draw_node(ImDrawList* list, ImDrawListSplitter& layers, const Frame& frame,
                                 const NetworkLayout& layout, std::size_t column,
                                 std::size_t row) const {
  const Palette& palette = frame.lab.palette;
  const NetworkNode& n = layout.columns[column][row];
  const float half = layout.half_side(n);
  const ImVec2 a{n.center.x - half, n.center.y - half}, b{n.center.x + half, n.center.y + half};
  const bool unused_feature = column == 0 && frame.input_of_feature[row] < 0;
  const bool has_image = n.tile >= 0 ? atlas_ != 0 : frame.boundary != 0;
  if (has_image && !unused_feature) {  // (a dimmed image would show a filled frame through)
    layers.SetCurrentChannel(list, 1);
    list->AddRectFilled({a.x - 1, a.y - 1}, {b.x + 1, b.y + 1}, lab_color(palette.grid_strong));
  }
  layers.SetCurrentChannel(list, 2);
  if (n.tile >= 0 && atlas_ != 0) {
    auto [uv0, uv1] = tile_uv(n.tile, frame.tile_count);
    list->AddImage(lab_texture(atlas_), a, b, uv0, uv1,
                   unused_feature ? IM_COL32(255, 255, 255, 60) : IM_COL32_WHITE);
  } else if (n.tile < 0 && frame.boundary != 0) {
    list->AddImage(lab_texture(frame.boundary), a, b, {0, 1}, {1, 0});
  }
  layers.SetCurrentChannel(list, 3);
  if (unused_feature || !has_image)  // an outline only
    list->AddRect(a, b, lab_color(palette.grid_strong, unused_feature ? 0.5f : 1.0f));
  if (column != 0) return;
  const char* label = nn::kFeatures[row].label;
  const ImVec2 extent = ImGui::CalcTextSize(label);
  const ImVec2 at{a.x - extent.x - 6 * frame.lab.scale, n.center.y - extent.y / 2};
  list->AddText(at, lab_color(unused_feature ? palette.muted_text : palette.node_text), label);
  if (frame.lab.record != nullptr)  // (the GUI tests find the wires from their features)
    frame.lab.record->push_back(
        {label, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, palette.node_text});
}

std::string LabNetworkColumn::hover_text(const Frame& frame, std::size_t column,
                                         std::size_t row) const {
  if (column == 0)
    return std::string(nn::kFeatures[row].label) +
           (frame.input_of_feature[row] < 0 ? " (click to use)" : " (click to drop)");
  if (column > frame.model.hidden.size()) return "output: the decision boundary";
  char text[64];
  std::snprintf(
      text, sizeof text, "layer %zu, neuron %zu (%s)", column, row + 1,
      std::string(nn::activation_name(frame.model.hidden[column - 1].activation)).c_str());
  return text;
}

std::optional<NetworkEdit> LabNetworkColumn::draw_nodes(ImDrawList* list,
                                                        ImDrawListSplitter& layers,
                                                        const Frame& frame,
                                                        const NetworkLayout& layout,
                                                        Hover& hover) const {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::optional<NetworkEdit> edit;
  for (std::size_t c = 0; c < layout.columns.size(); ++c)
    for (std::size_t j = 0; j < layout.columns[c].size(); ++j) {
      draw_node(list, layers, frame, layout, c, j);
      const NetworkNode& n = layout.columns[c][j];
      const float half = layout.half_side(n);
      const bool inside = mouse.x >= n.center.x - half && mouse.x < n.center.x + half &&
                          mouse.y >= n.center.y - half && mouse.y < n.center.y + half;
      if (!inside || !ImGui::IsWindowHovered()) continue;
      hover = {n.tile, {n.center.x + half, n.center.y + half}, hover_text(frame, c, j)};
      if (c == 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        edit = NetworkEdit{NetworkEdit::Kind::ToggleFeature, static_cast<int>(j)};
    }
  return edit;
}

}  // namespace gf::gui
