// history.hpp — an editable document: a Document, the file it belongs to, and its undo history.
//
// Every change the editor makes goes through one of the operations below. Each is validated by
// the graph's edit API; a refusal changes nothing and returns the graph's reason. A successful
// operation that changes something becomes one undo entry; one that changes nothing (moving by
// zero, setting the value it already has) makes none. Undo and redo restore the document
// exactly, ids included.
//
// Continuous edits (dragging nodes, dragging a value slider) are grouped by a gesture: every
// operation between begin_gesture() and end_gesture() becomes ONE undo entry, and repeated
// moves or value changes of the same node inside it are merged, so a long drag stays small.
//
//   GUI frame loop (imnodes style: draw first, then apply the queued edits): while drawing, the
//   canvas's state machine (app/gui/editor/canvas_editor.hpp) pushes commands on the frame's queue
//   (app/gui/editor/edit_queue.hpp); after drawing, apply_edits makes these calls, in order:
//     mouse down on a selected node   doc.begin_gesture("Move")
//     every frame while dragging      doc.move_nodes(selection, mouse_delta)
//     mouse up                        doc.end_gesture()      (Escape: doc.cancel_gesture())
//
// The output follows what a person building a graph means: with none chosen, an edit that
// leaves exactly one gate whose output nothing uses (sole_unused_gate) makes it the output, and
// wiring the output into a gate that nothing uses moves the output there. Both are part of the
// edit's own undo entry. With several such gates, the output stays unchosen (the GUI asks).
//
// The saved marker: mark_saved() remembers the current state; is_modified() is true whenever
// the document differs from that state, so undoing back to it makes the document clean again.
// generation() changes with every change of the document's content (edits, undo, redo): the
// GUI recomputes the trace and autosaves when it moves.
//
// Index
//   class EditableDocument
//     [SECTION] The document             reading it, the file path, the view
//     [SECTION] Adding and removing      nodes from the palette, removal of a selection
//     [SECTION] Wiring                   connect, disconnect, and the question "would it connect?"
//     [SECTION] Values and names         values, exponents, names, the output, the title
//     [SECTION] Positions                moves, many positions at once, automatic layout
//     [SECTION] Fragments                inserting a copied or duplicated part of a graph
//     [SECTION] Gestures                 many operations as one undo entry
//     [SECTION] Undo and redo
//     [SECTION] Saved marker
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "change.hpp"
#include "document.hpp"
#include "graph.hpp"
#include "layout.hpp"
#include "result.hpp"

namespace gf {

// How much history is kept; the oldest entries go first (the newest entry always stays).
struct HistoryLimits {
  std::size_t max_entries = 500;        // undo steps
  std::size_t max_changes = 2'000'000;  // recorded changes over all entries (bounds memory)
};

// What a palette drop creates before the user edits it in place.
inline constexpr double kNewVariableValue = 1.0;
inline constexpr double kNewConstantValue = 1.0;
inline constexpr double kNewPowExponent = 2.0;

// A name for a new variable: the first of x, y, z, w, a, b, c that is free, then x2, x3, ...
std::string fresh_variable_name(const Graph& graph);

// `name` if it is free, else the name with a number: "x" -> "x2", "w0" -> "w1", "x2" -> "x3",
// ... (the first free one that is also not in `also_taken`). Names stay valid (64 characters).
std::string unique_name(const Graph& graph, const std::string& name,
                        const std::vector<std::string>& also_taken = {});

// The one gate (not an input or constant) whose output no wire uses; kNoNode when there are
// none or several.
NodeId sole_unused_gate(const Graph& graph);
// A graph without an output (a file, a half-built graph) gets the obvious one, when there is
// one. Not an edit: for loading. True when it set one.
bool adopt_obvious_output(Graph& graph);

// Where automatic layout would put nodes, without moving anything (the GUI can animate towards
// it, then set_positions): every node (auto_layout), or the given ones (auto_layout_nodes).
std::vector<std::pair<NodeId, Vec2>> planned_layout_all(const Graph& graph,
                                                        const LayoutOptions& options = {});
std::vector<std::pair<NodeId, Vec2>> planned_layout_nodes(const Graph& graph,
                                                          const std::vector<NodeId>& nodes,
                                                          const LayoutOptions& options = {});

class EditableDocument {
 public:
  explicit EditableDocument(Document doc = {}, std::string file_path = {},
                            HistoryLimits limits = {});

  // [SECTION] The document
  const Document& document() const { return doc_; }
  const Graph& graph() const { return doc_.graph; }
  const std::string& file_path() const { return file_path_; }  // "" for a new document
  void set_file_path(std::string path) { file_path_ = std::move(path); }
  // The canvas's pan and zoom are kept in the document (and saved with it) but are not edits:
  // no undo entry, no unsaved-changes mark, generation() unchanged.
  void set_view(std::optional<View> view) { doc_.view = view; }

  // Opens a file as a new editable document (clean, empty history). A refusal names the file
  // and the problem; the caller keeps its current document.
  static Result<EditableDocument> open_file(const std::string& path, HistoryLimits limits = {});
  // Saves atomically to `path`; on success that becomes the file path and the saved state.
  Status save_to_file(const std::string& path);

  // [SECTION] Adding and removing
  // A palette drop: a gate, or a variable (fresh_variable_name, kNewVariableValue) or constant
  // (kNewConstantValue) or pow (kNewPowExponent) with defaults. Returns the new id.
  Result<NodeId> add_node(Op op, Vec2 position);
  Result<NodeId> add_variable(std::string name, std::optional<double> value, Vec2 position);
  Result<NodeId> add_constant(double value, Vec2 position);
  // Removes the nodes (repeated ids count once) and every wire to or from them. Refused as a
  // whole when one of them does not exist.
  Status remove_nodes(const std::vector<NodeId>& nodes);

