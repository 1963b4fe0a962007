// The gradflow-cli contract, tested by running the real binary: outputs, JSON shapes, exit
// statuses, and a one-line message on stderr for every kind of bad input.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

#include "ops.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Run {
  int status = -1;
  std::string out, err;
};

using gf::testing::read_file;
std::string quote(const std::string& arg) { return gf::testing::shell_quote(arg); }
fs::path scratch_dir() { return gf::testing::scratch_dir("gradflow_cli_tests"); }

Run cli(const std::vector<std::string>& args) {
  std::string command = quote(GRADFLOW_CLI);
  for (const std::string& arg : args) command += " " + quote(arg);
  const fs::path err_file = scratch_dir() / "stderr.txt";
  command += " 2>" + quote(err_file.string()) + " </dev/null";
  const gf::testing::CommandRun ran = gf::testing::run_command(command);
  return {ran.status, ran.out, read_file(err_file)};
}

std::string example(const char* name) {
  return std::string(GRADFLOW_ASSETS_DIR) + "/examples/" + name;
}

fs::path write_scratch(const char* name, const std::string& text) {
  fs::path path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A refused input: exit 2, stdout empty, exactly one line on stderr that names the problem.
void check_refused(const std::vector<std::string>& args, const std::string& expected_in_message) {
  Run run = cli(args);
  CAPTURE(run.err);
  CHECK(run.status == 2);
  CHECK(run.out.empty());
  REQUIRE_FALSE(run.err.empty());
  CHECK(run.err.rfind("gradflow-cli: ", 0) == 0);
  CHECK(run.err.find('\n') == run.err.size() - 1);
  CHECK(run.err.find(expected_in_message) != std::string::npos);
}

}  // namespace

TEST_CASE("cli: eval --json prints exactly the contract's object") {
  Run run = cli({"eval", "--expr", "(x+y)*z", "--set", "x=-2", "y=5", "z=-4", "--json"});
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  Json result = Json::parse(run.out);
  CHECK(result["output"]["value"] == -12.0);
  CHECK(result["output"]["id"].is_number_integer());
  REQUIRE(result["inputs"].size() == 3);
  const char* names[] = {"x", "y", "z"};  // in order of first appearance
  const double grads[] = {-4, -4, 3};
  for (int i = 0; i < 3; ++i) {
    CHECK(result["inputs"][i]["name"] == names[i]);
    CHECK(result["inputs"][i]["grad"] == grads[i]);
  }
  REQUIRE(result["nodes"].size() == 5);
  for (const Json& node : result["nodes"]) {
    CHECK(node.contains("id"));
    CHECK(node.contains("op"));
    CHECK(node.contains("name"));
    CHECK(node["inputs"].is_array());
    CHECK(node.contains("value"));
    CHECK(node.contains("grad"));
  }
  // --set given once per assignment works the same.
  Run repeated = cli({"eval", "-e", "(x+y)*z", "-s", "x=-2", "-s", "y=5", "-s", "z=-4", "--json"});
  CHECK(repeated.out == run.out);
}

TEST_CASE("cli: eval of a document, readable table") {
  Run run = cli({"eval", "--graph", example("1_add_mul.json")});
  REQUIRE(run.status == 0);
  CHECK(run.out.find("= -12") != std::string::npos);
  CHECK(run.out.find("q") != std::string::npos);
  // --set overrides a document's values.
  Run changed = cli({"eval", "--graph", example("9_mul_scale.json"), "--set", "x=2000", "--json"});
  REQUIRE(changed.status == 0);
  CHECK(Json::parse(changed.out)["inputs"][0]["grad"] == 2000.0);
  // Example 9b ships x = 2,000: f = 0.5 · 2000 = 1000, ∂f/∂w = 2000, ∂f/∂x = 0.5 (by hand).
  Run large = cli({"eval", "--graph", example("9b_mul_scale_2000.json"), "--json"});
  REQUIRE(large.status == 0);
  const Json result = Json::parse(large.out);
  CHECK(result["output"]["value"] == 1000.0);
  CHECK(result["inputs"][0]["name"] == "w");
  CHECK(result["inputs"][0]["grad"] == 2000.0);
  CHECK(result["inputs"][1]["grad"] == 0.5);
}

