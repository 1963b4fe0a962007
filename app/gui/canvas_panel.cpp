// canvas_panel.cpp — the graph on its grid: pan (drag empty space, or middle/right drag), zoom
// around the cursor (wheel), hover and select gates; the step banner on top. Follows the canvas
// recipe of Dear ImGui's demo: one invisible button takes all input, drawing is clipped.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "graph_drawing.hpp"

namespace gf::gui {

namespace {
ImU32 to_imgui(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }
}  // namespace

void App::fit_to_view() {
  const Box bounds = graph_bounds(document_.graph);
  const Vec2 extent = bounds.max - bounds.min;
  const float margin = 24.0f;
  if (canvas_.size.x <= 2 * margin || canvas_.size.y <= 2 * margin) return;
  float zoom = std::min((canvas_.size.x - 2 * margin) / extent.x,
                        (canvas_.size.y - 2 * margin) / extent.y);
  // Small graphs should not fill a projector screen with 300-pixel circles.
  const float max_zoom = 2.2f * content_scale_ * ui_scale_ * (theme_.presentation ? 1.6f : 1.0f);
  canvas_.zoom = std::clamp(zoom, 0.02f, max_zoom);
  const Vec2 center = (bounds.min + bounds.max) * 0.5f;
  canvas_.offset = canvas_.size * 0.5f - center * canvas_.zoom;
  fit_pending_ = false;
}

void App::view_corner() {
  const Box bounds = graph_bounds(document_.graph);
  canvas_.zoom = content_scale_ * ui_scale_;
  canvas_.offset = Vec2{20, 20} - bounds.min * canvas_.zoom;
  fit_pending_ = false;
}

void App::canvas_panel(Vec2 min, Vec2 size) {
  ImGui::SetNextWindowPos({min.x, min.y});
  ImGui::SetNextWindowSize({size.x, size.y});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::Begin("##canvas", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  canvas_.origin = {origin.x, origin.y};
  canvas_.size = size;
  // A resized window keeps the graph fitted if it was fitted (first frames, panels toggling).
  if (last_canvas_size_.x != size.x || last_canvas_size_.y != size.y) {
    if (last_canvas_size_.x == 0) fit_pending_ = true;
    last_canvas_size_ = size;
  }
  if (fit_pending_) fit_to_view();

  // ---- Input ------------------------------------------------------------------------------
  ImGui::InvisibleButton("canvas", {std::max(size.x, 1.0f), std::max(size.y, 1.0f)},
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  ImGuiIO& io = ImGui::GetIO();
  const bool canvas_hovered = ImGui::IsItemHovered();
  const Vec2 mouse{io.MousePos.x, io.MousePos.y};
  const Vec2 mouse_world = canvas_.to_world(mouse);
  hovered_ = canvas_hovered ? node_at(document_.graph, mouse_world) : kNoNode;
  if (canvas_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) selected_ = hovered_;
  const bool dragging_empty = ImGui::IsItemActive() && selected_ == kNoNode &&
                              ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f);
  const bool dragging_other = ImGui::IsItemActive() &&
                              (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 2.0f) ||
                               ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 2.0f));
  if (dragging_empty || dragging_other) canvas_.offset = canvas_.offset + Vec2{io.MouseDelta.x, io.MouseDelta.y};
  if (canvas_hovered && io.MouseWheel != 0.0f) {
    // Up to 3.5×: beyond, the largest baked font would be magnified and blur.
    const float zoom = std::clamp(canvas_.zoom * std::pow(1.15f, io.MouseWheel), 0.02f, 3.5f);
    canvas_.offset = mouse - canvas_.origin - mouse_world * zoom;  // keep the point under the cursor
    canvas_.zoom = zoom;
  }

  // ---- Background and grid ----------------------------------------------------------------
  const Palette palette = make_palette(theme_);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 lo = origin, hi{origin.x + size.x, origin.y + size.y};
  list->PushClipRect(lo, hi, true);
  // (The background itself is the window's clear colour: see App::background.)
  // A subtle grid: 1-pixel lines without anti-aliasing fringes (on software GL every covered
  // pixel counts), spaced so there are never more than ~40 of them, dropped when too dense.
  float step = 80.0f * canvas_.zoom;
  while (step < 48.0f) step *= 2.0f;
  {
    const ImDrawListFlags flags = list->Flags;
    list->Flags &= ~ImDrawListFlags_AntiAliasedLines;
    for (float x = std::fmod(canvas_.offset.x, step); x < size.x; x += step)
      list->AddRectFilled({std::floor(origin.x + x), lo.y}, {std::floor(origin.x + x) + 1, hi.y},
                          to_imgui(palette.grid));
    for (float y = std::fmod(canvas_.offset.y, step); y < size.y; y += step)
      list->AddRectFilled({lo.x, std::floor(origin.y + y)}, {hi.x, std::floor(origin.y + y) + 1},
                          to_imgui(palette.grid));
    list->Flags = flags;
  }

  // ---- The graph --------------------------------------------------------------------------
  labels_.clear();
  ImGuiPainter painter(list, canvas_, fonts_, shapes_.ready() ? &shapes_ : nullptr,
                       record_labels_ ? &labels_ : nullptr);
  DrawSettings settings;
  settings.palette = palette;
  settings.decimals = decimals_;
  settings.progress = progress_;
  settings.text_scale = theme_.presentation ? 1.25f : 1.0f;
  settings.hovered = hovered_;
  std::vector<std::uint8_t> selected(document_.graph.id_limit(), 0);
  if (document_.graph.contains(selected_)) selected[selected_] = 1;
  settings.selected = &selected;
  const bool ready = evaluation_.has_value() && trace_.has_value();
  draw_graph(painter, document_.graph, ready ? &*evaluation_ : nullptr, ready ? &*trace_ : nullptr,
             ready ? &view_ : nullptr, settings);
  painter.finish();

  // ---- Banner: where we are in the trace, or what is missing -------------------------------
  auto banner = [&](const std::string& text, Color color, float y, ImFont* font) {
    const ImVec2 at{origin.x + 14, origin.y + y};
    list->AddText(font, font->FontSize, at, to_imgui(color), text.c_str());
    if (record_labels_) {
      const ImVec2 extent = font->CalcTextSizeA(font->FontSize, 1e9f, 0, text.c_str());
      labels_.push_back({text, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, color});
    }
    return font->FontSize + 4;
  };
  float y = 10;
  if (!document_.title.empty()) y += banner(document_.title, palette.muted_text, y, fonts_.ui);
  if (!problem_.empty()) {
    y += banner("Cannot step yet: " + problem_, palette.warning, y, fonts_.ui);
  } else if (ready) {
    std::string position = view_.position_text();
    if (view_.phase == StepPhase::Start) position = "start: press \u2192 to step";
    y += banner(position, palette.node_text, y, fonts_.ui_large);
    if (view_.current_node != kNoNode) {
      const OpInfo& info = op_info(document_.graph.op(view_.current_node));
      const bool backward = view_.phase == StepPhase::Backward;
      banner(std::string(info.name) + (backward ? " \u2014 " + std::string(pattern_name(info.pattern)) : ""),
             backward ? palette.grad : palette.value, y, fonts_.ui);
    }
  }
  list->PopClipRect();
  ImGui::End();
}

}  // namespace gf::gui
