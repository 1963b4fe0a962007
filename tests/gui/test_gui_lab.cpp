// GUI tests of the classifier lab (issue 5): the real gradflow window under Xvfb, trained
// headlessly (--lab --train-steps N), checked through the labels it draws (--dump-labels) and the
// pixels of its screenshot; the heatmap shader against the CPU evaluator, texel by texel
// (--lab-agreement-test reads the shader's pixels back with glReadPixels); a bad CSV refused.
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
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "gui_window.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path scratch() { return gf::testing::scratch_dir("gradflow_gui_lab_tests"); }
std::string quote(const std::string& arg) { return gf::testing::shell_quote(arg); }

struct Run {
  int status = -1;
  std::string out, err;
  Json labels;
  fs::path png;
};

// gradflow --lab with the given arguments; with `shot`, a screenshot and its labels too.
Run lab(const std::vector<std::string>& args, const std::string& name, bool shot = true) {
  Run run;
  run.png = scratch() / (name + ".png");
  const fs::path labels = scratch() / (name + ".json"), out = scratch() / (name + ".out"),
                 err = scratch() / (name + ".err");
  fs::remove(labels);
  std::string command = quote(GRADFLOW_GUI) + " --lab";
  if (shot)
    command +=
        " --screenshot " + quote(run.png.string()) + " --dump-labels " + quote(labels.string());
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.out = gf::testing::read_file(out);
  run.err = gf::testing::read_file(err);
  if (fs::exists(labels)) run.labels = Json::parse(gf::testing::read_file(labels));
  return run;
}

std::vector<Json> starting_with(const Json& labels, const std::string& prefix) {
  std::vector<Json> found;
  for (const Json& label : labels["labels"])
    if (label["text"].get<std::string>().rfind(prefix, 0) == 0) found.push_back(label);
  return found;
}

// "test accuracy 99.2%" → 0.992
double percent_in(const std::string& text) {
  const std::size_t space = text.rfind(' ');
  return std::stod(text.substr(space + 1)) / 100.0;
}

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const {
    return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
  }
};

Image load(const fs::path& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.string().c_str(), &image.width, &image.height, &channels, 3);
  if (data == nullptr) return image;
  image.rgb.assign(data, data + static_cast<std::size_t>(image.width) * image.height * 3);
  stbi_image_free(data);
  return image;
}

// The plane's square on screen, from its tick labels: the first x tick starts at its left edge,
// the last ends at its right edge, and both sit just under it.
struct Plane {
  double left = 0, right = 0, bottom = 0;
  double side() const { return right - left; }
};
Plane find_plane(const Json& labels, const std::string& low, const std::string& high) {
  Plane plane;
  double low_y = -1, high_y = -1;
  for (const Json& label : labels["labels"]) {
    // The x ticks are the lower of the two labels with each text (the y ticks sit to the right).
    if (label["text"] == low && label["y"].get<double>() > low_y) {
      low_y = label["y"].get<double>();
      plane.left = label["x"].get<double>();
      plane.bottom = low_y - 2;
    }
    if (label["text"] == high && label["y"].get<double>() > high_y) {
      high_y = label["y"].get<double>();
      plane.right = label["x"].get<double>() + label["w"].get<double>();
    }
  }
  return plane;
}

// Of the pixels in a 15×15 square around (x, y): how many are orange (class 0), how many blue
// (class 1). Points drawn over the heatmap are in the class colours too, or white (test points).
std::pair<int, int> orange_blue(const Image& image, int x, int y) {
  int orange = 0, blue = 0;
  for (int dy = -7; dy <= 7; ++dy)
    for (int dx = -7; dx <= 7; ++dx) {
      const unsigned char* p = image.at(x + dx, y + dy);
      orange += p[0] > p[2] + 30;
      blue += p[2] > p[0] + 30;
    }
  return {orange, blue};
}

}  // namespace

