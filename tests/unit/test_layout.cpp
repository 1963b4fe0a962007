// Automatic layout: left to right by layer, spacing respected, deterministic, fewer crossings
// than id order, subsets placed in their own block, and fast on big graphs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <random>

#include "expr.hpp"
#include "layout.hpp"

using namespace gf;

namespace {

NodeId input(Graph& g, const std::string& name) { return *g.add_node(Op::Input, name, 1, true); }
// "x" + number, built by appending (g++ 12 warns falsely on "x" + std::to_string(n), -Wrestrict).
std::string numbered(const char* prefix, int number) {
  std::string name = prefix;
  name += std::to_string(number);
  return name;
}
NodeId constant(Graph& g, double value) { return *g.add_node(Op::Const, "", value); }
NodeId gate(Graph& g, Op op, NodeId a, NodeId b = kNoNode, double param = 0) {
  NodeId id = *g.add_node(op, "", param);
  REQUIRE(g.connect(a, id, 0));
  if (b != kNoNode) REQUIRE(g.connect(b, id, 1));
  return id;
}

// DESIGN.md example 2: the sigmoid neuron in expanded gates, 1/(1+exp(-(w0·x0+w1·x1+w2))).
// (Built one statement at a time: argument evaluation order would make the ids vary.)
struct Neuron {
  Graph graph;
  NodeId neg, exp, one, plus_one, inv;
};
Neuron sigmoid_neuron() {
  Neuron n;
  Graph& g = n.graph;
  NodeId w0 = input(g, "w0"), x0 = input(g, "x0"), w1 = input(g, "w1"), x1 = input(g, "x1");
  NodeId w2 = input(g, "w2");
  NodeId product0 = gate(g, Op::Mul, w0, x0);
  NodeId product1 = gate(g, Op::Mul, w1, x1);
  NodeId sum = gate(g, Op::Add, product0, product1);
  NodeId dot = gate(g, Op::Add, sum, w2);
  n.neg = gate(g, Op::Neg, dot);
  n.exp = gate(g, Op::Exp, n.neg);
  n.one = constant(g, 1);
  n.plus_one = gate(g, Op::Add, n.exp, n.one);
  n.inv = gate(g, Op::Inv, n.plus_one);
  REQUIRE(g.set_output(n.inv));
  return n;
}

// DESIGN.md example 4: f = 2·(x·y + max(z, w)), with the constant made first (a low id).
Graph patterns_example() {
  Graph g;
  NodeId two = constant(g, 2);
  NodeId x = input(g, "x"), y = input(g, "y"), z = input(g, "z"), w = input(g, "w");
  NodeId product = gate(g, Op::Mul, x, y);
  NodeId larger = gate(g, Op::Max, z, w);
  NodeId sum = gate(g, Op::Add, product, larger);
  REQUIRE(g.set_output(gate(g, Op::Mul, two, sum)));
  return g;
}

// DESIGN.md example 5, fan-out: f = (x+y)·x, plus a node that feeds nothing.
Graph fan_out_example() {
  Graph g;
  NodeId x = input(g, "x"), y = input(g, "y");
  REQUIRE(g.set_output(gate(g, Op::Mul, gate(g, Op::Add, x, y), x)));
  gate(g, Op::Exp, y);  // not on the way to the output
  return g;
}

std::vector<std::pair<NodeId, NodeId>> wires(const Graph& g) {
  std::vector<std::pair<NodeId, NodeId>> result;
  for (NodeId id : g.node_ids())
    for (int pin = 0; pin < arity(g.op(id)); ++pin)
      if (g.input(id, pin) != kNoNode) result.push_back({g.input(id, pin), id});
  return result;
}

// The properties every auto_layout result has.
void check_layout(const Graph& g, const LayoutOptions& options = {}) {
  float min_x = INFINITY, max_x = -INFINITY;
  for (NodeId id : g.node_ids()) {
    REQUIRE(g.has_position(id));
    min_x = std::min(min_x, g.position(id).x);
    max_x = std::max(max_x, g.position(id).x);
  }
  for (NodeId id : g.input_nodes()) CHECK(g.position(id).x == min_x);
  if (g.output() != kNoNode) CHECK(g.position(g.output()).x == max_x);
  for (const auto& wire : wires(g)) {
    CAPTURE(wire.first);
    CAPTURE(wire.second);
    CHECK(g.position(wire.first).x < g.position(wire.second).x);
  }
  const std::vector<NodeId> ids = g.node_ids();
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t j = i + 1; j < ids.size(); ++j) {
      const Vec2 a = g.position(ids[i]), b = g.position(ids[j]);
      const bool apart = std::fabs(a.x - b.x) >= options.layer_spacing ||
                         (a.x == b.x && std::fabs(a.y - b.y) >= options.row_spacing);
      CAPTURE(ids[i]);
      CAPTURE(ids[j]);
      CHECK(apart);
    }
}

