// file_dialog.cpp — see file_dialog.hpp.
#include "file_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

namespace gf::gui {

namespace fs = std::filesystem;

void FileDialog::open(Mode mode, std::string title, std::string directory, std::string file_name,
                      std::string extension) {
  mode_ = mode;
  title_ = std::move(title);
  name_ = std::move(file_name);
  extension_ = std::move(extension);
  chosen_.clear();
  error_.clear();
  confirm_overwrite_ = false;
  visible_ = opening_ = focus_name_ = true;
  std::error_code ec;
  if (directory.empty() || !fs::is_directory(directory, ec))
    directory = fs::current_path(ec).string();
  go_to(directory);
}

void FileDialog::go_to(const std::string& directory) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(directory, ec).lexically_normal();
  directory_ = absolute.string();
  if (directory_.size() > 1 && directory_.back() == '/') directory_.pop_back();
  read_directory();
}

void FileDialog::read_directory() {
  entries_.clear();
  error_.clear();
  std::error_code ec;
  fs::directory_iterator it(directory_, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    error_ = "cannot read " + directory_ + ": " + ec.message();
    return;
  }
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // hidden files, as file managers do
    std::error_code kind_error;
    const bool directory = entry.is_directory(kind_error);
    if (!directory && !show_all_ && entry.path().extension() != extension_) continue;
    entries_.push_back({name, directory});
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.directory != b.directory ? a.directory : a.name < b.name;
  });
}

bool FileDialog::accept() {
  if (name_.empty()) return false;
  fs::path path(name_);
  if (path.is_relative()) path = fs::path(directory_) / path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {  // a typed folder: go there
    go_to(path.string());
    name_.clear();
    return false;
  }
  if (mode_ == Mode::Save && path.extension().empty()) path += extension_;
  if (mode_ == Mode::Open && !fs::exists(path, ec)) {
    error_ = "no such file: " + path.string();
    return false;
  }
  if (mode_ == Mode::Save && fs::exists(path, ec) && !confirm_overwrite_) {
    confirm_overwrite_ = true;
    return false;
  }
  chosen_ = path.lexically_normal().string();
  return true;
}

bool FileDialog::draw(bool escape, bool enter) {
  if (!visible_) return false;
  if (opening_) {
    ImGui::OpenPopup(title_.c_str());
    opening_ = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize({std::min(display.x * 0.9f, ImGui::GetFontSize() * 40),
                            std::min(display.y * 0.85f, ImGui::GetFontSize() * 30)},
                           ImGuiCond_Appearing);
  ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Appearing, {0.5f, 0.5f});
  if (!ImGui::BeginPopupModal(title_.c_str(), &visible_)) {
    visible_ = false;  // closed with its X
    return false;
  }
  // The folder, and a way up.
  if (ImGui::Button("Parent")) go_to(fs::path(directory_).parent_path().string());
  ImGui::SameLine();
  ImGui::TextUnformatted(directory_.c_str());
  bool done = draw_entries();
  done = draw_answer(escape, enter, done);
  if (done) {
    visible_ = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  return done;
}

// The folder's content: folders first, then the files of the wanted kind. True when a file was
// chosen with a double click.
bool FileDialog::draw_entries() {
  const float footer =
      ImGui::GetFrameHeightWithSpacing() * 3 + ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("entries", {0, -footer}, true);
  bool done = false;
  std::string enter_directory;
  for (const Entry& entry : entries_) {
    const std::string label = entry.directory ? entry.name + "/" : entry.name;
    const bool selected = !entry.directory && entry.name == name_;
    if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (entry.directory) {
        enter_directory = entry.name;
      } else {
        name_ = entry.name;
        confirm_overwrite_ = false;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) done = accept();
      }
    }
  }
  if (entries_.empty() && error_.empty())
    ImGui::TextDisabled("(no %s files here)", extension_.c_str());
  ImGui::EndChild();
  if (!enter_directory.empty()) go_to((fs::path(directory_) / enter_directory).string());
  return done;
}

// The name (or a whole path), and the answer: Open/Save/Replace, or Cancel (which closes).
// `done`: a file was already chosen this frame. True once a file is chosen.
bool FileDialog::draw_answer(bool escape, bool enter, bool done) {
  if (focus_name_) {
    ImGui::SetKeyboardFocusHere();
    focus_name_ = false;
  }
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9);
  if (ImGui::InputText("file name", &name_, ImGuiInputTextFlags_EnterReturnsTrue) ||
      (enter && !done))
    done = accept();
  if (ImGui::IsItemEdited()) confirm_overwrite_ = false;
  if (ImGui::Checkbox("show all files", &show_all_)) read_directory();
  if (!error_.empty()) {
    ImGui::SameLine();
    ImGui::TextColored({1.0f, 0.45f, 0.35f, 1.0f}, "%s", error_.c_str());
  }
  const char* action = mode_ == Mode::Open ? "Open" : confirm_overwrite_ ? "Replace" : "Save";
  if (confirm_overwrite_) {
    ImGui::TextColored({1.0f, 0.75f, 0.3f, 1.0f}, "%s exists: replace it?", name_.c_str());
    ImGui::SameLine();
  }
  if (ImGui::Button(action)) done = accept();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || escape) {
    visible_ = false;
    ImGui::CloseCurrentPopup();
  }
  return done;
}

}  // namespace gf::gui
