// `gradflow-cli train` and `gradflow-cli bench train`, run as a user would: the JSON contract,
// determinism per seed, the accuracy bar of micrograd's demo, the point graph written as a
// document that `eval` reads, and one line on stderr with exit 2 for every bad option.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

using Json = nlohmann::json;

namespace {

std::filesystem::path scratch() { return gf::testing::scratch_dir("gradflow_cli_train_tests"); }

gf::testing::CliRun run_cli(const std::vector<std::string>& args) {
  return gf::testing::run_cli(args, scratch());
}

void check_refused(const std::vector<std::string>& args, const std::string& expected) {
  gf::testing::check_refused(args, expected, scratch());
}

// (every setting spelled out: the defaults are Playground's since issue 14; --preset micrograd is
// this run, tests/cli/test_cli_defaults.cpp)
const std::vector<std::string> kMicrogradDemo = {
    "train",         "--dataset",        "moons",   "--points", "100",     "--noise",
    "0.1",           "--train-fraction", "1",       "--hidden", "16,16",   "--activation",
    "relu",          "--loss",           "hinge",   "--l2",     "1e-4",    "--regularize-biases",
    "--lr-schedule", "micrograd",        "--lr",    "1",        "--batch", "0",
    "--init",        "uniform",          "--steps", "100",      "--json"};

}  // namespace

TEST_CASE("cli train: micrograd's demo, the JSON contract and the accuracy bar") {
  gf::testing::CliRun run = run_cli(kMicrogradDemo);
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  Json result = Json::parse(run.out);
  for (const char* key : {"steps", "final_loss", "train_accuracy", "test_accuracy", "us_per_step"})
    CHECK_MESSAGE(result.contains(key), key);
  CHECK(result["steps"] == 100);
  CHECK(result["train_accuracy"].get<double>() >= 0.97);
  CHECK(result["test_accuracy"].is_null());  // every point trains, as in micrograd's demo
  CHECK(result["final_loss"].get<double>() < 0.1);
  CHECK(result["us_per_step"].get<double>() > 0);
  CHECK(result["network"] == "2-16-16-1");
  CHECK(result["parameters"] == 337);
  CHECK(result["status"] == "finished");

  // Deterministic per seed: everything but the timing repeats; another seed differs.
  gf::testing::CliRun again = run_cli(kMicrogradDemo);
  Json second = Json::parse(again.out);
  result.erase("us_per_step");
  second.erase("us_per_step");
  CHECK(result == second);
  std::vector<std::string> other = kMicrogradDemo;
  other.push_back("--seed");
  other.push_back("7");
  Json third = Json::parse(run_cli(other).out);
  CHECK(third["final_loss"] != result["final_loss"]);
}

TEST_CASE("cli train: text output, CSV input, and the point graph for eval") {
  const auto csv = scratch() / "points.csv";
  std::ofstream(csv)
      << "x,y,label\n-1,-1,0\n-1.2,-0.8,0\n1,1,1\n1.1,0.9,1\n-0.9,-1.1,0\n0.8,1.2,1\n";
  const auto graph = scratch() / "point.json";
  gf::testing::CliRun run =
      run_cli({"train", "--csv", csv.string(), "--train-fraction", "1", "--hidden", "3",
               "--activation", "tanh", "--loss", "bce", "--lr", "0.5", "--steps", "50",
               "--graph-out", graph.string(), "--point", "2"});
  CAPTURE(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.out.find("6 points (6 train, 0 test), 2 classes; network 2-3-1, loss bce") !=
        std::string::npos);
  CHECK(run.out.find("step 50:") != std::string::npos);
  CHECK(run.out.find("µs per step") != std::string::npos);
  // The written document is the loss of point 2 (1, 1, class 1), evaluable by `eval`.
  gf::testing::CliRun eval = run_cli({"eval", "--graph", graph.string(), "--json"});
  REQUIRE(eval.status == 0);
  Json evaluated = Json::parse(eval.out);
  CHECK(evaluated["output"]["value"].get<double>() >= 0);
  bool has_x1 = false;
  for (const Json& input : evaluated["inputs"])
    if (input["name"] == "x1") has_x1 = input["value"] == 1.0;
  CHECK(has_x1);

  std::ofstream(scratch() / "bad.csv") << "x,y,label\n1,2,0\n1,zz,1\n1,2\n";
  check_refused({"train", "--csv", (scratch() / "bad.csv").string()},
                "line 3: y is not a number ('zz') (and 1 more problems)");
}

