// edit_queue.cpp — each EditCommand through EditableDocument's undoable API (see the header).
#include "edit_queue.hpp"

#include "clipboard.hpp"
#include "layout.hpp"

namespace gf::gui {

namespace {

EditOutcome from_status(Status status) { return {std::move(status), {}, false}; }

EditOutcome from_ids(Result<std::vector<NodeId>> ids) {
  if (!ids) return from_status(Status::failure(ids.reason()));
  return {Status::success(), std::move(*ids), false};
}

EditOutcome from_id(Result<NodeId> id) {
  if (!id) return from_status(Status::failure(id.reason()));
  return {Status::success(), {*id}, false};
}

// The expression bar's rebuild: variables that existed before keep their values (retyping the
// expression should not make the teacher set x, y and z again), the new graph laid out, then
// the old graph out, the new one in and the title, as one undo entry or not at all.
EditOutcome build_graph(const edit::BuildGraph& build, EditableDocument& doc) {
  Graph graph = build.graph;
  const Graph& old = doc.graph();
  for (NodeId id : graph.input_nodes()) {
    const NodeId before = old.find_name(graph.name(id));
    if (before != kNoNode && old.op(before) == Op::Input && old.has_value(before))
      graph.set_param(id, old.param(before));
    else
      graph.set_param(id, 1.0);
  }
  auto_layout(graph);
  doc.begin_gesture("Build graph");
  Status status = doc.remove_nodes(old.node_ids());
  Result<std::vector<NodeId>> added = status
                                          ? doc.insert_fragment(graph, {0, 0}, "Build graph")
                                          : Result<std::vector<NodeId>>::failure(status.reason());
  if (added) status = doc.set_title(build.title);
  if (!added || !status) {
    doc.cancel_gesture();
    return from_status(Status::failure(added ? status.reason() : added.reason()));
  }
  doc.end_gesture();
  return {Status::success(), std::move(*added), false};
}

// One overload per command: what it asks of the document.
struct Applier {
  EditableDocument& doc;

  EditOutcome operator()(const edit::AddNode& c) { return from_id(doc.add_node(c.op, c.at)); }
  EditOutcome operator()(const edit::RemoveNodes& c) {
    return from_status(doc.remove_nodes(c.nodes));
  }
  EditOutcome operator()(const edit::Connect& c) {
    return from_status(doc.connect(c.from, c.to, c.slot));
  }
  EditOutcome operator()(const edit::Disconnect& c) {
    return from_status(doc.disconnect(c.to, c.slot));
  }
  EditOutcome operator()(const edit::MoveNodes& c) {
    return from_status(doc.move_nodes(c.nodes, c.delta));
  }
  EditOutcome operator()(const edit::SetPositions& c) {
    return from_status(doc.set_positions(c.positions));
  }
  EditOutcome operator()(const edit::SetParam& c) {
    return from_status(doc.set_param(c.node, c.value));
  }
  EditOutcome operator()(const edit::ClearValue& c) { return from_status(doc.clear_value(c.node)); }
  EditOutcome operator()(const edit::Rename& c) { return from_status(doc.rename(c.node, c.name)); }
  EditOutcome operator()(const edit::SetOutput& c) { return from_status(doc.set_output(c.node)); }
  EditOutcome operator()(const edit::Paste& c) { return from_ids(paste_text(doc, c.text, c.at)); }
  EditOutcome operator()(const edit::Duplicate& c) {
    return from_ids(duplicate_selection(doc, c.nodes));
  }
  EditOutcome operator()(const edit::BuildGraph& c) { return build_graph(c, doc); }
  EditOutcome operator()(const edit::BeginGesture& c) {
    doc.begin_gesture(c.label);
    return {};
  }
  EditOutcome operator()(const edit::EndGesture&) {
    doc.end_gesture();
    return {};
  }
  EditOutcome operator()(const edit::CancelGesture&) {
    doc.cancel_gesture();  // none open: nothing
    return {};
  }
  EditOutcome operator()(const edit::Undo&) {
    return from_status(doc.undo() ? Status::success() : Status::failure("nothing to undo"));
  }
  EditOutcome operator()(const edit::Redo&) {
    return from_status(doc.redo() ? Status::success() : Status::failure("nothing to redo"));
  }
};

}  // namespace

EditOutcome apply_edit(const EditCommand& command, EditableDocument& doc) {
  return std::visit(Applier{doc}, command);
}

std::vector<AppliedEdit> apply_edits(EditQueue& queue, EditableDocument& doc) {
  std::vector<EditCommand> commands = queue.take();
  std::vector<AppliedEdit> applied;
  applied.reserve(commands.size());
  // Gestures opened by this queue: for each, whether it is all-or-nothing, and whether it has
  // been cancelled (then what follows, up to its EndGesture, is skipped).
  struct OpenGesture {
    bool all_or_nothing = false;
    bool cancelled = false;
  };
  std::vector<OpenGesture> open;
  for (EditCommand& command : commands) {
    const bool skipping = !open.empty() && open.back().cancelled;
    EditOutcome outcome{Status::success(), {}, true};
    if (skipping) {
      if (std::holds_alternative<edit::BeginGesture>(command)) open.push_back({false, true});
      if (std::holds_alternative<edit::EndGesture>(command)) open.pop_back();
    } else {
      outcome = apply_edit(command, doc);
      if (const auto* begin = std::get_if<edit::BeginGesture>(&command)) {
        open.push_back({begin->all_or_nothing, false});
      } else if (std::holds_alternative<edit::EndGesture>(command) ||
                 std::holds_alternative<edit::CancelGesture>(command)) {
        if (!open.empty()) open.pop_back();
      } else if (!outcome.status && !open.empty() && open.back().all_or_nothing) {
        doc.cancel_gesture();
        open.back().cancelled = true;
      }
    }
    applied.push_back({std::move(command), std::move(outcome)});
  }
  return applied;
}

}  // namespace gf::gui
