// The session file and recent files: exact round trips, strict loading, the default path from
// XDG_STATE_HOME or HOME, atomic saving into directories made as needed, a broken session moved
// aside (never deleted) with a message, and the recent-files list.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "document.hpp"
#include "history.hpp"
#include "session.hpp"

using namespace gf;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gradflow-session-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::vector<std::string> entries(const fs::path& dir) const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

// Sets (or unsets, with nullopt) an environment variable for one test, then puts it back.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(std::string variable, std::optional<std::string> value) : name(std::move(variable)) {
    if (const char* current = std::getenv(name.c_str())) old = current;
    if (value)
      ::setenv(name.c_str(), value->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
  ~ScopedEnv() {
    if (old)
      ::setenv(name.c_str(), old->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

Session example_session() {
  Session session;
  Graph& g = session.document.graph;
  const NodeId x = *g.add_node(Op::Input, "x", -2, true);
  const NodeId y = *g.add_node(Op::Input, "y", 5, true);
  const NodeId q = *g.add_node(Op::Add, "q");
  REQUIRE(g.connect(x, q, 0));
  REQUIRE(g.connect(y, q, 1));
  REQUIRE(g.set_output(q));
  REQUIRE(g.set_position(x, {0.1f, -3}));
  session.document.title = "sum \u2014 \"quoted\"";
  session.document.view = View{{1, 2}, 1.5f};
  session.file_path = "/home/ana/lecture 4/sum.json";
  session.modified = true;
  session.step = 3;
  session.view = View{{-12.25f, 0.1f}, 0.75f};
  return session;
}

// A session text with one top-level field replaced or added.
std::string session_with(const std::string& fields) {
  return R"({"format": "gradflow-session", "version": 1, )" + fields +
         R"("document": {"format": "gradflow-graph", "version": 1, "nodes": []}})";
}

void check_refused(const std::string& text, std::initializer_list<std::string_view> parts) {
  CAPTURE(text.substr(0, 300));
  Result<Session> loaded = load_session(text);
  REQUIRE_FALSE(loaded);
  CAPTURE(loaded.reason());
  for (std::string_view part : parts) CHECK(contains(loaded.reason(), part));
}

}  // namespace

TEST_CASE("session: save and load round-trip exactly, every field") {
  const Session session = example_session();
  const std::string text = save_session(session);
  Result<Session> loaded = load_session(text);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(*loaded == session);
  CHECK(save_session(*loaded) == text);
  CHECK(contains(text, "\"format\": \"gradflow-session\""));
  CHECK(contains(text, "\"view\": {\"pan\": [-12.25, 0.1], \"zoom\": 0.75}"));
  CHECK(text.back() == '\n');

  // The smallest session: a new, empty, clean document.
  const Session empty;
  Result<Session> loaded_empty = load_session(save_session(empty));
  REQUIRE(loaded_empty);
  CHECK(*loaded_empty == empty);
  CHECK(contains(save_session(empty), "\"file\": null"));
  // Fields may come in any order, and the optional ones may be left out.
  Result<Session> minimal = load_session(
      R"({"document": {"format": "gradflow-graph", "version": 1, "nodes": []},
          "version": 1, "format": "gradflow-session"})");
  REQUIRE_MESSAGE(minimal, minimal.reason());
  CHECK(*minimal == empty);
}

TEST_CASE("session: an editable document is captured and restored with its unsaved mark") {
  EditableDocument doc(example_session().document, "/tmp/sum.json");
  CHECK_FALSE(doc.is_modified());
  Session clean = capture_session(doc, 2, View{{5, 5}, 2});
  CHECK(clean.file_path == "/tmp/sum.json");
  CHECK_FALSE(clean.modified);
  CHECK(clean.step == 2);
  CHECK(restore_document(clean).document() == doc.document());
  CHECK_FALSE(restore_document(clean).is_modified());

  REQUIRE(doc.set_param(0, 42));
  Result<Session> reloaded = load_session(save_session(capture_session(doc, 0, std::nullopt)));
  REQUIRE(reloaded);
  CHECK(reloaded->modified);
  EditableDocument restored = restore_document(*reloaded);
  CHECK(restored.document() == doc.document());
  CHECK(restored.file_path() == "/tmp/sum.json");
  CHECK(restored.is_modified());  // still differs from its file
  CHECK_FALSE(restored.can_undo());
}

TEST_CASE("session: a view that could not be read back is written as the default") {
  Session session;
  session.view = View{{INFINITY, 1}, -2};
  Result<Session> loaded = load_session(save_session(session));
  REQUIRE(loaded);
  CHECK(loaded->view == View{});
}

TEST_CASE("session: loading is strict") {
  check_refused("", {"not valid JSON"});
  check_refused("{\"format\": \"gradflow-session\",", {"not valid JSON"});
  check_refused("[1]", {"must be an object"});
  check_refused(R"({"version": 1, "document": {}})", {"\"format\" field is missing"});
  check_refused(R"({"format": "gradflow-graph", "version": 1, "nodes": []})",
                {"not a gradflow session", "\"gradflow-graph\""});
  check_refused(R"({"format": 7, "version": 1})", {"\"format\" is the number 7"});
  check_refused(R"({"format": "gradflow-session", "version": 2, "document": {}})",
                {"version 2 is not supported"});
  check_refused(R"({"format": "gradflow-session", "version": "1", "document": {}})",
                {"version \"1\""});
  check_refused(R"({"format": "gradflow-session", "version": 1})", {"\"document\" is missing"});
  check_refused(session_with(R"("extra": 1, )"), {"unknown field \"extra\""});
  check_refused(session_with(R"("step": 1, "step": 2, )"), {"\"step\" appears twice"});
  check_refused(session_with(R"("format": "gradflow-session", )"), {"\"format\" appears twice"});
  check_refused(session_with(R"("step": -1, )"), {"\"step\" must be an integer"});
  check_refused(session_with(R"("step": 1.5, )"), {"\"step\" must be an integer"});
  check_refused(session_with(R"("step": 99999999999, )"), {"\"step\" must be an integer"});
  check_refused(session_with(R"("modified": "yes", )"), {"\"modified\" must be true or false"});
  check_refused(session_with(R"("file": 3, )"), {"\"file\" must be a path or null"});
  check_refused(session_with(R"("view": [0, 0], )"), {"\"view\" must be an object"});
  check_refused(session_with(R"("view": {"zoom": 0}, )"), {"\"zoom\" must be greater than 0"});
  check_refused(session_with(R"("view": {"zoom": 1, "zoom": 2}, )"), {"\"zoom\" appears twice"});
  check_refused(session_with(R"("view": {"pan": [0]}, )"), {"\"pan\" must be an array of two"});
  check_refused(session_with(R"("view": {"pan": [0, 1e300]}, )"), {"too large"});
  check_refused(session_with(R"("view": {"tilt": 1}, )"), {"unknown field \"tilt\""});
  check_refused(session_with(R"("step": 1e999, )"), {"not valid JSON"});
  // The document inside is read by the document loader, strictly, and named as such.
  check_refused(R"({"format": "gradflow-session", "version": 1, "document":
      {"format": "gradflow-graph", "version": 1, "nodes": [{"id": 0, "op": "foo"}]}})",
                {"\"document\": ", "unknown op 'foo'"});
  check_refused(R"({"format": "gradflow-session", "version": 1, "document": 5})",
                {"\"document\": ", "not a gradflow document"});
  // Hostile nesting is refused before any parsing.
  check_refused(std::string(1000000, '[') + std::string(1000000, ']'), {"nest deeper"});
}

