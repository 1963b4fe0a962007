// history.cpp — the editable document's operations and its undo history (see history.hpp).
//
// Index
//   [SECTION] Names and layout helpers
//   [SECTION] Transactions      the changes of one operation: all recorded, or all taken back
//   [SECTION] Construction and files
//   [SECTION] Adding and removing
//   [SECTION] Wiring
//   [SECTION] Values and names
//   [SECTION] Positions
//   [SECTION] Fragments
//   [SECTION] Recording         entries, gesture merging, the bound on history
//   [SECTION] Gestures
//   [SECTION] Undo and redo
//   [SECTION] Saved marker
#include "history.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>

namespace gf {

// [SECTION] Names and layout helpers

std::string fresh_variable_name(const Graph& graph) {
  for (const char* name : {"x", "y", "z", "w", "a", "b", "c"})
    if (graph.find_name(name) == kNoNode) return name;
  return unique_name(graph, "x");
}

std::string unique_name(const Graph& graph, const std::string& name,
                        const std::vector<std::string>& also_taken) {
  auto is_free = [&](const std::string& candidate) {
    return graph.find_name(candidate) == kNoNode &&
           std::find(also_taken.begin(), also_taken.end(), candidate) == also_taken.end();
  };
  if (name.empty() || is_free(name)) return name;
  // "w0" continues as w1, w2, ...; a name without a number continues as name2, name3, ...
  std::string base = name;
  unsigned long long number = 1;
  const std::size_t digits_at = name.find_last_not_of("0123456789") + 1;
  const std::size_t digit_count = name.size() - digits_at;
  if (digit_count > 0 && digit_count <= 9) {
    base = name.substr(0, digits_at);
    std::from_chars(name.data() + digits_at, name.data() + name.size(), number);
  }
  constexpr std::size_t kMaxNameLength = 64;  // as is_valid_name
  for (unsigned long long k = number + 1;; ++k) {
    const std::string suffix = std::to_string(k);
    std::string candidate = base.substr(0, kMaxNameLength - suffix.size());
    candidate += suffix;
    if (is_valid_name(candidate) && is_free(candidate)) return candidate;
  }
}

namespace {
std::vector<std::pair<NodeId, Vec2>> positions_of(const Graph& laid_out,
                                                  const std::vector<NodeId>& nodes) {
  std::vector<std::pair<NodeId, Vec2>> positions;
  positions.reserve(nodes.size());
  for (NodeId id : nodes)
    if (laid_out.contains(id) && laid_out.has_position(id))
      positions.emplace_back(id, laid_out.position(id));
  return positions;
}

std::vector<NodeId> sorted_unique(std::vector<NodeId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}
}  // namespace

std::vector<std::pair<NodeId, Vec2>> planned_layout_all(const Graph& graph,
                                                        const LayoutOptions& options) {
  Graph copy = graph;
  auto_layout(copy, options);
  return positions_of(copy, copy.node_ids());
}

std::vector<std::pair<NodeId, Vec2>> planned_layout_nodes(const Graph& graph,
                                                          const std::vector<NodeId>& nodes,
                                                          const LayoutOptions& options) {
  Graph copy = graph;
  auto_layout_nodes(copy, nodes, options);
  return positions_of(copy, sorted_unique(nodes));
}

// [SECTION] Transactions

// Applies the changes of one operation as they are made (later changes are built from the state
// the earlier ones left). commit() records them as one undo entry; a transaction left without
// commit() takes its changes back, so a refused operation changes nothing.
class EditableDocument::Transaction {
 public:
  explicit Transaction(EditableDocument& owner) : owner_(owner) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!committed_) owner_.revert_all(applied_);
  }

  Status apply(Change change) {
    if (Status status = apply_change(owner_.doc_, change); !status) return status;
    if (!changes_nothing(change)) applied_.push_back(std::move(change));
    return Status::success();
  }

  void commit(std::string label) {
    committed_ = true;
    owner_.record(std::move(label), std::move(applied_));
  }

 private:
  EditableDocument& owner_;
  std::vector<Change> applied_;
  bool committed_ = false;
};

Status EditableDocument::set_one(Change change, const char* label) {
  Transaction transaction(*this);
  if (Status status = transaction.apply(std::move(change)); !status) return status;
  transaction.commit(label);
  return Status::success();
}

