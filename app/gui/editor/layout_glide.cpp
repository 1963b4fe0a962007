// layout_glide.cpp — nodes gliding to an automatic layout (layout_glide.hpp).
#include "layout_glide.hpp"

#include <algorithm>

namespace gf::gui {

void LayoutGlide::start(const EditableDocument& doc, const std::vector<NodeId>& selection,
                        EditQueue& edits) {
  const Graph& graph = doc.graph();
  to = selection.size() > 1 ? planned_layout_nodes(graph, selection) : planned_layout_all(graph);
  from.clear();
  for (const auto& [id, end] : to)
    from.push_back({id, graph.has_position(id) ? graph.position(id) : end});
  if (to.empty()) return;
  if (doc.in_gesture()) edits.push(edit::EndGesture{});
  edits.push(edit::BeginGesture{"Auto-layout"});
  progress = 0.0f;
}

void LayoutGlide::advance(float dt, EditQueue& edits) {
  if (progress >= 1.0f) return;
  progress = std::min(1.0f, progress + dt / kSeconds);
  if (progress >= 1.0f) {
    progress = 0.999f;
    finish(edits);
    return;
  }
  const float t = progress * progress * (3 - 2 * progress);
  std::vector<std::pair<NodeId, Vec2>> now;
  now.reserve(to.size());
  for (std::size_t i = 0; i < to.size(); ++i)
    now.push_back({to[i].first, from[i].second + (to[i].second - from[i].second) * t});
  edits.push(edit::SetPositions{std::move(now)});
}

void LayoutGlide::finish(EditQueue& edits) {
  if (progress >= 1.0f) return;
  progress = 1.0f;
  edits.push(edit::SetPositions{to});
  edits.push(edit::EndGesture{});
}

}  // namespace gf::gui