TEST_CASE("cli train: multi-class data, minibatches, momentum, and a diverging run") {
  gf::testing::CliRun run =
      run_cli({"train",        "--dataset", "blobs3",  "--points", "150",        "--hidden", "8",
               "--activation", "tanh",      "--batch", "10",       "--momentum", "0.9",      "--lr",
               "0.01",         "--steps",   "300",     "--init",   "xavier",     "--json"});
  REQUIRE(run.status == 0);
  Json result = Json::parse(run.out);
  CHECK(result["classes"] == 3);
  CHECK(result["network"] == "2-8-3");  // softmax by default for three classes
  CHECK(result["test_accuracy"].get<double>() >= 0.9);
  CHECK(result["test_confusion"].size() == 9);

  gf::testing::CliRun diverged = run_cli(
      {"train", "--dataset", "xor", "--loss", "mse", "--output-activation", "linear", "--lr", "1e6",
       "--steps", "50", "--json"});  // (a tanh output, mse's default, stays bounded)
  CHECK(diverged.status == 1);
  Json d = Json::parse(diverged.out);
  CHECK(d["status"] == "diverged");
  CHECK(d["diverged_at_step"].get<int>() >= 1);
}

TEST_CASE("cli train: every bad option is one line naming it, exit 2") {
  check_refused({"train"}, "--dataset NAME or --csv FILE");
  check_refused({"train", "--dataset", "moonz"}, "--dataset: unknown dataset 'moonz'");
  check_refused({"train", "--dataset", "xor", "--hidden", "0"}, "--hidden: '0'");
  check_refused({"train", "--dataset", "xor", "--hidden", "8,33"}, "--hidden: '33'");
  check_refused({"train", "--dataset", "xor", "--hidden", "1,1,1,1,1,1,1,1,1"}, "at most 8");
  check_refused({"train", "--dataset", "xor", "--hidden", "8,x"}, "--hidden: 'x'");
  check_refused({"train", "--dataset", "xor", "--activation", "gelu"},
                "--activation: unknown value 'gelu' (one of: relu, tanh, sigmoid, linear)");
  check_refused({"train", "--dataset", "xor", "--hidden", "4,4", "--activation", "relu,tanh,tanh"},
                "--activation: give one activation, or one per hidden layer");
  check_refused({"train", "--dataset", "xor", "--loss", "nll"}, "--loss: unknown value 'nll'");
  check_refused({"train", "--dataset", "xor", "--features", "x1,cosx1"},
                "--features: unknown value 'cosx1'");
  check_refused({"train", "--dataset", "xor", "--features", "x1,x1"}, "x1 is listed twice");
  check_refused({"train", "--dataset", "xor", "--init", "zeros"}, "--init: unknown value 'zeros'");
  check_refused({"train", "--dataset", "xor", "--lr", "-1"}, "--lr must be a positive number");
  check_refused({"train", "--dataset", "xor", "--lr", "abc"}, "--lr");
  check_refused({"train", "--dataset", "xor", "--lr-schedule", "cosine"}, "--lr-schedule");
  check_refused({"train", "--dataset", "xor", "--l1", "0.1", "--l2", "0.1"}, "--l1");
  check_refused({"train", "--dataset", "xor", "--l2", "-0.1"}, "--l2 must be a non-negative");
  check_refused({"train", "--dataset", "xor", "--batch", "-3"}, "--batch");
  check_refused({"train", "--dataset", "xor", "--steps", "0"}, "--steps must be from 1");
  check_refused({"train", "--dataset", "xor", "--points", "1"}, "--points must be from 2");
  check_refused({"train", "--dataset", "xor", "--noise", "-1"}, "--noise must be a number");
  check_refused({"train", "--dataset", "xor", "--momentum", "1"}, "--momentum");
  check_refused({"train", "--dataset", "xor", "--train-fraction", "2"}, "--train-fraction");
  check_refused({"train", "--dataset", "xor", "--output-activation", "relu"},
                "the output activation must be linear or tanh");
  check_refused({"train", "--dataset", "xor", "--csv", "x.csv"}, "--dataset");
  check_refused({"train", "--csv", "/nonexistent.csv"}, "cannot open");
  check_refused({"train", "--dataset", "xor", "--graph-out", "g.json", "--point", "9999"},
                "--point must be from 0 to 499");
  check_refused({"bench", "train", "--runs", "0"}, "--runs must be from 1");
}

TEST_CASE("cli bench train: micrograd's demo, median step time and the 256x256 grid") {
  gf::testing::CliRun run = run_cli({"bench", "train", "--runs", "2", "--json"});
  REQUIRE(run.status == 0);
  Json result = Json::parse(run.out);
  CHECK(result["us_per_step"].get<double>() > 0);
  CHECK(result["grid256_ms"].get<double>() > 0);
  CHECK(result["dense_grid256_ms"].get<double>() > 0);
  CHECK(result["steps"] == 200);
  CHECK(result["train_accuracy"].get<double>() >= 0.97);
  MESSAGE("bench train: " << run.out);
}

// [SECTION] Issue 11: the data's edge cases, seeds, memory

