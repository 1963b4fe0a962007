// The editor without a window: the canvas's interaction state machine (canvas_editor.hpp) fed
// plain pointer data, its commands applied after each "frame" by apply_edits (edit_queue.hpp),
// as App::frame does after drawing. Positions and pins come from the drawing's own geometry
// (graph_drawing.hpp), so a press lands where a person would click.
//
// Index
//   [SECTION] Helpers: a document, a frame, a drag
//   [SECTION] The state machine: move, wire, refuse, rewire, cancel
//   [SECTION] The queue: stale ids, all-or-nothing gestures, build from an expression
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "canvas_editor.hpp"
#include "document.hpp"
#include "edit_queue.hpp"
#include "expr.hpp"
#include "graph_drawing.hpp"
#include "history.hpp"
#include "layout.hpp"

using namespace gf;
using namespace gf::gui;

namespace {

// [SECTION] Helpers: a document, a frame, a drag ------------------------------------------------

// f = (x+y)·z at x=-2, y=5, z=-4, laid out.
EditableDocument example_document() {
  Document doc;
  doc.graph = parse_expression("(x+y)*z").graph;
  for (auto [name, value] : {std::pair{"x", -2.0}, {"y", 5.0}, {"z", -4.0}})
    REQUIRE(doc.graph.set_param(doc.graph.find_name(name), value));
  auto_layout(doc.graph);
  return EditableDocument(std::move(doc));
}

std::string text_of(const EditableDocument& doc) { return save_document(doc.document()); }

Vec2 centre(const Graph& graph, NodeId id) {
  const Box box = node_box(graph, id);
  return (box.min + box.max) * 0.5f;
}

NodeId gate_of(const Graph& graph, Op op) {
  for (NodeId id : graph.node_ids())
    if (graph.op(id) == op) return id;
  return kNoNode;
}

// The editor, the document and the frame's queue, as App holds them.
struct Editor {
  EditableDocument doc = example_document();
  EditQueue queue;
  CanvasEditor canvas;
  std::vector<NodeId> selection;
  std::vector<AppliedEdit> applied;  // the last frame's

  // One frame: the pointer at `world`, then the queue applied (after drawing).
  void frame(Vec2 world, bool down, bool pressed, bool dragged) {
    CanvasPointer pointer;
    pointer.world = world;
    pointer.over_canvas = true;
    pointer.pressed = pressed;
    pointer.down = down;
    pointer.dragged = dragged;
    canvas.update(pointer, doc, selection, queue);
    applied = apply_edits(queue, doc);
  }
  // Press at `from`, move in `steps` frames to `to` while held, release at `to`.
  void drag(Vec2 from, Vec2 to, int steps = 4) {
    frame(from, true, true, false);
    for (int i = 1; i <= steps; ++i)
      frame(from + (to - from) * (static_cast<float>(i) / steps), true, false, true);
    frame(to, false, false, true);
  }
  // Press and drag without releasing; cancel() (Escape) follows.
  void drag_and_hold(Vec2 from, Vec2 to) {
    frame(from, true, true, false);
    frame(to, true, false, true);
  }
  void cancel() {
    canvas.cancel(queue, doc.in_gesture());
    applied = apply_edits(queue, doc);
  }
};

}  // namespace

// [SECTION] The state machine: move, wire, refuse, rewire, cancel -------------------------------

TEST_CASE("edit queue: dragging a node moves it by the pointer's travel as one undo step") {
  Editor editor;
  const NodeId z = editor.doc.graph().find_name("z");
  const Vec2 start = editor.doc.graph().position(z);
  const std::size_t undo_before = editor.doc.undo_count();
  editor.drag(centre(editor.doc.graph(), z), centre(editor.doc.graph(), z) + Vec2{40, 24});
  const Vec2 end = editor.doc.graph().position(z);
  CHECK(end.x == doctest::Approx(start.x + 40));
  CHECK(end.y == doctest::Approx(start.y + 24));
  CHECK(editor.selection == std::vector<NodeId>{z});
  CHECK(editor.doc.undo_count() == undo_before + 1);
  CHECK(editor.doc.undo_label() == "Move");
  CHECK(editor.canvas.drag == CanvasDrag::None);
  REQUIRE(editor.doc.undo());
  CHECK(editor.doc.graph().position(z) == start);
}

