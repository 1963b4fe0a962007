// Matrix values: literals, shapes and their refusals, and the course notes' worked examples
// with numbers computed independently (by hand, checked in plain Python, in the comments).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "document.hpp"
#include "eval.hpp"
#include "expr.hpp"
#include "matrix_eval.hpp"

using namespace gf;

namespace {

NodeId leaf(Graph& g, const std::string& name, Matrix value) {
  NodeId id = *g.add_node(Op::Input, name);
  REQUIRE(g.set_matrix(id, std::move(value)));
  return id;
}

NodeId gate(Graph& g, Op op, NodeId a, NodeId b = kNoNode) {
  NodeId id = *g.add_node(op);
  REQUIRE(g.connect(a, id, 0));
  if (b != kNoNode) REQUIRE(g.connect(b, id, 1));
  return id;
}

Matrix literal(const char* text) {
  Result<Matrix> m = parse_matrix_literal(text);
  REQUIRE_MESSAGE(m, m.reason());
  return *m;
}

void check_matrix(const Matrix& got, Shape shape, const std::vector<double>& expected) {
  CHECK(shape_text(got.shape) == shape_text(shape));
  REQUIRE(got.data.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CAPTURE(k);
    CHECK(got.data[k] == doctest::Approx(expected[k]).epsilon(1e-12));
  }
}

std::string refusal(const char* text) {
  Result<Matrix> m = parse_matrix_literal(text);
  return m ? std::string("accepted") : m.reason();
}

}  // namespace

// [SECTION] Literals

TEST_CASE("matrix literals: rows, a row vector, a number") {
  Matrix m = literal("[[2,1,3],[-3,4,2]]");
  check_matrix(m, {2, 3}, {2, 1, 3, -3, 4, 2});
  CHECK(m.at(1, 0) == -3);
  check_matrix(literal(" [1, -2, 3, -1] "), {1, 4}, {1, -2, 3, -1});  // a vector is a 1×n row
  check_matrix(literal("2.5"), {1, 1}, {2.5});
  check_matrix(literal("[ [1], [2] ]"), {2, 1}, {1, 2});
  CHECK(shape_text({2, 3}) == "2\u00d73");
}

TEST_CASE("matrix literals: ragged, empty and non-numbers are refused with the column") {
  CHECK(refusal("[[1,2],[3]]") == "column 8: row 2 has 1 entries, row 1 has 2 (a ragged matrix)");
  CHECK(refusal("[]") == "column 2: an empty row: a matrix needs at least one entry");
  CHECK(refusal("[[]]") == "column 3: an empty row: every row needs an entry");
  CHECK(refusal("[1,,2]") == "column 4: expected a number");
  CHECK(refusal("[1, x]") == "column 5: expected a number");
  CHECK(refusal("[1, nan]") == "column 5: a matrix entry must be a finite number");
  CHECK(refusal("[1, 2") == "column 6: expected ',' or ']'");
  CHECK(refusal("[1, 2]]") == "column 7: unexpected ']'");
  CHECK(refusal("[[1, 2] [3, 4]]") == "column 9: expected ',' or ']' after a row");
}

TEST_CASE("set_matrix: shapes, the size limit, and 1×1 stays a scalar") {
  Graph g;
  NodeId x = *g.add_node(Op::Input, "x");
  CHECK(g.set_matrix(x, {{2, 2}, {1, 2, 3}}).reason().find("3 entries for 2 rows of 2") !=
        std::string::npos);
  const Status huge = g.set_matrix(x, {{1001, 1000}, std::vector<double>(1001000, 0.0)});
  CHECK(huge.reason() == "the value of node 0 (input x) is 1001\u00d71000, over 1000000 elements");
  REQUIRE(g.set_matrix(x, scalar_matrix(4.0)));
  CHECK(g.matrix_value(x) == nullptr);
  CHECK(g.param(x) == 4.0);
  REQUIRE(g.set_matrix(x, literal("[1, 2]")));
  CHECK(shape_text(g.value_shape(x)) == "1\u00d72");
  CHECK(g.matrix_value_count() == 1);
  REQUIRE(g.set_param(x, 3.0));  // back to a scalar
  CHECK(g.matrix_value_count() == 0);
  REQUIRE(apply_assignment(g, "x=[[1,2],[3,4]]"));
  CHECK(g.value_shape(x) == Shape{2, 2});
  CHECK(apply_assignment(g, "x=[[1,2],[3]]").reason() ==
        "--set x=[[1,2],[3]]: the matrix at column 8: row 2 has 1 entries, row 1 has 2 (a ragged "
        "matrix) (columns counted after '=')");
}