TEST_CASE("session: the default path follows XDG_STATE_HOME, then HOME") {
  {
    ScopedEnv state("XDG_STATE_HOME", "/tmp/state-home/");
    Result<std::string> path = default_session_path();
    REQUIRE(path);
    CHECK(*path == "/tmp/state-home/gradflow/session.json");
  }
  {
    ScopedEnv state("XDG_STATE_HOME", "relative/dir");  // not absolute: ignored, as the spec says
    ScopedEnv home("HOME", "/home/ana");
    CHECK(*default_session_path() == "/home/ana/.local/state/gradflow/session.json");
  }
  {
    ScopedEnv state("XDG_STATE_HOME", std::nullopt);
    ScopedEnv home("HOME", "/home/bo/");
    CHECK(*default_session_path() == "/home/bo/.local/state/gradflow/session.json");
  }
  {
    ScopedEnv state("XDG_STATE_HOME", "");
    ScopedEnv home("HOME", std::nullopt);  // then the password database's home directory
    Result<std::string> path = default_session_path();
    if (path) CHECK(contains(*path, "/.local/state/gradflow/session.json"));
  }
}

TEST_CASE("session: saving creates the directories and leaves no temporary file") {
  TempDir dir;
  ScopedEnv state("XDG_STATE_HOME", dir.path.string() + "/deep/state");
  const std::string path = *default_session_path();
  const Session session = example_session();
  REQUIRE(save_session_file(session, path));
  CHECK(dir.entries(fs::path(path).parent_path()) == std::vector<std::string>{"session.json"});
  CHECK(read_text(path) == save_session(session));
  Session changed = session;
  changed.step = 7;
  REQUIRE(save_session_file(changed, path));  // replaced atomically
  CHECK(dir.entries(fs::path(path).parent_path()) == std::vector<std::string>{"session.json"});
  RestoredSession restored = restore_session_file(path);
  REQUIRE(restored.session);
  CHECK(*restored.session == changed);
  CHECK(restored.message.empty());
  CHECK(restored.moved_to.empty());

  // A directory that cannot be made: refused, saying where.
  write_text(dir.file("plain-file"), "x");
  Status refused = save_session_file(session, dir.file("plain-file") + "/session.json");
  REQUIRE_FALSE(refused);
  CHECK(contains(refused.reason(), "cannot create the directory"));
}

