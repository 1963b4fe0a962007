// lab_panel.cpp — the lab's frame: the boundaries' textures, the panels laid out and what they
// ask for applied after each is drawn, keys, file dialogs and the headless shader/CPU check (see
// lab_panel.hpp).
//
// Index
//   [SECTION] Frame
//   [SECTION] Files
//   [SECTION] Keys and requests
//   [SECTION] Headless: shader and CPU agree
#include "lab_panel.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "lab_widgets.hpp"

namespace gf::gui {

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
    style.regression = run.model.problem == nn::Problem::Regression;
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
  constexpr double kQuickMacs = LabState::kDenseMacsPerMs * 1.0,
                   kRefineMacs = LabState::kDenseMacsPerMs * 1.5;
  CpuPicture& picture = cpu_pictures_[static_cast<std::size_t>(slot)];
  const std::span<const double> parameters = run.trainer->parameters();
  const std::array<float, 6> key = {static_cast<float>(state.box.x_min),
                                    static_cast<float>(state.box.x_max),
                                    static_cast<float>(state.box.y_min),
                                    static_cast<float>(state.box.y_max),
                                    style.neutral.r + 2 * style.neutral.g + 4 * style.neutral.b,
                                    state.discretize ? 1.0f : 0.0f};
  const double weights = static_cast<double>(std::max<std::size_t>(run.arrays.weights.size(), 1));
  const bool same = picture.shown_side > 0 && picture.style == key &&
                    std::equal(parameters.begin(), parameters.end(), picture.parameters.begin(),
                               picture.parameters.end());
  const double share = 1.0 / static_cast<double>(std::max<std::size_t>(textures_.size(), 1));
  const int quick_side =
      std::clamp(static_cast<int>(std::sqrt(kQuickMacs * share / weights)), 24, full_side / 2);
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
  state.cpu_heatmap_rows(run, full_side, full_side, picture.job_rows, end, style.neutral,
                         picture.pixels);
  picture.job_rows = end;
  refining_ = true;  // (until the upload below shows the full picture: one more frame)
  if (end < full_side) return shown;
  picture.shown_side = full_side;
  return heatmap_.upload(slot, full_side, full_side, picture.pixels.data());
}

unsigned LabPanel::boundary_texture(int slot) const {
  return slot < static_cast<int>(textures_.size()) ? textures_[static_cast<std::size_t>(slot)] : 0;
}

// Each panel in its rectangle; what it asks for is applied right after it is drawn.
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

  const LabAreas areas =
      lab_areas(size, frame.scale, frame.presentation, toolbar_.height(frame_, size.x, state));
  toolbar_.draw(min, {size.x, areas.toolbar}, frame_, state);
  const float top = min.y + areas.toolbar, height = size.y - areas.toolbar;
  // Presentation mode: the large type goes to the network and the boundary; the data column
  // (files, training details) waits for the normal view (the toolbar has the dataset).
  if (areas.left > 0)
    if (const std::optional<LabFile> file =
            data_column_.draw({min.x, top}, {areas.left, height}, frame_, state, heatmap_))
      open_file_dialog(*file);
  if (state.compare) {
    compare_view({min.x + areas.left, top}, {size.x - areas.left, height});
  } else {
    const std::optional<NetworkEdit> edit =
        network_.draw({min.x + areas.left, top}, {size.x - areas.left - areas.right, height},
                      frame_, state.main, boundary_texture(0), wires_);
    if (edit && apply_network_edit(*edit, state.main.model)) state.rebuild();
    network_.apply_weight_edits(state);
    const LabOutputColumn::Requests asked =
        output_column_.draw({min.x + size.x - areas.right, top}, {areas.right, height}, frame_,
                            state, boundary_texture(0), points_);
    if (asked.file) open_file_dialog(*asked.file);
    if (asked.graph) request_graph();
  }
  file_dialogs();
  divergence_popup(min, size);
}