TEST_CASE("edit queue: a wire dragged from an output pin to an input pin connects them") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const NodeId mul = gate_of(graph, Op::Mul);
  // A new exp gate, added through the queue, below the graph.
  editor.queue.push(edit::AddNode{Op::Exp, graph_bounds(graph).max + Vec2{120, 120}});
  const std::vector<AppliedEdit> added = apply_edits(editor.queue, editor.doc);
  REQUIRE(added.size() == 1);
  REQUIRE(added[0].outcome.status);
  REQUIRE(added[0].outcome.created.size() == 1);
  const NodeId exp = added[0].outcome.created[0];
  CHECK(graph.input(exp, 0) == kNoNode);
  const std::size_t undo_before = editor.doc.undo_count();

  editor.drag(output_pin(graph, mul), input_pin(graph, exp, 0));
  CHECK(graph.input(exp, 0) == mul);
  CHECK(editor.doc.undo_count() == undo_before + 1);
  REQUIRE(editor.doc.undo());
  CHECK(graph.input(exp, 0) == kNoNode);
}

TEST_CASE("edit queue: a wire that would make a cycle is refused with a reason, nothing changed") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const NodeId add = gate_of(graph, Op::Add), mul = gate_of(graph, Op::Mul);
  const std::string before = text_of(editor.doc);
  const std::size_t undo_before = editor.doc.undo_count();

  // mul's output into add's free... add's pins are wired; drag from mul's output onto add's
  // body: the nearest input pin is the target, and mul already depends on add.
  editor.frame(output_pin(graph, mul), true, true, false);
  editor.frame(centre(graph, add), true, false, true);
  CHECK(editor.canvas.target.node == add);
  CAPTURE(editor.canvas.refusal);
  CHECK(editor.canvas.refusal.find("would make a cycle") != std::string::npos);
  editor.frame(centre(graph, add), false, false, true);
  CHECK(text_of(editor.doc) == before);
  CHECK(editor.doc.undo_count() == undo_before);

  // The same wire pushed straight on the queue: refused by the document with its reason.
  editor.queue.push(edit::Connect{mul, add, 0});
  const std::vector<AppliedEdit> applied = apply_edits(editor.queue, editor.doc);
  REQUIRE(applied.size() == 1);
  CHECK_FALSE(applied[0].outcome.status);
  CHECK(applied[0].outcome.status.reason().find("would make a cycle") != std::string::npos);
  CHECK(text_of(editor.doc) == before);
  CHECK(editor.doc.undo_count() == undo_before);
}

TEST_CASE("edit queue: a wire's end moved to another pin disconnects and reconnects as one step") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const NodeId add = gate_of(graph, Op::Add), mul = gate_of(graph, Op::Mul);
  const NodeId y = graph.find_name("y"), z = graph.find_name("z");
  REQUIRE(graph.input(mul, 1) == z);
  REQUIRE(graph.input(add, 1) == y);
  const std::string before = text_of(editor.doc);
  const std::size_t undo_before = editor.doc.undo_count();

  // z's wire comes off mul's pin 1 and is dropped on add's pin 1 (where y was).
  editor.drag(input_pin(graph, mul, 1), input_pin(graph, add, 1));
  CHECK(graph.input(mul, 1) == kNoNode);
  CHECK(graph.input(add, 1) == z);
  CHECK(editor.doc.undo_count() == undo_before + 1);
  CHECK(editor.doc.undo_label() == "Rewire");
  REQUIRE(editor.doc.undo());
  CHECK(text_of(editor.doc) == before);

  // Dropped back on the pin it came from: no change, no undo entry.
  editor.drag(input_pin(graph, mul, 1), input_pin(graph, mul, 1) + Vec2{1, 0});
  CHECK(text_of(editor.doc) == before);
  CHECK(editor.doc.undo_count() == undo_before);

  // Dropped on empty canvas: the wire is removed, as one undo step.
  editor.drag(input_pin(graph, mul, 1), graph_bounds(graph).max + Vec2{300, 300});
  CHECK(graph.input(mul, 1) == kNoNode);
  CHECK(editor.doc.undo_count() == undo_before + 1);
}