// [SECTION] Shapes

TEST_CASE("shape mismatches name the gate, both shapes and why") {
  Graph g;
  NodeId a = leaf(g, "a", {{2, 3}, std::vector<double>(6, 1.0)});
  NodeId b = leaf(g, "b", {{2, 4}, std::vector<double>(8, 1.0)});
  NodeId m = gate(g, Op::MatMul, a, b);
  REQUIRE(g.set_output(m));
  auto ev = evaluate_matrix(g);
  REQUIRE(!ev);
  CHECK(ev.reason() == "node 2 (matmul): 2\u00d73 @ 2\u00d74 \u2014 inner sizes 3 and 2 differ");
  MatrixEvalOptions options;
  options.where = [](NodeId) { return std::string("@ at column 7"); };
  CHECK(evaluate_matrix(g, options).reason() ==
        "@ at column 7: 2\u00d73 @ 2\u00d74 \u2014 inner sizes 3 and 2 differ");

  NodeId add = gate(g, Op::Add, a, b);
  REQUIRE(g.set_output(add));
  CHECK(evaluate_matrix(g).reason() ==
        "node 3 (add): 2\u00d73 + 2\u00d74 \u2014 shapes differ (only a 1\u00d7n row or a "
        "1\u00d71 broadcasts over the rows)");
  NodeId ce = gate(g, Op::CrossEntropy, a, b);
  REQUIRE(g.set_output(ce));
  CHECK(evaluate_matrix(g).reason() ==
        "node 4 (cross_entropy): cross_entropy of 2\u00d73 and 2\u00d74 \u2014 the scores and the "
        "one-hot labels need one shape");
  // The tape holds scalars: it refuses a matrix leaf instead of reading 0 for it.
  CHECK(evaluate(g).reason().find("node 0 (input a) holds a 2\u00d73 matrix") != std::string::npos);
}

TEST_CASE("a product over the element limit is refused before anything is computed") {
  Graph g;
  NodeId a = leaf(g, "a", {{1000, 1}, std::vector<double>(1000, 1.0)});
  NodeId b = leaf(g, "b", {{1, 1001}, std::vector<double>(1001, 1.0)});
  REQUIRE(g.set_output(gate(g, Op::MatMul, a, b)));
  CHECK(evaluate_matrix(g).reason() ==
        "node 2 (matmul): 1000\u00d71 @ 1\u00d71001 gives "
        "1000\u00d71001, over 1000000 elements");
}

// [SECTION] Worked examples

TEST_CASE("notes 000: ReLU on a 4-vector, its diagonal Jacobian never built") {
  // x = [1, −2, 3, −1], y = relu(x) = [1, 0, 3, 0]; upstream [4, −1, 5, 9]:
  // dx = upstream where x > 0, else 0 = [4, 0, 5, 0].
  Graph g;
  NodeId x = leaf(g, "x", literal("[1, -2, 3, -1]"));
  NodeId y = gate(g, Op::Relu, x);
  REQUIRE(g.set_output(y));
  MatrixEvalOptions options;
  options.upstream = {4, -1, 5, 9};
  auto ev = evaluate_matrix(g, options);
  REQUIRE_MESSAGE(ev, ev.reason());
  check_matrix(ev->value_matrix(y), {1, 4}, {1, 0, 3, 0});
  check_matrix(ev->grad_matrix(x), {1, 4}, {4, 0, 5, 0});
}

