// files_panel.cpp — see files_panel.hpp.
#include "files_panel.hpp"

#include <imgui.h>

#include <cmath>
#include <filesystem>

namespace gf::gui {

namespace fs = std::filesystem;

bool FilesPanel::ask(PendingAction action, bool modified, const std::string& document_path) {
  pending = std::move(action);
  if (pending.kind == PendingAction::Open && pending.path.empty()) {
    // Open: choose the file first, ask about unsaved changes once it is chosen.
    const std::string start =
        document_path.empty() ? std::string() : fs::path(document_path).parent_path().string();
    purpose = DialogPurpose::Open;
    dialog.open(FileDialog::Mode::Open, "Open document", start);
    return false;
  }
  if (modified) {
    ask_unsaved = true;
    return false;
  }
  return true;
}

void FilesPanel::ask_save_as(const std::string& document_path) {
  const fs::path current(document_path);
  std::string name = current.filename().string();
  if (name.empty()) name = "graph.json";
  purpose = DialogPurpose::SaveAs;
  dialog.open(FileDialog::Mode::Save, "Save document as", current.parent_path().string(), name);
}

void FilesPanel::ask_export_svg() {
  purpose = DialogPurpose::ExportSvg;
  dialog.open(FileDialog::Mode::Save, "Export SVG", "", "gradflow-graph.svg", ".svg");
}

namespace {

// "Save the changes to graph.json first?" with Save, Don't save and Cancel (or Escape).
FileAnswers::Unsaved unsaved_question(const FilesView& in, const PendingAction& pending) {
  using Unsaved = FileAnswers::Unsaved;
  Unsaved answer = Unsaved::None;
  ImGui::Text("Save the changes to %s first?", in.document_name.c_str());
  if (in.session_active && pending.kind == PendingAction::Quit)
    ImGui::TextDisabled("(If you don't save them, they come back at the next start.)");
  else if (in.session_active)
    ImGui::TextDisabled("(If you don't save them, File > Recover keeps them.)");
  else
    ImGui::TextDisabled("(This window has no autosaved session: unsaved changes are lost.)");
  if (ImGui::Button("Save")) answer = Unsaved::Save;
  record_last_item(in.record, "Save");
  ImGui::SameLine();
  if (ImGui::Button("Don't save")) answer = Unsaved::DontSave;
  record_last_item(in.record, "Don't save");
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || in.escape) answer = Unsaved::Cancel;
  if (answer != Unsaved::None) ImGui::CloseCurrentPopup();
  return answer;
}

ImVec4 to_imvec4(Color c) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1); }

}  // namespace

FileAnswers FilesPanel::draw_popups(const FilesView& in) {
  FileAnswers answers;
  answers.purpose = purpose;
  if (dialog.draw(in.escape, in.enter)) answers.chosen = dialog.chosen();
  if (recover.draw(in.escape, in.record)) answers.recover = recover.chosen();
  if (ask_unsaved) {
    ImGui::OpenPopup("Unsaved changes");
    ask_unsaved = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    answers.unsaved = unsaved_question(in, pending);
    ImGui::EndPopup();
  }
  return answers;
}

bool FilesPanel::draw_notice(Vec2 min, float width, const NoticeView& in) {
  if (notice.empty() && in.problem.empty()) return false;
  const float margin = std::round(12 * in.scale);
  ImGui::SetNextWindowPos({min.x + margin, min.y + margin});
  ImGui::SetNextWindowSize({std::max(200.0f, width - 2 * margin), 0});
  ImGui::PushStyleColor(ImGuiCol_Border, to_imvec4(in.palette.warning));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, to_imvec4(in.palette.callout_fill));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  ImGui::Begin("##notice", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PushTextWrapPos(0.0f);
  for (const std::string* text : {&in.problem, static_cast<const std::string*>(&notice)}) {
    if (text->empty()) continue;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::TextUnformatted(text->c_str());
    if (in.record) {
      const ImVec2 end = ImGui::GetItemRectMax();
      in.record->push_back(
          {*text, {LabelKind::Ui}, {at.x, at.y}, {end.x - at.x, end.y - at.y}, in.palette.warning});
    }
  }
  ImGui::PopTextWrapPos();
  bool recover_asked = false, dismiss = false;
  if (!notice.empty()) {
    if (notice.find("File > Recover") != std::string::npos) {
      recover_asked = dismiss = ImGui::Button("Recover...");
      record_last_item(in.record, "Recover...");
      ImGui::SameLine();
    }
    dismiss |= ImGui::Button("Dismiss");
    record_last_item(in.record, "Dismiss");
  }
  if (dismiss) notice.clear();
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
  return recover_asked;
}

}  // namespace gf::gui
