// callout_placement.hpp — where the callout goes: the nearest free box to its gate inside the
// view, found on a grid of a few pixels with a summed-area table of what is covered, so each
// candidate box costs four lookups whatever the number of things drawn. No drawing here: a
// pure function of boxes, tested on its own (tests/unit/test_callout_placement.cpp).
#pragma once

#include <span>
#include <vector>

#include "painter.hpp"

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

// The leader line from a callout's box to its gate's centre (the caller stops it at the gate's
// outline): straight from the box's point nearest the gate, or, when that crosses other things
// (a callout that found room only far away), an elbow of one vertical and one horizontal run
// that crosses fewer of `obstacles.blocked`. Two or three points, from the box.
std::vector<Vec2> leader_route(const Box& box, const Box& gate, const CalloutObstacles& obstacles);

}  // namespace gf::gui
