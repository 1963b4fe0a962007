// theme_colors.cpp — see theme.hpp. No ImGui here: the unit tests check these colours.
//
// The default palette follows the CS231n circuit diagrams: values green, gradients red. About
// one man in twelve cannot tell that red from that green (under a deuteranopia simulation both
// become the same tan), so the colour-blind palette uses Okabe & Ito's blue and orange, which
// differ for every kind of dichromat. In every palette values sit above the wire and gradients
// below it with a "∂" in front (graph_drawing.cpp), so hue never carries the meaning alone.
// Presentation mode makes colours darker/brighter and the background pure, for projectors.
#include <cstdio>

#include "theme.hpp"

namespace gf::gui {

std::string Color::hex() const {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", r, g, b);
  return text;
}

std::string_view label_kind_name(LabelKind kind) {
  switch (kind) {
    case LabelKind::Node:
      return "node";
    case LabelKind::Value:
      return "value";
    case LabelKind::Grad:
      return "grad";
    case LabelKind::Callout:
      return "callout";
    case LabelKind::Ui:
      return "ui";
    case LabelKind::Palette:
      return "palette";
    case LabelKind::Pin:
      return "pin";
    case LabelKind::Shape:
      return "shape";
  }
  return "ui";
}

const char* palette_name(bool colorblind) { return colorblind ? "colorblind" : "default"; }

// Long: a table, one line per colour of each theme, read side by side.
Palette make_palette(const ThemeChoice& choice) {
  Palette p;
  if (choice.dark) {
    p.background = {24, 26, 33};
    p.grid = {36, 39, 48};
    p.grid_strong = {46, 50, 61};
    p.node_fill = {44, 49, 61};
    p.node_stroke = {150, 160, 180};
    p.node_text = {235, 238, 245};
    p.leaf_fill = {33, 37, 47};
    p.leaf_stroke = {96, 106, 126};
    p.wire = {160, 168, 186};
    p.wire_pending = {90, 96, 110};
    p.value = {86, 211, 100};
    p.grad = {255, 107, 97};
    p.highlight = {255, 196, 0};
    p.selection = {88, 166, 255};
    p.warning = {255, 166, 0};
    p.callout_fill = {14, 16, 22};
    p.callout_stroke = {255, 196, 0};
    p.callout_text = {240, 242, 248};
    p.muted_text = {150, 158, 175};
  } else {
    p.background = {250, 250, 248};
    p.grid = {236, 236, 232};
    p.grid_strong = {222, 222, 216};
    p.node_fill = {255, 255, 255};
    p.node_stroke = {60, 64, 72};
    p.node_text = {20, 22, 28};
    p.leaf_fill = {244, 245, 247};
    p.leaf_stroke = {150, 155, 165};
    p.wire = {70, 74, 84};
    p.wire_pending = {180, 183, 190};
    p.value = {26, 127, 55};
    p.grad = {207, 34, 46};
    p.highlight = {230, 140, 0};
    p.selection = {9, 105, 218};
    p.warning = {191, 87, 0};
    p.callout_fill = {255, 253, 240};
    p.callout_stroke = {230, 140, 0};
    p.callout_text = {20, 22, 28};
    p.muted_text = {100, 105, 115};
  }
  if (choice.presentation) {  // projectors wash colours out: push contrast
    if (choice.dark) {
      p.background = {0, 0, 0};
      p.grid = {22, 22, 26};
      p.grid_strong = {30, 30, 36};
      p.value = {90, 235, 110};
      p.grad = {255, 110, 100};
      p.wire = {215, 220, 230};
      p.node_text = {255, 255, 255};
    } else {
      p.background = {255, 255, 255};
      p.grid = {240, 240, 240};
      p.value = {0, 110, 40};
      p.grad = {200, 0, 20};
      p.wire = {20, 20, 20};
      p.node_stroke = {0, 0, 0};
    }
  }
  if (choice.colorblind) {
    // Okabe & Ito's sky blue / blue for values, orange / vermillion for gradients: darkened on
    // light backgrounds to stay readable (contrast ≥ 4.5 under every simulation, see
    // tests/unit/test_palette.cpp). The current gate's colour moves off orange, which gradients use.
    if (choice.dark) {
      p.value = choice.presentation ? Color{100, 195, 245} : Color{86, 180, 233};
      p.grad = choice.presentation ? Color{240, 170, 20} : Color{230, 159, 0};
      p.highlight = p.callout_stroke = {240, 228, 66};
      p.warning = {204, 121, 167};
    } else {
      p.value = choice.presentation ? Color{0, 90, 160} : Color{0, 100, 165};
      p.grad = choice.presentation ? Color{170, 65, 0} : Color{175, 70, 0};
      p.highlight = p.callout_stroke = {204, 121, 167};
      p.warning = {150, 40, 110};
    }
  }
  return p;
}

}  // namespace gf::gui
