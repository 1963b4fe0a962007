// lab_network_column.cpp — the lab's network column (lab_network_column.hpp): its heading with
// the layer count and +/- layer buttons, each layer's controls, the diagram under them and the
// hovered node's map. Clicks come back as a NetworkEdit, applied by the lab after drawing.
//
// Index
//   [SECTION] Activations (their table's one hook here)
//   [SECTION] The column
//   [SECTION] Layer controls
//   [SECTION] The diagram
#include "lab_network_column.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gf::gui {

namespace {

// [SECTION] Activations (their table's one hook here) -----------------------------------------

// What a narrow layer column's activation picker shows (nullptr: the full name).
const char* short_activation_name(nn::Activation activation) {
  return nn::activation_info(activation).short_label;
}

// The edit, if it changes the model (a click on "+" at the limit asks for nothing).
std::optional<NetworkEdit> if_possible(const NetworkEdit& edit, const nn::ModelSpec& model) {
  nn::ModelSpec after = model;
  return apply_network_edit(edit, after) ? std::optional(edit) : std::nullopt;
}

// Layer `layer`'s neurons as this frame's edit leaves them (what its count shows).
int neurons_after(const nn::ModelSpec& model, int layer, const std::optional<NetworkEdit>& edit) {
  if (!edit) return model.hidden[static_cast<std::size_t>(layer)].neurons;
  nn::ModelSpec after = model;  // (only on a click: no copy a frame)
  apply_network_edit(*edit, after);
  return after.hidden[static_cast<std::size_t>(layer)].neurons;
}

}  // namespace

// [SECTION] The column ---------------------------------------------------------------------------

std::optional<NetworkEdit> LabNetworkColumn::draw(Vec2 min, Vec2 size, const LabFrame& lab,
                                                  const LabRun& run, unsigned boundary,
                                                  ShapeBatch& wires) {
  begin_lab_area(lab, "##lab_network", min, size);
  const nn::ModelSpec& model = run.model;
  Frame frame{lab, model, std::vector<int>(nn::kFeatureCount, -1), nn::kFeatureCount, boundary};
  // Which feature slots the first layer reads (the spec lists the used features in order).
  for (std::size_t i = 0; i < model.features.size(); ++i)
    frame.input_of_feature[static_cast<std::size_t>(model.features[i])] = static_cast<int>(i);
  for (const nn::LayerSpec& layer : model.hidden) frame.tile_count += layer.neurons;

  const NetworkColumns across =
      network_columns(size.x, static_cast<int>(model.hidden.size()), lab.scale);
  std::optional<NetworkEdit> edit = layer_buttons(frame, across);
  const float controls_y = ImGui::GetCursorPosY();
  if (!edit) edit = layer_controls(frame, across, controls_y);
  // A changed network: its diagram waits for the next frame (the new trainer's weights).
  if (!edit) {
    const float s = lab.scale;
    ImGui::SetCursorPos(
        {across.features_x,
         controls_y + ImGui::GetFrameHeightWithSpacing() * (across.narrow ? 3.0f : 2.0f) + 4 * s});
    edit = diagram(frame, min, size, run, wires);
  }
  ImGui::End();
  return edit;
}

// [SECTION] Layer controls -----------------------------------------------------------------------

std::optional<NetworkEdit> LabNetworkColumn::layer_buttons(const Frame& frame,
                                                           const NetworkColumns& across) {
  const float s = frame.lab.scale;
  const int layers = static_cast<int>(frame.model.hidden.size());
  ImGui::SetCursorPos({14 * s, 8 * s});
  lab_heading(frame.lab, "FEATURES");
  ImGui::SameLine(
      std::max(across.layer_x(0), ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 16 * s));
  std::optional<NetworkEdit> edit;
  if (ImGui::Button("+##layer")) edit = if_possible({NetworkEdit::Kind::AddLayer}, frame.model);
  ImGui::SameLine();
  if (ImGui::Button("-##layer") && !edit)
    edit = if_possible({NetworkEdit::Kind::RemoveLayer}, frame.model);
  ImGui::SameLine();
  // The title as long as the column leaves room for: "2 HIDDEN LAYERS", "2 LAYERS", "2".
  const float room = ImGui::GetWindowWidth() - ImGui::GetCursorPosX() - 8 * s;
  const std::string plural = layers == 1 ? "" : "S";
  std::string title;
  ImGui::PushFont(frame.lab.fonts->ui_large);
  for (const std::string& words : {" HIDDEN LAYER" + plural, " LAYER" + plural, std::string()}) {
    title = std::to_string(layers) + words;
    if (ImGui::CalcTextSize(title.c_str()).x <= room) break;
  }
  ImGui::PopFont();
  lab_heading(frame.lab, title.c_str());
  return edit;
}

