// layout_glide.hpp — nodes gliding to an automatic layout (L, Edit > Auto-layout, the node
// menu): each frame moves them a little further along a smoothstep curve, as SetPositions
// commands on the frame's EditQueue, and the whole glide is one undo entry ("Auto-layout",
// between a BeginGesture and an EndGesture). A click, undo or redo lands it at once.
//
// No ImGui here: tests/unit/test_layout_glide.cpp drives it without a window.
#pragma once

#include <utility>
#include <vector>

#include "edit_queue.hpp"
#include "graph.hpp"
#include "history.hpp"

namespace gf::gui {

struct LayoutGlide {
  static constexpr float kSeconds = 0.45f;  // how long the glide takes

  float progress = 1.0f;  // 0 → 1 while the nodes glide; 1 = at rest
  std::vector<std::pair<NodeId, Vec2>> from, to;

  bool gliding() const { return progress < 1.0f; }
  // Starts a glide of `selection` when it holds more than one node, else of the whole graph
  // (a glide already under way: its gesture is closed first). Nothing to lay out: nothing.
  void start(const EditableDocument& doc, const std::vector<NodeId>& selection, EditQueue& edits);
  // `dt` seconds later: the positions on the way, or the end of the glide.
  void advance(float dt, EditQueue& edits);
  // Lands it at once (the final positions, the gesture closed); not gliding: nothing.
  void finish(EditQueue& edits);
};

}  // namespace gf::gui