// Crossings among wires whose ends are in adjacent columns.
int crossings(const Graph& g, float layer_spacing = LayoutOptions{}.layer_spacing) {
  const auto all = wires(g);
  int count = 0;
  for (std::size_t i = 0; i < all.size(); ++i)
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      const Vec2 a0 = g.position(all[i].first), a1 = g.position(all[i].second);
      const Vec2 b0 = g.position(all[j].first), b1 = g.position(all[j].second);
      if (a1.x - a0.x != layer_spacing || a0.x != b0.x || a1.x != b1.x) continue;
      if ((a0.y - b0.y) * (a1.y - b1.y) < 0) ++count;
    }
  return count;
}

// Nodes as drawn (app/gui/stepper/graph_drawing.hpp): a gate is a circle of radius 26, a leaf a box
// 36 high (and at least 44 wide).
struct Extent {
  float half_width, half_height;
};
Extent extent(const Graph& g, NodeId id) {
  return is_leaf(g.op(id)) ? Extent{22, 18} : Extent{26, 26};
}

// The wires that span more than one layer.
std::vector<std::pair<NodeId, NodeId>> long_wires(const Graph& g) {
  std::vector<std::pair<NodeId, NodeId>> result;
  for (const auto& wire : wires(g))
    if (g.position(wire.second).x - g.position(wire.first).x > LayoutOptions{}.layer_spacing)
      result.push_back(wire);
  return result;
}

// Nodes of the layers a long wire crosses whose box the straight line between the wire's ends
// meets (with `margin` around the box).
std::vector<NodeId> nodes_on_straight_line(const Graph& g, NodeId from, NodeId to, float margin) {
  const Vec2 a = g.position(from), b = g.position(to);
  std::vector<NodeId> hit;
  for (NodeId id : g.node_ids()) {
    const Vec2 c = g.position(id);
    if (id == from || id == to || c.x <= a.x || c.x >= b.x) continue;
    const Extent e = extent(g, id);
    // The line's heights over the box's width, against the box's heights.
    const float slope = (b.y - a.y) / (b.x - a.x);
    const float y0 = a.y + slope * (c.x - e.half_width - a.x);
    const float y1 = a.y + slope * (c.x + e.half_width - a.x);
    if (std::max(y0, y1) >= c.y - e.half_height - margin &&
        std::min(y0, y1) <= c.y + e.half_height + margin)
      hit.push_back(id);
  }
  return hit;
}

// The same for the wire as the GUI draws it (app/gui/stepper/graph_drawing.cpp, wire_path): from the
// source's right edge an S-shaped Bézier with horizontal handles to the lane of the consumer's
// pin (its centre ± 31 for a two-input gate), then a straight run of up to 100 into the pin.
std::vector<NodeId> nodes_on_drawn_wire(const Graph& g, NodeId from, NodeId to, int pin) {
  const Vec2 a{g.position(from).x + extent(g, from).half_width, g.position(from).y};
  const Vec2 c = g.position(to);
  const bool two_pins = arity(g.op(to)) == 2;
  const float lane = two_pins ? c.y + (pin == 0 ? -31.0f : 31.0f) : c.y;
  const float run_end = two_pins ? c.x - 26 * std::cos(0.62f) - 16 : c.x - 26;
  const float run = std::min(100.0f, (run_end - a.x) / 2);
  const float bend = run_end - run;
  const float handle = std::max(30.0f, (bend - a.x) * 0.45f);
  std::vector<Vec2> points;
  for (int i = 0; i <= 400; ++i) {
    const float t = i / 400.0f, u = 1 - t;
    points.push_back({a.x * u * u * u + (a.x + handle) * 3 * u * u * t +
                          (bend - handle) * 3 * u * t * t + bend * t * t * t,
                      a.y * (u * u * u + 3 * u * u * t) + lane * (3 * u * t * t + t * t * t)});
  }
  points.push_back({run_end, lane});
  std::vector<NodeId> hit;
  for (NodeId id : g.node_ids()) {
    const Vec2 p = g.position(id);
    if (id == from || id == to || p.x <= g.position(from).x || p.x >= c.x) continue;
    const Extent e = extent(g, id);
    for (Vec2 q : points)
      if (std::fabs(q.x - p.x) <= e.half_width && std::fabs(q.y - p.y) <= e.half_height) {
        hit.push_back(id);
        break;
      }
  }
  return hit;
}

