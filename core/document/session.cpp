// session.cpp — the autosaved session file and the recent-files list (see session.hpp).
//
// Index
//   [SECTION] Paths            where the session lives, directories made as needed
//   [SECTION] Writing          the wrapper around the document's own text
//   [SECTION] Strict reading   a top-level object split into its fields, each read by type
//   [SECTION] Session          loading, saving, restoring (a broken file is moved aside)
//   [SECTION] One window per session file
//   [SECTION] Recovery         unsaved work kept in recovered/, listed, set aside at a start
//   [SECTION] Crash-loop guard
//   [SECTION] Recent files
#include "session.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>

#include "json_memory.hpp"
#include "message_text.hpp"

namespace gf {

namespace {

using Json = nlohmann::json;

// The session is a document plus a few small fields (the file path being the longest).
constexpr std::size_t kMaxSessionBytes = kMaxDocumentBytes + (std::size_t{1} << 16);
constexpr std::size_t kMaxRecentBytes = std::size_t{1} << 20;

// Thrown inside this file only, and turned into a failed Result at the API.
struct Refusal {
  std::string reason;
};
[[noreturn]] void refuse(std::string reason) { throw Refusal{std::move(reason)}; }

// [SECTION] Paths

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string home_directory() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir && *entry->pw_dir)
    return entry->pw_dir;
  return {};
}

Status create_parent_directories(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::success();
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error)
    return Status::failure(path + ": cannot create the directory " + parent.string() + ": " +
                           error.message());
  return Status::success();
}

// An absolute, normal path ("a/../b.json" from /home/ana -> /home/ana/b.json); as given if the
// working directory cannot be found.
std::string normal_path(const std::string& path) {
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error) return path;
  return absolute.lexically_normal().string();
}

// [SECTION] Writing

// The shortest text that reads back (as a double, then a float) as exactly `value`.
std::string float_text(float value) {
  char buffer[64];
  const auto shortest = std::to_chars(buffer, buffer + sizeof buffer, value);
  double read_back = 0;
  std::from_chars(buffer, shortest.ptr, read_back);
  if (shortest.ec == std::errc() && static_cast<float>(read_back) == value)
    return {buffer, shortest.ptr};
  const auto exact = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(value));
  return {buffer, exact.ptr};
}

// Only a finite pan and a positive zoom are written: anything else would make the session
// unreadable, and losing a view is better than losing the document.
std::string view_text(View view) {
  if (!std::isfinite(view.pan.x) || !std::isfinite(view.pan.y)) view.pan = {};
  if (!(view.zoom > 0) || !std::isfinite(view.zoom)) view.zoom = 1;
  return "{\"pan\": [" + float_text(view.pan.x) + ", " + float_text(view.pan.y) +
         "], \"zoom\": " + float_text(view.zoom) + "}";
}

// [SECTION] Strict reading

// Fails when [ and { nest deeper than `max_depth` anywhere (checked before any parsing).
void refuse_deep_nesting(std::string_view text, int max_depth) {
  if (const std::size_t at = find_excess_nesting(text, max_depth); at != std::string_view::npos)
    refuse("brackets nest deeper than " + std::to_string(max_depth) + " levels (at byte " +
           std::to_string(at) + ")");
}

// Fails with the parser's message when `text` is not valid JSON (no value is built).
void refuse_invalid_json(std::string_view text) {
  if (Json::accept(text)) return;
  try {
    [[maybe_unused]] const Json value = Json::parse(text);  // throws, with the reason
  } catch (const Json::parse_error& error) {
    std::string_view message = error.what();  // "[json.exception.parse_error.101] parse error..."
    if (const std::size_t tag_end = message.find("] "); tag_end != message.npos)
      message.remove_prefix(tag_end + 2);
    refuse("not valid JSON: " + std::string(message.substr(0, 200)));
  } catch (const Json::exception& error) {  // a number too large, say
    refuse("not valid JSON: " + std::string(std::string_view(error.what()).substr(0, 200)));
  }
  refuse("not valid JSON");
}

