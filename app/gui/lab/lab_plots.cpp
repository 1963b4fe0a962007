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
#include <utility>

#include "lab_columns.hpp"
#include "lab_timeline.hpp"

namespace gf::gui {

namespace {

std::string percent(double fraction) {
  if (std::isnan(fraction)) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * fraction);
  return text;
}

// The main run's weights stopped being finite (LabState::divergence says how).
bool diverged(const LabState& state) {
  return state.main.trainer && state.main.trainer->status() == nn::TrainStatus::Diverged;
}

std::string loss_text(double loss) {
  if (std::isnan(loss)) return "-";
  char text[24];
  // (a run blowing up, shown rewound, reaches 1e295: in exponent form it stays readable)
  std::snprintf(text, sizeof text, std::fabs(loss) < 1e5 ? "%.3f" : "%.3g", loss);
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
  Rows rows = fit_rows(frame, state.metrics(), size.x - 16 * s);
  rows.diverged = diverged(state);
  losses(frame, state, width);
  draw_timeline(frame, state, width);  // the rewind slider (a rewind applies at once)
  const nn::Metrics& metrics = state.metrics();
  plane(frame, state, boundary, points, width, min.y + size.y, rows);
  accuracy(frame, metrics, rows);
  if (frame.presentation) {  // the accuracy only: the boundary gets the room
    points.submit(ImGui::GetWindowDrawList());
    ImGui::End();
    return {};
  }
  if (diverged(state)) {  // no predictions to count (the plane's veil says why)
    ImGui::TextDisabled("No predictions: training diverged.");
    lab_record_item(frame, "no predictions");
  } else {
    ImGui::BeginGroup();
    confusion_matrix(frame, metrics, false);
    ImGui::EndGroup();
    ImGui::SameLine(0, 22 * s);
    ImGui::BeginGroup();
    confusion_matrix(frame, metrics, true);
    ImGui::EndGroup();
  }
  if (!rows.exports_below) ImGui::SameLine(0, 22 * s);
  ImGui::BeginGroup();
  const Requests requests = exports(frame, state, rows.exports_below);
  ImGui::EndGroup();
  points.submit(ImGui::GetWindowDrawList());
  ImGui::End();
  return requests;
}

// What fits across `width`: the accuracy's long words, the exports beside the matrices.
LabOutputColumn::Rows LabOutputColumn::fit_rows(const LabFrame& frame, const nn::Metrics& metrics,
                                                float width) {
  const float s = frame.scale;
  Rows rows;
  ImGui::PushFont(frame.fonts->ui_large);
  const float accuracy_w = ImGui::CalcTextSize("train accuracy 100.0%").x + 18 * s +
                           ImGui::CalcTextSize("test accuracy 100.0%").x;
  ImGui::PopFont();
  rows.short_accuracy = frame.presentation || accuracy_w > width;
  const int k = std::max(2, metrics.classes);
  const float matrix_w = std::max(ImGui::CalcTextSize("train: true \xc3\x97 predicted").x,
                                  static_cast<float>(k) * std::round((k > 4 ? 26 : 34) * s));
  const float exports_w =
      ImGui::CalcTextSize("Boundary PNG...").x + 2 * ImGui::GetStyle().FramePadding.x;
  rows.exports_below = 2 * matrix_w + 44 * s + exports_w > width;
  return rows;
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
  const float plot_height = std::round(84 * s);  // the curves, their axes and legend
  const ImVec2 plot_at = ImGui::GetCursorScreenPos();
  draw_loss_plot(frame, state.main, {plot_at.x, plot_at.y}, {width, plot_height}, true);
  ImGui::Dummy({width, plot_height + 4 * s});
}

// The boundary plane, as large as the rows under it leave room for (its clicks applied at once),
// with the divergence message over it.
void LabOutputColumn::plane(const LabFrame& frame, LabState& state, unsigned boundary,
                            ShapeBatch& points, float width, float bottom, const Rows& rows) {
  const float s = frame.scale;
  const float line = ImGui::GetFrameHeightWithSpacing();
  const int classes = std::max(2, state.metrics().classes);
  const float matrix_height =
      static_cast<float>(classes) * std::round((classes > 4 ? 26 : 34) * s) + line;
  // Presentation mode shows the accuracy only: the boundary gets the room.
  const float below = frame.presentation
                          ? line * 2.0f
                          : line * 2.6f + matrix_height + line + (rows.exports_below ? line : 0);
  const ImVec2 plane_at = ImGui::GetCursorScreenPos();
  const float side = std::max(80.0f, std::min(width, bottom - plane_at.y - below));
  if (const std::optional<PlaneClick> click = draw_plane({plane_at.x, plane_at.y}, side, frame,
                                                         state, state.main, boundary, true, points))
    apply_plane_click(*click, state);
  if (!state.divergence().empty()) {
    // A veil over the picture: the weights are not finite, so it shows no prediction (as the
    // accuracy and the matrices below, which say so).
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled({plane_at.x, plane_at.y}, {plane_at.x + side, plane_at.y + side},
                        lab_color(frame.palette.callout_fill, 0.7f));
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
void LabOutputColumn::accuracy(const LabFrame& frame, const nn::Metrics& metrics,
                               const Rows& rows) {
  const bool frame_diverged = rows.diverged;
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
  const char* train_word = rows.short_accuracy ? "train " : "train accuracy ";
  const char* test_word = rows.short_accuracy ? "test " : "test accuracy ";
  // A diverged run predicts nothing: no accuracy either (its scores are not finite).
  const double nan = std::nan("");
  const bool none = frame_diverged;
  lab_text(frame, train_word + percent(none ? nan : metrics.train_accuracy),
           frame.palette.muted_text);
  ImGui::SameLine(0, 18 * frame.scale);
  lab_text(frame, test_word + percent(none ? nan : metrics.test_accuracy), frame.palette.node_text);
  ImGui::PopFont();
}

// The export buttons and "graph of a point": requests for LabPanel.
LabOutputColumn::Requests LabOutputColumn::exports(const LabFrame& frame, const LabState& state,
                                                   bool in_a_row) {
  Requests requests;
  if (ImGui::Button("Weights JSON...")) requests.file = LabFile::ExportWeights;
  lab_record_item(frame, "Weights JSON...");
  if (in_a_row) ImGui::SameLine();
  if (ImGui::Button("Boundary PNG...")) requests.file = LabFile::ExportPng;
  lab_record_item(frame, "Boundary PNG...");
  if (in_a_row) ImGui::SameLine();
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
  lab_record_item(frame, graph_label);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Ctrl+click a point on the plane, then open the scalar computation\n"
        "graph of its loss in the stepper, with the current weights.");
  return requests;
}

// [SECTION] Loss curves --------------------------------------------------------------------------

namespace {

// A text on the plot (ticks, legend), recorded for --dump-labels.
void plot_text(ImDrawList* list, const LabFrame& frame, ImVec2 at, const char* text, Color color) {
  list->AddText(at, lab_color(color), text);
  if (frame.record == nullptr) return;
  const ImVec2 extent = ImGui::CalcTextSize(text);
  frame.record->push_back({text, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, color});
}

// The largest finite loss of the history (the y axis's top).
double highest_loss(const std::vector<nn::EvaluationRecord>& history) {
  double top = 1e-9;
  for (const nn::EvaluationRecord& record : history) {
    if (std::isfinite(record.train_loss)) top = std::max(top, record.train_loss);
    if (std::isfinite(record.test_loss)) top = std::max(top, record.test_loss);
  }
  return top;
}

// The legend above the plot's right end: a short line in each curve's colour, then its name.
void loss_legend(ImDrawList* list, const LabFrame& frame, ImVec2 top_right) {
  const float line_h = ImGui::GetTextLineHeight();
  float x = top_right.x;
  const std::pair<const char*, Color> keys[] = {{"test", frame.palette.node_text},
                                                {"train", frame.palette.muted_text}};
  for (const auto& [name, color] : keys) {  // right to left
    x -= ImGui::CalcTextSize(name).x;
    plot_text(list, frame, {x, top_right.y}, name, color);
    x -= 4 + 14;
    list->AddLine({x, top_right.y + line_h / 2}, {x + 14, top_right.y + line_h / 2},
                  lab_color(color), 2.0f);
    x -= 10;
  }
}

// A history's train and test curves in the box a..b, steps 0..last_step across, losses 0..top up.
// At most ~128 vertices a curve, so a long run costs no more than a short one (see
// docs/ARCHITECTURE.md on the frame's triangle budget; a loss curve needs no more detail).
void loss_curves(ImDrawList* list, const std::vector<nn::EvaluationRecord>& history, double top,
                 float last_step, ImVec2 a, ImVec2 b, ImU32 train_color, ImU32 test_color) {
  const std::size_t count = history.size();
  const std::size_t stride = std::max<std::size_t>(1, (count + 127) / 128);
  const float plot_w = b.x - a.x, plot_h = b.y - a.y;
  ImVec2 points[2][130];
  int used = 0;
  for (std::size_t i = 0; i < count && used < 129; i += stride, ++used) {
    const nn::EvaluationRecord& record = history[std::min(count - 1, i)];
    const float x = a.x + 1 + (plot_w - 2) * static_cast<float>(record.step) / last_step;
    auto y_of = [&](double loss) {
      const double v = std::isfinite(loss) ? std::clamp(loss / top, 0.0, 1.0) : 1.0;
      return b.y - 2 - static_cast<float>(v) * (plot_h - 4);
    };
    points[0][used] = {x, y_of(record.train_loss)};
    points[1][used] = {x,
                       y_of(std::isnan(record.test_loss) ? record.train_loss : record.test_loss)};
  }
  const ImDrawListFlags saved_flags = list->Flags;  // two triangles a segment, not six
  list->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  list->AddPolyline(points[0], used, train_color, 0, 1.5f);
  list->AddPolyline(points[1], used, test_color, 0, 1.5f);
  list->Flags = saved_flags;
}

}  // namespace

void draw_loss_plot(const LabFrame& frame, const LabRun& run, Vec2 min, Vec2 size, bool hint) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float line_h = ImGui::GetTextLineHeight();
  const std::vector<nn::EvaluationRecord>* history =
      run.trainer ? &run.trainer->evaluation_history() : nullptr;
  // Rewound: the axes span the latest step's curves, drawn faint beyond the step shown.
  const std::vector<nn::EvaluationRecord>& later = run.timeline.later_evaluations();
  const std::vector<nn::EvaluationRecord>* span = later.empty() || !history ? history : &later;
  const double top = span ? highest_loss(*span) : 1.0;
  char top_text[24];
  std::snprintf(top_text, sizeof top_text, "%.3g", top);
  // The plot's box: the y axis's ticks on its left, the steps under it, the legend above.
  const float label_w = std::max(ImGui::CalcTextSize(top_text).x, ImGui::CalcTextSize("0").x) + 4;
  const ImVec2 a{min.x + label_w, min.y + line_h + 2},
      b{min.x + size.x, min.y + size.y - line_h - 1};
  list->AddRect(a, b, lab_color(frame.palette.grid_strong));
  plot_text(list, frame, {min.x, min.y}, "loss", frame.palette.muted_text);
  loss_legend(list, frame, {b.x, min.y});
  if (span == nullptr || span->size() < 2) {
    if (hint)
      list->AddText({a.x + 6, a.y + 4}, lab_color(frame.palette.muted_text),
                    "loss over steps: press Play");
    return;
  }
  const Color tick = frame.palette.muted_text;
  plot_text(list, frame, {min.x, a.y}, top_text, tick);
  plot_text(list, frame, {min.x, b.y - line_h}, "0", tick);
  char step_text[32];
  std::snprintf(step_text, sizeof step_text, "%d steps", span->back().step);
  plot_text(list, frame, {a.x, b.y + 1}, "0", tick);
  plot_text(list, frame, {b.x - ImGui::CalcTextSize(step_text).x, b.y + 1}, step_text, tick);
  const float last_step = static_cast<float>(std::max(1, span->back().step));
  if (span == &later) {  // the later steps faint, and a line at the step shown
    loss_curves(list, later, top, last_step, a, b, lab_color(frame.palette.muted_text, 0.45f),
                lab_color(frame.palette.node_text, 0.45f));
    const float x = a.x + 1 + (b.x - a.x - 2) * static_cast<float>(run.trainer->step()) / last_step;
    list->AddLine({x, a.y}, {x, b.y}, lab_color(frame.palette.warning, 0.8f), 1.5f);
  }
  loss_curves(list, *history, top, last_step, a, b, lab_color(frame.palette.muted_text),
              lab_color(frame.palette.node_text));
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
  lab_record_item(frame, test ? "test confusion matrix" : "train confusion matrix");
}

}  // namespace gf::gui