// Every long wire clear of the nodes of the layers it crosses, straight and as drawn.
void check_long_wires_clear(const Graph& g) {
  for (NodeId to : g.node_ids())
    for (int pin = 0; pin < arity(g.op(to)); ++pin) {
      const NodeId from = g.input(to, pin);
      if (from == kNoNode || g.position(to).x - g.position(from).x <= LayoutOptions{}.layer_spacing)
        continue;
      CAPTURE(from);
      CAPTURE(to);
      CHECK(nodes_on_straight_line(g, from, to, 0).empty());
      CHECK(nodes_on_drawn_wire(g, from, to, pin).empty());
    }
}

float output_x(const Graph& g) { return g.position(g.output()).x; }

Graph laid_out_expression(const char* text) {
  ParsedExpression parsed = parse_expression(text);
  REQUIRE(parsed.ok());
  auto_layout(parsed.graph);
  check_layout(parsed.graph);
  return parsed.graph;
}

}  // namespace

TEST_CASE("layout: DESIGN example 1 goes left to right, inputs first, output last") {
  Graph g;
  NodeId x = input(g, "x"), y = input(g, "y"), z = input(g, "z");
  NodeId q = gate(g, Op::Add, x, y);
  NodeId f = gate(g, Op::Mul, q, z);
  REQUIRE(g.set_output(f));
  auto_layout(g);
  check_layout(g);
  CHECK(g.position(x).x == 0);
  CHECK(g.position(q).x == 170);
  CHECK(g.position(f).x == 340);
  // The inputs are a column centred on y = 0, the product level with its middle (CS231n), the
  // sum centred between its inputs; z's wire passes below the sum.
  CHECK(g.position(x).y + g.position(y).y + g.position(z).y == 0);
  CHECK(g.position(f).y == 0);
  CHECK(g.position(q).y == (g.position(x).y + g.position(y).y) / 2);
  CHECK(crossings(g) == 0);
  check_long_wires_clear(g);
}

TEST_CASE("layout: the worked examples keep every property, constants sit by their gate") {
  Neuron n = sigmoid_neuron();
  Graph& neuron = n.graph;
  auto_layout(neuron);
  check_layout(neuron);
  CHECK(crossings(neuron) == 0);
  CHECK(neuron.position(n.one).x == neuron.position(n.plus_one).x - 170);  // "+1" by its gate

  Graph patterns = patterns_example();
  auto_layout(patterns);
  check_layout(patterns);
  const NodeId two = 0, f = patterns.output();
  CHECK(patterns.position(two).x == patterns.position(f).x - 170);
  CHECK(crossings(patterns) == 0);

  Graph fan_out = fan_out_example();
  auto_layout(fan_out);
  check_layout(fan_out);
  CHECK(fan_out.has_position(4));  // the node that feeds nothing is placed too
}

TEST_CASE("layout: custom spacings, an output that is not the deepest node") {
  Graph g;
  NodeId x = input(g, "x");
  NodeId short_path = gate(g, Op::Neg, x);
  NodeId long_path = gate(g, Op::Exp, gate(g, Op::Exp, gate(g, Op::Exp, x)));
  REQUIRE(g.set_output(short_path));
  const LayoutOptions options{200, 60};
  auto_layout(g, options);
  check_layout(g, options);
  CHECK(g.position(short_path).x == g.position(long_path).x);
  CHECK(g.position(long_path).x == 600);
}

