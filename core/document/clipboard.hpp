// clipboard.hpp — copy, paste and duplicate, through the document's own JSON format.
//
// Only text travels: Ctrl+C puts a "gradflow-graph" document holding the selection on the
// system clipboard, and Ctrl+V reads such text back with the strict loader, so copying works
// between two windows of gradflow (or from a file opened in a text editor), and text that is not
// a gradflow graph, or is hostile, is refused with the loader's reason and changes nothing.
//
//   Ctrl+C   clipboard = copy_selection(doc.graph(), selection)
//   Ctrl+V   ids = paste_text(doc, clipboard, cursor_in_canvas)  -> select *ids
//   Ctrl+D   ids = duplicate_selection(doc, selection)           -> select *ids
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph.hpp"
#include "history.hpp"
#include "result.hpp"

namespace gf {

// Where a paste without an anchor and a duplicate land, relative to the originals.
inline constexpr Vec2 kPasteOffset{30, 30};

// The selected nodes as a graph of their own: ids renumbered 0, 1, ... in ascending order of
// the original ids; names, values and positions kept; wires among the selected nodes kept,
// wires from nodes outside the selection dropped (those pins are left unconnected); the output
// kept when it is selected. Dead and repeated ids in `selection` are ignored.
Graph extract_fragment(const Graph& graph, const std::vector<NodeId>& selection);

// The selection as document text, for the clipboard.
std::string copy_selection(const Graph& graph, const std::vector<NodeId>& selection);

// Pastes document text into `doc` as one undo entry (EditableDocument::insert_fragment: fresh
// ids, unique names, the output taken only when the document has none). With an anchor, the
// top-left of the pasted nodes goes there; without one, they land kPasteOffset from where they
// were. Pasted nodes without positions are laid out first. Returns the new ids. A refusal
// starts with "cannot paste: " and changes nothing.
Result<std::vector<NodeId>> paste_text(EditableDocument& doc, std::string_view text,
                                       std::optional<Vec2> anchor = std::nullopt);

// Copies the selection into the same document, `offset` away, as one undo entry. Returns the
// new ids (refused when the selection holds no node).
Result<std::vector<NodeId>> duplicate_selection(EditableDocument& doc,
                                                const std::vector<NodeId>& selection,
                                                Vec2 offset = kPasteOffset);

}  // namespace gf
