// GUI tests of the camera for graphs too big to read whole (issue 12, point 3): stepping follows
// the current gate at a readable zoom, an overview shows where it is, Fit shows the whole graph
// again, small graphs never move, and the inspector shows long names whole.
//
// Which gate a step performs comes from `gradflow-cli trace` (not from the GUI's drawing), and
// where its neighbours are from the document's own positions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gui_window.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;
using namespace gf::testing;

namespace {

fs::path scratch() { return scratch_dir("gradflow_gui_camera_tests"); }

std::string example(const std::string& name) {
  return std::string(GRADFLOW_ASSETS_DIR) + "/examples/" + name;
}

constexpr double kReadablePx = 14.0;  // issue 12: numbers of the followed gate at least this high

// The canvas's box in one step's labels (the shape "canvas").
LabelBox canvas_of(const Json& step) {
  const Json* canvas = find_label(step, "shape", "canvas");
  REQUIRE(canvas != nullptr);
  return label_box(*canvas);
}

// The lab's "Graph of point N" with its defaults (hidden layers 4,2 of tanh): 90 steps.
fs::path point_graph() {
  const fs::path graph = scratch() / "point_graph.json";
  if (!fs::exists(graph)) {
    const std::string command =
        shell_quote(GRADFLOW_CLI) +
        " train --dataset circle --hidden 4,2 --activation tanh --steps 10 --point 0"
        " --graph-out " +
        shell_quote(graph.string()) + " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
  }
  return graph;
}

Json trace_of(const fs::path& graph) {
  const CommandRun run = run_command(shell_quote(GRADFLOW_CLI) + " trace --json --graph " +
                                     shell_quote(graph.string()));
  REQUIRE(run.status == 0);
  return Json::parse(run.out);
}

// Every step's labels at 1280x800, in one headless run.
Json every_step(const std::string& file, const std::string& name, const std::string& extra = "") {
  const fs::path labels = scratch() / (name + "_steps.json");
  const std::string command = shell_quote(GRADFLOW_GUI) + " --no-session " + shell_quote(file) +
                              " --size 1280x800 --step all " + extra + " --dump-labels " +
                              shell_quote(labels.string()) + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  return Json::parse(read_file(labels));
}

// The labels of one node's own texts (its symbol, its name), or of the numbers on the wires into
// it (`into`) or out of it (`out_of`, the output's own wire included).
std::vector<const Json*> labels_where(const Json& step,
                                      const std::function<bool(const Json&)>& keep) {
  std::vector<const Json*> found;
  for (const Json& label : step["labels"])
    if (keep(label)) found.push_back(&label);
  return found;
}
bool is_number(const Json& label) { return label["kind"] == "value" || label["kind"] == "grad"; }
bool on_wire_into(const Json& label, int node) {
  return is_number(label) && label["edge"].is_array() && label["edge"][1] == node;
}
bool on_wire_out_of(const Json& label, int node) {
  return is_number(label) && ((label["edge"].is_array() && label["edge"][0] == node) ||
                              (label["edge"].is_null() && label["node"] == node));
}

// Where each node of a document is (world units), by id.
std::map<int, std::pair<double, double>> positions(const fs::path& document) {
  std::map<int, std::pair<double, double>> at;
  const Json parsed = Json::parse(read_file(document));  // (kept: the loop reads into it)
  for (const Json& node : parsed["nodes"])
    if (node.contains("pos"))
      at[node["id"].get<int>()] = {node["pos"][0].get<double>(), node["pos"][1].get<double>()};
  return at;
}

}  // namespace

