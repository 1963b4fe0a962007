// Documents: exact save -> load round trips, the file format as written, strict loading (every
// refusal names its place), hostile inputs, and atomic file writing.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "caption.hpp"
#include "document.hpp"
#include "eval.hpp"
#include "layout.hpp"

using namespace gf;

namespace {

// [SECTION] Helpers

NodeId add_gate(Graph& g, Op op, NodeId a, NodeId b = kNoNode) {
  NodeId id = *g.add_node(op);
  if (a != kNoNode) REQUIRE(g.connect(a, id, 0));
  if (b != kNoNode) REQUIRE(g.connect(b, id, 1));
  return id;
}

// DESIGN.md example 1, f = (x+y)·z, with a hole in the ids, positions, a title and a view.
Document example_document() {
  Document doc;
  Graph& g = doc.graph;
  NodeId x = *g.add_node(Op::Input, "x", -2, true);
  NodeId y = *g.add_node(Op::Input, "y", 5, true);
  NodeId z = *g.add_node(Op::Input, "z", -4, true);
  NodeId scratch = *g.add_node(Op::Const, "", 7);
  NodeId q = add_gate(g, Op::Add, x, y);
  REQUIRE(g.rename(q, "q"));
  NodeId f = add_gate(g, Op::Mul, q, z);
  REQUIRE(g.remove_node(scratch));  // leaves a hole at id 3
  REQUIRE(g.set_output(f));
  REQUIRE(g.set_position(x, {0, 0}));
  REQUIRE(g.set_position(f, {340, -50.5f}));
  doc.title = "f = (x+y)\u00b7z";
  doc.view = View{{12.5f, -3}, 1.25f};
  return doc;
}

void check_round_trip(const Document& doc) {
  const std::string text = save_document(doc);
  Result<Document> loaded = load_document(text);
  REQUIRE_MESSAGE(loaded, loaded.reason() << "\n" << text);
  CHECK(*loaded == doc);
  CHECK(save_document(*loaded) == text);  // the text is a fixed point too
}

// A refusal whose reason contains every one of `parts` (the problem and its place).
void check_refused(const std::string& text, std::initializer_list<std::string_view> parts) {
  CAPTURE(text);
  Result<Document> loaded = load_document(text);
  REQUIRE_FALSE(loaded);
  CAPTURE(loaded.reason());
  for (std::string_view part : parts) CHECK(loaded.reason().find(part) != std::string::npos);
  CHECK(loaded.reason().find('\n') == std::string::npos);
}

// A document around a list of node lines.
std::string document_with(const std::string& nodes, const std::string& extra = "") {
  return R"({"format": "gradflow-graph", "version": 1, "nodes": [)" + nodes + "]" + extra + "}";
}

// A random graph built through the edit API: every op, unconnected pins, holes, names, unset
// input values, positions and awkward numbers.
Document random_document(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const double awkward[] = {
      0.1,     1e-300,      -0.0, 9007199254740993.0, 5e-324, 1.7976931348623157e308, -1.5e-10,
      1.0 / 3, 123456789.0, 2.5};
  const float awkward_floats[] = {0.1f, -0.0f, 1e-38f, 3.4e38f, 16777217.0f, 1.0f / 3, -250.25f};
  auto pick_number = [&] { return awkward[rng() % std::size(awkward)]; };
  auto pick_float = [&] {
    return rng() % 2 ? awkward_floats[rng() % std::size(awkward_floats)]
                     : std::uniform_real_distribution<float>(-5000, 5000)(rng);
  };
  Document doc;
  Graph& g = doc.graph;
  const int node_count = 1 + static_cast<int>(rng() % 60);
  for (int i = 0; i < node_count; ++i) {
    const auto op = static_cast<Op>(rng() % kOpCount);
    std::string name;
    if (op == Op::Input || rng() % 4 == 0) name = g.unused_name(op == Op::Input ? "in" : "n");
    const bool with_value = rng() % 3 != 0;
    // An input without a value holds 0 (what clear_value leaves), so equality is meaningful.
    const double param = op == Op::Input && !with_value ? 0 : pick_number();
    const NodeId id = *g.add_node(op, name, param, with_value);
    for (int pin = 0; pin < arity(op) && id > 0; ++pin)
      if (rng() % 5 != 0) (void)g.connect(static_cast<NodeId>(rng() % id), id, pin);
    if (rng() % 2) REQUIRE(g.set_position(id, {pick_float(), pick_float()}));
  }
  for (int removed = 0; removed < node_count / 4; ++removed)
    (void)g.remove_node(static_cast<NodeId>(rng() % g.id_limit()));
  if (g.node_count() > 0 && rng() % 3 != 0) {
    const std::vector<NodeId> ids = g.node_ids();
    REQUIRE(g.set_output(ids[rng() % ids.size()]));
  }
  if (rng() % 2) doc.title = "random graph #" + std::to_string(seed) + " \u2014 \"quoted\"\n";
  if (rng() % 2)
    doc.view = View{{pick_float(), pick_float()}, 0.25f + static_cast<float>(rng() % 8)};
  return doc;
}

// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gradflow-doc-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path, ignored);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  // Anything left behind, such as a temporary file.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// [SECTION] Round trips and the format as written

TEST_CASE("doc: the example document is written in the documented format") {
  const std::string text = save_document(example_document());
  CHECK(text ==
        "{\n"
        "  \"format\": \"gradflow-graph\",\n"
        "  \"version\": 1,\n"
        "  \"title\": \"f = (x+y)\u00b7z\",\n"
        "  \"nodes\": [\n"
        "    {\"id\":0,\"op\":\"input\",\"name\":\"x\",\"value\":-2,\"pos\":[0,0]},\n"
        "    {\"id\":1,\"op\":\"input\",\"name\":\"y\",\"value\":5},\n"
        "    {\"id\":2,\"op\":\"input\",\"name\":\"z\",\"value\":-4},\n"
        "    {\"id\":4,\"op\":\"add\",\"name\":\"q\",\"inputs\":[0,1]},\n"
        "    {\"id\":5,\"op\":\"mul\",\"inputs\":[4,2],\"pos\":[340,-50.5]}\n"
        "  ],\n"
        "  \"output\": 5,\n"
        "  \"view\": {\"pan\": [12.5, -3], \"zoom\": 1.25}\n"
        "}\n");
  check_round_trip(example_document());
}

TEST_CASE("doc: round trips of small documents") {
  check_round_trip(Document{});
  Document titled;
  titled.title = "only a title, with \"quotes\", a tab\t and \u03c3";
  check_round_trip(titled);
  Document unset;
  REQUIRE(unset.graph.add_node_at(700, Op::Input, "later"));  // no value yet, a big hole
  REQUIRE(unset.graph.add_node_at(3, Op::Pow, "", 0.5));      // a gate with its pin open
  REQUIRE(unset.graph.add_node_at(9, Op::Const, "", -0.0));
  unset.view = View{};
  check_round_trip(unset);
  const std::string text = save_document(unset);
  CHECK(text.find(R"({"id":3,"op":"pow","inputs":[null],"exponent":0.5})") != text.npos);
  CHECK(text.find(R"({"id":700,"op":"input","name":"later"})") != text.npos);
  CHECK(text.find(R"("value":-0.0)") != text.npos);
  Result<Document> loaded = load_document(text);
  REQUIRE(loaded);
  CHECK(std::signbit(loaded->graph.param(9)));
  CHECK_FALSE(loaded->graph.has_value(700));
}

TEST_CASE("doc: awkward numbers come back bit for bit") {
  const double numbers[] = {0.1,
                            1e-300,
                            9007199254740993.0,
                            9007199254740992.0 * 1024,
                            5e-324,
                            -1.7976931348623157e308,
                            1.0 / 3,
                            -123456789012345.678};
  for (double number : numbers) {
    CAPTURE(number);
    Document doc;
    REQUIRE(doc.graph.add_node(Op::Const, "", number));
    Result<Document> loaded = load_document(save_document(doc));
    REQUIRE(loaded);
    const double read_back = loaded->graph.param(0);
    CHECK(std::memcmp(&number, &read_back, sizeof number) == 0);
  }
}

TEST_CASE("doc: random graphs built with the edit API round-trip exactly") {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    check_round_trip(random_document(seed));
  }
}

