// Copy, paste and duplicate: the copied text is a document of the selection, pasting gives fresh
// ids, unique names and moved positions as one undo entry, it works between two documents with
// only the text between them, and text that is not a gradflow graph is refused untouched.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "clipboard.hpp"
#include "document.hpp"
#include "eval.hpp"
#include "history.hpp"

using namespace gf;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// f = (x+y)·z with names, values and positions, and a hole at id 3.
struct Example {
  EditableDocument doc;
  NodeId x, y, z, q, f;
  Example() {
    x = *doc.add_variable("x", -2, {0, 0});
    y = *doc.add_variable("y", 5, {0, 100});
    z = *doc.add_variable("z", -4, {0, 200});
    const NodeId scratch = *doc.add_constant(1, {50, 50});
    q = *doc.add_node(Op::Add, {170, 50});
    f = *doc.add_node(Op::Mul, {340, 100});
    REQUIRE(doc.remove_nodes({scratch}));
    REQUIRE(doc.rename(q, "q"));
    REQUIRE(doc.connect(x, q, 0));
    REQUIRE(doc.connect(y, q, 1));
    REQUIRE(doc.connect(q, f, 0));
    REQUIRE(doc.connect(z, f, 1));
    REQUIRE(doc.set_output(f));
  }
};

// A paste that must be refused: the reason, and nothing changed, no undo entry.
void check_paste_refused(EditableDocument& doc, const std::string& text,
                         std::initializer_list<std::string_view> parts) {
  CAPTURE(text.substr(0, 200));
  const std::string before = save_document(doc.document());
  const std::size_t entries = doc.undo_count();
  const auto generation = doc.generation();
  Result<std::vector<NodeId>> pasted = paste_text(doc, text, Vec2{10, 10});
  REQUIRE_FALSE(pasted);
  CAPTURE(pasted.reason());
  CHECK(pasted.reason().rfind("cannot paste: ", 0) == 0);
  for (std::string_view part : parts) CHECK(contains(pasted.reason(), part));
  CHECK(pasted.reason().find('\n') == std::string::npos);
  CHECK(save_document(doc.document()) == before);
  CHECK(doc.undo_count() == entries);
  CHECK(doc.generation() == generation);
}

}  // namespace

TEST_CASE("clipboard: a copy is a document of the selection, ids from 0, outside wires dropped") {
  Example ex;
  const std::string text = copy_selection(ex.doc.graph(), {ex.f, ex.q, ex.x, ex.q, 99});
  Result<Document> copied = load_document(text);
  REQUIRE_MESSAGE(copied, copied.reason());
  const Graph& g = copied->graph;
  CHECK(g.node_count() == 3);
  CHECK(g.id_limit() == 3);  // x, q, f renumbered 0, 1, 2
  CHECK(g.name(0) == "x");
  CHECK(g.param(0) == -2);
  CHECK(g.position(0) == Vec2{0, 0});
  CHECK(g.name(1) == "q");
  CHECK(g.input(1, 0) == 0);
  CHECK(g.input(1, 1) == kNoNode);  // y was not copied
  CHECK(g.input(2, 0) == 1);
  CHECK(g.input(2, 1) == kNoNode);  // nor z
  CHECK(g.output() == 2);           // the output was selected
  CHECK(g.position(2) == Vec2{340, 100});
  CHECK(copied->title.empty());

  // Without the output it has none; an empty selection is an empty document.
  CHECK(load_document(copy_selection(ex.doc.graph(), {ex.x}))->graph.output() == kNoNode);
  CHECK(load_document(copy_selection(ex.doc.graph(), {}))->graph.node_count() == 0);
}

