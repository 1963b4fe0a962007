// panel_window.hpp — the fixed window a side panel draws in (the palette, the inspector, the
// timeline, the expression bar): placed at min/size, told apart by a thin border in `border`,
// its background the window's clear colour (see docs/ARCHITECTURE.md, "software GL": one
// full-window clear is nearly free, a scissored clear per panel is not).
#pragma once

#include "painter.hpp"  // Color, Vec2

namespace gf::gui {

// Begins the window; `titled` keeps the title bar. Pair with ImGui::End().
void begin_panel(const char* name, Vec2 min, Vec2 size, Color border, bool titled = false);

}  // namespace gf::gui