TEST_CASE("edit queue: Escape during a drag puts the nodes and the wires back") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const NodeId z = graph.find_name("z"), mul = gate_of(graph, Op::Mul);
  const std::string before = text_of(editor.doc);
  const std::size_t undo_before = editor.doc.undo_count();

  editor.drag_and_hold(centre(graph, z), centre(graph, z) + Vec2{50, 50});
  CHECK(text_of(editor.doc) != before);  // moved while dragging
  editor.cancel();
  CHECK(text_of(editor.doc) == before);
  CHECK(editor.canvas.drag == CanvasDrag::None);
  CHECK_FALSE(editor.doc.in_gesture());

  editor.drag_and_hold(input_pin(graph, mul, 1), graph_bounds(graph).max + Vec2{300, 300});
  CHECK(graph.input(mul, 1) == kNoNode);  // the wire's end follows the pointer
  editor.cancel();
  CHECK(graph.input(mul, 1) == z);
  CHECK(text_of(editor.doc) == before);
  CHECK(editor.doc.undo_count() == undo_before);

  // The release after Escape does nothing more.
  editor.frame(graph_bounds(graph).max + Vec2{300, 300}, false, false, true);
  CHECK(text_of(editor.doc) == before);
}

TEST_CASE("edit queue: a click on empty canvas clears the selection; Shift-drag boxes nodes") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const Box all = graph_bounds(graph);
  editor.selection = {graph.find_name("x")};
  const Vec2 outside = all.max + Vec2{200, 200};
  editor.frame(outside, true, true, false);
  editor.frame(outside, false, false, false);
  CHECK(editor.selection.empty());

  // A box around every node, drawn from empty canvas with Shift held.
  CanvasPointer pointer;
  pointer.over_canvas = true;
  pointer.additive = true;
  pointer.world = all.min - Vec2{50, 50};
  pointer.pressed = pointer.down = true;
  editor.canvas.update(pointer, editor.doc, editor.selection, editor.queue);
  CHECK(editor.canvas.drag == CanvasDrag::BoxSelect);
  pointer.pressed = false;
  pointer.dragged = true;
  pointer.world = all.max + Vec2{50, 50};
  editor.canvas.update(pointer, editor.doc, editor.selection, editor.queue);
  pointer.down = false;
  editor.canvas.update(pointer, editor.doc, editor.selection, editor.queue);
  CHECK(editor.queue.empty());  // selecting is not an edit
  CHECK(editor.selection.size() == graph.node_count());
}

// [SECTION] The queue: stale ids, all-or-nothing gestures, build from an expression -------------