TEST_CASE("layout: a long wire gets room, it does not run through the node it passes") {
  // DESIGN example 5: x → copy → (+, ×), and the copy also feeds ×: the wire copy → × crosses
  // the layer of +. Id order would put copy, + and × on one row, the wire through +.
  Graph g;
  NodeId x = input(g, "x"), y = input(g, "y");
  NodeId copy = gate(g, Op::Copy, x);
  NodeId sum = gate(g, Op::Add, copy, y);
  NodeId product = gate(g, Op::Mul, sum, copy);
  REQUIRE(g.set_output(product));
  auto_layout(g);
  check_layout(g);
  REQUIRE(g.position(sum).x == g.position(copy).x + 170);
  REQUIRE(g.position(product).x == g.position(sum).x + 170);
  // The brief's criterion: at the + layer, no node within ±40 of the straight line copy → ×.
  const float line_y = (g.position(copy).y + g.position(product).y) / 2;
  CHECK(std::fabs(g.position(sum).y - line_y) > 40);
  check_long_wires_clear(g);
  CHECK(nodes_on_straight_line(g, copy, product, 10).empty());
}

TEST_CASE("layout: the worked expressions draw no long wire through a node") {
  for (const char* text :
       {"(x+y)*z", "(x+y)*x", "x*x+y", "2*(x*y+max(z,w))", "1/(1+exp(-(w0*x0+w1*x1+w2)))",
        "-(t*log(sigmoid(w*x+b))+(1-t)*log(1-sigmoid(w*x+b)))"}) {
    CAPTURE(text);
    const Graph g = laid_out_expression(text);
    check_long_wires_clear(g);
  }
  // The neuron's w2 joins the sum two layers on: its wire passes below both products.
  const Graph neuron = laid_out_expression("1/(1+exp(-(w0*x0+w1*x1+w2)))");
  CHECK(long_wires(neuron).size() == 1);
}

TEST_CASE("layout: a gate sits at the mean height of the leaves it is computed from") {
  // A tree without long wires: each gate at the mean height of its leaves.
  const Graph g = laid_out_expression("(a*b)+(c*d)");
  const NodeId a = g.find_name("a"), b = g.find_name("b"), c = g.find_name("c"),
               d = g.find_name("d");
  const float mean_ab = (g.position(a).y + g.position(b).y) / 2;
  const float mean_cd = (g.position(c).y + g.position(d).y) / 2;
  for (NodeId id : g.node_ids()) {
    if (g.op(id) != Op::Mul) continue;
    const bool from_a = g.input(id, 0) == a;
    CHECK(g.position(id).y == doctest::Approx(from_a ? mean_ab : mean_cd));
  }
  CHECK(g.position(g.output()).y == doctest::Approx((mean_ab + mean_cd) / 2));
}

TEST_CASE("layout: deterministic") {
  Graph a = sigmoid_neuron().graph, b = sigmoid_neuron().graph;
  auto_layout(a);
  auto_layout(b);
  CHECK(a == b);
  auto_layout(a);  // and stable when run again
  CHECK(a == b);
}

TEST_CASE("layout: barycenter sweeps remove a crossing that id order has") {
  // Id order puts exp(b) above exp(a) while a is above b: the two wires cross.
  Graph g;
  NodeId a = input(g, "a"), b = input(g, "b");
  NodeId from_b = gate(g, Op::Exp, b), from_a = gate(g, Op::Exp, a);
  NodeId c = input(g, "c"), d = input(g, "d");
  NodeId from_d = gate(g, Op::Neg, d), from_c = gate(g, Op::Neg, c);
  NodeId top = gate(g, Op::Mul, from_b, from_a);
  NodeId bottom = gate(g, Op::Mul, from_d, from_c);
  REQUIRE(g.set_output(gate(g, Op::Add, top, bottom)));

  Graph id_order = g;  // rows by id within each layer, as the layout starts
  const float rows_layer0[] = {-150, -50, 50, 150};
  const NodeId layer0[] = {a, b, c, d}, layer1[] = {from_b, from_a, from_d, from_c};
  for (int row = 0; row < 4; ++row) {
    REQUIRE(id_order.set_position(layer0[row], {0, rows_layer0[row]}));
    REQUIRE(id_order.set_position(layer1[row], {170, rows_layer0[row]}));
  }
  REQUIRE(crossings(id_order) == 2);

  auto_layout(g);
  check_layout(g);
  CHECK(crossings(g) == 0);
}

