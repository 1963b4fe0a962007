// `gradflow-cli train --problem regression`, run as a user would: Playground's plane and
// multigauss fitted to the bars, the JSON contract (test RMSE, target range, baseline
// RMSE), x,y,value CSV files, and one line on stderr with exit 2 for every bad option.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

using Json = nlohmann::json;

namespace {

// Under the sanitizers a 2,000-step fit is ~20x slower: one seed each there (the release run
// checks them all; the bars are about numbers, the sanitizers about memory).
#if defined(__SANITIZE_ADDRESS__)
const std::vector<const char*> kPlaneSeeds = {"1"};
const std::vector<const char*> kMultigaussSeeds = {"1"};
#else
const std::vector<const char*> kPlaneSeeds = {"1", "2", "3"};
const std::vector<const char*> kMultigaussSeeds = {"1", "2", "3", "4", "5"};
#endif

std::filesystem::path scratch() { return gf::testing::scratch_dir("gradflow_cli_regression"); }

gf::testing::CliRun run_cli(const std::vector<std::string>& args) {
  return gf::testing::run_cli(args, scratch());
}

Json run_json(std::vector<std::string> args) {
  args.insert(args.begin(), "train");
  args.push_back("--json");
  gf::testing::CliRun run = run_cli(args);
  CAPTURE(run.err);
  REQUIRE(run.status == 0);
  return Json::parse(run.out);
}

void check_refused(const std::vector<std::string>& args, const std::string& expected) {
  gf::testing::check_refused(args, expected, scratch());
}

}  // namespace

TEST_CASE("cli regression: plane, with --problem regression's defaults, to 5% of the range") {
  for (const char* seed : kPlaneSeeds) {
    CAPTURE(seed);
    const Json r = run_json({"--problem", "regression", "--dataset", "plane", "--noise", "0",
                             "--steps", "2000", "--seed", seed});
    CHECK(r["problem"] == "regression");
    CHECK(r["status"] == "finished");
    // The defaults --problem regression picks: x1, x2, sin x1, sin x2 into 16,16 tanh
    // (xavier), lr 0.1, momentum 0.9.
    CHECK(r["network"] == "4-16-16-1");
    // (x + y)/10 on [-6, 6]²: values within ±1.2; 500 points come close to both ends. The
    // baseline is about the values' standard deviation, √(2·12²/12)/10 ≈ 0.49.
    const double range = r["target_range"].get<double>();
    CHECK(range <= 2.4);
    CHECK(range > 2.0);
    CHECK(r["baseline_rmse"].get<double>() == doctest::Approx(0.49).epsilon(0.15));
    const double test_rmse = r["test_rmse"].get<double>();
    CHECK(test_rmse <= 0.05 * range);
    CHECK(test_rmse * test_rmse == doctest::Approx(r["test_loss"].get<double>()));
    CHECK(r["train_rmse"].get<double>() ==
          doctest::Approx(std::sqrt(r["train_loss"].get<double>())));
    CHECK(r["test_accuracy"].is_null());
    CHECK(r["classes"].is_null());
  }
}

TEST_CASE("cli regression: multigauss with the defaults to a fifth of the baseline") {
  for (const char* seed : kMultigaussSeeds) {
    CAPTURE(seed);
    const Json r = run_json({"--problem", "regression", "--dataset", "multigauss", "--noise", "0",
                             "--steps", "2000", "--seed", seed});
    CHECK(r["problem"] == "regression");  // the dataset's problem type
    CHECK(r["network"] == "4-16-16-1");
    // Six bumps of ±1: values from −1 to 1, and the centres are rarely hit exactly.
    CHECK(r["target_range"].get<double>() <= 2.0);
    CHECK(r["target_range"].get<double>() > 1.5);
    CHECK(r["test_rmse"].get<double>() <= r["baseline_rmse"].get<double>() / 5);
  }
}

TEST_CASE("cli regression: x,y,value files, text output, the numbers of a file by hand") {
  const auto csv = scratch() / "values.csv";
  std::ofstream(csv) << "x,y,value\n0,0,1\n1,0,3\n0,1,0\n1,1,4\n";
  const Json r = run_json(
      {"--problem", "regression", "--csv", csv.string(), "--train-fraction", "1", "--steps", "20"});
  CHECK(r["train_points"] == 4);
  CHECK(r["target_range"] == 4.0);
  CHECK(r["baseline_rmse"].is_null());  // no test points
  CHECK(r["test_rmse"].is_null());

  gf::testing::CliRun text = run_cli({"train", "--dataset", "plane", "--steps", "50"});
  CAPTURE(text.err);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("regression; network 4-16-16-1, loss mse") != std::string::npos);
  CHECK(text.out.find("test RMSE") != std::string::npos);
  CHECK(text.out.find("baseline RMSE") != std::string::npos);
}

TEST_CASE("cli regression: every bad option or file is one line naming it, exit 2") {
  check_refused({"train", "--problem", "regresion", "--dataset", "plane"},
                "--problem: unknown value 'regresion' (one of: classification, regression)");
  check_refused({"train", "--problem", "regression", "--dataset", "circle"},
                "--dataset circle is a classification dataset; for --problem regression use one "
                "of: plane, multigauss");
  check_refused({"train", "--problem", "classification", "--dataset", "multigauss"},
                "--dataset multigauss is a regression dataset");
  check_refused({"train", "--dataset", "plane", "--loss", "hinge"},
                "--loss: regression fits values with the squared error (mse), not hinge");
  std::ofstream(scratch() / "nan.csv") << "x,y,value\n1,2,0.5\n3,4,nan\n5,6,inf\n";
  check_refused({"train", "--problem", "regression", "--csv", (scratch() / "nan.csv").string()},
                "line 3: value is not finite ('nan') (and 1 more problems)");
  std::ofstream(scratch() / "labels.csv") << "x,y,label\n1,2,0\n3,4,1\n";
  check_refused({"train", "--problem", "regression", "--csv", (scratch() / "labels.csv").string()},
                "line 1: the header says x,y,label, a classification file");
}
