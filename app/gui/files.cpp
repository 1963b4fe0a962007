// files.cpp — New, Open, Save, Save As, recent files, files dropped on the window, the question
// about unsaved changes, and the autosaved session that makes a crash or a kill lose nothing.
//
// Whatever would replace the document (New, Open, an example, Quit) first asks when there are
// unsaved changes: the action waits in pending_ until the user answers Save, Don't save or
// Cancel. A document that cannot be opened leaves the current one untouched.
#include <imgui.h>

#include <filesystem>

#include "app.hpp"
#include "session.hpp"

namespace gf::gui {

namespace fs = std::filesystem;

// [SECTION] Asking first -------------------------------------------------------------------------

void App::ask_then(PendingAction action) {
  pending_ = std::move(action);
  if (pending_.kind == PendingAction::Open && pending_.path.empty()) {
    // Open: choose the file first, ask about unsaved changes once it is chosen.
    const std::string start = doc_.file_path().empty() ? std::string()
                                                       : fs::path(doc_.file_path()).parent_path().string();
    dialog_purpose_ = DialogPurpose::Open;
    file_dialog_.open(FileDialog::Mode::Open, "Open document", start);
    return;
  }
  if (doc_.is_modified()) {
    ask_unsaved_ = true;
    return;
  }
  run_pending();
}

void App::run_pending() {
  const PendingAction action = std::move(pending_);
  pending_ = {};
  switch (action.kind) {
    case PendingAction::New: new_document(); break;
    case PendingAction::Open: open_file(action.path); break;
    case PendingAction::Example: open_example(action.path); break;
    case PendingAction::Quit:
      autosave_session(true);
      quit_ = true;
      break;
    case PendingAction::None: break;
  }
}

void App::request_close() { ask_then({PendingAction::Quit, ""}); }

void App::request_open(const std::string& path) { ask_then({PendingAction::Open, path}); }

// [SECTION] New, open, save ----------------------------------------------------------------------

void App::new_document() {
  load(EditableDocument());
  expression_text_.clear();
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
  load(std::move(*opened));
  remember_recent(absolute);
  message_.clear();
}

bool App::save(const std::string& path) {
  std::optional<View> view = View{canvas_.offset, canvas_.zoom};
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
  if (doc_.file_path().empty()) ask_save_as();
  else save(doc_.file_path());
}

void App::ask_save_as() {
  const fs::path current(doc_.file_path());
  std::string name = current.filename().string();
  if (name.empty()) name = "graph.json";
  dialog_purpose_ = DialogPurpose::SaveAs;
  file_dialog_.open(FileDialog::Mode::Save, "Save document as", current.parent_path().string(), name);
}

void App::remember_recent(const std::string& path) {
  recent_files_ = remember_recent_file(std::move(recent_files_), path);
  if (!session_file_.empty()) save_recent_files(recent_files_, recent_files_path(session_file_));
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
  RestoredSession restored = restore_session_file(session_file_);
  if (!restored.message.empty()) message_ = restored.message;
  if (!restored.session) return;  // a first start, or a broken session moved aside
  const int step = restored.session->step;
  const std::optional<View> view = restored.session->view;
  load(restore_document(*restored.session));
  set_step(step);
  progress_ = 1.0f;
  if (view && view->zoom > 0) {
    canvas_.offset = view->pan;
    canvas_.zoom = view->zoom;
    fit_pending_ = false;
    last_canvas_size_ = {1, 1};  // keep this view even when the first frame sizes the canvas
  }
}

void App::autosave_session(bool force) {
  if (session_file_.empty()) return;
  const bool changed = doc_.generation() != saved_session_generation_ || step_ != saved_session_step_;
  if (!changed && !force) return;
  // During a drag the document changes every frame: save at most twice a second then (a crash
  // mid-drag loses at most that), and at once when the drag ends.
  const double now = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  if (!force && doc_.in_gesture() && now - last_session_save_ < 0.5) return;
  const Session session = capture_session(doc_, step_, View{canvas_.offset, canvas_.zoom});
  if (Status status = save_session_file(session, session_file_); !status) {
    message_ = "autosave failed: " + status.reason();
  }
  saved_session_generation_ = doc_.generation();
  saved_session_step_ = step_;
  last_session_save_ = now;
}

// [SECTION] Dialogs ------------------------------------------------------------------------------

void App::file_popups() {
  if (file_dialog_.draw(escape_pressed_, enter_pressed_)) {
    const std::string path = file_dialog_.chosen();
    switch (dialog_purpose_) {
      case DialogPurpose::Open:
        ask_then({PendingAction::Open, path});
        break;
      case DialogPurpose::SaveAs:
        if (save(path) && quit_after_save_as_) run_pending();
        break;
      case DialogPurpose::ExportSvg:
        if (Status status = write_file_atomically(path, export_svg()); status) message_ = "wrote " + path;
        else message_ = status.reason();
        break;
    }
    quit_after_save_as_ = false;
  }
  if (ask_unsaved_) {
    ImGui::OpenPopup("Unsaved changes");
    ask_unsaved_ = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const std::string name = doc_.file_path().empty() ? "this new document"
                                                      : fs::path(doc_.file_path()).filename().string();
    ImGui::Text("Save the changes to %s first?", name.c_str());
    ImGui::TextDisabled("(They stay in the autosaved session either way.)");
    if (ImGui::Button("Save")) {
      ImGui::CloseCurrentPopup();
      if (doc_.file_path().empty()) {
        quit_after_save_as_ = true;  // the pending action runs once Save As has saved
        ask_save_as();
      } else if (save(doc_.file_path())) {
        run_pending();
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Don't save")) {
      ImGui::CloseCurrentPopup();
      run_pending();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || escape_pressed_) {
      pending_ = {};
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace gf::gui
