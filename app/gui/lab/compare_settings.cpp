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

void LabPanel::settings_popup() {
  const float s = frame_.scale;
  ImGui::SetNextWindowSize({440 * s, 0});
  if (!ImGui::BeginPopupModal("Compare setting", nullptr, ImGuiWindowFlags_NoResize)) return;
  if (draft_.run < 0 || draft_.run >= static_cast<int>(state.runs.size())) {  // the tile went away
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  nn::ModelSpec& model = draft_.model;
  nn::TrainConfig& config = draft_.config;
  const float field = 200 * s;
  auto row = [&](const char* label) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(150 * s);
    ImGui::SetNextItemWidth(field);
  };

  row("Name");
  ImGui::InputText("##name", draft_.name, sizeof draft_.name);
  heading("Network");
  row("Hidden neurons");
  ImGui::InputText("##hidden", draft_.hidden, sizeof draft_.hidden);
  record_item("hidden neurons field");
  record_item(std::string("hidden neurons: ") + draft_.hidden);  // what the field holds, for tests
  Result<std::vector<nn::LayerSpec>> layers = parse_hidden_layers(draft_.hidden, draft_.activation);
  if (!layers) text_label(layers.reason(), frame_.palette.warning);
  row("Activation");
  enum_combo("##activation", draft_.activation, nn::activation_name);
  feature_checkboxes(model, s);
  row("Loss");
  enum_combo("##loss", model.loss, nn::loss_name);
  row("Initialisation");
  enum_combo("##init", model.init, nn::init_name);
  row("Init seed");
  int init_seed = static_cast<int>(model.init_seed);
  if (ImGui::InputInt("##init_seed", &init_seed))
    model.init_seed = static_cast<std::uint64_t>(std::max(init_seed, 0));

  heading("Training");
  row("Learning rate");
  ImGui::InputDouble("##lr", &config.learning_rate, 0, 0, "%.4g");
  row("Momentum");
  ImGui::InputDouble("##momentum", &config.momentum, 0, 0, "%.3g");
  row("Batch size");
  ImGui::InputInt("##batch", &config.batch_size);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("0: full batch");
  row("Regularization");
  int regularization = static_cast<int>(config.regularization);
  if (ImGui::Combo("##reg", &regularization, kRegularizations, 3))
    config.regularization = static_cast<nn::Regularization>(regularization);
  row("\xce\xbb");
  ImGui::InputDouble("##lambda", &config.lambda, 0, 0, "%.4g");

  if (!draft_.error.empty()) text_label(draft_.error, frame_.palette.warning);
  ImGui::Spacing();
  ImGui::BeginDisabled(!layers);
  const bool apply = ImGui::Button("Apply and restart");
  record_item("Apply and restart");
  if (apply) {
    LabRun candidate;
    candidate.name = draft_.name;
    candidate.model = model;
    candidate.model.hidden = *layers;
    candidate.config = config;
    if (Status valid = nn::validate(candidate.config); !valid) {
      draft_.error = valid.reason();
    } else {
      candidate.rebuild(state.dataset);
      if (!candidate.trainer) {
        draft_.error = candidate.error;
      } else {
        state.runs[static_cast<std::size_t>(draft_.run)] = std::move(candidate);
        ImGui::CloseCurrentPopup();
      }
    }
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || frame_.escape) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace gf::gui