TEST_CASE("layout: a subset is laid out in place, the other nodes are untouched") {
  Neuron n = sigmoid_neuron();
  Graph& g = n.graph;
  auto_layout(g);
  Graph before = g;
  // The tail of the neuron, moved away first: neg, exp, the +1 constant, add, inv.
  const std::vector<NodeId> tail = {n.neg, n.exp, n.one, n.plus_one, n.inv};
  for (NodeId id : tail) REQUIRE(g.set_position(id, {1000 + 7.0f * id, 500 - 3.0f * id}));
  auto_layout_nodes(g, {n.inv, n.plus_one, n.one, n.exp, n.neg, n.neg, 99, -1});  // any order

  float min_x = INFINITY, min_y = INFINITY;
  for (NodeId id : tail) {
    min_x = std::min(min_x, g.position(id).x);
    min_y = std::min(min_y, g.position(id).y);
  }
  CHECK(min_x == 1000 + 7.0f * n.neg);  // the block's top-left is the old top-left
  CHECK(min_y == 500 - 3.0f * n.inv);
  for (NodeId id : g.node_ids())
    if (std::find(tail.begin(), tail.end(), id) == tail.end())
      CHECK(g.position(id) == before.position(id));
  // Within the block: left to right along the wires, neg first, inv last.
  CHECK(g.position(n.neg).x == min_x);
  CHECK(g.position(n.inv).x == min_x + 3 * 170);
  CHECK(g.position(n.one).x == g.position(n.plus_one).x - 170);
  for (auto [from, to] : wires(g))
    if (std::find(tail.begin(), tail.end(), from) != tail.end())
      CHECK(g.position(from).x < g.position(to).x);

  // Nodes without positions go to the origin's corner.
  Graph fresh = fan_out_example();
  auto_layout_nodes(fresh, {0, 1, 2});
  CHECK(fresh.position(0) == Vec2{0, 0});
  CHECK_FALSE(fresh.has_position(3));
}

TEST_CASE("layout: random graphs keep every property") {
  for (int seed = 1; seed <= 60; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Graph g;
    const int inputs = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < inputs; ++i) input(g, numbered("in", i));
    for (int i = 0; i < 40; ++i) {
      const auto op = static_cast<Op>(static_cast<int>(Op::Const) + rng() % (kOpCount - 1));
      const NodeId id = *g.add_node(op, "", 1);
      for (int pin = 0; pin < arity(op); ++pin)
        if (rng() % 6) REQUIRE(g.connect(static_cast<NodeId>(rng() % id), id, pin));
    }
    REQUIRE(g.set_output(g.id_limit() - 1));
    Graph again = g;
    auto_layout(g);
    check_layout(g);
    auto_layout(again);
    CHECK(g == again);  // deterministic, long wires and all
  }
}

// Timed only in optimised builds; Debug and sanitizer builds check the results on fewer nodes.
// The time is this thread's CPU time, not the clock on the wall: the bound is about the layout's
// work, and other programs on a busy machine (a build, the other tests under ctest -j) stretch
// the wall-clock time two or three times without the layout doing any more of it.
namespace {
double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}
}  // namespace
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
constexpr int kBigGraphNodes = 1'000'000;
constexpr double kMaxSeconds = 10;
#else
constexpr int kBigGraphNodes = 100'000;
constexpr double kMaxSeconds = 1e9;
#endif

TEST_CASE("layout: a million nodes in a few seconds, deep or wide") {
  constexpr int kNodes = kBigGraphNodes;
  SUBCASE("a chain") {
    Graph g;
    NodeId last = input(g, "x");
    for (int i = 1; i < kNodes; ++i) {
      const NodeId id = *g.add_node(Op::Neg);
      (void)g.connect(last, id, 0);  // a fresh gate: the graph's cycle check is O(1)
      last = id;
    }
    REQUIRE(g.set_output(last));
    const double start = cpu_seconds();
    auto_layout(g);
    const double seconds = cpu_seconds() - start;
    MESSAGE("a chain of " << kNodes << " nodes laid out in " << seconds << " s of CPU time");
    CHECK(g.position(last).x == 170.0f * (kNodes - 1));
    CHECK(seconds < kMaxSeconds);
  }
  SUBCASE("wide and tangled") {
    Graph g;
    std::mt19937 rng(3);
    for (int i = 0; i < 1000; ++i) input(g, numbered("x", i));
    while (g.node_count() < kNodes) {
      const NodeId id = *g.add_node(Op::Add);
      for (int pin = 0; pin < 2; ++pin)  // from anywhere among the last 5000 nodes
        (void)g.connect(std::max<NodeId>(0, id - 1 - static_cast<NodeId>(rng() % 5000)), id, pin);
    }
    const double start = cpu_seconds();
    auto_layout(g);
    const double seconds = cpu_seconds() - start;
    MESSAGE("a wide graph of " << kNodes << " nodes laid out in " << seconds << " s of CPU time");
    CHECK(seconds < kMaxSeconds);
    int leftward = 0;
    for (auto [from, to] : wires(g)) leftward += g.position(from).x >= g.position(to).x;
    CHECK(leftward == 0);
  }
}

