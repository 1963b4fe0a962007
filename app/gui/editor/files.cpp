// files.cpp — New, Open, Save, Save As, recent files, files dropped on the window, the question
// about unsaved changes, and the autosaved session that makes a crash or a kill lose nothing.
//
// Whatever would replace the document (New, Open, an example, recovered work, Quit) first asks
// when there are unsaved changes: the action waits in pending_ until the user answers Save,
// Don't save or Cancel. "Don't save" loses nothing while there is a session: the work goes to
// File > Recover (App::load, SessionKeeper), or, on Quit, stays in the session. A document that
// cannot be opened leaves the current one untouched.
#include <imgui.h>

#include <filesystem>

#include "app.hpp"
#include "painter.hpp"
#include "session.hpp"

namespace gf::gui {

namespace fs = std::filesystem;

// [SECTION] Asking first -------------------------------------------------------------------------

void App::ask_then(PendingAction action) {
  pending_ = std::move(action);
  if (pending_.kind == PendingAction::Open && pending_.path.empty()) {
    // Open: choose the file first, ask about unsaved changes once it is chosen.
    const std::string start = doc_.file_path().empty()
                                  ? std::string()
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
  if (doc_.file_path().empty())
    ask_save_as();
  else
    save(doc_.file_path());
}

void App::ask_save_as() {
  const fs::path current(doc_.file_path());
  std::string name = current.filename().string();
  if (name.empty()) name = "graph.json";
  dialog_purpose_ = DialogPurpose::SaveAs;
  file_dialog_.open(FileDialog::Mode::Save, "Save document as", current.parent_path().string(),
                    name);
}

void App::remember_recent(const std::string& path) {
  recent_files_ = remember_recent_file(std::move(recent_files_), path);
  if (session_.active()) save_recent_files(recent_files_, recent_files_path(session_.path()));
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
  progress_ = 1.0f;
  if (view && view->zoom > 0) {
    canvas_.offset = view->pan;
    canvas_.zoom = view->zoom;
    fit_pending_ = false;
    last_canvas_size_ = {1, 1};  // keep this view even when the first frame sizes the canvas
  }
}

void App::autosave_session(bool force) {
  const double now = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  session_.autosave(doc_, step_, View{canvas_.offset, canvas_.zoom}, now, force);
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

// [SECTION] Notices ------------------------------------------------------------------------------

void App::record_item(std::string text) {
  record_last_item(record_labels_ ? &labels_ : nullptr, std::move(text));
}

void App::notice_banner(Vec2 min, float width) {
  if (std::string notice = session_.take_notice(); !notice.empty()) notice_ = std::move(notice);
  const std::string& problem = session_.problem();
  if (notice_.empty() && problem.empty()) return;
  // A banner across the top of the canvas, wrapped: a path in a notice must be readable whole.
  const float margin = std::round(12 * content_scale_ * ui_scale_);
  const float banner_width = std::max(200.0f, width - 2 * margin);
  ImGui::SetNextWindowPos({min.x + margin, min.y + margin});
  ImGui::SetNextWindowSize({banner_width, 0});
  const Palette palette = make_palette(theme_);
  const Color edge = palette.warning, fill = palette.callout_fill;
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(edge.r / 255.f, edge.g / 255.f, edge.b / 255.f, 1));
  ImGui::PushStyleColor(ImGuiCol_WindowBg,
                        ImVec4(fill.r / 255.f, fill.g / 255.f, fill.b / 255.f, 1));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  ImGui::Begin("##notice", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PushTextWrapPos(0.0f);
  for (const std::string* text : {&problem, static_cast<const std::string*>(&notice_)}) {
    if (text->empty()) continue;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::TextUnformatted(text->c_str());
    if (record_labels_) {
      const ImVec2 end = ImGui::GetItemRectMax();
      labels_.push_back(
          {*text, {LabelKind::Ui}, {at.x, at.y}, {end.x - at.x, end.y - at.y}, palette.warning});
    }
  }
  ImGui::PopTextWrapPos();
  if (!notice_.empty()) {
    const bool about_recovery = notice_.find("File > Recover") != std::string::npos;
    bool dismiss = false;
    if (about_recovery) {
      if (ImGui::Button("Recover...")) {
        recover_dialog_.open(session_.recovered_work());
        dismiss = true;
      }
      record_item("Recover...");
      ImGui::SameLine();
    }
    dismiss |= ImGui::Button("Dismiss");
    record_item("Dismiss");
    if (dismiss) notice_.clear();
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
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
        if (Status status = write_file_atomically(path, export_svg()); status)
          message_ = "wrote " + path;
        else
          message_ = status.reason();
        break;
    }
    quit_after_save_as_ = false;
  }
  if (recover_dialog_.draw(escape_pressed_, record_labels_ ? &labels_ : nullptr))
    ask_then({PendingAction::Recover, recover_dialog_.chosen()});
  if (ask_unsaved_) {
    ImGui::OpenPopup("Unsaved changes");
    ask_unsaved_ = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const std::string name = doc_.file_path().empty()
                                 ? "this new document"
                                 : fs::path(doc_.file_path()).filename().string();
    ImGui::Text("Save the changes to %s first?", name.c_str());
    if (session_.active() && pending_.kind == PendingAction::Quit)
      ImGui::TextDisabled("(If you don't save them, they come back at the next start.)");
    else if (session_.active())
      ImGui::TextDisabled("(If you don't save them, File > Recover keeps them.)");
    else
      ImGui::TextDisabled("(This window has no autosaved session: unsaved changes are lost.)");
    const bool save_chosen = ImGui::Button("Save");
    record_item("Save");
    if (save_chosen) {
      ImGui::CloseCurrentPopup();
      if (doc_.file_path().empty()) {
        quit_after_save_as_ = true;  // the pending action runs once Save As has saved
        ask_save_as();
      } else if (save(doc_.file_path())) {
        run_pending();
      }
    }
    ImGui::SameLine();
    const bool dont_save = ImGui::Button("Don't save");
    record_item("Don't save");
    if (dont_save) {
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