TEST_CASE("cli: NaN and infinity are results, shown as strings") {
  Run run = cli({"eval", "--expr", "log(x)", "--set", "x=-1", "--json"});
  REQUIRE(run.status == 0);
  Json result = Json::parse(run.out);
  CHECK(result["output"]["value"] == "nan");
  Run inf = cli({"eval", "--expr", "log(x)", "--set", "x=0", "--json"});
  REQUIRE(inf.status == 0);
  CHECK(Json::parse(inf.out)["output"]["value"] == "-inf");
  CHECK(Json::parse(inf.out)["inputs"][0]["grad"] == "inf");
}

TEST_CASE("cli: trace shows every step and the running sum at a fan-out") {
  Run run = cli({"trace", "--graph", example("5_copy_fanout.json"), "--json"});
  REQUIRE(run.status == 0);
  Json trace = Json::parse(run.out);
  CHECK(trace["forward_steps"] == 3);
  CHECK(trace["backward_steps"] == 3);
  REQUIRE(trace["steps"].size() == 6);
  CHECK(trace["steps"][0]["phase"] == "forward");
  CHECK(trace["steps"][3]["phase"] == "backward");
  CHECK(trace["steps"][3]["upstream"] == 1.0);
  std::vector<double> totals;
  for (const Json& step : trace["steps"])
    if (step["phase"] == "backward")
      for (const Json& in : step["inputs"])
        if (in["node"] == 2) totals.push_back(in["total"]);  // the copy gate
  REQUIRE(totals.size() == 2);
  CHECK(totals[1] == 5.0);
  Run text = cli({"trace", "--expr", "(x+y)*z", "--set", "x=-2", "y=5", "z=-4"});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("forward 1/2") != std::string::npos);
  CHECK(text.out.find("backward 2/2") != std::string::npos);
  CHECK(text.out.find("upstream -4 × local 1") != std::string::npos);
}

TEST_CASE("cli: check passes on every example and fails (exit 1) on a disagreement") {
  for (const char* file : {"1_add_mul.json", "2_sigmoid_neuron_gates.json", "3_sigmoid_neuron.json",
                           "4_gradient_patterns.json", "5_copy_fanout.json",
                           "6_linear_regression.json", "7_binary_cross_entropy.json",
                           "8_two_layer_relu.json", "9_mul_scale.json", "9b_mul_scale_2000.json"}) {
    CAPTURE(file);
    Run run = cli({"check", "--graph", example(file)});
    CHECK(run.status == 0);
    CHECK(run.out.find("gradients agree") != std::string::npos);
  }
  // A coarse step with zero tolerance: the numeric estimate disagrees.
  Run coarse =
      cli({"check", "-e", "exp(x)", "-s", "x=1", "--step", "0.5", "--tolerance", "0", "--json"});
  CHECK(coarse.status == 1);
  Json report = Json::parse(coarse.out);
  CHECK(report["passed"] == false);
  CHECK(report["inputs"][0]["status"] == "MISMATCH");
  Run kink = cli({"check", "-e", "relu(x)", "-s", "x=0", "--json"});
  CHECK(kink.status == 0);
  CHECK(Json::parse(kink.out)["inputs"][0]["status"] == "kink");
}

