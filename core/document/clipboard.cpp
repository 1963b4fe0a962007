// clipboard.cpp — copy, paste and duplicate through document text (see clipboard.hpp).
#include "clipboard.hpp"

#include <algorithm>
#include <limits>

#include "change.hpp"
#include "document.hpp"
#include "layout.hpp"

namespace gf {

namespace {

// The smallest x and smallest y over the nodes that have a position (the origin if none has).
Vec2 top_left(const Graph& graph) {
  constexpr float kFar = std::numeric_limits<float>::max();
  Vec2 corner{kFar, kFar};
  for (NodeId id : graph.node_ids())
    if (graph.has_position(id)) {
      corner.x = std::min(corner.x, graph.position(id).x);
      corner.y = std::min(corner.y, graph.position(id).y);
    }
  return corner.x == kFar ? Vec2{} : corner;
}

}  // namespace

Graph extract_fragment(const Graph& graph, const std::vector<NodeId>& selection) {
  std::vector<NodeId> chosen;
  for (NodeId id : selection)
    if (graph.contains(id)) chosen.push_back(id);
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());

  std::vector<NodeId> new_id(static_cast<std::size_t>(graph.id_limit()), kNoNode);
  for (std::size_t k = 0; k < chosen.size(); ++k) new_id[chosen[k]] = static_cast<NodeId>(k);

  // Built with the graph's own edits, so the fragment is as valid as any graph. Names are
  // unique and wires acyclic in the source, so none of these edits can be refused.
  Graph fragment;
  for (NodeId id : chosen) {
    const std::optional<double> param = param_of(graph, id);
    fragment.add_node(graph.op(id), graph.name(id), param.value_or(0), param.has_value());
    if (graph.has_position(id)) fragment.set_position(new_id[id], graph.position(id));
  }
  for (NodeId id : chosen)
    for (int slot = 0; slot < arity(graph.op(id)); ++slot)
      if (const NodeId input = graph.input(id, slot); input != kNoNode && new_id[input] != kNoNode)
        fragment.connect(new_id[input], new_id[id], slot);
  if (graph.output() != kNoNode && new_id[graph.output()] != kNoNode)
    fragment.set_output(new_id[graph.output()]);
  return fragment;
}

std::string copy_selection(const Graph& graph, const std::vector<NodeId>& selection) {
  Document fragment;
  fragment.graph = extract_fragment(graph, selection);
  return save_document(fragment);
}

Result<std::vector<NodeId>> paste_text(EditableDocument& doc, std::string_view text,
                                       std::optional<Vec2> anchor) {
  using Ids = std::vector<NodeId>;
  Result<Document> loaded = load_document(text);
  if (!loaded) return Result<Ids>::failure("cannot paste: " + loaded.reason());
  Graph& fragment = loaded->graph;
  if (fragment.node_count() == 0)
    return Result<Ids>::failure("cannot paste: the graph on the clipboard has no nodes");
  if (!every_node_placed(fragment)) auto_layout(fragment);
  const Vec2 offset = anchor ? *anchor - top_left(fragment) : kPasteOffset;
  Result<Ids> pasted = doc.insert_fragment(fragment, offset, "Paste");
  if (!pasted) return Result<Ids>::failure("cannot paste: " + pasted.reason());
  return pasted;
}

Result<std::vector<NodeId>> duplicate_selection(EditableDocument& doc,
                                                const std::vector<NodeId>& selection, Vec2 offset) {
  using Ids = std::vector<NodeId>;
  const Graph fragment = extract_fragment(doc.graph(), selection);
  if (fragment.node_count() == 0)
    return Result<Ids>::failure("nothing to duplicate: no node is selected");
  return doc.insert_fragment(fragment, offset, "Duplicate");
}

}  // namespace gf
