// fuzz_document.cpp — libFuzzer target for document loading (and, on what loads, saving,
// evaluation and layout). Any bytes must give either a one-line refusal or a document that
// saves to text which loads back equal and saves to the same text. A broken invariant traps, so
// the fuzzer keeps the input that broke it.
//
// With GRADFLOW_WRITE_SEEDS=DIR in the environment the binary instead writes seed documents
// (saved from small graphs built with the edit API) and a libFuzzer dictionary
// (DIR/../fuzz_document.dict, from the op table) and exits: scripts/fuzz.sh uses it, so the
// seeds always follow the current format.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "document.hpp"
#include "eval.hpp"
#include "layout.hpp"

namespace {

void require(bool invariant) {
  if (!invariant) __builtin_trap();
}

// [SECTION] Seeds and dictionary

gf::NodeId gate(gf::Graph& g, gf::Op op, gf::NodeId a, gf::NodeId b = gf::kNoNode) {
  const gf::NodeId id = *g.add_node(op);
  if (a != gf::kNoNode) (void)g.connect(a, id, 0);
  if (b != gf::kNoNode) (void)g.connect(b, id, 1);
  return id;
}

std::vector<gf::Document> seed_documents() {
  std::vector<gf::Document> docs(1);  // the empty document
  {  // DESIGN.md example 1 with a hole, positions, a title and a view
    gf::Document doc;
    gf::Graph& g = doc.graph;
    const gf::NodeId x = *g.add_node(gf::Op::Input, "x", -2, true);
    const gf::NodeId y = *g.add_node(gf::Op::Input, "y", 5, true);
    const gf::NodeId z = *g.add_node(gf::Op::Input, "z", -4, true);
    const gf::NodeId scratch = *g.add_node(gf::Op::Const, "", 1);
    const gf::NodeId q = gate(g, gf::Op::Add, x, y);
    (void)g.rename(q, "q");
    (void)g.set_output(gate(g, gf::Op::Mul, q, z));
    (void)g.remove_node(scratch);
    gf::auto_layout(g);
    doc.title = "f = (x+y)\u00b7z";
    doc.view = gf::View{{10, -20}, 1.5f};
    docs.push_back(doc);
  }
  {  // every op once, a pow, an input without a value, open pins
    gf::Document doc;
    gf::Graph& g = doc.graph;
    const gf::NodeId a = *g.add_node(gf::Op::Input, "a", 0.5, true);
    const gf::NodeId b = *g.add_node(gf::Op::Input, "b");
    const gf::NodeId one = *g.add_node(gf::Op::Const, "", 1);
    gf::NodeId last = a;
    for (const gf::OpInfo& info : gf::kOps) {
      if (info.arity == 0) continue;
      const gf::NodeId id = *g.add_node(info.op, "", 2);
      (void)g.connect(last, id, 0);
      if (info.arity == 2) (void)g.connect(info.op == gf::Op::Max ? b : one, id, 1);
      last = id;
    }
    (void)g.add_node(gf::Op::Mul);
    (void)g.set_output(last);
    docs.push_back(doc);
  }
  {  // a small evaluable neuron, sigmoid(w·x + b), ids given out of order
    gf::Document doc;
    gf::Graph& g = doc.graph;
    (void)g.add_node_at(7, gf::Op::Input, "w", 2, true);
    (void)g.add_node_at(3, gf::Op::Input, "x", -1, true);
    (void)g.add_node_at(12, gf::Op::Input, "bias", 0.25, true);
    (void)g.add_node_at(1, gf::Op::Mul);
    (void)g.connect(7, 1, 0);
    (void)g.connect(3, 1, 1);
    (void)g.add_node_at(20, gf::Op::Add);
    (void)g.connect(1, 20, 0);
    (void)g.connect(12, 20, 1);
    (void)g.add_node_at(5, gf::Op::Sigmoid, "out");
    (void)g.connect(20, 5, 0);
    (void)g.set_output(5);
    docs.push_back(doc);
  }
  return docs;
}

// A libFuzzer dictionary entry: the bytes of `token` in double quotes, escaped.
std::string dictionary_entry(std::string_view token) {
  std::string entry = "\"";
  for (char c : token) {
    if (c == '"' || c == '\\') entry += '\\';
    entry += c;
  }
  return entry + "\"\n";
}

int write_seeds(const std::string& directory) {
  int written = 0;
  for (const gf::Document& doc : seed_documents()) {
    std::ofstream(directory + "/seed-" + std::to_string(written++) + ".json")
        << gf::save_document(doc);
  }
  std::ofstream dictionary(directory + "/../fuzz_document.dict");
  for (std::string_view word : {"format", "gradflow-graph", "version", "title", "nodes", "id", "op",
                                "name", "inputs", "pos", "output", "view", "pan", "zoom"})
    dictionary << dictionary_entry("\"" + std::string(word) + "\"");
  for (const gf::OpInfo& info : gf::kOps) {
    dictionary << dictionary_entry("\"" + std::string(info.name) + "\"");
    if (!info.param_name.empty())
      dictionary << dictionary_entry("\"" + std::string(info.param_name) + "\"");
  }
  for (std::string_view token : {"null", "true", "false", "-0.0", "1e999", "1e-999", "[null]",
                                 "[null, null]", "\\u0000", "\\ud800", "{}", "[]", ": ", ", "})
    dictionary << dictionary_entry(token);
  return written;
}

// [SECTION] Invariants

void check_loaded(const gf::Document& doc) {
  const std::string text = gf::save_document(doc);
  require(!text.empty() && text.back() == '\n');
  gf::Result<gf::Document> again = gf::load_document(text);
  require(again.ok());
  require(*again == doc);
  require(gf::save_document(*again) == text);

  if (doc.graph.output() != gf::kNoNode) {
    gf::Result<gf::Evaluation> evaluation = gf::evaluate(doc.graph);
    if (evaluation) {
      const gf::Trace trace = gf::make_trace(doc.graph, *evaluation);
      require(trace.forward.size() == trace.backward.size());
    } else {
      require(!evaluation.reason().empty());
    }
  }

  gf::Graph laid_out = doc.graph;
  gf::auto_layout(laid_out);
  for (gf::NodeId id : laid_out.node_ids()) {
    require(laid_out.has_position(id));
    for (int pin = 0; pin < gf::arity(laid_out.op(id)); ++pin) {
      const gf::NodeId input = laid_out.input(id, pin);
      if (input != gf::kNoNode)  // left to right, or a long chain folding into its next row
        require(laid_out.position(input).x < laid_out.position(id).x ||
                gf::is_chain_fold(laid_out, input, id));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (const char* directory = std::getenv("GRADFLOW_WRITE_SEEDS")) {
    const int written = write_seeds(directory);  // (the files are closed on return, before exit)
    std::printf("wrote %d seed documents to %s\n", written, directory);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gf::Result<gf::Document> loaded = gf::load_document(text);
  if (!loaded) {
    require(!loaded.reason().empty());
    require(loaded.reason().find('\n') == std::string::npos);  // one line
    return 0;
  }
  check_loaded(*loaded);
  return 0;
}
