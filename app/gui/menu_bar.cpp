// menu_bar.cpp — File (open, export PNG/SVG, quit), Examples (DESIGN.md's worked examples, each
// opening at step 0) and View (theme, presentation, UI scale, zoom to fit).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <filesystem>
#include <fstream>

#include "app.hpp"

namespace gf::gui {

void App::menu_bar() {
  bool open_popup = false, svg_popup = false;
  // The clear shows through (see App::background): the bar's window and its menu bar area
  // would otherwise fill 30,000 pixels a frame, which software GL pays for.
  ImGui::PushStyleColor(ImGuiCol_MenuBarBg, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0));
  const bool bar = ImGui::BeginMainMenuBar();
  ImGui::PopStyleColor(2);
  if (bar) {
    if (ImGui::BeginMenu("File")) {
      if (ImGui::MenuItem("Open...")) open_popup = true;
      ImGui::Separator();
      if (ImGui::MenuItem("Export view as PNG")) png_request_ = "gradflow-view.png";
      if (ImGui::MenuItem("Export graph as SVG...")) svg_popup = true;
      ImGui::Separator();
      if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Examples")) {
      for (const std::string& file : example_files_) {
        Result<Document> peek = load_document_file(file);
        const std::string label = peek && !peek->title.empty()
                                      ? peek->title
                                      : std::filesystem::path(file).stem().string();
        if (ImGui::MenuItem(label.c_str())) open_example(file);
      }
      if (example_files_.empty()) ImGui::TextDisabled("no examples found");
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
      if (ImGui::MenuItem("Zoom to fit", "F")) fit_pending_ = true;
      if (ImGui::MenuItem("Presentation mode", "P", theme_.presentation)) {
        theme_.presentation = !theme_.presentation;
        fonts_dirty_ = fit_pending_ = true;
      }
      if (ImGui::MenuItem("Dark theme", "T", theme_.dark)) {
        theme_.dark = !theme_.dark;
        fonts_dirty_ = true;
      }
      float scale = ui_scale_;
      if (ImGui::SliderFloat("UI scale", &scale, 0.75f, 2.5f, "%.2f")) ui_scale_ = scale;
      if (ImGui::IsItemDeactivatedAfterEdit()) fonts_dirty_ = true;
      ImGui::EndMenu();
    }
    if (!message_.empty()) {
      ImGui::TextDisabled("  %s", message_.c_str());
      if (ImGui::SmallButton("x")) message_.clear();
    }
    ImGui::EndMainMenuBar();
  }
  if (open_popup) ImGui::OpenPopup("Open document");
  if (svg_popup) {
    svg_path_buffer_ = "gradflow-graph.svg";
    ImGui::OpenPopup("Export SVG");
  }
  if (ImGui::BeginPopupModal("Open document", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    static std::string path;  // the path typed last time is a good default next time
    ImGui::TextUnformatted("Path of a gradflow JSON document:");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    const bool entered = ImGui::InputText("##path", &path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Open") || entered) {
      Result<Document> loaded = load_document_file(path);
      if (loaded) {
        load(std::move(*loaded), path);
        ImGui::CloseCurrentPopup();
      } else {
        message_ = loaded.reason();  // the current document is untouched
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopupModal("Export SVG", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    ImGui::InputText("file", &svg_path_buffer_);
    if (ImGui::Button("Export")) {
      std::ofstream out(svg_path_buffer_, std::ios::binary);
      out << export_svg();
      message_ = out ? "wrote " + svg_path_buffer_ : "could not write " + svg_path_buffer_;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace gf::gui
