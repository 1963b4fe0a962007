// timeline_panel.cpp — the stepper: buttons, the scrub slider, speed, and the keys a presenter
// clicker sends (Right/Down/PageDown next, Left/Up/PageUp back, Space play/pause, Home, End),
// and Q for quiz mode (the next step's numbers asked as "?" before they are shown).
#include "timeline_panel.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "panel_window.hpp"

namespace gf::gui {

void App::handle_keys(const std::vector<KeyPress>& keys_pressed) {
  for (const KeyPress& press : keys_pressed)  // even over a dialog: a picture of it, for slides
    if (press.key == GLFW_KEY_F12) request_view_png();
  if (typing()) return;
  for (const KeyPress& press : keys_pressed)
    if ((press.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER | GLFW_MOD_SHIFT)) == 0)
      on_key(press.key);  // with a modifier, a key belongs to the editor (edit_keys)
}

void App::on_key(int key) {
  auto pressed = [key](int which) { return key == which; };
  TimelineRequest request;  // the keys a clicker sends make the timeline's requests
  if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_PAGE_DOWN))
    request.move = StepMove::Next;
  if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_UP) || pressed(GLFW_KEY_PAGE_UP))
    request.move = StepMove::Back;
  if (pressed(GLFW_KEY_SPACE)) request.move = StepMove::PlayPause;
  if (pressed(GLFW_KEY_HOME)) request.move = StepMove::ToStart;
  if (pressed(GLFW_KEY_END)) request.move = StepMove::ToEnd;
  if (pressed(GLFW_KEY_Q)) request.quiz = !stepping_.quiz;
  request.fit = pressed(GLFW_KEY_F);
  apply_timeline(request);
  if (pressed(GLFW_KEY_P) || pressed(GLFW_KEY_F5)) {
    theme_.presentation = !theme_.presentation;
    fonts_dirty_ = true;
    canvas_.fit_pending = true;
  }
  if (pressed(GLFW_KEY_T)) {
    theme_.dark = !theme_.dark;
    fonts_dirty_ = true;
  }
}

void App::apply_timeline(const TimelineRequest& request) {
  if (request.quiz) set_quiz(*request.quiz);
  if (request.fit) canvas_.fit_pending = true;
  if (request.move != StepMove::None && request.move != StepMove::PlayPause)
    stepping_.playing = false;
  switch (request.move) {
    case StepMove::ToStart:
      set_step(0);
      break;
    case StepMove::Back:
      step_back();
      break;
    case StepMove::PlayPause:
      if (!stepping_.playing && stepping_.step >= step_count()) set_step(0);
      stepping_.playing = !stepping_.playing;
      stepping_.hold = 1.0f / timeline_.steps_per_second;  // the first step starts right away
      break;
    case StepMove::Next:
      quiz_next();
      break;
    case StepMove::ToEnd:
    case StepMove::Scrub:
      set_step(request.move == StepMove::ToEnd ? step_count() : request.scrub_to);
      stepping_.progress = 1.0f;
      break;
    case StepMove::None:
      break;
  }
}

TimelineView App::timeline_view() const {
  TimelineView view;
  view.ready = trace_.has_value();
  // While asking, the step being asked: "forward 2/2 ?".
  view.position = !view.ready        ? "no trace"
                  : stepping_.asking ? stepping_.asked_view.position_text() + " ?"
                                     : stepping_.view.position_text();
  view.step = stepping_.step;
  view.step_count = step_count();
  view.playing = stepping_.playing;
  view.quiz = stepping_.quiz;
  view.border = make_palette(theme_).grid_strong;
  return view;
}

namespace {

// A button with its tooltip; true when clicked.
bool button(const char* label, const char* tooltip) {
  const bool clicked = ImGui::Button(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  ImGui::SameLine();
  return clicked;
}

// To the start, back, play/pause, next, to the end: the move asked for, or None.
StepMove step_buttons(const TimelineView& view) {
  StepMove move = StepMove::None;
  if (button("|\u25c0", "To the start (Home)")) move = StepMove::ToStart;
  if (button("\u25c0", "Step back (Left, Up, PageUp)")) move = StepMove::Back;
  if (button(view.playing ? "|| pause" : "\u25b6 play ", "Play or pause (Space)"))
    move = StepMove::PlayPause;
  if (button("\u25b6",
             view.quiz
                 ? "Next: ask the next step's numbers, then reveal them (Right, Down, PageDown)"
                 : "Next step (Right, Down, PageDown)"))
    move = StepMove::Next;
  if (ImGui::Button("\u25b6|")) move = StepMove::ToEnd;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("To the end (End)");
  return move;
}

// The scrub slider, 0 = nothing computed yet, then every forward and backward step; drawn as a
// thin track instead of a filled frame that spans the window (docs/ARCHITECTURE.md, "software
// GL": a filled frame is paid for pixel by pixel every frame). The step chosen, if moved.
std::optional<int> scrub_slider(const TimelineView& view) {
  int scrub = view.step;
  ImGui::SetNextItemWidth(-1);
  const std::string format = "step %d of " + std::to_string(view.step_count);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x, height = ImGui::GetFrameHeight();
  const float thickness = std::max(2.0f, std::round(height * 0.12f));
  const float y = std::round(at.y + (height - thickness) * 0.5f);
  ImGui::GetWindowDrawList()->AddRectFilled({at.x, y}, {at.x + width, y + thickness},
                                            ImGui::GetColorU32(ImGuiCol_FrameBg));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_FrameBgActive, ImVec4(0, 0, 0, 0));
  const bool moved =
      ImGui::SliderInt("##scrub", &scrub, 0, std::max(view.step_count, 1), format.c_str());
  ImGui::PopStyleColor(3);
  return moved ? std::optional<int>(scrub) : std::nullopt;
}

}  // namespace

TimelineRequest TimelinePanel::draw(Vec2 min, Vec2 size, const TimelineView& view) {
  TimelineRequest request;
  begin_panel("##timeline", min, size, view.border);
  ImGui::BeginDisabled(!view.ready);
  request.move = step_buttons(view);
  ImGui::EndDisabled();
  ImGui::SameLine();
  request.fit = ImGui::Button("Fit");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom to fit the whole graph (F)");
  ImGui::BeginDisabled(!view.ready);
  ImGui::SameLine();
  ImGui::TextUnformatted(view.position.c_str());
  ImGui::SameLine();
  bool quiz = view.quiz;
  if (ImGui::Checkbox("quiz", &quiz)) request.quiz = quiz;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Quiz mode (Q): \"?\" first, the numbers on the next press");
  ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.62f + ImGui::GetCursorPosX() * 0.38f);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::SliderFloat("speed", &steps_per_second, 0.2f, 4.0f, "%.1f steps/s");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::SliderInt("digits", &digits, 1, 6);
  if (std::optional<int> scrub = scrub_slider(view)) {
    request.move = StepMove::Scrub;
    request.scrub_to = *scrub;
  }
  ImGui::EndDisabled();
  ImGui::End();
  return request;
}

}  // namespace gf::gui