TEST_CASE("clipboard: paste into the same document: fresh ids, unique names, +30,+30, one entry") {
  Example ex;
  const Document before = ex.doc.document();
  const std::string text = copy_selection(ex.doc.graph(), {ex.x, ex.y, ex.q});
  Result<std::vector<NodeId>> pasted = paste_text(ex.doc, text);
  REQUIRE_MESSAGE(pasted, pasted.reason());
  const Graph& g = ex.doc.graph();
  REQUIRE(pasted->size() == 3);
  CHECK(*pasted == std::vector<NodeId>{6, 7, 8});  // after the largest id, in copied order
  CHECK(g.name(6) == "x2");
  CHECK(g.name(7) == "y2");
  CHECK(g.name(8) == "q2");
  CHECK(g.param(6) == -2);
  CHECK(g.input(8, 0) == 6);
  CHECK(g.input(8, 1) == 7);
  CHECK(g.position(6) == Vec2{30, 30});
  CHECK(g.position(8) == Vec2{200, 80});
  CHECK(g.output() == ex.f);  // the document's output stays
  CHECK(ex.doc.undo_label() == "Paste");
  // Pasting again counts on: x3, y3, q3.
  pasted = paste_text(ex.doc, text);
  REQUIRE(pasted);
  CHECK(g.name((*pasted)[0]) == "x3");
  REQUIRE(ex.doc.undo());
  REQUIRE(ex.doc.undo());
  CHECK(ex.doc.document() == before);
}

TEST_CASE("clipboard: paste at an anchor puts the block's top-left there") {
  Example ex;
  const std::string text = copy_selection(ex.doc.graph(), {ex.q, ex.f});
  Result<std::vector<NodeId>> pasted = paste_text(ex.doc, text, Vec2{1000, -500});
  REQUIRE(pasted);
  CHECK(ex.doc.graph().position((*pasted)[0]) == Vec2{1000, -500});
  CHECK(ex.doc.graph().position((*pasted)[1]) == Vec2{1170, -450});
}

TEST_CASE("clipboard: between two documents only the text travels; the output comes along") {
  Example source;
  const std::string text = copy_selection(source.doc.graph(), source.doc.graph().node_ids());
  EditableDocument target;
  Result<std::vector<NodeId>> pasted = paste_text(target, text);
  REQUIRE_MESSAGE(pasted, pasted.reason());
  CHECK(pasted->size() == 5);
  // The same circuit, evaluated in the other window: f = -12, as in DESIGN.md example 1.
  Result<Evaluation> evaluation = evaluate(target.graph());
  REQUIRE_MESSAGE(evaluation, evaluation.reason());
  CHECK(evaluation->value[target.graph().output()] == -12);
  CHECK(target.graph().name(target.graph().output()).empty());
  CHECK(target.graph().find_name("x") != kNoNode);  // nothing was taken: names kept
  CHECK(target.is_modified());
  REQUIRE(target.undo());
  CHECK(target.graph().node_count() == 0);
  CHECK_FALSE(target.is_modified());
}

TEST_CASE("clipboard: names continue their numbers; pasted nodes without positions are laid out") {
  EditableDocument doc;
  REQUIRE(doc.add_variable("w0", 1, {0, 0}));
  REQUIRE(doc.add_variable("w1", 1, {0, 0}));
  // Hand-written text (say from an editor): no positions, the name w0 taken.
  const std::string text = R"({"format": "gradflow-graph", "version": 1, "nodes": [
      {"id": 4, "op": "input", "name": "w0", "value": 2},
      {"id": 9, "op": "exp", "inputs": [4]}]})";
  Result<std::vector<NodeId>> pasted = paste_text(doc, text, Vec2{100, 100});
  REQUIRE_MESSAGE(pasted, pasted.reason());
  const Graph& g = doc.graph();
  CHECK(g.name((*pasted)[0]) == "w2");
  CHECK(g.input((*pasted)[1], 0) == (*pasted)[0]);
  REQUIRE(g.has_position((*pasted)[0]));
  REQUIRE(g.has_position((*pasted)[1]));
  CHECK(g.position((*pasted)[0]).x == 100);
  CHECK(g.position((*pasted)[1]).x > g.position((*pasted)[0]).x);  // left to right
}