TEST_CASE("doc: floats in positions survive decimal text exactly") {
  std::mt19937 rng(7);
  Document doc;
  NodeId id = *doc.graph.add_node(Op::Const, "", 1);
  for (int i = 0; i < 20000; ++i) {
    std::uint32_t bits = rng();
    float x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    REQUIRE(doc.graph.set_position(id, {x, -x}));
    Result<Document> loaded = load_document(save_document(doc));
    REQUIRE(loaded);
    const Vec2 read_back = loaded->graph.position(id);
    REQUIRE(std::memcmp(&read_back.x, &x, sizeof x) == 0);
    REQUIRE(read_back.y == -x);
  }
}

TEST_CASE("doc: the hand-written example of the format loads as meant") {
  Result<Document> loaded = load_document(R"({
    "format": "gradflow-graph",
    "version": 1,
    "title": "f = (x+y)·z",
    "nodes": [
      {"id": 0, "op": "input", "name": "x", "value": -2, "pos": [0, 0]},
      {"id": 1, "op": "input", "name": "y"},
      {"id": 3, "op": "add", "inputs": [0, 1], "name": "q"},
      {"id": 4, "op": "pow", "inputs": [3], "exponent": 2},
      {"id": 5, "op": "const", "value": 1},
      {"id": 6, "op": "mul", "inputs": [3, null]}
    ],
    "output": 4,
    "view": {"pan": [0, 0], "zoom": 1}
  })");
  REQUIRE_MESSAGE(loaded, loaded.reason());
  const Graph& g = loaded->graph;
  CHECK(loaded->title == "f = (x+y)\u00b7z");
  CHECK(g.node_count() == 6);
  CHECK_FALSE(g.contains(2));
  CHECK(g.has_value(0));
  CHECK(g.param(0) == -2);
  CHECK(g.has_position(0));
  CHECK_FALSE(g.has_value(1));
  CHECK_FALSE(g.has_position(1));
  CHECK(g.name(3) == "q");
  CHECK(g.inputs(3) == std::array<NodeId, 2>{0, 1});
  CHECK(g.op(4) == Op::Pow);
  CHECK(g.param(4) == 2);
  CHECK(g.param(5) == 1);
  CHECK(g.inputs(6) == std::array<NodeId, 2>{3, kNoNode});
  CHECK(g.output() == 4);
  REQUIRE(loaded->view);
  CHECK(*loaded->view == View{});
  // y has no value yet, so evaluation says so instead of guessing.
  Result<Evaluation> ev = evaluate(g);
  REQUIRE_FALSE(ev);
  CHECK(ev.reason().find("'y' has no value") != std::string::npos);
  Graph with_y = g;
  REQUIRE(with_y.set_param(1, 5));
  ev = evaluate(with_y);
  REQUIRE(ev);
  CHECK(ev->value[4] == 9);
}

