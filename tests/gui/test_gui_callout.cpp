// GUI tests of the callout (issue 12, point 1 and the SVG of point 7): at every step of every
// example, at projector and full-HD sizes, normal and in presentation mode, the callout's box
// covers no gate, leaf, number, name or the step banner, and stays inside the canvas; in the
// SVG it lies inside the image and each of its lines inside its box.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "gui_support.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;
using namespace gf::testing;

namespace {

fs::path scratch() { return scratch_dir("gradflow_gui_callout_tests"); }

std::string example(const std::string& name) {
  return std::string(GRADFLOW_ASSETS_DIR) + "/examples/" + name;
}

// Runs gradflow headless with `args`; its exit status.
int run(const std::vector<std::string>& args, const std::string& name) {
  std::string command = shell_quote(GRADFLOW_GUI) + " --no-session";
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  command += " 2>" + shell_quote((scratch() / (name + ".err")).string()) + " >/dev/null </dev/null";
  return run_command(command).status;
}

const Json* find_shape(const Json& labels, const std::string& text) {
  for (const Json& label : labels)
    if (label["kind"] == "shape" && label["text"] == text) return &label;
  return nullptr;
}

// What one step's callout covers that it must not: gates and leaves (their shapes), numbers,
// gate names and symbols, the output's caption, the banner; and whether it left the canvas or
// its text left its box. Empty: all well (or no callout at this step).
std::vector<std::string> callout_problems(const Json& labels) {
  std::vector<std::string> problems;
  const Json* box = find_shape(labels, "callout");
  if (box == nullptr) return problems;
  const LabelBox callout = label_box(*box);
  if (const Json* canvas = find_shape(labels, "canvas"); canvas == nullptr)
    problems.push_back("no canvas recorded");
  else if (!inside(callout, label_box(*canvas), 0))
    problems.push_back("outside the canvas");
  for (const Json& label : labels) {
    const std::string kind = label["kind"], text = label["text"];
    // ("minimap view" lies inside "minimap".)
    const bool ui_mark = kind == "ui" && text != "minimap view";
    const bool guarded = kind == "value" || kind == "grad" || kind == "node" || ui_mark ||
                         (kind == "shape" && (text == "gate" || text == "leaf"));
    if (guarded && overlap(callout, label_box(label)))
      problems.push_back("covers " + kind + " '" + text + "'");
    if (kind == "callout" && !inside(label_box(label), callout))
      problems.push_back("text outside its box: " + text);
  }
  return problems;
}

std::string joined(const std::vector<std::string>& problems) {
  std::string text;
  for (const std::string& problem : problems) text += (text.empty() ? "" : "; ") + problem;
  return text;
}

// Gates (what is not an input or a constant) in an example's file: two steps each, forward
// and backward, each with a callout.
int gates_in(const std::string& file) {
  const Json document = Json::parse(read_file(file));
  int gates = 0;
  for (const Json& node : document["nodes"])
    gates += node["op"] != "input" && node["op"] != "const";
  return gates;
}

}  // namespace

TEST_CASE("gui callout: at every step of every example it covers nothing and stays on the canvas") {
  int runs = 0, callouts = 0;
  for (const auto& entry : fs::directory_iterator(std::string(GRADFLOW_ASSETS_DIR) + "/examples")) {
    const std::string file = entry.path().string();
    for (const std::string size : {"1280x800", "1920x1080"})
      for (bool presentation : {false, true}) {
        CAPTURE(file);
        CAPTURE(size);
        CAPTURE(presentation);
        const fs::path dump = scratch() / "walk.json";
        fs::remove(dump);
        std::vector<std::string> args{"--graph", file,  "--size",        size,
                                      "--step",  "all", "--dump-labels", dump.string()};
        if (presentation) args.push_back("--presentation");
        REQUIRE(run(args, "walk") == 0);
        ++runs;
        const Json walk = Json::parse(read_file(dump));
        int here = 0;
        for (std::size_t step = 0; step < walk["steps"].size(); ++step) {
          CAPTURE(step);
          const Json& labels = walk["steps"][step]["labels"];
          here += find_shape(labels, "callout") != nullptr;
          const std::vector<std::string> problems = callout_problems(labels);
          CHECK_MESSAGE(problems.empty(), joined(problems));
        }
        CHECK(here == 2 * gates_in(file));  // one callout per forward and per backward step
        callouts += here;
      }
  }
  CHECK(runs ==
        4 * std::distance(fs::directory_iterator(std::string(GRADFLOW_ASSETS_DIR) + "/examples"),
                          fs::directory_iterator{}));
  MESSAGE(callouts << " callouts checked in " << runs << " walks");
}

