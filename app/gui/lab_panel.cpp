// lab_panel.cpp — the lab's layout, its toolbar (play, step, reset, the training settings), the
// data column, keys, file dialogs and the headless shader/CPU check (see lab_panel.hpp).
//
// Index
//   [SECTION] Helpers
//   [SECTION] Frame
//   [SECTION] Toolbar
//   [SECTION] Data column
//   [SECTION] Files
//   [SECTION] Keys and requests
//   [SECTION] Headless: shader and CPU agree
#include "lab_panel.hpp"
#include "lab_widgets.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <span>
#include <cmath>
#include <cstdio>

namespace gf::gui {

// [SECTION] Helpers ------------------------------------------------------------------------------

namespace {

// TensorFlow Playground's choices, so a class can reproduce its figures.
constexpr double kLearningRates[] = {0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03,
                                     0.1,     0.3,    1,     3,     10};
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
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

}  // namespace

void LabPanel::begin_area(const char* name, Vec2 min, Vec2 size) {
  begin_lab_area(frame_, name, min, size);
}
void LabPanel::heading(const char* text) { lab_heading(frame_, text); }
void LabPanel::text_label(const std::string& text, Color color) { lab_text(frame_, text, color); }
void LabPanel::record_item(std::string text) { lab_record_item(frame_, std::move(text)); }

// [SECTION] Frame --------------------------------------------------------------------------------

void LabPanel::render_heatmaps() {
  std::vector<LabRun*> runs = state.active_runs();
  textures_.assign(runs.size(), 0);
  refining_ = false;
  const HeatStyle base{heat_neutral(frame_.dark), state.discretize, false};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    LabRun& run = *runs[i];
    if (!run.trainer) continue;
    HeatStyle style = base;
    style.logit = run.model.loss == nn::LossKind::CrossEntropy && nn::output_count(run.model) == 1;
    // Smaller while training (a new picture every frame), full size once paused.
    const int max_side = state.compare ? (state.playing ? 128 : 160) : (state.playing ? 192 : 256);
    const int side = HeatmapRenderer::resolution_for(run.arrays.weights.size(), max_side);
    const int slot = static_cast<int>(i);
    textures_[i] = heatmap_.render(slot, run.arrays, state.box, side, style);
    // No shader, or a network too large for it: the CPU evaluator.
    if (textures_[i] == 0)
      textures_[i] = cpu_picture(slot, run, style, state.compare ? 160 : 256);
    else
      cpu_pictures_[i].shown_side = 0;  // the texture now holds the shader's picture
  }
}

