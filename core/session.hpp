// session.hpp — the autosaved session (so that a crash or a kill loses nothing) and the list of
// recently opened files.
//
// The session file, written after every change by writing a temporary file and renaming it:
//
//   {
//     "format": "gradflow-session",
//     "version": 1,
//     "file": "/home/ana/lecture4.json",
//     "modified": true,
//     "step": 3,
//     "view": {"pan": [0, 0], "zoom": 1},
//     "document": {"format": "gradflow-graph", "version": 1, "nodes": [...], ...}
//   }
//
// Required: "format", "version", "document" (a gradflow document, read by load_document).
// Optional: "file" (the file the document belongs to: a path, or null for a new document),
// "modified" (it has changes that file does not have; default false), "step" (the stepper's
// position, an integer >= 0; default 0), "view" (the canvas's pan and zoom, as in documents).
// Loading is strict, as for documents: anything unknown, repeated or mistyped is refused with a
// reason naming it. A session that cannot be read is moved aside, never deleted.
//
// The recent-files list sits next to the session file, in recent.json:
//   {"format": "gradflow-recent", "version": 1, "files": ["/home/ana/lecture4.json", ...]}
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.hpp"
#include "history.hpp"
#include "result.hpp"

namespace gf {

inline constexpr std::string_view kSessionFormat = "gradflow-session";
inline constexpr int kSessionVersion = 1;
inline constexpr std::string_view kRecentFormat = "gradflow-recent";
inline constexpr int kRecentVersion = 1;
inline constexpr std::size_t kMaxRecentFiles = 10;

// What the app needs to come back exactly as it was.
struct Session {
  Document document;
  std::string file_path;     // "" for a document never saved
  bool modified = false;     // unsaved changes relative to file_path
  int step = 0;              // the stepper's position (the app checks it against the trace)
  std::optional<View> view;  // the canvas
  bool operator==(const Session&) const = default;
};

// What the app autosaves for an editable document, and the editable document a restored
// session gives back (its history starts empty; unsaved changes are still marked as such).
Session capture_session(const EditableDocument& doc, int step, std::optional<View> view);
EditableDocument restore_document(const Session& session, HistoryLimits limits = {});

// ---- The session file ----------------------------------------------------------------------
// $XDG_STATE_HOME/gradflow/session.json when XDG_STATE_HOME is an absolute path, else
// $HOME/.local/state/gradflow/session.json (the home directory from the password database when
// HOME is unset). Refused only when there is no home directory at all.
Result<std::string> default_session_path();

std::string save_session(const Session& session);  // the JSON text, ending with a newline
Result<Session> load_session(std::string_view json_text);
// Creates the directories as needed, then writes atomically (write_file_atomically).
Status save_session_file(const Session& session, const std::string& path);

// What restoring found. No session and no message: there was no session file (a first start).
struct RestoredSession {
  std::optional<Session> session;
  std::string message;   // for the user when the file could not be read: names file and problem
  std::string moved_to;  // where the unreadable file was moved ("" when it was not moved)
};

// Reads the session at `path`. One that cannot be read (broken, hostile, unreadable) is renamed
// to PATH.broken-YYYYMMDD-HHMMSS (a number appended if that exists) and a message says so; the
// app then starts clean. The file is never deleted.
RestoredSession restore_session_file(const std::string& path);

// ---- Recent files --------------------------------------------------------------------------
// recent.json in the session file's directory.
std::string recent_files_path(const std::string& session_path);

// The list with `path` (made absolute and normal) first, once, at most kMaxRecentFiles long.
std::vector<std::string> remember_recent_file(std::vector<std::string> files,
                                              const std::string& path);
// The list without `path` (after a failed open, say).
std::vector<std::string> forget_recent_file(std::vector<std::string> files,
                                            const std::string& path);

// A missing list file is an empty list. Entries for files that no longer exist are kept (a
// disconnected drive comes back); the app says so when one fails to open. Refused (with the
// reason) when the file is not a recent-files list.
Result<std::vector<std::string>> load_recent_files(const std::string& path);
Status save_recent_files(const std::vector<std::string>& files, const std::string& path);

}  // namespace gf
