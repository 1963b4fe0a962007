// The editable document: every operation, every refusal (a refused edit leaves the saved text
// byte for byte as it was), undo/redo of each, gestures, the saved marker, bounded history, and
// a property test of long random edit sequences undone and redone exactly.
//
// Index
//   [SECTION] Helpers
//   [SECTION] Adding and removing
//   [SECTION] Wiring
//   [SECTION] Values, names, output, title
//   [SECTION] Positions and layout
//   [SECTION] Gestures
//   [SECTION] Undo, redo, saved marker, bounded history
//   [SECTION] Property test: random edit sequences
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "clipboard.hpp"
#include "document.hpp"
#include "eval.hpp"
#include "history.hpp"

using namespace gf;

namespace {

// [SECTION] Helpers

std::string text_of(const EditableDocument& doc) { return save_document(doc.document()); }

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Runs an operation that must be refused, and checks that it changed nothing at all.
template <class Operation>
void check_refused(EditableDocument& doc, Operation&& operation,
                   const std::vector<std::string_view>& parts) {
  const std::string before = text_of(doc);
  const Document before_doc = doc.document();
  const std::size_t undo_count = doc.undo_count(), redo_count = doc.redo_count();
  const auto generation = doc.generation();
  const bool modified = doc.is_modified();
  const auto outcome = operation();
  REQUIRE_FALSE(outcome.ok());
  CAPTURE(outcome.reason());
  for (std::string_view part : parts) CHECK(contains(outcome.reason(), part));
  CHECK(text_of(doc) == before);
  CHECK(doc.document() == before_doc);
  CHECK(doc.undo_count() == undo_count);
  CHECK(doc.redo_count() == redo_count);
  CHECK(doc.generation() == generation);
  CHECK(doc.is_modified() == modified);
}

// Runs an operation that must succeed as ONE undo entry, then checks undo restores the text
// and the graph exactly and redo gives the result back exactly.
template <class Operation>
void check_undoable(EditableDocument& doc, Operation&& operation) {
  const Document before = doc.document();
  const std::string before_text = text_of(doc);
  const std::size_t undo_count = doc.undo_count();
  const auto outcome = operation();
  REQUIRE_MESSAGE(outcome.ok(), outcome.reason());
  REQUIRE(doc.undo_count() == undo_count + 1);
  const Document after = doc.document();
  const std::string after_text = text_of(doc);
  REQUIRE(doc.undo());
  CHECK(doc.document() == before);
  CHECK(text_of(doc) == before_text);
  REQUIRE(doc.redo());
  CHECK(doc.document() == after);
  CHECK(text_of(doc) == after_text);
}

// DESIGN.md example 1, f = (x+y)·z, built through the editable document.
struct Example1 {
  EditableDocument doc;
  NodeId x, y, z, q, f;
  Example1() {
    x = *doc.add_variable("x", -2, {0, 0});
    y = *doc.add_variable("y", 5, {0, 100});
    z = *doc.add_variable("z", -4, {0, 200});
    q = *doc.add_node(Op::Add, {170, 50});
    f = *doc.add_node(Op::Mul, {340, 100});
    REQUIRE(doc.connect(x, q, 0));
    REQUIRE(doc.connect(y, q, 1));
    REQUIRE(doc.connect(q, f, 0));
    REQUIRE(doc.connect(z, f, 1));
    REQUIRE(doc.set_output(f));
  }
};

}  // namespace

// [SECTION] Adding and removing

TEST_CASE("history: a new document is empty, clean, with nothing to undo") {
  EditableDocument doc;
  CHECK(doc.graph().node_count() == 0);
  CHECK_FALSE(doc.is_modified());
  CHECK_FALSE(doc.can_undo());
  CHECK_FALSE(doc.can_redo());
  CHECK_FALSE(doc.undo());
  CHECK_FALSE(doc.redo());
  CHECK(doc.undo_label().empty());
  CHECK(doc.file_path().empty());
}

TEST_CASE("history: palette drops create each op with its defaults, at the drop position") {
  EditableDocument doc;
  for (int k = 0; k < kOpCount; ++k) {
    const Op op = static_cast<Op>(k);
    CAPTURE(op_info(op).name);
    NodeId id = kNoNode;
    check_undoable(doc, [&] {
      Result<NodeId> added = doc.add_node(op, {10.0f * k, -5});
      if (added) id = *added;
      return added;
    });
    REQUIRE(doc.graph().contains(id));
    CHECK(doc.graph().op(id) == op);
    CHECK(doc.graph().position(id) == Vec2{10.0f * k, -5});
    if (op == Op::Input) {
      CHECK(doc.graph().name(id) == "x");
      CHECK(doc.graph().param(id) == kNewVariableValue);
      CHECK(doc.undo_label() == "Add variable");
    } else if (op == Op::Const) {
      CHECK(doc.graph().param(id) == kNewConstantValue);
    } else if (op == Op::Pow) {
      CHECK(doc.graph().param(id) == kNewPowExponent);
      CHECK(doc.undo_label() == "Add gate");
    } else {
      CHECK(doc.graph().name(id).empty());
    }
  }
}

TEST_CASE("history: new variables are named x, y, z, w, a, b, c, then x2, x3") {
  EditableDocument doc;
  std::vector<std::string> names;
  for (int k = 0; k < 9; ++k) names.push_back(doc.graph().name(*doc.add_node(Op::Input, {})));
  CHECK(names == std::vector<std::string>{"x", "y", "z", "w", "a", "b", "c", "x2", "x3"});
}

