// recover_dialog.hpp — File > Recover: the unsaved work that was kept when something replaced
// it (core/document/session.hpp, "Recovery"), newest first, each with when it was kept, to open or to
// discard. A small panel with its own state, as FileDialog.
#pragma once

#include <string>
#include <vector>

#include "imgui_painter.hpp"
#include "session.hpp"

namespace gf::gui {

class RecoverDialog {
 public:
  void open(std::vector<RecoveredWork> work);  // appears at the next draw()
  // Draws it while open; true once, on the frame the user chose work to open (chosen()).
  // `escape`: from the app's key queue, as FileDialog's. `record`: where to record the buttons
  // and the rows (--dump-labels, for tests), or null.
  bool draw(bool escape, std::vector<RecordedLabel>* record);
  const std::string& chosen() const { return chosen_; }

 private:
  std::vector<RecoveredWork> work_;
  std::string chosen_, error_;
  bool visible_ = false, opening_ = false;
};

}  // namespace gf::gui