// [SECTION] Strict loading: every refusal names the problem and its place

TEST_CASE("doc: not JSON, not a document, wrong format or version") {
  check_refused("", {"not valid JSON", "unexpected end of input", "byte"});
  check_refused(R"({"format": "gradflow-graph", )", {"not valid JSON", "line 1", "byte"});
  check_refused(document_with("") + " trailing", {"not valid JSON"});
  check_refused(document_with("") + " // a comment", {"not valid JSON"});
  check_refused("[1, 2]", {"top level must be an object", "an array"});
  check_refused(R"({"version": 1, "nodes": []})", {"not a gradflow document", "\"format\""});
  check_refused(R"({"format": "gradflow-grpah", "version": 1, "nodes": []})",
                {"not a gradflow document", "'gradflow-grpah'"});
  check_refused(R"({"format": 3, "version": 1, "nodes": []})", {"\"format\" is the number 3"});
  check_refused(R"({"format": "gradflow-graph", "nodes": []})", {"\"version\" is missing"});
  check_refused(R"({"format": "gradflow-graph", "version": "1", "nodes": []})",
                {"\"version\" must be an integer, not a string"});
  Result<Document> future =
      load_document(R"({"format": "gradflow-graph", "version": 2, "nodes": [], "new": 1})");
  REQUIRE_FALSE(future);
  CHECK(future.reason() == "version 2 is not supported (this gradflow reads version 1)");
  check_refused(R"({"format": "gradflow-graph", "version": 1})", {"\"nodes\" is missing"});
  check_refused(R"({"format": "gradflow-graph", "version": 1, "nodes": {}})",
                {"\"nodes\" must be an array, not an object"});
}

TEST_CASE("doc: unknown and repeated fields are refused, wherever they are") {
  check_refused(document_with("", R"(, "nodse": [])"),
                {"at the top level", "unknown field 'nodse'", "format, version, title"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "x", "vaule": 1})"),
                {"nodes[0] (id 0): unknown field 'vaule'", "an input node has", "value"});
  check_refused(
      document_with(R"({"id": 0, "op": "add", "value": 1})"),
      {"nodes[0] (id 0): unknown field 'value'", "an add node has: id, op, name, inputs, pos)"});
  check_refused(document_with("", R"(, "view": {"zoom": 1, "pna": [0, 0]})"),
                {"view: unknown field 'pna'"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "x"},
                                 {"id": 1, "id": 2, "op": "const", "value": 1})"),
                {"nodes[1]: the field 'id' appears twice"});
  check_refused(R"({"format": "gradflow-graph", "version": 1, "version": 1, "nodes": []})",
                {"at the top level", "'version' appears twice"});
  check_refused(document_with("", R"(, "view": {"zoom": 1, "zoom": 2})"),
                {"view: the field 'zoom' appears twice"});
}