TEST_CASE("history: adding refuses bad names and numbers, changing nothing") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_refused(doc, [&] { return doc.add_variable("x", 1, {}); }, {"already used", "'x'"});
  check_refused(doc, [&] { return doc.add_variable("2x", 1, {}); }, {"not a valid name"});
  check_undoable(doc, [&] { return doc.add_variable("exp", 1, {}); });  // a name, not a gate
  check_refused(doc, [&] { return doc.add_variable("", 1, {}); }, {"needs a name"});
  check_refused(doc, [&] { return doc.add_variable(std::string(65, 'v'), 1, {}); },
                {"not a valid name"});
  check_refused(doc, [&] { return doc.add_constant(std::nan(""), {}); }, {"finite"});
  check_refused(doc,
                [&] {
                  return doc.add_constant(1, {std::numeric_limits<float>::infinity(), 0});
                },
                {"position", "finite"});
  check_refused(doc, [&] { return doc.add_node(static_cast<Op>(200), {}); }, {"unknown op"});
  // A variable may start without a value; a constant with any finite one.
  check_undoable(doc, [&] { return doc.add_variable("t", std::nullopt, {1, 2}); });
  CHECK_FALSE(doc.graph().has_value(doc.graph().find_name("t")));
  check_undoable(doc, [&] { return doc.add_constant(-0.0, {}); });
}

TEST_CASE("history: removing a selection removes its wires, the output, and comes back exactly") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.remove_nodes({ex.q, ex.y, ex.q}); });
  CHECK_FALSE(doc.graph().contains(ex.q));
  CHECK_FALSE(doc.graph().contains(ex.y));
  CHECK(doc.graph().input(ex.f, 0) == kNoNode);
  CHECK(doc.graph().input(ex.f, 1) == ex.z);
  CHECK(doc.undo_label() == "Delete nodes");

  // The output, and the last id (the graph drops trailing holes; undo brings the id back).
  check_undoable(doc, [&] { return doc.remove_nodes({ex.f}); });
  CHECK(doc.graph().output() == kNoNode);
  CHECK(doc.undo_label() == "Delete node");
  REQUIRE(doc.undo());
  REQUIRE(doc.undo());
  CHECK(doc.graph().output() == ex.f);
  CHECK(doc.graph().input(ex.f, 0) == ex.q);

  // Everything at once, then back.
  check_undoable(doc, [&] { return doc.remove_nodes(doc.graph().node_ids()); });
  CHECK(doc.graph().node_count() == 0);
}

TEST_CASE("history: removing refuses as a whole when one node does not exist") {
  Example1 ex;
  check_refused(ex.doc,
                [&] {
                  return ex.doc.remove_nodes({ex.x, 77, ex.q});
                },
                {"node 77 does not exist"});
  check_refused(ex.doc, [&] { return ex.doc.remove_nodes({-1}); }, {"does not exist"});
  // Nothing to remove is not an edit.
  const std::size_t entries = ex.doc.undo_count();
  CHECK(ex.doc.remove_nodes({}));
  CHECK(ex.doc.undo_count() == entries);
}

// [SECTION] Wiring

TEST_CASE("history: connect replaces a wire on that pin; undo puts the old one back") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.connect(ex.z, ex.q, 0); });
  CHECK(doc.graph().input(ex.q, 0) == ex.z);
  CHECK(doc.graph().wires_out(ex.x) == 0);
  CHECK(doc.undo_label() == "Connect");
  REQUIRE(doc.undo());
  CHECK(doc.graph().input(ex.q, 0) == ex.x);
  // Connecting what is already there is not an edit.
  const std::size_t entries = doc.undo_count();
  CHECK(doc.connect(ex.x, ex.q, 0));
  CHECK(doc.undo_count() == entries);
}

TEST_CASE("history: refused wires (cycle, itself, arity, missing nodes) change nothing") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  struct Case {
    NodeId from, to;
    int slot;
    std::vector<std::string_view> parts;
  };
  const std::vector<Case> cases = {
      {ex.f, ex.q, 0, {"cycle"}},
      {ex.q, ex.q, 1, {"own output"}},
      {ex.x, ex.q, 2, {"2 input pins", "no pin 2"}},
      {ex.x, ex.y, 0, {"0 input pins"}},
      {ex.x, ex.q, -1, {"no pin -1"}},
      {99, ex.q, 0, {"source node 99 does not exist"}},
      {ex.x, 99, 0, {"target node 99 does not exist"}},
      {kNoNode, ex.q, 0, {"does not exist"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.from);
    CAPTURE(c.to);
    CAPTURE(c.slot);
    // The question the GUI asks while dragging gives the same answer and changes nothing.
    const std::string before = text_of(doc);
    const Status answer = doc.check_connect(c.from, c.to, c.slot);
    CHECK_FALSE(answer);
    CHECK(text_of(doc) == before);
    check_refused(
        doc, [&] { return doc.connect(c.from, c.to, c.slot); }, c.parts);
    const Status refused = doc.connect(c.from, c.to, c.slot);
    CHECK(refused.reason() == answer.reason());
  }
  CHECK(doc.check_connect(ex.z, ex.q, 1));  // allowed ones say so
}