// A diverging run: the engine's message, and a way out.
void LabPanel::divergence_popup(Vec2 min, Vec2 size) {
  ImGui::SetNextWindowPos({min.x + size.x / 2, min.y + size.y / 2}, ImGuiCond_Appearing,
                          {0.5f, 0.5f});
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

// The chosen point's scalar graph with the current weights, for the App to open.
void LabPanel::request_graph() {
  Result<nn::PointGraph> graph = state.main.trainer->graph_for_point(state.chosen_point);
  if (graph)
    graph_request_ = std::move(*graph);
  else
    state.message = graph.reason();
}

// [SECTION] Files --------------------------------------------------------------------------------

void LabPanel::open_file_dialog(LabFile file) {
  purpose_ = file;
  switch (file) {
    case LabFile::ImportCsv:
      dialog_.open(FileDialog::Mode::Open, "Import points (x,y,label)", "", "", ".csv");
      break;
    case LabFile::ExportCsv:
      dialog_.open(FileDialog::Mode::Save, "Export points", "", "points.csv", ".csv");
      break;
    case LabFile::ExportWeights:
      dialog_.open(FileDialog::Mode::Save, "Export weights", "", "weights.json", ".json");
      break;
    case LabFile::ExportPng:
      dialog_.open(FileDialog::Mode::Save, "Export boundary", "", "boundary.png", ".png");
      break;
    case LabFile::SaveLab:
      dialog_.open(FileDialog::Mode::Save, "Save lab", "", "lab.json", ".json");
      break;
    case LabFile::OpenLab:
      dialog_.open(FileDialog::Mode::Open, "Open lab", "", "", ".json");
      break;
    case LabFile::ImportWeights:
      dialog_.open(FileDialog::Mode::Open, "Import weights (lab file or weights JSON)", "", "",
                   ".json");
      break;
  }
}

void LabPanel::file_dialogs() {
  if (!dialog_.draw(frame_.escape, frame_.enter)) return;
  const std::string& path = dialog_.chosen();
  Status status = Status::success();
  switch (purpose_) {
    case LabFile::ImportCsv:
      status = state.import_csv(path);
      if (status) state.message = "loaded " + std::to_string(state.dataset.size()) + " points";
      break;
    case LabFile::ExportCsv:
      status = state.export_csv(path);
      break;
    case LabFile::ExportWeights:
      status = state.export_weights(path);
      break;
    case LabFile::ExportPng:
      status = state.export_boundary_png(path, 512, heat_neutral(frame_.dark));
      break;
    case LabFile::SaveLab:
      status = state.save_lab(path);
      break;
    case LabFile::OpenLab:
      status = state.open_lab(path);
      if (status) state.message = "opened " + path;
      break;
    case LabFile::ImportWeights:
      status = state.import_weights(path);
      if (status) state.message = "weights imported from " + path;
      break;
  }
  if (!status)
    state.message = status.reason();
  else if (purpose_ != LabFile::ImportCsv && purpose_ != LabFile::OpenLab &&
           purpose_ != LabFile::ImportWeights)
    state.message = "wrote " + path;
}

// [SECTION] Keys and requests --------------------------------------------------------------------

void LabPanel::on_key(int key) {
  if (key == GLFW_KEY_SPACE) toggle_play(state);
  if (key == GLFW_KEY_RIGHT || key == GLFW_KEY_S) state.step_once();
  if (key == GLFW_KEY_R) state.reset();
  if (key == GLFW_KEY_D) state.discretize = !state.discretize;
  if (key == GLFW_KEY_C) toggle_compare(state);
}

void LabPanel::on_undo_key(bool redo) {
  if (!state.compare) network_.undo_weight_edit(state, redo);
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
  data_column_.release_gpu_resources();
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
  const HeatStyle style{
      heat_neutral(true), false,
      run.model.loss == nn::LossKind::CrossEntropy && nn::output_count(run.model) == 1};
  const int slot = HeatmapRenderer::kSlots - 1;
  if (heatmap_.render(slot, run.arrays, state.box, size, style) == 0) {
    result.error =
        heatmap_.error().empty() ? "the network is too large for the shader" : heatmap_.error();
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