TEST_CASE("doc: wrong types name the field") {
  check_refused(document_with("5"), {"nodes[0] must be an object, not the number 5"});
  check_refused(document_with(R"({"id": "0", "op": "const", "value": 1})"),
                {"nodes[0]: \"id\" must be a non-negative integer, not a string"});
  check_refused(document_with(R"({"id": 1.5, "op": "const", "value": 1})"),
                {"nodes[0]: \"id\" must be a non-negative integer, not the number 1.5"});
  check_refused(document_with(R"({"id": -1, "op": "const", "value": 1})"),
                {"nodes[0]: \"id\" must be a non-negative integer, not the number -1"});
  check_refused(document_with(R"({"op": "const", "value": 1})"), {"nodes[0]: \"id\" is missing"});
  check_refused(document_with(R"({"id": 4, "value": 1})"), {"nodes[0] (id 4): \"op\" is missing"});
  check_refused(document_with(R"({"id": 4, "op": null})"),
                {"nodes[0] (id 4): \"op\" must be a string, not null"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": 5})"),
                {"nodes[0] (id 0): \"name\" must be a string, not the number 5"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": "1"})"),
                {"nodes[0] (id 0): \"value\" must be a number, not a string"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": true})"),
                {"nodes[0] (id 0): \"value\" must be a number, not true"});
  check_refused(document_with(R"({"id": 0, "op": "neg", "inputs": 3})"),
                {"nodes[0] (id 0): \"inputs\" must be an array, not the number 3"});
  check_refused(
      document_with(
          R"({"id": 0, "op": "const", "value": 1}, {"id": 1, "op": "neg", "inputs": ["0"]})"),
      {"nodes[1] (id 1): \"inputs\"[0] must be a node id or null, not a string"});
  check_refused(
      document_with(R"({"id": 0, "op": "const", "value": 1, "pos": [1]})"),
      {"nodes[0] (id 0): \"pos\" must be an array of two numbers [x, y], not an array of 1"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": 1, "pos": [1, "2"]})"),
                {"nodes[0] (id 0): \"pos\"[1] must be a number, not a string"});
  check_refused(document_with("", R"(, "title": ["t"])"),
                {"\"title\" must be a string, not an array"});
  check_refused(document_with("", R"(, "output": "4")"),
                {"\"output\" must be a node id or null, not a string"});
  check_refused(document_with("", R"(, "view": [1])"),
                {"\"view\" must be an object, not an array"});
  check_refused(document_with("", R"(, "view": {"zoom": 0})"),
                {"view: \"zoom\" must be greater than 0"});
  check_refused(document_with("", R"(, "view": {"pan": [0, null]})"),
                {"view: \"pan\"[1] must be a number, not null"});
}

TEST_CASE("doc: unknown ops, duplicate ids, missing parameters") {
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a"},
                                 {"id": 1, "op": "input", "name": "b"},
                                 {"id": 2, "op": "add", "inputs": [0, 1]},
                                 {"id": 7, "op": "foo", "inputs": [2]})"),
                {"nodes[3] (id 7): unknown op 'foo'"});
  check_refused(document_with(R"({"id": 0, "op": "Add"})"), {"nodes[0] (id 0): unknown op 'Add'"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a"},
                                 {"id": 0, "op": "const", "value": 1})"),
                {"nodes[1] (id 0): id 0 is already used by nodes[0]"});
  check_refused(document_with(R"({"id": 0, "op": "const"})"),
                {"nodes[0] (id 0): a const needs \"value\""});
  check_refused(document_with(R"({"id": 0, "op": "pow", "inputs": [null]})"),
                {"nodes[0] (id 0): a pow needs \"exponent\""});
  // Parameter names come from the op table, not from a list in the loader.
  for (const OpInfo& info : kOps) {
    if (info.param_name.empty() || info.op == Op::Input) continue;
    const std::string inputs = info.arity == 0 ? "" : R"(, "inputs": [null])";
    check_refused(
        document_with(R"({"id": 0, "op": ")" + std::string(info.name) + "\"" + inputs + "}"),
        {"needs \"" + std::string(info.param_name) + "\""});
  }
}

TEST_CASE("doc: ids out of range, dangling wires, wrong arity") {
  check_refused(document_with(R"({"id": 1048576, "op": "const", "value": 1})"),
                {"nodes[0]: id 1048576 is too large", "below 1048576"});
  check_refused(document_with(R"({"id": 99999999999999999999, "op": "const", "value": 1})"),
                {"nodes[0]: \"id\" must be a non-negative integer, not the number 1e+20"});
  check_refused(document_with(R"({"id": 9223372036854775807, "op": "const", "value": 1})"),
                {"nodes[0]: id 9223372036854775807 is too large"});
  CHECK(load_document(document_with(R"({"id": 1023, "op": "const", "value": 1})")));
  check_refused(
      document_with(R"({"id": 0, "op": "input", "name": "a"},
                                 {"id": 1, "op": "neg", "inputs": [9]})"),
      {"nodes[1] (id 1): \"inputs\"[0] refers to id 9, which is not a node in this file"});
  check_refused(document_with(R"({"id": 1, "op": "neg", "inputs": [-3]})"),
                {"nodes[0] (id 1): \"inputs\"[0] refers to id -3"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a"})", R"(, "output": 3)"),
                {"\"output\" refers to id 3, which is not a node in this file"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a"},
                                 {"id": 5, "op": "add", "inputs": [0]})"),
                {"nodes[1] (id 5): \"inputs\" has 1 entry, but an add has 2 input pins",
                 "null for an unconnected pin"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a"},
                                 {"id": 5, "op": "exp", "inputs": [0, 0]})"),
                {"nodes[1] (id 5): \"inputs\" has 2 entries, but an exp has 1 input pin"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a", "inputs": [null]})"),
                {"nodes[0] (id 0): \"inputs\" has 1 entry, but an input has no input pins"});
  // A wire may come from a later node; omitted inputs leave the pins open.
  Result<Document> forward = load_document(document_with(
      R"({"id": 2, "op": "mul", "inputs": [0, 1]}, {"id": 0, "op": "input", "name": "a"},
         {"id": 1, "op": "const", "value": 3}, {"id": 3, "op": "max"},
         {"id": 4, "op": "const", "value": 1, "inputs": []})"));
  REQUIRE_MESSAGE(forward, forward.reason());
  CHECK(forward->graph.inputs(2) == std::array<NodeId, 2>{0, 1});
  CHECK(forward->graph.inputs(3) == std::array<NodeId, 2>{kNoNode, kNoNode});
}

TEST_CASE("doc: cycles are refused, naming the wire and the nodes on the loop") {
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "x"},
                                 {"id": 1, "op": "add", "inputs": [0, 2]},
                                 {"id": 2, "op": "neg", "inputs": [1]})"),
                {"nodes[1] (id 1): \"inputs\"[1] makes a cycle",
                 "node 1 (add) \u2192 node 2 (neg) \u2192 node 1 (add)"});
  check_refused(document_with(R"({"id": 4, "op": "neg", "inputs": [4]})"),
                {"nodes[0] (id 4): \"inputs\"[0] is the node itself"});
  // A long loop is listed in part; a cycle hanging off a healthy part of the graph is found.
  std::string nodes =
      R"({"id": 0, "op": "input", "name": "x"}, {"id": 1, "op": "add", "inputs": [0, 40]})";
  for (int id = 2; id <= 40; ++id)
    nodes += R"(, {"id": )" + std::to_string(id) + R"(, "op": "neg", "inputs": [)" +
             std::to_string(id - 1) + "]}";
  check_refused(document_with(nodes),
                {"nodes[1] (id 1): \"inputs\"[1] makes a cycle", "node 1 (add) \u2192 node 2 (neg)",
                 "\u2026", "node 40 (neg) \u2192 node 1 (add)"});
}