TEST_CASE("history: disconnect, and its refusals") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.disconnect(ex.f, 1); });
  CHECK(doc.graph().input(ex.f, 1) == kNoNode);
  CHECK(doc.undo_label() == "Disconnect");
  const std::size_t entries = doc.undo_count();
  CHECK(doc.disconnect(ex.f, 1));  // already unconnected: no entry
  CHECK(doc.undo_count() == entries);
  check_refused(doc, [&] { return doc.disconnect(ex.f, 2); }, {"no input pin 2"});
  check_refused(doc, [&] { return doc.disconnect(ex.x, 0); }, {"no input pin 0"});
  check_refused(doc, [&] { return doc.disconnect(42, 0); }, {"node 42 does not exist"});
}

// [SECTION] Values, names, output, title

TEST_CASE("history: values of inputs and constants, pow's exponent, clearing a value") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.set_param(ex.x, 3.5); });
  CHECK(doc.graph().param(ex.x) == 3.5);
  CHECK(doc.undo_label() == "Set value");
  const NodeId c = *doc.add_constant(2, {});
  check_undoable(doc, [&] { return doc.set_param(c, -7); });
  const NodeId p = *doc.add_node(Op::Pow, {});
  check_undoable(doc, [&] { return doc.set_param(p, 0.5); });
  CHECK(doc.graph().param(p) == 0.5);
  check_undoable(doc, [&] { return doc.clear_value(ex.y); });
  CHECK_FALSE(doc.graph().has_value(ex.y));
  CHECK_FALSE(evaluate(doc.graph()));
  REQUIRE(doc.undo());
  CHECK(evaluate(doc.graph())->value[ex.f] == doctest::Approx((3.5 + 5) * -4));
  // -0 is a different value in the file than 0: an edit, not a no-op.
  const NodeId zero = *doc.add_constant(0, {});
  check_undoable(doc, [&] { return doc.set_param(zero, -0.0); });
  const std::size_t entries = doc.undo_count();
  CHECK(doc.set_param(zero, -0.0));  // the same value again: no entry
  CHECK(doc.undo_count() == entries);
}

TEST_CASE("history: refused values change nothing") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_refused(doc, [&] { return doc.set_param(ex.q, 1); }, {"no value or parameter"});
  check_refused(doc, [&] { return doc.set_param(ex.x, std::nan("")); }, {"finite"});
  check_refused(doc, [&] { return doc.set_param(ex.x, HUGE_VAL); }, {"finite"});
  check_refused(doc, [&] { return doc.set_param(31, 1); }, {"node 31 does not exist"});
  const NodeId c = *doc.add_constant(1, {});
  check_refused(doc, [&] { return doc.clear_value(c); }, {"not an input"});
  check_refused(doc, [&] { return doc.clear_value(-4); }, {"does not exist"});
}

TEST_CASE("history: rename keeps names unique and valid; '' unnames a gate") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.rename(ex.x, "alpha"); });
  CHECK(doc.graph().find_name("alpha") == ex.x);
  CHECK(doc.graph().find_name("x") == kNoNode);
  CHECK(doc.undo_label() == "Rename");
  check_undoable(doc, [&] { return doc.rename(ex.q, "q"); });
  check_undoable(doc, [&] { return doc.rename(ex.q, ""); });
  CHECK(doc.graph().name(ex.q).empty());
  check_refused(doc, [&] { return doc.rename(ex.y, "z"); }, {"already used"});
  check_refused(doc, [&] { return doc.rename(ex.y, "a b"); }, {"not a valid name"});
  check_undoable(doc, [&] { return doc.rename(ex.y, "sigmoid"); });  // names are not gates
  check_refused(doc, [&] { return doc.rename(ex.y, ""); }, {"needs a name"});
  check_refused(doc, [&] { return doc.rename(12, "k"); }, {"does not exist"});
}

TEST_CASE("history: the output can be chosen, cleared, and not set to a missing node") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.set_output(ex.q); });
  CHECK(doc.graph().output() == ex.q);
  CHECK(doc.undo_label() == "Set output");
  check_undoable(doc, [&] { return doc.set_output(kNoNode); });
  CHECK(doc.graph().output() == kNoNode);
  check_refused(doc, [&] { return doc.set_output(8); }, {"node 8 does not exist"});
}

TEST_CASE("history: the title is an edit too") {
  EditableDocument doc;
  check_undoable(doc, [&] { return doc.set_title("f = (x+y)\u00b7z"); });
  CHECK(doc.document().title == "f = (x+y)\u00b7z");
  CHECK(doc.undo_label() == "Set title");
}

TEST_CASE("history: the view is not an edit: no entry, no unsaved mark, no generation") {
  Example1 ex;
  ex.doc.mark_saved();
  const auto generation = ex.doc.generation();
  const std::size_t entries = ex.doc.undo_count();
  ex.doc.set_view(View{{10, 20}, 2});
  CHECK(ex.doc.document().view == View{{10, 20}, 2});
  CHECK_FALSE(ex.doc.is_modified());
  CHECK(ex.doc.generation() == generation);
  CHECK(ex.doc.undo_count() == entries);
}

// [SECTION] Positions and layout

