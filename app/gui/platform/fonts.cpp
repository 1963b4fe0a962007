// fonts.cpp — see fonts.hpp.
#include "fonts.hpp"

#include <imgui.h>

#include <filesystem>

namespace gf::gui {

namespace {

const char* kFontCandidates[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
};

// The characters gradflow draws beyond ASCII: gate symbols, calculus, arrows, Greek.
const char* kExtraGlyphs = "σ×÷−√²³·∂∇→←↑↓⇄≥≤≈∑Σ∞…–—•✓✗▶◀αβγδελμπθ±°|⁻¹⁄½‖";

}  // namespace

ImFont* FontSet::canvas_font(float pixel_size) const {
  for (std::size_t i = 0; i < canvas.size(); ++i)
    if (canvas_sizes[i] >= pixel_size) return canvas[i];
  return canvas.empty() ? ui : canvas.back();
}

FontSet load_fonts(float ui_size) {
  FontSet fonts;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const char* path = nullptr;
  for (const char* candidate : kFontCandidates)
    if (std::filesystem::exists(candidate)) {
      path = candidate;
      break;
    }
  if (path == nullptr) {
    fonts.error = "DejaVu Sans not found (install fonts-dejavu-core); using ImGui's built-in font";
    fonts.ui = fonts.ui_large = io.Fonts->AddFontDefault();
    fonts.canvas = {fonts.ui};
    fonts.canvas_sizes = {13};
    return fonts;
  }
  // The ranges must outlive the atlas build: keep them in statics built once.
  static ImVector<ImWchar> ui_ranges, canvas_ranges;
  if (ui_ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar greek[] = {0x0370, 0x03FF, 0};  // (1.86 has no Greek helper)
    builder.AddRanges(greek);
    builder.AddText(kExtraGlyphs);
    builder.BuildRanges(&ui_ranges);
    ImFontGlyphRangesBuilder canvas_builder;
    canvas_builder.AddText(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~");
    canvas_builder.AddText(kExtraGlyphs);
    canvas_builder.BuildRanges(&canvas_ranges);
  }
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 1;
  fonts.ui = io.Fonts->AddFontFromFileTTF(path, ui_size, &config, ui_ranges.Data);
  fonts.ui_large = io.Fonts->AddFontFromFileTTF(path, ui_size * 1.5f, &config, ui_ranges.Data);
  ImFontConfig canvas_config;
  canvas_config.OversampleH = 1;  // many sizes: keep the atlas small
  canvas_config.OversampleV = 1;
  for (float size :
       {11.f, 13.f, 15.f, 18.f, 21.f, 25.f, 30.f, 36.f, 43.f, 52.f, 62.f, 74.f, 88.f, 104.f}) {
    fonts.canvas.push_back(
        io.Fonts->AddFontFromFileTTF(path, size, &canvas_config, canvas_ranges.Data));
    fonts.canvas_sizes.push_back(size);
  }
  return fonts;
}

}  // namespace gf::gui
