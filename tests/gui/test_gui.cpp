// GUI tests: the real gradflow window under Xvfb (CTest runs this binary through xvfb-run).
// They check what is drawn, not just that nothing crashed: every text on the canvas comes back
// from --dump-labels with its kind, colour, box and wire, and the PNG's pixels are read back.
#include <doctest/doctest.h>
#include <signal.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gui_support.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path scratch() { return gf::testing::scratch_dir("gradflow_gui_tests"); }
std::string quote(const std::string& arg) { return gf::testing::shell_quote(arg); }
std::string read_text(const fs::path& path) { return gf::testing::read_file(path); }

struct Shot {
  int status = -1;
  std::string err;
  Json labels;
  fs::path png;
};

// Runs gradflow --screenshot with --dump-labels and the given arguments.
Shot screenshot(const std::vector<std::string>& args, const std::string& name = "shot") {
  Shot shot;
  shot.png = scratch() / (name + ".png");
  const fs::path labels = scratch() / (name + ".json");
  const fs::path err = scratch() / (name + ".err");
  fs::remove(labels);
  std::string command = quote(GRADFLOW_GUI) + " --screenshot " + quote(shot.png.string()) +
                        " --dump-labels " + quote(labels.string());
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " 2>" + quote(err.string()) + " >/dev/null </dev/null";
  const int raw = std::system(command.c_str());
  shot.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  shot.err = read_text(err);
  if (fs::exists(labels)) shot.labels = Json::parse(read_text(labels));
  return shot;
}

// What a run of gradflow said and how long it took (for the runs that must fail, or wait).
struct Ran {
  int status = -1;
  std::string err;
  double seconds = 0;
};

// Runs `shell_prefix gradflow ARGS` (the prefix sets the environment or limits, e.g. "DISPLAY=:5").
Ran run_gui(const std::vector<std::string>& args, const std::string& name,
            const std::string& shell_prefix = "") {
  const fs::path err = scratch() / (name + ".err");
  std::string command = shell_prefix + " " + quote(GRADFLOW_GUI);
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " 2>" + quote(err.string()) + " >/dev/null </dev/null";
  const auto start = std::chrono::steady_clock::now();
  const int raw = std::system(command.c_str());
  Ran ran;
  ran.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ran.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  ran.err = read_text(err);
  return ran;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string example(const char* name) {
  return std::string(GRADFLOW_ASSETS_DIR) + "/examples/" + name;
}

// The labels of one kind whose text is `text` (optionally on the wire from → to).
std::vector<Json> find(const Json& labels, const std::string& kind, const std::string& text,
                       int from = -1, int to = -1) {
  std::vector<Json> found;
  for (const Json& label : labels["labels"]) {
    if (label["kind"] != kind || label["text"] != text) continue;
    if (from >= 0 &&
        (label["edge"].is_null() || label["edge"][0] != from || label["edge"][1] != to))
      continue;
    found.push_back(label);
  }
  return found;
}

int count_kind(const Json& labels, const std::string& kind) {
  int n = 0;
  for (const Json& label : labels["labels"]) n += label["kind"] == kind;
  return n;
}

// "#rrggbb" → is it clearly green / red?
bool is_green(const std::string& hex) {
  const int r = std::stoi(hex.substr(1, 2), nullptr, 16),
            g = std::stoi(hex.substr(3, 2), nullptr, 16),
            b = std::stoi(hex.substr(5, 2), nullptr, 16);
  return g > r + 40 && g > b + 40;
}
bool is_red(const std::string& hex) {
  const int r = std::stoi(hex.substr(1, 2), nullptr, 16),
            g = std::stoi(hex.substr(3, 2), nullptr, 16),
            b = std::stoi(hex.substr(5, 2), nullptr, 16);
  return r > g + 60 && r > b + 60;
}

// Example 1's node ids (assets/examples/1_add_mul.json): x 0, y 1, z 2, q 3, f 4.
constexpr int X = 0, Y = 1, Z = 2, Q = 3, F = 4;

}  // namespace

