// lab_widgets.cpp — the lab's areas, headings and recorded texts (lab_widgets.hpp).
#include "lab_widgets.hpp"

namespace gf::gui {

void begin_lab_area(const LabFrame& frame, const char* name, Vec2 min, Vec2 size, bool scrolls) {
  // As begin_panel (platform/panel_window.hpp): the clear colour shows through, a thin border
  // on top and left.
  const Color line = frame.palette.grid_strong;
  ImDrawList* list = ImGui::GetForegroundDrawList();
  list->AddRectFilled({min.x, min.y}, {min.x + size.x, min.y + 1},
                      IM_COL32(line.r, line.g, line.b, 255));
  list->AddRectFilled({min.x, min.y}, {min.x + 1, min.y + size.y},
                      IM_COL32(line.r, line.g, line.b, 255));
  ImGui::SetNextWindowPos({min.x, min.y});
  ImGui::SetNextWindowSize({size.x, size.y});
  const ImGuiWindowFlags decoration =
      scrolls ? ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoCollapse
              : static_cast<ImGuiWindowFlags>(ImGuiWindowFlags_NoDecoration);
  ImGui::Begin(name, nullptr,
               decoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (frame.record != nullptr) {  // the layout tests hold each control inside its area
    std::string area = name;
    if (area.rfind("##lab_", 0) == 0) area = area.substr(6);
    frame.record->push_back({"area:" + area + (scrolls ? " scrolls" : ""),
                             {LabelKind::Ui},
                             min,
                             size,
                             frame.palette.grid_strong});
  }
}

void lab_heading(const LabFrame& frame, const char* text) {
  ImGui::PushFont(frame.fonts->ui_large);
  lab_text(frame, text, frame.palette.muted_text);
  ImGui::PopFont();
}

void lab_text(const LabFrame& frame, const std::string& text, Color color) {
  ImGui::TextColored(ImVec4(color.r / 255.f, color.g / 255.f, color.b / 255.f, color.a / 255.f),
                     "%s", text.c_str());
  if (frame.record == nullptr) return;
  const ImVec2 at = ImGui::GetItemRectMin(), extent = ImGui::GetItemRectSize();
  frame.record->push_back({text, {LabelKind::Ui}, {at.x, at.y}, {extent.x, extent.y}, color});
}

void lab_record_item(const LabFrame& frame, std::string text) {
  record_last_item(frame.record, std::move(text), frame.palette.node_text);
}

}  // namespace gf::gui
