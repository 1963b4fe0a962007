// GUI tests of the stepper in front of a class (issue 12): no spoilers (the inspector and hover
// show nothing the current step has not revealed; screenshots do not depend on the pointer).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "gui_window.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;
using namespace gf::testing;

namespace {

fs::path scratch() { return scratch_dir("gradflow_gui_stepper_tests"); }

std::string example(const char* name) { return std::string(GRADFLOW_ASSETS_DIR) + "/examples/" + name; }

bool any_ui_containing(const Json& labels, const std::string& part) {
  return find_label_containing(labels, "ui", part) != nullptr;
}

}  // namespace

TEST_CASE("gui stepper: a screenshot is the same wherever the pointer is") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the pointer test is skipped");
    return;
  }
  auto shoot = [](const std::string& pointer, const std::string& name) {
    REQUIRE(std::system(("xdotool mousemove " + pointer + " >/dev/null 2>&1").c_str()) == 0);
    const fs::path png = scratch() / (name + ".png"), labels = scratch() / (name + ".json");
    const std::string command = shell_quote(GRADFLOW_GUI) + " " + shell_quote(example("4_gradient_patterns.json")) +
                                " --step 7 --size 1280x800 --screenshot " + shell_quote(png.string()) +
                                " --dump-labels " + shell_quote(labels.string()) + " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    return std::pair{read_file(png), Json::parse(read_file(labels))};
  };
  const auto [corner, labels] = shoot("1 1", "pointer_corner");
  // Then with the pointer on a gate (where a live window would show its pin and inspector).
  const Json* gate = find_label(labels, "node", "max");
  REQUIRE(gate != nullptr);
  const Point on_gate = centre(*gate);
  const auto [over_gate, unused] = shoot(std::to_string(on_gate.x) + " " + std::to_string(on_gate.y), "pointer_gate");
  const auto [middle, unused2] = shoot("640 400", "pointer_middle");
  CHECK(corner.size() > 1000);
  CHECK(corner == over_gate);
  CHECK(corner == middle);
}

TEST_CASE("gui stepper: hovering a gate shows only what the current step has revealed") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the hover test is skipped");
    return;
  }
  const fs::path dir = scratch() / "hover";
  fs::create_directories(dir);
  // Example 4: f = 2·(x·y + max(z, w)) = -20, at step 0.
  LiveWindow window(dir / "session.json", dir / "labels.json", {example("4_gradient_patterns.json")}, dir);
  const Json start = window.wait_for([](const Json& l) { return count(l, "node") > 5; });
  REQUIRE_FALSE(start.is_null());
  // The output gate: the last × (the one fed by the sum).
  const Json* output = nullptr;
  for (const Json& label : start["labels"])
    if (label["kind"] == "node" && label["text"] == "\u00d7" && (!output || label["x"] > (*output)["x"])) output = &label;
  REQUIRE(output != nullptr);
  REQUIRE(xdo(mouse_to(centre(*output)) + " && sleep 0.3"));
  const Json hovered = window.wait_for([](const Json& l) { return any_ui_containing(l, "value: ?"); });
  REQUIRE_FALSE(hovered.is_null());
  CHECK(any_ui_containing(hovered, "gradient: ?"));
  CHECK_FALSE(any_ui_containing(hovered, "-20"));  // neither the value...
  CHECK_FALSE(any_ui_containing(hovered, "= 2 "));  // ...nor the local gradient's number

  // At the end everything is revealed, at full precision.
  REQUIRE(keys("End"));
  const Json ended = window.wait_for([](const Json& l) { return any_ui_containing(l, "value -20"); });
  REQUIRE_FALSE(ended.is_null());
  CHECK(find_label(ended, "ui", "gradient 1") != nullptr);
}