unsigned LabPanel::cpu_picture(int slot, LabRun& run, const HeatStyle& style, int full_side) {
  // Multiply-adds a frame (about 1 and 1.5 ms of the dense evaluator's): a new small picture
  // while the weights change, and bands of the full one after they stop.
  constexpr double kQuickMacs = LabState::kDenseMacsPerMs * 1.0, kRefineMacs = LabState::kDenseMacsPerMs * 1.5;
  CpuPicture& picture = cpu_pictures_[static_cast<std::size_t>(slot)];
  const std::span<const double> parameters = run.trainer->parameters();
  const std::array<float, 6> key = {static_cast<float>(state.box.x_min), static_cast<float>(state.box.x_max),
                                    static_cast<float>(state.box.y_min), static_cast<float>(state.box.y_max),
                                    style.neutral.r + 2 * style.neutral.g + 4 * style.neutral.b,
                                    state.discretize ? 1.0f : 0.0f};
  const double weights = static_cast<double>(std::max<std::size_t>(run.arrays.weights.size(), 1));
  const bool same = picture.shown_side > 0 && picture.style == key &&
                    std::equal(parameters.begin(), parameters.end(), picture.parameters.begin(),
                               picture.parameters.end());
  const double share = 1.0 / static_cast<double>(std::max<std::size_t>(textures_.size(), 1));
  const int quick_side = std::clamp(static_cast<int>(std::sqrt(kQuickMacs * share / weights)), 24, full_side / 2);
  if (!same && picture.shown_side > 0 && picture.style == key &&
      !state.evaluation_turn(LabState::Evaluation::Picture,
                             quick_side * quick_side * weights / LabState::kDenseMacsPerMs))
    return heatmap_.texture(slot);  // a large network: the new weights on its next turn
  if (!same) {  // new weights: a quick picture now, the full one from the next frame
    const int side = settled_ ? full_side : quick_side;  // headless: the full picture at once
    state.cpu_heatmap(run, side, side, style.neutral, picture.pixels);
    picture.parameters.assign(parameters.begin(), parameters.end());
    picture.style = key;
    picture.shown_side = side;
    picture.job_side = picture.job_rows = 0;
    refining_ |= side < full_side && !state.playing;  // the full one follows
    return heatmap_.upload(slot, side, side, picture.pixels.data());
  }
  const unsigned shown = heatmap_.texture(slot);
  if (picture.shown_side >= full_side || state.playing) return shown;
  if (picture.job_side != full_side) {
    picture.job_side = full_side;
    picture.job_rows = 0;
    picture.pixels.assign(static_cast<std::size_t>(full_side) * full_side * 4, 0);
  }
  const int rows = std::max(1, static_cast<int>(kRefineMacs * share / (weights * full_side)));
  const int end = std::min(full_side, picture.job_rows + rows);
  state.cpu_heatmap_rows(run, full_side, full_side, picture.job_rows, end, style.neutral, picture.pixels);
  picture.job_rows = end;
  refining_ = true;  // (until the upload below shows the full picture: one more frame)
  if (end < full_side) return shown;
  picture.shown_side = full_side;
  return heatmap_.upload(slot, full_side, full_side, picture.pixels.data());
}

