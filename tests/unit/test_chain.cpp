// test_chain.cpp — a chain a million gates deep through every layer that follows the graph:
// captions, layout, evaluation and trace, the stepper's view, the tape, copy and paste, the
// document and the session. Nothing may recurse once per gate (the stack would overflow long
// before a million); each test also checks what comes out.
//
// The chain is x+x+...+x as the parser builds it: gate 1 = x + x, gate k = gate k−1 + x, so
// with N gates there are N+1 terms, f = (N+1)·x and ∂f/∂x = N+1.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "caption.hpp"
#include "clipboard.hpp"
#include "document.hpp"
#include "eval.hpp"
#include "history.hpp"
#include "layout.hpp"
#include "session.hpp"
#include "step_view.hpp"
#include "tape.hpp"
#include "test_support.hpp"

using namespace gf;

namespace {

// A million gates in optimised builds, fewer under sanitizers (test_support.hpp).
constexpr int kChainGates = gf::testing::kLongChainGates;
constexpr double kX = 2.0;
constexpr double kTerms = kChainGates + 1.0;

// Node 0 is the input x; node k (1..N) is gate k, its output node N.
Graph make_add_chain(int gates) {
  Graph graph;
  const NodeId x = *graph.add_node(Op::Input, "x", kX, true);
  NodeId previous = x;
  bool wired = true;  // one check for the million wires (doctest counts every assertion)
  for (int k = 1; k <= gates; ++k) {
    const NodeId gate = *graph.add_node(Op::Add);
    wired = graph.connect(previous, gate, 0) && graph.connect(x, gate, 1) && wired;
    previous = gate;
  }
  REQUIRE(wired);
  REQUIRE(graph.set_output(previous));
  return graph;
}

// "x+x+...+x" with `terms` terms, written independently of the caption code.
std::string chain_text(int terms) {
  std::string text = "x";
  text.reserve(static_cast<std::size_t>(terms) * 2);
  for (int i = 1; i < terms; ++i) text += "+x";
  return text;
}

const Graph& chain() {
  static const Graph graph = make_add_chain(kChainGates);
  return graph;
}

}  // namespace

TEST_CASE("captions of a chain a million gates deep: short ones written, long ones given up") {
  const Graph& graph = chain();
  const NodeId output = graph.output();
  CHECK(node_caption(graph, output) == "f");
  CHECK(node_caption(graph, 2) == "x+x+x");
  CHECK(subexpression_text(graph, 11) == chain_text(12));  // 23 characters: within the 24
  CHECK(subexpression_text(graph, 12).empty());            // 25: over
  CHECK(node_caption(graph, output - 1) == "+#" + std::to_string(output - 1));
  CHECK(subexpression_text(graph, output).empty());
  CHECK(expression_text(graph).empty());  // over the expression bar's 400 characters
  // With room for all of it, the whole chain is written out, a million levels deep.
  const std::string whole = chain_text(kChainGates + 1);
  CHECK(expression_text(graph, whole.size()) == whole);
  CHECK(subexpression_text(graph, output, whole.size()) == whole);
  CHECK(expression_text(graph, whole.size() - 1).empty());
}

TEST_CASE("layout of a chain a million gates deep: folded into rows like text, x at the left") {
  Graph graph = chain();
  auto_layout(graph);
  REQUIRE(every_node_placed(graph));
  // Gate k follows gate k−1 on its row, or starts the next row below (a fold); x, which feeds
  // every gate, is left of them all.
  bool in_reading_order = true, right_of_x = true;
  int rows = 1;
  float min_x = graph.position(0).x, max_x = min_x, min_y = graph.position(0).y, max_y = min_y;
  for (NodeId k = 1; k <= kChainGates; ++k) {
    const Vec2 at = graph.position(k);
    right_of_x = right_of_x && at.x > graph.position(0).x;
    if (k > 1) {
      const Vec2 before = graph.position(k - 1);
      const bool same_row = at.y == before.y && at.x > before.x;
      const bool next_row = at.y > before.y && at.x < before.x;
      in_reading_order = in_reading_order && (same_row || next_row);
      rows += next_row;
    }
    min_x = std::min(min_x, at.x), max_x = std::max(max_x, at.x);
    min_y = std::min(min_y, at.y), max_y = std::max(max_y, at.y);
  }
  CHECK(in_reading_order);
  CHECK(right_of_x);
  CHECK(rows > 1);
  // Rows enough for a rectangle about as wide as a screen, not a streak 170 million units long.
  const float width = max_x - min_x, height = max_y - min_y;
  CHECK(width >= height);
  CHECK(width <= 2 * height);
}