NodeId sole_unused_gate(const Graph& graph) {
  NodeId found = kNoNode;
  for (NodeId id = 0; id < graph.id_limit(); ++id) {
    if (!graph.contains(id) || is_leaf(graph.op(id)) || graph.wires_out(id) > 0) continue;
    if (found != kNoNode) return kNoNode;  // a second one: not obvious
    found = id;
  }
  return found;
}

bool adopt_obvious_output(Graph& graph) {
  if (graph.contains(graph.output())) return false;
  const NodeId sole = sole_unused_gate(graph);
  return sole != kNoNode && graph.set_output(sole);
}

void EditableDocument::choose_obvious_output(Transaction& transaction) {
  if (graph().contains(graph().output())) return;
  if (const NodeId sole = sole_unused_gate(graph()); sole != kNoNode)
    (void)transaction.apply(changes::SetOutput{graph().output(), sole});
}

// [SECTION] Construction and files

EditableDocument::EditableDocument(Document doc, std::string file_path, HistoryLimits limits)
    : doc_(std::move(doc)), file_path_(std::move(file_path)), limits_(limits) {}

Result<EditableDocument> EditableDocument::open_file(const std::string& path,
                                                     HistoryLimits limits) {
  Result<Document> loaded = load_document_file(path);
  if (!loaded) return Status::failure(loaded.reason());
  return EditableDocument(std::move(*loaded), path, limits);
}

Status EditableDocument::save_to_file(const std::string& path) {
  if (Status status = save_document_file(doc_, path); !status) return status;
  file_path_ = path;
  mark_saved();
  return Status::success();
}

// [SECTION] Adding and removing

Result<NodeId> EditableDocument::add_snapshot(NodeSnapshot node, const char* label) {
  const NodeId id = node.id;
  Transaction transaction(*this);
  if (Status status = transaction.apply(changes::AddNode{std::move(node)}); !status) return status;
  choose_obvious_output(transaction);
  transaction.commit(label);
  return id;
}

Result<NodeId> EditableDocument::add_node(Op op, Vec2 position) {
  if (static_cast<int>(op) >= kOpCount) return Result<NodeId>::failure("unknown op");
  NodeSnapshot node;
  node.id = graph().id_limit();
  node.op = op;
  node.position = position;
  switch (op) {
    case Op::Input:
      node.name = fresh_variable_name(graph());
      node.param = kNewVariableValue;
      break;
    case Op::Const:
      node.param = kNewConstantValue;
      break;
    case Op::Pow:
      node.param = kNewPowExponent;
      break;
    default:
      break;
  }
  return add_snapshot(std::move(node), op == Op::Input   ? "Add variable"
                                       : op == Op::Const ? "Add constant"
                                                         : "Add gate");
}

Result<NodeId> EditableDocument::add_variable(std::string name, std::optional<double> value,
                                              Vec2 position) {
  NodeSnapshot node;
  node.id = graph().id_limit();
  node.op = Op::Input;
  node.name = std::move(name);
  node.param = value;
  node.position = position;
  return add_snapshot(std::move(node), "Add variable");
}

Result<NodeId> EditableDocument::add_constant(double value, Vec2 position) {
  NodeSnapshot node;
  node.id = graph().id_limit();
  node.op = Op::Const;
  node.param = value;
  node.position = position;
  return add_snapshot(std::move(node), "Add constant");
}

Status EditableDocument::remove_nodes(const std::vector<NodeId>& nodes) {
  Transaction transaction(*this);
  // Each removal is read from the state the previous ones left (a wire between two removed
  // nodes is recorded once, by the first removal).
  const std::vector<NodeId> removed = sorted_unique(nodes);
  for (NodeId id : removed)
    if (Status status = transaction.apply(removal_of(graph(), id)); !status) return status;
  choose_obvious_output(transaction);
  transaction.commit(removed.size() == 1 ? "Delete node" : "Delete nodes");
  return Status::success();
}

// [SECTION] Wiring

