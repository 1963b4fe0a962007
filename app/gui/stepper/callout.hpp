// callout.hpp — the callout of the current step: the chain rule's numbers in a box, placed in
// free space near the gate it explains, with a leader line to it. It never covers a gate, a
// leaf, a number, a name, the output's caption or what the painter keeps clear (the canvas's
// step banner), and it stays inside the view; with no free room it docks at the view's top or
// bottom edge (the screen), or just outside the picture, which grows to hold it (the SVG).
//
// Placement is a pure function of what is drawn, so the same step gives the same picture
// wherever the pointer is (headless screenshots are compared byte for byte).
#pragma once

#include "callout_placement.hpp"
#include "graph_drawing.hpp"

namespace gf::gui {

// Draws the callout of `view`'s current step (nothing at the start or the end), placed clear of
// `obstacles`: its leader line with the wires, then its box on top of everything
// (Painter::begin_overlay). Its text is as large as the numbers (`number_size`, world units).
void draw_callout(Painter& painter, const Graph& graph, const Trace& trace, const StepView& view,
                  const DrawSettings& settings, const CalloutObstacles& obstacles,
                  float number_size);

}  // namespace gf::gui