TEST_CASE(
    "gui camera: stepping the lab's point graph keeps the current gate and its numbers readable") {
  const fs::path graph = point_graph();
  const Json trace = trace_of(graph);
  const Json steps = every_step(graph.string(), "point");
  REQUIRE(trace["steps"].size() == 90);
  REQUIRE(steps["steps"].size() == 91);
  const auto at = positions(graph);

  int near_outputs_checked = 0, far_outputs = 0, minimaps = 0;
  for (std::size_t k = 1; k < steps["steps"].size(); ++k) {
    const Json& step = steps["steps"][k];
    const Json& performed = trace["steps"][k - 1];
    const int gate = performed["node"];
    const LabelBox canvas = canvas_of(step);
    CAPTURE(k);
    CAPTURE(gate);
    // The gate itself: its symbol on screen.
    const auto own =
        labels_where(step, [&](const Json& l) { return l["kind"] == "node" && l["node"] == gate; });
    REQUIRE_FALSE(own.empty());
    for (const Json* label : own) CHECK(inside(label_box(*label), canvas));
    // The numbers on the wires into it (its operands' values; backward, the gradients it sends
    // back): all of them on screen and readable.
    const auto into = labels_where(step, [&](const Json& l) { return on_wire_into(l, gate); });
    CHECK(into.size() >= performed["inputs"].size());
    for (const Json* label : into) {
      CAPTURE((*label)["text"]);
      CHECK(inside(label_box(*label), canvas));
      CHECK((*label)["h"].get<double>() >= kReadablePx);
    }
    // The numbers on the wires out of it sit at the consumer's end. A consumer within 450 × 350
    // world units (what a readable view of 1280x800 holds with room for the labels) is in view
    // with its numbers; a farther one cannot share a readable view with the gate, and the value
    // is shown by the gate's output pin as well (a label of the gate, on no wire).
    const auto [gx, gy] = at.at(gate);
    for (const Json* label :
         labels_where(step, [&](const Json& l) { return on_wire_out_of(l, gate); })) {
      const int to = (*label)["edge"].is_array() ? (*label)["edge"][1].get<int>() : gate;
      const auto [cx, cy] = at.at(to);
      if (std::abs(cx - gx) > 450 || std::abs(cy - gy) > 350) {
        ++far_outputs;
        continue;
      }
      CAPTURE((*label)["text"]);
      CHECK(inside(label_box(*label), canvas));
      CHECK((*label)["h"].get<double>() >= kReadablePx);
      ++near_outputs_checked;
    }
    // Forward, the value just computed is on screen by the gate, with the text the trace has.
    if (performed["phase"] == "forward") {
      const double expected = performed["value"].get<double>();  // two significant digits
      CHECK(!labels_where(step, [&](const Json& l) {
               if (!on_wire_out_of(l, gate) || l["kind"] != "value" ||
                   !inside(label_box(l), canvas))
                 return false;
               const double shown = std::strtod(l["text"].get<std::string>().c_str(), nullptr);
               return std::abs(shown - expected) <= 0.051 * std::abs(expected) + 1e-9;
             }).empty());
    }
    // The overview is on screen (the graph is bigger than the view) and covers none of that.
    const Json* minimap = find_label(step, "ui", "minimap");
    if (minimap != nullptr) {
      ++minimaps;
      CHECK(inside(label_box(*minimap), canvas));
      for (const Json& label : step["labels"])
        if ((label["kind"] == "node" && label["node"] == gate) || on_wire_into(label, gate)) {
          CAPTURE(label["text"]);
          CHECK_FALSE(overlap(label_box(label), label_box(*minimap)));
        }
    }
  }
  MESSAGE("outputs checked " << near_outputs_checked << ", too far to share a view " << far_outputs
                             << ", minimap shown at " << minimaps << " of 90 steps");
  CHECK(near_outputs_checked >= 60);
  CHECK(minimaps == 90);  // followed at a readable zoom, this graph never fits whole
}