Status EditableDocument::connect(NodeId from, NodeId to, int slot) {
  // (kNoNode as a source would mean "disconnect" to SetWire: refuse it as the graph does.)
  if (Status status = check_connect(from, to, slot); !status) return status;
  Transaction transaction(*this);
  const NodeId output = graph().output();
  if (Status status =
          transaction.apply(changes::SetWire{{to, slot}, wire_at(graph(), {to, slot}), from});
      !status)
    return status;
  // A gate wired after the output, and used by nothing, becomes the output (as a person adding
  // σ after × means): in the same undo step.
  if (output != kNoNode && from == output && graph().wires_out(to) == 0)
    (void)transaction.apply(changes::SetOutput{output, to});
  choose_obvious_output(transaction);
  transaction.commit("Connect");
  return Status::success();
}

Status EditableDocument::check_connect(NodeId from, NodeId to, int slot) const {
  return graph().can_connect(from, to, slot);
}

Status EditableDocument::disconnect(NodeId to, int slot) {
  return set_one(changes::SetWire{{to, slot}, wire_at(graph(), {to, slot}), kNoNode}, "Disconnect");
}

// [SECTION] Values and names

Status EditableDocument::set_param(NodeId id, double value) {
  return set_one(changes::SetParam{id, param_of(graph(), id), value}, "Set value");
}

Status EditableDocument::clear_value(NodeId id) {
  return set_one(changes::SetParam{id, param_of(graph(), id), std::nullopt}, "Clear value");
}

Status EditableDocument::rename(NodeId id, std::string name) {
  std::string before = graph().contains(id) ? graph().name(id) : std::string();
  return set_one(changes::Rename{id, std::move(before), std::move(name)}, "Rename");
}

Status EditableDocument::set_output(NodeId id) {
  return set_one(changes::SetOutput{graph().output(), id}, "Set output");
}

Status EditableDocument::set_title(std::string title) {
  return set_one(changes::SetTitle{doc_.title, std::move(title)}, "Set title");
}

// [SECTION] Positions

Status EditableDocument::move_nodes(const std::vector<NodeId>& nodes, Vec2 delta) {
  Transaction transaction(*this);
  for (NodeId id : sorted_unique(nodes)) {
    const std::optional<Vec2> before = position_of(graph(), id);
    const Vec2 after = before.value_or(Vec2{}) + delta;
    if (Status status = transaction.apply(changes::SetPosition{id, before, after}); !status)
      return status;
  }
  transaction.commit("Move");
  return Status::success();
}

Status EditableDocument::set_positions(const std::vector<std::pair<NodeId, Vec2>>& positions) {
  return set_positions_labelled(positions, "Set positions");
}

Status EditableDocument::set_positions_labelled(
    const std::vector<std::pair<NodeId, Vec2>>& positions, const char* label) {
  Transaction transaction(*this);
  for (const auto& [id, position] : positions)
    if (Status status =
            transaction.apply(changes::SetPosition{id, position_of(graph(), id), position});
        !status)
      return status;
  transaction.commit(label);
  return Status::success();
}

Status EditableDocument::layout_all(const LayoutOptions& options) {
  return set_positions_labelled(planned_layout_all(graph(), options), "Auto-layout");
}

Status EditableDocument::layout_nodes(const std::vector<NodeId>& nodes,
                                      const LayoutOptions& options) {
  for (NodeId id : nodes)
    if (!graph().contains(id))
      return Status::failure("node " + std::to_string(id) + " does not exist");
  if (nodes.empty()) return Status::success();
  return set_positions_labelled(planned_layout_nodes(graph(), nodes, options),
                                "Auto-layout selection");
}

// [SECTION] Fragments

namespace {
// The fragment's ids with every node after the nodes it reads from (Kahn's algorithm). Wiring
// in this order means the gate being wired feeds nothing yet, so the graph's cycle check is
// O(1) and a large paste stays linear.
std::vector<NodeId> sources_first(const Graph& fragment) {
  std::vector<int> waiting(static_cast<std::size_t>(fragment.id_limit()), 0);
  std::vector<std::vector<NodeId>> consumers(waiting.size());
  std::vector<NodeId> order;
  for (NodeId id : fragment.node_ids()) {
    for (int slot = 0; slot < arity(fragment.op(id)); ++slot)
      if (const NodeId input = fragment.input(id, slot); input != kNoNode) {
        ++waiting[id];
        consumers[input].push_back(id);
      }
    if (waiting[id] == 0) order.push_back(id);
  }
  for (std::size_t head = 0; head < order.size(); ++head)
    for (NodeId consumer : consumers[order[head]])
      if (--waiting[consumer] == 0) order.push_back(consumer);
  return order;  // (a Graph has no cycles, so every node is in it)
}
}  // namespace