TEST_CASE("gui: example 1 at the end shows every number in the right colour and place") {
  Shot shot = screenshot({"--graph", example("1_add_mul.json"), "--step", "end"});
  REQUIRE(shot.status == 0);
  CHECK(shot.err.empty());  // no missing glyph, no GL error
  REQUIRE(shot.labels.contains("labels"));
  CHECK(shot.labels["size"] == Json::array({1280, 800}));

  // Values in green above their wires, gradients in red below them.
  struct Expect {
    const char* value;
    const char* grad;
    int from, to;
  };
  for (const Expect& e : {Expect{"-2", "-4", X, Q}, Expect{"5", "-4", Y, Q},
                          Expect{"3", "-4", Q, F}, Expect{"-4", "3", Z, F}}) {
    CAPTURE(e.from);
    CAPTURE(e.to);
    auto values = find(shot.labels, "value", e.value, e.from, e.to);
    auto grads = find(shot.labels, "grad", std::string("\u2202") + e.grad, e.from,
                      e.to);  // ∂: not hue alone
    REQUIRE(values.size() == 1);
    REQUIRE(grads.size() == 1);
    CHECK(is_green(values[0]["color"]));
    CHECK(is_red(grads[0]["color"]));
    // Above and below the same wire: the value's box ends where the gradient's begins.
    CHECK(values[0]["y"].get<double>() + values[0]["h"].get<double>() <=
          grads[0]["y"].get<double>());
    CHECK(std::abs(values[0]["x"].get<double>() + values[0]["w"].get<double>() / 2 -
                   grads[0]["x"].get<double>() - grads[0]["w"].get<double>() / 2) < 6);
  }
  // The output's wire: -12 in green above, the seed 1 in red below.
  auto out_value = find(shot.labels, "value", "-12");
  auto seed = find(shot.labels, "grad",
                   "\u2202"
                   "1");
  REQUIRE(out_value.size() == 1);
  REQUIRE(seed.size() == 1);
  CHECK(out_value[0]["node"] == F);
  CHECK(is_green(out_value[0]["color"]));
  CHECK(is_red(seed[0]["color"]));
  // Gradient -4 appears on three wires (x, y and q), 3 once (z).
  CHECK(find(shot.labels, "grad",
             "\u2202"
             "-4")
            .size() == 3);
  CHECK(find(shot.labels, "grad",
             "\u2202"
             "3")
            .size() == 1);
  // Leaves on the left, the output on the right.
  auto x = find(shot.labels, "node", "x");
  auto times = find(shot.labels, "node", "\u00d7");
  REQUIRE(x.size() == 1);
  REQUIRE(times.size() == 1);
  CHECK(x[0]["x"].get<double>() < times[0]["x"].get<double>());
  // The banner and the callout of the last backward step (add: distributor).
  CHECK(find(shot.labels, "ui", "backward 2/2").size() == 1);
  CHECK(find(shot.labels, "callout", "\u2192 x: upstream -4 \u00d7 local 1 = -4").size() == 1);
}

TEST_CASE("gui: values and gradients appear only once their step has happened") {
  const std::string file = example("1_add_mul.json");
  Shot start = screenshot({"--graph", file, "--step", "0"}, "step0");
  REQUIRE(start.status == 0);
  CHECK(find(start.labels, "value", "-2", X, Q).size() == 1);  // given values are shown
  CHECK(find(start.labels, "value", "3", Q, F).empty());       // q not computed yet
  CHECK(count_kind(start.labels, "grad") == 0);
  CHECK(find(start.labels, "ui", "start: press \u2192 to step").size() == 1);

  Shot forward = screenshot({"--graph", file, "--step", "forward"}, "forward");
  REQUIRE(forward.status == 0);
  CHECK(find(forward.labels, "value", "3", Q, F).size() == 1);
  CHECK(find(forward.labels, "value", "-12").size() == 1);
  CHECK(count_kind(forward.labels, "grad") == 0);
  CHECK(find(forward.labels, "ui", "forward 2/2").size() == 1);

  Shot three = screenshot({"--graph", file, "--step", "3"}, "step3");
  REQUIRE(three.status == 0);
  CHECK(find(three.labels, "grad",
             "\u2202"
             "-4",
             Q, F)
            .size() == 1);
  CHECK(find(three.labels, "grad",
             "\u2202"
             "3",
             Z, F)
            .size() == 1);
  CHECK(find(three.labels, "grad",
             "\u2202"
             "-4",
             X, Q)
            .empty());  // not yet: the + gate is next
  CHECK(find(three.labels, "ui", "backward 1/2").size() == 1);
  CHECK(find(three.labels, "callout", "\u2192 z: upstream 1 \u00d7 local 3 = 3").size() == 1);
}