TEST_CASE("gui camera: graphs readable after Fit do not move when stepped") {
  // Fit draws an example's numbers at some height h (step 0: the inputs' values). At h ≥ 12 px
  // (the normal mode's floor for numbers) the graph is readable whole: stepping never moves the
  // view, and there is no overview. Below (only where Fit leaves the numbers smaller), the view
  // follows, and the followed gate's numbers are readable.
  int readable_whole = 0;
  for (const std::string name :
       {"1_add_mul.json", "2_sigmoid_neuron_gates.json", "3_sigmoid_neuron.json",
        "4_gradient_patterns.json", "5_copy_fanout.json", "6_linear_regression.json",
        "7_binary_cross_entropy.json", "8_two_layer_relu.json", "9_mul_scale.json"}) {
    CAPTURE(name);
    const Json steps = every_step(example(name), "example_" + name);
    const Json& start = steps["steps"][0];
    double fitted = 0;
    for (const Json& label : start["labels"])
      if (is_number(label)) fitted = std::max(fitted, label["h"].get<double>());
    REQUIRE(fitted > 0);
    // Where each node's symbol is drawn at step 0.
    std::map<std::pair<int, std::string>, std::pair<double, double>> where;
    for (const Json& label : start["labels"])
      if (label["kind"] == "node") where[{label["node"], label["text"]}] = {label["x"], label["y"]};
    if (fitted >= 12.0) {
      ++readable_whole;
      for (const Json& step : steps["steps"]) {
        CHECK(find_label(step, "ui", "minimap") == nullptr);
        for (const Json& label : step["labels"])
          if (label["kind"] == "node" && where.count({label["node"], label["text"]})) {
            const auto [x, y] = where.at({label["node"], label["text"]});
            CHECK(label["x"].get<double>() == x);
            CHECK(label["y"].get<double>() == y);
          }
      }
    } else {
      // Near the threshold (Fit's margin decides): stepping never makes the numbers smaller.
      // Below it: followed, at a readable size.
      const bool followed = fitted < 10.0;
      MESSAGE(name << ": numbers " << fitted << " px after Fit" << (followed ? ": followed" : ""));
      const double least = followed ? kReadablePx : fitted - 0.01;
      const Json trace = trace_of(example(name));
      for (std::size_t k = 1; k < steps["steps"].size(); ++k) {
        const int gate = trace["steps"][k - 1]["node"];
        for (const Json* label : labels_where(
                 steps["steps"][k], [&](const Json& l) { return on_wire_into(l, gate); })) {
          CHECK(inside(label_box(*label), canvas_of(steps["steps"][k])));
          CHECK((*label)["h"].get<double>() >= least);
        }
      }
    }
  }
  // Examples 1, 4, 5, 8 and 9 at least (numbers of 14 px and more after Fit, before issue 12's
  // larger layouts): the check above is not vacuous.
  CHECK(readable_whole >= 5);
}

