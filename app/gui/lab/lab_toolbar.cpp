// lab_toolbar.cpp — the lab's toolbar (lab_columns.hpp): Reset, Play, Step, the step counter,
// the main run's training settings and the view switch, left to right as TensorFlow Playground.
//
// Index
//   [SECTION] Helpers
//   [SECTION] The toolbar
//   [SECTION] Shared with the keys
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "lab_columns.hpp"
#include "number_format.hpp"

namespace gf::gui {

// [SECTION] Helpers ------------------------------------------------------------------------------

namespace {

// TensorFlow Playground's choices, so a class can reproduce its figures.
constexpr double kLearningRates[] = {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};
constexpr double kLambdas[] = {0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};

// A combo over a list of numbers; true when the choice changed.
bool number_combo(const char* id, double& value, const double* choices, int count) {
  char current[32];
  std::snprintf(current, sizeof current, "%g", value);
  bool changed = false;
  if (ImGui::BeginCombo(id, current)) {
    for (int i = 0; i < count; ++i) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", choices[i]);
      if (ImGui::Selectable(text, choices[i] == value)) {
        value = choices[i];
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

// A labelled control in the toolbar: a small caption above the widget.
void caption(const char* text) { ImGui::TextDisabled("%s", text); }

std::string thousands(int value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

// One activation for every hidden layer (the first layer's shown); true when picked.
bool every_layer_activation(nn::ModelSpec& model) {
  nn::Activation all =
      model.hidden.empty() ? nn::Activation::Tanh : model.hidden.front().activation;
  if (!enum_combo("##activation", all, nn::activation_name)) return false;
  for (nn::LayerSpec& layer : model.hidden) layer.activation = all;
  return true;
}

// None, L1 or L2; a regularisation switched on gets a rate if it had none.
bool regularization_combo(nn::TrainConfig& config) {
  static const char* kNames[] = {"None", "L1", "L2"};
  int current = static_cast<int>(config.regularization);
  if (!ImGui::Combo("##reg", &current, kNames, 3)) return false;
  config.regularization = static_cast<nn::Regularization>(current);
  if (config.regularization != nn::Regularization::None && config.lambda == 0)
    config.lambda = 0.001;
  return true;
}

}  // namespace

// [SECTION] The toolbar --------------------------------------------------------------------------

namespace {

// The settings the toolbar shows, in order: a caption and a widget each.
struct Control {
  const char* caption;
  std::function<void()> widget;
  bool every_tile = false;  // compare mode too (the speed); the others set the main run only
};

// What changed while drawing them: the model (a new trainer) or the training (same weights).
struct Changes {
  bool config = false, model = false;
};

std::vector<Control> toolbar_controls(const LabFrame& frame, LabState& state, Changes& changed) {
  nn::TrainConfig& config = state.main.config;
  nn::ModelSpec& model = state.main.model;
  std::vector<Control> controls;
  if (frame.presentation)  // no data column: the dataset here
    controls.push_back({"Dataset", [&state] {
                          nn::DatasetKind kind = state.data_options.kind;
                          if (enum_combo("##dataset", kind, nn::dataset_name))
                            choose_dataset(state, kind);
                        }});
  controls.push_back({"Learning rate", [&] {
                        changed.config |= number_combo("##lr", config.learning_rate, kLearningRates,
                                                       std::size(kLearningRates));
                      }});
  controls.push_back({"Momentum", [&] {  // (a default: 0.9, so it stays in sight)
                        float momentum = static_cast<float>(config.momentum);
                        if (ImGui::SliderFloat("##momentum", &momentum, 0, 0.99f, "%.2f")) {
                          config.momentum = momentum;
                          changed.config = true;
                        }
                      }});
  controls.push_back({"Activation", [&] { changed.model |= every_layer_activation(model); }});
  controls.push_back({"Regularization", [&] { changed.config |= regularization_combo(config); }});
  controls.push_back({"Reg. rate \xce\xbb", [&] {
                        ImGui::BeginDisabled(config.regularization == nn::Regularization::None);
                        changed.config |=
                            number_combo("##lambda", config.lambda, kLambdas, std::size(kLambdas));
                        ImGui::EndDisabled();
                      }});
  controls.push_back(
      {"Loss", [&] { changed.model |= enum_combo("##loss", model.loss, nn::loss_name); }});
  controls.push_back({"Batch size", [&] {
                        int batch = config.batch_size;
                        if (ImGui::SliderInt("##batch", &batch, 0,
                                             std::max(1, state.dataset.train_count()),
                                             batch == 0 ? "full" : "%d")) {
                          config.batch_size = batch;
                          changed.config = true;
                        }
                      }});
  controls.push_back({"Steps / frame",
                      [&state] {
                        ImGui::SliderInt("##speed", &state.steps_per_frame, 1, 500, "%d",
                                         ImGuiSliderFlags_Logarithmic);
                      },
                      true});
  return controls;
}

constexpr float kComboWidth = 96;  // a setting's widget, units
constexpr float kViewWidth = 110;  // the view switch's room at the first row's end

// A counter's column: six digits with their comma in the large font, and a gap.
float counter_width(const LabFrame& frame) {
  ImGui::PushFont(frame.fonts->ui_large);
  const float six_digits = ImGui::CalcTextSize("000,000").x;
  ImGui::PopFont();
  return six_digits + std::round(16 * frame.scale);
}

// Epochs as Playground shows them, whole once there are many; a fraction while there are few
// (a batch of 25 from 250 points is a tenth of one).
std::string epoch_text(double epochs) {
  if (epochs >= 100) return thousands(static_cast<int>(epochs));
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", epochs);
  return text;
}

}  // namespace

LabToolbar::Grid LabToolbar::grid(const LabFrame& frame, float width, LabState& state) const {
  const float s = frame.scale;
  const ImGuiStyle& style = ImGui::GetStyle();
  Grid grid;
  grid.top = std::round(8 * s);
  // Right of the transport buttons (64, 1.2 × 64, 64 units) and the two counters.
  grid.start_x = std::round(12 * s + 3.2f * std::round(64 * s) + 2 * style.ItemSpacing.x + 18 * s +
                            2 * counter_width(frame) + 10 * s);
  Changes unused;
  const std::vector<Control> controls = toolbar_controls(frame, state, unused);  // (not drawn)
  float widest = std::round(kComboWidth * s);
  for (const Control& control : controls)
    widest = std::max(widest, ImGui::CalcTextSize(control.caption).x);
  grid.pitch = widest + std::round(12 * s);
  grid.row_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeight() + std::round(8 * s);
  const auto per_row = [&] {
    const float room = width - grid.start_x - std::round(kViewWidth * s) + std::round(12 * s);
    return std::max(1, static_cast<int>(room / grid.pitch));
  };
  grid.per_row = per_row();
  // A narrow window with large type (presentation at 1024 px) would leave a column or two beside
  // the counters: the settings then start below the transport row, across the whole width.
  if (grid.per_row < 4) {
    grid.top += std::round(46 * s) + std::round(10 * s);  // the transport buttons' height
    grid.start_x = std::round(12 * s);
    grid.per_row = per_row();
  }
  const int count = static_cast<int>(controls.size());
  grid.rows = (count + grid.per_row - 1) / grid.per_row;
  return grid;
}

float LabToolbar::height(const LabFrame& frame, float width, LabState& state) const {
  const Grid g = grid(frame, width, state);
  const float s = frame.scale;
  return std::max(std::round(66 * s),
                  g.top + g.row_h * static_cast<float>(g.rows) + std::round(8 * s));
}

void LabToolbar::draw(Vec2 min, Vec2 size, const LabFrame& frame, LabState& state) const {
  begin_lab_area(frame, "##lab_toolbar", min, size);
  const Grid layout = grid(frame, size.x, state);
  ImGui::SetCursorPos({12 * frame.scale, std::round(8 * frame.scale)});
  transport(frame, state);
  step_counter(frame, state);
  settings(frame, state, layout);
  view_switch(frame, state, layout);
  ImGui::End();
}

void LabToolbar::transport(const LabFrame& frame, LabState& state) const {
  const float s = frame.scale;
  const ImVec2 button{std::round(64 * s), std::round(46 * s)};
  if (ImGui::Button("Reset", button)) state.reset();
  lab_record_item(frame, "Reset");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("New initial weights, step 0 (R); right-click: the same weights again");
  if (ImGui::BeginPopupContextItem("##reset_menu")) {
    if (ImGui::MenuItem("Restart with the same weights")) state.restart_same_weights();
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  const Color accent{8, 119, 189, 255};  // Playground's blue
  ImGui::PushStyleColor(ImGuiCol_Button,
                        ImVec4(accent.r / 255.f, accent.g / 255.f, accent.b / 255.f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  if (ImGui::Button(state.playing ? "Pause" : "Play", {std::round(1.2f * button.x), button.y}))
    toggle_play(state);
  ImGui::PopStyleColor(2);
  lab_record_item(frame, state.playing ? "Pause" : "Play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train continuously (Space)");
  ImGui::SameLine();
  if (ImGui::Button("Step", button)) state.step_once();
  lab_record_item(frame, "Step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One step of gradient descent (Right or S)");
  ImGui::SameLine(0, 18 * s);
}

// The step and epoch counters, large. Playground counts epochs (passes over the training
// points), so its figures can be repeated here; a step is one batch.
void LabToolbar::step_counter(const LabFrame& frame, const LabState& state) const {
  const LabRun& shown = state.compare && !state.runs.empty() ? state.runs.front() : state.main;
  const float start_x = ImGui::GetCursorPosX(), top = ImGui::GetCursorPosY();
  const double epochs = shown.trainer ? shown.trainer->epochs() : 0.0;
  const std::string counts[2] = {thousands(shown.trainer ? shown.trainer->step() : 0),
                                 epoch_text(epochs)};
  const char* captions[2] = {"Step", "Epoch"};
  for (int i = 0; i < 2; ++i) {
    ImGui::SetCursorPos({start_x + static_cast<float>(i) * counter_width(frame), top});
    ImGui::BeginGroup();
    caption(captions[i]);
    ImGui::PushFont(frame.fonts->ui_large);
    lab_text(frame, counts[i], frame.palette.node_text);
    ImGui::PopFont();
    ImGui::EndGroup();
  }
}

void LabToolbar::settings(const LabFrame& frame, LabState& state, const Grid& grid) const {
  const float s = frame.scale;
  Changes changed;
  const std::vector<Control> controls = toolbar_controls(frame, state, changed);
  // Compare mode: each tile has its own settings (its "edit"); these would change nothing there.
  for (std::size_t i = 0; i < controls.size(); ++i) {
    const bool off = state.compare && !controls[i].every_tile;
    const int row = static_cast<int>(i) / grid.per_row, column = static_cast<int>(i) % grid.per_row;
    ImGui::SetCursorPos({grid.start_x + grid.pitch * static_cast<float>(column),
                         grid.top + grid.row_h * static_cast<float>(row)});
    ImGui::BeginDisabled(off);
    ImGui::BeginGroup();
    caption(controls[i].caption);
    ImGui::SetNextItemWidth(std::round(kComboWidth * s));
    ImGui::PushID(static_cast<int>(i));
    controls[i].widget();
    ImGui::PopID();
    ImGui::EndGroup();
    ImGui::EndDisabled();
    lab_record_item(frame, controls[i].caption);
    if (off && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Compare mode: each tile keeps its own settings (its \"edit\" button)");
  }
  if (changed.model)
    state.rebuild();
  else if (changed.config)
    state.apply_config();
}

void LabToolbar::view_switch(const LabFrame& frame, LabState& state, const Grid& grid) const {
  ImGui::SetCursorPos({grid.start_x + grid.pitch * static_cast<float>(grid.per_row), grid.top});
  ImGui::BeginGroup();
  caption("View");
  const bool switch_view = ImGui::Button(state.compare ? "Single" : "Compare");
  lab_record_item(frame, state.compare ? "Single" : "Compare");
  if (switch_view) toggle_compare(state);
  if (ImGui::IsItemHovered())  // (compare tiles keep no timeline: lab_timeline.hpp)
    ImGui::SetTooltip(state.compare ? "Back to the single view, whose run can be rewound (C)"
                                    : "Train up to six settings side by side (C)");
  ImGui::EndGroup();
}

// [SECTION] Shared with the keys -----------------------------------------------------------------

void toggle_play(LabState& state) {
  if (!state.playing && !state.divergence().empty()) state.restart_same_weights();  // a fresh start
  state.playing = !state.playing;
}

void toggle_compare(LabState& state) {
  if (!state.compare && state.runs.empty())
    state.load_preset(LabState::Preset::HiddenNeurons, true);
  else
    state.compare = !state.compare;
  state.restart_same_weights();
}

}  // namespace gf::gui