TEST_CASE("cli: blocked gates give gradient 0, and check's verdicts are honest (issue 11)") {
  // eval: the gradient where a gate blocks an infinite upstream, and x^0 at 0.
  for (auto [expr, x] :
       {std::pair{"sqrt(relu(x))", "x=-1"}, std::pair{"x^0", "x=0"},
        std::pair{"max(0, log(x))", "x=-1"}, std::pair{"max(log(x), 0)", "x=-1"}}) {
    CAPTURE(expr);
    Run run = cli({"eval", "-e", expr, "-s", x, "--json"});
    REQUIRE(run.status == 0);
    Json result = Json::parse(run.out);
    CHECK(result["inputs"][0]["grad"] == 0.0);
  }
  // trace: the stepper's numbers, upstream inf × local 0 = 0, said to be blocked.
  Run trace = cli({"trace", "-e", "sqrt(relu(x))", "-s", "x=-1"});
  REQUIRE(trace.status == 0);
  CHECK(trace.out.find("upstream inf × local 0 (rule: 1 if x > 0 else 0) = 0 (blocked: a zero "
                       "passes nothing, even against inf or NaN)") != std::string::npos);

  // check: the repros now agree (exit 0) ...
  for (auto [expr, x] : {std::pair{"sqrt(relu(x))", "x=-1"}, std::pair{"x^0", "x=0"}}) {
    CAPTURE(expr);
    Run run = cli({"check", "-e", expr, "-s", x});
    CHECK(run.status == 0);
    CHECK(run.out.find("all 1 gradients agree") != std::string::npos);
  }
  // ... steep points do not false-alarm (the plain central difference errs by 1e-6 to 1e-5) ...
  for (auto [expr, x] : {std::pair{"exp(x)", "x=250"}, std::pair{"exp(x)", "x=300"},
                         std::pair{"sin(x)", "x=1000"}}) {
    CAPTURE(expr);
    CAPTURE(x);
    Run run = cli({"check", "-e", expr, "-s", x, "--json"});
    CHECK(run.status == 0);
    Json report = Json::parse(run.out);
    CHECK(report["passed"] == true);
    CHECK(report["inputs"][0]["status"] == "ok");
    CHECK(report["verdict"] == "all 1 gradients agree");
  }
  // ... and an undefined gradient is not agreement: exit 1, no "agree" in the verdict.
  Run undefined = cli({"check", "-e", "log(x)", "-s", "x=-1"});
  CHECK(undefined.status == 1);
  CHECK(undefined.out.find("1 of 1 gradients UNDEFINED") != std::string::npos);
  CHECK(undefined.out.find("agree ") == std::string::npos);
  Run undefined_json = cli({"check", "-e", "sqrt(x)*y", "-s", "x=0", "y=2", "--json"});
  CHECK(undefined_json.status == 1);
  Json report = Json::parse(undefined_json.out);
  CHECK(report["passed"] == false);
  CHECK(report["inputs"][0]["status"] == "undefined");
  CHECK(report["inputs"][0]["analytic"] == "inf");
  CHECK(report["inputs"][0]["error"] == "nan");
  CHECK(report["inputs"][1]["status"] == "ok");
  CHECK(report["verdict"] ==
        "1 of 2 gradients UNDEFINED (not finite, so not compared: no agreement); 1 agrees");
}

TEST_CASE("cli: convert writes a laid-out document that loads back, and DOT") {
  const fs::path out = scratch_dir() / "converted.json";
  Run run = cli({"convert", "-e", "(x+y)*z", "-s", "x=-2", "y=5", "z=-4", "--out", out.string()});
  REQUIRE(run.status == 0);
  Json document = Json::parse(read_file(out));
  CHECK(document["format"] == "gradflow-graph");
  for (const Json& node : document["nodes"]) CHECK(node.contains("pos"));
  Run again = cli({"eval", "--graph", out.string(), "--json"});
  REQUIRE(again.status == 0);
  CHECK(Json::parse(again.out)["output"]["value"] == -12.0);

  Run dot = cli({"convert", "--graph", example("1_add_mul.json"), "--dot"});
  REQUIRE(dot.status == 0);
  CHECK(dot.out.rfind("digraph", 0) == 0);
  CHECK(dot.out.find("rankdir=LR") != std::string::npos);
  CHECK(dot.out.find("#1a7f37\">-12<") != std::string::npos);  // value in green
  CHECK(dot.out.find("#cf222e\">-4<") != std::string::npos);   // gradient in red
}

TEST_CASE("cli: every kind of bad input is one line on stderr and exit 2") {
  check_refused({"eval", "--expr", "(x+*y)"}, "column 4");
  check_refused({"eval", "--expr", "(x+y)*z", "--set", "x=1", "y=2"}, "'z' has no value");
  check_refused({"eval", "--expr", "x*2", "--set", "w=1"}, "no variable 'w'");
  check_refused({"eval", "--expr", "x*2", "--set", "x=abc"}, "not a number");
  check_refused({"eval", "--expr", "x*2", "--set", "x"}, "NAME=VALUE");
  check_refused({"eval", "--expr", "x*2", "--set", "x=nan"}, "finite");
  check_refused({"eval", "--expr", "x*2", "--set", "x=1e999"}, "x=1e999");
  check_refused({"eval", "--graph", (scratch_dir() / "missing.json").string()}, "missing.json");
  check_refused({"eval", "--graph", write_scratch("garbage.json", "{not json").string()},
                "garbage.json");
  check_refused({"eval", "--graph",
                 write_scratch("cycle.json", R"({"format": "gradflow-graph",
    "version": 1, "nodes": [{"id": 0, "op": "neg", "inputs": [1]},
    {"id": 1, "op": "neg", "inputs": [0]}], "output": 0})")
                     .string()},
                "cycle");
  check_refused({"eval", "--graph",
                 write_scratch("unknown_op.json", R"({"format":
    "gradflow-graph", "version": 1, "nodes": [{"id": 0, "op": "frobnicate"}]})")
                     .string()},
                "frobnicate");
  check_refused({"eval"}, "--expr");
  check_refused({"eval", "--expr", "x", "--graph", "y.json"}, "excludes");
  check_refused({"frobnicate"}, "frobnicate");
  check_refused({}, "ubcommand");
  check_refused({"check", "-e", "x", "-s", "x=1", "--step", "-1"}, "--step");
  check_refused({"convert", "-e", "x", "-s", "x=1"}, "--out");
  check_refused({"bench", "eval", "--nodes", "10"}, "--nodes");
}

