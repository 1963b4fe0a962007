// lab_plots.cpp — the lab's output column: train and test loss (numbers and curves), the
// decision boundary view, accuracy, the confusion matrices, and the exports.
//
// Index
//   [SECTION] Output column
//   [SECTION] Loss curves
//   [SECTION] Confusion matrix
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lab_columns.hpp"

namespace gf::gui {

namespace {

std::string percent(double fraction) {
  if (std::isnan(fraction)) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * fraction);
  return text;
}

std::string loss_text(double loss) {
  if (std::isnan(loss)) return "-";
  char text[24];
  std::snprintf(text, sizeof text, "%.3f", loss);
  return text;
}

}  // namespace

// [SECTION] Output column ------------------------------------------------------------------------

LabOutputColumn::Requests LabOutputColumn::draw(Vec2 min, Vec2 size, const LabFrame& frame,
                                                LabState& state, unsigned boundary,
                                                ShapeBatch& points) const {
  begin_lab_area(frame, "##lab_output", min, size);
  const float s = frame.scale;
  ImGui::SetCursorPos({14 * s, 8 * s});
  const float width = size.x - 28 * s - 36 * s;  // room for the plane's ticks on the right
  losses(frame, state, width);
  const nn::Metrics& metrics = state.metrics();
  plane(frame, state, boundary, points, width, min.y + size.y);
  accuracy(frame, metrics);
  if (frame.presentation) {  // the accuracy only: the boundary gets the room
    points.submit(ImGui::GetWindowDrawList());
    ImGui::End();
    return {};
  }
  ImGui::BeginGroup();
  confusion_matrix(frame, metrics, false);
  ImGui::EndGroup();
  ImGui::SameLine(0, 22 * s);
  ImGui::BeginGroup();
  confusion_matrix(frame, metrics, true);
  ImGui::EndGroup();
  ImGui::SameLine(0, 22 * s);
  ImGui::BeginGroup();
  const Requests requests = exports(frame, state);
  ImGui::EndGroup();
  points.submit(ImGui::GetWindowDrawList());
  ImGui::End();
  return requests;
}

// The heading, the losses in numbers and their curves.
void LabOutputColumn::losses(const LabFrame& frame, const LabState& state, float width) {
  const float s = frame.scale;
  lab_heading(frame, "OUTPUT");
  const nn::Metrics& metrics = state.metrics();
  ImGui::SameLine(0, 16 * s);
  lab_text(frame, "Test loss " + loss_text(metrics.test_loss), frame.palette.node_text);
  ImGui::SameLine(0, 16 * s);
  lab_text(frame, "Training loss " + loss_text(metrics.train_loss), frame.palette.muted_text);
  const float plot_height = std::round(58 * s);
  const ImVec2 plot_at = ImGui::GetCursorScreenPos();
  draw_loss_plot(frame, state.main, {plot_at.x, plot_at.y}, {width, plot_height}, true);
  ImGui::Dummy({width, plot_height + 4 * s});
}

// The boundary plane, as large as the rows under it leave room for (its clicks applied at once),
// with the divergence message over it.
void LabOutputColumn::plane(const LabFrame& frame, LabState& state, unsigned boundary,
                            ShapeBatch& points, float width, float bottom) {
  const float s = frame.scale;
  const float line = ImGui::GetFrameHeightWithSpacing();
  const int classes = std::max(2, state.metrics().classes);
  const float matrix_height =
      static_cast<float>(classes) * std::round((classes > 4 ? 26 : 34) * s) + line;
  // Presentation mode shows the accuracy only: the boundary gets the room.
  const float below = frame.presentation ? line * 2.0f : line * 2.6f + matrix_height + line;
  const ImVec2 plane_at = ImGui::GetCursorScreenPos();
  const float side = std::max(80.0f, std::min(width, bottom - plane_at.y - below));
  if (const std::optional<PlaneClick> click = draw_plane({plane_at.x, plane_at.y}, side, frame,
                                                         state, state.main, boundary, true, points))
    apply_plane_click(*click, state);
  if (!state.divergence().empty()) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float wrap = side - 12;
    const ImVec2 extent = ImGui::CalcTextSize(state.divergence().c_str(), nullptr, false, wrap);
    list->AddRectFilled({plane_at.x, plane_at.y}, {plane_at.x + side, plane_at.y + extent.y + 10},
                        lab_color(frame.palette.callout_fill, 0.92f));
    list->AddText(ImGui::GetFont(), ImGui::GetFontSize(), {plane_at.x + 6, plane_at.y + 5},
                  lab_color(frame.palette.warning), state.divergence().c_str(), nullptr, wrap);
  }
  ImGui::SetCursorScreenPos({plane_at.x, plane_at.y + side + line * 0.9f});
}