TEST_CASE("edit queue: commands naming nodes an earlier command removed are refused, not crashed") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const NodeId z = graph.find_name("z"), mul = gate_of(graph, Op::Mul);
  editor.queue.push(edit::RemoveNodes{{z}});
  editor.queue.push(edit::Connect{z, mul, 1});
  editor.queue.push(edit::SetParam{z, 3.0});
  editor.queue.push(edit::MoveNodes{{z}, {10, 10}});
  editor.queue.push(edit::Rename{z, "w"});
  editor.queue.push(edit::RemoveNodes{{z}});
  editor.queue.push(edit::Duplicate{{z}});
  editor.queue.push(edit::SetPositions{{{z, Vec2{1, 2}}}});
  const std::vector<AppliedEdit> applied = apply_edits(editor.queue, editor.doc);
  REQUIRE(applied.size() == 8);
  CHECK(applied[0].outcome.status);
  CHECK_FALSE(graph.contains(z));
  const std::string id = std::to_string(z);
  for (std::size_t i = 1; i < applied.size(); ++i) {
    CAPTURE(i);
    CAPTURE(applied[i].outcome.status.reason());
    CHECK_FALSE(applied[i].outcome.status);
    CHECK_FALSE(applied[i].outcome.skipped);
    // Each names the node, except a duplicate of nothing left, which says so.
    const std::string expected = i == 6 ? "nothing to duplicate" : "node " + id + " does not exist";
    CHECK(applied[i].outcome.status.reason().find(expected) != std::string::npos);
  }
  CHECK(editor.queue.empty());
  CHECK(editor.doc.undo_count() == 1);  // the removal only
}

TEST_CASE("edit queue: an all-or-nothing gesture with one refusal leaves the document as it was") {
  Editor editor;
  const Graph& graph = editor.doc.graph();
  const NodeId x = graph.find_name("x");
  const std::string before = text_of(editor.doc);
  editor.queue.push(edit::BeginGesture{"Edit x", true});
  editor.queue.push(edit::SetParam{x, 7.0});
  editor.queue.push(edit::Rename{x, "y"});  // taken
  editor.queue.push(edit::SetParam{x, 8.0});
  editor.queue.push(edit::EndGesture{});
  editor.queue.push(edit::SetParam{x, 9.0});  // after the gesture: applied
  const std::vector<AppliedEdit> applied = apply_edits(editor.queue, editor.doc);
  REQUIRE(applied.size() == 6);
  CHECK(applied[1].outcome.status);
  CHECK_FALSE(applied[2].outcome.status);
  CHECK(applied[2].outcome.status.reason().find("already used") != std::string::npos);
  CHECK(applied[3].outcome.skipped);
  CHECK(applied[4].outcome.skipped);
  CHECK_FALSE(applied[5].outcome.skipped);
  CHECK(graph.param(x) == 9.0);
  CHECK(graph.name(x) == "x");
  CHECK(editor.doc.undo_count() == 1);  // only the last value
  REQUIRE(editor.doc.undo());
  CHECK(text_of(editor.doc) == before);
}

TEST_CASE("edit queue: an expression rebuilds the graph as one step, keeping known values") {
  Editor editor;
  const std::string before = text_of(editor.doc);
  ParsedExpression parsed = parse_expression("x*w");
  REQUIRE(parsed.ok());
  editor.queue.push(edit::BuildGraph{std::move(parsed.graph), "x*w"});
  editor.queue.push(edit::Undo{});
  editor.queue.push(edit::Redo{});
  editor.queue.push(edit::Redo{});
  const std::vector<AppliedEdit> applied = apply_edits(editor.queue, editor.doc);
  REQUIRE(applied.size() == 4);
  CHECK(applied[0].outcome.status);
  CHECK(applied[0].outcome.created.size() == 3);
  CHECK(applied[1].outcome.status);
  CHECK(applied[2].outcome.status);
  CHECK(applied[3].outcome.status.reason() == "nothing to redo");
  const Graph& graph = editor.doc.graph();
  CHECK(graph.node_count() == 3);
  CHECK(graph.param(graph.find_name("x")) == -2.0);  // kept from before
  CHECK(graph.param(graph.find_name("w")) == 1.0);   // new: 1
  CHECK(every_node_placed(graph));
  CHECK(editor.doc.document().title == "x*w");
  CHECK(editor.doc.undo_count() == 1);
  REQUIRE(editor.doc.undo());
  CHECK(text_of(editor.doc) == before);
}
