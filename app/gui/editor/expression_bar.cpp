// expression_bar.cpp — type an expression, press Enter: the graph is rebuilt and laid out. A
// parse error is shown inline with a caret under its column; the current graph stays, and the
// field keeps the keyboard (caret at the end) so the fix is typed there, never into canvas keys.
#include "expression_bar.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app.hpp"
#include "panel_window.hpp"

namespace gf::gui {

bool ExpressionBar::draw_field(float panel_width, bool& entered) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("f =");
  ImGui::SameLine();
  field_x_ = ImGui::GetCursorScreenPos().x;
  field_y_ = ImGui::GetCursorScreenPos().y;
  ImGui::SetNextItemWidth(std::min(panel_width * 0.5f, ImGui::GetFontSize() * 36));
  // ImGui lets go of a field on Enter; after a refused expression it is taken back at once.
  if (refocus) ImGui::SetKeyboardFocusHere(0);
  auto move_caret_to_end = [](ImGuiInputTextCallbackData* data) {
    bool& pending = *static_cast<bool*>(data->UserData);
    if (pending) data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
    pending = false;
    return 0;
  };
  entered = ImGui::InputText(
      "##expr", &text, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackAlways,
      move_caret_to_end, &caret_to_end);
  if (ImGui::IsItemActive()) refocus = false;
  if (ImGui::IsItemEdited()) error.reset();
  ImGui::SameLine();
  return ImGui::Button("Build graph") || entered;
}

void ExpressionBar::refused(ExpressionError parse_error, bool entered) {
  error = std::move(parse_error);
  if (entered) refocus = caret_to_end = true;
}

void ExpressionBar::draw_error(Color warning) const {
  if (!error) return;
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(warning.r / 255.f, warning.g / 255.f, warning.b / 255.f, 1), "%s",
                     error->describe().c_str());
  // The caret: under the column of the problem, just below the text field.
  const int column = std::max(1, error->column);
  const std::string before = text.substr(0, std::min<std::size_t>(column - 1, text.size()));
  const float x =
      field_x_ + ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(before.c_str()).x;
  const float y = field_y_ + ImGui::GetFrameHeight() - 2;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float s = ImGui::GetFontSize() * 0.35f;
  list->AddTriangleFilled({x, y - s}, {x - s, y + s * 0.6f}, {x + s, y + s * 0.6f},
                          IM_COL32(warning.r, warning.g, warning.b, 255));
}

// The panel: the field; a graph asked for is parsed (a refusal shows its error) and queued.
void App::expression_bar(Vec2 min, Vec2 size) {
  begin_panel("##expression", min, size, make_palette(theme_).grid_strong);
  bool entered = false;
  if (expression_.draw_field(size.x, entered)) {
    ParsedExpression parsed = parse_expression(expression_.text);
    if (!parsed.ok()) {
      expression_.refused(*parsed.error, entered);
    } else {
      expression_.accepted();
      build_graph(std::move(parsed.graph), expression_.text);
    }
  }
  expression_.draw_error(make_palette(theme_).warning);
  ImGui::End();
}

}  // namespace gf::gui