// User text in a message: at most 48 bytes, control characters shown as '?'.
std::string shown(std::string_view text) {
  std::string result(text.substr(0, 48));
  for (char& c : result)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return result;
}

struct Field {
  std::string name;
  std::string_view text;  // the value's JSON text, unparsed
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view text, std::size_t i) {
  while (i < text.size() && is_space(text[i])) ++i;
  return i;
}

// `text[i]` opens a string; the index just past its closing quote.
std::size_t end_of_string(std::string_view text, std::size_t i) {
  for (++i; i < text.size() && text[i] != '"'; ++i)
    if (text[i] == '\\') ++i;
  return std::min(i + 1, text.size());
}

// The index just past the value starting at text[i].
std::size_t end_of_value(std::string_view text, std::size_t i) {
  if (i >= text.size()) return i;
  if (text[i] == '"') return end_of_string(text, i);
  if (text[i] != '{' && text[i] != '[') {
    while (i < text.size() && !is_space(text[i]) && text[i] != ',' && text[i] != '}' &&
           text[i] != ']')
      ++i;
    return i;
  }
  int depth = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = end_of_string(text, i);
      continue;
    }
    ++i;
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return i;
  }
  return i;
}

// The fields of a JSON object in file order, their values left as text, so that the document
// inside a session goes to load_document as it is (one strict loader, one set of limits).
// `text` must already be valid JSON (refuse_invalid_json). Refuses a repeated field.
std::vector<Field> split_object(std::string_view text, const std::string& what) {
  std::size_t i = skip_space(text, 0);
  if (i >= text.size() || text[i] != '{') {
    Json value = Json::parse(text);
    DismantledAtExit freed(value);  // a large array is freed without allocating (json_memory.hpp)
    refuse(what + " must be an object, not " + type_phrase(value));
  }
  std::vector<Field> fields;
  i = skip_space(text, i + 1);
  while (i < text.size() && text[i] == '"') {
    const std::size_t name_end = end_of_string(text, i);
    Field field{Json::parse(text.substr(i, name_end - i)).get<std::string>(), {}};
    i = skip_space(text, skip_space(text, name_end) + 1);  // past the ':'
    const std::size_t value_end = end_of_value(text, i);
    field.text = text.substr(i, value_end - i);
    for (const Field& other : fields)
      if (other.name == field.name)
        refuse(what + ": the field \"" + shown(field.name) + "\" appears twice");
    fields.push_back(std::move(field));
    i = skip_space(text, value_end);
    if (i < text.size() && text[i] == ',') i = skip_space(text, i + 1);
  }
  return fields;
}

void refuse_unknown_fields(const std::vector<Field>& fields, const std::string& what,
                           const std::vector<std::string_view>& known) {
  for (const Field& field : fields)
    if (std::find(known.begin(), known.end(), field.name) == known.end()) {
      std::string list;
      for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
      refuse(what + ": unknown field \"" + shown(field.name) + "\" (it has: " + list + ")");
    }
}

const Field* find_field(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& field : fields)
    if (field.name == name) return &field;
  return nullptr;
}

const Field& require_field(const std::vector<Field>& fields, const std::string& what,
                           std::string_view name) {
  const Field* field = find_field(fields, name);
  if (!field) refuse(what + ": \"" + std::string(name) + "\" is missing");
  return *field;
}

// A small value (never the document) parsed; its nesting was bounded before.
Json value_of(const Field& field) { return Json::parse(field.text); }

void check_format_and_version(const std::vector<Field>& fields, const std::string& what,
                              std::string_view format, int version) {
  const Field* format_field = find_field(fields, "format");
  if (!format_field)
    refuse("not a " + what + ": the \"format\" field is missing (it should be \"" +
           std::string(format) + "\")");
  const Json format_value = value_of(*format_field);
  if (!format_value.is_string() || format_value.get<std::string>() != format) {
    const std::string found = format_value.is_string()
                                  ? "\"" + shown(format_value.get<std::string>()) + "\""
                                  : type_phrase(format_value);
    refuse("not a " + what + ": \"format\" is " + found + ", not \"" + std::string(format) + "\"");
  }
  const Json version_value = value_of(require_field(fields, what, "version"));
  if (!version_value.is_number_integer() || version_value.get<long long>() != version)
    refuse(what + ": version " + version_value.dump().substr(0, 32) +
           " is not supported (this gradflow reads version " + std::to_string(version) + ")");
}

