// GUI editing tests: a person builds f = (x+y)·z from an empty document with the mouse alone
// (xdotool against the real window under Xvfb), sets the values, steps, undoes and redoes, and
// the autosaved session holds exactly DESIGN.md example 1; killed and restarted, the app comes
// back as it was. The live --dump-labels file tells where the palette entries, pins and nodes
// are on screen.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "gui_window.hpp"
#include "test_support.hpp"

using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path scratch() { return gf::testing::scratch_dir("gradflow_gui_editor_tests"); }
std::string quote(const std::string& arg) { return gf::testing::shell_quote(arg); }

using gf::testing::centre;
using gf::testing::click;
using gf::testing::count;
using gf::testing::drag;
using gf::testing::find_label;
using gf::testing::have_xdotool;
using gf::testing::keys;
using gf::testing::mouse_to;
using gf::testing::Point;
using gf::testing::type;
using gf::testing::xdo;

// One live gradflow window with a session file and a live label dump, started in scratch().
struct LiveWindow : gf::testing::LiveWindow {
  LiveWindow(const fs::path& session, const fs::path& labels, std::vector<std::string> args)
      : gf::testing::LiveWindow(session, labels, std::move(args), scratch()) {}
};

// The session's document, evaluated by gradflow-cli.
Json evaluate_session(const fs::path& session) {
  if (!fs::exists(session)) return Json();
  const Json saved = Json::parse(gf::testing::read_file(session));
  const fs::path document = scratch() / "from_session.json";
  {
    std::FILE* out = std::fopen(document.c_str(), "w");
    const std::string text = saved["document"].dump();
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
  }
  const fs::path result = scratch() / "eval.json";
  const std::string command = quote(GRADFLOW_CLI) + " eval --json --graph " +
                              quote(document.string()) + " >" + quote(result.string()) +
                              " 2>/dev/null";
  if (std::system(command.c_str()) != 0) return Json();
  return Json::parse(gf::testing::read_file(result));
}

double input_field(const Json& evaluation, const std::string& name, const char* field) {
  for (const Json& input : evaluation["inputs"])
    if (input["name"] == name) return input[field].get<double>();
  return 1e300;
}