void LabPanel::draw(Vec2 min, Vec2 size, const LabFrame& frame) {
  frame_ = frame;
  state.advance();
  if (!state.divergence().empty() && !divergence_popup_shown_) {
    ImGui::OpenPopup("Training diverged");
    divergence_popup_shown_ = true;
  }
  render_heatmaps();
  network_.update_thumbnails(state, frame_, heatmap_);
  points_.ready();  // compiles its shaders once
  points_.clear();
  wires_.ready();
  wires_.clear();

  const float s = frame.scale;
  const float toolbar_height = std::round(66 * s);
  toolbar(min, {size.x, toolbar_height});
  const float top = min.y + toolbar_height, height = size.y - toolbar_height;
  // Presentation mode: the large type goes to the network and the boundary; the data column
  // (datasets, files, training details) waits for the normal view.
  const float left_width = frame.presentation ? 0.0f : std::round(std::min(250 * s, size.x * 0.25f));
  if (left_width > 0) data_column({min.x, top}, {left_width, height});
  if (state.compare) {
    compare_view({min.x + left_width, top}, {size.x - left_width, height});
  } else {
    const float right_width = std::round(std::min(470 * s, size.x * (frame.presentation ? 0.5f : 0.4f)));
    const unsigned boundary = textures_.empty() ? 0 : textures_[0];
    const std::optional<NetworkEdit> edit = network_.draw(
        {min.x + left_width, top}, {size.x - left_width - right_width, height}, frame_,
        state.main, boundary, wires_);
    if (edit && apply_network_edit(*edit, state.main.model)) state.rebuild();
    output_column({min.x + size.x - right_width, top}, {right_width, height});
  }
  file_dialogs();

  // A diverging run: the engine's message, and a way out.
  ImGui::SetNextWindowPos({min.x + size.x / 2, min.y + size.y / 2}, ImGuiCond_Appearing, {0.5f, 0.5f});
  if (ImGui::BeginPopupModal("Training diverged", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    text_label(state.divergence(), frame_.palette.warning);
    ImGui::TextUnformatted("Try a smaller learning rate, then reset.");
    if (ImGui::Button("Reset")) {
      state.reset();
      divergence_popup_shown_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep the weights") || frame_.escape) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (state.divergence().empty()) divergence_popup_shown_ = false;
}

// [SECTION] Toolbar ------------------------------------------------------------------------------

void LabPanel::toolbar(Vec2 min, Vec2 size) {
  begin_area("##lab_toolbar", min, size);
  const float s = frame_.scale;
  ImGui::SetCursorPos({12 * s, 8 * s});
  const ImVec2 button{std::round(64 * s), std::round(46 * s)};
  if (ImGui::Button("Reset", button)) state.reset();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Initial weights again, step 0 (R)");
  ImGui::SameLine();
  {
    const Color accent{8, 119, 189, 255};  // Playground's blue
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(accent.r / 255.f, accent.g / 255.f, accent.b / 255.f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(state.playing ? "Pause" : "Play", {button.x * 1.2f, button.y})) {
      if (!state.playing && !state.divergence().empty()) state.reset();
      state.playing = !state.playing;
    }
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train continuously (Space)");
  }
  ImGui::SameLine();
  if (ImGui::Button("Step", button)) state.step_once();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One step of gradient descent (Right or S)");
  ImGui::SameLine(0, 18 * s);

  // The step counter, large, as Playground's "Epoch".
  const LabRun& shown = state.compare && !state.runs.empty() ? state.runs.front() : state.main;
  const float step_x = ImGui::GetCursorPosX();
  ImGui::BeginGroup();
  caption("Step");
  ImGui::PushFont(frame_.fonts->ui_large);
  text_label(thousands(shown.trainer ? shown.trainer->step() : 0), frame_.palette.node_text);
  const float six_digits = ImGui::CalcTextSize("000,000").x;
  ImGui::PopFont();
  ImGui::EndGroup();
  // Room for six digits: the controls to the right stay put while the count grows.
  const float step_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  ImGui::SameLine(std::max(step_x + six_digits, step_end) + 22 * s);

  nn::TrainConfig& config = state.main.config;
  nn::ModelSpec& model = state.main.model;
  bool config_changed = false, model_changed = false;
  const float combo = std::round(96 * s);
  // A narrow window (or presentation mode's large type) leaves out what does not fit, from the
  // right; the View button always stays.
  const float keep_for_view = std::round(110 * s);
  auto control = [&](const char* label, auto widget) {
    if (ImGui::GetCursorPosX() + combo > size.x - keep_for_view) return;
    ImGui::BeginGroup();
    caption(label);
    ImGui::SetNextItemWidth(combo);
    widget();
    ImGui::EndGroup();
    ImGui::SameLine(0, 12 * s);
  };
  control("Learning rate", [&] {
    config_changed |= number_combo("##lr", config.learning_rate, kLearningRates, std::size(kLearningRates));
  });
  control("Activation", [&] {
    nn::Activation all = model.hidden.empty() ? nn::Activation::Tanh : model.hidden.front().activation;
    if (enum_combo("##activation", all, nn::activation_name)) {
      for (nn::LayerSpec& layer : model.hidden) layer.activation = all;
      model_changed = true;
    }
  });
  control("Regularization", [&] {
    static const char* kNames[] = {"None", "L1", "L2"};
    int current = static_cast<int>(config.regularization);
    if (ImGui::Combo("##reg", &current, kNames, 3)) {
      config.regularization = static_cast<nn::Regularization>(current);
      if (config.regularization != nn::Regularization::None && config.lambda == 0) config.lambda = 0.001;
      config_changed = true;
    }
  });
  control("Reg. rate \xce\xbb", [&] {
    ImGui::BeginDisabled(config.regularization == nn::Regularization::None);
    config_changed |= number_combo("##lambda", config.lambda, kLambdas, std::size(kLambdas));
    ImGui::EndDisabled();
  });
  control("Loss", [&] {
    model_changed |= enum_combo("##loss", model.loss, nn::loss_name);
  });
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
  ImGui::BeginGroup();
  caption("View");
  const bool switch_view = ImGui::Button(state.compare ? "Single" : "Compare");
  record_item(state.compare ? "Single" : "Compare");
  if (switch_view) {
    if (!state.compare && state.runs.empty()) state.load_preset(LabState::Preset::HiddenNeurons);
    else state.compare = !state.compare;
    state.reset();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train up to six settings side by side (C)");
  ImGui::EndGroup();
  if (model_changed) state.rebuild();
  else if (config_changed) state.apply_config();
  ImGui::End();
}

// [SECTION] Dataset picker ---------------------------------------------------------------------
// Playground's thumbnails: every dataset's points (its default settings) on a small square,
// four to a row, the name under each.

void LabPanel::update_dataset_atlas() {
  if (dataset_atlas_ != 0 && dataset_atlas_dark_ == frame_.dark) return;
  constexpr int kKinds = static_cast<int>(nn::DatasetKind::Count_);
  const int width = kDataThumb * kKinds;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * kDataThumb * 4);
  const Rgb neutral = heat_neutral(frame_.dark);
  for (std::size_t i = 0; i < pixels.size(); i += 4) {
    pixels[i] = static_cast<std::uint8_t>(neutral.r * 255);
    pixels[i + 1] = static_cast<std::uint8_t>(neutral.g * 255);
    pixels[i + 2] = static_cast<std::uint8_t>(neutral.b * 255);
    pixels[i + 3] = 255;
  }
  for (int k = 0; k < kKinds; ++k) {
    nn::DatasetOptions options;
    options.kind = static_cast<nn::DatasetKind>(k);
    options.points = options.kind == nn::DatasetKind::Moons ? 200 : 300;
    options.noise = options.kind == nn::DatasetKind::Moons ? 0.1 : 0.0;
    Result<nn::Dataset> data = nn::make_dataset(options);
    if (!data) continue;
    const nn::PlaneBox box = nn::default_box(options.kind);
    for (int p = 0; p < data->size(); ++p) {  // a 2×2 dot per point
      const std::size_t index = static_cast<std::size_t>(p);
      const int col = static_cast<int>((data->x1[index] - box.x_min) / (box.x_max - box.x_min) * (kDataThumb - 2));
      const int row = static_cast<int>((box.y_max - data->x2[index]) / (box.y_max - box.y_min) * (kDataThumb - 2));
      const Rgb c = class_color(data->label[index]);
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
          const int x = std::clamp(col + dx, 0, kDataThumb - 1), y = std::clamp(row + dy, 0, kDataThumb - 1);
          std::uint8_t* at = &pixels[(static_cast<std::size_t>(y) * width + k * kDataThumb + x) * 4];
          at[0] = static_cast<std::uint8_t>(c.r * 255);
          at[1] = static_cast<std::uint8_t>(c.g * 255);
          at[2] = static_cast<std::uint8_t>(c.b * 255);
        }
    }
  }
  dataset_atlas_ = heatmap_.upload_dataset_atlas(width, kDataThumb, pixels.data());
  dataset_atlas_dark_ = frame_.dark;
}

std::optional<nn::DatasetKind> LabPanel::dataset_picker(float width) {
  update_dataset_atlas();
  constexpr int kKinds = static_cast<int>(nn::DatasetKind::Count_), kPerRow = 4;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float cell = std::floor((width - spacing * (kPerRow - 1)) / kPerRow);
  const float padding = 2;
  const ImTextureID texture = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(dataset_atlas_));
  std::optional<nn::DatasetKind> chosen;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const Color accent{8, 119, 189, 255};
  for (int k = 0; k < kKinds; ++k) {
    const auto kind = static_cast<nn::DatasetKind>(k);
    const std::string name(nn::dataset_name(kind));
    if (k % kPerRow != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushID(k);
    const bool current = state.data_options.kind == kind;
    const float u0 = static_cast<float>(k) / kKinds, u1 = static_cast<float>(k + 1) / kKinds;
    if (ImGui::ImageButton(texture, {cell - 2 * padding, cell - 2 * padding}, {u0, 0}, {u1, 1},
                           static_cast<int>(padding)) && !current)
      chosen = kind;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %d classes", name.c_str(), nn::dataset_classes(kind));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    if (current) list->AddRect(a, b, IM_COL32(accent.r, accent.g, accent.b, 255), 0, 0, 2.5f);
    // The name, centred under its picture (small: four fit across the column).
    const ImVec2 extent = ImGui::CalcTextSize(name.c_str());
    const float scale = std::min(1.0f, cell / std::max(extent.x, 1.0f));
    const float size = ImGui::GetFontSize() * std::min(scale, 0.85f);
    const float text_w = extent.x * size / ImGui::GetFontSize();
    const Color text = current ? frame_.palette.node_text : frame_.palette.muted_text;
    list->AddText(ImGui::GetFont(), size, {a.x + (cell - text_w) / 2, b.y + 1},
                  IM_COL32(text.r, text.g, text.b, text.a), name.c_str());
    if (frame_.record != nullptr)
      frame_.record->push_back({name, {LabelKind::Ui}, {a.x, a.y}, {cell, cell}, text});
    ImGui::Dummy({cell, size + 2});
    ImGui::PopID();
    ImGui::EndGroup();
  }
  return chosen;
}

// [SECTION] Data column --------------------------------------------------------------------------

void LabPanel::data_column(Vec2 min, Vec2 size) {
  begin_area("##lab_data", min, size);
  const float s = frame_.scale;
  const float width = size.x - 24 * s;
  ImGui::SetCursorPos({12 * s, 8 * s});
  ImGui::BeginGroup();
  heading("DATA");
  ImGui::TextDisabled("Which dataset?");
  bool regenerate = false;
  const float cell = (width - ImGui::GetStyle().ItemSpacing.x) / 2;  // two buttons a row
  if (const std::optional<nn::DatasetKind> chosen = dataset_picker(width)) {
    state.data_options.kind = *chosen;
    const bool moons = *chosen == nn::DatasetKind::Moons;
    state.data_options.points = moons ? 100 : 500;
    state.data_options.noise = moons ? 0.1 : 0.0;
    regenerate = true;
  }
  char count_text[80];
  std::snprintf(count_text, sizeof count_text, "%d points: %d train, %d test", state.dataset.size(),
                state.dataset.train_count(), state.dataset.test_count());
  text_label(count_text, frame_.palette.muted_text);
  nn::DatasetOptions& data = state.data_options;
  ImGui::SetNextItemWidth(width * 0.62f);
  float train_percent = static_cast<float>(data.train_fraction * 100);
  if (ImGui::SliderFloat("train %", &train_percent, 10, 90, "%.0f%%")) {
    data.train_fraction = train_percent / 100.0;
    regenerate = true;
  }
  ImGui::SetNextItemWidth(width * 0.62f);
  float noise = static_cast<float>(data.noise);
  if (ImGui::SliderFloat("noise", &noise, 0, 0.5f, "%.2f")) {
    data.noise = noise;
    regenerate = true;
  }
  ImGui::SetNextItemWidth(width * 0.62f);
  if (ImGui::SliderInt("points", &data.points, 20, 2000, "%d", ImGuiSliderFlags_Logarithmic)) regenerate = true;
  ImGui::SetNextItemWidth(width * 0.62f);
  int seed = static_cast<int>(data.seed);
  if (ImGui::InputInt("seed", &seed) && seed >= 0) {
    data.seed = static_cast<std::uint64_t>(seed);
    state.main.model.init_seed = data.seed;
    state.main.config.seed = data.seed;
    regenerate = true;
  }
  if (ImGui::Button("Regenerate", {width, 0})) {
    ++data.seed;
    state.main.model.init_seed = data.seed;
    regenerate = true;
  }
  if (regenerate) {
    data.points = std::clamp(data.points, 2, 100000);
    if (Status made = state.regenerate(); !made) state.message = made.reason();
  }

  ImGui::Spacing();
  ImGui::TextDisabled("A click on the plane adds:");
  for (int k = 0; k < std::max(2, state.dataset.classes); ++k) {
    const Rgb c = class_color(k);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, ImVec4(c.r, c.g, c.b, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(c.r, c.g, c.b, 1));
    char label[24];
    std::snprintf(label, sizeof label, "class %d", k);
    if (k > 0) ImGui::SameLine();
    ImGui::RadioButton(label, &state.click_class, k);
    ImGui::PopStyleColor(2);
  }
  if (state.dataset.classes < nn::kMaxClasses) {
    ImGui::SameLine();
    if (ImGui::SmallButton("+")) state.click_class = state.dataset.classes;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A new class: click to add its first point");
  }
  ImGui::TextDisabled("Shift+click or right-click erases;");
  ImGui::TextDisabled("Ctrl+click picks a point.");
  const bool import_csv = ImGui::Button("Import CSV...", {cell, 0});
  record_item("Import CSV...");
  if (import_csv) {
    purpose_ = DialogPurpose::ImportCsv;
    dialog_.open(FileDialog::Mode::Open, "Import points (x,y,label)", "", "", ".csv");
  }
  ImGui::SameLine();
  const bool export_csv = ImGui::Button("Export CSV...", {cell, 0});
  record_item("Export CSV...");
  if (export_csv) {
    purpose_ = DialogPurpose::ExportCsv;
    dialog_.open(FileDialog::Mode::Save, "Export points", "", "points.csv", ".csv");
  }
  if (!state.message.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    text_label(state.message, state.message.rfind("wrote", 0) == 0 || state.message.rfind("loaded", 0) == 0
                                  ? frame_.palette.muted_text
                                  : frame_.palette.warning);
    ImGui::PopTextWrapPos();
    if (ImGui::SmallButton("dismiss")) state.message.clear();
  }

  // Training settings that Playground keeps out of its toolbar.
  ImGui::Spacing();
  heading("TRAINING");
  nn::TrainConfig& config = state.main.config;
  nn::ModelSpec& model = state.main.model;
  ImGui::SetNextItemWidth(width * 0.62f);
  float momentum = static_cast<float>(config.momentum);
  if (ImGui::SliderFloat("momentum", &momentum, 0, 0.99f, "%.2f")) {
    config.momentum = momentum;
    state.apply_config();
  }
  ImGui::SetNextItemWidth(width * 0.62f);
  if (enum_combo("init", model.init, nn::init_name)) state.rebuild();
  ImGui::SetNextItemWidth(width * 0.62f);
  int init_seed = static_cast<int>(model.init_seed);
  if (ImGui::InputInt("init seed", &init_seed) && init_seed >= 0) {
    model.init_seed = static_cast<std::uint64_t>(init_seed);  // other starting weights, same data
    state.rebuild();
  }
  int stop = config.max_steps > 0 ? 1 : config.target_loss ? 2 : 0;
  ImGui::SetNextItemWidth(width * 0.62f);
  if (ImGui::Combo("stop", &stop, "never\0after N steps\0at a target loss\0")) {
    config.max_steps = stop == 1 ? 1000 : 0;
    config.target_loss = stop == 2 ? std::optional<double>(0.01) : std::nullopt;
    state.apply_config();
  }
  if (stop == 1) {
    ImGui::SetNextItemWidth(width * 0.62f);
    if (ImGui::InputInt("steps", &config.max_steps, 100, 1000)) {
      config.max_steps = std::max(1, config.max_steps);
      state.apply_config();
    }
  } else if (stop == 2) {
    ImGui::SetNextItemWidth(width * 0.62f);
    double target = config.target_loss.value_or(0.01);
    if (ImGui::InputDouble("loss", &target, 0, 0, "%.4g") && std::isfinite(target)) {
      config.target_loss = target;
      state.apply_config();
    }
  }
  ImGui::Spacing();
  ImGui::Checkbox("Show test data", &state.show_test);
  ImGui::Checkbox("Discretize output", &state.discretize);
  ImGui::EndGroup();
  ImGui::End();
}

// [SECTION] Files --------------------------------------------------------------------------------

void LabPanel::file_dialogs() {
  if (!dialog_.draw(frame_.escape, frame_.enter)) return;
  const std::string& path = dialog_.chosen();
  Status status = Status::success();
  switch (purpose_) {
    case DialogPurpose::ImportCsv:
      status = state.import_csv(path);
      if (status) state.message = "loaded " + std::to_string(state.dataset.size()) + " points";
      break;
    case DialogPurpose::ExportCsv:
      status = state.export_csv(path);
      break;
    case DialogPurpose::ExportWeights:
      status = state.export_weights(path);
      break;
    case DialogPurpose::ExportPng:
      status = state.export_boundary_png(path, 512, heat_neutral(frame_.dark));
      break;
  }
  if (!status) state.message = status.reason();
  else if (purpose_ != DialogPurpose::ImportCsv) state.message = "wrote " + path;
}

// [SECTION] Keys and requests --------------------------------------------------------------------

void LabPanel::on_key(int key) {
  if (key == GLFW_KEY_SPACE) {
    if (!state.playing && !state.divergence().empty()) state.reset();
    state.playing = !state.playing;
  }
  if (key == GLFW_KEY_RIGHT || key == GLFW_KEY_S) state.step_once();
  if (key == GLFW_KEY_R) state.reset();
  if (key == GLFW_KEY_D) state.discretize = !state.discretize;
  if (key == GLFW_KEY_C) {
    if (!state.compare && state.runs.empty()) state.load_preset(LabState::Preset::HiddenNeurons);
    else state.compare = !state.compare;
    state.reset();
  }
}

std::optional<nn::PointGraph> LabPanel::take_graph_request() {
  std::optional<nn::PointGraph> request = std::move(graph_request_);
  graph_request_.reset();
  return request;
}

void LabPanel::release_gpu_resources() {
  heatmap_.release();
  points_.release();
  wires_.release();
  network_.release_gpu_resources();
  dataset_atlas_ = 0;
}

// [SECTION] Headless: shader and CPU agree -------------------------------------------------------

LabPanel::Agreement LabPanel::agreement_test(int size) {
  Agreement result;
  LabRun& run = state.main;
  if (!run.trainer) {
    result.error = run.error.empty() ? "no network" : run.error;
    return result;
  }
  run.trainer->export_network(run.arrays);
  const HeatStyle style{heat_neutral(true), false,
                        run.model.loss == nn::LossKind::CrossEntropy && nn::output_count(run.model) == 1};
  const int slot = HeatmapRenderer::kSlots - 1;
  if (heatmap_.render(slot, run.arrays, state.box, size, style) == 0) {
    result.error = heatmap_.error().empty() ? "the network is too large for the shader" : heatmap_.error();
    return result;
  }
  std::vector<float> gpu_classes;
  if (!heatmap_.read_classes(slot, gpu_classes)) {
    result.error = "could not read the shader's pixels back";
    return result;
  }
  const int outputs = nn::output_count(run.model);
  std::vector<float> scores(static_cast<std::size_t>(size) * size * outputs);
  run.trainer->evaluate_grid(state.box, size, size, scores);
  for (int row = 0; row < size; ++row)
    for (int col = 0; col < size; ++col) {
      const float* s = &scores[(static_cast<std::size_t>(row) * size + col) * outputs];
      int cpu_class = 0;
      if (outputs == 1) {
        cpu_class = s[0] > 0 ? 1 : 0;
      } else {
        for (int k = 1; k < outputs; ++k)
          if (s[k] > s[cpu_class]) cpu_class = k;
      }
      // The CPU grid has row 0 at the top (y_max); the texture has y_min in row 0.
      const float gpu = gpu_classes[static_cast<std::size_t>(size - 1 - row) * size + col];
      result.agreeing += static_cast<int>(std::lround(gpu)) == cpu_class;
      ++result.pixels;
    }
  result.fraction = static_cast<double>(result.agreeing) / std::max(result.pixels, 1);
  return result;
}

}  // namespace gf::gui
