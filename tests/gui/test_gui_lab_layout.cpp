// GUI tests of the lab's layout (issue 14): at 1024×700, 1280×800 and 1920×1080, normal and
// presenting, the label dump (--dump-labels: every recorded control's box, and each area's as
// "area:NAME") shows no control cut off (its box inside its area, inside the window; a column
// that scrolls may hold it below its fold) and no two controls overlapping; the toolbar keeps
// every setting; the rewind slider fits; compare mode's captions apart; its tiles at the same
// step while training live; Ctrl+Q quits the lab.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "gui_window.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;
using gf::testing::LabelBox;

namespace {

fs::path scratch() { return gf::testing::scratch_dir("gradflow_gui_lab_layout_tests"); }

// gradflow --lab at `size` with `args`: its label dump after the screenshot.
Json lab_labels(const std::string& size, const std::vector<std::string>& args,
                const std::string& name) {
  const fs::path labels = scratch() / (name + ".json"), png = scratch() / (name + ".png");
  fs::remove(labels);
  std::string command = gf::testing::shell_quote(GRADFLOW_GUI) + " --lab --no-session --size " +
                        size + " --screenshot " + gf::testing::shell_quote(png.string()) +
                        " --dump-labels " + gf::testing::shell_quote(labels.string());
  for (const std::string& arg : args) command += " " + gf::testing::shell_quote(arg);
  command += " >/dev/null 2>&1 </dev/null";
  const int status = std::system(command.c_str());
  REQUIRE(status == 0);
  return Json::parse(gf::testing::read_file(labels));
}

struct Area {
  LabelBox box;
  bool scrolls = false;
};

struct Dump {
  double width = 0, height = 0;
  std::vector<Area> areas;
  std::vector<LabelBox> controls;  // every other label
};

Dump read_dump(const Json& labels) {
  Dump dump;
  dump.width = labels["size"][0].get<double>();
  dump.height = labels["size"][1].get<double>();
  for (const Json& label : labels["labels"]) {
    LabelBox box = gf::testing::label_box(label);
    if (box.text.rfind("area:", 0) == 0)
      dump.areas.push_back({box, box.text.find(" scrolls") != std::string::npos});
    else
      dump.controls.push_back(box);
  }
  return dump;
}

// Inside the area, or (an area that scrolls) across it and below its top: reached by scrolling.
bool within(const LabelBox& control, const Area& area) {
  if (gf::testing::inside(control, area.box)) return true;
  return area.scrolls && control.x >= area.box.x - 0.5 &&
         control.right() <= area.box.right() + 0.5 && control.y >= area.box.y - 0.5;
}

// What a dump must show: every control inside the window (or below a scrolling column's fold)
// and inside an area (the menu bar above the lab counts as one); no two controls overlapping.
void check_layout(const Json& labels) {
  const Dump dump = read_dump(labels);
  REQUIRE(!dump.areas.empty());
  double lab_top = dump.height;
  for (const Area& area : dump.areas) lab_top = std::min(lab_top, area.box.y);
  const Area menu{{0, 0, dump.width, lab_top, "area:menu"}, false};
  const Area window{{0, 0, dump.width, dump.height, "window"}, false};
  for (const Area& area : dump.areas) {
    CAPTURE(area.box.text);
    CHECK(gf::testing::inside(area.box, window.box));
  }
  std::vector<LabelBox> visible;
  for (const LabelBox& control : dump.controls) {
    CAPTURE(control.text);
    CAPTURE(control.x);
    CAPTURE(control.y);
    CAPTURE(control.w);
    CAPTURE(control.h);
    bool placed = within(control, menu);
    bool below_fold = false;
    for (const Area& area : dump.areas)
      if (within(control, area)) {
        placed = true;
        below_fold = !gf::testing::inside(control, area.box);
      }
    CHECK(placed);
    if (below_fold) continue;  // scrolled out of view, not cut: not drawn over anything
    CHECK(gf::testing::inside(control, window.box));
    visible.push_back(control);
  }
  for (std::size_t i = 0; i < visible.size(); ++i)
    for (std::size_t j = i + 1; j < visible.size(); ++j) {
      CAPTURE(visible[i].text);
      CAPTURE(visible[j].text);
      CAPTURE(visible[i].x);
      CAPTURE(visible[i].y);
      CAPTURE(visible[j].x);
      CAPTURE(visible[j].y);
      CHECK_FALSE(gf::testing::overlap(visible[i], visible[j]));
    }
}

bool has(const Json& labels, const std::string& text) {
  for (const Json& label : labels["labels"])
    if (label["text"] == text) return true;
  return false;
}

const char* const kSizes[] = {"1024x700", "1280x800", "1920x1080"};

}  // namespace

