// GUI tests of the lab's rewind slider (issue 14): the real gradflow window, rewound headlessly
// (--train-steps N --rewind-to S) and checked against a fresh run of S steps, in the lab (its
// exported weights, bit for bit) and in gradflow-cli (its losses); then a person at the window
// (xdotool) drags the slider back and steps from there, which forks the run.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gui_window.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path scratch() { return gf::testing::scratch_dir("gradflow_gui_lab_rewind_tests"); }
std::string quote(const std::string& arg) { return gf::testing::shell_quote(arg); }

// gradflow --lab with `args`, a screenshot, its labels and the weights it exported.
struct Capture {
  int status = -1;
  Json labels, weights;
};
Capture capture(const std::vector<std::string>& args, const std::string& name) {
  const fs::path png = scratch() / (name + ".png"), labels = scratch() / (name + ".json"),
                 weights = scratch() / (name + "_weights.json");
  fs::remove(labels);
  fs::remove(weights);
  std::string command = quote(GRADFLOW_GUI) + " --lab --no-session --size 1280x800 --screenshot " +
                        quote(png.string()) + " --dump-labels " + quote(labels.string()) +
                        " --export-weights " + quote(weights.string());
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " >/dev/null 2>&1 </dev/null";
  Capture result;
  const int raw = std::system(command.c_str());
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  if (fs::exists(labels)) result.labels = Json::parse(gf::testing::read_file(labels));
  if (fs::exists(weights)) result.weights = Json::parse(gf::testing::read_file(weights));
  return result;
}

bool has(const Json& labels, const std::string& text) {
  for (const Json& label : labels["labels"])
    if (label["text"] == text) return true;
  return false;
}

std::string starting(const Json& labels, const std::string& prefix) {
  for (const Json& label : labels["labels"])
    if (label["text"].get<std::string>().rfind(prefix, 0) == 0) return label["text"];
  return {};
}

// The slider's label "step S / L": S and L (-1 when absent).
std::pair<int, int> slider_steps(const Json& labels) {
  int shown = -1, latest = -1;
  for (const Json& label : labels["labels"])
    if (std::sscanf(label["text"].get<std::string>().c_str(), "step %d / %d", &shown, &latest) == 2)
      return {shown, latest};
  return {-1, -1};
}

}  // namespace

TEST_CASE("gui lab rewind: step 300 after 2000 shows and exports a fresh 300-step run's weights") {
  const std::vector<std::string> xor_seed_2 = {"--dataset", "xor", "--seed", "2"};
  std::vector<std::string> rewound = xor_seed_2, fresh = xor_seed_2;
  for (const char* arg : {"--train-steps", "2000", "--rewind-to", "300"}) rewound.push_back(arg);
  for (const char* arg : {"--train-steps", "300"}) fresh.push_back(arg);
  const Capture back = capture(rewound, "rewound"), ahead = capture(fresh, "fresh");
  REQUIRE(back.status == 0);
  REQUIRE(ahead.status == 0);
  CHECK(has(back.labels, "step 300 / 2000"));
  CHECK(has(back.labels, "Play forks here"));
  CHECK(has(back.labels, "300"));         // the step counter
  CHECK(has(back.labels, "2000 steps"));  // the curves' axis still spans the whole run
  REQUIRE(back.weights.contains("layers"));
  CHECK(back.weights["step"] == 300);
  CHECK(back.weights["layers"] == ahead.weights["layers"]);  // every double, bit for bit

  // gradflow-cli's own run of 300 steps: the same losses as the rewound lab shows.
  const fs::path out = scratch() / "cli.json";
  std::string command = quote(GRADFLOW_CLI) + " train --steps 300 --json";
  for (const std::string& arg : xor_seed_2) command += " " + quote(arg);
  REQUIRE(std::system((command + " >" + quote(out.string())).c_str()) == 0);
  const Json cli = Json::parse(gf::testing::read_file(out));
  char expected[48];
  std::snprintf(expected, sizeof expected, "Test loss %.3f", cli["test_loss"].get<double>());
  CHECK(starting(back.labels, "Test loss ") == expected);
  std::snprintf(expected, sizeof expected, "Training loss %.3f", cli["train_loss"].get<double>());
  CHECK(starting(back.labels, "Training loss ") == expected);
}

TEST_CASE("gui lab rewind: --rewind-to with compare mode is refused with a message") {
  const Capture refused = capture({"--compare", "--train-steps", "10", "--rewind-to", "5"}, "bad");
  CHECK(refused.status == 2);
}

TEST_CASE("gui lab rewind: dragging the slider back, then Step, forks the run there (xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  const fs::path labels = scratch() / "live.json";
  const pid_t pid = gf::testing::spawn_window(
      scratch(), labels, {"--lab", "--no-session", "--dataset", "xor", "--train-steps", "1000"});
  const Json start = gf::testing::wait_for_labels(
      labels, [](const Json& l) { return l.contains("labels") && has(l, "step 1000 / 1000"); });
  REQUIRE(start.contains("labels"));
  Json slider;
  for (const Json& label : start["labels"])
    if (label["text"] == "step 1000 / 1000") slider = label;
  const double x = slider["x"], w = slider["w"];
  const int y = static_cast<int>(slider["y"].get<double>() + slider["h"].get<double>() / 2);
  auto at = [&](double fraction) {
    return std::to_string(static_cast<int>(x + w * fraction)) + " " + std::to_string(y);
  };
  // From the grab at the right end, through the middle, to a quarter: a drag, live.
  CHECK(gf::testing::xdo("xdotool mousemove --window $W " + at(0.98) +
                         " && sleep 0.2 && xdotool mousedown 1 && sleep 0.2 && "
                         "xdotool mousemove --window $W " +
                         at(0.6) + " && sleep 0.2 && xdotool mousemove --window $W " + at(0.25) +
                         " && sleep 0.3 && xdotool mouseup 1 && sleep 0.3"));
  const Json rewound = gf::testing::wait_for_labels(labels, [](const Json& l) {
    const auto [shown, latest] = slider_steps(l);
    return latest == 1000 && shown < 1000;
  });
  REQUIRE(rewound.contains("labels"));
  const int step = slider_steps(rewound).first;
  CHECK(step > 150);  // about a quarter of the way
  CHECK(step < 350);
  CHECK(has(rewound, std::to_string(step)));  // the step counter went back too
  CHECK(has(rewound, "Play forks here"));

  CHECK(gf::testing::xdo("xdotool key s && sleep 0.3"));  // one step from there: a fork
  const Json forked = gf::testing::wait_for_labels(
      labels, [&](const Json& l) { return has(l, "forked at step " + std::to_string(step)); });
  REQUIRE(forked.contains("labels"));
  const auto [shown, latest] = slider_steps(forked);
  CHECK(shown == step + 1);
  CHECK(latest == step + 1);  // the later steps are gone
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}