// [SECTION] Long chains of one associative gate

namespace {

// The sum of 30 products over 8 variables, and one of 52 (the 30, then 22 more).
const char* const kSum30 =
    "a*b+a*c+a*d+a*e+a*f+a*g+a*h+b*c+b*d+b*e+b*f+b*g+b*h+c*d+c*e+c*f+c*g+c*h+d*e+d*f+d*g+d*h+"
    "e*f+e*g+e*h+f*g+f*h+g*h+a*b+a*c";
std::string sum52() {
  std::string text = kSum30;
  const char* names = "abcdefgh";
  for (int i = 0; i < 22; ++i) {
    text += '+';
    text += names[i % 8];
    text += '*';
    text += names[(i + 3) % 8];
  }
  return text;
}
std::string chain_of(const char* op, int terms) {  // "x1*x2*..." or "max(max(x1,x2),x3)..."
  std::string text = "x1";
  for (int i = 2; i <= terms; ++i)
    text = op[0] == 'm' ? std::string(op) + "(" + text + "," + numbered("x", i) + ")"
                        : text + op + numbered("x", i);
  return text;
}

// The gates of the chain that computes the output, first link first: from the output back
// along the input of the same op on pin 0.
std::vector<NodeId> chain_to_output(const Graph& g) {
  std::vector<NodeId> chain{g.output()};
  for (NodeId in = g.input(chain.back(), 0); in != kNoNode && g.op(in) == g.op(g.output());
       in = g.input(chain.back(), 0))
    chain.push_back(in);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

// Every node's box within `max_width` × `max_height`, and no two boxes closer than 10 units
// (gates 52 across, so gate centres ≥ 62 apart).
void check_fits_apart(const Graph& g, float max_width, float max_height) {
  float min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
  const std::vector<NodeId> ids = g.node_ids();
  for (NodeId id : ids) {
    REQUIRE(g.has_position(id));
    const Vec2 p = g.position(id);
    const Extent e = extent(g, id);
    min_x = std::min(min_x, p.x - e.half_width), max_x = std::max(max_x, p.x + e.half_width);
    min_y = std::min(min_y, p.y - e.half_height), max_y = std::max(max_y, p.y + e.half_height);
  }
  CHECK(max_x - min_x <= max_width);
  CHECK(max_y - min_y <= max_height);
  int too_close = 0;
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t j = i + 1; j < ids.size(); ++j) {
      const Vec2 a = g.position(ids[i]), b = g.position(ids[j]);
      const Extent ea = extent(g, ids[i]), eb = extent(g, ids[j]);
      too_close += std::fabs(a.x - b.x) < ea.half_width + eb.half_width + 10 &&
                   std::fabs(a.y - b.y) < ea.half_height + eb.half_height + 10;
    }
  CHECK(too_close == 0);
}

// What a folded chain must be to read after Fit in the smallest window:
//   - check_fits_apart;
//   - the chain's gates in reading order, rows top to bottom; its only leftward wires are the
//     folds from a row's last gate to the next row's first;
//   - every other wire left to right, and each term's root within `near` of its gate.
// Returns the number of rows.
int check_folded_chain(const Graph& g, float max_width, float max_height, float near = 150) {
  check_fits_apart(g, max_width, max_height);

  const std::vector<NodeId> chain = chain_to_output(g);
  int rows = 1, folds = 0, leftward = 0, far_terms = 0;
  for (std::size_t k = 1; k < chain.size(); ++k) {
    const Vec2 before = g.position(chain[k - 1]), at = g.position(chain[k]);
    if (at.y == before.y && at.x > before.x) continue;
    CHECK(at.y > before.y + 100);  // the next row, below
    CHECK(at.x < before.x);
    ++rows;
  }
  for (const auto& [from, to] : wires(g)) {
    const Vec2 a = g.position(from), b = g.position(to);
    const bool link = g.op(from) == g.op(to) &&
                      std::find(chain.begin(), chain.end(), from) != chain.end() &&
                      std::find(chain.begin(), chain.end(), to) != chain.end();
    if (a.x >= b.x) (link ? folds : leftward) += 1;
    // A term: a gate wired into the chain (leaves may be shared by many terms; they are not).
    if (!link && std::find(chain.begin(), chain.end(), to) != chain.end() &&
        !(g.op(from) == Op::Input && g.consumers(from).size() > 1))
      far_terms += std::hypot(a.x - b.x, a.y - b.y) > near;
  }
  CHECK(folds == rows - 1);
  CHECK(leftward == 0);
  CHECK(far_terms == 0);
  return rows;
}

// The smallest window the issue names: 1280×800 with the side panels, a canvas of about
// 770 × 620 pixels; Fit keeps 24 pixels of margin on each side, and the gates' and leaves'
// symbols are drawn from zoom 0.4 on (15 units of text at ≥ 6 pixels). So the graph must fit
// (770 − 48) / 0.4 × (620 − 48) / 0.4 units.
constexpr float kReadableWidth = (770 - 48) / 0.4f, kReadableHeight = (620 - 48) / 0.4f;

}  // namespace

