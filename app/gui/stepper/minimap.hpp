// minimap.hpp — the overview in a corner of the canvas, shown while a graph too big to read
// whole (camera_follow.hpp) is bigger than the view: the whole graph in small, the view's
// rectangle, and the current gate marked. Clicking or
// dragging in it centres the view there. It moves to another corner rather than cover the
// current gate. Geometry here; drawing and the mouse in CanvasView (minimap.cpp).
#pragma once

#include <optional>
#include <vector>

#include "graph_drawing.hpp"
#include "imgui_painter.hpp"

namespace gf::gui {

// Where the minimap sits on screen and how it maps the graph's world box into it.
struct MinimapLayout {
  Box screen;       // the minimap's frame, window pixels
  Box world;        // the graph's bounds
  Vec2 origin;      // screen point of world.min
  float scale = 1;  // pixels per world unit
  int corner = 0;   // 0 bottom-right, 1 bottom-left, 2 top-right
  Vec2 to_screen(Vec2 world_point) const { return origin + (world_point - world.min) * scale; }
  Vec2 to_world(Vec2 screen_point) const {
    return world.min + (screen_point - origin) * (1.0f / scale);
  }
};

// nullopt while the whole graph is in view (it would repeat the canvas). In a corner of the
// canvas: bottom-right, bottom-left or top-right (the step banner is top-left). It covers none of
// `avoid` (window pixels: the current gate and its numbers, the gate first) when it can, and
// keeps clear of the gate's callout: the corner `preferred` while it is clear and at least
// ~200 px from the gate, else the clear corner farthest from it (fewer jumps from step to
// step). `ui_scale` sizes it.
std::optional<MinimapLayout> minimap_layout(const CanvasTransform& canvas, Box graph_bounds,
                                            const std::vector<Box>& avoid, float ui_scale,
                                            int preferred = 0);

}  // namespace gf::gui
