// GUI tests of the autosaved session's promises (issue 11): unsaved work survives a start with
// FILE, --expr or --new, New, Open and "Don't save", and File > Recover brings it back; a failing
// autosave says why in the window, retries on its own and clears; --session never takes over a
// document; a start that crashed while opening its session does not crash again. The real
// window under Xvfb, driven with xdotool where a person would click.
#include <doctest/doctest.h>

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
using namespace gf::testing;

namespace {

fs::path scratch() { return scratch_dir("gradflow_gui_session_tests"); }

// A fresh folder for one scenario.
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = scratch() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& text) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  REQUIRE(out != nullptr);
  std::fwrite(text.data(), 1, text.size(), out);
  std::fclose(out);
}

// A session holding unsaved work: `expression` (inputs 3 and 4), never saved to any file.
void write_unsaved_session(const fs::path& session, const std::string& expression) {
  fs::create_directories(session.parent_path());
  const fs::path document = session.parent_path() / "unsaved_document.json";
  const std::string command = shell_quote(GRADFLOW_CLI) + " convert --expr " +
                              shell_quote(expression) + " --set keep_a=3 keep_b=4 --out " +
                              shell_quote(document.string());
  REQUIRE(std::system(command.c_str()) == 0);
  std::string text = read_file(document);
  fs::remove(document);
  write_file(session,
             "{\n  \"format\": \"gradflow-session\",\n  \"version\": 1,\n  \"file\": null,\n"
             "  \"modified\": true,\n  \"step\": 0,\n  \"document\": " +
                 text + "}\n");
}

// The files kept for recovery beside `session`, each file's text.
std::vector<std::string> recovered_texts(const fs::path& session) {
  std::vector<std::string> texts;
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(session.parent_path() / "recovered", ignored))
    texts.push_back(read_file(entry.path()));
  return texts;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

int count_containing(const std::vector<std::string>& texts, const std::string& part) {
  int n = 0;
  for (const std::string& text : texts) n += contains(text, part);
  return n;
}

// A notice must be readable whole: inside the 1280-pixel window, and not tiny.
void check_readable(const Json& label) {
  CAPTURE(label.dump());
  CHECK(label["x"].get<double>() >= 0);
  CHECK(label["x"].get<double>() + label["w"].get<double>() <= 1280);
  CHECK(label["h"].get<double>() >= 13);
}

std::function<bool(const Json&)> has_ui(const std::string& part) {
  return [part](const Json& l) { return find_label_containing(l, "ui", part) != nullptr; };
}

