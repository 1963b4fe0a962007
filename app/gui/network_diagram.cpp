// network_diagram.cpp — the network as TensorFlow Playground draws it: the input features on the
// left (click one to use it or not), each hidden layer a column of neurons with +/- buttons and
// its activation, the output on the right. Every node shows its output over the plane as a
// thumbnail; wires are coloured by the weight's sign (blue +, orange −) and as thick as |w|.
// Hovering a node enlarges its map.
//
// The thumbnails are one texture atlas, refreshed each frame from the engine's
// evaluate_neuron_grids (kThumb² points per neuron) and drawn as one image quad per node.
//
// Index
//   [SECTION] Thumbnails
//   [SECTION] The column: layer controls
//   [SECTION] The diagram
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>

#include "lab_panel.hpp"

namespace gf::gui {

namespace {

using nn::kFeatureCount;

double feature_at(int feature, double x, double y) { return nn::kFeatures[feature].value(x, y); }

ImU32 to_imgui(Color c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(c.a * alpha));
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

void LabPanel::update_thumbnails() {
  LabRun& run = state.main;
  if (state.compare || !run.trainer) return;
  // Only when something changed, and at most every third frame while training: uploading a
  // texture costs software GL a flush, and 20 updates a second read as smooth at this size.
  const std::span<const double> parameters = run.trainer->parameters();
  const bool same = atlas_ != 0 && thumbnail_dark_ == frame_.dark && thumbnail_step_ == run.trainer->step() &&
                    std::equal(parameters.begin(), parameters.end(), thumbnail_parameters_.begin(),
                               thumbnail_parameters_.end());
  // A large network's thumbnails cost a forward pass over kThumb² points: they take turns with
  // the other evaluations (LabState::evaluation_turn), and a small one's are treated as costing
  // enough to take a turn too (every third frame).
  const double ms = kThumb * kThumb * static_cast<double>(parameters.size()) / LabState::kDenseMacsPerMs;
  const bool turn = state.evaluation_turn(LabState::Evaluation::Thumbnails, std::max(ms, 0.3));
  if (same || (state.playing && atlas_ != 0 && !turn)) return;
  thumbnail_parameters_.assign(parameters.begin(), parameters.end());
  thumbnail_step_ = run.trainer->step();
  thumbnail_dark_ = frame_.dark;
  const int neurons = run.trainer->hidden_neuron_count();
  const int tiles = kFeatureCount + neurons;
  const int rows = (tiles + kAtlasColumns - 1) / kAtlasColumns;
  const int width = kAtlasColumns * kThumb, height = rows * kThumb;
  atlas_pixels_.assign(static_cast<std::size_t>(width) * height * 4, 0);
  const nn::PlaneBox& box = state.box;
  const Rgb neutral = heat_neutral(frame_.dark);
  auto tile_origin = [&](int tile) { return std::pair{(tile % kAtlasColumns) * kThumb, (tile / kAtlasColumns) * kThumb}; };
  // Pixel (col, row) of a tile is the plane's point at the texel centre, row 0 at y_max.
  auto point = [&](int col, int row) {
    return std::pair{box.x_min + (col + 0.5) * (box.x_max - box.x_min) / kThumb,
                     box.y_max - (row + 0.5) * (box.y_max - box.y_min) / kThumb};
  };
  for (int f = 0; f < kFeatureCount; ++f) {
    double largest = 1e-12;
    for (int row = 0; row < kThumb; ++row)
      for (int col = 0; col < kThumb; ++col) {
        auto [x, y] = point(col, row);
        largest = std::max(largest, std::fabs(feature_at(f, x, y)));
      }
    auto [ox, oy] = tile_origin(f);
    for (int row = 0; row < kThumb; ++row)
      for (int col = 0; col < kThumb; ++col) {
        auto [x, y] = point(col, row);
        put_pixel(atlas_pixels_, width, ox + col, oy + row,
                  diverging_color(static_cast<float>(feature_at(f, x, y) / largest), neutral));
      }
  }
  if (neurons > 0) {
    neuron_values_.resize(static_cast<std::size_t>(neurons) * kThumb * kThumb);
    nn::dense_neuron_grids(run.arrays, box, kThumb, kThumb, neuron_values_, dense_scratch_);
    int neuron = 0;
    for (const nn::LayerSpec& layer : run.model.hidden)
      for (int j = 0; j < layer.neurons && neuron < neurons; ++j, ++neuron) {
        auto [ox, oy] = tile_origin(kFeatureCount + neuron);
        const float* values = &neuron_values_[static_cast<std::size_t>(neuron) * kThumb * kThumb];
        for (int i = 0; i < kThumb * kThumb; ++i) {
          float v = values[i];
          if (nn::activation_info(layer.activation).unit_interval) v = 2 * v - 1;  // (0, 1) → (−1, 1)
          put_pixel(atlas_pixels_, width, ox + i % kThumb, oy + i / kThumb, diverging_color(v, neutral));
        }
      }
  }
  atlas_ = heatmap_.upload_atlas(width, height, atlas_pixels_.data());
}

// [SECTION] The column: layer controls -----------------------------------------------------------

void LabPanel::network_column(Vec2 min, Vec2 size) {
  begin_area("##lab_network", min, size);
  const float s = frame_.scale;
  nn::ModelSpec& model = state.main.model;
  bool changed = false;
  ImGui::SetCursorPos({14 * s, 8 * s});
  heading("FEATURES");
  const float features_x = 14 * s;
  const float output_w = std::round(64 * s);
  const int layers = static_cast<int>(model.hidden.size());
  // Columns: the features, each hidden layer, the output.
  const float column_w = (size.x - 28 * s - output_w) / static_cast<float>(layers + 1);
  ImGui::SameLine(std::max(features_x + column_w, ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 16 * s));
  if (ImGui::Button("+##layer") && layers < nn::kMaxHiddenLayers) {
    model.hidden.push_back({model.hidden.empty() ? 4 : model.hidden.back().neurons,
                            model.hidden.empty() ? nn::Activation::Tanh : model.hidden.back().activation});
    changed = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("-##layer") && layers > 0) {
    model.hidden.pop_back();
    changed = true;
  }
  ImGui::SameLine();
  char title[48];
  std::snprintf(title, sizeof title, "%d HIDDEN LAYER%s", layers, layers == 1 ? "" : "S");
  heading(title);

  // Per layer: +/- neurons and the activation. Narrow columns (many layers) stack the count
  // over the buttons and shorten the activation's name.
  const float controls_y = ImGui::GetCursorPosY();
  const bool narrow = column_w < 96 * s;
  for (int l = 0; l < layers && !changed; ++l) {
    nn::LayerSpec& layer = model.hidden[static_cast<std::size_t>(l)];
    ImGui::PushID(l);
    ImGui::SetCursorPos({features_x + column_w * static_cast<float>(l + 1), controls_y});
    ImGui::BeginGroup();
    if (narrow) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {3 * s, 3 * s});
    if (narrow) ImGui::TextDisabled("%d", layer.neurons);
    if (ImGui::SmallButton("+") && layer.neurons < nn::kMaxNeurons) {
      ++layer.neurons;
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("one more neuron in layer %d", l + 1);
    ImGui::SameLine();
    if (ImGui::SmallButton("-") && layer.neurons > 1) {
      --layer.neurons;
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("one neuron less in layer %d", l + 1);
    if (!narrow) {
      ImGui::SameLine();
      ImGui::TextDisabled("%d", layer.neurons);
    }
    ImGui::SetNextItemWidth(std::min(column_w - 6 * s, 90 * s));
    const int current = static_cast<int>(layer.activation);
    const std::string full_name(nn::activation_name(layer.activation));
    const char* preview = narrow ? nn::activation_info(layer.activation).short_label : full_name.c_str();
    if (ImGui::BeginCombo("##act", preview, narrow ? ImGuiComboFlags_NoArrowButton : 0)) {
      for (int a = 0; a < nn::kActivationCount; ++a)
        if (ImGui::Selectable(std::string(nn::activation_name(static_cast<nn::Activation>(a))).c_str(), a == current)) {
          layer.activation = static_cast<nn::Activation>(a);
          changed = true;
        }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("layer %d's activation: %s", l + 1, full_name.c_str());
    if (narrow) ImGui::PopStyleVar();
    ImGui::EndGroup();
    ImGui::PopID();
  }
  if (changed) {
    state.rebuild();
    ImGui::End();
    return;
  }

  // [SECTION] The diagram ------------------------------------------------------------------------
  ImGui::SetCursorPos({features_x, controls_y + ImGui::GetFrameHeightWithSpacing() * (narrow ? 3.0f : 2.0f) + 4 * s});
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float bottom = min.y + size.y - 40 * s;
  int tallest = kFeatureCount;
  for (const nn::LayerSpec& layer : model.hidden) tallest = std::max(tallest, layer.neurons);
  const float pitch = std::min(52 * s, (bottom - top.y) / static_cast<float>(tallest));
  const float node = std::max(6.0f, std::round(std::min(pitch * 0.78f, column_w * 0.45f)));
  const float label_w = std::round(44 * s);

  // Node centres, column by column: features (all seven, the unused ones dimmed), layers, output.
  struct Node {
    Vec2 center;
    int tile = -1;  // atlas tile, or -1 for the output (the heatmap)
  };
  std::vector<std::vector<Node>> columns;
  std::vector<Node> features;
  for (int f = 0; f < kFeatureCount; ++f)
    features.push_back({{top.x + label_w + node / 2, top.y + pitch * (static_cast<float>(f) + 0.5f)}, f});
  columns.push_back(features);
  int neuron = 0;
  for (int l = 0; l < layers; ++l) {
    const int count = model.hidden[static_cast<std::size_t>(l)].neurons;
    std::vector<Node> column;
    for (int j = 0; j < count; ++j, ++neuron)
      column.push_back({{min.x + features_x + column_w * static_cast<float>(l + 1) + node / 2 + 4 * s,
                         top.y + pitch * (static_cast<float>(j) + 0.5f)},
                        kFeatureCount + neuron});
    columns.push_back(column);
  }
  const float output_node = std::round(std::min(56 * s, std::max(node, 40 * s)));
  columns.push_back({{{min.x + size.x - output_w / 2 - 10 * s, top.y + pitch * 0.5f + output_node / 2}, -1}});

  ImDrawList* list = ImGui::GetWindowDrawList();
  const LabRun* run = &state.main;
  // Which feature slots the first layer reads (the spec lists the used features in order).
  std::vector<int> input_of_feature(kFeatureCount, -1);
  for (std::size_t i = 0; i < model.features.size(); ++i)
    input_of_feature[static_cast<std::size_t>(model.features[i])] = static_cast<int>(i);

  // Wires under the nodes. Without anti-aliasing: a thick AA line is four long thin triangles,
  // and software GL pays for every 4x4 block each one touches (hundreds of wires: milliseconds).
  // Four layers: wires, frames, images, text. Draws sharing a texture then merge into one call
  // instead of alternating (software GL pays per call). A frame is a filled square one pixel
  // larger than its image: two triangles, where an outline costs eight thin ones (software GL
  // pays per triangle too: hundreds of neurons cost milliseconds).
  ImDrawListSplitter draw_layers;
  draw_layers.Split(list, 4);
  draw_layers.SetCurrentChannel(list, 0);
  const ImDrawListFlags saved_flags = list->Flags;
  list->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  if (run->trainer) {
    const std::span<const double> parameters = run->trainer->parameters();
    const std::vector<nn::LayerShape> shapes = nn::layer_shapes(model);
    std::size_t wires = 0;
    for (const nn::LayerShape& shape : shapes) wires += static_cast<std::size_t>(shape.inputs * shape.outputs);
    const bool curved = wires <= 240;
    // Beyond 100 wires, thick lines cost software GL more than the rest of the diagram (every
    // 4x4 block a long thin triangle crosses): one-pixel GL lines, in one draw, instead.
    const bool as_gl_lines = wires > 100 && wires_.ready();
    const float max_thickness = (wires <= 100 ? 6.0f : wires <= 300 ? 3.0f : 2.0f) * s;
    // Thousands of wires would cost more than the rest of the frame and show nothing (software
    // GL pays ~4 µs a wire): beyond 600, only the strongest 600 are drawn; beyond 2,000 (three
    // layers of 32), where the diagram is about its strongest paths, the strongest 300.
    double weakest_shown = 0;
    const std::size_t shown = wires > 2000 ? 300 : 600;
    if (wires > shown) {
      std::vector<double> magnitudes;
      magnitudes.reserve(wires);
      for (const nn::LayerShape& shape : shapes)
        for (int k = 0; k < shape.inputs * shape.outputs; ++k)
          magnitudes.push_back(std::fabs(parameters[static_cast<std::size_t>(shape.weight_offset + k)]));
      std::nth_element(magnitudes.begin(), magnitudes.begin() + shown - 1, magnitudes.end(), std::greater<>());
      weakest_shown = magnitudes[shown - 1];
    }
    for (std::size_t l = 0; l < shapes.size() && l + 1 < columns.size(); ++l) {
      const nn::LayerShape& shape = shapes[l];
      const std::vector<Node>& from = columns[l];
      const std::vector<Node>& to = columns[l + 1];
      for (int j = 0; j < shape.outputs && j < static_cast<int>(to.size()); ++j)
        for (std::size_t source = 0; source < from.size(); ++source) {
          const int i = l == 0 ? input_of_feature[source] : static_cast<int>(source);
          if (i < 0 || i >= shape.inputs) continue;
          const double w = parameters[static_cast<std::size_t>(shape.weight_offset + j * shape.inputs + i)];
          if (std::fabs(w) < weakest_shown) continue;
          const Rgb c = class_color(w > 0 ? 1 : 0);
          // Thinner when there are many: llvmpipe pays for every 4x4 block a long wire crosses.
          const float thickness = std::clamp(static_cast<float>(std::fabs(w)) * 1.6f * s, 0.6f, max_thickness);
          const ImU32 color = IM_COL32(static_cast<int>(c.r * 255), static_cast<int>(c.g * 255),
                                       static_cast<int>(c.b * 255), 210);
          const float half_from = l == 0 ? node / 2 : node / 2;
          const float half_to = (l + 2 == columns.size()) ? output_node / 2 : node / 2;
          const ImVec2 p0{from[source].center.x + half_from, from[source].center.y};
          const ImVec2 p3{to[static_cast<std::size_t>(j)].center.x - half_to, to[static_cast<std::size_t>(j)].center.y};
          if (as_gl_lines) {  // one pixel wide: |w| shows as opacity instead
            const float alpha = std::clamp(static_cast<float>(std::fabs(w)) * 0.5f, 0.12f, 1.0f);
            wires_.add_line({p0.x, p0.y}, {p3.x, p3.y},
                            {static_cast<std::uint8_t>(c.r * 255), static_cast<std::uint8_t>(c.g * 255),
                             static_cast<std::uint8_t>(c.b * 255), static_cast<std::uint8_t>(alpha * 255)});
          } else if (curved) {
            const float bend = (p3.x - p0.x) * 0.5f;
            list->AddBezierCubic(p0, {p0.x + bend, p0.y}, {p3.x - bend, p3.y}, p3, color, thickness, 8);
          } else {
            list->AddLine(p0, p3, color, thickness);
          }
        }
    }
  }

  list->Flags = saved_flags;
  wires_.submit(list);  // in the wires' layer: under the thumbnails

  // Nodes: thumbnails; the output shows the boundary itself.
  const ImGuiIO& io = ImGui::GetIO();
  const ImTextureID atlas = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(atlas_));
  const float atlas_w = static_cast<float>(kAtlasColumns * kThumb);
  const int tile_count = kFeatureCount + neuron;
  const float atlas_h = static_cast<float>((tile_count + kAtlasColumns - 1) / kAtlasColumns * kThumb);
  auto uv_of = [&](int tile) {
    const float u0 = static_cast<float>((tile % kAtlasColumns) * kThumb) / atlas_w;
    const float v0 = static_cast<float>((tile / kAtlasColumns) * kThumb) / atlas_h;
    return std::pair{ImVec2{u0, v0}, ImVec2{u0 + kThumb / atlas_w, v0 + kThumb / atlas_h}};
  };
  int hovered_tile = -2;
  ImVec2 hovered_at{};
  std::string hovered_text;
  for (std::size_t c = 0; c < columns.size(); ++c)
    for (std::size_t j = 0; j < columns[c].size(); ++j) {
      const Node& n = columns[c][j];
      const float half = n.tile < 0 ? output_node / 2 : node / 2;
      const ImVec2 a{n.center.x - half, n.center.y - half}, b{n.center.x + half, n.center.y + half};
      const bool unused_feature = c == 0 && input_of_feature[j] < 0;
      const bool has_image = n.tile >= 0 ? atlas_ != 0 : !textures_.empty() && textures_[0] != 0;
      if (has_image && !unused_feature) {  // (a dimmed image would show a filled frame through)
        draw_layers.SetCurrentChannel(list, 1);
        list->AddRectFilled({a.x - 1, a.y - 1}, {b.x + 1, b.y + 1}, to_imgui(frame_.palette.grid_strong));
      }
      draw_layers.SetCurrentChannel(list, 2);
      if (n.tile >= 0 && atlas_ != 0) {
        auto [uv0, uv1] = uv_of(n.tile);
        list->AddImage(atlas, a, b, uv0, uv1, unused_feature ? IM_COL32(255, 255, 255, 60) : IM_COL32_WHITE);
      } else if (n.tile < 0 && !textures_.empty() && textures_[0] != 0) {
        list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(textures_[0])), a, b, {0, 1}, {1, 0});
      }
      draw_layers.SetCurrentChannel(list, 3);
      if (unused_feature || !has_image)  // an outline only
        list->AddRect(a, b, to_imgui(frame_.palette.grid_strong, unused_feature ? 0.5f : 1.0f));
      if (c == 0) {
        const char* label = nn::kFeatures[j].label;
        const ImVec2 extent = ImGui::CalcTextSize(label);
        list->AddText({a.x - extent.x - 6 * s, n.center.y - extent.y / 2},
                      to_imgui(unused_feature ? frame_.palette.muted_text : frame_.palette.node_text),
                      label);
      }
      const bool inside = io.MousePos.x >= a.x && io.MousePos.x < b.x && io.MousePos.y >= a.y && io.MousePos.y < b.y;
      if (!inside || !ImGui::IsWindowHovered()) continue;
      hovered_tile = n.tile;
      hovered_at = b;
      if (c == 0) {
        hovered_text = std::string(nn::kFeatures[j].label) + (unused_feature ? " (click to use)" : " (click to drop)");
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
          std::vector<nn::Feature> next;
          for (int f = 0; f < kFeatureCount; ++f)
            if ((input_of_feature[static_cast<std::size_t>(f)] >= 0) != (f == static_cast<int>(j)))
              next.push_back(static_cast<nn::Feature>(f));
          if (!next.empty()) {
            model.features = next;
            changed = true;
          }
        }
      } else if (n.tile >= 0) {
        char text[64];
        std::snprintf(text, sizeof text, "layer %zu, neuron %zu (%s)", c, j + 1,
                      std::string(nn::activation_name(model.hidden[c - 1].activation)).c_str());
        hovered_text = text;
      } else {
        hovered_text = "output: the decision boundary";
      }
    }
  draw_layers.Merge(list);
  // The hovered node's map, enlarged, above everything.
  if (hovered_tile != -2) {
    ImDrawList* over = ImGui::GetForegroundDrawList();
    const float big = std::round(168 * s);
    ImVec2 a{hovered_at.x + 8 * s, hovered_at.y - big / 2};
    a.y = std::clamp(a.y, min.y + 4, min.y + size.y - big - 24 * s);
    if (a.x + big > min.x + size.x) a.x = hovered_at.x - big - 60 * s;
    const ImVec2 b{a.x + big, a.y + big};
    over->AddRectFilled({a.x - 4, a.y - 4}, {b.x + 4, b.y + 22 * s}, to_imgui(frame_.palette.callout_fill));
    if (hovered_tile >= 0 && atlas_ != 0) {
      auto [uv0, uv1] = uv_of(hovered_tile);
      over->AddImage(atlas, a, b, uv0, uv1);
    } else if (!textures_.empty() && textures_[0] != 0) {
      over->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(textures_[0])), a, b, {0, 1}, {1, 0});
    }
    over->AddRect(a, b, to_imgui(frame_.palette.callout_stroke));
    over->AddText({a.x, b.y + 3}, to_imgui(frame_.palette.callout_text), hovered_text.c_str());
  }
  ImGui::SetCursorScreenPos({min.x + 14 * s, bottom + 8 * s});
  ImGui::TextDisabled("Wires: blue positive, orange negative, thicker (or brighter) = larger |w|. Hover a node.");
  if (changed) state.rebuild();
  ImGui::End();
}

}  // namespace gf::gui
