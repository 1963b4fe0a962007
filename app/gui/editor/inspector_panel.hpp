// inspector_panel.hpp — the panel on the right: every input's value (drag, or double-click to
// type), why the graph cannot be stepped yet, and the selected or hovered gate: its rule, its
// value and gradient at full precision, its local gradients with the numbers plugged in, and the
// pattern of gradient flow it teaches. Shows only what the current step has revealed, so a class
// can be asked for the next number.
//
// A panel without state of its own: it reads an InspectorView and may change the document only
// by pushing edits (SetParam, one gesture per drag) on the frame's EditQueue.
#pragma once

#include <string>
#include <vector>

#include "edit_queue.hpp"
#include "eval.hpp"
#include "imgui_painter.hpp"  // RecordedLabel
#include "step_view.hpp"
#include "theme.hpp"

struct ImFont;

namespace gf::gui {

// What the inspector reads this frame.
struct InspectorView {
  const Graph& graph;
  const Evaluation* evaluation;  // null while the graph cannot be evaluated
  const StepView& view;          // what has been shown (in quiz mode, not the step being asked)
  const std::string& problem;    // why the graph cannot be evaluated, or ""
  NodeId gate;                   // the hovered, else the last selected node, or kNoNode
  const Palette& palette;
  ImFont* title_font;                  // the gate's name
  std::vector<RecordedLabel>* record;  // --dump-labels, or null
};

struct InspectorPanel {
  void draw(Vec2 min, Vec2 size, const InspectorView& in, EditQueue& edits) const;
};

}  // namespace gf::gui