TEST_CASE("gui camera: Fit shows the whole graph again, and the next step follows again") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the Fit test is skipped");
    return;
  }
  const fs::path graph = point_graph();
  const Json trace = trace_of(graph);
  const fs::path dir = scratch() / "fit";
  fs::create_directories(dir);
  LiveWindow window(dir / "session.json", dir / "labels.json", {graph.string(), "--step", "40"},
                    dir);
  const int gate40 = trace["steps"][39]["node"];
  // Followed at start (--step 40): the gate's operand readable.
  const Json followed = window.wait_for([&](const Json& l) {
    for (const Json& label : l["labels"])
      if (on_wire_into(label, gate40) && label["h"].get<double>() >= kReadablePx) return true;
    return false;
  });
  REQUIRE_FALSE(followed.is_null());
  const Json* minimap = find_label(followed, "ui", "minimap");
  REQUIRE(minimap != nullptr);

  // A click in the minimap centres the view there: the view's rectangle in the minimap is then
  // centred on the point clicked (its middle: the rectangle is whole there).
  const LabelBox frame = label_box(*minimap);
  const Point middle{static_cast<int>((frame.x + frame.right()) / 2),
                     static_cast<int>((frame.y + frame.bottom()) / 2)};
  REQUIRE(click(middle));
  const auto centred = [&](const Json& l) {
    const Json* now = find_label(l, "ui", "minimap");
    const Json* view = find_label(l, "ui", "minimap view");
    if (now == nullptr || view == nullptr) return false;
    const LabelBox f = label_box(*now), v = label_box(*view);
    // Where the click was, relative to the minimap (which may have moved to another corner).
    const double x = middle.x - frame.x + f.x, y = middle.y - frame.y + f.y;
    return std::abs((v.x + v.right()) / 2 - x) <= 3 && std::abs((v.y + v.bottom()) / 2 - y) <= 3;
  };
  CHECK_FALSE(window.wait_for(centred).is_null());

  // F: every node of the graph on the canvas, and no overview (the view is the overview).
  REQUIRE(keys("f"));
  const auto whole = [](const Json& l) {
    const Json* canvas = find_label(l, "shape", "canvas");
    if (canvas == nullptr || count(l, "node") == 0) return false;
    for (const Json& label : l["labels"])
      if (label["kind"] == "node" && !inside(label_box(label), label_box(*canvas))) return false;
    return find_label(l, "ui", "minimap") == nullptr;
  };
  const Json fitted = window.wait_for(whole);
  REQUIRE_FALSE(fitted.is_null());
  // The same view as the Fit the window opened with (step 0 of a headless run, before any
  // step): the output's name at the same place. (At this zoom gates and leaves are dots without
  // texts; the output's name is the one node label drawn.)
  const Json opened = every_step(graph.string(), "fit_reference")["steps"][0];
  const int output = trace["output"];
  const Json* name_now = nullptr;
  const Json* name_opened = nullptr;
  for (const Json& label : fitted["labels"])
    if (label["kind"] == "node" && label["node"] == output) name_now = &label;
  for (const Json& label : opened["labels"])
    if (label["kind"] == "node" && label["node"] == output) name_opened = &label;
  REQUIRE(name_now != nullptr);
  REQUIRE(name_opened != nullptr);
  CHECK((*name_now)["x"].get<double>() ==
        doctest::Approx((*name_opened)["x"].get<double>()).epsilon(0.002));
  CHECK((*name_now)["y"].get<double>() ==
        doctest::Approx((*name_opened)["y"].get<double>()).epsilon(0.002));

  // The next step follows again: its gate's numbers readable, on screen.
  REQUIRE(keys("Right"));
  const int gate41 = trace["steps"][40]["node"];
  const Json next = window.wait_for([&](const Json& l) {
    const Json* canvas = find_label(l, "shape", "canvas");
    if (canvas == nullptr) return false;
    int readable = 0;
    for (const Json& label : l["labels"])
      if (on_wire_into(label, gate41) && label["h"].get<double>() >= kReadablePx &&
          inside(label_box(label), label_box(*canvas)))
        ++readable;
    return readable >= static_cast<int>(trace["steps"][40]["inputs"].size());
  });
  CHECK_FALSE(next.is_null());
}

TEST_CASE("gui camera: the inspector shows long input names whole") {
  const fs::path graph = point_graph();
  const fs::path labels_path = scratch() / "inspector.json";
  const std::string command =
      shell_quote(GRADFLOW_GUI) + " --no-session " + shell_quote(graph.string()) +
      " --size 1280x800 --screenshot " + shell_quote((scratch() / "inspector.png").string()) +
      " --dump-labels " + shell_quote(labels_path.string()) + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const Json labels = Json::parse(read_file(labels_path));
  // Every input's name, as the document spells it ("w1_0_0", which was cut to "w1_0_("), is
  // drawn whole: its box lies inside the inspector, right of the canvas and inside the window.
  // (The list runs past the bottom of the panel: the names above the timeline are checked.)
  const LabelBox canvas = canvas_of(labels);
  const LabelBox inspector{canvas.right(), canvas.y, 1280 - canvas.right(), canvas.h};
  int names = 0;
  const Json document = Json::parse(read_file(graph));
  for (const Json& node : document["nodes"]) {
    if (node["op"] != "input") continue;
    const std::string name = node["name"];
    const Json* label = find_label(labels, "ui", name, node["id"].get<int>());
    CAPTURE(name);
    REQUIRE(label != nullptr);
    if (label_box(*label).bottom() > inspector.bottom()) continue;
    CHECK(inside(label_box(*label), inspector));
    ++names;
  }
  CHECK(names >= 15);
}
