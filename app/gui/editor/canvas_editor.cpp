// canvas_editor.cpp — the canvas's interaction state machine (see canvas_editor.hpp): the
// pointer in, selection and edit commands out.
//
// Index
//   [SECTION] Hit testing
//   [SECTION] The state machine: press, drag, release, cancel
#include "canvas_editor.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "number_format.hpp"

namespace gf::gui {

// [SECTION] Hit testing -------------------------------------------------------------------------

namespace {

// The pin a wire dragged from `anchor` would end on, near `world`: a pin under the mouse, or,
// dropped on a node's body, that node's nearest suitable pin (forgiving aim).
PinHit wire_target(const Graph& graph, PinHit anchor, Vec2 world, float pin_radius) {
  PinHit pin = pin_at(graph, world, pin_radius);
  if (pin.valid() && pin.is_output() != anchor.is_output()) return pin;
  const NodeId node = node_at(graph, world);
  if (node == kNoNode) return pin;  // possibly a pin of the wrong kind: refused with a reason
  if (!anchor.is_output()) return {node, PinHit::kOutputSlot};
  PinHit best;
  float best_distance = 1e30f;
  for (int slot = 0; slot < arity(graph.op(node)); ++slot) {
    const Vec2 d = input_pin(graph, node, slot) - world;
    const float distance = d.x * d.x + d.y * d.y;
    if (distance < best_distance) best_distance = distance, best = {node, slot};
  }
  return best.valid() ? best : PinHit{node, 0};  // a leaf: refused ("has no input pin")
}

// Why a wire from `anchor` to `target` would be refused, "" when it would connect.
std::string wire_refusal(const EditableDocument& doc, PinHit anchor, PinHit target) {
  if (!target.valid()) return "";
  if (target.is_output() == anchor.is_output())
    return anchor.is_output() ? "an output connects to an input pin"
                              : "an input pin takes an output";
  const PinHit from = anchor.is_output() ? anchor : target;
  const PinHit to = anchor.is_output() ? target : anchor;
  const Status ok = doc.check_connect(from.node, to.node, to.slot);
  return ok ? "" : ok.reason();
}

bool contains(const std::vector<NodeId>& selection, NodeId id) {
  return std::find(selection.begin(), selection.end(), id) != selection.end();
}

// The nodes whose boxes meet the rectangle between two world points.
void add_boxed(const Graph& graph, Vec2 a, Vec2 b, std::vector<NodeId>& selection) {
  const Vec2 lo{std::min(a.x, b.x), std::min(a.y, b.y)};
  const Vec2 hi{std::max(a.x, b.x), std::max(a.y, b.y)};
  for (NodeId id : graph.node_ids()) {
    const Box box = node_box(graph, id);
    if (box.max.x >= lo.x && box.min.x <= hi.x && box.max.y >= lo.y && box.min.y <= hi.y &&
        !contains(selection, id))
      selection.push_back(id);
  }
}

}  // namespace

std::string edit_value_text(const Graph& graph, NodeId id) {
  if (op_info(graph.op(id)).param_name.empty()) return "";
  if (graph.op(id) == Op::Input && !graph.has_value(id)) return "";
  return format_number(graph.param(id));
}

namespace {

bool parse_double(const std::string& text, double& value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end && *begin == ' ') ++begin;
  while (end > begin && end[-1] == ' ') --end;
  if (begin < end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

}  // namespace

std::string edit_problem(const Graph& graph, NodeId id, const CanvasEditor& editor, double& value) {
  const std::string& name = editor.edit_name;
  if (name != graph.name(id)) {
    if (name.empty() && graph.op(id) == Op::Input) return "a variable needs a name";
    if (!name.empty() && !is_valid_name(name))
      return "'" + name + "' is not a name (letters, digits, _; not a function)";
    if (NodeId other = graph.find_name(name); other != kNoNode && other != id)
      return "'" + name + "' is taken";
  }
  const std::string_view param_name = op_info(graph.op(id)).param_name;
  const bool value_given = !param_name.empty() && !editor.edit_value.empty();
  if (value_given && !parse_double(editor.edit_value, value))
    return "'" + editor.edit_value + "' is not a finite number";
  if (!param_name.empty() && !value_given && graph.op(id) != Op::Input)
    return std::string(param_name) + " is needed";
  return "";
}

// [SECTION] The state machine: press, drag, release, cancel -----------------------------------

CanvasReaction CanvasEditor::update(const CanvasPointer& pointer, const EditableDocument& doc,
                                    std::vector<NodeId>& selection, EditQueue& queue) {
  const Graph& graph = doc.graph();
  hover(pointer, graph);
  CanvasReaction reaction;
  if (pointer.over_canvas && pointer.pressed && drag == CanvasDrag::None)
    press(pointer, graph, selection, queue);
  const NodeId node = pointer.over_canvas ? node_at(graph, pointer.world) : kNoNode;
  if (pointer.over_canvas && pointer.editing && pointer.double_clicked && node != kNoNode) {
    start_editing(graph, node);
    reaction.open_edit_popup = true;
  }
  if (drag != CanvasDrag::None && pointer.down) {
    const CanvasReaction dragged = drag_to(pointer, doc, selection, queue);
    reaction.keep_under_pointer = dragged.keep_under_pointer;
  }
  if (drag != CanvasDrag::None && !pointer.down) release(pointer, graph, selection, queue);
  return reaction;
}

void CanvasEditor::hover(const CanvasPointer& pointer, const Graph& graph) {
  if (drag != CanvasDrag::None) return;
  const bool over = pointer.over_canvas;
  hovered_node = over ? node_at(graph, pointer.world) : kNoNode;
  hovered_pin =
      over && pointer.editing ? pin_at(graph, pointer.world, pointer.pin_radius) : PinHit{};
}

void CanvasEditor::press(const CanvasPointer& pointer, const Graph& graph,
                         std::vector<NodeId>& selection, EditQueue& queue) {
  press_world = last_world = pointer.world;
  moved = false;
  additive = pointer.additive;
  target = picked_up = {};
  refusal.clear();
  const PinHit pin = pointer.editing ? pin_at(graph, pointer.world, pointer.pin_radius) : PinHit{};
  const NodeId node = node_at(graph, pointer.world);
  if (pin.valid()) {
    drag = CanvasDrag::Wire;
    const NodeId source = pin.is_output() ? kNoNode : graph.input(pin.node, pin.slot);
    anchor = pin;
    if (source != kNoNode) {
      // A wired input pin: its wire's end comes off the pin and follows the mouse.
      picked_up = pin;
      anchor = {source, PinHit::kOutputSlot};
      queue.push(edit::BeginGesture{"Rewire"});
      queue.push(edit::Disconnect{pin.node, pin.slot});
    }
  } else if (node != kNoNode) {
    press_node(pointer, node, selection, queue);
  } else {
    drag = additive && pointer.editing ? CanvasDrag::BoxSelect : CanvasDrag::Pan;
  }
}

void CanvasEditor::press_node(const CanvasPointer& pointer, NodeId node,
                              std::vector<NodeId>& selection, EditQueue& queue) {
  if (additive) {
    if (contains(selection, node))
      std::erase(selection, node);
    else
      selection.push_back(node);
  } else if (!contains(selection, node)) {
    selection.assign(1, node);
  } else {  // already selected: it becomes the one the inspector shows
    std::erase(selection, node);
    selection.push_back(node);
  }
  if (pointer.editing && contains(selection, node)) {
    drag = CanvasDrag::Move;
    queue.push(edit::BeginGesture{"Move"});
  }
}

CanvasReaction CanvasEditor::drag_to(const CanvasPointer& pointer, const EditableDocument& doc,
                                     const std::vector<NodeId>& selection, EditQueue& queue) {
  CanvasReaction reaction;
  const Vec2 world = pointer.world;
  if (pointer.dragged) moved = true;
  switch (drag) {
    case CanvasDrag::Pan:
      // The point pressed stays under the mouse (not += the mouse's delta: a press that arrives
      // with a jump of the pointer, as from xdotool or a touch screen, would throw the view away).
      if (moved) reaction.keep_under_pointer = press_world;
      break;
    case CanvasDrag::Move:
      if (moved && (world.x != last_world.x || world.y != last_world.y))
        queue.push(edit::MoveNodes{selection, world - last_world});
      break;
    case CanvasDrag::Wire:
      target = wire_target(doc.graph(), anchor, world, pointer.pin_radius);
      refusal = wire_refusal(doc, anchor, target);
      break;
    default:
      break;
  }
  last_world = world;
  return reaction;
}

void CanvasEditor::release(const CanvasPointer& pointer, const Graph& graph,
                           std::vector<NodeId>& selection, EditQueue& queue) {
  const NodeId node = pointer.over_canvas ? node_at(graph, pointer.world) : kNoNode;
  switch (drag) {
    case CanvasDrag::Pan:
      if (!moved) selection.clear();  // a click on empty canvas
      break;
    case CanvasDrag::Move:
      queue.push(edit::EndGesture{});
      if (!moved && !additive && node != kNoNode) selection.assign(1, node);
      break;
    case CanvasDrag::BoxSelect:
      add_boxed(graph, press_world, pointer.world, selection);
      break;
    case CanvasDrag::Wire:
      release_wire(queue);
      break;
    default:
      break;
  }
  stop();
}

void CanvasEditor::release_wire(EditQueue& queue) {
  const bool accepted = target.valid() && refusal.empty();
  if (accepted) {
    const PinHit from = anchor.is_output() ? anchor : target;
    const PinHit to = anchor.is_output() ? target : anchor;
    if (picked_up.valid() && to == picked_up) {
      queue.push(edit::CancelGesture{});  // put back where it was: no change, no undo entry
    } else {
      queue.push(edit::Connect{from.node, to.node, to.slot});
      if (picked_up.valid()) queue.push(edit::EndGesture{});
    }
  } else if (picked_up.valid()) {
    // Released on empty canvas: the wire is removed. On a refused pin: nothing changes.
    if (target.valid())
      queue.push(edit::CancelGesture{});
    else
      queue.push(edit::EndGesture{});
  }
}

void CanvasEditor::cancel(EditQueue& queue, bool document_in_gesture) {
  if (document_in_gesture || drag == CanvasDrag::Move || picked_up.valid())
    queue.push(edit::CancelGesture{});
  stop();
}

void CanvasEditor::stop() {
  drag = CanvasDrag::None;
  target = picked_up = {};
  refusal.clear();
}

void CanvasEditor::start_editing(const Graph& graph, NodeId node) {
  editing = node;
  edit_name = graph.name(node);
  edit_value = edit_value_text(graph, node);
  edit_focus = true;
}

}  // namespace gf::gui