TEST_CASE("gui: fan-out shows the running sum 2 + 3 = 5 (example 5)") {
  Shot shot = screenshot({"--graph", example("5_copy_fanout.json"), "--step", "5"}, "fanout");
  REQUIRE(shot.status == 0);
  bool running_sum = false;
  for (const Json& label : shot.labels["labels"])
    if (label["kind"] == "callout" &&
        label["text"].get<std::string>().find("2 + 3 = 5") != std::string::npos)
      running_sum = true;
  CHECK(running_sum);
  CHECK(find(shot.labels, "grad", "\u03a3 5").size() == 1);  // the copy gate's total
}

TEST_CASE("gui: every example renders at every phase without a missing glyph") {
  for (const auto& entry : fs::directory_iterator(std::string(GRADFLOW_ASSETS_DIR) + "/examples")) {
    for (const char* step : {"0", "forward", "end"}) {
      CAPTURE(entry.path().string());
      CAPTURE(step);
      Shot shot = screenshot({"--graph", entry.path().string(), "--step", step}, "every");
      CHECK(shot.status == 0);
      CHECK(shot.err.empty());
      CHECK(count_kind(shot.labels, "node") > 0);
    }
  }
}

TEST_CASE("gui: NaN is shown in the warning colour, never hidden") {
  Shot shot = screenshot({"--expr", "log(x)", "--set", "x=-1", "--step", "end"}, "nan");
  REQUIRE(shot.status == 0);
  auto nan = find(shot.labels, "value", "nan");
  REQUIRE(nan.size() == 1);
  CHECK_FALSE(is_green(nan[0]["color"]));
}

TEST_CASE("gui: presentation mode draws larger text; light and dark themes differ") {
  const std::string file = example("1_add_mul.json");
  Shot normal = screenshot({"--graph", file, "--step", "end"}, "normal");
  Shot big = screenshot({"--graph", file, "--step", "end", "--presentation"}, "presentation");
  REQUIRE(normal.status == 0);
  REQUIRE(big.status == 0);
  auto small_label = find(normal.labels, "value", "-12");
  auto big_label = find(big.labels, "value", "-12");
  REQUIRE(small_label.size() == 1);
  REQUIRE(big_label.size() == 1);
  CHECK(big_label[0]["h"].get<double>() > small_label[0]["h"].get<double>() * 1.2);

  Shot light = screenshot({"--graph", file, "--theme", "light"}, "light");
  REQUIRE(light.status == 0);
  int width = 0, height = 0, channels = 0;
  auto brightness_at = [&](const fs::path& png, int x, int y) {
    unsigned char* pixels = stbi_load(png.string().c_str(), &width, &height, &channels, 3);
    REQUIRE(pixels != nullptr);
    const unsigned char* p = pixels + (static_cast<std::size_t>(y) * width + x) * 3;
    const int brightness = (p[0] + p[1] + p[2]) / 3;
    stbi_image_free(pixels);
    return brightness;
  };
  // A point of the canvas with nothing on it (lower left).
  CHECK(brightness_at(light.png, 30, 650) > 200);
  CHECK(brightness_at(normal.png, 30, 650) < 60);
  CHECK(width == 1280);
  CHECK(height == 800);
}

TEST_CASE("gui: SVG export has the numbers as real text in the same colours") {
  const fs::path svg = scratch() / "graph.svg";
  Shot shot = screenshot({"--graph", example("1_add_mul.json"), "--step", "end", "--export-svg",
                          svg.string(), "--theme", "light"},
                         "svg");
  REQUIRE(shot.status == 0);
  const std::string text = read_text(svg);
  CHECK(text.rfind("<?xml", 0) == 0);
  CHECK(text.find(">-12</text>") != std::string::npos);
  CHECK(text.find("class=\"grad\">\u2202-4</text>") != std::string::npos);
  CHECK(text.find("fill=\"#1a7f37\" class=\"value\"") != std::string::npos);  // light theme green
  CHECK(text.find("class=\"callout\"") != std::string::npos);
}

