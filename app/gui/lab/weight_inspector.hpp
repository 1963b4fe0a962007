// weight_inspector.hpp — weights you can touch (issue 14), the network diagram's part that is about
// one parameter: the hovered wire's or bias square's tooltip (its value and ∂L/∂w, saying for
// which batch), the popup that types a new value, the "why did it move" panel (its last update
// written out with the numbers, and its history as a sparkline), and the edits' undo.
//
// Editor state only: the weights are the trainer's. An edit is asked for while drawing and
// applied after the frame (apply_pending, from LabPanel), as one undoable change; Ctrl+Z and
// Ctrl+Shift+Z (or Ctrl+Y) take it back and forth. The trainer is read only where the lab's views
// read it (between LabState::advance and train_in_background) and changed after
// finish_training().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lab_state.hpp"
#include "lab_widgets.hpp"
#include "nn_weight_trace.hpp"

namespace gf::gui {

class WeightInspector {
 public:
  // [SECTION] While drawing (network_diagram.cpp)
  void begin_frame() { hovered_ = -1; }
  void hover(int parameter) { hovered_ = parameter; }
  int hovered() const { return hovered_; }
  // The parameter the panel is about: the hovered one, else the last clicked one (-1: none).
  int shown(const LabRun& run) const;
  // Whether `parameter`'s wire or square is drawn highlighted (hovered or being edited).
  bool highlighted(int parameter) const {
    return parameter >= 0 && (parameter == hovered_ || parameter == editing_);
  }
  // A click on the hovered parameter: the popup opens with its value (in the current window).
  void open_editor(const LabRun& run);
  void tooltip(const LabFrame& frame, const LabRun& run, bool with_panel);
  // The panel at the cursor, `width` wide; its height (window units) is panel_height().
  void why_panel(const LabFrame& frame, const LabRun& run, float width);
  static float panel_height(const LabFrame& frame);
  void editor_popup(const LabFrame& frame, const LabRun& run);

  // [SECTION] After the frame (LabPanel)
  void apply_pending(LabState& state);
  bool undo(LabState& state);  // false when there is nothing to undo
  bool redo(LabState& state);

 private:
  struct Change {
    int parameter = -1;
    double before = 0, after = 0;
    std::size_t parameter_count = 0;  // of the network it was made on
  };
  static constexpr std::size_t kUndoDepth = 100;
  int hovered_ = -1, selected_ = -1, editing_ = -1;
  bool open_requested_ = false, focus_field_ = false;
  char field_[64] = {};
  std::string field_error_;
  std::optional<Change> pending_;
  std::vector<Change> undo_, redo_;
  // The full batch's gradient at the current weights (when the last step's is stale), kept
  // until the weights change.
  nn::GradientProbe probe_;
  std::vector<double> probe_parameters_, probe_gradient_;
  std::vector<float> spark_;  // the sparkline's values (sized once to the trace's depth)

  struct Gradient {
    double value = 0;
    std::string batch;  // which batch: "the batch of step 12 (25 points)", "the full batch now"
  };
  Gradient gradient_of(const nn::Trainer& trainer, int parameter);
  bool set_parameter(LabState& state, int parameter, double value, std::size_t count);
};

}  // namespace gf::gui