TEST_CASE("cli: ops lists the table, bench eval prints its JSON") {
  Run ops = cli({"ops", "--json"});
  REQUIRE(ops.status == 0);
  Json table = Json::parse(ops.out);
  REQUIRE(table["ops"].size() == gf::kOps.size());  // every row, in the table's order
  for (std::size_t i = 0; i < gf::kOps.size(); ++i)
    CHECK(table["ops"][i]["name"] == std::string(gf::kOps[i].name));
  CHECK(table["kink_rules"].is_string());
  Run bench = cli({"bench", "eval", "--nodes", "5000", "--runs", "3", "--json"});
  REQUIRE(bench.status == 0);
  Json result = Json::parse(bench.out);
  CHECK(result["nodes"].get<int>() > 4000);
  CHECK(result["forward_ns_per_node"].get<double>() > 0);
  CHECK(result["backward_ns_per_node"].get<double>() > 0);
  Run help = cli({"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("eval") != std::string::npos);
}

// [SECTION] Files: safe writes, non-regular files

TEST_CASE("cli: a link planted at the old temporary name leaves its victim untouched") {
  // The attack of issue 11: the writer used to open PATH.tmp-<pid> without O_EXCL|O_NOFOLLOW.
  const fs::path dir = scratch_dir() / "symlink_attack";
  fs::create_directories(dir);
  std::ofstream(dir / "victim.txt") << "precious";
  const std::string command = "cd " + quote(dir.string()) +
                              " && bash -c 'ln -s victim.txt out.json.tmp-$$; exec " +
                              quote(GRADFLOW_CLI) + " convert --expr x --out out.json' 2>&1";
  const gf::testing::CommandRun ran = gf::testing::run_command(command);
  CAPTURE(ran.out);
  CHECK(ran.status == 0);
  CHECK(read_file(dir / "victim.txt") == "precious");
  Json document = Json::parse(read_file(dir / "out.json"));
  CHECK(document["title"] == "x");
  REQUIRE(document["nodes"].size() == 1);
  CHECK(document["nodes"][0]["name"] == "x");
  // The planted link is still there, pointing where it did; nothing else was left behind.
  int links = 0, files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (fs::is_symlink(entry.symlink_status())) {
      ++links;
      CHECK(fs::read_symlink(entry.path()) == "victim.txt");
    } else {
      ++files;
    }
  }
  CHECK(links == 1);
  CHECK(files == 2);  // victim.txt, out.json
}

TEST_CASE("cli: convert --out through a symbolic link writes the link's target") {
  const fs::path dir = scratch_dir() / "through_link";
  fs::create_directories(dir);
  std::ofstream(dir / "real.json") << "old";
  fs::remove(dir / "link.json");
  fs::create_symlink("real.json", dir / "link.json");
  Run run =
      cli({"convert", "-e", "a*b", "-s", "a=2", "b=3", "--out", (dir / "link.json").string()});
  REQUIRE(run.status == 0);
  CHECK(fs::is_symlink(dir / "link.json"));
  Run again = cli({"eval", "--graph", (dir / "real.json").string(), "--json"});
  REQUIRE(again.status == 0);
  CHECK(Json::parse(again.out)["output"]["value"] == 6.0);
}

TEST_CASE("cli: a FIFO as --graph or --csv is refused at once") {
  const fs::path fifo = scratch_dir() / "pipe";
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  check_refused({"eval", "--graph", fifo.string()}, fifo.string() + ": is a FIFO (named pipe)");
  check_refused({"train", "--csv", fifo.string()}, fifo.string() + ": is a FIFO (named pipe)");
  check_refused({"eval", "--graph", "/dev/zero"}, "/dev/zero: is a device, not a document");
}

// [SECTION] Bounds, repeated and long arguments, terminal safety

TEST_CASE("cli: size options are bounded, seeds are whole numbers that fit 64 bits") {
  check_refused({"bench", "eval", "--nodes", "2147483647"}, "--nodes must be from 200 to 10000000");
  check_refused({"bench", "eval", "--nodes", "10000001"}, "--nodes must be from 200 to 10000000");
  check_refused({"bench", "eval", "--nodes", "5000", "--runs", "0"},
                "--runs must be from 1 to 1000");
  check_refused({"bench", "eval", "--nodes", "5000", "--runs", "1001"}, "--runs");
  for (const char* seed : {"-1", "18446744073709551616", "1e23", "0x10", "1.5", ""}) {
    CAPTURE(seed);
    check_refused({"bench", "eval", "--nodes", "5000", "--runs", "1", "--seed", seed}, "--seed");
  }
  Run largest = cli({"bench", "eval", "--nodes", "500", "--runs", "1", "--seed",
                     "18446744073709551615", "--json"});
  CHECK(largest.status == 0);
}

TEST_CASE("cli: a name given twice to --set is refused, naming both") {
  check_refused({"eval", "-e", "x*2", "--set", "x=1", "x=2"},
                "--set x=2: 'x' is already set by --set x=1 (give each name once)");
  check_refused({"eval", "-e", "x*y", "-s", "x=1", "-s", "y=2", "-s", "x=1"}, "already set");
}

TEST_CASE("cli: an unknown --set name in a huge expression gives a short line") {
  std::string expression = "x0";
  for (int i = 1; i < 15000; ++i) expression += "+x" + std::to_string(i);
  Run run = cli({"eval", "--expr", expression, "--set", "nope=1"});
  CHECK(run.status == 2);
  CHECK(run.err.size() < 300);
  CHECK(run.err ==
        "gradflow-cli: --set nope=1: there is no variable 'nope' (variables: x0, x1, x2, "
        "x3, x4, x5, x6, x7 and 14992 more)\n");
}

TEST_CASE("cli: eval, trace and convert --dot show a title's control bytes escaped") {
  const std::string title = std::string("bad\x1b[2Jtitle\x07 with a nul ") + '\0' + " and \xc2\x9b";
  Json document = {{"format", "gradflow-graph"},
                   {"version", 1},
                   {"title", title},
                   {"nodes", {{{"id", 0}, {"op", "input"}, {"name", "x"}, {"value", 2}}}},
                   {"output", 0}};
  const fs::path file = write_scratch("escape.json", document.dump());
  for (const char* command : {"eval", "trace"}) {
    CAPTURE(command);
    Run run = cli({command, "--graph", file.string()});
    REQUIRE(run.status == 0);
    CHECK(run.out.find('\x1b') == std::string::npos);
    CHECK(run.out.find('\x07') == std::string::npos);
    CHECK(run.out.find('\0') == std::string::npos);
    CHECK(run.out.find("\xc2\x9b") == std::string::npos);
    CHECK(run.out.rfind("bad\\x1b[2Jtitle\\x07 with a nul \\x00 and \\u009b\n", 0) == 0);
  }
  Run dot = cli({"convert", "--graph", file.string(), "--dot"});
  REQUIRE(dot.status == 0);
  CHECK(dot.out.find('\x1b') == std::string::npos);
  CHECK(dot.out.find("label=<bad\\x1b[2Jtitle\\x07 with a nul \\x00 and \\u009b>") !=
        std::string::npos);
}

// [SECTION] Out of memory is a message

// AddressSanitizer reserves terabytes of address space: it cannot run under RLIMIT_AS.
#if !defined(__SANITIZE_ADDRESS__)
namespace {

// Runs the CLI with its address space limited to `kib` KiB (RLIMIT_AS through ulimit -v).
Run cli_limited(long kib, const std::vector<std::string>& args) {
  std::string command = "ulimit -v " + std::to_string(kib) + " && exec " + quote(GRADFLOW_CLI);
  for (const std::string& arg : args) command += " " + quote(arg);
  const fs::path err_file = scratch_dir() / "stderr_limited.txt";
  command += " 2>" + quote(err_file.string()) + " </dev/null";
  const gf::testing::CommandRun ran = gf::testing::run_command(command);
  return {ran.status, ran.out, read_file(err_file)};
}

}  // namespace

TEST_CASE("cli: running out of memory is one line naming what was too big, not an abort") {
  // A chain of 300 000 nodes (about 13 MB of text): reading it needs far more than 200 MB.
  std::string text = R"({"format": "gradflow-graph", "version": 1, "nodes": [
{"id": 0, "op": "input", "name": "x", "value": 0.5})";
  constexpr int kNodes = 300'000;
  for (int i = 1; i < kNodes; ++i)
    text += ",\n{\"id\": " + std::to_string(i) + ", \"op\": \"neg\", \"inputs\": [" +
            std::to_string(i - 1) + "]}";
  text += "], \"output\": " + std::to_string(kNodes - 1) + "}\n";
  const fs::path file = write_scratch("big_chain.json", text);
  Run fits = cli({"eval", "--graph", file.string(), "--json"});
  REQUIRE(fits.status == 0);  // the document itself is fine
  Run run = cli_limited(200'000, {"eval", "--graph", file.string()});
  CAPTURE(run.err);
  CHECK(run.status == 2);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("gradflow-cli: " + file.string() + ": not enough memory to read", 0) == 0);
  CHECK(run.err.find('\n') == run.err.size() - 1);

  Run bench = cli_limited(200'000, {"bench", "eval", "--nodes", "10000000", "--runs", "1"});
  CAPTURE(bench.err);
  CHECK(bench.status == 2);
  CHECK(bench.err == "gradflow-cli: not enough memory for a benchmark graph of 10000000 nodes\n");
}
#endif

TEST_CASE("cli: eval and trace of long add chains (25,000 terms as --expr, a million gates)") {
  using gf::testing::kLongChainGates;
  constexpr double kX = 2.0;  // x+x+...+x with N terms: f = N·x, ∂f/∂x = N
  const std::string expression = gf::testing::add_chain_expression(25'000);
  Run short_chain = cli({"eval", "--expr", expression, "--set", "x=2", "--json"});
  REQUIRE(short_chain.status == 0);
  const nlohmann::json result = nlohmann::json::parse(short_chain.out);
  CHECK(result["output"]["value"] == 25'000 * kX);
  CHECK(result["inputs"][0]["grad"] == 25'000.0);

  const fs::path document = scratch_dir() / "long_chain.json";
  gf::testing::write_add_chain_document(document, kLongChainGates, kX);
  const double terms = kLongChainGates + 1.0;
  Run eval = cli({"eval", "--graph", document.string(), "--json"});
  CAPTURE(eval.err);
  REQUIRE(eval.status == 0);
  const nlohmann::json evaluated = nlohmann::json::parse(eval.out);
  CHECK(evaluated["output"]["id"] == kLongChainGates);
  CHECK(evaluated["output"]["value"] == terms * kX);
  CHECK(evaluated["inputs"][0]["grad"] == terms);

  // The trace's last line: the last contribution reaching x, its total now N.
  Run trace = cli({"trace", "--graph", document.string()});
  REQUIRE(trace.status == 0);
  const std::size_t last_line = trace.out.rfind('\n', trace.out.size() - 2);
  const std::string last = trace.out.substr(last_line + 1);
  CAPTURE(last);
  CHECK(last.find("\u2202f/\u2202x += \u2192 " + std::to_string(kLongChainGates + 1)) !=
        std::string::npos);
}

TEST_CASE("cli: a document without an output uses the one gate nothing uses, as the window does") {
  // (x+y)·z built by hand and saved before any output was chosen: DESIGN.md example 1.
  const std::string nodes = R"({"format": "gradflow-graph", "version": 1, "nodes": [
    {"id": 0, "op": "input", "name": "x", "value": -2},
    {"id": 1, "op": "input", "name": "y", "value": 5},
    {"id": 2, "op": "input", "name": "z", "value": -4},
    {"id": 3, "op": "add", "inputs": [0, 1]},
    {"id": 4, "op": "mul", "inputs": [3, 2]})";
  const fs::path built = write_scratch("no_output.json", nodes + "]}");
  Run eval = cli({"eval", "--graph", built.string(), "--json"});
  CAPTURE(eval.err);
  REQUIRE(eval.status == 0);
  const nlohmann::json result = nlohmann::json::parse(eval.out);
  CHECK(result["output"]["id"] == 4);
  CHECK(result["output"]["value"] == -12.0);
  std::map<std::string, double> grads;
  for (const auto& input : result["inputs"]) grads[input["name"]] = input["grad"];
  CHECK(grads == std::map<std::string, double>{{"x", -4.0}, {"y", -4.0}, {"z", 3.0}});

  // Two gates that nothing uses: no guess, and the message says what is missing.
  const fs::path two =
      write_scratch("two_outputs.json", nodes + R"(, {"id": 5, "op": "exp", "inputs": [0]}]})");
  Run refused = cli({"eval", "--graph", two.string()});
  CHECK(refused.status != 0);
  CHECK(refused.err.find("output") != std::string::npos);
}