TEST_CASE("gui lab layout: no control cut off or overlapping, normal and presenting") {
  for (const char* size : kSizes)
    for (const bool presenting : {false, true}) {
      const std::string window = size;
      CAPTURE(window);
      CAPTURE(presenting);
      std::vector<std::string> args = {"--train-steps", "50"};
      if (presenting) args.push_back("--presentation");
      const Json labels =
          lab_labels(size, args, std::string("layout_") + size + (presenting ? "_p" : ""));
      check_layout(labels);
      // Every setting a teacher needs stays in the toolbar (a second row when it must).
      for (const char* control :
           {"Reset", "Play", "Step", "Learning rate", "Activation", "Regularization",
            "Reg. rate \xce\xbb", "Loss", "Batch size", "Steps / frame", "Compare"}) {
        CAPTURE(control);
        CHECK(has(labels, control));
      }
      // Presenting hides the data column: the dataset is in the toolbar instead.
      CHECK(has(labels, presenting ? "Dataset" : "circle"));
      // "test accuracy 98.0%" where there is room (1280 and wider), "test 98.0%" else.
      bool long_words = false;
      for (const Json& label : labels["labels"])
        long_words |= label["text"].get<std::string>().rfind("test accuracy ", 0) == 0;
      CHECK(long_words == (!presenting && window != "1024x700"));
    }
}

TEST_CASE("gui lab layout: the rewind slider and its note fit, rewound, normal and presenting") {
  for (const char* size : kSizes)
    for (const bool presenting : {false, true}) {
      const std::string window = size;
      CAPTURE(window);
      CAPTURE(presenting);
      std::vector<std::string> args = {"--train-steps", "1500", "--rewind-to", "700"};
      if (presenting) args.push_back("--presentation");
      const Json labels =
          lab_labels(size, args, std::string("rewind_") + size + (presenting ? "_p" : ""));
      check_layout(labels);  // the slider and its note inside the output column, apart
      CHECK(has(labels, "step 700 / 1500"));
      CHECK(has(labels, "Play forks here"));
    }
}

TEST_CASE("gui lab layout: six hidden layers and compare mode fit as well") {
  for (const char* size : kSizes) {
    const std::string window = size;
    CAPTURE(window);
    check_layout(lab_labels(size, {"--hidden", "8,8,8,8,8,8"}, std::string("deep_") + size));
    const Json compare =
        lab_labels(size, {"--compare", "--train-steps", "40"}, std::string("compare_") + size);
    check_layout(compare);  // the tiles' captions, numbers and curves' labels apart
    for (const char* caption : {"3 hidden neurons", "6 hidden neurons", "20 hidden neurons"})
      CHECK(has(compare, caption));
    // Seed 000's preset on its lesson's data: noisy moons of 100 points.
    CHECK(has(compare, "100 points: 50 train, 50 test"));
  }
}

TEST_CASE("gui lab layout: compare tiles train in lockstep; Ctrl+Q quits the lab (xdotool)") {
  if (!gf::testing::have_xdotool()) {
    MESSAGE("xdotool not installed: skipped");
    return;
  }
  const fs::path labels = scratch() / "lockstep.json";
  const pid_t pid =
      gf::testing::spawn_window(scratch(), labels, {"--lab", "--no-session", "--compare"});
  auto tile_steps = [](const Json& l) {
    std::set<std::string> steps;  // "step N" of each tile's numbers line
    for (const Json& label : l["labels"]) {
      const std::string text = label["text"].get<std::string>();
      if (text.rfind("step ", 0) == 0) steps.insert(text.substr(0, text.find(' ', 5)));
    }
    return steps;
  };
  REQUIRE(gf::testing::wait_for_labels(labels, [&](const Json& l) {
            return l.contains("labels") && has(l, "20 hidden neurons");
          }).contains("labels"));
  CHECK(gf::testing::xdo("xdotool key space && sleep 1.5 && xdotool key space && sleep 0.3"));
  // Paused after many frames of training: every tile at the same step, beyond 0.
  const Json paused = gf::testing::wait_for_labels(labels, [&](const Json& l) {
    return l.contains("labels") && has(l, "Play") && tile_steps(l).size() == 1 &&
           *tile_steps(l).begin() != "step 0";
  });
  CHECK(paused.contains("labels"));
  // Ctrl+Q: nothing unsaved, so the window closes.
  CHECK(gf::testing::xdo("xdotool key ctrl+q"));
  int status = -1;
  bool exited = false;
  for (int i = 0; i < 100 && !exited; ++i) {
    exited = waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) usleep(100000);
  }
  CHECK(exited);
  if (!exited) {
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
  }
}
