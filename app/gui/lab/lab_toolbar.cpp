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

void LabToolbar::draw(Vec2 min, Vec2 size, const LabFrame& frame, LabState& state) const {
  begin_lab_area(frame, "##lab_toolbar", min, size);
  ImGui::SetCursorPos({12 * frame.scale, 8 * frame.scale});
  transport(frame, state);
  step_counter(frame, state);
  settings(frame, state, size.x);
  view_switch(frame, state);
  ImGui::End();
}

void LabToolbar::transport(const LabFrame& frame, LabState& state) const {
  const float s = frame.scale;
  const ImVec2 button{std::round(64 * s), std::round(46 * s)};
  if (ImGui::Button("Reset", button)) state.reset();
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
  if (ImGui::Button(state.playing ? "Pause" : "Play", {button.x * 1.2f, button.y}))
    toggle_play(state);
  ImGui::PopStyleColor(2);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train continuously (Space)");
  ImGui::SameLine();
  if (ImGui::Button("Step", button)) state.step_once();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One step of gradient descent (Right or S)");
  ImGui::SameLine(0, 18 * s);
}

// The step counter, large, as Playground's "Epoch".
void LabToolbar::step_counter(const LabFrame& frame, const LabState& state) const {
  const LabRun& shown = state.compare && !state.runs.empty() ? state.runs.front() : state.main;
  const float step_x = ImGui::GetCursorPosX();
  ImGui::BeginGroup();
  // Epochs next to steps, as Playground counts them (its figures can then be repeated here).
  const double epochs = shown.trainer ? shown.trainer->epochs() : 0.0;
  caption(("Step \xc2\xb7 epoch " + format_significant(epochs, 3)).c_str());
  ImGui::PushFont(frame.fonts->ui_large);
  lab_text(frame, thousands(shown.trainer ? shown.trainer->step() : 0), frame.palette.node_text);
  const float six_digits = ImGui::CalcTextSize("000,000").x;
  ImGui::PopFont();
  ImGui::EndGroup();
  // Room for six digits: the controls to the right stay put while the count grows.
  const float step_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  ImGui::SameLine(std::max(step_x + six_digits, step_end) + 22 * frame.scale);
}

void LabToolbar::settings(const LabFrame& frame, LabState& state, float width) const {
  const float s = frame.scale;
  nn::TrainConfig& config = state.main.config;
  nn::ModelSpec& model = state.main.model;
  bool config_changed = false, model_changed = false;
  const float combo = std::round(96 * s);
  // A narrow window (or presentation mode's large type) leaves out what does not fit, from the
  // right; the View button always stays.
  const float keep_for_view = std::round(110 * s);
  auto control = [&](const char* label, auto widget) {
    if (ImGui::GetCursorPosX() + combo > width - keep_for_view) return;
    ImGui::BeginGroup();
    caption(label);
    ImGui::SetNextItemWidth(combo);
    widget();
    ImGui::EndGroup();
    ImGui::SameLine(0, 12 * s);
  };
  control("Learning rate", [&] {
    config_changed |=
        number_combo("##lr", config.learning_rate, kLearningRates, std::size(kLearningRates));
  });
  control("Activation", [&] { model_changed |= every_layer_activation(model); });
  control("Regularization", [&] { config_changed |= regularization_combo(config); });
  control("Reg. rate \xce\xbb", [&] {
    ImGui::BeginDisabled(config.regularization == nn::Regularization::None);
    config_changed |= number_combo("##lambda", config.lambda, kLambdas, std::size(kLambdas));
    ImGui::EndDisabled();
  });
  control("Loss", [&] { model_changed |= enum_combo("##loss", model.loss, nn::loss_name); });
  control("Batch size", [&] {
    int batch = config.batch_size;
    if (ImGui::SliderInt("##batch", &batch, 0, std::max(1, state.dataset.train_count()),
                         batch == 0 ? "full" : "%d")) {
      config.batch_size = batch;
      config_changed = true;
    }
  });
  control("Steps / frame", [&] {
    ImGui::SliderInt("##speed", &state.steps_per_frame, 1, 500, "%d", ImGuiSliderFlags_Logarithmic);
  });
  if (model_changed)
    state.rebuild();
  else if (config_changed)
    state.apply_config();
}

void LabToolbar::view_switch(const LabFrame& frame, LabState& state) const {
  ImGui::BeginGroup();
  caption("View");
  const bool switch_view = ImGui::Button(state.compare ? "Single" : "Compare");
  lab_record_item(frame, state.compare ? "Single" : "Compare");
  if (switch_view) toggle_compare(state);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train up to six settings side by side (C)");
  ImGui::EndGroup();
}

// [SECTION] Shared with the keys -----------------------------------------------------------------

void toggle_play(LabState& state) {
  if (!state.playing && !state.divergence().empty()) state.restart_same_weights();  // a fresh start
  state.playing = !state.playing;
}

void toggle_compare(LabState& state) {
  if (!state.compare && state.runs.empty())
    state.load_preset(LabState::Preset::HiddenNeurons);
  else
    state.compare = !state.compare;
  state.restart_same_weights();
}

}  // namespace gf::gui
