// files.cpp — New, Open, Save, Save As, recent files, files dropped on the window, the question
// about unsaved changes, and the autosaved session that makes a crash or a kill lose nothing.
//
// Whatever would replace the document (New, Open, an example, recovered work, Quit) first asks
// when there are unsaved changes: the action waits in the FilesPanel (files_panel.hpp), whose
// dialogs are drawn first; their answers are carried out here after drawing. It waits until the
// user answers Save,
// Don't save or Cancel. "Don't save" loses nothing while there is a session: the work goes to
// File > Recover (App::load, SessionKeeper), or, on Quit, stays in the session. A document that
// cannot be opened leaves the current one untouched.
#include <imgui.h>

#include <filesystem>

#include "app.hpp"
#include "lab_panel.hpp"
#include "painter.hpp"
#include "session.hpp"

namespace gf::gui {

namespace fs = std::filesystem;

// [SECTION] Asking first -------------------------------------------------------------------------

void App::ask_then(PendingAction action) {
  if (files_.ask(std::move(action), doc_.is_modified(), doc_.file_path())) run_pending();
}

void App::run_pending() {
  const PendingAction action = std::exchange(files_.pending, {});
  switch (action.kind) {
    case PendingAction::New:
      new_document();
      break;
    case PendingAction::Open:
      open_file(action.path);
      break;
    case PendingAction::Example:
      open_example(action.path);
      break;
    case PendingAction::Recover:
      open_recovered(action.path);
      break;
    case PendingAction::Quit:
      autosave_session(true);
      quit_ = true;
      break;
    case PendingAction::None:
      break;
  }
}

void App::request_close() { ask_then({PendingAction::Quit, ""}); }

void App::request_open(const std::string& path) { ask_then({PendingAction::Open, path}); }

// [SECTION] New, open, save ----------------------------------------------------------------------

void App::new_document() {
  if (!load(EditableDocument())) return;
  expression_.text.clear();
  message_.clear();
}

void App::open_file(const std::string& path) {
  Result<EditableDocument> opened = EditableDocument::open_file(path);
  if (!opened) {
    message_ = opened.reason();  // the current document is untouched
    return;
  }
  std::string absolute = fs::absolute(path).lexically_normal().string();
  opened->set_file_path(absolute);
  if (!load(std::move(*opened))) return;
  remember_recent(absolute);
  message_.clear();
}

bool App::save(const std::string& path) {
  std::optional<View> view = View{canvas_.transform.offset, canvas_.transform.zoom};
  doc_.set_view(view);
  const std::string absolute = fs::absolute(path).lexically_normal().string();
  if (Status status = doc_.save_to_file(absolute); !status) {
    message_ = status.reason();
    return false;
  }
  remember_recent(absolute);
  message_ = "saved " + absolute;
  autosave_session(true);
  return true;
}

void App::save_or_ask() {
  if (doc_.file_path().empty())
    files_.ask_save_as(doc_.file_path());
  else
    save(doc_.file_path());
}

void App::remember_recent(const std::string& path) {
  files_.recent = remember_recent_file(std::move(files_.recent), path);
  if (session_.active()) save_recent_files(files_.recent, recent_files_path(session_.path()));
}

void App::request_view_png() {
  // A fresh name each time, so a series of slides does not overwrite itself.
  for (int n = 1; n < 10000; ++n) {
    const std::string name = "gradflow-view-" + std::to_string(n) + ".png";
    std::error_code ec;
    if (!fs::exists(name, ec)) {
      png_request_ = name;
      message_ = "wrote " + (fs::current_path(ec) / name).string();
      return;
    }
  }
}

// [SECTION] The session --------------------------------------------------------------------------

void App::restore_session() {
  std::optional<Session> restored = session_.restore();
  if (!restored) return;  // a first start, or a broken session moved aside (with a notice)
  const int step = restored->step;
  const std::optional<View> view = restored->view;
  load(restore_document(*restored));
  set_step(step);
  stepping_.progress = 1.0f;
  if (view && view->zoom > 0) canvas_.restore(*view);
}

void App::autosave_session(bool force) {
  const double now = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  session_.autosave(doc_, stepping_.step, View{canvas_.transform.offset, canvas_.transform.zoom},
                    now, force);
  autosave_lab(force);
}

void App::restore_lab_session(bool may_show) {
  std::optional<nn::LabFile> file = session_.restore_lab();
  if (!file) return;  // none yet, or a broken one moved aside (with a notice)
  if (Status restored = lab().state.restore(*file); !restored) {
    message_ = "The lab's autosave could not be restored: " + restored.reason();
    return;
  }
  if (may_show && file->shown.value_or(false)) lab_active_ = true;
}

void App::autosave_lab(bool force) {
  // Only a lab that was opened; the copy is taken here, the text and the disk on a thread.
  if (!lab_ || !session_.active()) return;
  const double now = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  if (!force && now - lab_saved_at_ < kLabAutosaveSeconds) return;
  nn::LabFile file = lab_->state.capture();
  file.shown = lab_active_;
  if (session_.autosave_lab(std::move(file), force)) lab_saved_at_ = now;
}

void App::open_recovered(const std::string& path) {
  Result<Session> kept = load_session_file(path);
  if (!kept) {
    message_ = kept.reason();
    return;
  }
  if (!load(restore_document(*kept))) return;
  // Now in the session: the kept copy goes once the session holds it safely.
  if (session_.active() && session_.problem().empty()) std::remove(path.c_str());
  message_ = "recovered " +
             (kept->file_path.empty() ? std::string("an untitled document") : kept->file_path);
}

// [SECTION] The panel's notices and dialogs, then what was answered ------------------------------

void App::record_item(std::string text) {
  record_last_item(record_labels_ ? &labels_ : nullptr, std::move(text));
}

void App::files_frame(Vec2 notice_at, float width) {
  if (std::string notice = session_.take_notice(); !notice.empty())
    files_.notice = std::move(notice);
  std::vector<RecordedLabel>* record = record_labels_ ? &labels_ : nullptr;
  const Palette palette = make_palette(theme_);
  if (files_.draw_notice(notice_at, width,
                         {session_.problem(), palette, content_scale_ * ui_scale_, record}))
    files_.recover.open(session_.recovered_work());
  FilesView view;
  view.document_name = doc_.file_path().empty() ? "this new document"
                                                : fs::path(doc_.file_path()).filename().string();
  view.session_active = session_.active();
  view.escape = escape_pressed_;
  view.enter = enter_pressed_;
  view.record = record;
  apply_file_answers(files_.draw_popups(view));
}

void App::apply_file_answers(const FileAnswers& answers) {
  if (answers.chosen) {
    const std::string& path = *answers.chosen;
    switch (answers.purpose) {
      case DialogPurpose::Open:
        ask_then({PendingAction::Open, path});
        break;
      case DialogPurpose::SaveAs:
        if (save(path) && files_.quit_after_save_as) run_pending();
        break;
      case DialogPurpose::ExportSvg:
        if (Status status = write_file_atomically(path, export_svg()); status)
          message_ = "wrote " + path;
        else
          message_ = status.reason();
        break;
    }
    files_.quit_after_save_as = false;
  }
  if (answers.recover) ask_then({PendingAction::Recover, *answers.recover});
  using Unsaved = FileAnswers::Unsaved;
  if (answers.unsaved == Unsaved::Save && doc_.file_path().empty()) {
    files_.quit_after_save_as = true;  // the pending action runs once Save As has saved
    files_.ask_save_as(doc_.file_path());
  } else if (answers.unsaved == Unsaved::Save) {
    if (save(doc_.file_path())) run_pending();
  }
  if (answers.unsaved == Unsaved::DontSave) run_pending();
  if (answers.unsaved == Unsaved::Cancel) files_.pending = {};
}

}  // namespace gf::gui