// Waits up to `tenths` for `done`.
bool eventually(const std::function<bool()>& done, int tenths = kPatientTenths) {
  for (int i = 0; i < tenths; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

// The expression bar's field at 1280x800 (left of "Build graph").
const Point kExpressionField{300, 45};

}  // namespace

TEST_CASE("gui session: a start with FILE, --expr or --new keeps the last session's unsaved work") {
  const std::string example = std::string(GRADFLOW_ASSETS_DIR) + "/examples/1_add_mul.json";
  const std::vector<std::pair<std::string, std::vector<std::string>>> starts = {
      {"file", {example}}, {"expr", {"--expr", "a+b"}}, {"new", {"--new"}}};
  for (const auto& [name, args] : starts) {
    CAPTURE(name);
    const fs::path dir = fresh_dir("start_" + name);
    const fs::path session = dir / "state" / "session.json";
    write_unsaved_session(session, "keep_a*keep_b");
    LiveWindow window(session, dir / "labels.json", args, dir);
    const Json shown = window.wait_for(has_ui("File > Recover"));
    REQUIRE_FALSE(shown.is_null());
    const Json& notice = *find_label_containing(shown, "ui", "File > Recover");
    check_readable(notice);
    CHECK(contains(notice["text"], "keep_a*keep_b"));  // names the work
    // The work is in the recovery folder, whole; the session now holds the named document.
    const std::vector<std::string> kept = recovered_texts(session);
    REQUIRE(kept.size() == 1);
    CHECK(contains(kept[0], "\"keep_a\""));
    CHECK(contains(kept[0], "\"modified\": true"));
    CHECK(
        eventually([&] { return fs::exists(session) && !contains(read_file(session), "keep_a"); }));
  }
}

TEST_CASE(
    "gui session: New, Open and Don't save keep unsaved work, and File > Recover brings it back") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the live session test is skipped");
    return;
  }
  const fs::path dir = fresh_dir("replace");
  const fs::path session = dir / "state" / "session.json";
  const fs::path labels = dir / "labels.json";
  write_unsaved_session(session, "keep_a*keep_b");
  LiveWindow window(session, labels, {}, dir);
  REQUIRE_FALSE(
      window.wait_for([](const Json& l) { return find_label(l, "node", "keep_a") != nullptr; })
          .is_null());

  // ---- New, "Don't save" --------------------------------------------------------------------
  REQUIRE(keys("ctrl+n"));
  Json asked =
      window.wait_for([](const Json& l) { return find_label(l, "ui", "Don't save") != nullptr; });
  REQUIRE_FALSE(asked.is_null());
  REQUIRE(click(centre(*find_label(asked, "ui", "Don't save"))));
  Json after_new = window.wait_for(has_ui("File > Recover"));
  REQUIRE_FALSE(after_new.is_null());
  CHECK(count(after_new, "node") == 0);
  check_readable(*find_label_containing(after_new, "ui", "File > Recover"));
  CHECK(count_containing(recovered_texts(session), "\"keep_a\"") == 1);

  // ---- New work, then Open through the file dialog, "Don't save" ----------------------------
  REQUIRE(click(kExpressionField));
  REQUIRE(type("second_c*second_d"));
  REQUIRE(keys("Return"));
  REQUIRE_FALSE(
      window.wait_for([](const Json& l) { return find_label(l, "node", "second_c") != nullptr; })
          .is_null());
  REQUIRE(click({640, 400}));  // the canvas: the expression field lets go of the keyboard
  REQUIRE(keys("ctrl+o"));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const std::string example = std::string(GRADFLOW_ASSETS_DIR) + "/examples/1_add_mul.json";
  REQUIRE(xdo("xdotool type --delay 20 " + shell_quote(example) + " && sleep 0.2"));
  REQUIRE(keys("Return"));
  asked =
      window.wait_for([](const Json& l) { return find_label(l, "ui", "Don't save") != nullptr; });
  REQUIRE_FALSE(asked.is_null());
  REQUIRE(click(centre(*find_label(asked, "ui", "Don't save"))));
  Json opened =
      window.wait_for([](const Json& l) { return find_label(l, "node", "q") != nullptr; });
  REQUIRE_FALSE(opened.is_null());
  std::vector<std::string> kept = recovered_texts(session);
  CHECK(kept.size() == 2);
  CHECK(count_containing(kept, "\"second_c\"") == 1);

  // ---- File > Recover (the banner's button): the first work comes back ----------------------
  Json banner =
      window.wait_for([](const Json& l) { return find_label(l, "ui", "Recover...") != nullptr; });
  REQUIRE_FALSE(banner.is_null());
  REQUIRE(click(centre(*find_label(banner, "ui", "Recover..."))));
  Json listed = window.wait_for(
      [](const Json& l) { return find_label(l, "ui", "Open keep_a*keep_b") != nullptr; });
  REQUIRE_FALSE(listed.is_null());
  CHECK(find_label(listed, "ui", "Open second_c*second_d") != nullptr);
  REQUIRE(click(centre(*find_label(listed, "ui", "Open keep_a*keep_b"))));
  REQUIRE_FALSE(
      window.wait_for([](const Json& l) { return find_label(l, "node", "keep_a") != nullptr; })
          .is_null());
  // In the session again, still unsaved; its kept copy is gone, the other stays.
  CHECK(eventually([&] { return contains(read_file(session), "\"keep_a\""); }));
  CHECK(contains(read_file(session), "\"modified\": true"));
  kept = recovered_texts(session);
  CHECK(kept.size() == 1);
  CHECK(count_containing(kept, "\"second_c\"") == 1);
}

