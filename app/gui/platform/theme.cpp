// theme.cpp — see theme.hpp: the ImGui style (the canvas's colours are in theme_colors.cpp).
#include "theme.hpp"

#include <imgui.h>

namespace gf::gui {

void apply_imgui_style(const ThemeChoice& choice, float ui_scale) {
  ImGuiStyle style;
  if (choice.dark)
    ImGui::StyleColorsDark(&style);
  else
    ImGui::StyleColorsLight(&style);
  // Square corners: a rounded frame is dozens of triangles where a square one is two
  // (docs/ARCHITECTURE.md, "software GL").
  style.WindowRounding = 0;
  style.FrameRounding = 0;
  style.GrabRounding = 0;
  style.ScrollbarRounding = 0;
  style.PopupRounding = 0;
  style.ChildRounding = 0;
  style.TabRounding = 0;
  style.CircleTessellationMaxError = 0.6f;
  style.WindowBorderSize = 0;
  style.FramePadding = {7, 4};
  style.ItemSpacing = {8, 6};
  style.ScaleAllSizes(ui_scale);
  ImGui::GetStyle() = style;
}

}  // namespace gf::gui