TEST_CASE("evaluation, trace, stepper and tape of a chain a million gates deep") {
  const Graph& graph = chain();
  const NodeId output = graph.output();
  const Result<Evaluation> evaluation = evaluate(graph);
  REQUIRE(evaluation);
  CHECK(evaluation->value[output] == kTerms * kX);
  CHECK(evaluation->grad[0] == kTerms);
  CHECK(evaluation->grad[output / 2] == 1.0);

  const Trace trace = make_trace(graph, *evaluation);
  CHECK(trace.forward.size() == static_cast<std::size_t>(kChainGates));
  const StepView end = view_at_step(graph, *evaluation, trace, trace.step_count());
  CHECK(end.step == trace.step_count());
  CHECK(end.grad_shown[0]);
  CHECK(end.grad_total[0] == kTerms);
  const StepView forward_end = view_at_step(graph, *evaluation, trace, kChainGates);
  CHECK(forward_end.value_shown[output]);
  CHECK_FALSE(forward_end.grad_shown[0]);

  for (TapeOrder order : {TapeOrder::DepthFirst, TapeOrder::GroupedByOp}) {
    const Result<Tape> tape = compile_tape(graph, output, order);
    REQUIRE(tape);
    TapeBuffers buffers;
    buffers.resize_for(*tape);
    forward(*tape, buffers);
    backward(*tape, buffers);
    CHECK(buffers.value[tape->output_slot] == kTerms * kX);
    CHECK(buffers.grad[tape->slot_of_node[0]] == kTerms);
  }
}

TEST_CASE("copy and paste of a chain a million gates deep") {
  const Graph& graph = chain();
  const std::string text = copy_selection(graph, graph.node_ids());
  EditableDocument doc;
  const Result<std::vector<NodeId>> pasted = paste_text(doc, text);
  REQUIRE_MESSAGE(pasted, pasted.reason());
  CHECK(pasted->size() == static_cast<std::size_t>(kChainGates + 1));
  const Graph& copy = doc.graph();
  CHECK(copy.node_count() == kChainGates + 1);
  REQUIRE(copy.contains(copy.output()));
  CHECK(every_node_placed(copy));  // laid out on the way in
  const Result<Evaluation> evaluation = evaluate(copy);
  REQUIRE(evaluation);
  CHECK(evaluation->value[copy.output()] == kTerms * kX);
  CHECK(doc.undo());
  CHECK(doc.graph().node_count() == 0);
}

TEST_CASE("document and session of a chain a million gates deep") {
  // Without positions (as an expression gives it) the chain's text fits the size limits.
  Document document;
  document.graph = chain();
  const Result<Document> reread = load_document(save_document(document));
  REQUIRE_MESSAGE(reread, reread.reason());
  CHECK(reread->graph == document.graph);

  const Session session = capture_session(EditableDocument(document), 7, View{});
  const Result<Session> loaded = load_session(save_session(session));
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(loaded->step == 7);
  CHECK(restore_document(*loaded).graph() == document.graph);
}

TEST_CASE("the autosave of a laid-out chain a million gates deep reads back") {
  Document document;
  document.graph = chain();
  auto_layout(document.graph);
  const std::string text = save_session(capture_session(EditableDocument(document), 7, View{}));
  // Everything the app writes, it reads back: the writer's limit is the reader's.
  CHECK(text.size() <= kMaxDocumentBytes);
  const Result<Session> loaded = load_session(text);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(loaded->step == 7);
  CHECK(restore_document(*loaded).graph() == document.graph);
}
