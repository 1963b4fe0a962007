// edit_queue.hpp — draw first, then edit: the one path by which the GUI changes the document.
//
// While a frame is drawn, panels and the canvas only read the document; what the user does
// becomes an EditCommand pushed on the frame's EditQueue. After drawing, the frame calls
// apply_edits once: every command goes through EditableDocument's undoable API (history.hpp),
// in the order pushed, and answers with a Status naming its reason when refused. Then the view
// state (evaluation, trace, step view, selection, title) is derived again, once. Drawing never
// sees ids that changed under it, and a command naming a node that an earlier command removed
// is refused with the graph's reason (no such node), never a crash.
//
// Gestures group commands into one undo entry (a drag, an edit in place). A gesture begun with
// `all_or_nothing` is cancelled as a whole by its first refused command: the document is put
// back, and the commands up to its EndGesture are skipped.
//
// No ImGui here: tests/unit/test_edit_queue.cpp drives it without a window.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "graph.hpp"
#include "history.hpp"
#include "result.hpp"

namespace gf::gui {

namespace edit {

struct AddNode {  // a palette drop or the "add gate" menu: the gate with its defaults
  Op op;
  Vec2 at;
};
struct RemoveNodes {
  std::vector<NodeId> nodes;
};
struct Connect {  // the output of `from` into pin `slot` of `to`
  NodeId from = kNoNode, to = kNoNode;
  int slot = 0;
};
struct Disconnect {
  NodeId to = kNoNode;
  int slot = 0;
};
struct MoveNodes {
  std::vector<NodeId> nodes;
  Vec2 delta;
};
struct SetPositions {  // an automatic layout's glide
  std::vector<std::pair<NodeId, Vec2>> positions;
};
struct SetParam {  // a value, a constant, pow's exponent
  NodeId node = kNoNode;
  double value = 0;
};
struct ClearValue {  // an input back to "no value"
  NodeId node = kNoNode;
};
struct Rename {
  NodeId node = kNoNode;
  std::string name;
};
struct SetOutput {
  NodeId node = kNoNode;
};
struct Paste {  // clipboard text (clipboard.hpp), at a point of the canvas or beside the original
  std::string text;
  std::optional<Vec2> at;
};
struct Duplicate {
  std::vector<NodeId> nodes;
};
// The expression bar: the whole graph replaced by a parsed expression (laid out, variables that
// existed keep their values), titled with its text; one undo entry.
struct BuildGraph {
  Graph graph;
  std::string title;
};
struct BeginGesture {
  std::string label;
  bool all_or_nothing = false;  // the first refusal cancels the whole gesture
};
struct EndGesture {};
struct CancelGesture {};  // puts back what the open gesture did (Escape); none open: nothing
struct Undo {};
struct Redo {};

}  // namespace edit

using EditCommand =
    std::variant<edit::AddNode, edit::RemoveNodes, edit::Connect, edit::Disconnect, edit::MoveNodes,
                 edit::SetPositions, edit::SetParam, edit::ClearValue, edit::Rename,
                 edit::SetOutput, edit::Paste, edit::Duplicate, edit::BuildGraph,
                 edit::BeginGesture, edit::EndGesture, edit::CancelGesture, edit::Undo, edit::Redo>;

// What one command did: its Status (the refusal's reason), the nodes it created (AddNode,
// Paste, Duplicate, BuildGraph), and whether it was skipped because its all-or-nothing gesture
// had already been cancelled.
struct EditOutcome {
  Status status = Status::success();
  std::vector<NodeId> created;
  bool skipped = false;
};

// The commands of one frame, in the order the user gave them.
class EditQueue {
 public:
  void push(EditCommand command) { commands_.push_back(std::move(command)); }
  bool empty() const { return commands_.empty(); }
  const std::vector<EditCommand>& pending() const { return commands_; }
  // Drops every command (the document was replaced: their ids mean nothing any more).
  void clear() { commands_.clear(); }
  std::vector<EditCommand> take() { return std::exchange(commands_, {}); }

 private:
  std::vector<EditCommand> commands_;
};

// A command as applied, with its outcome: the frame reads these to update the view (select
// what was created, show a rebuilt graph from its start, say why an edit was refused).
struct AppliedEdit {
  EditCommand command;
  EditOutcome outcome;
};

// Applies and empties the queue, in order.
std::vector<AppliedEdit> apply_edits(EditQueue& queue, EditableDocument& doc);
// One command on its own (for apply_edits, and tests).
EditOutcome apply_edit(const EditCommand& command, EditableDocument& doc);

}  // namespace gf::gui