TEST_CASE("notes 000: the matrix slide as the notes correct it, L = sum((x @ w) * g) = 37") {
  // y = x·w = [[17, 11, 8, −6], [5, 2, 11, 7]]; L = Σ y∘g = 34+33−24−54 −40+2+44+42 = 37.
  // dL/dx = g·wᵀ = [[0, 16, −9], [−24, 9, −30]]; dL/dw = xᵀ·g = [[28, 3, −18, 0],
  // [−30, 7, 13, 33], [−10, 11, −1, 39]]; dL/dg = y.
  Graph g;
  NodeId x = leaf(g, "x", literal("[[2,1,3],[-3,4,2]]"));
  NodeId w = leaf(g, "w", literal("[[3,2,1,-1],[2,1,3,2],[3,2,1,-2]]"));
  NodeId up = leaf(g, "g", literal("[[2,3,-3,9],[-8,1,4,6]]"));
  NodeId y = gate(g, Op::MatMul, x, w);
  NodeId loss = gate(g, Op::Sum, gate(g, Op::Mul, y, up));
  REQUIRE(g.set_output(loss));
  auto ev = evaluate_matrix(g);
  REQUIRE_MESSAGE(ev, ev.reason());
  check_matrix(ev->value_matrix(y), {2, 4}, {17, 11, 8, -6, 5, 2, 11, 7});
  check_matrix(ev->value_matrix(loss), {1, 1}, {37});
  check_matrix(ev->grad_matrix(x), {2, 3}, {0, 16, -9, -24, 9, -30});
  check_matrix(ev->grad_matrix(w), {3, 4}, {28, 3, -18, 0, -30, 7, 13, 33, -10, 11, -1, 39});
  check_matrix(ev->grad_matrix(up), {2, 4}, {17, 11, 8, -6, 5, 2, 11, 7});
  check_matrix(ev->grad_matrix(y), {2, 4}, {2, 3, -3, 9, -8, 1, 4, 6});  // upstream is g
}

TEST_CASE("notes 002: D = W·X with W 5×10, X 10×3: dW = dD·Xᵀ, dX = Wᵀ·dD") {
  // Entries from a formula, gradients by the notes' formulas written out as loops here.
  Matrix wm{{5, 10}, {}}, xm{{10, 3}, {}}, dd{{5, 3}, {}};
  for (int k = 0; k < 50; ++k) wm.data.push_back(((k * 7) % 11 - 5) * 0.25);
  for (int k = 0; k < 30; ++k) xm.data.push_back(((k * 5) % 13 - 6) * 0.5);
  for (int k = 0; k < 15; ++k) dd.data.push_back((k % 4) - 1.5);
  Graph g;
  NodeId w = leaf(g, "W", wm), x = leaf(g, "X", xm);
  NodeId d = gate(g, Op::MatMul, w, x);
  REQUIRE(g.set_output(d));
  MatrixEvalOptions options;
  options.upstream = dd.data;
  auto ev = evaluate_matrix(g, options);
  REQUIRE_MESSAGE(ev, ev.reason());
  std::vector<double> dw(50, 0.0), dx(30, 0.0), value(15, 0.0);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 10; ++k) {
        value[i * 3 + j] += wm.at(i, k) * xm.at(k, j);
        dw[i * 10 + k] += dd.at(i, j) * xm.at(k, j);  // dD·Xᵀ
        dx[k * 3 + j] += wm.at(i, k) * dd.at(i, j);   // Wᵀ·dD
      }
  check_matrix(ev->value_matrix(d), {5, 3}, value);
  check_matrix(ev->grad_matrix(w), {5, 10}, dw);  // the shape of W, as it must be
  check_matrix(ev->grad_matrix(x), {10, 3}, dx);
}

TEST_CASE("softmax cross-entropy: one-hot rows, p − y divided by the rows") {
  // Row 1: s = [1, 2, 3], y picks 3: p = [0.0900306, 0.2447285, 0.6652410], −log p3 = 0.4076060.
  // Row 2: s = [0.5, −1, 2], y picks 0.5. Mean over the rows: 1.0744586305507686;
  // dS = (p − y)/2.
  Graph g;
  NodeId s = leaf(g, "s", literal("[[1, 2, 3], [0.5, -1, 2]]"));
  NodeId y = leaf(g, "y", literal("[[0, 0, 1], [1, 0, 0]]"));
  NodeId ce = gate(g, Op::CrossEntropy, s, y);
  REQUIRE(g.set_output(ce));
  auto ev = evaluate_matrix(g);
  REQUIRE_MESSAGE(ev, ev.reason());
  check_matrix(ev->value_matrix(ce), {1, 1}, {1.0744586305507686});
  check_matrix(ev->grad_matrix(s), {2, 3},
               {0.04501528658519023, 0.12236423552739883, -0.16737952211258905,
                -0.41235480392998164, 0.019556286635343728, 0.39279851729463794});
  // The same through softmax and the one-hot selector, by hand: −log of the picked p.
  Graph h;
  NodeId s1 = leaf(h, "s", literal("[1, 2, 3]"));
  NodeId p = gate(h, Op::Softmax, s1);
  REQUIRE(h.set_output(p));
  auto ev2 = evaluate_matrix(h);
  REQUIRE(ev2);
  check_matrix(ev2->value_matrix(p), {1, 3},
               {0.09003057317038046, 0.24472847105479767, 0.6652409557748219});
}