TEST_CASE("gui stepper: numbers on the wires as on the slides, in significant digits") {
  // DESIGN.md example 2 (the sigmoid neuron gate by gate) at the end: exp(-1) = 0.3679,
  // 1 + 0.3679 = 1.368, 1/1.368 = 0.7311; gradients -0.5344 (at 1/x's input), 0.3932 (x0),
  // -0.5898 (x1), computed here independently.
  const double e = std::exp(-1.0), denominator = 1 + e, f = 1 / denominator;
  const double at_inverse = -1 / (denominator * denominator);
  const double at_dot = at_inverse * e * -1;  // through exp(-dot) and the negation: 0.1966
  const fs::path png = scratch() / "sigmoid.png", labels_path = scratch() / "sigmoid.json";
  const std::string command = shell_quote(GRADFLOW_GUI) + " " + shell_quote(example("2_sigmoid_neuron_gates.json")) +
                              " --step end --size 1280x800 --screenshot " + shell_quote(png.string()) +
                              " --dump-labels " + shell_quote(labels_path.string()) + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const Json labels = Json::parse(read_file(labels_path));
  CHECK(std::round(f * 100) / 100 == 0.73);
  CHECK(find_label(labels, "value", "0.73") != nullptr);  // σ
  CHECK(find_label(labels, "value", "0.37") != nullptr);  // exp(-1)
  CHECK(find_label(labels, "value", "1.4") != nullptr);   // 1 + exp(-1)
  CHECK(std::round(at_inverse * 100) / 100 == -0.53);
  CHECK(find_label(labels, "grad", "-0.53") != nullptr);
  CHECK(std::round(at_dot * 100) / 100 == 0.2);
  CHECK(find_label(labels, "grad", "0.2") != nullptr);
  CHECK(find_label(labels, "grad", "0.39") != nullptr);   // x0 = w0 · 0.1966
  CHECK(find_label(labels, "grad", "-0.59") != nullptr);  // x1 = w1 · 0.1966
  // Nothing is written with trailing zeros or fixed decimals.
  for (const Json& label : labels["labels"])
    if (label["kind"] == "value" || label["kind"] == "grad") {
      const std::string text = label["text"];
      CAPTURE(text);
      CHECK(text.find(".00") == std::string::npos);
    }
}

TEST_CASE("gui stepper: a sum of 30 products is readable after Fit at 1280x800") {
  // Issue 12: this sum laid out as one diagonal streak with a single gate symbol drawn. Now
  // every gate and leaf has its symbol on the canvas (symbols are drawn only when readable),
  // between the gates palette and the inspector, and no two symbols overlap.
  const std::string sum =
      "a*b+a*c+a*d+a*e+a*f+a*g+a*h+b*c+b*d+b*e+b*f+b*g+b*h+c*d+c*e+c*f+c*g+c*h+d*e+d*f+d*g+d*h+"
      "e*f+e*g+e*h+f*g+f*h+g*h+a*b+a*c";
  const int nodes = 8 + 30 + 29;
  const fs::path png = scratch() / "sum30.png", labels_path = scratch() / "sum30.json";
  const std::string command = shell_quote(GRADFLOW_GUI) + " --expr " + shell_quote(sum) +
                              " --size 1280x800 --screenshot " + shell_quote(png.string()) +
                              " --dump-labels " + shell_quote(labels_path.string()) + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const Json labels = Json::parse(read_file(labels_path));
  double palette_right = 0;
  for (const Json& label : labels["labels"])
    if (label["kind"] == "palette") palette_right = std::max(palette_right, label["x"].get<double>() + label["w"].get<double>());
  REQUIRE(palette_right > 0);
  std::vector<const Json*> symbols(nodes, nullptr);
  for (const Json& label : labels["labels"])
    if (label["kind"] == "node" && label["node"].is_number()) {
      const int id = label["node"];
      REQUIRE(id >= 0);
      REQUIRE(id < nodes);
      if (symbols[id] == nullptr) symbols[id] = &label;  // (the output's name comes second)
    }
  for (int id = 0; id < nodes; ++id) {
    CAPTURE(id);
    REQUIRE(symbols[id] != nullptr);
    const Json& s = *symbols[id];
    const double x = s["x"], y = s["y"], w = s["w"], h = s["h"];
    CHECK(h >= 6);                   // big enough to read
    CHECK(x >= palette_right);       // on the canvas: right of the gates palette,
    CHECK(x + w <= 1280 * 0.75);     // left of the inspector (the right quarter and more),
    CHECK(y >= 60);                  // below the expression bar,
    CHECK(y + h <= 800 - 80);        // above the timeline
    for (int other = 0; other < id; ++other) {
      const Json& o = *symbols[other];
      const bool apart = x + w <= o["x"].get<double>() || o["x"].get<double>() + o["w"].get<double>() <= x ||
                         y + h <= o["y"].get<double>() || o["y"].get<double>() + o["h"].get<double>() <= y;
      CHECK(apart);
    }
  }
}
