// canvas_editor.hpp — what the mouse is doing on the canvas: the editor's own state, kept apart
// from the document (as imnodes keeps its editor state apart from the user's graph). The
// document only changes through EditableDocument's operations, applied when a gesture ends or
// as it goes (moves), so every change is one undo entry.
#pragma once

#include <string>

#include "graph.hpp"
#include "graph_drawing.hpp"  // PinHit

namespace gf::gui {

enum class CanvasDrag {
  None,
  Pan,        // empty canvas, no modifier (or middle/right button)
  Move,       // selected nodes, one undo entry per drag
  BoxSelect,  // empty canvas with Shift or Ctrl
  Wire,       // from a pin: a new wire, or a wire's end picked up from an input pin
};

struct CanvasEditor {
  CanvasDrag drag = CanvasDrag::None;
  Vec2 press_world;     // where the button went down, canvas units
  Vec2 last_world;      // the mouse at the previous frame, canvas units
  bool moved = false;   // the mouse moved past the drag threshold since the press
  bool additive = false;  // Shift/Ctrl held at the press

  // A wire being dragged: it runs from `anchor` (the pin pressed) to the mouse.
  PinHit anchor;
  // When the wire's end was picked up from a wired input pin: that pin (the wire stays drawn
  // from its source to the mouse; releasing on empty canvas removes it).
  PinHit picked_up;
  PinHit target;        // the pin under the mouse that would complete the wire
  std::string refusal;  // why `target` would be refused ("" = accepted)

  PinHit hovered_pin;   // for highlighting when not dragging

  // In-place editing of a node's name and value (double-click).
  NodeId editing = kNoNode;
  std::string edit_name, edit_value;
  bool edit_focus = false;

  // The "add gate" menu (right-click or Shift+A on empty canvas) places the gate here.
  Vec2 add_at;
  std::string add_filter;
  NodeId context_node = kNoNode;  // the node a context menu was opened on
};

}  // namespace gf::gui