float float_value(const Json& value, const std::string& where) {
  if (!value.is_number()) refuse(where + " must be a number, not " + type_phrase(value));
  const double number = value.get<double>();
  if (!std::isfinite(number) || std::fabs(number) > std::numeric_limits<float>::max())
    refuse(where + " is too large");
  return static_cast<float>(number);
}

View read_view(const Field& field) {
  const std::vector<Field> fields = split_object(field.text, "\"view\"");
  refuse_unknown_fields(fields, "\"view\"", {"pan", "zoom"});
  View view;
  if (const Field* pan = find_field(fields, "pan")) {
    const Json value = value_of(*pan);
    if (!value.is_array() || value.size() != 2)
      refuse("\"view\": \"pan\" must be an array of two numbers [x, y]");
    view.pan = {float_value(value[0], "\"view\": \"pan\"[0]"),
                float_value(value[1], "\"view\": \"pan\"[1]")};
  }
  if (const Field* zoom = find_field(fields, "zoom")) {
    view.zoom = float_value(value_of(*zoom), "\"view\": \"zoom\"");
    if (!(view.zoom > 0)) refuse("\"view\": \"zoom\" must be greater than 0");
  }
  return view;
}

// Runs a reader that refuses by throwing; returns its value or the reason.
template <class T, class Reader>
Result<T> guarded(Reader&& read) {
  try {
    return read();
  } catch (const Refusal& refusal) {
    return Result<T>::failure(refusal.reason);
  } catch (const std::bad_alloc&) {
    return Result<T>::failure("not enough memory to read it");
  } catch (const std::exception& error) {  // a backstop: the checks above should leave none
    return Result<T>::failure(std::string("cannot read it: ") + error.what());
  }
}

// [SECTION] Session

Session read_session(std::string_view text) {
  const std::string what = "session";
  if (text.size() > kMaxSessionBytes)
    refuse("the session is " + std::to_string(text.size()) + " bytes; gradflow reads at most " +
           std::to_string(kMaxSessionBytes));
  refuse_deep_nesting(text, kMaxDocumentNesting + 1);
  refuse_invalid_json(text);
  const std::vector<Field> fields = split_object(text, what);
  check_format_and_version(fields, "gradflow session", kSessionFormat, kSessionVersion);
  refuse_unknown_fields(fields, what,
                        {"format", "version", "file", "modified", "step", "view", "document"});

  Session session;
  if (const Field* file = find_field(fields, "file")) {
    const Json value = value_of(*file);
    if (value.is_string())
      session.file_path = value.get<std::string>();
    else if (!value.is_null())
      refuse("\"file\" must be a path or null, not " + type_phrase(value));
  }
  if (const Field* modified = find_field(fields, "modified")) {
    const Json value = value_of(*modified);
    if (!value.is_boolean())
      refuse("\"modified\" must be true or false, not " + type_phrase(value));
    session.modified = value.get<bool>();
  }
  if (const Field* step = find_field(fields, "step")) {
    const Json value = value_of(*step);
    constexpr auto kMaxStep = static_cast<std::uint64_t>(std::numeric_limits<int>::max());
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > kMaxStep)
      refuse("\"step\" must be an integer from 0 to " + std::to_string(kMaxStep) + ", not " +
             type_phrase(value));
    session.step = static_cast<int>(value.get<std::uint64_t>());
  }
  if (const Field* view = find_field(fields, "view")) session.view = read_view(*view);

  Result<Document> document = load_document(require_field(fields, what, "document").text);
  if (!document) refuse("\"document\": " + document.reason());
  session.document = std::move(*document);
  return session;
}

std::string timestamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &local);
  return std::string(buffer, length);
}

bool path_exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

}  // namespace

Session capture_session(const EditableDocument& doc, int step, std::optional<View> view) {
  Session session;
  session.document = doc.document();
  session.file_path = doc.file_path();
  session.modified = doc.is_modified();
  session.step = step;
  session.view = view;
  return session;
}