TEST_CASE("a bias row broadcasts over the rows and its gradient sums them") {
  // X @ W + b with X 2×2 = [[1, 2], [3, 4]], W = I, b = [10, 20]: [[11, 22], [13, 24]].
  // With upstream [[1, 2], [3, 4]]: db = column sums [4, 6]; dW = Xᵀ·G = [[10, 14], [14, 20]].
  Graph g;
  NodeId x = leaf(g, "X", literal("[[1, 2], [3, 4]]"));
  NodeId w = leaf(g, "W", literal("[[1, 0], [0, 1]]"));
  NodeId b = leaf(g, "b", literal("[10, 20]"));
  NodeId out = gate(g, Op::Add, gate(g, Op::MatMul, x, w), b);
  REQUIRE(g.set_output(out));
  MatrixEvalOptions options;
  options.upstream = {1, 2, 3, 4};
  auto ev = evaluate_matrix(g, options);
  REQUIRE_MESSAGE(ev, ev.reason());
  check_matrix(ev->value_matrix(out), {2, 2}, {11, 22, 13, 24});
  check_matrix(ev->grad_matrix(b), {1, 2}, {4, 6});
  check_matrix(ev->grad_matrix(w), {2, 2}, {10, 14, 14, 20});
  options.upstream = {1, 2, 3};
  CHECK(evaluate_matrix(g, options).reason() ==
        "the upstream gradient has 3 entries; the output is 2\u00d72");
}

TEST_CASE("transpose, mean and a scalar broadcast") {
  // mean(T(x) * 2) with x = [[1, 2, 3]]: T(x) is 3×1, times 2 = [2, 4, 6], mean 4;
  // d/dx = 2/3 each.
  Graph g;
  NodeId x = leaf(g, "x", literal("[1, 2, 3]"));
  NodeId two = *g.add_node(Op::Const, "", 2.0);
  NodeId t = gate(g, Op::Transpose, x);
  NodeId mean = gate(g, Op::Mean, gate(g, Op::Mul, t, two));
  REQUIRE(g.set_output(mean));
  auto ev = evaluate_matrix(g);
  REQUIRE_MESSAGE(ev, ev.reason());
  check_matrix(ev->value_matrix(t), {3, 1}, {1, 2, 3});
  check_matrix(ev->value_matrix(mean), {1, 1}, {4});
  check_matrix(ev->grad_matrix(x), {1, 3}, {2.0 / 3, 2.0 / 3, 2.0 / 3});
  check_matrix(ev->grad_matrix(two), {1, 1}, {2});  // mean of T(x) = 6/3
}

// [SECTION] Expressions

namespace {
Result<MatrixEvaluation> evaluate_text(const char* text,
                                       const std::vector<std::string>& assignments) {
  ParsedExpression parsed = parse_expression(text);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error->describe());
  REQUIRE(apply_assignments(parsed.graph, assignments));
  MatrixEvalOptions options;
  options.where = [&parsed](NodeId id) { return parsed.locate(id); };
  return evaluate_matrix(parsed.graph, options);
}

std::string parse_error(const char* text) {
  ParsedExpression parsed = parse_expression(text);
  return parsed.ok() ? std::string("parsed") : parsed.error->describe();
}
}  // namespace

