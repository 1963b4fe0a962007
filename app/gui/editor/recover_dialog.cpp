// recover_dialog.cpp — see recover_dialog.hpp.
#include "recover_dialog.hpp"

#include <imgui.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

namespace gf::gui {

namespace {
std::string size_text(std::uintmax_t bytes) {
  char text[32];
  if (bytes < 1024)
    std::snprintf(text, sizeof text, "%ju B", bytes);
  else if (bytes < (1u << 20))
    std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024);
  else
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

}  // namespace

void RecoverDialog::open(std::vector<RecoveredWork> work) {
  work_ = std::move(work);
  chosen_.clear();
  error_.clear();
  visible_ = opening_ = true;
}

bool RecoverDialog::draw(bool escape, std::vector<RecordedLabel>* record) {
  if (!visible_) return false;
  constexpr const char* kTitle = "Recover unsaved work";
  if (opening_) {
    ImGui::OpenPopup(kTitle);
    opening_ = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({display.x * 0.7f, display.y * 0.6f}, ImGuiCond_Appearing);
  bool chose = false;
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    visible_ = false;
    return false;
  }
  ImGui::TextWrapped(
      "Work that was not saved when something replaced it (New, Open, an example, "
      "\"Don't save\", or starting with another document) is kept here until "
      "you discard it.");
  if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
  ImGui::Separator();
  const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("kept", {0, -footer});
  if (work_.empty()) ImGui::TextDisabled("Nothing was kept.");
  for (std::size_t i = 0; i < work_.size(); ++i) {
    const RecoveredWork& work = work_[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button("Open")) {
      chosen_ = work.path;
      chose = true;
    }
    record_last_item(record, "Open " + work.name);
    ImGui::SameLine();
    if (ImGui::Button("Discard")) {
      if (std::remove(work.path.c_str()) == 0) {
        work_.erase(work_.begin() + static_cast<std::ptrdiff_t>(i));
        ImGui::PopID();
        break;  // the list changed under the loop
      }
      error_ = work.path + ": cannot delete: " + std::generic_category().message(errno);
    }
    ImGui::SameLine();
    const std::string row = work.kept_at + "   " + work.name + "   (" + size_text(work.bytes) + ")";
    ImGui::TextUnformatted(row.c_str());
    record_last_item(record, row);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", work.path.c_str());
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::Separator();
  if (ImGui::Button("Close") || escape || chose) {
    ImGui::CloseCurrentPopup();
    visible_ = false;
  }
  ImGui::EndPopup();
  return chose;
}

}  // namespace gf::gui
