// compare_settings.cpp — one compare tile's settings, edited in a popup: network (hidden layers,
// activation, features, loss, initialisation) and training (learning rate, momentum, batch,
// regularisation). The popup edits a draft; "Apply and restart" checks it by building the new
// trainer first, so a refused setting leaves the tile as it was and says why.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "lab_panel.hpp"
#include "lab_widgets.hpp"

namespace gf::gui {

namespace {

const char* const kRegularizations[] = {"none", "L1", "L2"};

std::string hidden_text(const nn::ModelSpec& model) {
  std::string text;
  for (const nn::LayerSpec& layer : model.hidden)
    text += (text.empty() ? "" : ",") + std::to_string(layer.neurons);
  return text.empty() ? "none" : text;
}

}  // namespace

void LabPanel::open_settings(int run) {
  if (run < 0 || run >= static_cast<int>(state.runs.size())) return;
  const LabRun& source = state.runs[static_cast<std::size_t>(run)];
  draft_ = {};
  draft_.run = run;
  draft_.model = source.model;
  draft_.config = source.config;
  std::snprintf(draft_.name, sizeof draft_.name, "%s", source.name.c_str());
  std::snprintf(draft_.hidden, sizeof draft_.hidden, "%s", hidden_text(source.model).c_str());
  draft_.activation =
      source.model.hidden.empty() ? nn::Activation::Tanh : source.model.hidden.front().activation;
  ImGui::OpenPopup("Compare setting");
}

namespace {

// A checkbox per feature of the table, four a row; the chosen ones kept in the table's order,
// as the toolbar keeps them.
void feature_checkboxes(nn::ModelSpec& model, float s) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Features");
  ImGui::SameLine(150 * s);
  ImGui::BeginGroup();
  for (int f = 0; f < static_cast<int>(nn::Feature::Count_); ++f) {
    const nn::Feature feature = static_cast<nn::Feature>(f);
    bool on =
        std::find(model.features.begin(), model.features.end(), feature) != model.features.end();
    if (f % 4 != 0) ImGui::SameLine();
    if (ImGui::Checkbox(nn::kFeatures[f].label, &on)) {
      std::vector<nn::Feature> features;  // kept in the table's order, as the toolbar does
      for (int g = 0; g < static_cast<int>(nn::Feature::Count_); ++g) {
        const nn::Feature other = static_cast<nn::Feature>(g);
        const bool was =
            std::find(model.features.begin(), model.features.end(), other) != model.features.end();
        if (g == f ? on : was) features.push_back(other);
      }
      model.features = std::move(features);
    }
  }
  ImGui::EndGroup();
}

}  // namespace

namespace {

// A labelled row of the popup: the label, then the field (its width set) at a fixed column.
void settings_row(const char* label, float s) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(150 * s);
  ImGui::SetNextItemWidth(200 * s);
}

}  // namespace

void LabPanel::settings_popup() {
  const float s = frame_.scale;
  ImGui::SetNextWindowSize({440 * s, 0});
  if (!ImGui::BeginPopupModal("Compare setting", nullptr, ImGuiWindowFlags_NoResize)) return;
  if (draft_.run < 0 || draft_.run >= static_cast<int>(state.runs.size())) {  // the tile went away
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  settings_row("Name", s);
  ImGui::InputText("##name", draft_.name, sizeof draft_.name);
  const Result<std::vector<nn::LayerSpec>> layers = draft_network_fields();
  draft_training_fields();
  if (!draft_.error.empty()) text_label(draft_.error, frame_.palette.warning);
  ImGui::Spacing();
  ImGui::BeginDisabled(!layers);
  const bool apply = ImGui::Button("Apply and restart");
  record_item("Apply and restart");
  if (apply && apply_draft(*layers)) ImGui::CloseCurrentPopup();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || frame_.escape) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// The network's fields; the hidden layers as parsed (or why not, shown under the field).
Result<std::vector<nn::LayerSpec>> LabPanel::draft_network_fields() {
  const float s = frame_.scale;
  nn::ModelSpec& model = draft_.model;
  heading("Network");
  settings_row("Hidden neurons", s);
  ImGui::InputText("##hidden", draft_.hidden, sizeof draft_.hidden);
  record_item("hidden neurons field");
  record_item(std::string("hidden neurons: ") + draft_.hidden);  // what the field holds, for tests
  Result<std::vector<nn::LayerSpec>> layers = parse_hidden_layers(draft_.hidden, draft_.activation);
  if (!layers) text_label(layers.reason(), frame_.palette.warning);
  settings_row("Activation", s);
  enum_combo("##activation", draft_.activation, nn::activation_name);
  feature_checkboxes(model, s);
  settings_row("Loss", s);
  enum_combo("##loss", model.loss, nn::loss_name);
  settings_row("Initialisation", s);
  enum_combo("##init", model.init, nn::init_name);
  settings_row("Init seed", s);
  int init_seed = static_cast<int>(model.init_seed);
  if (ImGui::InputInt("##init_seed", &init_seed))
    model.init_seed = static_cast<std::uint64_t>(std::max(init_seed, 0));
  return layers;
}

void LabPanel::draft_training_fields() {
  const float s = frame_.scale;
  nn::TrainConfig& config = draft_.config;
  heading("Training");
  settings_row("Learning rate", s);
  ImGui::InputDouble("##lr", &config.learning_rate, 0, 0, "%.4g");
  settings_row("Momentum", s);
  ImGui::InputDouble("##momentum", &config.momentum, 0, 0, "%.3g");
  settings_row("Batch size", s);
  ImGui::InputInt("##batch", &config.batch_size);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("0: full batch");
  settings_row("Regularization", s);
  int regularization = static_cast<int>(config.regularization);
  if (ImGui::Combo("##reg", &regularization, kRegularizations, 3))
    config.regularization = static_cast<nn::Regularization>(regularization);
  settings_row("\xce\xbb", s);
  ImGui::InputDouble("##lambda", &config.lambda, 0, 0, "%.4g");
}

// Builds the tile's new trainer from the draft first: true when it replaced the tile's run;
// false with the reason in draft_.error (the tile stays as it was).
bool LabPanel::apply_draft(const std::vector<nn::LayerSpec>& layers) {
  LabRun candidate;
  candidate.name = draft_.name;
  candidate.model = draft_.model;
  candidate.model.hidden = layers;
  candidate.config = draft_.config;
  if (Status valid = nn::validate(candidate.config); !valid) {
    draft_.error = valid.reason();
    return false;
  }
  candidate.rebuild(state.dataset);
  if (!candidate.trainer) {
    draft_.error = candidate.error;
    return false;
  }
  state.runs[static_cast<std::size_t>(draft_.run)] = std::move(candidate);
  return true;
}

}  // namespace gf::gui