TEST_CASE("session: no session file is a first start: nothing restored, nothing said") {
  TempDir dir;
  RestoredSession restored = restore_session_file(dir.file("session.json"));
  CHECK_FALSE(restored.session);
  CHECK(restored.message.empty());
  CHECK(dir.entries(dir.path).empty());
}

TEST_CASE("session: a broken session is moved aside, never deleted, and the message says so") {
  TempDir dir;
  const std::string path = dir.file("session.json");
  const std::vector<std::string> broken_texts = {
      "{\"format\": \"gradflow-session\", \"version\": 1, \"document\": {",  // cut short (a crash)
      R"({"format": "gradflow-session", "version": 9, "document": {}})",
      std::string("\0\0\0garbage", 10),
  };
  std::vector<std::string> moved;
  for (const std::string& text : broken_texts) {
    write_text(path, text);
    RestoredSession restored = restore_session_file(path);
    CHECK_FALSE(restored.session);
    CAPTURE(restored.message);
    CHECK(contains(restored.message, path));               // names the file ...
    CHECK(contains(restored.message, restored.moved_to));  // ... and where it went
    CHECK(contains(restored.message, "new document"));
    REQUIRE_FALSE(restored.moved_to.empty());
    CHECK(restored.moved_to.rfind(path + ".broken-", 0) == 0);
    CHECK_FALSE(fs::exists(path));
    CHECK(read_text(restored.moved_to) == text);  // kept, byte for byte
    moved.push_back(restored.moved_to);
  }
  CHECK(restore_session_file(path).message.empty());  // gone now: a first start again
  std::sort(moved.begin(), moved.end());
  CHECK(std::unique(moved.begin(), moved.end()) == moved.end());  // each kept under its own name
  CHECK(dir.entries(dir.path).size() == broken_texts.size());

  // The reasons are the loader's: a version problem reads as one.
  write_text(path, broken_texts[1]);
  CHECK(contains(restore_session_file(path).message, "version 9 is not supported"));
  // A directory where the session should be is moved aside as well.
  fs::create_directories(path);
  RestoredSession directory = restore_session_file(path);
  CHECK(contains(directory.message, "is a directory"));
  CHECK(fs::is_directory(directory.moved_to));
}

TEST_CASE("session: recent files: most recent first, once each, at most ten, made absolute") {
  std::vector<std::string> files;
  files = remember_recent_file(files, "/a/one.json");
  files = remember_recent_file(files, "/a/two.json");
  files = remember_recent_file(files, "/a/./x/../one.json");  // the same file again
  CHECK(files == std::vector<std::string>{"/a/one.json", "/a/two.json"});
  for (int k = 0; k < 20; ++k) files = remember_recent_file(files, "/b/" + std::to_string(k));
  CHECK(files.size() == kMaxRecentFiles);
  CHECK(files.front() == "/b/19");
  CHECK(files.back() == "/b/10");
  files = forget_recent_file(files, "/b/15");
  CHECK(files.size() == kMaxRecentFiles - 1);
  CHECK(std::find(files.begin(), files.end(), "/b/15") == files.end());
  // A relative path is remembered as an absolute one.
  files = remember_recent_file({}, "relative.json");
  CHECK(files.front() == (fs::current_path() / "relative.json").string());
}