TEST_CASE("doc: non-finite and out-of-range numbers are refused") {
  check_refused(document_with(R"({"id": 0, "op": "const", "value": 1e999})"),
                {"nodes[0].value: the number 1e999 is too large (numbers must be finite)"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": -1e999})"),
                {"nodes[0].value: the number -1e999 is too large"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": NaN})"), {"not valid JSON"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": Infinity})"),
                {"not valid JSON"});
  check_refused(document_with(R"({"id": 0, "op": "pow", "exponent": 1e400, "inputs": [null]})"),
                {"nodes[0].exponent: the number 1e400 is too large"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": 1, "pos": [0, -1e999]})"),
                {"nodes[0].pos[1]: the number -1e999 is too large"});
  check_refused(document_with("", R"(, "view": {"pan": [1e999, 0]})"),
                {"view.pan[0]: the number 1e999 is too large"});
  check_refused("1e999", {"at the top level: the number 1e999 is too large"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": 1, "pos": [0, 1e39]})"),
                {"nodes[0] (id 0): \"pos\"[1] is too large"});
  check_refused(document_with("", R"(, "view": {"zoom": 1e300})"), {"view: \"zoom\" is too large"});
  // A number too small for a double would silently become 0: refused, as the expression parser
  // refuses it. The smallest subnormal and the many spellings of zero are numbers.
  check_refused(document_with(R"({"id": 0, "op": "const", "value": 1e-400})"),
                {"nodes[0].value: the number 1e-400 is too small (it would become 0; the "
                 "smallest is about 5e-324)"});
  check_refused(document_with(R"({"id": 0, "op": "const", "value": 1, "pos": [-2.5e-999, 0]})"),
                {"nodes[0].pos[0]: the number -2.5e-999 is too small"});
  for (const char* number : {"4.9406564584124654e-324", "0.0", "-0.0", "0e-999", "0.000E+5"}) {
    CAPTURE(number);
    Result<Document> kept = load_document(
        document_with(std::string(R"({"id": 0, "op": "const", "value": )") + number + "}"));
    REQUIRE(kept);
    CHECK(kept->graph.param(0) == std::strtod(number, nullptr));
  }
}

TEST_CASE("doc: names are validated by the graph, with the place in front") {
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "2x"})"),
                {"nodes[0] (id 0): '2x' is not a valid name"});
  check_refused(document_with(R"({"id": 0, "op": "input"})"),
                {"nodes[0] (id 0): an input needs a name"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": ""})"),
                {"nodes[0] (id 0): an input needs a name"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "x"},
                                 {"id": 3, "op": "const", "value": 1, "name": "x"})"),
                {"nodes[1] (id 3): the name 'x' is already used by node 0 (input x)"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "x y"})"),
                {"nodes[0] (id 0): 'x y' is not a valid name"});
  check_refused(document_with(R"({"id": 0, "op": "input", "name": "a\nb"})"),
                {"nodes[0] (id 0): 'a\\x0ab' is not a valid name"});
}

// [SECTION] Hostile inputs