// The session's evaluation once `autosaved` holds for it (the autosave follows an edit by a
// frame, which on a busy machine can take a while); the last one seen after the patient wait.
Json evaluate_session_when(const fs::path& session,
                           const std::function<bool(const Json&)>& autosaved) {
  Json evaluation;
  for (int i = 0; i < gf::testing::kPatientTenths; ++i) {
    try {
      evaluation = evaluate_session(session);
      if (!evaluation.is_null() && autosaved(evaluation)) break;
    } catch (const Json::exception&) {  // caught between a write and its rename
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return evaluation;
}

}  // namespace

TEST_CASE("gui editor: build (x+y)*z with the mouse, set values, undo, redo, kill, restart") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the live editing test is skipped");
    return;
  }
  const fs::path session = scratch() / "state" / "session.json";
  const fs::path labels = scratch() / "editor_labels.json";
  LiveWindow window(session, labels, {"--new"});
  const Json start = window.wait_for([](const Json& l) { return count(l, "palette") > 10; });
  REQUIRE_FALSE(start.is_null());
  CHECK(count(start, "node") == 0);  // --new: an empty document
  const Point input = centre(*find_label(start, "palette", "input"));
  const Point add = centre(*find_label(start, "palette", "add"));
  const Point mul = centre(*find_label(start, "palette", "mul"));

  // ---- Gates from the palette, dropped where they should go --------------------------------
  const Point at_x{330, 220}, at_y{330, 360}, at_z{330, 520}, at_add{560, 290}, at_mul{790, 400};
  REQUIRE(drag(input, at_x));
  REQUIRE(drag(input, at_y));
  REQUIRE(drag(input, at_z));
  REQUIRE(drag(add, at_add));
  REQUIRE(drag(mul, at_mul));
  Json placed = window.wait_for([](const Json& l) { return count(l, "node") >= 5; });
  REQUIRE_FALSE(placed.is_null());
  // New variables are named x, y, z in turn.
  for (const char* name : {"x", "y", "z"}) CHECK(find_label(placed, "node", name) != nullptr);
  const int x = (*find_label(placed, "node", "x"))["node"],
            y = (*find_label(placed, "node", "y"))["node"];
  const int z = (*find_label(placed, "node", "z"))["node"];
  const int plus = (*find_label(placed, "node", "+"))["node"];
  const int times = (*find_label(placed, "node", "\u00d7"))["node"];
  auto pin = [&](const Json& l, int node, const char* which) {
    const Json* found = find_label(l, "pin", which, node);
    REQUIRE(found != nullptr);
    return centre(*found);
  };

  // ---- Wires: output pin to input pin ------------------------------------------------------
  REQUIRE(drag(pin(placed, x, "out"), pin(placed, plus, "in0")));
  REQUIRE(drag(pin(placed, y, "out"), pin(placed, plus, "in1")));
  REQUIRE(drag(pin(placed, plus, "out"), pin(placed, times, "in0")));
  // The last one the other way round: from the input pin to the output pin.
  REQUIRE(drag(pin(placed, times, "in1"), pin(placed, z, "out")));
  // A wire that would make a cycle is refused and changes nothing.
  REQUIRE(drag(pin(placed, times, "out"), pin(placed, plus, "in0")));

  // ---- The values, typed in place (the output is × without being told: the one gate whose
  // output nothing uses, as the wire from + to × moved it there) -----------------------------
  for (const auto& [name, value] : {std::pair{"x", "-2"}, {"y", "5"}, {"z", "-4"}}) {
    REQUIRE(click(centre(*find_label(placed, "node", name)), 2));
    REQUIRE(keys("Tab"));
    REQUIRE(type(value));
    REQUIRE(keys("Return"));
  }
  // The stepper can step now: all the way to the end.
  REQUIRE(click({640, 120}));  // empty canvas: deselect
  REQUIRE(keys("End"));
  Json stepped =
      window.wait_for([](const Json& l) { return find_label(l, "value", "-12") != nullptr; });
  REQUIRE_FALSE(stepped.is_null());

  // ---- The autosaved session is DESIGN.md example 1 ----------------------------------------
  Json evaluation = evaluate_session_when(session, [](const Json& e) {
    return e["output"]["value"] == -12.0 && input_field(e, "z", "grad") == 3.0;
  });
  REQUIRE_FALSE(evaluation.is_null());
  CHECK(evaluation["output"]["value"] == -12.0);
  CHECK(input_field(evaluation, "x", "grad") == -4.0);
  CHECK(input_field(evaluation, "y", "grad") == -4.0);
  CHECK(input_field(evaluation, "z", "grad") == 3.0);
  CHECK(evaluation["nodes"].size() == 5);  // the refused cycle added nothing

  // ---- Undo the last value, redo it --------------------------------------------------------
  REQUIRE(keys("ctrl+z"));
  evaluation = evaluate_session_when(
      session, [](const Json& e) { return input_field(e, "z", "value") != -4.0; });
  CHECK(input_field(evaluation, "z", "value") == 1.0);  // a new variable's default
  REQUIRE(keys("ctrl+shift+z"));
  evaluation = evaluate_session_when(
      session, [](const Json& e) { return input_field(e, "z", "value") != 1.0; });
  CHECK(input_field(evaluation, "z", "value") == -4.0);

  // ---- Save As through the app's own file dialog: its name field starts as graph.json -------
  const fs::path saved = scratch() / "graph.json";
  fs::remove(saved);
  REQUIRE(keys("ctrl+shift+s"));
  REQUIRE(keys("Return"));
  for (int i = 0; i < gf::testing::kPatientTenths && !fs::exists(saved); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(fs::exists(saved));
  const std::string check =
      quote(GRADFLOW_CLI) + " eval --graph " + quote(saved.string()) + " >/dev/null 2>&1";
  CHECK(std::system(check.c_str()) == 0);

  // ---- Killed without warning, started again: everything is as it was ----------------------
  window.stop(SIGKILL);
  LiveWindow again(session, labels, {});
  Json restored =
      again.wait_for([](const Json& l) { return find_label(l, "value", "-12") != nullptr; });
  REQUIRE_FALSE(restored.is_null());
  for (const char* name : {"x", "y", "z", "+", "\u00d7"})
    CHECK(find_label(restored, "node", name) != nullptr);

  // ---- Clipboard and delete, each undone (counted in the autosaved session) ------------------
  auto nodes_now = [&](std::size_t n) {
    for (int i = 0; i < gf::testing::kPatientTenths; ++i) {
      try {
        const Json saved = Json::parse(gf::testing::read_file(session));
        if (saved["document"]["nodes"].size() == n) return true;
      } catch (const Json::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  REQUIRE(click({640, 140}));  // the canvas has the focus
  REQUIRE(keys("ctrl+a ctrl+c"));
  REQUIRE(
      xdo(mouse_to({400, 600}) + " && xdotool key ctrl+v && sleep 0.2"));  // pasted at the mouse
  CHECK(nodes_now(10));  // names made unique: x2, y2, ...
  REQUIRE(keys("ctrl+z"));
  CHECK(nodes_now(5));
  REQUIRE(keys("ctrl+a Delete"));
  CHECK(nodes_now(0));
  REQUIRE(keys("ctrl+z"));
  CHECK(nodes_now(5));
  REQUIRE(keys("End"));  // (the empty graph in between had no steps: the stepper started over)
  CHECK_FALSE(again.wait_for([](const Json& l) { return find_label(l, "value", "-12") != nullptr; })
                  .is_null());
}

TEST_CASE("gui editor: a broken session file is moved aside and the app starts clean") {
  const fs::path dir = scratch() / "broken";
  fs::create_directories(dir);
  const fs::path session = dir / "session.json";
  {
    std::FILE* out = std::fopen(session.c_str(), "w");
    std::fputs("{\"format\": \"gradflow-session\", \"version\": 1, \"document\": [", out);
    std::fclose(out);
  }
  const fs::path labels = dir / "labels.json";
  LiveWindow window(session, labels, {});
  const Json shown = window.wait_for([](const Json& l) { return count(l, "node") > 0; });
  REQUIRE_FALSE(shown.is_null());
  bool moved = false;
  for (const auto& entry : fs::directory_iterator(dir))
    moved |= entry.path().filename().string().rfind("session.json.broken-", 0) == 0;
  CHECK(moved);
}

TEST_CASE("gui editor: after a parse error the expression field keeps the keyboard") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the live typing test is skipped");
    return;
  }
  const fs::path dir = scratch() / "typing";
  fs::create_directories(dir);
  const fs::path labels = dir / "labels.json";
  LiveWindow window(dir / "session.json", labels, {"--new"});
  REQUIRE_FALSE(window.wait_for([](const Json& l) { return count(l, "palette") > 10; }).is_null());
  REQUIRE(click({300, 45}));  // the expression field
  REQUIRE(xdo("xdotool type --delay 60 '(a+' && sleep 0.1"));
  REQUIRE(keys("Return"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The fix, typed straight on: "l" and space would lay out and play on the canvas.
  REQUIRE(xdo("xdotool type --delay 60 'b) + l' && sleep 0.2"));
  REQUIRE(keys("Return"));
  const Json built = window.wait_for([](const Json& l) {
    return find_label(l, "node", "a") && find_label(l, "node", "b") && find_label(l, "node", "l");
  });
  CHECK_FALSE(built.is_null());
}