Result<std::vector<NodeId>> EditableDocument::insert_fragment(const Graph& fragment, Vec2 offset,
                                                              const std::string& label) {
  using Ids = std::vector<NodeId>;
  const Ids fragment_ids = fragment.node_ids();
  const NodeId first_id = graph().id_limit();
  if (static_cast<long long>(first_id) + static_cast<long long>(fragment_ids.size()) >
      std::numeric_limits<NodeId>::max())
    return Result<Ids>::failure("the graph has no room for " + std::to_string(fragment_ids.size()) +
                                " more nodes");
  std::vector<NodeId> new_id(static_cast<std::size_t>(fragment.id_limit()), kNoNode);
  Ids added;
  added.reserve(fragment_ids.size());
  for (std::size_t k = 0; k < fragment_ids.size(); ++k) {
    new_id[fragment_ids[k]] = first_id + static_cast<NodeId>(k);
    added.push_back(first_id + static_cast<NodeId>(k));
  }

  Transaction transaction(*this);
  // Nodes first, unwired (the names already added count as taken for the next ones) ...
  for (NodeId id : fragment_ids) {
    NodeSnapshot node = snapshot_node(fragment, id);
    node.id = new_id[id];
    node.inputs = {kNoNode, kNoNode};
    node.name = unique_name(graph(), node.name);
    if (node.position) node.position = *node.position + offset;
    if (Status status = transaction.apply(changes::AddNode{std::move(node)}); !status)
      return status;
  }
  // ... then the wires among them, sources first.
  for (NodeId id : sources_first(fragment))
    for (int slot = 0; slot < arity(fragment.op(id)); ++slot)
      if (const NodeId input = fragment.input(id, slot); input != kNoNode)
        if (Status status =
                transaction.apply(changes::SetWire{{new_id[id], slot}, kNoNode, new_id[input]});
            !status)
          return status;
  if (graph().output() == kNoNode && fragment.output() != kNoNode)
    if (Status status = transaction.apply(changes::SetOutput{kNoNode, new_id[fragment.output()]});
        !status)
      return status;
  transaction.commit(label);
  return added;
}

// [SECTION] Recording

void EditableDocument::record(std::string label, std::vector<Change> changes) {
  if (changes.empty()) return;
  ++generation_;
  if (in_gesture()) {
    record_in_gesture(std::move(changes));
    return;
  }
  push_entry(std::move(label), std::move(changes));
}

void EditableDocument::push_entry(std::string label, std::vector<Change> changes) {
  for (const Entry& entry : redo_) stored_changes_ -= entry.changes.size();
  redo_.clear();
  stored_changes_ += changes.size();
  undo_.push_back(Entry{std::move(label), std::move(changes), ++last_state_});
  trim_history();
}

// Inside a gesture, a node's later moves and value changes update its first one: a drag of a
// thousand frames is one change per node. A node added or removed in between starts afresh
// (its earlier change must stay before that addition or removal).
void EditableDocument::record_in_gesture(std::vector<Change> changes) {
  auto merge_into = [&](std::unordered_map<NodeId, std::size_t>& at, NodeId id, auto&& change) {
    using ChangeType = std::decay_t<decltype(change)>;
    if (auto found = at.find(id); found != at.end()) {
      std::get<ChangeType>(gesture_.changes[found->second]).after = std::move(change.after);
      return;
    }
    at[id] = gesture_.changes.size();
    gesture_.changes.emplace_back(std::move(change));
  };
  for (Change& change : changes) {
    if (auto* move = std::get_if<changes::SetPosition>(&change)) {
      merge_into(gesture_position_at_, move->id, std::move(*move));
    } else if (auto* value = std::get_if<changes::SetParam>(&change)) {
      merge_into(gesture_param_at_, value->id, std::move(*value));
    } else if (auto* title = std::get_if<changes::SetTitle>(&change)) {
      if (gesture_title_at_) {
        std::get<changes::SetTitle>(gesture_.changes[*gesture_title_at_]).after =
            std::move(title->after);
      } else {
        gesture_title_at_ = gesture_.changes.size();
        gesture_.changes.emplace_back(std::move(change));
      }
    } else {
      NodeId touched = kNoNode;
      if (auto* add = std::get_if<changes::AddNode>(&change)) touched = add->node.id;
      if (auto* remove = std::get_if<changes::RemoveNode>(&change)) touched = remove->node.id;
      if (touched != kNoNode) {
        gesture_position_at_.erase(touched);
        gesture_param_at_.erase(touched);
      }
      gesture_.changes.emplace_back(std::move(change));
    }
  }
}