TEST_CASE("gui lab: a trained xor shows its accuracy, and orange and blue on each side") {
  Run run = lab({"--dataset", "xor", "--train-steps", "500"}, "xor");
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());  // no missing glyph, no GL error
  REQUIRE(run.labels.contains("labels"));
  auto test_accuracy = starting_with(run.labels, "test accuracy ");
  auto train_accuracy = starting_with(run.labels, "train accuracy ");
  REQUIRE(test_accuracy.size() == 1);
  REQUIRE(train_accuracy.size() == 1);
  CHECK(percent_in(test_accuracy[0]["text"]) >= 0.95);
  CHECK(percent_in(train_accuracy[0]["text"]) >= 0.95);
  int counters = 0;  // the step counter
  for (const Json& label : run.labels["labels"]) counters += label["text"] == "500";
  CHECK(counters == 1);

  // Playground's xor: class 1 (blue) where x·y > 0, class 0 (orange) where x·y < 0.
  const Image image = load(run.png);
  REQUIRE(image.width == 1280);
  const Plane plane = find_plane(run.labels, "-6", "6");
  REQUIRE(plane.side() > 200);
  auto at = [&](double u, double v) {  // u, v in [0, 1] across the plane, v = 0 at the top
    return orange_blue(image, static_cast<int>(plane.left + u * plane.side()),
                       static_cast<int>(plane.bottom - plane.side() + v * plane.side()));
  };
  for (auto [u, v, blue_expected] : {std::tuple{0.25, 0.25, false},
                                     {0.75, 0.25, true},
                                     {0.25, 0.75, true},
                                     {0.75, 0.75, false}}) {
    CAPTURE(u);
    CAPTURE(v);
    auto [orange, blue] = at(u, v);
    if (blue_expected)
      CHECK(blue > 3 * orange);
    else
      CHECK(orange > 3 * blue);
  }
}

TEST_CASE("gui lab: the heatmap shader and the CPU agree on at least 99.9% of 256x256 texels") {
  struct Case {
    std::vector<std::string> args;
  };
  for (const Case& c : {Case{{"--dataset", "xor", "--train-steps", "300"}},
                        Case{{"--dataset", "spiral", "--hidden", "8,8", "--activation", "relu",
                              "--features", "x1,x2,sinx1,sinx2", "--train-steps", "300"}},
                        Case{{"--dataset", "moons", "--hidden", "16,16", "--activation", "relu",
                              "--loss", "bce", "--train-steps", "200"}},
                        Case{{"--dataset", "spiral3", "--hidden", "8,8", "--train-steps", "300"}},
                        Case{{"--dataset", "blobs4", "--hidden", "6", "--activation", "sigmoid",
                              "--train-steps", "100"}}}) {
    std::vector<std::string> args = c.args;
    args.push_back("--lab-agreement-test");
    Run run = lab(args, "agreement", false);
    CAPTURE(args[1]);
    CAPTURE(run.out);
    CAPTURE(run.err);
    REQUIRE(run.status == 0);
    const Json result = Json::parse(run.out);
    CHECK(result["pixels"] == 65536);
    CHECK(result["fraction"].get<double>() >= 0.999);
  }
}

TEST_CASE("gui lab: a CSV with bad rows is refused with their line numbers; a good one loads") {
  const fs::path bad = scratch() / "bad.csv";
  std::ofstream(bad) << "x,y,label\n1,2,0\n3,abc,1\n4,5,1\n1,1,9\n";
  Run refused = lab({"--points-csv", bad.string()}, "bad_csv");
  CHECK(refused.status == 2);
  CHECK(refused.err.find("line 3") != std::string::npos);
  CHECK(refused.err.find("line 5") != std::string::npos);
  CHECK_FALSE(fs::exists(refused.png));  // nothing was shown

  const fs::path good = scratch() / "good.csv";
  {
    std::ofstream out(good);
    out << "x,y,label\n";
    for (int i = 0; i < 40; ++i)
      out << (i % 2 ? 2 : -2) + 0.05 * i << "," << 0.1 * (i % 7) << "," << i % 2 << "\n";
  }
  Run loaded = lab({"--points-csv", good.string(), "--train-steps", "100"}, "good_csv");
  REQUIRE(loaded.status == 0);
  auto accuracy = starting_with(loaded.labels, "train accuracy ");
  REQUIRE(accuracy.size() == 1);
  CHECK(percent_in(accuracy[0]["text"]) >= 0.95);  // two separable clusters
}

TEST_CASE("gui lab: compare mode trains seed 000's three settings side by side") {
  Run run = lab({"--dataset", "circle", "--compare", "--train-steps", "200"}, "compare");
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  for (const char* name : {"3 hidden neurons", "6 hidden neurons", "20 hidden neurons"})
    CHECK(starting_with(run.labels, name).size() == 1);
  CHECK(starting_with(run.labels, "step 200").size() == 3);
}

