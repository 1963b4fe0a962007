// gradflow-cli on matrix values: eval prints nested row arrays (scalars stay numbers), and
// every malformed matrix or shape mismatch exits 2 with one line naming the shapes or column.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

using Json = nlohmann::json;

namespace {

std::filesystem::path scratch() { return gf::testing::scratch_dir("gradflow_cli_matrix_tests"); }

Json eval_json(const std::vector<std::string>& args) {
  std::vector<std::string> all{"eval", "--json"};
  all.insert(all.end(), args.begin(), args.end());
  const gf::testing::CliRun run = gf::testing::run_cli(all, scratch());
  CAPTURE(run.err);
  REQUIRE(run.status == 0);
  return Json::parse(run.out);
}

void check_refused(const std::vector<std::string>& args, const std::string& expected) {
  gf::testing::check_refused(args, expected, scratch());
}

}  // namespace

TEST_CASE("cli matrix: the slide's sum((x @ w) * g) is 37 with nested gradient arrays") {
  // By hand (test_matrix.cpp): dL/dx = g·wᵀ, dL/dw = xᵀ·g, dL/dg = x·w.
  const Json result =
      eval_json({"--expr", "sum((x @ w) * g)", "--set", "x=[[2,1,3],[-3,4,2]]", "--set",
                 "w=[[3,2,1,-1],[2,1,3,2],[3,2,1,-2]]", "--set", "g=[[2,3,-3,9],[-8,1,4,6]]"});
  CHECK(result["output"]["value"] == 37.0);  // a 1×1 value is a number, as for scalars
  const Json& inputs = result["inputs"];
  REQUIRE(inputs.size() == 3);
  CHECK(inputs[0]["name"] == "x");
  CHECK(inputs[0]["grad"] == Json::parse("[[0, 16, -9], [-24, 9, -30]]"));
  CHECK(inputs[1]["grad"] == Json::parse("[[28, 3, -18, 0], [-30, 7, 13, 33], [-10, 11, -1, 39]]"));
  CHECK(inputs[2]["grad"] == Json::parse("[[17, 11, 8, -6], [5, 2, 11, 7]]"));
  CHECK(inputs[0]["shape"] == Json::parse("[2, 3]"));
  CHECK(inputs[0]["value"] == Json::parse("[[2, 1, 3], [-3, 4, 2]]"));
}

TEST_CASE("cli matrix: a vector is one row; relu of the notes' 4-vector") {
  const Json result = eval_json({"--expr", "relu(v)", "--set", "v=[1,-2,3,-1]"});
  CHECK(result["output"]["value"] == Json::parse("[[1, 0, 3, 0]]"));
  CHECK(result["output"]["shape"] == Json::parse("[1, 4]"));
  CHECK(result["inputs"][0]["grad"] == Json::parse("[[1, 0, 1, 0]]"));  // seeded with ones
}

TEST_CASE("cli matrix: malformed matrices and shape mismatches exit 2 naming the problem") {
  const std::string x23 = "x=[[2,1,3],[-3,4,2]]";
  check_refused({"eval", "--expr", "sum(x @ w)", "--set", x23, "--set", "w=[[1,2,3,4],[5,6,7,8]]"},
                "@ at column 7: 2\u00d73 @ 2\u00d74 \u2014 inner sizes 3 and 2 differ");
  check_refused({"eval", "--expr", "sum(x + b)", "--set", x23, "--set", "b=[1,2]"},
                "+ at column 7: 2\u00d73 + 1\u00d72 \u2014 shapes differ");
  check_refused({"eval", "--expr", "sum(x * y)", "--set", x23, "--set", "y=[[1,2],[3,4]]"},
                "* at column 7: 2\u00d73 \u00d7 2\u00d72 \u2014 shapes differ");
  check_refused({"eval", "--expr", "cross_entropy(x, y)", "--set", x23, "--set", "y=[[1,0],[0,1]]"},
                "cross_entropy at column 1: cross_entropy of 2\u00d73 and 2\u00d72");
  check_refused({"eval", "--expr", "sum(x @ T(x) @ x @ x)", "--set", x23},
                "@ at column 18: 2\u00d73 @ 2\u00d73 \u2014 inner sizes 3 and 2 differ");
  check_refused({"eval", "--expr", "sum(x)", "--set", "x=[[1,2],[3]]"},
                "--set x=[[1,2],[3]]: the matrix at column 8: row 2 has 1 entries, row 1 has 2");
  check_refused({"eval", "--expr", "sum(x)", "--set", "x=[]"},
                "the matrix at column 2: an empty row");
  check_refused({"eval", "--expr", "sum(x)", "--set", "x=[[]]"},
                "the matrix at column 3: an empty row");
  check_refused({"eval", "--expr", "sum(x)", "--set", "x=[1, two]"},
                "the matrix at column 5: expected a number");
  check_refused({"eval", "--expr", "sum(x)", "--set", "x=[1, 2"},
                "the matrix at column 6: expected ',' or ']'");
  check_refused({"eval", "--expr", "sum(x)", "--set", "x=[1, 1e999]"},
                "the matrix at column 5: expected a number");
  check_refused({"eval", "--expr", "x + [[1,2],[3]]"},
                "--expr: column 12: in the matrix: row 2 has 1 entries, row 1 has 2");
  check_refused({"eval", "--expr", "sum([1, 2) + x"}, "--expr: column 5:");
  check_refused({"trace", "--expr", "sum(x)", "--set", x23},
                "trace works on scalar values for now: node 0 (input x) holds a 2\u00d73 matrix");
  check_refused({"check", "--expr", "sum(x)", "--set", x23},
                "check works on scalar values for now");
}

TEST_CASE("cli matrix: a value over the size limit is refused, not allocated") {
  std::string row = "[";
  for (int c = 0; c < 1001; ++c) row += (c ? ",0" : "0");
  row += "]";
  // 1001 columns times 1000 rows written out would be a 4 MB argument; a product makes it.
  check_refused({"eval", "--expr", "sum(T(a) @ b)", "--set", "a=" + std::string(row), "--set",
                 "b=" + std::string(row)},
                "gives 1001\u00d71001, over 1000000 elements");
}