TEST_CASE(
    "gui session: a failing autosave says why in the window, retries on its own, and clears") {
  if (!have_xdotool()) {
    MESSAGE("xdotool is not installed: the live session test is skipped");
    return;
  }
  const fs::path dir = fresh_dir("failing");
  const fs::path labels = dir / "labels.json";
  // A file stands where the session's folder should be: nothing can be saved there.
  write_file(dir / "state", "in the way");
  const fs::path session = dir / "state" / "session.json";
  LiveWindow window(session, labels, {"--expr", "a*b"}, dir);
  Json failing = window.wait_for(has_ui("Autosave is off"));
  REQUIRE_FALSE(failing.is_null());
  const Json& problem = *find_label_containing(failing, "ui", "Autosave is off");
  check_readable(problem);
  CHECK(contains(problem["text"], (dir / "state").string()));
  CHECK(contains(problem["text"], "Not a directory"));

  // Out of the way: the next retry saves, and the notice goes.
  fs::remove(dir / "state");
  CHECK(eventually([&] { return fs::exists(session); }, 60));
  CHECK_FALSE(window
                  .wait_for([](const Json& l) {
                    return find_label_containing(l, "ui", "Autosave") == nullptr;
                  })
                  .is_null());
  CHECK(contains(read_file(session), "\"a\""));

  // Failing in the middle of work: a folder where the session file goes.
  fs::remove(session);
  fs::create_directories(session);
  REQUIRE(click(kExpressionField));
  REQUIRE(keys("ctrl+a"));
  REQUIRE(type("c+d"));
  REQUIRE(keys("Return"));
  failing = window.wait_for(has_ui("Autosave failed"));
  REQUIRE_FALSE(failing.is_null());
  check_readable(*find_label_containing(failing, "ui", "Autosave failed"));
  CHECK(contains((*find_label_containing(failing, "ui", "Autosave failed"))["text"],
                 session.string()));
  fs::remove(session);
  CHECK(
      eventually([&] { return fs::exists(session) && contains(read_file(session), "\"c\""); }, 60));
  CHECK_FALSE(window
                  .wait_for([](const Json& l) {
                    return find_label_containing(l, "ui", "Autosave") == nullptr;
                  })
                  .is_null());
}

TEST_CASE("gui session: --session on a document or a folder is refused, and nothing is touched") {
  const fs::path dir = fresh_dir("named");
  const fs::path lecture = dir / "lecture.json";
  fs::copy_file(std::string(GRADFLOW_ASSETS_DIR) + "/examples/1_add_mul.json", lecture);
  const std::string before = read_file(lecture);
  for (const fs::path& named : {lecture, dir}) {
    CAPTURE(named);
    const fs::path err = scratch() / "named_err.txt";
    const std::string command = shell_quote(GRADFLOW_GUI) + " --session " +
                                shell_quote(named.string()) + " --expr x 2>" +
                                shell_quote(err.string()) + " >/dev/null";
    const int status = std::system(command.c_str());
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(contains(read_file(err), named.string()));
    CHECK(contains(read_file(err), named == dir ? "is a directory" : "is a gradflow document"));
  }
  CHECK(read_file(lecture) == before);
  std::vector<std::string> entries;
  for (const auto& entry : fs::directory_iterator(dir))
    entries.push_back(entry.path().filename().string());
  CHECK(entries == std::vector<std::string>{"lecture.json"});
}

TEST_CASE("gui session: a start that crashed while opening its session does not open it again") {
  const fs::path dir = fresh_dir("crashed");
  const fs::path session = dir / "state" / "session.json";
  write_unsaved_session(session, "keep_a*keep_b");
  write_file(session.string() + ".opening", "");  // as a start that died before drawing left it
  LiveWindow window(session, dir / "labels.json", {}, dir);
  const Json shown = window.wait_for(has_ui("stopped before it had drawn"));
  REQUIRE_FALSE(shown.is_null());
  check_readable(*find_label_containing(shown, "ui", "stopped before it had drawn"));
  CHECK(find_label(shown, "node", "keep_a") == nullptr);  // not opened again
  CHECK(count_containing(recovered_texts(session), "\"keep_a\"") == 1);
  // Drawn a few frames: the start counts as good, the marker is gone.
  CHECK(eventually([&] { return !fs::exists(session.string() + ".opening"); }));
}

TEST_CASE(
    "gui session: a broken session is moved aside, and the window says where, readable whole") {
  const fs::path dir = fresh_dir("broken");
  const fs::path session =
      dir / "a-long-folder-name-as-real-home-folders-have" / "gradflow-state" / "session.json";
  fs::create_directories(session.parent_path());
  write_file(session, "{\"format\": \"gradflow-session\", \"version\": 1, \"document\": [");
  LiveWindow window(session, dir / "labels.json", {}, dir);
  const Json shown = window.wait_for(has_ui("could not be restored"));
  REQUIRE_FALSE(shown.is_null());
  const Json& notice = *find_label_containing(shown, "ui", "could not be restored");
  check_readable(notice);
  std::string moved_to;
  for (const auto& entry : fs::directory_iterator(session.parent_path()))
    if (entry.path().filename().string().rfind("session.json.broken-", 0) == 0)
      moved_to = entry.path().string();
  REQUIRE_FALSE(moved_to.empty());
  CHECK(contains(notice["text"], moved_to));
  // Wrapped onto several lines rather than cut off at the window's edge.
  CHECK(notice["h"].get<double>() >= 2 * 13);
}

