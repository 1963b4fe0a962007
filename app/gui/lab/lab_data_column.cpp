// lab_data_column.cpp — the lab's data column (lab_columns.hpp): which dataset (Playground's
// thumbnails), its points' settings, what a click on the plane adds, import/export of points,
// and the training settings Playground keeps out of its toolbar.
//
// Index
//   [SECTION] Dataset picker
//   [SECTION] The column
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lab_columns.hpp"

namespace gf::gui {

// [SECTION] Dataset picker -----------------------------------------------------------------------
// Playground's thumbnails: every dataset's points (its default settings) on a small square,
// four to a row, the name under each.

namespace {

constexpr int kKinds = static_cast<int>(nn::DatasetKind::Count_);

// Dataset `kind`'s points as 2×2 dots in its square of the atlas (`side` texels, `width` wide).
void draw_dataset_dots(std::vector<std::uint8_t>& pixels, int width, int side, int kind) {
  nn::DatasetOptions options;
  options.kind = static_cast<nn::DatasetKind>(kind);
  options.points = options.kind == nn::DatasetKind::Moons ? 200 : 300;
  options.noise = options.kind == nn::DatasetKind::Moons ? 0.1 : 0.0;
  Result<nn::Dataset> data = nn::make_dataset(options);
  if (!data) return;
  const nn::PlaneBox box = nn::default_box(options.kind);
  for (int p = 0; p < data->size(); ++p) {
    const std::size_t index = static_cast<std::size_t>(p);
    const int col =
        static_cast<int>((data->x1[index] - box.x_min) / (box.x_max - box.x_min) * (side - 2));
    const int row =
        static_cast<int>((box.y_max - data->x2[index]) / (box.y_max - box.y_min) * (side - 2));
    const Rgb c = data->problem == nn::Problem::Regression
                      ? value_color(data->value[index], Rgb{0.5f, 0.5f, 0.5f})
                      : class_color(data->label[index]);
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const int x = std::clamp(col + dx, 0, side - 1), y = std::clamp(row + dy, 0, side - 1);
        std::uint8_t* at = &pixels[(static_cast<std::size_t>(y) * width + kind * side + x) * 4];
        at[0] = static_cast<std::uint8_t>(c.r * 255);
        at[1] = static_cast<std::uint8_t>(c.g * 255);
        at[2] = static_cast<std::uint8_t>(c.b * 255);
      }
  }
}

}  // namespace

void LabDataColumn::update_dataset_atlas(const LabFrame& frame, HeatmapRenderer& heatmap) {
  if (dataset_atlas_ != 0 && dataset_atlas_dark_ == frame.dark) return;
  const int width = kDataThumb * kKinds;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * kDataThumb * 4);
  const Rgb neutral = heat_neutral(frame.dark);
  for (std::size_t i = 0; i < pixels.size(); i += 4) {
    pixels[i] = static_cast<std::uint8_t>(neutral.r * 255);
    pixels[i + 1] = static_cast<std::uint8_t>(neutral.g * 255);
    pixels[i + 2] = static_cast<std::uint8_t>(neutral.b * 255);
    pixels[i + 3] = 255;
  }
  for (int k = 0; k < kKinds; ++k) draw_dataset_dots(pixels, width, kDataThumb, k);
  dataset_atlas_ = heatmap.upload_dataset_atlas(width, kDataThumb, pixels.data());
  dataset_atlas_dark_ = frame.dark;
}

