// timeline_panel.cpp — the stepper: buttons, the scrub slider, speed, and the keys a presenter
// clicker sends (Right/Down/PageDown next, Left/Up/PageUp back, Space play/pause, Home, End),
// and Q for quiz mode (the next step's numbers asked as "?" before they are shown).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app.hpp"

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
  if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_PAGE_DOWN)) {
    playing_ = false;
    quiz_next();
  }
  if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_UP) || pressed(GLFW_KEY_PAGE_UP)) {
    playing_ = false;
    step_back();
  }
  if (pressed(GLFW_KEY_Q)) set_quiz(!quiz_);
  if (pressed(GLFW_KEY_SPACE)) {
    if (!playing_ && step_ >= step_count()) set_step(0);
    playing_ = !playing_;
    hold_ = 1.0f / steps_per_second_;  // the first step starts right away
  }
  if (pressed(GLFW_KEY_HOME)) {
    playing_ = false;
    set_step(0);
  }
  if (pressed(GLFW_KEY_END)) {
    playing_ = false;
    set_step(step_count());
    progress_ = 1.0f;
  }
  if (pressed(GLFW_KEY_F)) fit_pending_ = true;
  if (pressed(GLFW_KEY_P) || pressed(GLFW_KEY_F5)) {
    theme_.presentation = !theme_.presentation;
    fonts_dirty_ = true;
    fit_pending_ = true;
  }
  if (pressed(GLFW_KEY_T)) {
    theme_.dark = !theme_.dark;
    fonts_dirty_ = true;
  }
}

void App::timeline_panel(Vec2 min, Vec2 size) {
  begin_panel("##timeline", min, size);
  const bool ready = trace_.has_value();
  ImGui::BeginDisabled(!ready);
  if (ImGui::Button("|\u25c0")) {  // to the start
    playing_ = false;
    set_step(0);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("To the start (Home)");
  ImGui::SameLine();
  if (ImGui::Button("\u25c0")) {
    playing_ = false;
    step_back();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step back (Left, Up, PageUp)");
  ImGui::SameLine();
  if (ImGui::Button(playing_ ? "|| pause" : "\u25b6 play ")) {
    if (!playing_ && step_ >= step_count()) set_step(0);
    playing_ = !playing_;
    hold_ = 1.0f / steps_per_second_;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play or pause (Space)");
  ImGui::SameLine();
  if (ImGui::Button("\u25b6")) {
    playing_ = false;
    quiz_next();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        quiz_ ? "Next: ask the next step's numbers, then reveal them (Right, Down, PageDown)"
              : "Next step (Right, Down, PageDown)");
  ImGui::SameLine();
  if (ImGui::Button("\u25b6|")) {
    playing_ = false;
    set_step(step_count());
    progress_ = 1.0f;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("To the end (End)");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Fit")) fit_pending_ = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom to fit the whole graph (F)");
  ImGui::BeginDisabled(!ready);
  ImGui::SameLine();
  // While asking, the step being asked: "forward 2/2 ?".
  const std::string position = !ready    ? "no trace"
                               : asking_ ? asked_view_.position_text() + " ?"
                                         : view_.position_text();
  ImGui::TextUnformatted(position.c_str());
  ImGui::SameLine();
  bool quiz = quiz_;
  if (ImGui::Checkbox("quiz", &quiz)) set_quiz(quiz);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Quiz mode (Q): \"?\" first, the numbers on the next press");
  ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.62f + ImGui::GetCursorPosX() * 0.38f);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::SliderFloat("speed", &steps_per_second_, 0.2f, 4.0f, "%.1f steps/s");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::SliderInt("digits", &digits_, 1, 6);

  // The scrub slider: 0 = nothing computed yet, then every forward and backward step.
  int scrub = step_;
  ImGui::SetNextItemWidth(-1);
  const std::string format = "step %d of " + std::to_string(step_count());
  // A thin track instead of the slider's filled frame: the frame spans the window, and
  // software GL pays for every pixel of it every frame.
  {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x, height = ImGui::GetFrameHeight();
    const float thickness = std::max(2.0f, std::round(height * 0.12f));
    const float y = std::round(at.y + (height - thickness) * 0.5f);
    ImGui::GetWindowDrawList()->AddRectFilled({at.x, y}, {at.x + width, y + thickness},
                                              ImGui::GetColorU32(ImGuiCol_FrameBg));
  }
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_FrameBgActive, ImVec4(0, 0, 0, 0));
  if (ImGui::SliderInt("##scrub", &scrub, 0, std::max(step_count(), 1), format.c_str())) {
    playing_ = false;
    set_step(scrub);
    progress_ = 1.0f;
  }
  ImGui::PopStyleColor(3);
  ImGui::EndDisabled();
  ImGui::End();
}

}  // namespace gf::gui