TEST_CASE("gui callout: the three scenes of issue 12 show what the callout explains") {
  struct Scene {
    const char* name;
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> must_show;  // kind, text
  };
  const std::vector<Scene> scenes{
      // The fan-out slide: the × gate and the output's 6 and 1 were under the callout.
      {"fanout",
       {"--expr", "(x+y)*x", "--set", "x=3", "--set", "y=-1", "--step", "4"},
       {{"node", "\u00d7"}, {"value", "6"}, {"grad", "\u22021"}, {"grad", "\u03a3 5"}}},
      // Example 4 at step 7: the + and x·y gates were hidden.
      {"patterns",
       {"--graph", example("4_gradient_patterns.json"), "--step", "7"},
       {{"node", "+"}, {"node", "xy"}, {"node", "sum"}}},
      // Presentation mode: the callout's text ran over the banner.
      {"banner",
       {"--expr", "(x+y)*z", "--set", "x=-2", "--set", "y=5", "--set", "z=-4", "--step", "3",
        "--presentation"},
       {{"ui", "backward 1/2"}, {"ui", "mul \u2014 swap multiplier"}, {"value", "-12"}}},
  };
  for (const Scene& scene : scenes) {
    const std::string scene_name = scene.name;
    CAPTURE(scene_name);
    const fs::path dump = scratch() / (std::string(scene.name) + ".json");
    const fs::path png = scratch() / (std::string(scene.name) + ".png");
    fs::remove(dump);
    std::vector<std::string> args = scene.args;
    args.insert(args.end(), {"--size", "1280x800", "--screenshot", png.string(), "--dump-labels",
                             dump.string()});
    REQUIRE(run(args, scene.name) == 0);
    const Json labels = Json::parse(read_file(dump))["labels"];
    const Json* box = find_shape(labels, "callout");
    REQUIRE(box != nullptr);
    const std::vector<std::string> problems = callout_problems(labels);
    CHECK_MESSAGE(problems.empty(), joined(problems));
    for (const auto& [kind, text] : scene.must_show) {
      CAPTURE(text);
      int found = 0, covered = 0;
      for (const Json& label : labels)
        if (label["kind"] == kind && label["text"] == text)
          ++found, covered += overlap(label_box(label), label_box(*box));
      CHECK(found >= 1);
      CHECK(covered == 0);
    }
    // Every gate's shape is clear of it (recorded once per node on screen).
    for (const Json& label : labels)
      if (label["kind"] == "shape" && (label["text"] == "gate" || label["text"] == "leaf"))
        CHECK_FALSE(overlap(label_box(label), label_box(*box)));
  }
}