// A node's name and its op are separate fields, so a name that is also a gate's name ("exp",
// or "softplus" as the lab names a loss node) loads: a gate added to the op table later cannot
// make an existing file stop loading. Only expression text reserves the gates' names, so the
// expression bar gets no text for such a graph rather than one it would refuse.
TEST_CASE("doc: nodes named like gates load, save and evaluate; no expression text for them") {
  const std::string text = document_with(R"({"id": 0, "op": "input", "name": "exp", "value": 2},
      {"id": 1, "op": "sigmoid", "name": "softplus", "inputs": [0]})",
                                         R"(, "output": 1)");
  Result<Document> loaded = load_document(text);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(loaded->graph.name(0) == "exp");
  CHECK(loaded->graph.find_name("softplus") == 1);
  check_round_trip(*loaded);
  CHECK(expression_text(loaded->graph).empty());  // "sigmoid(exp)" would read exp as a call
  Document renamed = *loaded;
  REQUIRE(renamed.graph.rename(0, "x"));
  CHECK(expression_text(renamed.graph) == "sigmoid(x)");
}

TEST_CASE("doc: deep nesting is refused before any JSON parsing") {
  check_refused(std::string(100000, '['), {"nest deeper than 64 levels", "byte 64"});
  check_refused(std::string(50000, '{'), {"nest deeper than 64"});
  std::string nested = document_with("", R"(, "title": )");
  nested.pop_back();
  check_refused(nested + std::string(70, '[') + std::string(70, ']') + "}", {"nest deeper"});
  // Brackets inside strings are text, not nesting.
  Document doc;
  doc.title = std::string(1000, '[') + "\\\"" + std::string(1000, '{');
  check_round_trip(doc);
}

TEST_CASE("doc: huge strings load or are refused with a short message") {
  const std::string huge(10 << 20, 'a');
  Document titled;
  titled.title = huge;
  check_round_trip(titled);

  for (const std::string& node :
       {R"({"id": 0, "op": ")" + huge + R"("})",
        R"({"id": 0, "op": "input", "name": ")" + huge + R"("})",
        R"({"id": 0, "op": "input", "name": "x", ")" + huge + R"(": 1})"}) {
    Result<Document> loaded = load_document(document_with(node));
    REQUIRE_FALSE(loaded);
    CHECK(loaded.reason().size() < 700);
    CHECK(loaded.reason().rfind("nodes[0]", 0) == 0);
    CAPTURE(loaded.reason());
    CHECK(loaded.reason().find("'aaaa") != std::string::npos);  // shortened, by us or the graph
  }
}

TEST_CASE("doc: invalid UTF-8 is refused, and the message stays valid text") {
  const std::string bad = document_with("{\"id\": 0, \"op\": \"input\", \"name\": \"x\xff\xfe\"}");
  Result<Document> loaded = load_document(bad);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.reason().find("not valid JSON") != std::string::npos);
  CHECK(loaded.reason().find("UTF-8") != std::string::npos);
  CHECK(loaded.reason().find('\xff') == std::string::npos);
  check_refused(document_with("{\"id\": 0, \"op\": \"\xc3\"}"), {"not valid JSON"});
  // Valid UTF-8 outside a name is fine.
  Result<Document> titled = load_document(document_with("", ", \"title\": \"\xce\xb1\xce\xb2\""));
  REQUIRE(titled);
  CHECK(titled->title == "\u03b1\u03b2");
}

TEST_CASE("doc: size limits on the text and the number of nodes") {
  std::string too_long = document_with("", R"(, "title": ")");
  too_long.pop_back();
  too_long += std::string(kMaxDocumentBytes, ' ') + "\"}";
  check_refused(too_long,
                {"gradflow reads at most " + std::to_string(kMaxDocumentBytes >> 20) + " MiB"});

  std::string many = R"({"format": "gradflow-graph", "version": 1, "nodes": [0)";
  for (std::size_t i = 0; i < kMaxDocumentNodes; ++i) many += ",0";
  check_refused(many + "]}", {"the document has 2000001 nodes; gradflow reads at most 2000000"});
}

// [SECTION] Files

TEST_CASE("doc: files round-trip, and the temporary file is gone") {
  TempDir dir;
  const std::string path = dir.file("example.json");
  REQUIRE(save_document_file(example_document(), path));
  CHECK(read_text(path) == save_document(example_document()));
  Result<Document> loaded = load_document_file(path);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(*loaded == example_document());
  CHECK(dir.entries() == std::vector<std::string>{"example.json"});

  // Replacing keeps the old file's permissions.
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  Document changed = example_document();
  changed.title = "changed";
  REQUIRE(save_document_file(changed, path));
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
  CHECK(load_document_file(path)->title == "changed");
}

TEST_CASE("doc: loading a file that is missing, a directory or invalid says which file") {
  TempDir dir;
  const std::string missing = dir.file("missing.json");
  Result<Document> loaded = load_document_file(missing);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.reason().rfind(missing + ": ", 0) == 0);
  CHECK(loaded.reason().find("No such file") != std::string::npos);

  loaded = load_document_file(dir.path.string());
  REQUIRE_FALSE(loaded);
  CHECK(loaded.reason() == dir.path.string() + ": is a directory, not a document");

  const std::string bad = dir.file("bad.json");
  std::ofstream(bad) << document_with(R"({"id": 0, "op": "foo"})");
  loaded = load_document_file(bad);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.reason() == bad + ": nodes[0] (id 0): unknown op 'foo'");
}