// Accuracy, large: the number a class watches.
void LabOutputColumn::accuracy(const LabFrame& frame, const nn::Metrics& metrics) {
  ImGui::PushFont(frame.fonts->ui_large);
  if (metrics.problem == nn::Problem::Regression) {  // no classes: the losses (mean squared errors)
    char train[48], test[48];
    std::snprintf(train, sizeof train, "train loss %.4f", metrics.train_loss);
    std::snprintf(test, sizeof test, "test loss %.4f", metrics.test_loss);
    lab_text(frame, train, frame.palette.muted_text);
    ImGui::SameLine(0, 18 * frame.scale);
    lab_text(frame, test, frame.palette.node_text);
    ImGui::PopFont();
    return;
  }
  const char* train_word = frame.presentation ? "train " : "train accuracy ";
  const char* test_word = frame.presentation ? "test " : "test accuracy ";
  lab_text(frame, train_word + percent(metrics.train_accuracy), frame.palette.muted_text);
  ImGui::SameLine(0, 18 * frame.scale);
  lab_text(frame, test_word + percent(metrics.test_accuracy), frame.palette.node_text);
  ImGui::PopFont();
}

// The export buttons and "graph of a point": requests for LabPanel.
LabOutputColumn::Requests LabOutputColumn::exports(const LabFrame& frame, const LabState& state) {
  Requests requests;
  if (ImGui::Button("Weights JSON...")) requests.file = LabFile::ExportWeights;
  lab_record_item(frame, "Weights JSON...");
  if (ImGui::Button("Boundary PNG...")) requests.file = LabFile::ExportPng;
  lab_record_item(frame, "Boundary PNG...");
  const bool chosen = state.chosen_point >= 0 && state.chosen_point < state.dataset.size();
  const bool trained = state.main.trainer.has_value();
  ImGui::BeginDisabled(!chosen || !trained);
  char graph_label[64];
  if (chosen)
    std::snprintf(graph_label, sizeof graph_label, "Graph of #%d", state.chosen_point);
  else
    std::snprintf(graph_label, sizeof graph_label, "Graph of a point");
  requests.graph = ImGui::Button(graph_label) && chosen && trained;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Ctrl+click a point on the plane, then open the scalar computation\n"
        "graph of its loss in the stepper, with the current weights.");
  return requests;
}

// [SECTION] Loss curves --------------------------------------------------------------------------