TEST_CASE("session: recent files are saved next to the session and loaded back") {
  TempDir dir;
  const std::string session_path = dir.file("state/gradflow/session.json");
  const std::string path = recent_files_path(session_path);
  CHECK(path == dir.file("state/gradflow/recent.json"));
  CHECK(recent_files_path("session.json") == "recent.json");

  // No list yet: an empty list, not an error.
  Result<std::vector<std::string>> none = load_recent_files(path);
  REQUIRE(none);
  CHECK(none->empty());

  // Files that no longer exist stay on the list (the app says so when one fails to open).
  const std::vector<std::string> files = {"/gone/a.json", "/home/ana/b \"quoted\".json",
                                          "/home/ana/\u00e9t\u00e9.json"};
  REQUIRE(save_recent_files(files, path));
  Result<std::vector<std::string>> loaded = load_recent_files(path);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(*loaded == files);
  REQUIRE(save_recent_files({}, path));
  CHECK(load_recent_files(path)->empty());

  // A list written by hand: duplicates and empty entries dropped, at most ten kept.
  std::string many = R"({"format": "gradflow-recent", "version": 1, "files": ["/x", "", "/x")";
  for (int k = 0; k < 15; ++k) many += ", \"/f" + std::to_string(k) + "\"";
  write_text(path, many + "]}");
  loaded = load_recent_files(path);
  REQUIRE_MESSAGE(loaded, loaded.reason());
  CHECK(loaded->size() == kMaxRecentFiles);
  CHECK(loaded->front() == "/x");

  // Not a list: refused with the reason (the app keeps an empty list and overwrites it later).
  for (const std::string& broken :
       {std::string("nonsense"), std::string(R"({"format": "gradflow-recent", "version": 1})"),
        std::string(R"({"format": "gradflow-recent", "version": 1, "files": [1]})"),
        std::string(R"({"format": "gradflow-recent", "version": 1, "files": "/x"})"),
        std::string(R"({"format": "gradflow-session", "version": 1, "files": []})")}) {
    write_text(path, broken);
    Result<std::vector<std::string>> refused = load_recent_files(path);
    CAPTURE(broken);
    REQUIRE_FALSE(refused);
    CHECK(refused.reason().rfind(path + ": ", 0) == 0);
  }
}

// ---- Recovery: unsaved work is kept, never replaced ---------------------------------------------

TEST_CASE("session: unsaved work is kept for recovery, exactly, and listed newest first") {
  TempDir dir;
  const std::string session_path = dir.file("state/session.json");
  Session first = example_session();  // "sum.json", modified
  Session second = example_session();
  second.file_path.clear();
  second.document.title = "lecture draft";
  CHECK(holds_unsaved_work(first));
  second.modified = false;
  CHECK_FALSE(holds_unsaved_work(second));
  second.modified = true;

  Result<std::string> kept_first = keep_for_recovery(first, session_path);
  REQUIRE(kept_first);
  CHECK(fs::path(*kept_first).parent_path() == fs::path(recovery_directory(session_path)));
  CHECK(recovery_directory(session_path) == dir.file("state/recovered"));
  CHECK(contains(fs::path(*kept_first).filename().string(), "-sum.json"));
  // Listed by modification time: make the first one older than the second.
  const auto earlier = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(*kept_first, earlier);
  Result<std::string> kept_second = keep_for_recovery(second, session_path);
  REQUIRE(kept_second);
  CHECK(*kept_second != *kept_first);

  // Read back whole, exactly what was kept.
  Result<Session> back = load_session_file(*kept_first);
  REQUIRE(back);
  CHECK(*back == first);

  const std::vector<RecoveredWork> list = list_recovered_work(session_path);
  REQUIRE(list.size() == 2);
  CHECK(list[0].path == *kept_second);
  CHECK(list[0].name == "lecture draft");  // untitled file: its title
  CHECK(list[1].name == "sum.json");       // the file's name
  CHECK(list[1].bytes == fs::file_size(*kept_first));
  CHECK(list[0].kept_at.size() == 19);  // "2026-12-07 14:05:31"

  // The same second, the same name: a fresh file, never one over the other.
  Result<std::string> again = keep_for_recovery(second, session_path);
  REQUIRE(again);
  CHECK(*again != *kept_second);
  CHECK(list_recovered_work(session_path).size() == 3);
}