TEST_CASE("doc: a failed save leaves the old file intact and no temporary file") {
  TempDir dir;
  const std::string path = dir.file("graph.json");
  REQUIRE(save_document_file(example_document(), path));
  const std::string old_text = read_text(path);
  Document changed = example_document();
  changed.title = "never written";

  SUBCASE("the path is a directory") {
    const std::string sub = dir.file("sub");
    REQUIRE(std::filesystem::create_directory(sub));
    std::ofstream(dir.file("sub/inside.json")) << "keep";
    Status status = save_document_file(changed, sub);
    REQUIRE_FALSE(status);
    CHECK(status.reason().rfind(sub + ": ", 0) == 0);
    CHECK(std::filesystem::is_directory(sub));
    CHECK(read_text(dir.file("sub/inside.json")) == "keep");
    CHECK(dir.entries() == std::vector<std::string>{"graph.json", "sub"});
  }
  SUBCASE("the destination is a FIFO: refused, nothing created") {
    const std::string fifo = dir.file("pipe.json");
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    Status status = save_document_file(changed, fifo);
    REQUIRE_FALSE(status);
    CHECK(status.reason() == fifo + ": is a FIFO (named pipe), not a file gradflow replaces");
    CHECK(dir.entries() == std::vector<std::string>{"graph.json", "pipe.json"});
  }
  SUBCASE("the directory is not writable") {
    REQUIRE(::chmod(dir.path.c_str(), 0555) == 0);
    const bool still_writable = ::access(dir.path.c_str(), W_OK) == 0;  // root ignores modes
    Status status = save_document_file(changed, path);
    if (still_writable) {
      MESSAGE("running as root: the directory stays writable; this case is not checked");
      REQUIRE(::chmod(dir.path.c_str(), 0755) == 0);
    } else {
      REQUIRE_FALSE(status);
      CHECK(status.reason().find("Permission denied") != std::string::npos);
      REQUIRE(::chmod(dir.path.c_str(), 0755) == 0);
      CHECK(read_text(path) == old_text);
      CHECK(dir.entries() == std::vector<std::string>{"graph.json"});
    }
  }
  SUBCASE("the parent directory does not exist") {
    Status status = save_document_file(changed, dir.file("no/such/dir/graph.json"));
    REQUIRE_FALSE(status);
    CHECK(status.reason().find("No such file or directory") != std::string::npos);
  }
}

TEST_CASE("doc: a long-edited document with many deleted nodes saves and loads again") {
  gf::Document doc;
  for (int i = 0; i < 3000; ++i) doc.graph.add_node(gf::Op::Const, "", i);
  for (gf::NodeId id = 0; id < 2990; ++id) REQUIRE(doc.graph.remove_node(id));
  gf::Result<gf::Document> loaded = gf::load_document(gf::save_document(doc));
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(*loaded == doc);
}

TEST_CASE("doc: an input added without a value round-trips") {
  gf::Document doc;
  REQUIRE(doc.graph.add_node(gf::Op::Input, "x", 5.0, false));
  gf::Result<gf::Document> loaded = gf::load_document(gf::save_document(doc));
  REQUIRE(loaded);
  CHECK(*loaded == doc);
}

// [SECTION] Safe writing: temporary files, links

TEST_CASE(
    "doc: a link placed at the old predictable temporary name is neither followed nor removed") {
  TempDir dir;
  const std::string path = dir.file("out.json");
  const std::string victim = dir.file("victim.txt");
  std::ofstream(victim) << "precious";
  // The name the writer used to take (PATH.tmp-<pid>), and a FIFO would-be blocker beside it.
  const std::string trap = path + ".tmp-" + std::to_string(::getpid());
  REQUIRE(::symlink(victim.c_str(), trap.c_str()) == 0);
  REQUIRE(save_document_file(example_document(), path));
  CHECK(read_text(victim) == "precious");
  CHECK(std::filesystem::is_symlink(trap));
  CHECK(read_text(path) == save_document(example_document()));
  CHECK(dir.entries() == std::vector<std::string>{"out.json",
                                                  "out.json.tmp-" + std::to_string(::getpid()),
                                                  "victim.txt"});
}

TEST_CASE("doc: saving through a symbolic link updates its target and keeps the link") {
  TempDir dir;
  REQUIRE(std::filesystem::create_directory(dir.file("real")));
  const std::string target = dir.file("real/graph.json");
  std::ofstream(target) << "old";
  REQUIRE(::chmod(target.c_str(), 0640) == 0);
  const std::string link = dir.file("link.json");
  REQUIRE(::symlink("real/graph.json", link.c_str()) == 0);  // relative, as `ln -s` makes
  const std::string chained = dir.file("chained.json");
  REQUIRE(::symlink(link.c_str(), chained.c_str()) == 0);  // a link to the link

  Document doc = example_document();
  REQUIRE(save_document_file(doc, link));
  CHECK(std::filesystem::is_symlink(link));
  CHECK(std::filesystem::read_symlink(link) == "real/graph.json");
  CHECK(read_text(target) == save_document(doc));
  struct stat info {};
  REQUIRE(::stat(target.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);  // the target's permissions are kept

  doc.title = "through two links";
  REQUIRE(save_document_file(doc, chained));
  CHECK(std::filesystem::is_symlink(chained));
  CHECK(std::filesystem::is_symlink(link));
  CHECK(load_document_file(target)->title == "through two links");
  CHECK(load_document_file(chained)->title == "through two links");
  // Nothing else is left in either directory.
  CHECK(dir.entries() == std::vector<std::string>{"chained.json", "link.json", "real"});
  std::vector<std::string> real_entries;
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("real")))
    real_entries.push_back(entry.path().filename().string());
  CHECK(real_entries == std::vector<std::string>{"graph.json"});
}