TEST_CASE("cli train: a split that leaves no training point is refused, not a NaN loss") {
  check_refused({"train", "--dataset", "moons", "--train-fraction", "0"},
                "--train-fraction 0 leaves no training points (of 100); give a larger fraction");
  std::ofstream(scratch() / "two.csv") << "x,y,label\n1,2,0\n3,4,1\n";
  check_refused({"train", "--csv", (scratch() / "two.csv").string(), "--train-fraction", "0.2"},
                "leaves no training points (of 2)");
}

TEST_CASE("cli train: one rule for CSV files: one point refused, a byte-order mark accepted") {
  std::ofstream(scratch() / "one.csv") << "x,y,label\n1,2,0\n";
  check_refused({"train", "--csv", (scratch() / "one.csv").string()},
                "one.csv: only 1 point: a dataset needs at least 2");
  std::ofstream(scratch() / "bom.csv") << "\xEF\xBB\xBFx,y,label\n1,2,0\n-1,-2,1\n3,3,0\n-3,-3,1\n";
  gf::testing::CliRun run = run_cli({"train", "--csv", (scratch() / "bom.csv").string(),
                                     "--train-fraction", "1", "--steps", "5", "--json"});
  CAPTURE(run.err);
  REQUIRE(run.status == 0);
  CHECK(Json::parse(run.out)["train_points"] == 4);
}

TEST_CASE("cli train: --seed is a whole number from 0 to 2^64-1") {
  for (const char* seed : {"-1", "18446744073709551616", "1e23", "abc"}) {
    CAPTURE(seed);
    check_refused({"train", "--dataset", "moons", "--steps", "1", "--seed", seed},
                  "is not a seed (a whole number from 0 to 18446744073709551615)");
  }
  // The largest seed is a seed of its own: a different run from seed 0.
  auto accuracy_with = [](const char* seed) {
    gf::testing::CliRun run = run_cli({"train", "--dataset", "spiral", "--points", "200", "--steps",
                                       "20", "--seed", seed, "--json"});
    REQUIRE(run.status == 0);
    return Json::parse(run.out)["final_loss"].get<double>();
  };
  CHECK(accuracy_with("18446744073709551615") != accuracy_with("0"));
}

#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer cannot run under RLIMIT_AS
TEST_CASE("cli train: more points than memory for a deep network is one line, not an abort") {
  // 200 000 points through 8 layers of 32: full batches need gigabytes; 1 GB is allowed.
  std::string csv = "x,y,label\n";
  for (int i = 0; i < 200'000; ++i)
    csv +=
        std::to_string(i % 97) + "," + std::to_string(i % 89) + "," + std::to_string(i % 2) + "\n";
  std::ofstream(scratch() / "many.csv") << csv;
  const std::string command =
      "ulimit -v 1000000 && exec " + gf::testing::shell_quote(GRADFLOW_CLI) + " train --csv " +
      gf::testing::shell_quote((scratch() / "many.csv").string()) +
      " --train-fraction 1 --batch 0 --hidden 32,32,32,32,32,32,32,32 --steps 1 2>&1 </dev/null";
  const gf::testing::CommandRun ran = gf::testing::run_command(command);
  const std::string& output = ran.out;
  CAPTURE(output);
  CHECK(ran.status == 2);
  CHECK(output.rfind("gradflow-cli: not enough memory to train this network on batches of "
                     "200000 points",
                     0) == 0);
  CHECK(output.find('\n') == output.size() - 1);
}
#endif

// The lab's spellings (gradflow --lab) are aliases here, and the other way round (run_settings.hpp):
// the same run, the same numbers.
TEST_CASE("cli train: --points-csv and --train-steps are --csv and --steps") {
  const auto csv = scratch() / "alias.csv";
  std::ofstream(csv) << "x,y,label\n-1,-1,0\n-1.2,-0.8,0\n1,1,1\n1.1,0.9,1\n";
  auto trained = [&](const char* csv_flag, const char* steps_flag) {
    gf::testing::CliRun run = run_cli({"train", csv_flag, csv.string(), "--train-fraction", "1",
                                       "--hidden", "3", steps_flag, "7", "--json"});
    CAPTURE(run.err);
    REQUIRE(run.status == 0);
    Json result = Json::parse(run.out);
    result.erase("us_per_step");
    return result;
  };
  const Json canonical = trained("--csv", "--steps");
  CHECK(canonical["steps"] == 7);
  CHECK(trained("--points-csv", "--train-steps") == canonical);
  check_refused({"train", "--dataset", "xor", "--train-steps", "0"}, "--steps must be from 1");
  // One error style with the lab: "--flag: unknown value 'x' (one of: ...)".
  check_refused({"train", "--dataset", "xor", "--features", "x3"},
                "--features: unknown value 'x3' (one of: x1, x2, x1sq");
  check_refused({"train", "--dataset", "xor", "--hidden", "4,99"},
                "--hidden: '99' is not a neuron count from 1 to 32");
}