EditableDocument restore_document(const Session& session, HistoryLimits limits) {
  EditableDocument doc(session.document, session.file_path, limits);
  if (session.modified) doc.mark_modified();
  return doc;
}

Result<std::string> default_session_path() {
  constexpr std::string_view kFile = "/gradflow/session.json";
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && state[0] == '/')
    return without_trailing_slashes(state) + std::string(kFile);
  const std::string home = home_directory();
  if (home.empty())
    return Result<std::string>::failure(
        "no place for the session file: neither XDG_STATE_HOME nor HOME is set, and the user "
        "has no home directory");
  return without_trailing_slashes(home) + "/.local/state" + std::string(kFile);
}

std::string save_session(const Session& session) {
  std::string text = "{\n";
  text += "  \"format\": " + json_string(kSessionFormat) + ",\n";
  text += "  \"version\": " + std::to_string(kSessionVersion) + ",\n";
  text += "  \"file\": " +
          (session.file_path.empty() ? std::string("null") : json_string(session.file_path)) +
          ",\n";
  text += "  \"modified\": " + std::string(session.modified ? "true" : "false") + ",\n";
  text += "  \"step\": " + std::to_string(std::max(session.step, 0)) + ",\n";
  if (session.view) text += "  \"view\": " + view_text(*session.view) + ",\n";
  // The document's own text, as a file of it would hold (its last newline dropped). Not
  // re-indented: load_document reads it back within the very limits a file has.
  std::string document = save_document(session.document);
  if (!document.empty() && document.back() == '\n') document.pop_back();
  text += "  \"document\": " + document + "\n}\n";
  return text;
}

Result<Session> load_session(std::string_view json_text) {
  return guarded<Session>([&] { return read_session(json_text); });
}

Status save_session_file(const Session& session, const std::string& path) {
  if (Status status = create_parent_directories(path); !status) return status;
  const std::string text = save_session(session);
  // Never a file restore would refuse (too large): say so instead, and keep the old one.
  if (text.size() > kMaxSessionBytes)
    return Status::failure(path + ": the session would be " + std::to_string(text.size()) +
                           " bytes; gradflow reads at most " + std::to_string(kMaxSessionBytes) +
                           ", so it was not written");
  return write_file_atomically(path, text);
}

namespace {
// A session that cannot be read, moved aside (never deleted: the user, or a bug report, may still
// want what is in it) to PATH.broken-YYYYMMDD-HHMMSS; `problem` (starting with the path) says why.
RestoredSession move_broken_aside(const std::string& path, const std::string& problem) {
  RestoredSession restored;
  std::string aside = path + ".broken-" + timestamp_now();
  for (int n = 2; path_exists(aside); ++n)
    aside = path + ".broken-" + timestamp_now() + "-" + std::to_string(n);
  if (::rename(path.c_str(), aside.c_str()) == 0) {
    restored.moved_to = aside;
    restored.message = "The last session could not be restored (" + problem +
                       "). It was moved to " + aside + "; gradflow starts with a new document.";
  } else {
    restored.message = "The last session could not be restored (" + problem +
                       "), and it could not be moved aside (" +
                       std::generic_category().message(errno) +
                       "); gradflow starts with a new document.";
  }
  return restored;
}
}  // namespace

RestoredSession restore_session_file(const std::string& path) {
  if (!path_exists(path)) return {};  // a first start: nothing to restore
  Result<Session> session = load_session_file(path);
  if (!session) return move_broken_aside(path, session.reason());
  RestoredSession restored;
  restored.session = std::move(*session);
  return restored;
}

// [SECTION] One window per session file

