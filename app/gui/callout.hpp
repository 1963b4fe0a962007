// callout.hpp — the callout of the current step: the chain rule's numbers in a box, placed in
// free space near the gate it explains, with a leader line to it. It never covers a gate, a
// leaf, a number, a name, the output's caption or what the painter keeps clear (the canvas's
// step banner), and it stays inside the view; with no free room it docks at the view's top or
// bottom edge (the screen), or just outside the picture, which grows to hold it (the SVG).
//
// Placement is a pure function of what is drawn, so the same step gives the same picture
// wherever the pointer is (headless screenshots are compared byte for byte).
#pragma once

#include <span>
#include <vector>

#include "graph_drawing.hpp"

namespace gf::gui {

// What the callout must keep clear of, in world units. `blocked`: boxes it may not cover
// (nodes, texts). `wires`: points along the wires, which it avoids covering when it can.
struct CalloutObstacles {
  std::vector<Box> blocked;
  std::vector<Vec2> wires;
};

struct CalloutPlacement {
  Box box;
  std::size_t size_index = 0;  // which of the sizes offered
  bool free = true;            // false: no free room, docked over the fewest things
};

// Where a callout goes for the gate in `gate`. `sizes`: its box at the sizes it may take, largest
// (preferred) first; the first that finds free room is taken, else the first, docked. `cell`:
// the grid the search runs on, in world units (a few pixels: coarser is cheaper, finer packs
// tighter).
CalloutPlacement place_callout(std::span<const Vec2> sizes, Box gate,
                               const CalloutObstacles& obstacles, const CalloutRoom& room,
                               float cell);

// Draws the callout of `view`'s current step (nothing at the start or the end), placed clear of
// `obstacles`.
void draw_callout(Painter& painter, const Graph& graph, const Trace& trace, const StepView& view,
                  const DrawSettings& settings, const CalloutObstacles& obstacles);

}  // namespace gf::gui
