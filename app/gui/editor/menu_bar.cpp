// menu_bar.cpp — File (new, open, recent, save, export PNG/SVG, quit), Edit (undo, clipboard,
// layout), Examples (DESIGN.md's worked examples, each opening at step 0) and View (theme,
// colour-blind palette, presentation, quiz mode, UI scale, zoom to fit).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>

#include "app.hpp"
#include "lab_panel.hpp"

namespace gf::gui {

namespace {

// The Lab menu's runs (lab_state.hpp): restart, the defaults, micrograd's demo. `lab_state` makes
// the lab on first use.
template <class LabStateOf>
void lab_run_items(LabStateOf lab_state, bool& lab_active) {
  ImGui::Separator();
  if (ImGui::MenuItem("Restart with the same weights")) {
    lab_active = true;
    lab_state().restart_same_weights();
  }
  for (const char* preset : {"", "micrograd"})
    if (ImGui::MenuItem(*preset ? "micrograd demo (16,16 relu, hinge)"
                                : "Default settings (Playground's network)")) {
      lab_active = true;
      LabState& state = lab_state();
      state.message = state.load_run_preset(preset).reason();
    }
}

}  // namespace

void App::menu_bar() {
  // The clear shows through (see App::background): the bar's window and its menu bar area would
  // otherwise fill 30,000 pixels a frame (docs/ARCHITECTURE.md, "software GL").
  ImGui::PushStyleColor(ImGuiCol_MenuBarBg, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0));
  const bool bar = ImGui::BeginMainMenuBar();
  ImGui::PopStyleColor(2);
  if (!bar) return;
  file_menu();
  edit_menu();
  if (ImGui::BeginMenu("Examples")) {
    for (const std::string& file : example_files_) {
      Result<Document> peek = load_document_file(file);
      const std::string label =
          peek && !peek->title.empty() ? peek->title : std::filesystem::path(file).stem().string();
      if (ImGui::MenuItem(label.c_str())) ask_then({PendingAction::Example, file});
    }
    if (example_files_.empty()) ImGui::TextDisabled("no examples found");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Lab")) {  // the classifier lab (lab_panel.cpp)
    if (ImGui::MenuItem("Classifier lab", nullptr, lab_active_)) lab_active_ = !lab_active_;
    if (ImGui::MenuItem("Stepper", nullptr, !lab_active_)) lab_active_ = false;
    lab_run_items([this]() -> LabState& { return lab().state; }, lab_active_);
    ImGui::Separator();  // lab files (core/nn/lab_file.hpp): the whole setup, or the weights
    for (auto [label, file] : {std::pair{"Save lab...", LabFile::SaveLab},
                               {"Open lab...", LabFile::OpenLab},
                               {"Import weights...", LabFile::ImportWeights}}) {
      const bool chosen = ImGui::MenuItem(label);
      record_item(label);  // for tests to click
      if (chosen) {
        lab_active_ = true;
        lab().ask_file(file);
      }
    }
    ImGui::EndMenu();
  }
  view_menu();
  if (!message_.empty()) {
    ImGui::TextDisabled("  %s", message_.c_str());
    if (ImGui::SmallButton("x")) message_.clear();
  }
  ImGui::EndMainMenuBar();
}