TEST_CASE("history: moving a selection, setting many positions, and their refusals") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  check_undoable(doc, [&] { return doc.move_nodes({ex.x, ex.y, ex.x}, {5, -10}); });
  CHECK(doc.graph().position(ex.x) == Vec2{5, -10});
  CHECK(doc.graph().position(ex.y) == Vec2{5, 90});
  CHECK(doc.undo_label() == "Move");
  check_undoable(doc, [&] { return doc.set_positions({{ex.f, {1, 2}}, {ex.q, {3, 4}}}); });
  CHECK(doc.graph().position(ex.q) == Vec2{3, 4});
  const std::size_t entries = doc.undo_count();
  CHECK(doc.move_nodes({ex.x}, {0, 0}));  // moving by nothing: no entry
  CHECK(doc.set_positions({{ex.f, {1, 2}}}));
  CHECK(doc.undo_count() == entries);
  check_refused(doc, [&] { return doc.move_nodes({ex.x, 50}, {1, 1}); }, {"does not exist"});
  check_refused(doc, [&] { return doc.move_nodes({ex.x}, {std::nanf(""), 0}); }, {"finite"});
  check_refused(doc, [&] { return doc.move_nodes({ex.y, ex.x}, {INFINITY, 0}); }, {"finite"});
  check_refused(doc,
                [&] {
                  return doc.set_positions({{ex.x, {0, 0}}, {ex.y, {0, INFINITY}}});
                },
                {"finite"});
}

TEST_CASE("history: a node without a position moves from the origin") {
  Document start;
  const NodeId id = *start.graph.add_node(Op::Const, "", 1);
  EditableDocument doc(std::move(start));
  check_undoable(doc, [&] { return doc.move_nodes({id}, {7, 8}); });
  CHECK(doc.graph().position(id) == Vec2{7, 8});
  REQUIRE(doc.undo());
  CHECK_FALSE(doc.graph().has_position(id));
}

TEST_CASE("history: auto-layout of everything or of a selection is one entry") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  REQUIRE(doc.set_positions({{ex.x, {900, 900}}, {ex.f, {-900, 0}}}));
  const auto planned = planned_layout_all(doc.graph());
  CHECK(planned.size() == 5);
  const std::string before = text_of(doc);
  CHECK(text_of(doc) == before);  // planning moved nothing
  check_undoable(doc, [&] { return doc.layout_all(); });
  for (const auto& [id, position] : planned) CHECK(doc.graph().position(id) == position);
  CHECK(doc.undo_label() == "Auto-layout");
  CHECK(doc.graph().position(ex.f).x > doc.graph().position(ex.x).x);

  REQUIRE(doc.set_positions({{ex.x, {900, 900}}, {ex.q, {-900, 0}}}));
  const Vec2 z_before = doc.graph().position(ex.z);
  check_undoable(doc, [&] { return doc.layout_nodes({ex.x, ex.y, ex.q}); });
  CHECK(doc.graph().position(ex.z) == z_before);  // not selected: untouched
  CHECK(doc.graph().position(ex.q).x > doc.graph().position(ex.x).x);
  CHECK(doc.undo_label() == "Auto-layout selection");
  check_refused(doc, [&] { return doc.layout_nodes({ex.x, 40}); }, {"node 40 does not exist"});
  CHECK(doc.layout_all());
  const std::size_t entries = doc.undo_count();
  CHECK(doc.layout_nodes({}));
  CHECK(doc.layout_all());  // laid out already: nothing moves, no entry
  CHECK(doc.undo_count() == entries);
}

// [SECTION] Gestures

TEST_CASE("history: a drag of many frames is one undo entry, one change per node") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  const Document before = doc.document();
  const std::size_t entries = doc.undo_count();
  doc.begin_gesture("Move");
  CHECK(doc.in_gesture());
  for (int frame = 0; frame < 300; ++frame) REQUIRE(doc.move_nodes({ex.x, ex.q}, {1, 0.5f}));
  CHECK(doc.can_undo());
  CHECK(doc.is_modified());
  CHECK(doc.undo_label() == "Move");
  doc.end_gesture();
  CHECK_FALSE(doc.in_gesture());
  CHECK(doc.undo_count() == entries + 1);
  CHECK(doc.graph().position(ex.x) == Vec2{300, 150});
  const Document after = doc.document();
  REQUIRE(doc.undo());
  CHECK(doc.document() == before);
  REQUIRE(doc.redo());
  CHECK(doc.document() == after);
}

TEST_CASE("history: a slider dragged through many values is one entry") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  const Document before = doc.document();
  doc.begin_gesture("Set value");
  for (int frame = 0; frame <= 100; ++frame) REQUIRE(doc.set_param(ex.x, -2 + 0.05 * frame));
  doc.end_gesture();
  CHECK(doc.graph().param(ex.x) == doctest::Approx(3));
  CHECK(doc.undo_label() == "Set value");
  REQUIRE(doc.undo());
  CHECK(doc.document() == before);
}

TEST_CASE("history: a gesture that ends where it started, or changed nothing, leaves no entry") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  doc.mark_saved();
  const std::size_t entries = doc.undo_count();
  doc.begin_gesture("Move");
  doc.end_gesture();  // a click without a drag
  doc.begin_gesture("Move");
  REQUIRE(doc.move_nodes({ex.x}, {10, 10}));
  REQUIRE(doc.move_nodes({ex.x}, {-10, -10}));
  doc.end_gesture();
  CHECK(doc.undo_count() == entries);
  CHECK_FALSE(doc.is_modified());
}

TEST_CASE("history: cancelling a gesture takes it back; gestures nest") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  const std::string before = text_of(doc);
  const std::size_t entries = doc.undo_count();
  doc.begin_gesture("Move");
  REQUIRE(doc.move_nodes({ex.x, ex.y}, {40, 40}));
  REQUIRE(doc.set_param(ex.z, 9));
  doc.cancel_gesture();
  CHECK(text_of(doc) == before);
  CHECK(doc.undo_count() == entries);
  CHECK_FALSE(doc.in_gesture());

  doc.begin_gesture("Outer");
  REQUIRE(doc.move_nodes({ex.x}, {1, 0}));
  doc.begin_gesture("Inner");
  REQUIRE(doc.move_nodes({ex.x}, {1, 0}));
  doc.end_gesture();
  CHECK(doc.in_gesture());
  REQUIRE(doc.connect(ex.z, ex.q, 1));
  doc.end_gesture();
  CHECK(doc.undo_count() == entries + 1);
  CHECK(doc.undo_label() == "Outer");
  REQUIRE(doc.undo());
  CHECK(text_of(doc) == before);
}