TEST_CASE("layout: a sum of 30 products folds into rows that read in a 1280×800 window") {
  ParsedExpression parsed = parse_expression(kSum30);
  REQUIRE(parsed.ok());
  Graph& g = parsed.graph;
  REQUIRE(g.node_count() == 8 + 30 + 29);
  REQUIRE(chain_to_output(g).size() == 29);
  auto_layout(g);
  const int rows = check_folded_chain(g, kReadableWidth, kReadableHeight);
  CHECK(rows >= 3);
  // The eight variables, shared by the products, are a column left of everything.
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h"}) {
    CAPTURE(name);
    const NodeId leaf = g.find_name(name);
    CHECK(g.position(leaf).x == g.position(g.find_name("a")).x);
    for (NodeId id : g.node_ids())
      if (!is_leaf(g.op(id))) CHECK(g.position(id).x > g.position(leaf).x + 100);
  }
  ParsedExpression again = parse_expression(kSum30);
  auto_layout(again.graph);
  CHECK(again.graph == g);  // deterministic
}

TEST_CASE("layout: a sum of 52 products reads in a 1280×800 window too") {
  ParsedExpression parsed = parse_expression(sum52());
  REQUIRE(parsed.ok());
  REQUIRE(chain_to_output(parsed.graph).size() == 51);
  auto_layout(parsed.graph);
  check_folded_chain(parsed.graph, kReadableWidth, kReadableHeight);
}

TEST_CASE("layout: long chains of ×, max, + of leaves fold with each leaf by its gate") {
  for (const std::string& text : {chain_of("*", 20), chain_of("max", 20), chain_of("+", 52)}) {
    CAPTURE(text);
    ParsedExpression parsed = parse_expression(text);
    REQUIRE(parsed.ok());
    Graph& g = parsed.graph;
    auto_layout(g);
    const int rows = check_folded_chain(g, kReadableWidth, kReadableHeight, 130);
    CHECK(rows >= 2);
    // x1 starts the spine, on its line; every other leaf sits below-left of its gate.
    const std::vector<NodeId> chain = chain_to_output(g);
    CHECK(g.position(g.find_name("x1")).y == g.position(chain.front()).y);
    for (std::size_t k = 0; k < chain.size(); ++k) {
      const NodeId leaf = g.find_name(numbered("x", static_cast<int>(k) + 2));
      CHECK(g.input(chain[k], 1) == leaf);
      CHECK(g.position(leaf).x < g.position(chain[k]).x);
      CHECK(g.position(leaf).y > g.position(chain[k]).y);
    }
  }
}

TEST_CASE("layout: what follows a long chain continues its last row") {
  ParsedExpression parsed = parse_expression(std::string("sigmoid(") + kSum30 + ")+1");
  REQUIRE(parsed.ok());
  Graph& g = parsed.graph;
  auto_layout(g);
  const NodeId out = g.output(), sigmoid = g.input(out, 0);
  const NodeId end = g.input(sigmoid, 0);  // the sum's last +
  REQUIRE(g.op(sigmoid) == Op::Sigmoid);
  CHECK(g.position(sigmoid).x == g.position(end).x + 170);
  CHECK(std::fabs(g.position(sigmoid).y - g.position(end).y) <= 100);
  CHECK(g.position(out).x == g.position(end).x + 2 * 170);
  const NodeId one = g.input(out, 1);
  CHECK(g.position(one).x == g.position(sigmoid).x);  // the constant by its gate
}

