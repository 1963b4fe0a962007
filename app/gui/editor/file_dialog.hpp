// file_dialog.hpp — choosing a file to open or a place to save, inside the app (no desktop
// dependency, so it works the same on every machine, on a projector and under Xvfb).
//
// A modal window: the current folder with its sub-folders and the files of the wanted
// extension, a Parent button, a field for the name (or a whole path, typed or pasted), and
// Open/Save and Cancel. Saving over an existing file asks first.
#pragma once

#include <string>
#include <vector>

namespace gf::gui {

class FileDialog {
 public:
  enum class Mode { Open, Save };

  // Opens the dialog (it appears at the next draw()). `file_name` pre-fills the name field.
  void open(Mode mode, std::string title, std::string directory, std::string file_name = {},
            std::string extension = ".json");
  // Draws it while open; true once, on the frame a file was chosen (see chosen()).
  // `escape`: Escape was pressed this frame (from the app's key queue: ImGui 1.86 can miss a
  // quick tap) — it cancels. `enter`: Return or Enter, likewise — it accepts the name field.
  bool draw(bool escape, bool enter);
  const std::string& chosen() const { return chosen_; }
  bool is_open() const { return visible_; }

 private:
  struct Entry {
    std::string name;
    bool directory = false;
  };
  void read_directory();
  void go_to(const std::string& directory);
  bool accept();        // the name field names a file to choose (or a folder to enter)
  bool draw_entries();  // the folder's content
  bool draw_answer(bool escape, bool enter, bool done);  // the name field and the buttons

  Mode mode_ = Mode::Open;
  std::string title_, directory_, name_, extension_, chosen_, error_;
  std::vector<Entry> entries_;
  bool visible_ = false, opening_ = false, confirm_overwrite_ = false, show_all_ = false;
  bool focus_name_ = false;
};

}  // namespace gf::gui
