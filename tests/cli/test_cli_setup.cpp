// `gradflow-cli train --setup F` and `--save-setup F`: a lab file trains on exactly where it
// stopped, training flags replace its settings, and every bad file or flag is refused (exit 2,
// one line naming what is wrong).
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

using Json = nlohmann::json;

namespace {

std::filesystem::path scratch() { return gf::testing::scratch_dir("gradflow_cli_setup_tests"); }

gf::testing::CliRun run_cli(const std::vector<std::string>& args) {
  return gf::testing::run_cli(args, scratch());
}

void check_refused(const std::vector<std::string>& args, const std::string& expected) {
  gf::testing::check_refused(args, expected, scratch());
}

std::string path_of(const std::string& name) { return (scratch() / name).string(); }

Json read_json(const std::string& path) { return Json::parse(gf::testing::read_file(path)); }

// XOR seed 2 with the defaults, 300 steps, saved as a lab file.
std::string saved_setup() {
  const std::string path = path_of("xor-300.json");
  const gf::testing::CliRun run = run_cli({"train", "--dataset", "xor", "--seed", "2", "--steps",
                                           "300", "--save-setup", path, "--json"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  return path;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("cli train --setup: 300 steps saved, then 200 more, equal 500 steps in one run") {
  const std::string setup = saved_setup();
  const Json saved = read_json(setup);
  CHECK(saved["format"] == "gradflow-lab");
  CHECK(saved["state"]["step"] == 300);
  CHECK(saved["data"]["points"].size() == 500);
  CHECK(saved["history"]["batch_losses"].size() == 300);
  CHECK(saved["training"]["max_steps"] == 0);  // the lab plays on

  const gf::testing::CliRun resumed = run_cli({"train", "--setup", setup, "--steps", "200",
                                               "--save-setup", path_of("xor-500.json"), "--json"});
  REQUIRE_MESSAGE(resumed.status == 0, resumed.err);
  const gf::testing::CliRun whole =
      run_cli({"train", "--dataset", "xor", "--seed", "2", "--steps", "500", "--json"});
  REQUIRE(whole.status == 0);
  const Json a = Json::parse(resumed.out), b = Json::parse(whole.out);
  CHECK(a["steps"] == 500);
  for (const char* key : {"final_loss", "train_loss", "test_loss", "train_accuracy",
                          "test_accuracy", "epochs", "test_confusion"}) {
    CAPTURE(key);
    CHECK(a[key] == b[key]);  // bit for bit: JSON numbers in full
  }
  const Json after = read_json(path_of("xor-500.json"));
  CHECK(after["state"]["step"] == 500);
  CHECK(after["history"]["batch_losses"].size() == 500);
}

TEST_CASE("cli train --setup: training flags replace the file's settings, the rest stays") {
  const std::string setup = saved_setup();
  const std::string out = path_of("xor-lr.json");
  const gf::testing::CliRun run = run_cli({"train", "--setup", setup, "--lr", "0.5", "--batch",
                                           "10", "--steps", "3", "--save-setup", out});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  CHECK(run.out.find("from step 300") != std::string::npos);
  const Json saved = read_json(out);
  CHECK(saved["training"]["learning_rate"] == 0.5);
  CHECK(saved["training"]["batch_size"] == 10);
  CHECK(saved["training"]["momentum"] == 0.9);  // the file's (the defaults')
  CHECK(saved["state"]["step"] == 303);
}

TEST_CASE("cli train --setup: bad files and flags are refused with exit 2") {
  const std::string setup = saved_setup();
  check_refused({"train", "--setup", path_of("missing.json")}, "missing.json");
  const std::string future = path_of("future.json");
  Json root = read_json(setup);
  root["version"] = 999;
  write_text(future, root.dump());
  check_refused({"train", "--setup", future}, "version 999 is newer than this gradflow reads");
  const std::string broken = path_of("broken.json");
  root = read_json(setup);
  root["state"]["parameters"][0] = "NaN";
  write_text(broken, root.dump());
  check_refused({"train", "--setup", broken}, "state.parameters[0] must be a number, not a string");
  write_text(broken, "{\"format\": \"gradflow-lab\", ");
  check_refused({"train", "--setup", broken}, "not valid JSON");
  check_refused({"train", "--setup", setup, "--hidden", "3"},
                "--hidden cannot be combined with --setup");
  check_refused({"train", "--setup", setup, "--dataset", "circle"},
                "--dataset cannot be combined with --setup");
  check_refused({"train", "--setup", setup, "--steps", "0"}, "--steps must be from 1");
  check_refused({"train", "--setup", setup, "--momentum", "1.5"}, "--momentum");
  // A run that diverged is saved at its last finite weights (exit 1, as without --save-setup),
  // and opens again there.
  const std::string diverged = path_of("diverged.json");
  const gf::testing::CliRun run =
      run_cli({"train", "--dataset", "xor", "--loss", "mse", "--output-activation", "linear",
               "--lr", "1e6", "--steps", "50", "--json", "--save-setup", diverged});
  CHECK(run.status == 1);
  const int at = Json::parse(run.out)["diverged_at_step"].get<int>();
  CHECK(read_json(diverged)["state"]["step"] == at - 1);
  CHECK(read_json(diverged)["history"]["batch_losses"].size() == static_cast<std::size_t>(at - 1));
  const gf::testing::CliRun reopened = run_cli({"train", "--setup", diverged, "--steps", "1"});
  CHECK(reopened.status != 2);  // it opens (and its huge momentum may diverge again)
  CHECK(reopened.out.find("from step " + std::to_string(at - 1)) != std::string::npos);
}