namespace {

// A number attribute of an SVG element, e.g. x="12.5".
double attribute(const std::string& element, const std::string& name) {
  const std::regex pattern("\\s" + name + "=\"([-0-9.e]+)\"");
  std::smatch match;
  REQUIRE(std::regex_search(element, match, pattern));
  return std::stod(match[1]);
}

std::size_t glyphs(const std::string& xml_text) {
  std::string text = std::regex_replace(xml_text, std::regex("&[a-z]+;"), "&");
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("gui callout: in the SVG it lies inside the image and its text inside its box") {
  struct Export {
    std::vector<std::string> args;
  };
  std::vector<Export> exports{
      {{"--expr", "(x+y)*z", "--set", "x=-2", "--set", "y=5", "--set", "z=-4", "--step", "3"}},
      {{"--expr", "(x+y)*x", "--set", "x=3", "--set", "y=-1", "--step", "4"}},
  };
  for (const char* name :
       {"1_add_mul.json", "2_sigmoid_neuron_gates.json", "4_gradient_patterns.json",
        "5_copy_fanout.json", "7_binary_cross_entropy.json", "8_two_layer_relu.json"}) {
    const int gates = gates_in(example(name));
    for (int step : {1, gates + 1, 2 * gates})  // first forward, first and last backward
      exports.push_back({{"--graph", example(name), "--step", std::to_string(step)}});
  }
  const fs::path svg_path = scratch() / "callout.svg";
  for (const Export& e : exports) {
    std::string what;
    for (const std::string& arg : e.args) what += arg + " ";
    CAPTURE(what);
    fs::remove(svg_path);
    std::vector<std::string> args = e.args;
    args.push_back("--export-svg");
    args.push_back(svg_path.string());
    REQUIRE(run(args, "svg") == 0);
    const std::string svg = read_file(svg_path);
    std::smatch match;
    REQUIRE(std::regex_search(
        svg, match, std::regex("viewBox=\"([-0-9.e]+) ([-0-9.e]+) ([-0-9.e]+) ([-0-9.e]+)\"")));
    const LabelBox image{std::stod(match[1]), std::stod(match[2]), std::stod(match[3]),
                         std::stod(match[4])};
    // The callout's box is the rect drawn just before its first line.
    const std::size_t first_line = svg.find("class=\"callout\"");
    REQUIRE(first_line != std::string::npos);
    const std::size_t rect_at = svg.rfind("<rect", first_line);
    REQUIRE(rect_at != std::string::npos);
    const std::string rect_element = svg.substr(rect_at, svg.find("/>", rect_at) - rect_at);
    const LabelBox box{attribute(rect_element, "x"), attribute(rect_element, "y"),
                       attribute(rect_element, "width"), attribute(rect_element, "height")};
    CHECK(inside(box, image, 0));
    // Each line, at a generous 0.6 em a glyph (DejaVu Sans averages less; other sans-serif fonts
    // are narrower), from its baseline 0.8 em below the top to 0.25 em under it.
    // An SVG text's box: `x`, its top 0.8 em above the baseline `y`, 0.6 em a glyph wide.
    auto text_box = [](const std::string& element, const std::string& text, double height_em) {
      const double x = attribute(element, "x"), baseline = attribute(element, "y"),
                   size = attribute(element, "font-size");
      return LabelBox{x, baseline - 0.8 * size, 0.6 * size * static_cast<double>(glyphs(text)),
                      height_em * size};
    };
    const std::regex line_pattern("<text ([^>]*)class=\"callout\">([^<]*)</text>");
    int lines = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), line_pattern);
         it != std::sregex_iterator(); ++it) {
      const std::string element = " " + (*it)[1].str(), text = (*it)[2];
      CAPTURE(text);
      CHECK(inside(text_box(element, text, 1.05), box));
      ++lines;
    }
    CHECK(lines >= 1);
    // Clear of the gates (circles of radius 26), leaves and of every number and name, as on the
    // canvas (the same 0.6 em a glyph: the painter's own width is never less).
    const std::regex circle_pattern("<circle cx=\"([-0-9.e]+)\" cy=\"([-0-9.e]+)\" r=\"26\"");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle_pattern);
         it != std::sregex_iterator(); ++it) {
      const double cx = std::stod((*it)[1]), cy = std::stod((*it)[2]);
      CHECK_FALSE(overlap({cx - 26, cy - 26, 52, 52}, box));
    }
    const std::regex leaf_pattern("<rect ([^>]*)rx=\"18\"");  // leaves: half their height round
    int leaves = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), leaf_pattern);
         it != std::sregex_iterator(); ++it) {
      const std::string element = " " + (*it)[1].str();
      CHECK_FALSE(overlap({attribute(element, "x"), attribute(element, "y"),
                           attribute(element, "width"), attribute(element, "height")},
                          box));
      ++leaves;
    }
    CHECK(leaves >= 1);
    const std::regex label_pattern("<text ([^>]*)class=\"(value|grad|node)\">([^<]*)</text>");
    int labels = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label_pattern);
         it != std::sregex_iterator(); ++it) {
      const std::string element = " " + (*it)[1].str(), text = (*it)[3];
      CAPTURE(text);
      CHECK_FALSE(overlap(text_box(element, text, 1.0), box));
      ++labels;
    }
    CHECK(labels >= 3);
  }
}
