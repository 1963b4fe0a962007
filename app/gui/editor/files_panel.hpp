// files_panel.hpp — the files' side of the window: the file dialog (open, save as, export SVG),
// File > Recover, the question about unsaved changes, the notice banner, the recent files, and
// the action that waits while the user is asked.
//
// A panel with its own state. While drawing it changes only that state: what the user chose
// comes back as FileAnswers (or, from the banner, a wish to recover), which App carries out after
// the panel (App::apply_file_answers, files.cpp): saving, opening and replacing the document are
// the App's, never done while drawing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "file_dialog.hpp"
#include "imgui_painter.hpp"  // RecordedLabel
#include "recover_dialog.hpp"
#include "theme.hpp"

namespace gf::gui {

// Whatever would replace the document waits here while the user is asked about unsaved changes;
// App::run_pending does it once they have answered.
struct PendingAction {
  enum Kind { None, New, Open, Example, Recover, Quit } kind = None;
  std::string path;
};

// What the file dialog was opened for.
enum class DialogPurpose { Open, SaveAs, ExportSvg };

// What the popups read this frame.
struct FilesView {
  std::string document_name;  // "this new document", or the file's name
  bool session_active = false;
  bool escape = false, enter = false;  // pressed this frame (from the key queue)
  std::vector<RecordedLabel>* record = nullptr;
};

// What the user answered this frame.
struct FileAnswers {
  std::optional<std::string> chosen;  // a file chosen in the dialog, for `purpose`
  DialogPurpose purpose = DialogPurpose::Open;
  std::optional<std::string> recover;  // kept work chosen in File > Recover
  enum class Unsaved { None, Save, DontSave, Cancel } unsaved = Unsaved::None;
};

// What the notice banner reads this frame.
struct NoticeView {
  const std::string& problem;  // the session's lasting problem (autosave failing), or ""
  const Palette& palette;
  float scale = 1.0f;  // the UI's scale: the banner's margin
  std::vector<RecordedLabel>* record = nullptr;
};

struct FilesPanel {
  FileDialog dialog;
  DialogPurpose purpose = DialogPurpose::Open;
  RecoverDialog recover;
  std::vector<std::string> recent;  // File > Open recent, newest first
  std::string notice;  // for the user once, until dismissed: what was kept, moved or refused
  PendingAction pending;
  bool ask_unsaved = false;         // open the "save changes?" question at the next draw
  bool quit_after_save_as = false;  // the pending action runs once Save As has saved

  // Puts `action` in waiting. True when it can run now; false while the file to open is being
  // chosen, or the unsaved changes of the document (at `document_path`) are asked about.
  bool ask(PendingAction action, bool modified, const std::string& document_path);
  void ask_save_as(const std::string& document_path);
  void ask_export_svg();

  // The file dialog, File > Recover and the unsaved-changes question, while open.
  FileAnswers draw_popups(const FilesView& in);
  // Session notices and autosave failures across the top of the canvas at `min`, wrapped (a path
  // in a notice must be readable whole). True when its "Recover..." button was clicked.
  bool draw_notice(Vec2 min, float width, const NoticeView& in);
};

}  // namespace gf::gui