TEST_CASE("gui lab: the trained weights export as JSON, the boundary as PNG") {
  const fs::path weights = scratch() / "weights.json", boundary = scratch() / "boundary.png";
  Run run = lab({"--dataset", "xor", "--train-steps", "300", "--export-weights", weights.string(),
                 "--export-boundary", boundary.string()},
                "exports");
  REQUIRE(run.status == 0);
  const Json model = Json::parse(gf::testing::read_file(weights));
  CHECK(model["features"] == Json::array({"x1", "x2"}));
  REQUIRE(model["layers"].size() == 3);  // 2-4-2-1
  CHECK(model["layers"][0]["weights"].size() == 4);
  CHECK(model["layers"][0]["weights"][0].size() == 2);
  CHECK(model["layers"][1]["activation"] == "tanh");
  CHECK(model["layers"][2]["biases"].size() == 1);
  CHECK(model["step"] == 300);
  const Image image = load(boundary);
  REQUIRE(image.width == 512);
  auto [orange, blue] = orange_blue(image, 128, 128);  // top-left: x < 0 < y, class 0
  CHECK(orange > 3 * blue);
  std::tie(orange, blue) = orange_blue(image, 384, 128);
  CHECK(blue > 3 * orange);
}

TEST_CASE("gui lab: bad options are refused with a message, exit 2") {
  Run unknown = lab({"--dataset", "nope"}, "bad_dataset", false);
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("circle") != std::string::npos);  // the names to choose from
  Run hidden = lab({"--hidden", "4,99"}, "bad_hidden", false);
  CHECK(hidden.status == 2);
  CHECK(hidden.err.find("99") != std::string::npos);
}

TEST_CASE("gui lab: --bench-frames trains live on the training thread and reports the frames") {
  // A large network (steps of milliseconds, longer than some frames' budget) and compare mode
  // (three runs sharing the budget). Speeds are not asserted here: they are the benchmark's.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--dataset", "spiral", "--hidden", "32,32,32,32"},
        std::vector<std::string>{"--dataset", "xor", "--compare"}}) {
    CAPTURE(args.back());
    std::vector<std::string> with_frames = args;
    with_frames.insert(with_frames.end(), {"--bench-frames", "60"});
    Run run = lab(with_frames, "bench_frames", false);
    REQUIRE(run.status == 0);
    const Json result = Json::parse(run.out);
    CHECK(result["frames"] == 60);
    CHECK(result["p95_ms"].get<double>() >= result["median_ms"].get<double>());
    CHECK(result["lab_steps"].get<int>() > 0);         // trained, between the frames
    CHECK(result["lab_budget_ms"].get<double>() > 0);  // where the budget settled
  }
}

// [SECTION] A person at the window (xdotool) ---------------------------------------------------

namespace {

Json wait_for(const fs::path& labels, const std::function<bool(const Json&)>& ready,
              int tenths = gf::testing::kPatientTenths) {
  return gf::testing::wait_for_labels(labels, ready, tenths);
}
using gf::testing::xdo;

std::string text_of(const Json& labels, const std::string& prefix) {
  auto found = starting_with(labels, prefix);
  return found.empty() ? std::string() : found.front()["text"].get<std::string>();
}

}  // namespace