std::optional<nn::DatasetKind> LabDataColumn::dataset_picker(const LabFrame& frame,
                                                             const LabState& state, float width,
                                                             HeatmapRenderer& heatmap) {
  update_dataset_atlas(frame, heatmap);
  constexpr int kPerRow = 4;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float cell = std::floor((width - spacing * (kPerRow - 1)) / kPerRow);
  const float padding = 2;
  std::optional<nn::DatasetKind> chosen;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const Color accent{8, 119, 189, 255};
  for (int k = 0; k < kKinds; ++k) {
    const auto kind = static_cast<nn::DatasetKind>(k);
    // Regression's sets (last in the table) are not offered until the lab has the problem type.
    if (nn::dataset_problem(kind) != state.main.model.problem) continue;
    const std::string name(nn::dataset_name(kind));
    if (k % kPerRow != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushID(k);
    const bool current = state.data_options.kind == kind;
    const float u0 = static_cast<float>(k) / kKinds, u1 = static_cast<float>(k + 1) / kKinds;
    if (ImGui::ImageButton(lab_texture(dataset_atlas_), {cell - 2 * padding, cell - 2 * padding},
                           {u0, 0}, {u1, 1}, static_cast<int>(padding)) &&
        !current)
      chosen = kind;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s: %d classes", name.c_str(), nn::dataset_classes(kind));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    if (current) list->AddRect(a, b, IM_COL32(accent.r, accent.g, accent.b, 255), 0, 0, 2.5f);
    // The name, centred under its picture (small: four fit across the column).
    const ImVec2 extent = ImGui::CalcTextSize(name.c_str());
    const float scale = std::min(1.0f, cell / std::max(extent.x, 1.0f));
    const float size = ImGui::GetFontSize() * std::min(scale, 0.85f);
    const float text_w = extent.x * size / ImGui::GetFontSize();
    const Color text = current ? frame.palette.node_text : frame.palette.muted_text;
    list->AddText(ImGui::GetFont(), size, {a.x + (cell - text_w) / 2, b.y + 1},
                  IM_COL32(text.r, text.g, text.b, text.a), name.c_str());
    if (frame.record != nullptr)
      frame.record->push_back({name, {LabelKind::Ui}, {a.x, a.y}, {cell, cell}, text});
    ImGui::Dummy({cell, size + 2});
    ImGui::PopID();
    ImGui::EndGroup();
  }
  return chosen;
}

void choose_dataset(LabState& state, nn::DatasetKind kind) {
  // (presentation mode's picker lists every generator: one of the other problem type switches it)
  state.set_problem(nn::dataset_problem(kind));
  state.data_options.kind = kind;
  const bool moons = kind == nn::DatasetKind::Moons;
  state.data_options.points = moons ? 100 : 500;
  state.data_options.noise = moons ? 0.1 : 0.0;
  if (Status made = state.regenerate(); !made) state.message = made.reason();
}

// [SECTION] The column ---------------------------------------------------------------------------

std::optional<LabFile> LabDataColumn::draw(Vec2 min, Vec2 size, const LabFrame& frame,
                                           LabState& state, HeatmapRenderer& heatmap) {
  begin_lab_area(frame, "##lab_data", min, size, true);
  const float s = frame.scale;
  // (less a scrollbar's width when the column scrolls: GetWindowContentRegionMax knows)
  const float width =
      ImGui::GetWindowContentRegionMax().x + ImGui::GetStyle().WindowPadding.x - 24 * s;
  ImGui::SetCursorPos({12 * s, 8 * s});
  ImGui::BeginGroup();
  data_settings(frame, state, width, heatmap);
  ImGui::Spacing();
  if (state.problem() == nn::Problem::Classification) {  // a value is not clicked
    ImGui::TextDisabled("A click on the plane adds:");
    click_classes(state);
  }
  ImGui::TextDisabled("Shift+click or right-click erases;");
  ImGui::TextDisabled("Ctrl+click picks a point.");
  const std::optional<LabFile> file = files(frame, state, width);
  // Training settings that Playground keeps out of its toolbar.
  ImGui::Spacing();
  lab_heading(frame, "TRAINING");
  training_settings(state, width);
  ImGui::EndGroup();
  ImGui::End();
  return file;
}

void LabDataColumn::data_settings(const LabFrame& frame, LabState& state, float width,
                                  HeatmapRenderer& heatmap) {
  lab_heading(frame, "DATA");
  int problem = static_cast<int>(state.problem());
  ImGui::SetNextItemWidth(width * 0.62f);
  if (ImGui::Combo("problem", &problem, "classification\0regression\0"))
    state.set_problem(static_cast<nn::Problem>(problem));
  ImGui::TextDisabled("Which dataset?");
  bool regenerate = false;
  if (const std::optional<nn::DatasetKind> chosen = dataset_picker(frame, state, width, heatmap))
    choose_dataset(state, *chosen);
  char count_text[80];
  std::snprintf(count_text, sizeof count_text, "%d points: %d train, %d test", state.dataset.size(),
                state.dataset.train_count(), state.dataset.test_count());
  lab_text(frame, count_text, frame.palette.muted_text);
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
  if (ImGui::SliderInt("points", &data.points, 20, 2000, "%d", ImGuiSliderFlags_Logarithmic))
    regenerate = true;
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
  if (!regenerate) return;
  data.points = std::clamp(data.points, 2, 100000);
  if (Status made = state.regenerate(); !made) state.message = made.reason();
}

void LabDataColumn::click_classes(LabState& state) {
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
}

// Import and export buttons (their dialogs come back), and the last file's message.
std::optional<LabFile> LabDataColumn::files(const LabFrame& frame, LabState& state, float width) {
  const float cell = (width - ImGui::GetStyle().ItemSpacing.x) / 2;  // two buttons a row
  std::optional<LabFile> file;
  if (ImGui::Button("Import CSV...", {cell, 0})) file = LabFile::ImportCsv;
  lab_record_item(frame, "Import CSV...");
  ImGui::SameLine();
  if (ImGui::Button("Export CSV...", {cell, 0})) file = LabFile::ExportCsv;
  lab_record_item(frame, "Export CSV...");
  if (state.message.empty()) return file;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  const bool done = state.message.rfind("wrote", 0) == 0 || state.message.rfind("loaded", 0) == 0;
  lab_text(frame, state.message, done ? frame.palette.muted_text : frame.palette.warning);
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton("dismiss")) state.message.clear();
  return file;
}

void LabDataColumn::training_settings(LabState& state, float width) {
  nn::TrainConfig& config = state.main.config;
  nn::ModelSpec& model = state.main.model;
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
}

}  // namespace gf::gui