void EditableDocument::trim_history() {
  const std::size_t max_entries = std::max<std::size_t>(limits_.max_entries, 1);
  while (undo_.size() > 1 &&
         (undo_.size() > max_entries || stored_changes_ > limits_.max_changes)) {
    base_state_ = undo_.front().state;
    stored_changes_ -= undo_.front().changes.size();
    undo_.pop_front();
  }
}

void EditableDocument::revert_all(const std::vector<Change>& changes) {
  for (auto change = changes.rbegin(); change != changes.rend(); ++change)
    if (Status status = revert_change(doc_, *change); !status)
      // Reverting in the state a change left always succeeds; this is a bug, not a refusal.
      throw std::logic_error("gradflow: undo could not revert a change: " + status.reason());
}

// [SECTION] Gestures

void EditableDocument::begin_gesture(std::string label) {
  if (gesture_depth_++ > 0) return;
  gesture_ = Entry{std::move(label), {}, 0};
}

void EditableDocument::end_gesture() {
  if (gesture_depth_ == 0 || --gesture_depth_ > 0) return;
  Entry entry = std::move(gesture_);
  gesture_ = Entry{};
  gesture_position_at_.clear();
  gesture_param_at_.clear();
  gesture_title_at_.reset();
  // Merged changes that came back to where they started (a drag returned to its start).
  std::erase_if(entry.changes, [](const Change& change) { return changes_nothing(change); });
  if (!entry.changes.empty()) push_entry(std::move(entry.label), std::move(entry.changes));
}

void EditableDocument::cancel_gesture() {
  if (gesture_depth_ == 0) return;
  if (!gesture_.changes.empty()) {
    revert_all(gesture_.changes);
    ++generation_;
  }
  gesture_.changes.clear();
  gesture_depth_ = 1;
  end_gesture();
}

void EditableDocument::close_gesture() {
  if (gesture_depth_ == 0) return;
  gesture_depth_ = 1;
  end_gesture();
}

// [SECTION] Undo and redo

bool EditableDocument::undo() {
  close_gesture();
  if (undo_.empty()) return false;
  Entry entry = std::move(undo_.back());
  undo_.pop_back();
  revert_all(entry.changes);
  redo_.push_back(std::move(entry));
  ++generation_;
  return true;
}

bool EditableDocument::redo() {
  close_gesture();
  if (redo_.empty()) return false;
  Entry entry = std::move(redo_.back());
  redo_.pop_back();
  for (const Change& change : entry.changes)
    if (Status status = apply_change(doc_, change); !status)
      throw std::logic_error("gradflow: redo could not apply a change: " + status.reason());
  undo_.push_back(std::move(entry));
  ++generation_;
  return true;
}

std::string EditableDocument::undo_label() const {
  if (gesture_has_changes()) return gesture_.label;
  return undo_.empty() ? std::string() : undo_.back().label;
}

std::string EditableDocument::redo_label() const {
  return can_redo() ? redo_.back().label : std::string();
}

void EditableDocument::clear_history() {
  close_gesture();
  const bool modified = is_modified();
  undo_.clear();
  redo_.clear();
  stored_changes_ = 0;
  base_state_ = ++last_state_;
  saved_state_ = modified ? kNeverSaved : base_state_;
}

// [SECTION] Saved marker

std::uint64_t EditableDocument::current_state() const {
  return undo_.empty() ? base_state_ : undo_.back().state;
}

void EditableDocument::mark_saved() {
  close_gesture();
  saved_state_ = current_state();
}

void EditableDocument::mark_modified() { saved_state_ = kNeverSaved; }

bool EditableDocument::is_modified() const {
  return gesture_has_changes() || current_state() != saved_state_;
}

}  // namespace gf
