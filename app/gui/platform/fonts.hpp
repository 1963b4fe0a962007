// fonts.hpp — DejaVu Sans baked at several pixel sizes, so canvas text stays crisp at any zoom:
// text is drawn with the smallest baked size at least as large as needed, scaled down a little,
// never up (ImGui fonts are bitmaps).
#pragma once

#include <string>
#include <vector>

struct ImFont;

namespace gf::gui {

struct FontSet {
  ImFont* ui = nullptr;         // panels and menus
  ImFont* ui_large = nullptr;   // headings, the step banner
  std::vector<ImFont*> canvas;  // ascending sizes, canvas glyphs only
  std::vector<float> canvas_sizes;
  std::string error;  // why the system font could not be used (then ImGui's default)

  // The font to draw canvas text of `pixel_size` with (the smallest baked size ≥ it).
  ImFont* canvas_font(float pixel_size) const;
};

// Builds the atlas into the current ImGui context (call before the renderer creates its font
// texture, or rebuild it after). `ui_size` is the panels' pixel size (scale included).
FontSet load_fonts(float ui_size);

}  // namespace gf::gui