TEST_CASE("history: undo during a gesture ends it first; a refusal inside keeps the rest") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  const std::string before = text_of(doc);
  doc.begin_gesture("Move");
  REQUIRE(doc.move_nodes({ex.x}, {3, 3}));
  CHECK_FALSE(doc.move_nodes({ex.x, 66}, {3, 3}));  // refused, as a whole
  CHECK(doc.graph().position(ex.x) == Vec2{3, 3});
  CHECK_FALSE(doc.can_redo());
  REQUIRE(doc.undo());
  CHECK_FALSE(doc.in_gesture());
  CHECK(text_of(doc) == before);
  CHECK(doc.can_redo());
}

TEST_CASE("history: a gesture that moves, removes and re-adds at the same id undoes exactly") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  const Document before = doc.document();
  doc.begin_gesture("Mixed");
  REQUIRE(doc.move_nodes({ex.f}, {10, 0}));
  REQUIRE(doc.set_param(ex.x, 1));
  REQUIRE(doc.remove_nodes({ex.f}));  // the last id: the next add reuses it
  const NodeId again = *doc.add_node(Op::Sub, {0, 0});
  CHECK(again == ex.f);
  REQUIRE(doc.move_nodes({again}, {5, 5}));
  REQUIRE(doc.set_param(ex.x, 2));
  REQUIRE(doc.move_nodes({again}, {5, 5}));
  doc.end_gesture();
  const Document after = doc.document();
  REQUIRE(doc.undo());
  CHECK(doc.document() == before);
  REQUIRE(doc.redo());
  CHECK(doc.document() == after);
  CHECK(doc.graph().position(again) == Vec2{10, 10});
  CHECK(doc.graph().param(ex.x) == 2);
}

// [SECTION] Undo, redo, saved marker, bounded history

TEST_CASE("history: undo back to the saved state is clean again; redo is modified") {
  EditableDocument doc;
  CHECK_FALSE(doc.is_modified());
  const NodeId x = *doc.add_variable("x", 1, {});
  CHECK(doc.is_modified());
  REQUIRE(doc.undo());
  CHECK_FALSE(doc.is_modified());
  REQUIRE(doc.redo());
  CHECK(doc.is_modified());
  doc.mark_saved();
  CHECK_FALSE(doc.is_modified());
  REQUIRE(doc.set_param(x, 2));
  CHECK(doc.is_modified());
  REQUIRE(doc.undo());
  CHECK_FALSE(doc.is_modified());
  REQUIRE(doc.undo());
  CHECK(doc.is_modified());  // before the saved state
  REQUIRE(doc.redo());
  CHECK_FALSE(doc.is_modified());
  // A new edit after undo drops the redo entries, and with them the way back to saved.
  REQUIRE(doc.undo());
  REQUIRE(doc.add_constant(3, {}));
  CHECK_FALSE(doc.can_redo());
  CHECK(doc.is_modified());
  REQUIRE(doc.undo());
  CHECK(doc.is_modified());  // back at the start, but the file holds the state with x
  // mark_modified: the document differs from its file whatever undo does.
  doc.mark_saved();
  doc.mark_modified();
  CHECK(doc.is_modified());
}

TEST_CASE("history: generation moves with every content change, never on refusals") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  auto generation = doc.generation();
  REQUIRE(doc.set_param(ex.x, 4));
  CHECK(doc.generation() > generation);
  generation = doc.generation();
  CHECK_FALSE(doc.set_param(ex.q, 4));
  CHECK(doc.set_param(ex.x, 4));  // no change
  CHECK(doc.generation() == generation);
  REQUIRE(doc.undo());
  CHECK(doc.generation() > generation);
  generation = doc.generation();
  REQUIRE(doc.redo());
  CHECK(doc.generation() > generation);
  generation = doc.generation();
  doc.begin_gesture("Move");
  REQUIRE(doc.move_nodes({ex.x}, {1, 1}));
  CHECK(doc.generation() > generation);  // the canvas follows the drag
  generation = doc.generation();
  doc.cancel_gesture();
  CHECK(doc.generation() > generation);
}

TEST_CASE("history: labels for the Edit menu") {
  Example1 ex;
  EditableDocument& doc = ex.doc;
  REQUIRE(doc.set_output(ex.q));
  CHECK(doc.undo_label() == "Set output");
  CHECK(doc.redo_label().empty());
  REQUIRE(doc.undo());
  CHECK(doc.redo_label() == "Set output");
  CHECK(doc.undo_label() == "Connect");
}

