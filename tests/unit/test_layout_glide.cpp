// The canvas editing's pure parts, without a window: the layout glide (layout_glide.hpp) fed
// frame times, its commands applied by apply_edits as App::frame does after drawing; and the
// in-place editor's checks (edit_problem, canvas_editor.hpp). The glide's targets are checked
// against auto_layout run on a copy of the graph, its path against smoothstep computed here.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "canvas_editor.hpp"
#include "edit_queue.hpp"
#include "expr.hpp"
#include "history.hpp"
#include "layout.hpp"
#include "layout_glide.hpp"

using namespace gf;
using namespace gf::gui;

namespace {

// f = (x+y)·z with every node far from where auto_layout puts it: node i at (1000 + 40·i, -600).
EditableDocument scattered_document() {
  Document doc;
  doc.graph = parse_expression("(x+y)*z").graph;
  for (NodeId id : doc.graph.node_ids())
    REQUIRE(doc.graph.set_position(id, {1000.0f + 40.0f * static_cast<float>(id), -600.0f}));
  return EditableDocument(std::move(doc));
}

std::map<NodeId, Vec2> positions_of(const Graph& graph) {
  std::map<NodeId, Vec2> positions;
  for (NodeId id : graph.node_ids()) positions[id] = graph.position(id);
  return positions;
}

void apply(EditQueue& edits, EditableDocument& doc) {
  for (const AppliedEdit& applied : apply_edits(edits, doc)) REQUIRE(applied.outcome.status);
}

void check_at(const Graph& graph, const std::map<NodeId, Vec2>& expected) {
  for (const auto& [id, at] : expected) {
    CAPTURE(id);
    CHECK(graph.position(id).x == doctest::Approx(at.x).epsilon(1e-5));
    CHECK(graph.position(id).y == doctest::Approx(at.y).epsilon(1e-5));
  }
}

}  // namespace

TEST_CASE("layout glide: the nodes travel a smoothstep path to auto_layout's places, one undo") {
  EditableDocument doc = scattered_document();
  const std::map<NodeId, Vec2> start = positions_of(doc.graph());
  Graph laid_out = doc.graph();
  auto_layout(laid_out);
  const std::map<NodeId, Vec2> end = positions_of(laid_out);

  LayoutGlide glide;
  EditQueue edits;
  glide.start(doc, {}, edits);
  CHECK(glide.gliding());
  apply(edits, doc);

  // A quarter of the time: smoothstep(0.25) = 0.25²·(3 − 0.5) = 0.15625 of the way.
  glide.advance(LayoutGlide::kSeconds * 0.25f, edits);
  apply(edits, doc);
  const float t = 0.25f * 0.25f * (3 - 2 * 0.25f);
  std::map<NodeId, Vec2> quarter;
  for (const auto& [id, from] : start) quarter[id] = from + (end.at(id) - from) * t;
  check_at(doc.graph(), quarter);
  CHECK(doc.in_gesture());

  // Past the end: exactly there, the gesture closed, one undo entry that puts everything back.
  glide.advance(LayoutGlide::kSeconds, edits);
  apply(edits, doc);
  CHECK_FALSE(glide.gliding());
  CHECK_FALSE(doc.in_gesture());
  check_at(doc.graph(), end);
  CHECK(doc.undo_label() == "Auto-layout");
  CHECK(doc.undo());
  check_at(doc.graph(), start);
  CHECK_FALSE(doc.can_undo());
}

TEST_CASE("layout glide: finish lands at once; a selection of two lays out only those two") {
  EditableDocument doc = scattered_document();
  const std::map<NodeId, Vec2> start = positions_of(doc.graph());
  const std::vector<NodeId> two = {doc.graph().find_name("x"), doc.graph().find_name("y")};

  LayoutGlide glide;
  EditQueue edits;
  glide.start(doc, two, edits);
  glide.advance(LayoutGlide::kSeconds * 0.1f, edits);
  glide.finish(edits);  // a click, undo or redo during the glide
  apply(edits, doc);
  CHECK_FALSE(glide.gliding());
  CHECK_FALSE(doc.in_gesture());
  for (const auto& [id, at] : start) {  // the others stay where they were
    CAPTURE(id);
    if (id == two[0] || id == two[1]) continue;
    CHECK(doc.graph().position(id).x == at.x);
    CHECK(doc.graph().position(id).y == at.y);
  }
  // The two land where auto_layout_nodes puts them in a copy of the graph.
  Graph laid_out = scattered_document().graph();
  auto_layout_nodes(laid_out, two);
  for (NodeId id : two) {
    CHECK(doc.graph().position(id).x == doctest::Approx(laid_out.position(id).x));
    CHECK(doc.graph().position(id).y == doctest::Approx(laid_out.position(id).y));
  }

  glide.finish(edits);  // not gliding: nothing
  glide.advance(1.0f, edits);
  CHECK(edits.empty());
}

TEST_CASE("in-place editor: names must be valid and free, values finite, a gate's value given") {
  const Graph graph = parse_expression("(x+y)*z + 2").graph;
  const NodeId x = graph.find_name("x");
  NodeId constant = kNoNode;
  for (NodeId id : graph.node_ids())
    if (graph.op(id) == Op::Const) constant = id;
  REQUIRE(constant != kNoNode);

  CanvasEditor editor;
  double value = 0;
  auto problem = [&](NodeId id, std::string name, std::string text) {
    editor.edit_name = std::move(name);
    editor.edit_value = std::move(text);
    return edit_problem(graph, id, editor, value);
  };
  CHECK(problem(x, "x", " +2.5 ") == "");
  CHECK(value == 2.5);
  CHECK(problem(x, "x", "") == "");  // an input may have no value
  CHECK(problem(x, "", "1") == "a variable needs a name");
  CHECK(problem(x, "y", "1") == "'y' is taken");
  CHECK(problem(x, "2x", "1") == "'2x' is not a name (letters, digits, _; not a function)");
  CHECK(problem(x, "x", "abc") == "'abc' is not a finite number");
  CHECK(problem(x, "x", "1e400") == "'1e400' is not a finite number");
  CHECK(problem(constant, graph.name(constant), "") == "value is needed");
  CHECK(problem(constant, graph.name(constant), "-3") == "");
  CHECK(value == -3.0);
}
