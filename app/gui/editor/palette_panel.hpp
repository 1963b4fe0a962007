// palette_panel.hpp — the panel on the left: every gate of the op table, to drag onto the canvas
// (the canvas accepts kPalettePayload) or to click (it lands in the middle of the view).
// Variables and constants are gates here too. Read from kOps, so a new row of the table appears
// here with no edit.
//
// A panel without state of its own: it reads the view and the graph's size, and adds a gate only
// by pushing an AddNode edit on the frame's EditQueue (App selects it once added).
#pragma once

#include <string>
#include <vector>

#include "edit_queue.hpp"
#include "imgui_painter.hpp"  // CanvasTransform, RecordedLabel

namespace gf::gui {

// The drag-and-drop payload of a palette entry: the gate's Op.
inline constexpr const char* kPalettePayload = "gradflow-op";

// How the palette and the "add gate" menu name a gate: its symbol and its name ("× mul").
std::string palette_label(Op op);

// What the palette reads this frame.
struct PaletteView {
  const CanvasTransform& canvas;  // where a clicked gate lands: the middle of the view
  int node_count = 0;             // staggers gates clicked one after another
  Color border;
  std::vector<RecordedLabel>* record;  // --dump-labels: each entry by its op name, or null
};

struct PalettePanel {
  void draw(Vec2 min, Vec2 size, const PaletteView& in, EditQueue& edits) const;
};

}  // namespace gf::gui
