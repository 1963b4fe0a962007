// lab_plane.cpp — the decision boundary view: the heatmap texture (one image quad), the points
// on top (one instanced draw through ShapeBatch: train points with a dark rim, test points with
// a white one), and the mouse: click adds a point, Shift+click or right-click erases, Ctrl+click
// picks the point for "show graph". Compare mode: a grid of such views, one per setting.
//
// Index
//   [SECTION] One plane
//   [SECTION] Compare mode
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "lab_panel.hpp"

namespace gf::gui {

// [SECTION] One plane ----------------------------------------------------------------------------

namespace {

Color to_color(Rgb c, float alpha = 1.0f) {
  return {static_cast<std::uint8_t>(c.r * 255), static_cast<std::uint8_t>(c.g * 255),
          static_cast<std::uint8_t>(c.b * 255), static_cast<std::uint8_t>(alpha * 255)};
}

// The plane's square on screen and the map from plane units to it.
struct PlaneGeometry {
  Vec2 min;
  float side;
  nn::PlaneBox box;
  double scale_x() const { return side / (box.x_max - box.x_min); }
  double scale_y() const { return side / (box.y_max - box.y_min); }
  Vec2 to_screen(double x, double y) const {
    return Vec2{static_cast<float>(min.x + (x - box.x_min) * scale_x()),
                static_cast<float>(min.y + (box.y_max - y) * scale_y())};
  }
};

// Ticks: the plane's extent and its axes, as Playground. Recorded for --dump-labels: the first
// and last ones mark the plane's corners (the GUI tests find the plane by them).
void draw_ticks(ImDrawList* list, const LabFrame& frame, const PlaneGeometry& plane) {
  const ImVec2 a{plane.min.x, plane.min.y}, b{plane.min.x + plane.side, plane.min.y + plane.side};
  auto tick = [&](ImVec2 at, const char* text) {
    list->AddText(at, lab_color(frame.palette.muted_text), text);
    if (frame.record == nullptr) return;
    const ImVec2 extent = ImGui::CalcTextSize(text);
    frame.record->push_back(
        {text, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, frame.palette.muted_text});
  };
  const nn::PlaneBox& box = plane.box;
  char text[32];
  for (double value : {box.x_min, 0.5 * (box.x_min + box.x_max), box.x_max}) {
    std::snprintf(text, sizeof text, "%g", std::round(value * 100) / 100);
    const Vec2 at = plane.to_screen(value, box.y_min);
    const ImVec2 extent = ImGui::CalcTextSize(text);
    tick({std::clamp(at.x - extent.x / 2, a.x, b.x - extent.x), b.y + 2}, text);
  }
  for (double value : {box.y_min, 0.5 * (box.y_min + box.y_max), box.y_max}) {
    std::snprintf(text, sizeof text, "%g", std::round(value * 100) / 100);
    const Vec2 at = plane.to_screen(box.x_max, value);
    const ImVec2 extent = ImGui::CalcTextSize(text);
    tick({b.x + 4, std::clamp(at.y - extent.y / 2, a.y, b.y - extent.y)}, text);
  }
}

// The points: one quad each, drawn by ShapeBatch after the heatmap.
Color margin_ring_color(const LabFrame& frame) {
  return frame.dark ? Color{235, 235, 235, 200} : Color{30, 30, 30, 200};
}

// Under hinge loss, over the plane's top left: what the rings mean (the ring itself drawn).
void margin_legend(ImDrawList* list, const LabFrame& frame, const LabRun& run, ImVec2 corner,
                   float side) {
  if (run.model.loss != nn::LossKind::Hinge || run.model.problem != nn::Problem::Classification)
    return;
  const float s = frame.scale;
  const float ring = 5 * s, pad = 4 * s;
  // As long as the plane leaves room for.
  const char* text = nullptr;
  ImVec2 extent;
  for (const char* words : {"inside the margin: still pulls on the weights",
                            "inside the margin: still pulls", "inside the margin"}) {
    text = words;
    extent = ImGui::CalcTextSize(text);
    if (pad * 3 + ring * 2 + extent.x + 8 * s <= side) break;
  }
  const ImVec2 a{corner.x + 4 * s, corner.y + 4 * s};
  const ImVec2 b{a.x + pad * 3 + ring * 2 + extent.x, a.y + pad * 2 + extent.y};
  list->AddRectFilled(a, b, lab_color(frame.palette.callout_fill, 0.85f));
  const Color c = margin_ring_color(frame);
  list->AddCircle({a.x + pad + ring, (a.y + b.y) / 2}, ring, IM_COL32(c.r, c.g, c.b, c.a), 16,
                  1.5f);
  const ImVec2 at{a.x + pad * 2 + ring * 2, a.y + pad};
  list->AddText(at, lab_color(frame.palette.node_text), text);
  if (frame.record != nullptr)
    frame.record->push_back(
        {text, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, frame.palette.node_text});
}

void add_points(const LabFrame& frame, const LabState& state, const LabRun& run,
                const PlaneGeometry& plane, ShapeBatch& points) {
  const nn::Dataset& data = state.dataset;
  const float radius = std::clamp(plane.side / 105.0f, 2.2f, 5.0f);
  const Color train_rim = frame.dark ? Color{20, 20, 24, 230} : Color{60, 60, 60, 230};
  const Vec2 a = plane.min, b{plane.min.x + plane.side, plane.min.y + plane.side};
  for (int i = 0; i < data.size(); ++i) {
    const std::size_t index = static_cast<std::size_t>(i);
    const bool test = data.is_test[index] != 0;
    if (test && !state.show_test) continue;
    const Vec2 at = plane.to_screen(data.x1[index], data.x2[index]);
    if (at.x < a.x || at.x > b.x || at.y < a.y || at.y > b.y) continue;  // outside (noise)
    const Rgb fill = data.problem == nn::Problem::Regression
                         ? value_color(data.value[index], heat_neutral(frame.dark))
                         : class_color(data.label[index]);
    points.add(at, {radius, radius}, radius, to_color(fill),
               test ? Color{255, 255, 255, 255} : train_rim,
               test ? std::min(1.6f, radius * 0.38f) : 1.0f);
  }
  // Hinge: a ring around each point inside the margin (y·s < 1), those that still give a gradient.
  if (run.inside_margin.size() == static_cast<std::size_t>(data.size()))
    for (int i = 0; i < data.size(); ++i) {
      const std::size_t index = static_cast<std::size_t>(i);
      if (!run.inside_margin[index] || (data.is_test[index] && !state.show_test)) continue;
      const Vec2 at = plane.to_screen(data.x1[index], data.x2[index]);
      if (at.x < a.x || at.x > b.x || at.y < a.y || at.y > b.y) continue;
      const float ring = radius + 2.5f;
      points.add(at, {ring, ring}, ring, {0, 0, 0, 0}, margin_ring_color(frame), 1.2f);
    }
  if (state.chosen_point >= 0 && state.chosen_point < data.size()) {
    const std::size_t i = static_cast<std::size_t>(state.chosen_point);
    const float ring = radius + 4;
    points.add(plane.to_screen(data.x1[i], data.x2[i]), {ring, ring}, ring, {0, 0, 0, 0},
               frame.palette.highlight, 2.0f);
  }
}

// What the mouse over the plane says: the point under it, or the network's class there.
void plane_tooltip(const LabState& state, const LabRun& run, double x, double y, int near) {
  const nn::Dataset& data = state.dataset;
  if (data.problem == nn::Problem::Regression) {  // values, and no point to add by a click
    if (near >= 0) {
      const std::size_t i = static_cast<std::size_t>(near);
      ImGui::SetTooltip("point %d: (%.2f, %.2f), value %.3f, %s point", near, data.x1[i],
                        data.x2[i], data.value[i], data.is_test[i] ? "test" : "training");
    } else if (run.trainer) {
      double value = 0;
      run.trainer->scores_at(x, y, std::span<double>(&value, 1));
      ImGui::SetTooltip("(%.2f, %.2f): the network says %.3f", x, y, value);
    }
    return;
  }
  if (near >= 0) {
    const std::size_t i = static_cast<std::size_t>(near);
    ImGui::SetTooltip(
        "point %d: (%.2f, %.2f), class %d, %s point\nCtrl+click: pick it for its graph", near,
        data.x1[i], data.x2[i], data.label[i], data.is_test[i] ? "test" : "training");
  } else if (run.trainer) {
    double scores[nn::kMaxClasses] = {};
    const int outputs = nn::output_count(run.model);
    run.trainer->scores_at(x, y, std::span<double>(scores, static_cast<std::size_t>(outputs)));
    const int predicted =
        nn::predicted_class(std::span<const double>(scores, static_cast<std::size_t>(outputs)));
    ImGui::SetTooltip("(%.2f, %.2f): class %d (score %.3f)\nclick adds a class %d point", x, y,
                      predicted, scores[outputs == 1 ? 0 : predicted], state.click_class);
  }
}

// The mouse: click adds a point, Shift+click or right-click erases, Ctrl+click picks.
std::optional<PlaneClick> plane_mouse(const LabState& state, const LabRun& run,
                                      const PlaneGeometry& plane) {
  ImGui::SetCursorScreenPos({plane.min.x, plane.min.y});
  ImGui::InvisibleButton("##plane", {plane.side, plane.side},
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  if (!ImGui::IsItemHovered()) return std::nullopt;
  const ImGuiIO& io = ImGui::GetIO();
  const double x = plane.box.x_min + (io.MousePos.x - plane.min.x) / plane.scale_x();
  const double y = plane.box.y_max - (io.MousePos.y - plane.min.y) / plane.scale_y();
  const double pick_radius = 8.0 / plane.scale_x();
  const int near = state.dataset.nearest_point(x, y, pick_radius);
  const bool left = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  if (ImGui::IsItemClicked(ImGuiMouseButton_Right) || (left && io.KeyShift))
    return PlaneClick{PlaneClick::Kind::Erase, x, y, pick_radius};
  if (left && io.KeyCtrl) return PlaneClick{PlaneClick::Kind::Choose, x, y, 0, near};
  if (left) return PlaneClick{PlaneClick::Kind::Add, x, y};
  plane_tooltip(state, run, x, y, near);
  return std::nullopt;
}

}  // namespace

std::optional<PlaneClick> draw_plane(Vec2 min, float side, const LabFrame& frame,
                                     const LabState& state, const LabRun& run, unsigned texture,
                                     bool interactive, ShapeBatch& points) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 a{min.x, min.y}, b{min.x + side, min.y + side};
  if (texture != 0)
    HeatmapRenderer::add_opaque_image(list, texture, min, {b.x, b.y});
  else
    list->AddText(ImVec2(a.x + 8, a.y + 8), lab_color(frame.palette.warning), run.error.c_str());
  list->AddRect(a, b, lab_color(frame.palette.grid_strong));
  const PlaneGeometry plane{min, side, state.box};
  if (interactive) draw_ticks(list, frame, plane);
  add_points(frame, state, run, plane, points);
  if (!interactive) return std::nullopt;
  if (state.divergence().empty()) margin_legend(list, frame, run, a, side);
  return plane_mouse(state, run, plane);
}

void apply_plane_click(const PlaneClick& click, LabState& state) {
  switch (click.kind) {
    case PlaneClick::Kind::Add:
      state.add_point(click.x, click.y, state.click_class);
      break;
    case PlaneClick::Kind::Erase:
      state.erase_point_near(click.x, click.y, click.radius);
      break;
    case PlaneClick::Kind::Choose:
      state.chosen_point = click.point;
      break;
  }
}

// "network 2-5-3-1 relu · lr 0.1 · L2 0.01": what a compare tile trains, in one line.
std::string setting_summary(const LabRun& run) {
  std::string text = "network " + std::to_string(run.model.features.size());
  for (const nn::LayerSpec& layer : run.model.hidden) text += "-" + std::to_string(layer.neurons);
  text += "-" + std::to_string(nn::output_count(run.model));
  if (!run.model.hidden.empty())
    text += " " + std::string(nn::activation_name(run.model.hidden.front().activation));
  char rest[96];
  std::snprintf(rest, sizeof rest, " \xc2\xb7 lr %g", run.config.learning_rate);
  text += rest;
  if (run.config.regularization != nn::Regularization::None) {
    std::snprintf(rest, sizeof rest, " \xc2\xb7 %s %g",
                  run.config.regularization == nn::Regularization::L1 ? "L1" : "L2",
                  run.config.lambda);
    text += rest;
  }
  return text;
}

// [SECTION] Compare mode -------------------------------------------------------------------------

void LabPanel::compare_presets() {
  lab_heading(frame_, "COMPARE");
  ImGui::SameLine();
  ImGui::TextDisabled("the same points, several settings, trained side by side in lockstep");
  lab_record_item(frame_, "compare note");
  // The toolbar's settings are the main run's: greyed out here, and said so.
  ImGui::TextDisabled(
      "Each tile has its own settings (edit): the toolbar's are for the single view.");
  lab_record_item(frame_, "toolbar note");
  // Seed 000's two presets bring their data: noisy moons, where the lesson shows.
  if (ImGui::Button("Hidden neurons 3 / 6 / 20"))
    state.load_preset(LabState::Preset::HiddenNeurons, true);
  ImGui::SameLine();
  if (ImGui::Button("L2 \xce\xbb 0.001 / 0.01 / 0.1"))
    state.load_preset(LabState::Preset::Lambda, true);
  ImGui::SameLine();
  if (ImGui::Button("Activations")) state.load_preset(LabState::Preset::Activations);
  ImGui::SameLine();
  if (ImGui::Button("Learning rates")) state.load_preset(LabState::Preset::LearningRates);
  ImGui::SameLine();
  ImGui::BeginDisabled(static_cast<int>(state.runs.size()) >= LabState::kMaxRuns);
  if (ImGui::Button("+ current settings")) state.add_current_to_compare();
  ImGui::EndDisabled();
}

// One tile: the run's name with edit and remove buttons, its plane, numbers and loss curve.
LabPanel::TileAction LabPanel::compare_tile(int i, Vec2 at, float side, float curve_h) {
  LabRun& run = state.runs[static_cast<std::size_t>(i)];
  const float line = ImGui::GetTextLineHeightWithSpacing();
  TileAction action = TileAction::None;
  ImGui::SetCursorScreenPos({at.x, at.y});
  ImGui::PushID(i);
  // The name large when it fits beside its buttons in the tile, else in the body font.
  ImGui::PushFont(frame_.fonts->ui_large);
  const bool large = ImGui::CalcTextSize(run.name.c_str()).x + 80 * frame_.scale <= side;
  if (!large) ImGui::PopFont();
  lab_text(frame_, run.name, frame_.palette.node_text);
  if (large) ImGui::PopFont();
  ImGui::SameLine();
  if (ImGui::SmallButton("edit")) action = TileAction::Edit;
  lab_record_item(frame_, "edit");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Change this setting (its run restarts)");
  ImGui::SameLine();
  if (ImGui::SmallButton("x")) action = TileAction::Remove;
  lab_record_item(frame_, "remove");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this setting");
  const unsigned texture =
      i < static_cast<int>(textures_.size()) ? textures_[static_cast<std::size_t>(i)] : 0;
  draw_plane({at.x, at.y + line}, side, frame_, state, run, texture, false, points_);
  if (run.trainer) {
    const nn::Metrics& m = run.metrics;  // (on its evaluation turn: LabState::advance)
    char text[160];
    if (run.trainer->status() == nn::TrainStatus::Diverged)  // no predictions to count
      std::snprintf(text, sizeof text, "step %d   diverged", run.trainer->step());
    else if (m.problem == nn::Problem::Regression)
      std::snprintf(text, sizeof text, "step %d   loss %.4f / %.4f   test RMSE %.3f",
                    run.trainer->step(), m.train_loss, m.test_loss, m.test_rmse);
    else
      std::snprintf(text, sizeof text, "step %d   loss %.3f / %.3f   test acc. %.1f%%",
                    run.trainer->step(), m.train_loss, m.test_loss,
                    100 * (std::isnan(m.test_accuracy) ? m.train_accuracy : m.test_accuracy));
    // Each line at the tile's left (ImGui's next line would start at the window's), wrapped
    // within the tile (compare_view leaves room for two lines each when they will wrap).
    ImGui::PushTextWrapPos(at.x + side - ImGui::GetWindowPos().x);
    ImGui::SetCursorScreenPos({at.x, at.y + line + side + 2});
    lab_text(frame_, text, frame_.palette.muted_text);
    ImGui::SetCursorScreenPos({at.x, ImGui::GetCursorScreenPos().y});
    lab_text(frame_, setting_summary(run), frame_.palette.muted_text);
    ImGui::PopTextWrapPos();
    const float curve_top = std::max(at.y + line * 3 + side + 2, ImGui::GetCursorScreenPos().y);
    draw_loss_plot(frame_, run, {at.x, curve_top}, {side, curve_h}, false);
  }
  ImGui::PopID();
  return action;
}

void LabPanel::compare_view(Vec2 min, Vec2 size) {
  begin_lab_area(frame_, "##lab_compare", min, size);
  const float s = frame_.scale;
  ImGui::SetCursorPos({12 * s, 8 * s});
  compare_presets();
  const int count = static_cast<int>(state.runs.size());
  if (count == 0) {
    ImGui::TextDisabled("Choose a preset, or add the current settings.");
    ImGui::End();
    return;
  }
  const int columns = count <= 3 ? count : 3;
  const int rows = (count + columns - 1) / columns;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float pad = 14 * s;
  const float tile_w = (size.x - pad) / columns;
  const float tile_h = (min.y + size.y - origin.y - pad) / rows;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float curve_h = std::round(72 * s);  // the curves with their axes and legend
  // Under the caption: the numbers and the setting, a line each, two when the tile is narrow
  // (they wrap), and a line more for a long setting.
  auto side_for = [&](float lines) {
    return std::max(40.0f, std::min(tile_w - pad * 2, tile_h - line * lines - curve_h - pad));
  };
  float side = side_for(4);
  if (ImGui::CalcTextSize("step 100000   loss 0.000 / 0.000   test acc. 100.0%").x > side)
    side = side_for(6);
  int remove = -1, edit = -1;
  for (int i = 0; i < count; ++i) {
    const Vec2 at{min.x + pad + static_cast<float>(i % columns) * tile_w,
                  origin.y + static_cast<float>(i / columns) * tile_h};
    const TileAction action = compare_tile(i, at, side, curve_h);
    if (action == TileAction::Edit) edit = i;
    if (action == TileAction::Remove) remove = i;
  }
  points_.submit(ImGui::GetWindowDrawList());
  if (edit >= 0) open_settings(edit);
  settings_popup();
  ImGui::End();
  if (remove >= 0) {
    state.runs.erase(state.runs.begin() + remove);
    if (state.runs.empty()) state.compare = false;
  }
}

}  // namespace gf::gui