  // [SECTION] Wiring
  // Wires the output of `from` into pin `slot` of `to`, replacing a wire already there.
  Status connect(NodeId from, NodeId to, int slot);
  // What connect() would answer, changing nothing: a cycle, a gate to itself, no such pin.
  Status check_connect(NodeId from, NodeId to, int slot) const;
  Status disconnect(NodeId to, int slot);

  // [SECTION] Values and names
  Status set_param(NodeId id, double value);   // the value of an input/constant, pow's exponent
  Status clear_value(NodeId id);               // an input back to "no value"
  Status rename(NodeId id, std::string name);  // unique, valid as in expressions; "" unnames
  Status set_output(NodeId id);                // kNoNode: no output
  Status set_title(std::string title);

  // [SECTION] Positions
  // Moves the nodes by `delta` (a node without a position counts as being at the origin).
  Status move_nodes(const std::vector<NodeId>& nodes, Vec2 delta);
  // Sets many positions as one undo entry (the end of an animated layout, say).
  Status set_positions(const std::vector<std::pair<NodeId, Vec2>>& positions);
  // Automatic layout of the whole graph, or of the given nodes (the others stay where they
  // are; refused when one of them does not exist). One undo entry; nothing moved, no entry.
  Status layout_all(const LayoutOptions& options = {});
  Status layout_nodes(const std::vector<NodeId>& nodes, const LayoutOptions& options = {});

  // [SECTION] Fragments
  // Adds a copy of every node of `fragment` under fresh ids (from graph().id_limit() up, in the
  // fragment's id order), with the fragment's wires among them, names made unique
  // (unique_name), positions moved by `offset` (nodes without one stay without). When the
  // document has no output and the fragment has one, it becomes the output. Returns the new
  // ids, in the fragment's id order. (clipboard.hpp builds paste and duplicate on this.)
  Result<std::vector<NodeId>> insert_fragment(const Graph& fragment, Vec2 offset,
                                              const std::string& label = "Paste");

  // [SECTION] Gestures
  // Operations until the matching end_gesture() form one undo entry named `label`. Gestures
  // nest (only the outermost counts). Undo, redo and mark_saved end an open gesture first.
  void begin_gesture(std::string label);
  void end_gesture();
  // Undoes what the open gesture did and ends it, recording nothing (Escape during a drag).
  void cancel_gesture();
  bool in_gesture() const { return gesture_depth_ > 0; }

  // [SECTION] Undo and redo
  bool can_undo() const { return !undo_.empty() || gesture_has_changes(); }
  bool can_redo() const { return !redo_.empty() && !gesture_has_changes(); }
  // (Reverting in the state an entry left cannot be refused; if it ever were, that is a bug, and
  // undo/redo throw std::logic_error rather than leave a half-undone document.)
  bool undo();  // false when there is nothing to undo
  bool redo();  // false when there is nothing to redo
  // For menus: "Undo Move" — the label of what undo()/redo() would undo/redo, "" when none.
  std::string undo_label() const;
  std::string redo_label() const;
  std::size_t undo_count() const { return undo_.size() + (gesture_has_changes() ? 1 : 0); }
  std::size_t redo_count() const { return redo_.size(); }
  void clear_history();  // keeps the document and whether it is modified

  // [SECTION] Saved marker
  void mark_saved();     // the current state is what the file holds
  void mark_modified();  // differs from the file whatever undo does (a restored session)
  bool is_modified() const;
  std::uint64_t generation() const { return generation_; }

 private:
  struct Entry {
    std::string label;
    std::vector<Change> changes;  // in the order applied
    std::uint64_t state = 0;      // the state this entry leads to
  };
  class Transaction;
  friend class Transaction;

  Result<NodeId> add_snapshot(NodeSnapshot node, const char* label);
  Status set_one(Change change, const char* label);  // an operation of a single change
  // With no output chosen, the one gate whose output nothing uses becomes it (see the output
  // rule at the top), inside the same transaction.
  void choose_obvious_output(Transaction& transaction);
  Status set_positions_labelled(const std::vector<std::pair<NodeId, Vec2>>& positions,
                                const char* label);
  void record(std::string label, std::vector<Change> changes);
  void record_in_gesture(std::vector<Change> changes);
  void push_entry(std::string label, std::vector<Change> changes);
  void trim_history();
  void close_gesture();  // ends an open gesture however deeply nested
  void revert_all(const std::vector<Change>& changes);  // newest first; must succeed
  bool gesture_has_changes() const { return gesture_depth_ > 0 && !gesture_.changes.empty(); }
  std::uint64_t current_state() const;

  Document doc_;
  std::string file_path_;
  HistoryLimits limits_;
  std::deque<Entry> undo_;          // oldest first
  std::vector<Entry> redo_;         // the next redo last
  std::size_t stored_changes_ = 0;  // in undo_ and redo_

  // The open gesture: its entry so far, and where each node's move/value change is in it.
  int gesture_depth_ = 0;
  Entry gesture_;
  std::unordered_map<NodeId, std::size_t> gesture_position_at_, gesture_param_at_;
  std::optional<std::size_t> gesture_title_at_;

  std::uint64_t base_state_ = 0;  // the state before the oldest undo entry
  std::uint64_t last_state_ = 0;  // the newest state number handed out
  static constexpr std::uint64_t kNeverSaved = ~std::uint64_t{0};
  std::uint64_t saved_state_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace gf