void App::file_menu() {
  if (!ImGui::BeginMenu("File")) return;
  if (ImGui::MenuItem("New", "Ctrl+N")) ask_then({PendingAction::New, ""});
  if (ImGui::MenuItem("Open...", "Ctrl+O")) ask_then({PendingAction::Open, ""});
  if (ImGui::BeginMenu("Open recent", !files_.recent.empty())) {
    for (const std::string& file : files_.recent)
      if (ImGui::MenuItem(file.c_str())) ask_then({PendingAction::Open, file});
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Recover unsaved work...", nullptr, false, session_.active()))
    files_.recover.open(session_.recovered_work());
  ImGui::Separator();
  if (ImGui::MenuItem("Save", "Ctrl+S")) save_or_ask();
  if (ImGui::MenuItem("Save as...", "Ctrl+Shift+S")) files_.ask_save_as(doc_.file_path());
  ImGui::Separator();
  if (ImGui::MenuItem("Export view as PNG", "F12")) request_view_png();
  if (ImGui::MenuItem("Export graph as SVG...")) files_.ask_export_svg();
  ImGui::Separator();
  if (ImGui::MenuItem("Quit", "Ctrl+Q")) request_close();
  ImGui::EndMenu();
}

void App::edit_menu() {
  if (!ImGui::BeginMenu("Edit")) return;
  const std::string undo_text = doc_.can_undo() ? doc_.undo_label() : "Undo";
  const std::string redo_text = doc_.can_redo() ? doc_.redo_label() : "Redo";
  if (ImGui::MenuItem(undo_text.c_str(), "Ctrl+Z", false, doc_.can_undo())) editing_.undo(edits_);
  if (ImGui::MenuItem(redo_text.c_str(), "Ctrl+Shift+Z", false, doc_.can_redo()))
    editing_.redo(edits_);
  ImGui::Separator();
  const std::vector<NodeId>& selection = editing_.selection;
  const bool any = !selection.empty();
  if (ImGui::MenuItem("Cut", "Ctrl+X", false, any)) {
    editing_.copy_selection(doc_.graph());
    editing_.delete_selection(edits_);
  }
  if (ImGui::MenuItem("Copy", "Ctrl+C", false, any)) editing_.copy_selection(doc_.graph());
  if (ImGui::MenuItem("Paste", "Ctrl+V")) report(editing_.paste(std::nullopt, edits_));
  if (ImGui::MenuItem("Duplicate", "Ctrl+D", false, any)) editing_.duplicate_selection(edits_);
  if (ImGui::MenuItem("Delete", "Del", false, any)) editing_.delete_selection(edits_);
  if (ImGui::MenuItem("Select all", "Ctrl+A")) editing_.select(doc_.graph().node_ids());
  ImGui::Separator();
  if (ImGui::MenuItem("Add gate...", "Shift+A")) editing_.open_add_menu();
  if (ImGui::MenuItem(selection.size() > 1 ? "Auto-layout selection" : "Auto-layout all", "L"))
    editing_.layout_selection_or_all(doc_, edits_);
  if (ImGui::MenuItem("Set selected as output", "O", false, any))
    edits_.push(edit::SetOutput{selection.back()});
  ImGui::EndMenu();
}

void App::view_menu() {
  const bool view_menu = ImGui::BeginMenu("View");
  record_item("View");  // for tests to click
  if (!view_menu) return;
  if (ImGui::MenuItem("Zoom to fit", "F")) canvas_.fit_pending = true;
  if (ImGui::MenuItem("Presentation mode", "P", theme_.presentation)) {
    theme_.presentation = !theme_.presentation;
    fonts_dirty_ = canvas_.fit_pending = true;
  }
  if (ImGui::MenuItem("Dark theme", "T", theme_.dark)) {
    theme_.dark = !theme_.dark;
    fonts_dirty_ = true;
  }
  if (ImGui::MenuItem("Colour-blind palette (blue/orange)", nullptr, theme_.colorblind))
    theme_.colorblind = !theme_.colorblind;
  record_item("Colour-blind palette");
  if (ImGui::MenuItem("Quiz mode: ? before each step", "Q", stepping_.quiz))
    set_quiz(!stepping_.quiz);
  record_item("Quiz mode");
  float scale = ui_scale_;
  if (ImGui::SliderFloat("UI scale", &scale, 0.75f, 2.5f, "%.2f")) ui_scale_ = scale;
  if (ImGui::IsItemDeactivatedAfterEdit()) fonts_dirty_ = true;
  ImGui::EndMenu();
}

}  // namespace gf::gui