void draw_loss_plot(const LabFrame& frame, const LabRun& run, Vec2 min, Vec2 size, bool legend) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 a{min.x, min.y}, b{min.x + size.x, min.y + size.y};
  list->AddRect(a, b, lab_color(frame.palette.grid_strong));
  if (!run.trainer) return;
  const std::vector<nn::EvaluationRecord>& history = run.trainer->evaluation_history();
  if (history.size() < 2) {
    if (legend)
      list->AddText({a.x + 6, a.y + 4}, lab_color(frame.palette.muted_text),
                    "loss over steps: press Play");
    return;
  }
  double top = 1e-9;
  for (const nn::EvaluationRecord& record : history) {
    if (std::isfinite(record.train_loss)) top = std::max(top, record.train_loss);
    if (std::isfinite(record.test_loss)) top = std::max(top, record.test_loss);
  }
  // At most ~128 vertices a curve, so a long run costs no more than a short one (software GL
  // pays per triangle, and a loss curve needs no more detail at this size).
  const std::size_t count = history.size();
  const std::size_t stride = std::max<std::size_t>(1, (count + 127) / 128);
  const float last_step = static_cast<float>(std::max(1, history.back().step));
  const float text_room = legend ? ImGui::GetTextLineHeight() + 2 : 2;  // the legend sits above
  ImVec2 points[2][130];
  int used = 0;
  for (std::size_t i = 0; i < count && used < 129; i += stride, ++used) {
    const nn::EvaluationRecord& record = history[std::min(count - 1, i)];
    const float x = a.x + 1 + (size.x - 2) * static_cast<float>(record.step) / last_step;
    auto y_of = [&](double loss) {
      const double v = std::isfinite(loss) ? std::clamp(loss / top, 0.0, 1.0) : 1.0;
      return b.y - 2 - static_cast<float>(v) * (size.y - 4 - text_room);
    };
    points[0][used] = {x, y_of(record.train_loss)};
    points[1][used] = {x,
                       y_of(std::isnan(record.test_loss) ? record.train_loss : record.test_loss)};
  }
  const ImDrawListFlags saved_flags = list->Flags;  // two triangles a segment, not six
  list->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  list->AddPolyline(points[0], used, lab_color(frame.palette.muted_text), 0, 1.5f);
  list->AddPolyline(points[1], used, lab_color(frame.palette.node_text), 0, 1.5f);
  list->Flags = saved_flags;
  if (legend) {
    char text[48];
    std::snprintf(text, sizeof text, "max %.3g", top);
    list->AddText({a.x + 4, a.y + 2}, lab_color(frame.palette.muted_text), text);
    const char* keys = "test (bright) · training (grey)";
    const ImVec2 extent = ImGui::CalcTextSize(keys);
    list->AddText({b.x - extent.x - 4, a.y + 2}, lab_color(frame.palette.muted_text), keys);
  }
}

// [SECTION] Confusion matrix ---------------------------------------------------------------------

void LabOutputColumn::confusion_matrix(const LabFrame& frame, const nn::Metrics& metrics,
                                       bool test) {
  const int k = metrics.classes;
  const std::vector<int>& counts = test ? metrics.test_confusion : metrics.train_confusion;
  if (metrics.problem == nn::Problem::Regression) return;  // no classes to confuse
  ImGui::TextDisabled("%s: true \xc3\x97 predicted", test ? "test" : "train");
  if (static_cast<int>(counts.size()) < k * k) return;
  const float cell = std::round((k > 4 ? 26 : 34) * frame.scale);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int t = 0; t < k; ++t) {
    int row_total = 0;
    for (int p = 0; p < k; ++p) row_total += counts[static_cast<std::size_t>(t * k + p)];
    for (int p = 0; p < k; ++p) {
      const int n = counts[static_cast<std::size_t>(t * k + p)];
      const ImVec2 a{origin.x + static_cast<float>(p) * cell,
                     origin.y + static_cast<float>(t) * cell};
      const ImVec2 b{a.x + cell - 1, a.y + cell - 1};
      const float share =
          row_total > 0 ? static_cast<float>(n) / static_cast<float>(row_total) : 0.0f;
      // The diagonal in the class's colour, mistakes in grey, both by their share of the row.
      const Rgb c = class_color(t);
      const ImU32 fill =
          p == t ? IM_COL32(static_cast<int>(c.r * 255), static_cast<int>(c.g * 255),
                            static_cast<int>(c.b * 255), static_cast<int>(40 + 200 * share))
                 : lab_color(frame.palette.muted_text, 0.1f + 0.6f * share);
      list->AddRectFilled(a, b, n > 0 || p == t ? fill : lab_color(frame.palette.grid, 0.5f));
      char text[12];
      std::snprintf(text, sizeof text, "%d", n);
      const ImVec2 extent = ImGui::CalcTextSize(text);
      if (extent.x < cell)
        list->AddText({a.x + (cell - extent.x) / 2, a.y + (cell - extent.y) / 2},
                      lab_color(frame.palette.node_text), text);
    }
  }
  ImGui::Dummy({cell * static_cast<float>(k), cell * static_cast<float>(k)});
}

}  // namespace gf::gui
