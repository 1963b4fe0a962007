// session_keeper.cpp — see session_keeper.hpp.
#include "session_keeper.hpp"

#include <unistd.h>

#include <filesystem>
#include <utility>

namespace gf::gui {

namespace {
constexpr double kRetrySeconds = 2.0;     // a failing autosave or claim is tried again this often
constexpr double kDragSaveSeconds = 0.5;  // during a drag, at most this often
constexpr int kFramesToProveState = 3;    // frames after a start or a save: drawn and rendered
// Saves the session; running out of memory while copying or writing it is a failure like
// any other, not an abort (the document in the window is untouched).
Status save_without_aborting(const EditableDocument& doc, int step, View view,
                             const std::string& path) {
  try {
    return save_session_file(capture_session(doc, step, view), path);
  } catch (const std::bad_alloc&) {
    return Status::failure(path + ": not enough memory to write the session");
  }
}
}  // namespace

SessionKeeper::~SessionKeeper() {
  if (active()) clear_opening_marker(path_);  // a normal end
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void SessionKeeper::try_claim() {
  SessionClaim claim = claim_session_file(requested_);
  if (claim.path.empty()) {
    problem_ = "Autosave is off: " + claim.problem + ". Retrying.";
    return;
  }
  path_ = std::move(claim.path);
  lock_fd_ = claim.lock_fd;
  problem_.clear();
}

void SessionKeeper::start(const std::string& requested) {
  requested_ = requested;
  if (requested_.empty()) return;
  try_claim();
  if (!active()) return;
  notice_ = guard_against_crash_loop(path_);
  crashed_last_time_ = !notice_.empty();
  frames_since_mark_ = 0;
}

std::optional<Session> SessionKeeper::restore() {
  if (!active()) return std::nullopt;
  RestoredSession restored = restore_session_file(path_);
  if (!restored.message.empty()) notice_ = restored.message;
  return std::move(restored.session);
}

void SessionKeeper::set_aside() {
  if (!active()) return;
  SetAside aside = set_aside_session_file(path_);
  if (!aside.message.empty()) notice_ = aside.message;
}

void SessionKeeper::autosave(const EditableDocument& doc, int step, View view, double now,
                             bool force) {
  if (requested_.empty()) return;
  const bool retry_due = !problem_.empty() && now - last_attempt_ >= kRetrySeconds;
  if (!active()) {
    if (!retry_due) return;
    last_attempt_ = now;
    try_claim();
    if (!active()) return;
    force = true;  // claimed at last: save what there is now
  }
  const bool changed = doc.generation() != saved_generation_ || step != saved_step_;
  if (!changed && !force && !retry_due) return;
  if (!force && !retry_due && doc.in_gesture() && now - last_save_ < kDragSaveSeconds) return;
  last_attempt_ = now;
  if (Status status = save_without_aborting(doc, step, view, path_); !status) {
    problem_ = "Autosave failed: " + status.reason() + ". Retrying every 2 seconds.";
    return;  // saved_generation_ stays: the next attempt saves this state again
  }
  problem_.clear();
  // A new state in the session, not yet drawn: until it is, a crash means "don't open it".
  if (frames_since_mark_ < 0) set_opening_marker(path_);
  frames_since_mark_ = 0;
  saved_generation_ = doc.generation();
  saved_step_ = step;
  last_save_ = now;
}

bool SessionKeeper::keep_before_replacing(const EditableDocument& doc, int step, View view) {
  if (!active() || !doc.is_modified()) return true;
  Result<std::string> kept = Result<std::string>::failure("not enough memory to copy the document");
  try {
    kept = keep_for_recovery(capture_session(doc, step, view), path_);
  } catch (const std::bad_alloc&) {  // the document stays as it is
  }
  if (!kept) {
    notice_ = "Your unsaved changes could not be kept (" + kept.reason() +
              "), so they were not replaced: save them first (Ctrl+S).";
    return false;
  }
  notice_ = "Your unsaved changes were kept: File > Recover brings them back (" + *kept + ").";
  return true;
}

void SessionKeeper::frame_drawn() {
  if (frames_since_mark_ < 0 || ++frames_since_mark_ < kFramesToProveState) return;
  clear_opening_marker(path_);
  frames_since_mark_ = -1;
}

// [SECTION] The lab's autosave

std::string SessionKeeper::lab_path() const {
  if (!active()) return {};
  const std::string_view json = ".json";
  const bool ends_json = path_.size() > json.size() &&
                         path_.compare(path_.size() - json.size(), json.size(), json) == 0;
  return (ends_json ? path_.substr(0, path_.size() - json.size()) : path_) + ".lab.json";
}

std::optional<nn::LabFile> SessionKeeper::restore_lab() {
  const std::string path = lab_path();
  std::error_code error;
  if (path.empty() || !std::filesystem::exists(path, error)) return std::nullopt;
  Result<nn::LabFile> file = crashed_last_time_  // the lab may be what crashed it: not again
                                 ? Result<nn::LabFile>::failure("the last start stopped early")
                                 : nn::read_lab_file(path);
  if (file) return std::move(*file);
  // Kept for a look, never deleted: the next autosave writes a fresh one.
  const std::string aside = path + ".broken";
  std::filesystem::rename(path, aside, error);
  const std::string before = crashed_last_time_ ? notice_ + " " : "";  // (the guard's notice)
  notice_ = before + "The lab's autosave could not be read (" + file.reason() + ")" +
            (error ? "" : "; it was moved to " + aside) + ". The lab starts afresh.";
  return std::nullopt;
}

bool SessionKeeper::autosave_lab(nn::LabFile file, bool force) {
  if (!active() || (!force && lab_writer_.busy())) return false;
  lab_writer_.wait();
  if (!lab_problem_.empty()) problem_ = "Autosave of the lab failed: " + lab_problem_;
  lab_writer_.start([this, path = lab_path(), file = std::move(file)] {
    if (!nn::check_savable(file)) return;  // a diverged run: the last good save stays
    try {
      std::string text = nn::save_lab(file);
      if (text == lab_text_) return;
      const Status written = write_file_atomically(path, text);
      lab_problem_ = written ? "" : written.reason();
      if (written) lab_text_ = std::move(text);
    } catch (const std::bad_alloc&) {
      lab_problem_ = path + ": not enough memory to write the lab";
    }
  });
  return true;
}

std::vector<RecoveredWork> SessionKeeper::recovered_work() const {
  return active() ? list_recovered_work(path_) : std::vector<RecoveredWork>{};
}

}  // namespace gf::gui