// Per layer: +/- neurons and the activation. Narrow columns (many layers) stack the count over
// the buttons and shorten the activation's name. The first change ends the row for this frame.
std::optional<NetworkEdit> LabNetworkColumn::layer_controls(const Frame& frame,
                                                            const NetworkColumns& across,
                                                            float top) {
  std::optional<NetworkEdit> edit;
  for (int l = 0; l < static_cast<int>(frame.model.hidden.size()) && !edit; ++l) {
    ImGui::PushID(l);
    ImGui::SetCursorPos({across.layer_x(l), top});
    ImGui::BeginGroup();
    const float spacing = 3 * frame.lab.scale;
    if (across.narrow) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {spacing, spacing});
    edit = one_layer_controls(frame, across, l);
    if (across.narrow) ImGui::PopStyleVar();
    ImGui::EndGroup();
    ImGui::PopID();
  }
  return edit;
}

std::optional<NetworkEdit> LabNetworkColumn::one_layer_controls(const Frame& frame,
                                                                const NetworkColumns& across,
                                                                int l) {
  const float s = frame.lab.scale;
  const nn::LayerSpec& layer = frame.model.hidden[static_cast<std::size_t>(l)];
  std::optional<NetworkEdit> edit;
  if (across.narrow) ImGui::TextDisabled("%d", layer.neurons);
  if (ImGui::SmallButton("+")) edit = if_possible({NetworkEdit::Kind::AddNeuron, l}, frame.model);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("one more neuron in layer %d", l + 1);
  ImGui::SameLine();
  if (ImGui::SmallButton("-") && !edit)
    edit = if_possible({NetworkEdit::Kind::RemoveNeuron, l}, frame.model);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("one neuron less in layer %d", l + 1);
  if (!across.narrow) {
    ImGui::SameLine();
    ImGui::TextDisabled("%d", neurons_after(frame.model, l, edit));
  }
  ImGui::SetNextItemWidth(std::min(across.column_w - 6 * s, 90 * s));
  const std::string full_name(nn::activation_name(layer.activation));
  const char* short_name = short_activation_name(layer.activation);
  const char* preview = across.narrow && short_name ? short_name : full_name.c_str();
  if (ImGui::BeginCombo("##act", preview, across.narrow ? ImGuiComboFlags_NoArrowButton : 0)) {
    for (int a = 0; a < static_cast<int>(nn::Activation::Count_); ++a) {
      const auto choice = static_cast<nn::Activation>(a);
      if (ImGui::Selectable(std::string(nn::activation_name(choice)).c_str(),
                            choice == layer.activation))
        edit = NetworkEdit{NetworkEdit::Kind::SetActivation, l, choice};
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("layer %d's activation: %s", l + 1, full_name.c_str());
  return edit;
}

// [SECTION] The diagram --------------------------------------------------------------------------

namespace {

float lowest_node(const NetworkLayout& layout) {
  float bottom = 0;
  for (const std::vector<NetworkNode>& column : layout.columns)
    for (const NetworkNode& node : column)
      bottom = std::max(bottom, node.center.y + layout.half_side(node));
  return bottom;
}

}  // namespace

std::optional<NetworkEdit> LabNetworkColumn::diagram(const Frame& frame, Vec2 min, Vec2 size,
                                                     const LabRun& run, ShapeBatch& wires) {
  const float s = frame.lab.scale;
  const ImVec2 top = ImGui::GetCursorScreenPos();
  std::vector<int> neurons;
  for (const nn::LayerSpec& layer : frame.model.hidden) neurons.push_back(layer.neurons);
  const NetworkLayout layout =
      lay_out_network(min, size, {top.x, top.y}, s, nn::kFeatureCount, neurons);

  ImDrawList* list = ImGui::GetWindowDrawList();
  ImDrawListSplitter layers;  // wires, frames, images, text (network_diagram.cpp: Nodes)
  layers.Split(list, 4);
  layers.SetCurrentChannel(list, 0);
  const ImDrawListFlags saved_flags = list->Flags;
  list->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  const std::pair<std::vector<WireSpot>, bool> shown = draw_wires(list, frame, layout, run, wires);
  list->Flags = saved_flags;
  wires.submit(list);  // in the wires' layer: under the thumbnails
  weights_under_mouse(list, layers, frame, layout, run, shown);

  Hover hover;
  const std::optional<NetworkEdit> edit = draw_nodes(list, layers, frame, layout, hover);
  layers.Merge(list);
  if (hover.tile != -2) draw_hovered_map(frame, hover, min, size, lowest_node(layout));
  weight_panel(frame, run, min, size, layout, hover.tile != -2);
  ImGui::SetCursorScreenPos({min.x + 14 * s, layout.bottom + 8 * s});
  ImGui::PushTextWrapPos(size.x - 14 * s);  // two lines in a narrow column
  ImGui::TextDisabled(
      "Wires: blue +, orange \xe2\x88\x92, thicker = larger |w|; squares: biases. Hover, click "
      "to edit.");
  ImGui::PopTextWrapPos();
  lab_record_item(frame.lab, "wires legend");
  return edit;
}

// The hovered (or last clicked) weight: its panel under the diagram when there is room (else in
// its tooltip), the tooltip, a click's editor.
void LabNetworkColumn::weight_panel(const Frame& frame, const LabRun& run, Vec2 min, Vec2 size,
                                    const NetworkLayout& layout, bool node_hovered) {
  const float s = frame.lab.scale;
  const float panel_top = lowest_node(layout) + 10 * s;
  const bool fits = layout.bottom - panel_top >= WeightInspector::panel_height(frame.lab);
  if (weights_.hovered() >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    weights_.open_editor(run);
  if (fits && !node_hovered && weights_.shown(run) >= 0) {
    ImGui::SetCursorScreenPos({min.x + 14 * s, panel_top});
    ImGui::BeginGroup();  // (its lines start where the first does)
    weights_.why_panel(frame.lab, run, size.x - 28 * s);
    ImGui::EndGroup();
  }
  weights_.tooltip(frame.lab, run, !fits);
  weights_.editor_popup(frame.lab, run);
}

// The hovered node's map, enlarged, above everything: under the diagram, clear of the wires,
// when there is room there (at least 96 units); beside the node otherwise.
void LabNetworkColumn::draw_hovered_map(const Frame& frame, const Hover& hover, Vec2 min, Vec2 size,
                                        float diagram_bottom) const {
  const float s = frame.lab.scale;
  const Palette& palette = frame.lab.palette;
  ImDrawList* over = ImGui::GetForegroundDrawList();
  const float caption = 22 * s, room = min.y + size.y - diagram_bottom - 12 * s - caption;
  float big = std::round(168 * s);
  ImVec2 a;
  if (room >= 96 * s) {
    big = std::min(big, std::round(room));
    a = {std::clamp(hover.corner.x - big / 2, min.x + 4, min.x + size.x - big - 4),
         diagram_bottom + 8 * s};
  } else {
    a = {hover.corner.x + 8 * s, hover.corner.y - big / 2};
    a.y = std::clamp(a.y, min.y + 4, min.y + size.y - big - 24 * s);
    if (a.x + big > min.x + size.x) a.x = hover.corner.x - big - 60 * s;
  }
  const ImVec2 b{a.x + big, a.y + big};
  over->AddRectFilled({a.x - 4, a.y - 4}, {b.x + 4, b.y + 22 * s}, lab_color(palette.callout_fill));
  if (hover.tile >= 0 && atlas_ != 0) {
    auto [uv0, uv1] = tile_uv(hover.tile, frame.tile_count);
    over->AddImage(lab_texture(atlas_), a, b, uv0, uv1);
  } else if (frame.boundary != 0) {
    over->AddImage(lab_texture(frame.boundary), a, b, {0, 1}, {1, 0});
  }
  over->AddRect(a, b, lab_color(palette.callout_stroke));
  over->AddText({a.x, b.y + 3}, lab_color(palette.callout_text), hover.text.c_str());
}

}  // namespace gf::gui