namespace {

// The lab file at `path` once it parses and `ready` holds (null when it never does).
Json lab_file_when(const fs::path& path, const std::function<bool(const Json&)>& ready) {
  Json found;
  eventually([&] {
    try {
      const Json lab = Json::parse(read_file(path));
      if (!ready(lab)) return false;
      found = lab;
      return true;
    } catch (const Json::exception&) {
      return false;  // not written yet
    }
  });
  return found;
}

// The weights and optimizer state gradflow-cli computes for XOR seed 2, 2-3-1, after `steps`.
Json cli_state_after(const fs::path& dir, int steps) {
  const fs::path out = dir / ("reference-" + std::to_string(steps) + ".json");
  const std::string command =
      shell_quote(GRADFLOW_CLI) + " train --dataset xor --seed 2 --hidden 3 --steps " +
      std::to_string(steps) + " --save-setup " + shell_quote(out.string()) + " >/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  return Json::parse(read_file(out))["state"];
}

}  // namespace

TEST_CASE("gui session: the lab is killed with -9 and comes back with its setup and weights") {
  const fs::path dir = fresh_dir("lab");
  const fs::path session = dir / "state" / "session.json";
  const fs::path lab = dir / "state" / "session.lab.json";
  LiveWindow window(
      session, dir / "labels.json",
      {"--lab", "--dataset", "xor", "--seed", "2", "--hidden", "3", "--train-steps", "300"}, dir);
  Json saved = lab_file_when(lab, [](const Json& l) { return l["state"]["step"] == 300; });
  REQUIRE_FALSE(saved.is_null());
  int steps = 300;
  if (have_xdotool()) {  // one more step by hand (S), autosaved within seconds
    REQUIRE(keys("s"));
    saved = lab_file_when(lab, [](const Json& l) { return l["state"]["step"] == 301; });
    REQUIRE_FALSE(saved.is_null());
    steps = 301;
  }
  CHECK(saved["shown"] == true);
  CHECK(saved["data"]["generator"]["dataset"] == "xor");
  CHECK(saved["history"]["batch_losses"].size() == static_cast<std::size_t>(steps));
  // The weights are those of the same run in gradflow-cli, bit for bit.
  const Json reference = cli_state_after(dir, steps);
  CHECK(saved["state"] == reference);

  window.stop(SIGKILL);
  LiveWindow again(session, dir / "labels.json", {}, dir);  // no --lab: the session's
  const std::string step_text = std::to_string(steps);
  const Json shown = again.wait_for([&](const Json& l) {
    return find_label(l, "ui", "1 HIDDEN LAYER") != nullptr &&
           find_label(l, "ui", step_text) != nullptr;
  });
  REQUIRE_FALSE(shown.is_null());  // the lab, shown, at its step
  CHECK(find_label(shown, "ui", "xor") != nullptr);
  // Restored, not retrained: what the restarted window autosaves is still the same run.
  const Json after = lab_file_when(lab, [](const Json& l) { return l.contains("state"); });
  CHECK(after["state"] == reference);
  CHECK(after["history"] == saved["history"]);
}

TEST_CASE("gui session: a broken lab autosave is moved aside with a notice naming the field") {
  const fs::path dir = fresh_dir("broken-lab");
  const fs::path lab = dir / "state" / "session.lab.json";
  fs::create_directories(lab.parent_path());
  (void)cli_state_after(dir, 3);  // a good lab file (gradflow-cli's), then one weight broken
  Json saved = Json::parse(read_file(dir / "reference-3.json"));
  saved["state"]["parameters"][1] = "NaN";
  write_file(lab, saved.dump());
  LiveWindow window(dir / "state" / "session.json", dir / "labels.json", {}, dir);
  const Json shown = window.wait_for(has_ui("autosave could not be read"));
  REQUIRE_FALSE(shown.is_null());
  const Json& notice = *find_label_containing(shown, "ui", "autosave could not be read");
  check_readable(notice);
  CHECK(contains(notice["text"], "state.parameters[1] must be a number, not a string"));
  CHECK(fs::exists(lab.string() + ".broken"));                  // kept, never deleted
  CHECK(find_label(shown, "ui", "1 HIDDEN LAYER") == nullptr);  // the stepper, as on a first start
}