TEST_CASE("layout: short chains keep the layered layout") {
  // Five terms, four links: layered, one layer per link, as on the slides.
  const Graph five = laid_out_expression("a*b+c*d+e*f+g*h+i*j");
  CHECK(output_x(five) == 5 * 170);
}

namespace {

// What a graph of several long chains must be after auto_layout: within the smallest window
// after Fit, no two boxes closer than 10 units, every wire left to right but the chains' folds.
void check_compact(const Graph& g) {
  check_fits_apart(g, kReadableWidth, kReadableHeight);
  int leftward = 0;
  for (const auto& [from, to] : wires(g))
    leftward += g.position(from).x >= g.position(to).x && !is_chain_fold(g, from, to);
  CHECK(leftward == 0);
}

Graph laid_out(const char* text) {
  ParsedExpression parsed = parse_expression(text);
  REQUIRE(parsed.ok());
  auto_layout(parsed.graph);
  return parsed.graph;
}

// The nodes that feed `id`, and `id`.
std::vector<NodeId> ancestry(const Graph& g, NodeId id) {
  std::vector<NodeId> found{id};
  for (std::size_t k = 0; k < found.size(); ++k)
    for (int pin = 0; pin < arity(g.op(found[k])); ++pin)
      if (NodeId in = g.input(found[k], pin);
          in != kNoNode && std::find(found.begin(), found.end(), in) == found.end())
        found.push_back(in);
  return found;
}

}  // namespace

TEST_CASE("layout: long chains combined by a gate are folded blocks, stacked") {
  // The two sums multiplied: layered, two diagonals and a column of 16 leaves.
  Graph two = laid_out("(a+b+c+d+e+f+g+h)*(i+j+k+l+m+n+o+p)");
  check_compact(two);
  const NodeId out = two.output(), first = two.input(out, 0), second = two.input(out, 1);
  float first_bottom = -INFINITY, second_top = INFINITY, left_of_out = -INFINITY;
  for (NodeId id : ancestry(two, first)) first_bottom = std::max(first_bottom, two.position(id).y);
  for (NodeId id : ancestry(two, second)) {
    second_top = std::min(second_top, two.position(id).y);
    left_of_out = std::max(left_of_out, two.position(id).x);
  }
  CHECK(first_bottom + 100 <= second_top);  // the upper pin's block above the lower pin's
  CHECK(two.position(out).x > left_of_out);
  CHECK(two.position(out).y > two.position(first).y);
  CHECK(two.position(out).y < two.position(second).y);
  // Each sum folded: its 7 gates in at least two rows, none a diagonal.
  for (NodeId end : {first, second}) {
    std::vector<float> rows;
    for (NodeId id : ancestry(two, end))
      if (two.op(id) == Op::Add &&
          std::find(rows.begin(), rows.end(), two.position(id).y) == rows.end())
        rows.push_back(two.position(id).y);
    CHECK(rows.size() >= 2);
    CHECK(rows.size() <= 3);
  }

  // Nested: a chain whose terms share leaves, times a chain, in a sigmoid; and a chain of
  // products of chains.
  check_compact(laid_out("sigmoid((a*b+c*d+e*f+g*h+a*c+b*d+e*g+f*h)*(a+b+c+d+e+f+g+h))"));
  check_compact(laid_out("max(a+b+c+d+e+f+g, h*i*j*k*l*m*n) + (o+p+q+r+s+t+u)*2"));
  Graph again = laid_out("(a+b+c+d+e+f+g+h)*(i+j+k+l+m+n+o+p)");
  CHECK(again == two);  // deterministic
}

TEST_CASE("layout: a wider window asked for gives fewer, longer rows") {
  auto shape = [](float aspect) {
    ParsedExpression parsed = parse_expression(kSum30);
    REQUIRE(parsed.ok());
    LayoutOptions options;
    options.fold_aspect = aspect;
    auto_layout(parsed.graph, options);
    float min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
    for (NodeId id : parsed.graph.node_ids()) {
      const Vec2 p = parsed.graph.position(id);
      min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
      min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
    }
    return (max_x - min_x) / (max_y - min_y);
  };
  const float normal = shape(LayoutOptions{}.fold_aspect), wide = shape(3.0f);
  CHECK(wide > normal * 1.5f);
  CHECK(shape(NAN) == normal);  // nonsense asked for: the default
}