TEST_CASE("history: the history is bounded; the oldest entries go first") {
  HistoryLimits limits;
  limits.max_entries = 5;
  EditableDocument doc({}, "", limits);
  const NodeId x = *doc.add_variable("x", 0, {});
  for (int k = 1; k <= 20; ++k) REQUIRE(doc.set_param(x, k));
  CHECK(doc.undo_count() == 5);
  int undone = 0;
  while (doc.undo()) ++undone;
  CHECK(undone == 5);
  CHECK(doc.graph().param(x) == 15);
  CHECK(doc.is_modified());  // the clean state is out of reach
  while (doc.redo()) {
  }
  CHECK(doc.graph().param(x) == 20);

  // Bounded by the number of changes too (a huge paste or removal weighs its size).
  limits = {};
  limits.max_changes = 10;
  EditableDocument weighed({}, "", limits);
  for (int k = 0; k < 8; ++k) REQUIRE(weighed.add_constant(k, {}));
  CHECK(weighed.undo_count() == 8);
  std::vector<NodeId> all = weighed.graph().node_ids();
  REQUIRE(weighed.remove_nodes(all));  // 8 changes: only 2 of the adds can stay before it
  CHECK(weighed.undo_count() == 3);
  REQUIRE(weighed.undo());
  CHECK(weighed.graph().node_count() == 8);
}

TEST_CASE("history: clear_history keeps the document and its unsaved mark") {
  Example1 ex;
  const Document before = ex.doc.document();
  ex.doc.clear_history();
  CHECK(ex.doc.document() == before);
  CHECK_FALSE(ex.doc.can_undo());
  CHECK(ex.doc.is_modified());
  ex.doc.mark_saved();
  ex.doc.clear_history();
  CHECK_FALSE(ex.doc.is_modified());
}

TEST_CASE("history: names made unique for pastes: x -> x2, w0 -> w1, x2 -> x3, long names") {
  Graph g;
  for (const char* name : {"x", "w0", "w1", "x2"}) REQUIRE(g.add_node(Op::Input, name));
  CHECK(unique_name(g, "y") == "y");
  CHECK(unique_name(g, "") == "");
  CHECK(unique_name(g, "x") == "x3");
  CHECK(unique_name(g, "x2") == "x3");
  CHECK(unique_name(g, "w0") == "w2");
  CHECK(unique_name(g, "x", {"x3", "x4"}) == "x5");
  const std::string long_name(64, 'n');
  REQUIRE(g.add_node(Op::Input, long_name));
  const std::string renamed = unique_name(g, long_name);
  CHECK(renamed.size() == 64);
  CHECK(is_valid_name(renamed));
  CHECK(renamed.back() == '2');
  REQUIRE(g.add_node(Op::Input, "exp2"));
  CHECK(unique_name(g, "exp2") == "exp3");
}

TEST_CASE("history: open and save files; a refused open leaves nothing half-done") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("gradflow-history-" + std::to_string(::getpid()) + ".json"))
                               .string();
  Example1 ex;
  REQUIRE(ex.doc.save_to_file(path));
  CHECK(ex.doc.file_path() == path);
  CHECK_FALSE(ex.doc.is_modified());
  Result<EditableDocument> opened = EditableDocument::open_file(path);
  REQUIRE(opened);
  CHECK(opened->document() == ex.doc.document());
  CHECK(opened->file_path() == path);
  CHECK_FALSE(opened->is_modified());
  CHECK_FALSE(opened->can_undo());
  std::filesystem::remove(path);
  Result<EditableDocument> missing = EditableDocument::open_file(path);
  REQUIRE_FALSE(missing);
  CHECK(contains(missing.reason(), path));
  CHECK_FALSE(ex.doc.save_to_file("/nonexistent-dir/x.json"));
  CHECK(ex.doc.file_path() == path);
}

// [SECTION] Property test: random edit sequences