TEST_CASE("gui: long add chains open, step to the end, draw and export (25,000 terms, 1M gates)") {
  // x+x+...+x with N terms at x = 2: f = 2N and ∂f/∂x = N. Captions used to recurse once per
  // gate and overflowed the stack at about 25,000.
  const fs::path svg = scratch() / "chain.svg";
  Shot expression = screenshot({"--expr", gf::testing::add_chain_expression(25'000), "--set", "x=2",
                                "--step", "end", "--export-svg", svg.string()},
                               "chain_expr");
  CAPTURE(expression.err);
  REQUIRE(expression.status == 0);
  CHECK(find(expression.labels, "node", "f").size() == 1);
  CHECK(find(expression.labels, "ui", "backward 24999/24999").size() == 1);
  const std::string text = read_text(svg);
  CHECK(text.find("class=\"value\">50000</text>") != std::string::npos);        // f
  CHECK(text.find("class=\"grad\">\u03a3 25000</text>") != std::string::npos);  // ∂f/∂x

  using gf::testing::kLongChainGates;
  const fs::path document = scratch() / "long_chain.json";
  gf::testing::write_add_chain_document(document, kLongChainGates, 2.0);
  Shot chain = screenshot({"--graph", document.string(), "--step", "end"}, "chain_doc");
  CAPTURE(chain.err);
  REQUIRE(chain.status == 0);
  const std::vector<Json> output = find(chain.labels, "node", "f");
  REQUIRE(output.size() == 1);
  CHECK(output[0]["node"] == kLongChainGates);
  const std::string end =
      "backward " + std::to_string(kLongChainGates) + "/" + std::to_string(kLongChainGates);
  CHECK(find(chain.labels, "ui", end).size() == 1);
  CHECK(fs::file_size(chain.png) > 1000);
}

TEST_CASE("gui: bad input is refused with a message, exit 2") {
  Shot parse = screenshot({"--expr", "(x+*y)"}, "bad_expr");
  CAPTURE(parse.err);
  CHECK(parse.status == 2);
  CHECK(parse.err.find("column 4") != std::string::npos);
  Shot missing = screenshot({"--graph", (scratch() / "nope.json").string()}, "bad_file");
  CAPTURE(missing.err);
  CHECK(missing.status == 2);
  CHECK(missing.err.find("nope.json") != std::string::npos);
  Shot step = screenshot({"--step", "sideways"}, "bad_step");
  CAPTURE(step.err);
  CHECK(step.status == 2);
  CHECK(step.err.find("--step") != std::string::npos);
}

TEST_CASE("gui: a person steps with the keyboard (xdotool) and the labels follow") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool is not installed: the live keyboard test is skipped");
    return;
  }
  const fs::path labels = scratch() / "live.json";
  fs::remove(labels);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const std::string labels_arg = labels.string();
    const std::string file = example("1_add_mul.json");
    execl(GRADFLOW_GUI, GRADFLOW_GUI, "--graph", file.c_str(), "--dump-labels", labels_arg.c_str(),
          "--no-session", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Waits until the live label file shows `banner` (it is rewritten whenever the drawing changes).
  auto wait_for_banner = [&](const std::string& banner) {
    return gf::testing::wait_for_labels(
        labels, [&](const Json& now) { return !find(now, "ui", banner).empty(); });
  };
  auto press = [](const char* key) { CHECK(gf::testing::xdo(std::string("xdotool key ") + key)); };
  CHECK_FALSE(wait_for_banner("start: press \u2192 to step").is_null());
  press("Right");
  Json one = wait_for_banner("forward 1/2");
  REQUIRE_FALSE(one.is_null());
  press("Next");  // PageDown, as a presenter clicker sends
  press("Down");
  Json three = wait_for_banner("backward 1/2");
  REQUIRE_FALSE(three.is_null());
  press("End");
  Json end = wait_for_banner("backward 2/2");
  REQUIRE_FALSE(end.is_null());
  press("Left");  // back one step: the gradients on x and y disappear again
  Json back = wait_for_banner("backward 1/2");
  REQUIRE_FALSE(back.is_null());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  back = Json::parse(read_text(labels));
  CHECK(find(back, "grad",
             "\u2202"
             "-4",
             X, Q)
            .empty());
  press("Home");
  CHECK_FALSE(wait_for_banner("start: press \u2192 to step").is_null());
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
}

// [SECTION] Files that cannot be written -------------------------------------------------------