TEST_CASE("session: a start that names a document sets the last session's unsaved work aside") {
  TempDir dir;
  const std::string path = dir.file("session.json");
  SUBCASE("unsaved work: moved to the recovery folder, and the message says where") {
    REQUIRE(save_session_file(example_session(), path));
    const std::string before = read_text(path);
    const SetAside aside = set_aside_session_file(path);
    CHECK_FALSE(fs::exists(path));
    REQUIRE_FALSE(aside.moved_to.empty());
    CHECK(read_text(aside.moved_to) == before);
    CHECK(contains(aside.message, "sum.json"));
    CHECK(contains(aside.message, "File > Recover"));
    CHECK(contains(aside.message, aside.moved_to));
  }
  SUBCASE("no unsaved work: left as it is, nothing said") {
    Session clean = example_session();
    clean.modified = false;
    REQUIRE(save_session_file(clean, path));
    const SetAside aside = set_aside_session_file(path);
    CHECK(fs::exists(path));
    CHECK(aside.message.empty());
    CHECK_FALSE(fs::exists(recovery_directory(path)));
  }
  SUBCASE("a broken session: moved aside as a restore would") {
    write_text(path, "{\"format\": \"gradflow-session\", \"version\": 1, \"document\": [");
    const SetAside aside = set_aside_session_file(path);
    CHECK_FALSE(fs::exists(path));
    CHECK(contains(aside.moved_to, "session.json.broken-"));
    CHECK(contains(aside.message, aside.moved_to));
  }
  SUBCASE("no session: nothing to do") { CHECK(set_aside_session_file(path).message.empty()); }
}

TEST_CASE("session: --session refuses a path that is not a session, and touches nothing") {
  TempDir dir;
  SUBCASE("a document") {
    const std::string path = dir.file("lecture.json");
    const std::string document =
        "{\n  \"format\": \"gradflow-graph\",\n  \"version\": 1,\n  \"nodes\": []\n}\n";
    write_text(path, document);
    const Status status = check_named_session_path(path);
    REQUIRE_FALSE(status);
    CHECK(contains(status.reason(), path));
    CHECK(contains(status.reason(), "gradflow document"));
    CHECK(read_text(path) == document);
  }
  SUBCASE("a directory") {
    const Status status = check_named_session_path(dir.path.string());
    REQUIRE_FALSE(status);
    CHECK(contains(status.reason(), "is a directory"));
  }
  SUBCASE("a FIFO") {
    const std::string path = dir.file("pipe");
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    const Status status = check_named_session_path(path);
    REQUIRE_FALSE(status);
    CHECK(contains(status.reason(), "not a regular file"));
  }
  SUBCASE("any other file") {
    const std::string path = dir.file("notes.txt");
    write_text(path, "my notes");
    CHECK_FALSE(check_named_session_path(path));
  }
  SUBCASE("accepted: a session, a broken session, an empty file, a new path") {
    REQUIRE(save_session_file(example_session(), dir.file("s.json")));
    CHECK(check_named_session_path(dir.file("s.json")));
    write_text(dir.file("broken.json"), "{\"format\": \"gradflow-session\", \"vers");
    CHECK(check_named_session_path(dir.file("broken.json")));
    write_text(dir.file("empty.json"), "");
    CHECK(check_named_session_path(dir.file("empty.json")));
    CHECK(check_named_session_path(dir.file("new.json")));
  }
}

TEST_CASE("session: one window per session file, and a claim that fails says why") {
  TempDir dir;
  const std::string path = dir.file("state/session.json");
  const SessionClaim first = claim_session_file(path);
  REQUIRE(first.path == path);
  CHECK(first.problem.empty());
  // flock locks belong to the open file: a second open in this process is a second window.
  const SessionClaim second = claim_session_file(path);
  CHECK(second.path == dir.file("state/session-2.json"));
  ::close(first.lock_fd);
  ::close(second.lock_fd);

  // A folder that cannot be made (here: a file stands where it should be): the reason, not
  // "every slot is in use".
  write_text(dir.file("blocked"), "a file");
  const SessionClaim refused = claim_session_file(dir.file("blocked/session.json"));
  CHECK(refused.path.empty());
  CHECK(contains(refused.problem, dir.file("blocked")));
  CHECK(contains(refused.problem, "Not a directory"));
}

TEST_CASE("session: a start that crashed while opening the session does not open it again") {
  TempDir dir;
  const std::string path = dir.file("session.json");
  REQUIRE(save_session_file(example_session(), path));
  const std::string before = read_text(path);
  // A start that went well: the marker is set, then cleared.
  CHECK(guard_against_crash_loop(path).empty());
  CHECK(fs::exists(opening_marker_path(path)));
  clear_opening_marker(path);
  CHECK(guard_against_crash_loop(path).empty());
  CHECK(fs::exists(path));
  // The marker is still there at the next start: that start died. The session goes to recovery.
  const std::string message = guard_against_crash_loop(path);
  CHECK(contains(message, "File > Recover"));
  CHECK_FALSE(fs::exists(path));
  const std::vector<RecoveredWork> kept = list_recovered_work(path);
  REQUIRE(kept.size() == 1);
  CHECK(read_text(kept[0].path) == before);
  CHECK(kept[0].name == "sum.json");
}