SessionClaim claim_session_file(const std::string& path) {
  SessionClaim claim;
  if (path.empty()) return claim;
  if (Status status = create_parent_directories(path); !status) {
    claim.problem = status.reason();
    return claim;
  }
  std::string first_error;
  for (int n = 1; n <= 9; ++n) {
    std::string candidate = path;
    if (n > 1) {
      const std::filesystem::path p(path);
      candidate =
          (p.parent_path() / (p.stem().string() + "-" + std::to_string(n) + p.extension().string()))
              .string();
    }
    const std::string lock = candidate + ".lock";
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      // A folder that refuses the first lock refuses them all: say why, not "all in use".
      if (first_error.empty())
        first_error = "cannot create " + lock + ": " + std::generic_category().message(errno);
      if (n == 1) break;
      continue;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      claim.path = candidate;
      claim.lock_fd = fd;  // held until the process exits
      return claim;
    }
    ::close(fd);
  }
  claim.problem = !first_error.empty()
                      ? first_error
                      : "every session slot beside " + path + " is in use by another window";
  return claim;
}

Status check_named_session_path(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return Status::success();  // a new session file
  if (S_ISDIR(info.st_mode)) return Status::failure(path + ": is a directory, not a session file");
  if (!S_ISREG(info.st_mode)) return Status::failure(path + ": is not a regular file");
  // Only the head: the format is the first field gradflow writes.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return Status::failure(path + ": cannot open: " + std::generic_category().message(errno));
  char head[4096];
  const ssize_t got = ::read(fd, head, sizeof head);
  ::close(fd);
  if (got <= 0) return Status::success();  // empty: nothing in it to lose
  const std::string_view text(head, static_cast<std::size_t>(got));
  if (text.find(kSessionFormat) != std::string_view::npos) return Status::success();
  const bool document = text.find(kDocumentFormat) != std::string_view::npos;
  return Status::failure(path + ": is " +
                         std::string(document ? "a gradflow document" : "not a gradflow session") +
                         ", not a session file; name a new file or an existing session");
}

// [SECTION] Recovery

namespace {

// A file-name-safe form of a document's name: letters, digits, '-', '_' and '.', at most 40.
std::string name_for_file(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    if (safe)
      out += c;
    else if (!out.empty() && out.back() != '_')
      out += '_';
    if (out.size() >= 40) break;
  }
  while (!out.empty() && (out.back() == '_' || out.back() == '.')) out.pop_back();
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out.empty() ? "untitled" : out;
}

std::string display_name(const std::string& file_path, const std::string& title) {
  if (!file_path.empty()) return std::filesystem::path(file_path).filename().string();
  if (!title.empty()) return title;
  return "untitled";
}

// Creates an empty file under a name no one has (O_EXCL), for write_file_atomically to replace.
Result<std::string> claim_fresh_name(const std::string& directory, const std::string& stem) {
  for (int n = 1; n < 1000; ++n) {
    const std::string path =
        directory + "/" + stem + (n > 1 ? "-" + std::to_string(n) : std::string()) + ".json";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
      ::close(fd);
      return path;
    }
    if (errno != EEXIST)
      return Result<std::string>::failure(
          path + ": cannot create: " + std::generic_category().message(errno));
  }
  return Result<std::string>::failure(directory + ": no free name for " + stem);
}

std::string local_time_text(std::time_t when, const char* format) {
  std::tm local{};
  ::localtime_r(&when, &local);
  char buffer[40];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, format, &local));
}