TEST_CASE("gui: an output file that cannot be written fails with its path and the cause") {
  // Checked before the window opens: exit 2, as for any bad argument, and nothing is written.
  const fs::path png = scratch() / "unwritten.png";
  const std::string no_dir = (scratch() / "no-such-dir").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;  // the option, the path and the cause, as stderr must say them
  };
  const std::string file = example("1_add_mul.json");
  for (const Case& c : {
           Case{{"--screenshot", "/nonexistent/x.png", "--graph", file},
                "gradflow: --screenshot /nonexistent/x.png: cannot write there: /nonexistent: No "
                "such file or directory"},
           Case{{"--screenshot", png.string(), "--dump-labels", no_dir + "/labels.json", "--graph",
                 file},
                "gradflow: --dump-labels " + no_dir +
                    "/labels.json: cannot write there: " + no_dir + ": No such file or directory"},
           Case{
               {"--screenshot", png.string(), "--dump-labels", scratch().string(), "--graph", file},
               "gradflow: --dump-labels " + scratch().string() + ": is a directory, not a file"},
           Case{{"--export-svg", "/nonexistent/graph.svg", "--graph", file},
                "gradflow: --export-svg /nonexistent/graph.svg: cannot write there: /nonexistent: "
                "No such file or "
                "directory"},
           // A live window, too: its label dump would otherwise never appear, silently.
           Case{{"--dump-labels", no_dir + "/live.json", "--no-session"},
                "gradflow: --dump-labels " + no_dir + "/live.json: cannot write there: " + no_dir +
                    ": No such file or directory"},
       }) {
    CAPTURE(c.message);
    fs::remove(png);
    const Ran ran = run_gui(c.args, "unwritable");
    CHECK(ran.status == 2);
    CHECK(ran.err == c.message + "\n");
    CHECK_FALSE(fs::exists(png));
  }
}

TEST_CASE("gui: a write that fails while rendering exits 1 and names the file and the cause") {
  // The directory is there, but a file size limit of 1 KiB stops the writes themselves (the
  // limit's signal ignored, so a write fails with "File too large"): the label dump and the PNG
  // are each reported once, and no partial file is left under either name.
  const fs::path png = scratch() / "too_large.png", labels = scratch() / "too_large.json";
  fs::remove(png);
  fs::remove(labels);
  const Ran ran = run_gui({"--screenshot", png.string(), "--dump-labels", labels.string(),
                           "--graph", example("1_add_mul.json"), "--step", "end"},
                          "too_large", "trap '' XFSZ; ulimit -f 2;");
  CAPTURE(ran.err);
  CHECK(ran.status == 1);
  CHECK(contains(ran.err,
                 "gradflow: " + labels.string() + ": cannot write " + labels.string() + ".tmp-"));
  CHECK(
      contains(ran.err, "gradflow: " + png.string() + ": cannot write " + png.string() + ".tmp-"));
  CHECK(std::count(ran.err.begin(), ran.err.end(), '\n') == 2);
  const std::size_t too_large = ran.err.find(": File too large\n");
  CHECK(too_large != std::string::npos);
  CHECK(ran.err.find(": File too large\n", too_large + 1) != std::string::npos);
  CHECK_FALSE(fs::exists(png));
  CHECK_FALSE(fs::exists(labels));
  for (const auto& entry : fs::directory_iterator(scratch()))  // nor a temporary one
    CHECK(entry.path().filename().string().rfind("too_large.json.tmp-", 0) != 0);
}

// [SECTION] Opening the display ----------------------------------------------------------------

namespace {

// A display number no X server holds now (no lock file, no socket), far above xvfb-run -a's.
std::string unused_display() {
  for (int n = 400 + static_cast<int>(getpid() % 400);; ++n) {
    const std::string number = std::to_string(n);
    if (!fs::exists("/tmp/.X" + number + "-lock") && !fs::exists("/tmp/.X11-unix/X" + number))
      return ":" + number;
  }
}

}  // namespace

