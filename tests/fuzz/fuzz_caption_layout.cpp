// fuzz_caption_layout.cpp — libFuzzer target for captions and layout, on graphs built from the
// input: a document when it starts with '{', an expression otherwise. Captions must stay within
// their budget and agree with themselves at a larger one, the expression bar's text must parse,
// and the layout must place every node with every wire going left to right (or folding a long
// chain of one associative gate into its next row). Long chains (the seeds of scripts/fuzz.sh
// are a megabyte) reach depths no recursion would survive.
// A broken invariant traps, so the fuzzer keeps the input that broke it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "caption.hpp"
#include "document.hpp"
#include "expr.hpp"
#include "layout.hpp"

namespace {

void require(bool invariant) {
  if (!invariant) __builtin_trap();
}

// At most this many nodes get their captions checked (spread over the graph), so a megabyte
// of input stays well inside the per-input timeout; captions cost O(budget) each regardless.
constexpr int kCaptionedNodes = 2000;

void check_captions(const gf::Graph& graph) {
  const gf::NodeId limit = graph.id_limit();
  const gf::NodeId stride = limit / kCaptionedNodes + 1;
  for (gf::NodeId id = 0; id < limit; id += stride) {
    if (!graph.contains(id)) continue;
    require(!gf::node_caption(graph, id).empty());
    const std::string short_text = gf::subexpression_text(graph, id);
    require(short_text.size() <= 24);
    if (!short_text.empty()) require(gf::subexpression_text(graph, id, 4000) == short_text);
  }
  if (graph.contains(graph.output())) require(gf::node_caption(graph, graph.output()) != "");
  const std::string expression = gf::expression_text(graph);
  require(expression.size() <= 400);
  if (!expression.empty()) {
    require(expression.find('?') == std::string::npos);
    require(gf::parse_expression(expression).ok());
    require(gf::expression_text(graph, 100000) == expression);
  }
}

void check_layout(gf::Graph& graph) {
  gf::auto_layout(graph);
  require(gf::every_node_placed(graph));
  for (gf::NodeId id : graph.node_ids()) {
    const gf::Vec2 at = graph.position(id);
    require(std::isfinite(at.x) && std::isfinite(at.y));
    for (int pin = 0; pin < gf::arity(graph.op(id)); ++pin) {
      const gf::NodeId in = graph.input(id, pin);
      if (in != gf::kNoNode)
        require(graph.position(in).x < at.x || gf::is_chain_fold(graph, in, id));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gf::Graph graph;
  if (!text.empty() && text.front() == '{') {
    gf::Result<gf::Document> loaded = gf::load_document(text);
    if (!loaded) return 0;
    graph = std::move(loaded->graph);
  } else {
    gf::ParsedExpression parsed = gf::parse_expression(text);
    if (!parsed.ok()) return 0;
    graph = std::move(parsed.graph);
  }
  check_captions(graph);
  check_layout(graph);
  return 0;
}