// The string value of the first `"key": "..."` in `head` that ends on its own line, or "".
std::string peek_string(std::string_view head, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\": \"";
  const std::size_t at = head.find(pattern);
  if (at == std::string_view::npos) return {};
  const std::size_t start = at + pattern.size() - 1;
  const std::size_t end = end_of_string(head, start);
  if (end == std::string_view::npos || end > head.size()) return {};
  try {
    return Json::parse(head.substr(start, end - start)).get<std::string>();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

bool holds_unsaved_work(const Session& session) { return session.modified; }

std::string recovery_directory(const std::string& session_path) {
  const std::filesystem::path parent = std::filesystem::path(session_path).parent_path();
  return parent.empty() ? std::string("recovered") : (parent / "recovered").string();
}

namespace {
// An empty file of a fresh name in the recovery folder beside `session_path`: STEM.json (or
// STEM-2.json ...), for a write or a rename to replace.
Result<std::string> claim_recovery_name(const std::string& session_path, const std::string& stem) {
  const std::string directory = recovery_directory(session_path);
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    return Result<std::string>::failure("cannot create the folder " + directory + ": " +
                                        error.message());
  return claim_fresh_name(directory, stem);
}

std::string recovery_stem(const Session& session) {
  return timestamp_now() + "-" +
         name_for_file(display_name(session.file_path, session.document.title));
}

// Moves the session file itself into the recovery folder (a rename: atomic, and free for a
// large document). Returns where it went.
Result<std::string> move_into_recovery(const std::string& session_path, const std::string& stem) {
  Result<std::string> kept = claim_recovery_name(session_path, stem);
  if (kept && ::rename(session_path.c_str(), kept->c_str()) != 0) {
    const int error = errno;
    ::unlink(kept->c_str());
    return Result<std::string>::failure("cannot move " + session_path + " to " + *kept + ": " +
                                        std::generic_category().message(error));
  }
  return kept;
}
}  // namespace

Result<std::string> keep_for_recovery(const Session& session, const std::string& session_path) {
  Result<std::string> path = claim_recovery_name(session_path, recovery_stem(session));
  if (!path) return path;
  if (Status status = write_file_atomically(*path, save_session(session)); !status) {
    ::unlink(path->c_str());
    return Result<std::string>::failure(status.reason());
  }
  return path;
}

std::vector<RecoveredWork> list_recovered_work(const std::string& session_path) {
  std::vector<std::pair<std::time_t, RecoveredWork>> found;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(recovery_directory(session_path), error)) {
    const std::string path = entry.path().string();
    struct stat info {};
    if (entry.path().extension() != ".json" || ::lstat(path.c_str(), &info) != 0 ||
        !S_ISREG(info.st_mode) || info.st_size == 0)
      continue;  // an empty file is a name claimed by a window still writing it
    RecoveredWork work;
    work.path = path;
    work.bytes = static_cast<std::uintmax_t>(info.st_size);
    work.kept_at = local_time_text(info.st_mtime, "%Y-%m-%d %H:%M:%S");
    char head[16384];
    std::string_view text;
    if (const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK); fd >= 0) {
      const ssize_t got = ::read(fd, head, sizeof head);
      ::close(fd);
      if (got > 0) text = std::string_view(head, static_cast<std::size_t>(got));
    }
    work.name = display_name(peek_string(text, "file"), peek_string(text, "title"));
    found.emplace_back(info.st_mtime, std::move(work));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.path > b.second.path;
  });
  std::vector<RecoveredWork> list;
  for (auto& [time, work] : found) list.push_back(std::move(work));
  return list;
}

Result<Session> load_session_file(const std::string& path) {
  Result<std::string> text = read_file_text(path, kMaxSessionBytes, "a session file");
  if (!text) return Result<Session>::failure(text.reason());
  Result<Session> session = load_session(*text);
  if (!session) return Result<Session>::failure(path + ": " + session.reason());
  return session;
}

SetAside set_aside_session_file(const std::string& path) {
  SetAside aside;
  if (!path_exists(path)) return aside;
  Result<Session> session = load_session_file(path);
  if (!session) {  // broken: moved aside exactly as a restore would
    RestoredSession restored = move_broken_aside(path, session.reason());
    aside.message = restored.message;
    aside.moved_to = restored.moved_to;
    return aside;
  }
  if (!holds_unsaved_work(*session)) return aside;
  const std::string name = display_name(session->file_path, session->document.title);
  const Result<std::string> kept = move_into_recovery(path, recovery_stem(*session));
  if (!kept) {
    // Not kept: the session must not be overwritten either, so it is moved aside.
    std::string moved = path + ".unsaved-" + timestamp_now();
    if (::rename(path.c_str(), moved.c_str()) == 0) {
      aside.moved_to = moved;
      aside.message = "The last session's unsaved work (" + name + ") could not be kept in " +
                      recovery_directory(path) + " (" + kept.reason() + "); it was moved to " +
                      moved + ".";
    } else {
      aside.message =
          "The last session's unsaved work (" + name + ") could not be kept: " + kept.reason();
    }
    return aside;
  }
  aside.moved_to = *kept;
  aside.message = "The last session had unsaved work (" + name +
                  "): it was kept, see File > Recover (" + *kept + ").";
  return aside;
}