TEST_CASE("clipboard: text that is not a gradflow graph, or is hostile, changes nothing") {
  Example ex;
  EditableDocument& doc = ex.doc;
  check_paste_refused(doc, "", {"not valid JSON"});
  check_paste_refused(doc, "(x+y)*z", {"not valid JSON"});
  check_paste_refused(doc, "[1, 2]", {"not a gradflow document"});
  check_paste_refused(doc, R"({"format": "svg", "version": 1, "nodes": []})", {"'svg'"});
  check_paste_refused(doc, R"({"format": "gradflow-graph", "version": 2, "nodes": []})",
                      {"version 2"});
  check_paste_refused(doc, R"({"format": "gradflow-graph", "version": 1, "nodes": []})",
                      {"no nodes"});
  check_paste_refused(doc, R"({"format": "gradflow-graph", "version": 1, "nodes": [
      {"id": 0, "op": "neg", "inputs": [1]}, {"id": 1, "op": "neg", "inputs": [0]}]})",
                      {"cycle"});
  check_paste_refused(doc, R"({"format": "gradflow-graph", "version": 1, "nodes": [
      {"id": 0, "op": "const", "value": 1, "value": 2}]})",
                      {"appears twice"});
  check_paste_refused(doc, R"({"format": "gradflow-graph", "version": 1, "nodes": [
      {"id": 0, "op": "const", "value": 1e999}]})",
                      {"too large"});
}

TEST_CASE("clipboard: hostile sizes and positions are refused whole") {
  Example ex;
  EditableDocument& doc = ex.doc;
  check_paste_refused(doc, std::string(100000, '[') + std::string(100000, ']'), {"nest deeper"});
  check_paste_refused(doc, std::string("{\"format\": \"gradflow-graph\xff\"}"), {"not valid JSON"});
  check_paste_refused(doc, R"({"format": "gradflow-graph", "version": 1, "nodes": [
      {"id": 2000000000, "op": "const", "value": 1}]})",
                      {"too large"});
  // Positions that overflow once moved next to the others: refused as a whole.
  const std::string far = R"({"format": "gradflow-graph", "version": 1, "nodes": [
      {"id": 0, "op": "const", "value": 1, "pos": [-3.4e38, 0]},
      {"id": 1, "op": "const", "value": 1, "pos": [3.4e38, 0]}]})";
  const std::string before = save_document(doc.document());
  Result<std::vector<NodeId>> pasted = paste_text(doc, far, Vec2{3e38f, 0});
  REQUIRE_FALSE(pasted);
  CHECK(contains(pasted.reason(), "finite"));
  CHECK(save_document(doc.document()) == before);
}

TEST_CASE("clipboard: duplicate copies the selection beside it, wires among it kept") {
  Example ex;
  EditableDocument& doc = ex.doc;
  const Document before = doc.document();
  Result<std::vector<NodeId>> copies = duplicate_selection(doc, {ex.q, ex.f});
  REQUIRE(copies);
  const Graph& g = doc.graph();
  const NodeId q2 = (*copies)[0], f2 = (*copies)[1];
  CHECK(g.op(q2) == Op::Add);
  CHECK(g.name(q2) == "q2");
  CHECK(g.input(q2, 0) == kNoNode);  // x, y were not duplicated: unconnected
  CHECK(g.input(f2, 0) == q2);
  CHECK(g.position(f2) == Vec2{370, 130});
  CHECK(g.output() == ex.f);
  CHECK(doc.undo_label() == "Duplicate");
  REQUIRE(doc.undo());
  CHECK(doc.document() == before);

  copies = duplicate_selection(doc, {ex.x}, {0, 60});
  REQUIRE(copies);
  CHECK(g.position((*copies)[0]) == Vec2{0, 60});
  CHECK(g.name((*copies)[0]) == "x2");

  const std::string text = save_document(doc.document());
  Result<std::vector<NodeId>> none = duplicate_selection(doc, {});
  REQUIRE_FALSE(none);
  CHECK(contains(none.reason(), "nothing to duplicate"));
  CHECK(save_document(doc.document()) == text);
}

TEST_CASE("clipboard: a fragment can be inserted directly, with an offset") {
  Graph fragment;
  const NodeId a = *fragment.add_node(Op::Input, "a", 1, true);
  const NodeId s = *fragment.add_node(Op::Sigmoid);
  REQUIRE(fragment.connect(a, s, 0));
  REQUIRE(fragment.set_position(a, {1, 1}));
  REQUIRE(fragment.set_output(s));
  EditableDocument doc;
  Result<std::vector<NodeId>> added = doc.insert_fragment(fragment, {10, 20}, "Insert");
  REQUIRE(added);
  CHECK(doc.graph().position((*added)[0]) == Vec2{11, 21});
  CHECK_FALSE(doc.graph().has_position((*added)[1]));  // none before, none after
  CHECK(doc.graph().output() == (*added)[1]);
  CHECK(doc.undo_label() == "Insert");
}