namespace {

// The model the property test checks the editor against: the document at every undo level
// (past.back() is now), the documents redo would bring back, and which level was saved.
struct Model {
  std::vector<Document> past;
  std::vector<Document> future;
  std::vector<int> past_tokens, future_tokens;  // an identity per state, for the saved marker
  int next_token = 1;
  int saved_token = 0;
};

std::vector<NodeId> random_subset(std::mt19937_64& rng, const Graph& graph, bool allow_missing) {
  std::vector<NodeId> ids;
  const int count = static_cast<int>(rng() % 5);
  for (int k = 0; k < count; ++k) {
    if (allow_missing && rng() % 25 == 0) {
      ids.push_back(graph.id_limit() + static_cast<NodeId>(rng() % 3));
      continue;
    }
    const std::vector<NodeId> live = graph.node_ids();
    if (!live.empty()) ids.push_back(live[rng() % live.size()]);
  }
  return ids;
}

NodeId random_id(std::mt19937_64& rng, const Graph& graph) {
  if (rng() % 20 == 0) return static_cast<NodeId>(rng() % 4) - 2;  // -2..1, maybe missing
  const std::vector<NodeId> live = graph.node_ids();
  if (live.empty() || rng() % 15 == 0) return graph.id_limit() + static_cast<NodeId>(rng() % 2);
  return live[rng() % live.size()];
}

// One random editor action; sometimes a refused one. `clipboard` carries copies across steps.
void random_action(std::mt19937_64& rng, EditableDocument& doc, std::string& clipboard) {
  const Graph& g = doc.graph();
  auto coordinate = [&] { return std::uniform_real_distribution<float>(-500, 500)(rng); };
  auto number = [&] {
    const double special[] = {0.0, -0.0, 1e-300, 1e300, std::nan(""), HUGE_VAL, 0.1, -3};
    return rng() % 8 == 0 ? special[rng() % 8] : std::uniform_real_distribution<double>(-5, 5)(rng);
  };
  const char* names[] = {"x", "y", "q", "w0", "w1", "", "2bad", "exp", "long_name_", "x2"};
  if (g.node_count() > 40 && rng() % 3 == 0) {  // keeps graphs editor-sized (pastes add many)
    std::vector<NodeId> many;
    for (int k = 0; k < 3; ++k)
      for (NodeId id : random_subset(rng, g, false)) many.push_back(id);
    (void)doc.remove_nodes(many);
    return;
  }
  switch (rng() % 19) {
    case 0:
    case 1:
      (void)doc.add_node(static_cast<Op>(rng() % kOpCount), {coordinate(), coordinate()});
      break;
    case 2:
      (void)doc.add_variable(names[rng() % 10], number(), {coordinate(), coordinate()});
      break;
    case 3:
      (void)doc.add_constant(number(), {coordinate(), coordinate()});
      break;
    case 4:
      (void)doc.remove_nodes(random_subset(rng, g, true));
      break;
    case 5:
    case 6:
    case 7:
      (void)doc.connect(random_id(rng, g), random_id(rng, g), static_cast<int>(rng() % 3));
      break;
    case 8: {  // mostly a pin that holds a wire (dragging a wire's end off it)
      std::vector<PinRef> wired;
      for (NodeId id : g.node_ids())
        for (int slot = 0; slot < arity(g.op(id)); ++slot)
          if (g.input(id, slot) != kNoNode) wired.push_back({id, slot});
      const PinRef pin = !wired.empty() && rng() % 4 != 0
                             ? wired[rng() % wired.size()]
                             : PinRef{random_id(rng, g), static_cast<int>(rng() % 3)};
      (void)doc.disconnect(pin.node, pin.slot);
      break;
    }
    case 9:
      (void)doc.set_param(random_id(rng, g), number());
      break;
    case 10:
      (void)doc.clear_value(random_id(rng, g));
      break;
    case 11:
      (void)doc.rename(random_id(rng, g), names[rng() % 10]);
      break;
    case 12:
      (void)doc.set_output(rng() % 5 == 0 ? kNoNode : random_id(rng, g));
      break;
    case 13:
      (void)doc.move_nodes(random_subset(rng, g, true), {coordinate(), coordinate()});
      break;
    case 14: {  // a drag or a slider, sometimes cancelled
      const std::vector<NodeId> selection = random_subset(rng, g, false);
      const NodeId valued = random_id(rng, g);
      doc.begin_gesture("Drag");
      const int frames = 1 + static_cast<int>(rng() % 12);
      for (int frame = 0; frame < frames; ++frame) {
        (void)doc.move_nodes(selection, {coordinate() / 50, coordinate() / 50});
        if (rng() % 2) (void)doc.set_param(valued, number());
      }
      if (rng() % 6 == 0)
        doc.cancel_gesture();
      else
        doc.end_gesture();
      break;
    }
    case 15:
      if (rng() % 3 == 0)
        (void)doc.layout_all();
      else
        (void)doc.layout_nodes(random_subset(rng, g, true));
      break;
    case 16:
      if (rng() % 2 || clipboard.empty())
        clipboard = copy_selection(g, random_subset(rng, g, true));
      (void)paste_text(doc, clipboard,
                       rng() % 2 ? std::optional<Vec2>{} : Vec2{coordinate(), coordinate()});
      break;
    case 17:
      (void)duplicate_selection(doc, random_subset(rng, g, true));
      break;
    case 18:
      (void)doc.set_title(rng() % 2 ? "" : "t" + std::to_string(rng() % 3));
      break;
  }
}

void check_valid(const EditableDocument& doc) {
  const std::string text = text_of(doc);
  Result<Document> loaded = load_document(text);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  REQUIRE(*loaded == doc.document());
  REQUIRE(save_document(*loaded) == text);
}

}  // namespace

// Optimised builds walk 10 000 edits; Debug and sanitizer builds (about 40 times slower here,
// mostly in JSON parsing) walk 4 000.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr int kEditSeeds = 10;
#else
constexpr int kEditSeeds = 4;
#endif