TEST_CASE("gui: a display that is not ready yet is waited for") {
  if (std::system("command -v Xvfb >/dev/null 2>&1") != 0) {
    MESSAGE("Xvfb is not installed: skipped");
    return;
  }
  // gradflow starts first; the X server it is told to use only half a second later.
  const std::string display = unused_display();
  const fs::path png = scratch() / "late_display.png", err = scratch() / "late_display.err";
  fs::remove(png);
  const std::string command =
      "DISPLAY=" + display + " " + quote(GRADFLOW_GUI) + " --screenshot " + quote(png.string()) +
      " --expr 'x*y' 2>" + quote(err.string()) + " >/dev/null </dev/null & app=$!; sleep 0.5; " +
      "Xvfb " + display +
      " -noreset -nolisten tcp -screen 0 1600x1000x24 >/dev/null 2>&1 & server=$!; " +
      "wait $app; status=$?; kill $server; wait $server; exit $status";
  const int raw = std::system(command.c_str());
  CHECK((WIFEXITED(raw) ? WEXITSTATUS(raw) : -1) == 0);
  CHECK(read_text(err).empty());  // waiting is not worth a word
  int width = 0, height = 0, channels = 0;
  CHECK(stbi_info(png.string().c_str(), &width, &height, &channels) == 1);
  CHECK(width == 1280);
  CHECK(height == 800);
}

TEST_CASE("gui: without a display gradflow gives up with one message naming it") {
  // A display that never comes: about five seconds of tries, then one line.
  const std::string display = unused_display();
  const Ran absent = run_gui({"--expr", "x*y", "--screenshot", (scratch() / "never.png").string()},
                             "no_server", "DISPLAY=" + display);
  CAPTURE(absent.err);
  CHECK(absent.status == 1);
  CHECK(absent.err.rfind("gradflow: cannot open the display " + display + " (", 0) == 0);
  CHECK(contains(absent.err, "X11: Failed to open display " + display));
  CHECK(std::count(absent.err.begin(), absent.err.end(), '\n') == 1);
  CHECK(absent.seconds >= 4.5);
  // No display named at all: nothing to wait for, so at once.
  const Ran unnamed = run_gui({"--expr", "x*y", "--screenshot", (scratch() / "never.png").string()},
                              "no_display", "env -u DISPLAY -u WAYLAND_DISPLAY");
  CAPTURE(unnamed.err);
  CHECK(unnamed.status == 1);
  CHECK(unnamed.err.rfind("gradflow: cannot open a window: no display (DISPLAY is not set; ", 0) ==
        0);
  CHECK(std::count(unnamed.err.begin(), unnamed.err.end(), '\n') == 1);
  CHECK(unnamed.seconds < 4.0);
}

// [SECTION] Input while the window is not scheduled ---------------------------------------------

TEST_CASE("gui: a double click made while the window was stopped still opens the node's editor") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool is not installed: skipped");
    return;
  }
  // A busy machine, made certain: the window is stopped (SIGSTOP) while both clicks arrive, so
  // all four button events wait for the same late frame.
  const fs::path labels = scratch() / "stopped.json";
  fs::remove(labels);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const std::string labels_arg = labels.string(), file = example("1_add_mul.json");
    execl(GRADFLOW_GUI, GRADFLOW_GUI, "--graph", file.c_str(), "--dump-labels", labels_arg.c_str(),
          "--no-session", "--size", "1280x800", static_cast<char*>(nullptr));
    _exit(127);
  }
  const Json start = gf::testing::wait_for_labels(
      labels, [](const Json& l) { return !find(l, "node", "x").empty(); });
  REQUIRE_FALSE(start.is_null());
  const Json x = find(start, "node", "x").front();
  const int cx = static_cast<int>(x["x"].get<double>() + x["w"].get<double>() / 2),
            cy = static_cast<int>(x["y"].get<double>() + x["h"].get<double>() / 2);
  CHECK(gf::testing::xdo("xdotool mousemove --window $W " + std::to_string(cx) + " " +
                         std::to_string(cy) + " && sleep 0.3"));
  kill(child, SIGSTOP);
  CHECK(std::system("xdotool click --repeat 2 --delay 60 1") == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(child, SIGCONT);
  // The editor is open with the name field focused: Tab to the value, 7, Return.
  CHECK(gf::testing::xdo("sleep 0.5 && xdotool key --delay 60 Tab 7 Return"));
  const Json edited = gf::testing::wait_for_labels(
      labels, [](const Json& l) { return !find(l, "value", "7").empty(); });
  CHECK_FALSE(edited.is_null());
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
}
