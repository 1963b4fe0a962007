// session_keeper.hpp — the window's side of the autosaved session (core/document/session.hpp): the
// session file this window owns, autosaving after changes, retrying a failed autosave on its
// own, keeping unsaved work before anything replaces it, and what to tell the user about it.
//
// The rules it keeps: nothing the user did is lost without being asked (work that is replaced
// goes to File > Recover first; if it cannot be kept, it is not replaced), and a failing
// autosave says why in the window until a save succeeds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "background_job.hpp"
#include "history.hpp"
#include "lab_file.hpp"
#include "session.hpp"

namespace gf::gui {

class SessionKeeper {
 public:
  SessionKeeper() = default;
  SessionKeeper(const SessionKeeper&) = delete;
  SessionKeeper& operator=(const SessionKeeper&) = delete;
  ~SessionKeeper();

  // Claims `requested` ("" = no session: headless runs, --no-session) and guards against a
  // start that crashed last time. Call once, before restore() or set_aside().
  void start(const std::string& requested);
  bool active() const { return !path_.empty(); }  // this window autosaves to path()
  const std::string& path() const { return path_; }

  // The last session, when there is one to open (a broken one is moved aside, with a notice).
  std::optional<Session> restore();
  // A start that names a document: the last session's unsaved work is kept for recovery.
  void set_aside();

  // After a frame: saves when the document or the step changed (during a drag at most twice a
  // second), or every time when `force`. A failed save (or claim) is retried every 2 seconds.
  void autosave(const EditableDocument& doc, int step, View view, double now, bool force);
  // Before `doc` is replaced: its unsaved work goes to the recovery folder. False when it holds
  // unsaved work that could not be kept: then the caller must not replace it (notice() says why).
  bool keep_before_replacing(const EditableDocument& doc, int step, View view);
  // A frame was drawn: three frames after a start or an autosave, the state in the session has
  // been drawn without a crash (the crash guard's marker is cleared).
  void frame_drawn();

  // ---- The lab (core/nn/lab_file.hpp): a lab file of its own beside the session file
  // (session.json -> session.lab.json), so that a kill loses neither its setup nor its weights.
  std::string lab_path() const;  // "" when not active
  // The lab autosaved last time, if any; one that cannot be read, or that a start which died
  // early was opening, is moved aside (a notice says so) and the lab starts with its defaults.
  std::optional<nn::LabFile> restore_lab();
  // Writes `file` on a thread of its own (the frame does not wait for the text or the disk),
  // and only when its text changed; skipped while the last write still runs (false), unless
  // `force` (quitting): then it waits for that write first.
  bool autosave_lab(nn::LabFile file, bool force = false);

  std::vector<RecoveredWork> recovered_work() const;
  // Why autosave is failing ("" while it works): shown in the window until a save succeeds.
  const std::string& problem() const { return problem_; }
  // A one-time notice for the user ("" when none); taken, it is gone.
  std::string take_notice() { return std::exchange(notice_, std::string()); }

 private:
  void try_claim();
  std::string requested_, path_;
  int lock_fd_ = -1;
  std::string problem_, notice_;
  double last_attempt_ = -1e9, last_save_ = -1e9;
  std::uint64_t saved_generation_ = ~std::uint64_t{0};
  int saved_step_ = -1;
  int frames_since_mark_ = -1;  // frames drawn since the crash guard's marker was set; -1: none
  // The lab's autosave: only its thread touches these while it runs (busy()).
  bool crashed_last_time_ = false;  // the crash guard moved the session aside at this start
  std::string lab_text_;            // what the lab file holds now
  std::string lab_problem_;         // why its last write failed
  BackgroundJob lab_writer_{BackgroundJob::Priority::Low};  // last: it ends before the above
};

}  // namespace gf::gui
