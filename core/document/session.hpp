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
#include <cstdint>
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

// ---- One window per session file ------------------------------------------------------------
// A session file belongs to one window at a time: a lock beside it (PATH.lock, flock), held
// until the process ends, even by a crash. A second window takes session-2.json, and so on up
// to session-9.json, so two windows never overwrite each other's autosave.
struct SessionClaim {
  std::string path;     // the session file this window may use; "" when none could be claimed
  int lock_fd = -1;     // keep it open for as long as the window autosaves
  std::string problem;  // why none could be claimed: every slot in use, or the error (a
                        // read-only folder, say) naming the file
};
SessionClaim claim_session_file(const std::string& path);
// For a session file the user named (--session PATH): refused, naming the problem, when PATH is
// a directory, not a regular file, or a file that is not a gradflow session (a document, say),
// so that it is never moved aside or overwritten. A missing file, and a broken one that was a
// session (it names the session format), are accepted.
Status check_named_session_path(const std::string& path);

// ---- Recovery: unsaved work is kept, never replaced -----------------------------------------
// Starting with a named document (FILE, --expr, --new), New, Open, an example or "Don't save"
// would replace the session, and with it work that was never saved. Before that happens the
// work is kept as a session file of its own in the folder "recovered" beside the session file
// (File -> Recover lists and reopens them). gradflow deletes one only when the user discards it.

// Unsaved work: changes that its file does not have, or a new document that was edited.
bool holds_unsaved_work(const Session& session);
std::string recovery_directory(const std::string& session_path);
// Writes `session` to the recovery folder under a fresh name (the time, then the document's
// name); returns the file's path.
Result<std::string> keep_for_recovery(const Session& session, const std::string& session_path);

struct RecoveredWork {
  std::string path;     // the session file in the recovery folder
  std::string kept_at;  // local time, "2026-12-07 14:05:31"
  std::string name;     // the document's file name, else its title, else "untitled"
  std::uintmax_t bytes = 0;
};
// Newest first. Reads only the head of each file, so a folder of large documents lists fast.
std::vector<RecoveredWork> list_recovered_work(const std::string& session_path);
// A session file read whole (a recovered one, say), within the limit restore has.
Result<Session> load_session_file(const std::string& path);

// At a start that names a document, the session at `path` is about to be replaced. Unsaved work
// in it is moved to the recovery folder; a session that cannot be read is moved aside as
// restore_session_file does; one without unsaved work is left to be overwritten. `message` (for
// the user, once) says what was kept and where; "" when nothing was.
struct SetAside {
  std::string message;
  std::string moved_to;
};
SetAside set_aside_session_file(const std::string& path);

// ---- A state that crashed the window must not crash every start after it --------------------
// PATH.opening exists while the session holds a state the window has not yet drawn: from just
// before a start loads its document, and from each autosave, until the window has drawn that
// state. Found at a start (the slot's lock says no other window owns it), it means the window
// died in between, perhaps because of what it was drawing: that session is moved to the
// recovery folder instead of being opened again.
std::string opening_marker_path(const std::string& session_path);
// Moves the session to recovery when the marker says the window died; then sets the marker.
// The message (for the user) says so; "" when the last run went well.
std::string guard_against_crash_loop(const std::string& session_path);
void set_opening_marker(const std::string& session_path);
void clear_opening_marker(const std::string& session_path);

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