TEST_CASE("doc: saving through a dangling link creates the file it names") {
  TempDir dir;
  const std::string link = dir.file("link.json");
  REQUIRE(::symlink("new.json", link.c_str()) == 0);
  REQUIRE(save_document_file(example_document(), link));
  CHECK(std::filesystem::is_symlink(link));
  CHECK(read_text(dir.file("new.json")) == save_document(example_document()));

  const std::string loop = dir.file("loop.json");
  REQUIRE(::symlink("loop.json", loop.c_str()) == 0);
  Status status = save_document_file(example_document(), loop);
  REQUIRE_FALSE(status);
  CHECK(status.reason().rfind(loop + ": ", 0) == 0);
  CHECK(status.reason().find("symbolic links") != std::string::npos);
}

TEST_CASE("doc: a FIFO, a device or a directory is refused at once, never waited on") {
  TempDir dir;
  const std::string fifo = dir.file("pipe.json");
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  Result<Document> loaded = load_document_file(fifo);  // would block forever without a writer
  REQUIRE_FALSE(loaded);
  CHECK(loaded.reason() == fifo + ": is a FIFO (named pipe), not a document");
  loaded = load_document_file("/dev/zero");  // endless: never read
  REQUIRE_FALSE(loaded);
  CHECK(loaded.reason() == "/dev/zero: is a device, not a document");
  Result<std::string> text = read_file_text(fifo, 100, "a session file");
  REQUIRE_FALSE(text);
  CHECK(text.reason() == fifo + ": is a FIFO (named pipe), not a session file");
}

// [SECTION] The writer's and the reader's limits agree

TEST_CASE("doc: the writer's limits are the reader's") {
  CHECK(check_document_size(kMaxDocumentBytes, kMaxDocumentNodes));
  Status too_many = check_document_size(10, kMaxDocumentNodes + 1);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.reason() == "the document has " + std::to_string(kMaxDocumentNodes + 1) +
                                 " nodes, more than the " + std::to_string(kMaxDocumentNodes) +
                                 " gradflow reads back; nothing was written");
  CHECK_FALSE(check_document_size(kMaxDocumentBytes + 1, 1));
}

// Texts of the limit's size: only in optimised builds (about 600 MB; sanitizers are too slow).
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
TEST_CASE("doc: what the writer writes the reader reads: the largest text, and one byte more") {
  TempDir dir;
  const std::string path = dir.file("big.json");
  Document doc;
  doc.title = "t";
  const std::size_t frame = save_document(doc).size() - 1;  // everything but the title's text
  doc.title.assign(kMaxDocumentBytes - frame, 't');
  REQUIRE(save_document(doc).size() == kMaxDocumentBytes);
  REQUIRE(save_document_file(doc, path));
  Result<Document> loaded = load_document_file(path);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(loaded->title.size() == doc.title.size());

  doc.title += 't';
  Status refused = save_document_file(doc, path);
  REQUIRE_FALSE(refused);
  CHECK(refused.reason() == path + ": the document would be " +
                                std::to_string(kMaxDocumentBytes + 1) + " bytes, more than the " +
                                std::to_string(kMaxDocumentBytes >> 20) +
                                " MiB gradflow reads back; nothing was written");
  CHECK(load_document_file(path)->title.size() == kMaxDocumentBytes - frame);  // the old file
  CHECK(dir.entries() == std::vector<std::string>{"big.json"});
}

// A million nodes in a chain, laid out as convert and the editor lay them out: the file must fit
// well within the read limit, and read back exactly.
TEST_CASE("doc: a chain of a million laid-out nodes is written compactly and reads back") {
  constexpr int kNodes = 1'000'000;
  Document doc;
  Graph& g = doc.graph;
  NodeId previous = *g.add_node(Op::Input, "x", 0.5, true);
  for (int i = 1; i < kNodes; ++i)
    previous = add_gate(g, i % 2 ? Op::Neg : Op::Add, previous, i % 2 ? kNoNode : 0);
  auto_layout(g);
  REQUIRE(g.set_output(previous));
  const std::string text = save_document(doc);
  const double bytes_per_node = static_cast<double>(text.size()) / kNodes;
  MESSAGE("bytes per node: " << bytes_per_node);
  CHECK(text.size() < kMaxDocumentBytes * 2 / 3);  // comfortably: a third to spare
  TempDir dir;
  REQUIRE(save_document_file(doc, dir.file("chain.json")));
  Result<Document> loaded = load_document_file(dir.file("chain.json"));
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(*loaded == doc);
}
#endif
