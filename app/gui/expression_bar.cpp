// expression_bar.cpp — type an expression, press Enter: the graph is rebuilt and laid out. A
// parse error is shown inline with a caret under its column; the current graph stays, and the
// field keeps the keyboard (caret at the end) so the fix is typed there, never into canvas keys.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app.hpp"

namespace gf::gui {

void App::expression_bar(Vec2 min, Vec2 size) {
  begin_panel("##expression", min, size);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("f =");
  ImGui::SameLine();
  const float field_x = ImGui::GetCursorScreenPos().x;
  const float field_y = ImGui::GetCursorScreenPos().y;
  ImGui::SetNextItemWidth(std::min(size.x * 0.5f, ImGui::GetFontSize() * 36));
  // ImGui lets go of a field on Enter; after a refused expression it is taken back at once.
  if (expression_refocus_) ImGui::SetKeyboardFocusHere(0);
  auto caret_to_end = [](ImGuiInputTextCallbackData* data) {
    bool& pending = *static_cast<bool*>(data->UserData);
    if (pending) data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
    pending = false;
    return 0;
  };
  const bool entered = ImGui::InputText("##expr", &expression_text_,
                                        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackAlways,
                                        caret_to_end, &expression_caret_to_end_);
  if (ImGui::IsItemActive()) expression_refocus_ = false;
  if (ImGui::IsItemEdited()) expression_error_.reset();
  ImGui::SameLine();
  if (ImGui::Button("Build graph") || entered) {
    if (apply_expression(expression_text_)) {
      expression_error_.reset();
    } else if (entered) {
      expression_refocus_ = expression_caret_to_end_ = true;
    }
  }
  if (expression_error_) {
    ImGui::SameLine();
    const Palette palette = make_palette(theme_);
    const Color w = palette.warning;
    ImGui::TextColored(ImVec4(w.r / 255.f, w.g / 255.f, w.b / 255.f, 1), "%s",
                       expression_error_->describe().c_str());
    // The caret: under the column of the problem, just below the text field.
    const int column = std::max(1, expression_error_->column);
    const std::string before = expression_text_.substr(0, std::min<std::size_t>(column - 1, expression_text_.size()));
    const float x = field_x + ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(before.c_str()).x;
    const float y = field_y + ImGui::GetFrameHeight() - 2;
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float s = ImGui::GetFontSize() * 0.35f;
    list->AddTriangleFilled({x, y - s}, {x - s, y + s * 0.6f}, {x + s, y + s * 0.6f},
                            IM_COL32(w.r, w.g, w.b, 255));
  }
  ImGui::End();
}

}  // namespace gf::gui