TEST_CASE("history: random edit sequences stay valid, and undo/redo retrace them exactly") {
  HistoryLimits unbounded;
  unbounded.max_entries = 1'000'000;
  constexpr int kSeeds = kEditSeeds;
  constexpr int kActions = 1000;
  long long entries_made = 0, undos = 0;
  std::map<std::string, int> made_by_label;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed * 7919);
    Example1 ex;  // start from a real graph
    EditableDocument doc(ex.doc.document(), "", unbounded);
    Model model;
    model.past = {doc.document()};
    model.past_tokens = {0};
    std::string clipboard;
    for (int action = 0; action < kActions; ++action) {
      CAPTURE(action);
      const int roll = static_cast<int>(rng() % 20);
      if (roll == 0 && model.past.size() > 1) {  // undo
        REQUIRE(doc.undo());
        model.future.push_back(std::move(model.past.back()));
        model.future_tokens.push_back(model.past_tokens.back());
        model.past.pop_back();
        model.past_tokens.pop_back();
        ++undos;
      } else if (roll == 1 && !model.future.empty()) {  // redo
        REQUIRE(doc.redo());
        model.past.push_back(std::move(model.future.back()));
        model.past_tokens.push_back(model.future_tokens.back());
        model.future.pop_back();
        model.future_tokens.pop_back();
      } else if (roll == 2) {
        doc.mark_saved();
        model.saved_token = model.past_tokens.back();
      } else {
        const std::size_t before = doc.undo_count();
        random_action(rng, doc, clipboard);
        REQUIRE_FALSE(doc.in_gesture());
        if (doc.undo_count() == before + 1) {  // an edit: a new state, redo is gone
          model.past.push_back(doc.document());
          model.past_tokens.push_back(model.next_token++);
          model.future.clear();
          model.future_tokens.clear();
          ++entries_made;
          ++made_by_label[doc.undo_label()];
        } else {  // refused, or changed nothing
          REQUIRE(doc.undo_count() == before);
        }
      }
      // The document is always exactly the model's, valid, and saved and loaded unchanged.
      REQUIRE(doc.undo_count() == model.past.size() - 1);
      REQUIRE(doc.redo_count() == model.future.size());
      REQUIRE(doc.document() == model.past.back());
      REQUIRE(doc.is_modified() == (model.past_tokens.back() != model.saved_token));
      check_valid(doc);
    }
    // Redo what is left to redo: the newest state of this history.
    while (!model.future.empty()) {
      REQUIRE(doc.redo());
      model.past.push_back(std::move(model.future.back()));
      model.future.pop_back();
      REQUIRE(doc.document() == model.past.back());
    }
    CHECK_FALSE(doc.redo());
    // Undo everything: every state on the way back, and the original exactly.
    const Document final_state = doc.document();
    const std::string final_text = text_of(doc);
    for (std::size_t level = model.past.size() - 1; level > 0; --level) {
      REQUIRE(doc.undo());
      REQUIRE(doc.document() == model.past[level - 1]);
    }
    CHECK_FALSE(doc.undo());
    CHECK(doc.document() == ex.doc.document());
    CHECK(text_of(doc) == save_document(ex.doc.document()));
    // Redo everything: the final document exactly.
    while (doc.redo()) {
    }
    CHECK(doc.document() == final_state);
    CHECK(text_of(doc) == final_text);
  }
  std::string tally;
  for (const auto& [label, count] : made_by_label)
    tally += label + ": " + std::to_string(count) + ", ";
  MESSAGE(entries_made << " undo entries made, " << undos << " random undos (" << tally << ")");
  CHECK(entries_made > kSeeds * kActions / 3);  // the random actions mostly do something
  // Every kind of edit was made (and undone and redone with the rest).
  for (const std::string label :
       {"Add gate", "Add variable", "Add constant", "Delete node", "Delete nodes", "Connect",
        "Disconnect", "Set value", "Clear value", "Rename", "Set output", "Move", "Drag",
        "Auto-layout", "Auto-layout selection", "Paste", "Duplicate", "Set title"}) {
    CAPTURE(label);
    CHECK(made_by_label[label] > 0);
  }
}

// [SECTION] The output follows the person building the graph

TEST_CASE("history: built gate by gate, the graph has its output without being told") {
  EditableDocument doc;
  const NodeId x = *doc.add_variable("x", -2, {0, 0});
  const NodeId y = *doc.add_variable("y", 5, {0, 100});
  const NodeId z = *doc.add_variable("z", -4, {0, 200});
  CHECK(doc.graph().output() == kNoNode);  // variables alone: nothing to differentiate
  const NodeId q = *doc.add_node(Op::Add, {170, 50});
  CHECK(doc.graph().output() == q);  // the one gate
  const NodeId f = *doc.add_node(Op::Mul, {340, 100});
  CHECK(doc.graph().output() == q);  // two candidates now: the choice stays
  REQUIRE(doc.connect(x, q, 0));
  REQUIRE(doc.connect(y, q, 1));
  REQUIRE(doc.connect(q, f, 0));
  CHECK(doc.graph().output() == f);  // wired after the output: the output moves on
  CHECK(doc.undo_label() == "Connect");
  REQUIRE(doc.connect(z, f, 1));
  CHECK(doc.graph().output() == f);
  // One undo of that connect takes the wire and the move of the output back together.
  REQUIRE(doc.undo());
  REQUIRE(doc.undo());
  CHECK(doc.graph().output() == q);
  CHECK(doc.graph().input(f, 0) == kNoNode);
  REQUIRE(doc.redo());
  CHECK(doc.graph().output() == f);
  CHECK(doc.graph().input(f, 0) == q);
}

TEST_CASE(
    "history: sigma added after the output takes it over; with several candidates none is "
    "guessed") {
  EditableDocument doc;
  const NodeId a = *doc.add_variable("a", 1, {0, 0});
  const NodeId b = *doc.add_variable("b", 2, {0, 100});
  const NodeId mul = *doc.add_node(Op::Mul, {170, 50});
  REQUIRE(doc.connect(a, mul, 0));
  REQUIRE(doc.connect(b, mul, 1));
  REQUIRE(doc.graph().output() == mul);
  const NodeId sigma = *doc.add_node(Op::Sigmoid, {340, 50});
  REQUIRE(doc.connect(mul, sigma, 0));
  CHECK(doc.graph().output() == sigma);

  // No output, two unused gates: left for the person to choose.
  REQUIRE(doc.set_output(kNoNode));
  const NodeId other = *doc.add_node(Op::Exp, {340, 200});
  CHECK(doc.graph().output() == kNoNode);
  CHECK(sole_unused_gate(doc.graph()) == kNoNode);
  // Deleting one of them leaves one: that one becomes the output.
  REQUIRE(doc.remove_nodes({other}));
  CHECK(doc.graph().output() == sigma);
  // The output wired into another new gate: it moves again; wiring any other gate does not.
  const NodeId sum = *doc.add_node(Op::Add, {500, 50});
  REQUIRE(doc.connect(sigma, sum, 0));
  CHECK(doc.graph().output() == sum);
  const NodeId square = *doc.add_node(Op::Pow, {500, 200});
  REQUIRE(doc.connect(mul, square, 0));  // mul is not the output: nothing moves
  CHECK(doc.graph().output() == sum);
}
