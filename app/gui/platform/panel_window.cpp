// panel_window.cpp — see panel_window.hpp.
#include "panel_window.hpp"

#include <imgui.h>

namespace gf::gui {

void begin_panel(const char* name, Vec2 min, Vec2 size, Color border, bool titled) {
  const ImU32 line = IM_COL32(border.r, border.g, border.b, 255);
  ImDrawList* list = ImGui::GetForegroundDrawList();
  list->AddRectFilled({min.x, min.y}, {min.x + size.x, min.y + 1}, line);
  list->AddRectFilled({min.x, min.y}, {min.x + 1, min.y + size.y}, line);
  ImGui::SetNextWindowPos({min.x, min.y});
  ImGui::SetNextWindowSize({size.x, size.y});
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                           ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoCollapse;
  if (!titled) flags |= ImGuiWindowFlags_NoDecoration;
  ImGui::Begin(name, nullptr, flags);
}

}  // namespace gf::gui