// [SECTION] Crash-loop guard

std::string opening_marker_path(const std::string& session_path) {
  return session_path + ".opening";
}

std::string guard_against_crash_loop(const std::string& session_path) {
  const std::string marker = opening_marker_path(session_path);
  std::string message;
  if (path_exists(marker) && path_exists(session_path)) {
    if (Result<std::string> moved =
            move_into_recovery(session_path, timestamp_now() + "-crashed-session"))
      message =
          "gradflow stopped before it had drawn the last session (what it held may be why), "
          "so it was not opened again: it was kept, see File > Recover (" +
          *moved + ").";
    else
      message = move_broken_aside(session_path, moved.reason()).message;
  }
  set_opening_marker(session_path);
  return message;
}

void set_opening_marker(const std::string& session_path) {
  // The marker's content does not matter, only that it exists.
  const int fd = ::open(opening_marker_path(session_path).c_str(),
                        O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) ::close(fd);
}

void clear_opening_marker(const std::string& session_path) {
  ::unlink(opening_marker_path(session_path).c_str());
}

// [SECTION] Recent files

std::string recent_files_path(const std::string& session_path) {
  const std::filesystem::path parent = std::filesystem::path(session_path).parent_path();
  return parent.empty() ? std::string("recent.json") : (parent / "recent.json").string();
}

std::vector<std::string> remember_recent_file(std::vector<std::string> files,
                                              const std::string& path) {
  const std::string normal = normal_path(path);
  files = forget_recent_file(std::move(files), normal);
  files.insert(files.begin(), normal);
  if (files.size() > kMaxRecentFiles) files.resize(kMaxRecentFiles);
  return files;
}

std::vector<std::string> forget_recent_file(std::vector<std::string> files,
                                            const std::string& path) {
  const std::string normal = normal_path(path);
  std::erase_if(files, [&](const std::string& file) { return normal_path(file) == normal; });
  return files;
}

Result<std::vector<std::string>> load_recent_files(const std::string& path) {
  using Files = std::vector<std::string>;
  if (!path_exists(path)) return Files{};
  Result<std::string> text = read_file_text(path, kMaxRecentBytes, "a recent-files list");
  if (!text) return Result<Files>::failure(text.reason());
  Result<Files> files = guarded<Files>([&] {
    refuse_deep_nesting(*text, 4);
    refuse_invalid_json(*text);
    const std::vector<Field> fields = split_object(*text, "recent-files list");
    check_format_and_version(fields, "recent-files list", kRecentFormat, kRecentVersion);
    refuse_unknown_fields(fields, "recent-files list", {"format", "version", "files"});
    const Json list = value_of(require_field(fields, "recent-files list", "files"));
    if (!list.is_array()) refuse("\"files\" must be an array, not " + type_phrase(list));
    Files result;
    for (const Json& entry : list) {
      if (!entry.is_string())
        refuse("\"files\" must hold paths (strings), not " + type_phrase(entry));
      const std::string file = entry.get<std::string>();
      // Kept as the app wrote them: remembered in order, once, at most kMaxRecentFiles.
      if (!file.empty() && std::find(result.begin(), result.end(), file) == result.end() &&
          result.size() < kMaxRecentFiles)
        result.push_back(file);
    }
    return result;
  });
  if (!files) return Result<Files>::failure(path + ": " + files.reason());
  return files;
}

Status save_recent_files(const std::vector<std::string>& files, const std::string& path) {
  std::string text = "{\n  \"format\": " + json_string(kRecentFormat) + ",\n";
  text += "  \"version\": " + std::to_string(kRecentVersion) + ",\n";
  text += "  \"files\": [";
  for (std::size_t i = 0; i < files.size() && i < kMaxRecentFiles; ++i)
    text += std::string(i ? ",\n" : "\n") + "    " + json_string(files[i]);
  text += files.empty() ? "]\n}\n" : "\n  ]\n}\n";
  if (Status status = create_parent_directories(path); !status) return status;
  return write_file_atomically(path, text);
}

}  // namespace gf
