// canvas_editor.hpp — what the mouse is doing on the canvas: the editor's interaction state
// machine, kept apart from the document (as imnodes keeps its editor state apart from the
// user's graph). Each frame it reads the pointer as plain data (CanvasPointer: world position,
// buttons, no ImGui) and the document, updates its own state and the selection, and pushes
// edit commands on the frame's EditQueue (edit_queue.hpp); it never changes the document.
//
//   None --press on empty canvas--> Pan (BoxSelect with Shift/Ctrl) --release--> None
//   None --press on a node-------->  Move: BeginGesture "Move", MoveNodes each frame, EndGesture
//   None --press on a pin--------->  Wire: a new wire, or (a wired input pin) Rewire: BeginGesture,
//                                    Disconnect; release on a pin: Connect (EndGesture), on the
//                                    same pin: CancelGesture (no change), on empty canvas: the
//                                    wire stays removed (EndGesture)
//   any --Escape (cancel)--------->  None, CancelGesture
//
// No ImGui here: tests/unit/test_edit_queue.cpp drives it without a window.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "edit_queue.hpp"
#include "graph.hpp"
#include "graph_drawing.hpp"  // PinHit, hit testing
#include "history.hpp"

namespace gf::gui {

enum class CanvasDrag {
  None,
  Pan,        // empty canvas, no modifier (or middle/right button)
  Move,       // selected nodes, one undo entry per drag
  BoxSelect,  // empty canvas with Shift or Ctrl
  Wire,       // from a pin: a new wire, or a wire's end picked up from an input pin
};

// The left button and the pointer over the canvas this frame, as plain data.
struct CanvasPointer {
  Vec2 world;                // the pointer, canvas (world) units
  bool over_canvas = false;  // over the canvas (and not over the minimap)
  bool pressed = false;      // the left button went down this frame
  bool double_clicked = false;
  bool down = false;         // the left button is held
  bool dragged = false;      // it moved past the drag threshold since the press
  bool additive = false;     // Shift or Ctrl held
  bool editing = true;       // false in presentation mode: select and pan only
  float pin_radius = 10.0f;  // world units (pins are caught within ~10 pixels whatever the zoom)
};

// What the frame does with the view after the editor has seen the pointer.
struct CanvasReaction {
  std::optional<Vec2> keep_under_pointer;  // panning: this world point stays under the pointer
  bool open_edit_popup = false;            // a double-click on a node: its in-place editor
};

struct CanvasEditor {
  CanvasDrag drag = CanvasDrag::None;
  Vec2 press_world;       // where the button went down, canvas units
  Vec2 last_world;        // the mouse at the previous frame, canvas units
  bool moved = false;     // the mouse moved past the drag threshold since the press
  bool additive = false;  // Shift/Ctrl held at the press

  // A wire being dragged: it runs from `anchor` (the pin pressed) to the mouse.
  PinHit anchor;
  // When the wire's end was picked up from a wired input pin: that pin (the wire stays drawn
  // from its source to the mouse; releasing on empty canvas removes it).
  PinHit picked_up;
  PinHit target;        // the pin under the mouse that would complete the wire
  std::string refusal;  // why `target` would be refused ("" = accepted)

  PinHit hovered_pin;             // for highlighting when not dragging
  NodeId hovered_node = kNoNode;  // likewise

  // In-place editing of a node's name and value (double-click).
  NodeId editing = kNoNode;
  std::string edit_name, edit_value;
  bool edit_focus = false;

  // The "add gate" menu (right-click or Shift+A on empty canvas) places the gate here.
  Vec2 add_at;
  std::string add_filter;
  NodeId context_node = kNoNode;  // the node a context menu was opened on

  // One frame of the left button: press, drag, release (in that order, as they happened).
  CanvasReaction update(const CanvasPointer& pointer, const EditableDocument& doc,
                        std::vector<NodeId>& selection, EditQueue& queue);
  // Escape: a drag in progress stops; what its gesture did is put back (and any other open
  // gesture of the document: `document_in_gesture`, a value being dragged, say).
  void cancel(EditQueue& queue, bool document_in_gesture);
  // Opens the in-place editor on `node` with its name and value.
  void start_editing(const Graph& graph, NodeId node);

 private:
  void hover(const CanvasPointer& pointer, const Graph& graph);
  void press(const CanvasPointer& pointer, const Graph& graph, std::vector<NodeId>& selection,
             EditQueue& queue);
  void press_node(const CanvasPointer& pointer, NodeId node, std::vector<NodeId>& selection,
                  EditQueue& queue);
  CanvasReaction drag_to(const CanvasPointer& pointer, const EditableDocument& doc,
                         const std::vector<NodeId>& selection, EditQueue& queue);
  void release(const CanvasPointer& pointer, const Graph& graph, std::vector<NodeId>& selection,
               EditQueue& queue);
  void release_wire(EditQueue& queue);
  void stop();
};

// The value field of the in-place editor: the value or exponent, "" when there is none.
std::string edit_value_text(const Graph& graph, NodeId id);
// What is wrong with the in-place editor's fields, checked as the user types ("" = nothing): a
// name must be valid and free, a value a finite number (then in `value`); a gate's parameter
// is needed, an input's may be left empty (no value).
std::string edit_problem(const Graph& graph, NodeId id, const CanvasEditor& editor, double& value);

}  // namespace gf::gui
