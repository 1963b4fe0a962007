// theme.hpp — colours of the canvas and the ImGui style: dark, light, presentation mode (large
// type, high contrast, for the back of a lecture hall), and a colour-blind-safe palette.
#pragma once

#include "painter.hpp"

namespace gf::gui {

struct Palette {
  Color background, grid, grid_strong;
  Color node_fill, node_stroke, node_text;
  Color leaf_fill, leaf_stroke;
  Color wire, wire_pending;
  Color value;      // forward values: green (colour-blind: blue), above each wire
  Color grad;       // gradients: red (colour-blind: orange), below each wire, after a "∂"
  Color highlight;  // the gate of the current step
  Color selection;
  Color warning;  // NaN, infinities, problems
  Color callout_fill, callout_stroke, callout_text, muted_text;
};

struct ThemeChoice {
  bool dark = true;
  bool presentation = false;
  bool colorblind = false;  // blue and orange instead of green and red (--palette colorblind)
};

// The palette names of --palette and the View menu: "default" or "colorblind".
const char* palette_name(bool colorblind);

Palette make_palette(const ThemeChoice& choice);  // theme_colors.cpp (no ImGui: unit-tested)
// Applies colours and sizes to ImGui's style; `ui_scale` multiplies every size.
void apply_imgui_style(const ThemeChoice& choice, float ui_scale);

}  // namespace gf::gui