TEST_CASE("expressions: @, T(x), matrix literals and the new calls") {
  // The slide again, from text: 37 (see the worked example above).
  auto ev = evaluate_text(
      "sum((x @ w) * g)",
      {"x=[[2,1,3],[-3,4,2]]", "w=[[3,2,1,-1],[2,1,3,2],[3,2,1,-2]]", "g=[[2,3,-3,9],[-8,1,4,6]]"});
  REQUIRE_MESSAGE(ev, ev.reason());
  CHECK(ev->value_of(ev->output)[0] == 37);
  // relu of the notes' 4-vector written as a literal, summed: 1 + 3 = 4.
  ev = evaluate_text("sum(relu([1, -2, 3, -1]))", {});
  REQUIRE_MESSAGE(ev, ev.reason());
  CHECK(ev->value_of(ev->output)[0] == 4);
  // T(x) @ x for x = [1, 2]: [[1, 2], [2, 4]], mean 9/4; T stays usable as a name.
  ev = evaluate_text("mean(T(x) @ x) + T", {"x=[1, 2]", "T=1"});
  REQUIRE_MESSAGE(ev, ev.reason());
  CHECK(ev->value_of(ev->output)[0] == 3.25);
  // A layer: cross_entropy(relu(X @ W1 + b1) @ W2, Y) with X = [[1, 2]], W1 = I, b1 = [0, -5],
  // h = relu([1, −3]) = [1, 0], W2 = [[2, 0], [0, 0]]: s = [2, 0], y picks 2: log(1 + e^−2).
  ev = evaluate_text(
      "cross_entropy(relu(X @ W1 + b1) @ W2, Y)",
      {"X=[[1,2]]", "W1=[[1,0],[0,1]]", "b1=[0,-5]", "W2=[[2,0],[0,0]]", "Y=[[1,0]]"});
  REQUIRE_MESSAGE(ev, ev.reason());
  CHECK(ev->value_of(ev->output)[0] == doctest::Approx(0.12692801104297263));  // log(1+e^-2)
}

TEST_CASE("expressions: shape errors name the operator and its column") {
  auto ev = evaluate_text("sum(x @ w)", {"x=[[1,2,3],[4,5,6]]", "w=[[1,2,3,4],[5,6,7,8]]"});
  CHECK(ev.reason() == "@ at column 7: 2\u00d73 @ 2\u00d74 \u2014 inner sizes 3 and 2 differ");
  ev = evaluate_text("x * y + 1", {"x=[1,2]", "y=[1,2,3]"});
  CHECK(ev.reason() ==
        "* at column 3: 1\u00d72 \u00d7 1\u00d73 \u2014 shapes differ (only a "
        "1\u00d7n row or a 1\u00d71 broadcasts over the rows)");
}

TEST_CASE("expressions: bad matrix literals are refused with their column") {
  CHECK(parse_error("x + [[1,2],[3]]") ==
        "column 12: in the matrix: row 2 has 1 entries, row 1 has 2 (a ragged matrix)");
  CHECK(parse_error("[1, 2") == "column 1: the '[' of this matrix is never closed with ']'");
  CHECK(parse_error("sum([])") ==
        "column 6: in the matrix: an empty row: a matrix needs at "
        "least one entry");
  CHECK(parse_error("[1, a]") == "column 5: in the matrix: expected a number");
  CHECK(parse_error("x ^ [1, 2]") == "column 5: the exponent of '^' must be a constant number");
}

// [SECTION] Documents

TEST_CASE("documents save matrix values as rows and load them back") {
  Graph g;
  NodeId x = leaf(g, "x", literal("[[2,1,3],[-3,4,2]]"));
  NodeId v = leaf(g, "v", literal("[1, -2.5]"));
  NodeId s = *g.add_node(Op::Input, "s", 0.5, true);  // a scalar stays a number
  REQUIRE(g.set_output(gate(g, Op::Add, gate(g, Op::Sum, x), gate(g, Op::Mul, v, s))));
  Document doc;
  doc.graph = g;
  const std::string text = save_document(doc);
  CHECK(text.find("\"value\":[[2,1,3],[-3,4,2]]") != std::string::npos);
  CHECK(text.find("\"value\":[[1,-2.5]]") != std::string::npos);
  CHECK(text.find("\"value\":0.5") != std::string::npos);
  Result<Document> loaded = load_document(text);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(loaded->graph == g);
  CHECK(loaded->graph.value_shape(x) == Shape{2, 3});
}

TEST_CASE("documents refuse malformed matrix values naming the node and field") {
  auto load_with = [](const std::string& value) {
    Result<Document> doc = load_document(
        R"({"format": "gradflow-graph", "version": 1, "nodes": [{"id": 0, "op": "input", "name": "x", )"
        R"("value": )" +
        value + "}]}");
    return doc ? std::string("loaded") : doc.reason();
  };
  CHECK(load_with("[1, 2]") == "loaded");  // one row
  CHECK(load_with("[[1, 2], [3]]")
            .find("\"value\"[1] must be a row of 2 numbers like the first, "
                  "not one of 1") != std::string::npos);
  CHECK(load_with("[]").find("is an empty matrix") != std::string::npos);
  CHECK(load_with("[[1, \"a\"]]").find("must be a number, not a string") != std::string::npos);
}