namespace {

// A live lab window started in `directory` (where the file dialogs begin), its labels in `labels`.
pid_t start_lab(const fs::path& directory, const fs::path& labels, std::vector<std::string> args) {
  args.insert(args.begin(), {"--lab", "--no-session"});
  return gf::testing::spawn_window(directory, labels, std::move(args));
}

void stop(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

// xdotool's click at the centre of the first label with this text (index: the nth such label).
bool click_label(const Json& labels, const std::string& text, int index = 0) {
  for (const Json& label : labels["labels"])
    if (label["text"] == text && index-- == 0) {
      const int x = static_cast<int>(label["x"].get<double>() + label["w"].get<double>() / 2);
      const int y = static_cast<int>(label["y"].get<double>() + label["h"].get<double>() / 2);
      return xdo("xdotool mousemove --window $W " + std::to_string(x) + " " + std::to_string(y) +
                 " && sleep 0.15 && xdotool click 1 && sleep 0.3");
    }
  return false;
}

bool wait_for_file(const fs::path& path) {
  for (int i = 0; i < gf::testing::kPatientTenths && !fs::exists(path); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return fs::exists(path);
}

bool has_label(const Json& labels, const std::string& text) {
  return !starting_with(labels, text).empty();
}

}  // namespace

TEST_CASE("gui lab: a click adds a point, a right-click erases it, Space trains (xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  // Twice: a small network, then a large one whose steps take milliseconds on the training
  // thread, so that the clicks arrive while a step is running.
  for (const char* hidden : {"4,2", "32,32,32,32"}) {
    CAPTURE(hidden);
    const fs::path labels = scratch() / "live.json";
    const pid_t pid = start_lab(scratch(), labels, {"--dataset", "xor", "--hidden", hidden});
    Json start =
        wait_for(labels, [](const Json& l) { return !starting_with(l, "500 points").empty(); });
    REQUIRE(start.contains("labels"));
    const std::string loss_before = text_of(start, "Training loss ");
    const Plane plane = find_plane(start, "-6", "6");
    REQUIRE(plane.side() > 200);
    const std::string at = std::to_string(static_cast<int>(plane.left + plane.side() * 0.52)) +
                           " " +
                           std::to_string(static_cast<int>(plane.bottom - plane.side() * 0.47));
    CHECK(xdo("xdotool key space && sleep 0.3"));  // training from here on
    CHECK(xdo("xdotool mousemove --window $W " + at +
              " && sleep 0.1 && xdotool click 1 && sleep 0.2"));
    CHECK(wait_for(labels, [](const Json& l) {
            return !starting_with(l, "501 points").empty();
          }).contains("labels"));
    CHECK(xdo("xdotool mousemove --window $W " + at +
              " && sleep 0.1 && xdotool click 3 && sleep 0.2"));
    CHECK(wait_for(labels, [](const Json& l) {
            return !starting_with(l, "500 points").empty();
          }).contains("labels"));
    CHECK(xdo("sleep 0.3 && xdotool key space"));
    Json trained = wait_for(labels, [&](const Json& l) {
      const std::string loss = text_of(l, "Training loss ");
      return !loss.empty() && loss != loss_before;
    });
    CHECK(trained.contains("labels"));
    stop(pid);
  }
}

TEST_CASE(
    "gui lab: a run that diverges while training live pauses with the message; R resets "
    "(xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  const fs::path labels = scratch() / "diverging.json";
  const pid_t pid = start_lab(
      scratch(), labels,
      {"--dataset", "circle", "--lr", "1000", "--hidden", "8,8", "--activation", "relu", "--loss",
       "mse", "--output-activation", "linear"});  // (a tanh output, mse's default, stays bounded)
  REQUIRE(wait_for(labels, [](const Json& l) {
            return !starting_with(l, "500 points").empty();
          }).contains("labels"));
  CHECK(xdo("xdotool keydown space sleep 0.08 keyup space"));  // training on its thread
  Json diverged = wait_for(
      labels, [](const Json& l) { return !starting_with(l, "diverged: the loss became").empty(); });
  REQUIRE(diverged.contains("labels"));
  CHECK(text_of(diverged, "diverged: ").find("try a smaller learning rate") != std::string::npos);
  // Escape keeps the weights (the message stays on the plane); R starts again from step 0.
  CHECK(
      xdo("xdotool keydown Escape sleep 0.08 keyup Escape sleep 0.2 keydown r sleep 0.08 keyup r"));
  Json reset = wait_for(labels, [](const Json& l) {
    return starting_with(l, "diverged:").empty() && !starting_with(l, "Training loss ").empty() &&
           text_of(l, "Training loss ").find("inf") == std::string::npos;
  });
  CHECK(reset.contains("labels"));
  stop(pid);
}

TEST_CASE(
    "gui lab: the export buttons write weights, boundary and points through the file dialog "
    "(xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  const fs::path directory = scratch() / "exports";
  fs::create_directories(directory);
  for (const char* name : {"weights.json", "boundary.png", "points.csv"})
    fs::remove(directory / name);
  const fs::path labels = scratch() / "exports.json";
  const pid_t pid = start_lab(directory, labels, {"--dataset", "xor", "--train-steps", "500"});
  Json start = wait_for(labels, [](const Json& l) { return has_label(l, "Weights JSON..."); });
  REQUIRE(start.contains("labels"));

  // Each button opens the save dialog with its default name; Return saves there.
  CHECK(click_label(start, "Weights JSON..."));
  CHECK(xdo("xdotool key Return"));
  REQUIRE(wait_for_file(directory / "weights.json"));
  const Json weights = Json::parse(gf::testing::read_file(directory / "weights.json"));
  CHECK(weights["format"] == "gradflow-mlp-1");
  CHECK(weights["step"] == 500);

  CHECK(click_label(start, "Boundary PNG..."));
  CHECK(xdo("xdotool key Return"));
  REQUIRE(wait_for_file(directory / "boundary.png"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // written atomically, but be sure
  const Image boundary = load(directory / "boundary.png");
  REQUIRE(boundary.width > 100);
  // Trained xor: blue at the top right (x·y > 0), orange at the top left.
  const auto [top_right_orange, top_right_blue] =
      orange_blue(boundary, boundary.width * 3 / 4, boundary.height / 4);
  const auto [top_left_orange, top_left_blue] =
      orange_blue(boundary, boundary.width / 4, boundary.height / 4);
  CHECK(top_right_blue > top_right_orange);
  CHECK(top_left_orange > top_left_blue);

  CHECK(click_label(start, "Export CSV..."));
  CHECK(xdo("xdotool key Return"));
  REQUIRE(wait_for_file(directory / "points.csv"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string csv = gf::testing::read_file(directory / "points.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') >= 500);
  stop(pid);
}

TEST_CASE(
    "gui lab: a compare tile's settings are edited and applied; a bad one is refused (xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  const fs::path labels = scratch() / "compare_edit.json";
  const pid_t pid = start_lab(scratch(), labels, {"--dataset", "circle", "--compare"});
  Json start = wait_for(labels, [](const Json& l) {
    return has_label(l, "edit") && has_label(l, "6 hidden neurons");
  });
  REQUIRE(start.contains("labels"));
  CHECK(click_label(start, "edit", 1));  // the second tile: 6 hidden neurons
  Json dialog =
      wait_for(labels, [](const Json& l) { return has_label(l, "hidden neurons field"); });
  REQUIRE(dialog.contains("labels"));
  // A count over 32 is refused as it is typed: the reason shows, Apply does nothing.
  CHECK(click_label(dialog, "hidden neurons field"));
  // Keys held for a few frames: ImGui 1.86 misses a press and release within one frame.
  const std::string backspace = "xdotool keydown BackSpace sleep 0.08 keyup BackSpace sleep 0.08";
  CHECK(xdo(backspace + " && " + backspace + " && xdotool type --delay 60 '40'"));
  Json refused =
      wait_for(labels, [](const Json& l) { return has_label(l, "'40' is not a neuron count"); });
  CHECK(refused.contains("labels"));
  CHECK(xdo(backspace + " && " + backspace + " && xdotool type --delay 60 '5,3'"));
  // Typed keys reach the window one per frame: wait until the field holds all of them.
  Json typed = wait_for(labels, [](const Json& l) {
    return has_label(l, "hidden neurons: 5,3") && !has_label(l, "'40' is not") &&
           !has_label(l, "'4' is not");
  });
  REQUIRE(typed.contains("labels"));
  CHECK(click_label(typed, "Apply and restart"));
  // The dialog is gone and the tile trains the new network (its summary line says so); the
  // other tiles are unchanged.
  Json applied = wait_for(labels, [](const Json& l) {
    return !has_label(l, "hidden neurons field") && has_label(l, "network 2-5-3-1 relu");
  });
  CHECK(applied.contains("labels"));
  CHECK(has_label(applied, "network 2-3-1 relu"));
  CHECK(has_label(applied, "network 2-20-1 relu"));
  CHECK_FALSE(has_label(applied, "network 2-6-1"));
  stop(pid);
}

// [SECTION] Weights you can touch (issue 14) -----------------------------------------------------

namespace {

// "−0.2337" (a real minus sign) → -0.2337.
double number_in(std::string text) {
  for (std::size_t at = text.find("\xe2\x88\x92"); at != std::string::npos;
       at = text.find("\xe2\x88\x92"))
    text.replace(at, 3, "-");
  return std::stod(text);
}

// The label containing `part`, or "".
std::string containing(const Json& labels, const std::string& part) {
  if (!labels.contains("labels")) return {};
  for (const Json& label : labels["labels"]) {
    const std::string text = label["text"].get<std::string>();
    if (text.find(part) != std::string::npos) return text;
  }
  return {};
}

}  // namespace

TEST_CASE(
    "gui lab: a hovered wire shows its weight and gradient; an edit is undone by Ctrl+Z "
    "(xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  const fs::path labels = scratch() / "weights.json";
  const pid_t pid = start_lab(scratch(), labels, {"--dataset", "circle", "--train-steps", "30"});
  Json start = wait_for(labels, [](const Json& l) { return has_label(l, "x1"); });
  REQUIRE(start.contains("labels"));
  const Json x1 = starting_with(start, "x1").front();
  const int y = static_cast<int>(x1["y"].get<double>() + x1["h"].get<double>() / 2);
  const int right = static_cast<int>(x1["x"].get<double>() + x1["w"].get<double>());
  // Right from the feature's name, across its thumbnail, onto its wires: the first one hovered.
  Json hovered;
  for (int dx = 10; dx < 160 && !hovered.contains("labels"); dx += 4) {
    xdo("xdotool mousemove --window $W " + std::to_string(right + dx) + " " + std::to_string(y));
    hovered = wait_for(
        labels,
        [](const Json& l) { return !containing(l, "\xe2\x88\x82L/\xe2\x88\x82w = ").empty(); }, 4);
  }
  REQUIRE(hovered.contains("labels"));
  // "w1_J_I = value", "∂L/∂w = g", over the step's minibatch (batch 25 of 250 training points).
  std::string value_line;  // "w1_J_I = value" (not the update's "w1_J_I ← ... = ...")
  for (const Json& label : hovered["labels"]) {
    const std::string text = label["text"].get<std::string>();
    if (text.rfind("w1_", 0) == 0 && text.find(" = ") != std::string::npos &&
        text.find("\xe2\x86\x90") == std::string::npos)
      value_line = text;
  }
  REQUIRE(!value_line.empty());
  const std::string name = value_line.substr(0, value_line.find(' '));
  const double value = number_in(value_line.substr(value_line.find(" = ") + 3));
  const double gradient =
      number_in(containing(hovered, "\xe2\x88\x82L/\xe2\x88\x82w = ")
                    .substr(std::string("\xe2\x88\x82L/\xe2\x88\x82w = ").size()));
  CHECK(has_label(hovered, "over a batch of 25 points of step 30"));
  // The panel writes the step out: v ← 0.9·v₀ + g, then w ← w₀ − 0.01·v; its numbers agree (to
  // their four digits) with the tooltip's weight and gradient.
  const std::string velocity_line = containing(hovered, "v \xe2\x86\x90 0.9 \xc2\xb7 ");
  const std::string update_line = containing(hovered, name + " \xe2\x86\x90 ");
  REQUIRE(!velocity_line.empty());
  REQUIRE(!update_line.empty());
  const auto after_equals = [](const std::string& line) {
    return number_in(line.substr(line.rfind(" = ") + 3));
  };
  const double v = after_equals(velocity_line);
  CHECK(after_equals(update_line) == doctest::Approx(value).epsilon(1e-3));
  const std::string v0_text = velocity_line.substr(velocity_line.find("\xc2\xb7 ") + 3);
  const double v0 = number_in(v0_text[0] == '(' ? v0_text.substr(1) : v0_text);
  CHECK(v == doctest::Approx(0.9 * v0 + gradient).epsilon(2e-3));
  const std::string before_text = update_line.substr(update_line.find("\xe2\x86\x90 ") + 4);
  CHECK(value == doctest::Approx(number_in(before_text) - 0.01 * v).epsilon(1e-3));

  // A click opens the editor; a non-number is refused, 0.5 is applied.
  CHECK(xdo("xdotool click 1 && sleep 0.3"));
  REQUIRE(wait_for(labels, [](const Json& l) {
            return has_label(l, "weight value field");
          }).contains("labels"));
  CHECK(xdo("xdotool type --delay 80 'x' && sleep 0.2 && xdotool key --delay 80 Return"));
  CHECK(wait_for(labels, [](const Json& l) {
          return has_label(l, "'x' is not a number");
        }).contains("labels"));
  CHECK(
      xdo("xdotool key --delay 80 BackSpace && xdotool type --delay 80 '0.5' && sleep 0.2 && "
          "xdotool key --delay 80 Return"));
  const std::string edited = name + " = 0.5";
  CHECK(wait_for(labels, [&](const Json& l) { return has_label(l, edited); }).contains("labels"));
  // Ctrl+Z restores the weight (the tooltip shows it again, as before); Ctrl+Shift+Z redoes.
  CHECK(xdo("sleep 0.3 && xdotool key --delay 80 ctrl+z"));
  CHECK(
      wait_for(labels, [&](const Json& l) { return has_label(l, value_line); }).contains("labels"));
  CHECK(xdo("sleep 0.2 && xdotool key --delay 80 ctrl+shift+z"));
  CHECK(wait_for(labels, [&](const Json& l) { return has_label(l, edited); }).contains("labels"));
  stop(pid);
}
