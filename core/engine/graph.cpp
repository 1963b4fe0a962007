// graph.cpp — storage and validated edits of a computation graph (see graph.hpp).
#include "graph.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_set>

namespace gf {

// [SECTION] Names

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto is_alpha = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!is_alpha(name[0])) return false;
  for (char c : name)
    if (!is_alpha(c) && !is_digit(c)) return false;
  return true;
}

namespace {
// A name as messages quote it: cut short, so a hostile megabyte-long name makes a short message.
std::string quoted(std::string_view name) {
  constexpr std::size_t kShown = 40;
  if (name.size() <= kShown) return "'" + std::string(name) + "'";
  return "'" + std::string(name.substr(0, kShown)) + "...' (" + std::to_string(name.size()) +
         " characters)";
}
}  // namespace

// [SECTION] Queries

std::vector<NodeId> Graph::node_ids() const {
  std::vector<NodeId> ids;
  ids.reserve(node_count_);
  for (NodeId id = 0; id < id_limit(); ++id)
    if (alive_[id]) ids.push_back(id);
  return ids;
}

NodeId Graph::find_name(std::string_view name) const {
  if (name.empty()) return kNoNode;
  auto found = name_index_.find(std::string(name));
  return found == name_index_.end() ? kNoNode : found->second;
}

std::vector<NodeId> Graph::consumers(NodeId id) const {
  std::vector<NodeId> result;
  for (NodeId other = 0; other < id_limit(); ++other)
    if (alive_[other] && (inputs_[other][0] == id || inputs_[other][1] == id))
      result.push_back(other);
  return result;
}

std::vector<NodeId> Graph::input_nodes() const {
  std::vector<NodeId> result;
  for (NodeId id = 0; id < id_limit(); ++id)
    if (alive_[id] && ops_[id] == Op::Input) result.push_back(id);
  return result;
}

bool Graph::depends_on(NodeId from, NodeId target) const {
  if (!contains(from) || !contains(target)) return false;
  if (from == target) return true;
  if (wires_out_[target] == 0) return false;  // nothing consumes target: no path can reach it
  // Iterative walk over input wires (graphs can be a million nodes deep); the visited set only
  // grows with the part of the graph actually walked.
  std::unordered_set<NodeId> seen{from};
  std::vector<NodeId> stack{from};
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id == target) return true;
    for (NodeId in : inputs_[id])
      if (in != kNoNode && seen.insert(in).second) stack.push_back(in);
  }
  return false;
}

const Matrix* Graph::matrix_value(NodeId id) const {
  if (matrix_values_.empty()) return nullptr;  // the scalar path pays one test
  auto found = matrix_values_.find(id);
  return found == matrix_values_.end() ? nullptr : &found->second;
}

Shape Graph::value_shape(NodeId id) const {
  const Matrix* matrix = matrix_value(id);
  return matrix ? matrix->shape : Shape{};
}

std::string Graph::describe(NodeId id) const {
  if (!contains(id)) return "node " + std::to_string(id) + " (no such node)";
  std::string text = "node " + std::to_string(id) + " (" + std::string(op_info(ops_[id]).name);
  if (!names_[id].empty()) text += " " + names_[id];
  return text + ")";
}

std::string Graph::unused_name(std::string_view prefix) const {
  std::string base = is_valid_name(prefix) ? std::string(prefix) : std::string("v");
  if (find_name(base) == kNoNode) return base;
  for (int n = 2;; ++n) {
    std::string candidate = base + std::to_string(n);
    if (find_name(candidate) == kNoNode) return candidate;
  }
}

// [SECTION] Edits

Status Graph::check_id(NodeId id, std::string_view what) const {
  if (contains(id)) return Status::success();
  return Status::failure(std::string(what) + " " + std::to_string(id) + " does not exist");
}

Status Graph::check_name(NodeId id, const std::string& name) const {
  if (name.empty()) return Status::success();
  if (!is_valid_name(name)) {
    return Status::failure(quoted(name) +
                           " is not a valid name (letters, digits and _, not starting with a "
                           "digit, at most 64 characters)");
  }
  NodeId other = find_name(name);
  if (other != kNoNode && other != id)
    return Status::failure("the name " + quoted(name) + " is already used by " + describe(other));
  return Status::success();
}

Result<NodeId> Graph::add_node(Op op, std::string name, double param, bool with_value) {
  return add_node_at(id_limit(), op, std::move(name), param, with_value);
}

Result<NodeId> Graph::add_node_at(NodeId id, Op op, std::string name, double param,
                                  bool with_value) {
  if (static_cast<int>(op) >= kOpCount) return Result<NodeId>::failure("unknown op");
  if (id < 0) return Result<NodeId>::failure("node id " + std::to_string(id) + " is negative");
  if (contains(id)) return Result<NodeId>::failure("node id " + std::to_string(id) + " is taken");
  if (op == Op::Input && name.empty()) return Result<NodeId>::failure("an input needs a name");
  if (Status status = check_name(kNoNode, name); !status) return status;
  if (!std::isfinite(param))
    return Result<NodeId>::failure(
        "the " +
        std::string(op_info(op).param_name.empty() ? "parameter" : op_info(op).param_name) +
        " must be a finite number, not " + format_number(param));
  if (id >= id_limit()) {
    std::size_t size = static_cast<std::size_t>(id) + 1;
    ops_.resize(size, Op::Const);
    inputs_.resize(size, {kNoNode, kNoNode});
    params_.resize(size, 0.0);
    has_value_.resize(size, 0);
    names_.resize(size);
    positions_.resize(size);
    has_position_.resize(size, 0);
    alive_.resize(size, 0);
    wires_out_.resize(size, 0);
  }
  ops_[id] = op;
  inputs_[id] = {kNoNode, kNoNode};
  if (!matrix_values_.empty()) matrix_values_.erase(id);
  // An input without a value holds 0, as after clear_value: equal graphs stay equal.
  params_[id] = has_param(op) && (op != Op::Input || with_value) ? param : 0.0;
  has_value_[id] = op == Op::Input ? with_value : has_param(op);
  if (!name.empty()) name_index_[name] = id;
  names_[id] = std::move(name);
  positions_[id] = {};
  has_position_[id] = 0;
  alive_[id] = 1;
  wires_out_[id] = 0;
  ++node_count_;
  return id;
}

Status Graph::remove_node(NodeId id) {
  if (Status status = check_id(id, "node"); !status) return status;
  if (wires_out_[id] > 0)  // only then can another node's pin hold it
    for (NodeId other = 0; other < id_limit(); ++other)
      for (NodeId& in : inputs_[other])
        if (in == id) in = kNoNode;
  for (NodeId in : inputs_[id])
    if (in != kNoNode) --wires_out_[in];
  wires_out_[id] = 0;
  // A hole holds default data, so two graphs with the same live nodes compare equal.
  alive_[id] = 0;
  ops_[id] = Op::Const;
  if (!names_[id].empty()) name_index_.erase(names_[id]);
  names_[id].clear();
  inputs_[id] = {kNoNode, kNoNode};
  params_[id] = 0;
  has_value_[id] = 0;
  if (!matrix_values_.empty()) matrix_values_.erase(id);
  positions_[id] = {};
  has_position_[id] = 0;
  --node_count_;
  if (output_ == id) output_ = kNoNode;
  // Trailing holes are dropped so that id_limit() stays tight and equality ignores history.
  while (!ops_.empty() && !alive_.back()) {
    ops_.pop_back();
    inputs_.pop_back();
    params_.pop_back();
    has_value_.pop_back();
    names_.pop_back();
    positions_.pop_back();
    has_position_.pop_back();
    alive_.pop_back();
    wires_out_.pop_back();
  }
  return Status::success();
}

Status Graph::connect(NodeId from, NodeId to, int slot) {
  if (Status status = can_connect(from, to, slot); !status) return status;
  if (inputs_[to][slot] != kNoNode) --wires_out_[inputs_[to][slot]];
  inputs_[to][slot] = from;
  ++wires_out_[from];
  return Status::success();
}

Status Graph::can_connect(NodeId from, NodeId to, int slot) const {
  if (Status status = check_id(from, "source node"); !status) return status;
  if (Status status = check_id(to, "target node"); !status) return status;
  int pins = arity(ops_[to]);
  if (slot < 0 || slot >= pins)
    return Status::failure(describe(to) + " has " + std::to_string(pins) + " input pin" +
                           (pins == 1 ? "" : "s") + "; there is no pin " + std::to_string(slot));
  if (from == to) return Status::failure("a gate cannot take its own output as input");
  if (depends_on(from, to))
    return Status::failure("wiring " + describe(from) + " into " + describe(to) +
                           " would make a cycle: " + describe(from) + " already depends on " +
                           describe(to));
  return Status::success();
}

Status Graph::disconnect(NodeId to, int slot) {
  if (Status status = check_id(to, "node"); !status) return status;
  if (slot < 0 || slot >= arity(ops_[to]))
    return Status::failure(describe(to) + " has no input pin " + std::to_string(slot));
  if (inputs_[to][slot] != kNoNode) --wires_out_[inputs_[to][slot]];
  inputs_[to][slot] = kNoNode;
  return Status::success();
}

Status Graph::set_param(NodeId id, double value) {
  if (Status status = check_id(id, "node"); !status) return status;
  const OpInfo& info = op_info(ops_[id]);
  if (info.param_name.empty())
    return Status::failure(describe(id) + " has no value or parameter to set");
  if (!std::isfinite(value))
    return Status::failure("the " + std::string(info.param_name) + " of " + describe(id) +
                           " must be a finite number, not " + format_number(value));
  params_[id] = value;
  has_value_[id] = 1;
  if (!matrix_values_.empty()) matrix_values_.erase(id);
  return Status::success();
}

Status Graph::set_matrix(NodeId id, Matrix value) {
  if (Status status = check_id(id, "node"); !status) return status;
  if (!is_leaf(ops_[id]))
    return Status::failure(describe(id) + " is a gate: its value is computed");
  const Shape shape = value.shape;
  if (shape.rows < 1 || shape.cols < 1 || shape.size() != std::ssize(value.data))
    return Status::failure(
        "the value of " + describe(id) + " is not a matrix: " + std::to_string(value.data.size()) +
        " entries for " + std::to_string(shape.rows) + " rows of " + std::to_string(shape.cols));
  if (shape.size() > kMaxMatrixElements)
    return Status::failure("the value of " + describe(id) + " is " + shape_text(shape) + ", over " +
                           std::to_string(kMaxMatrixElements) + " elements");
  for (double entry : value.data)
    if (!std::isfinite(entry))
      return Status::failure("the value of " + describe(id) + " must hold finite numbers, not " +
                             format_number(entry));
  if (shape.is_scalar()) return set_param(id, value.data[0]);
  params_[id] = 0;
  has_value_[id] = 1;
  matrix_values_[id] = std::move(value);
  return Status::success();
}

Status Graph::clear_value(NodeId id) {
  if (Status status = check_id(id, "node"); !status) return status;
  if (ops_[id] != Op::Input) return Status::failure(describe(id) + " is not an input");
  has_value_[id] = 0;
  params_[id] = 0;
  if (!matrix_values_.empty()) matrix_values_.erase(id);
  return Status::success();
}

Status Graph::rename(NodeId id, std::string name) {
  if (Status status = check_id(id, "node"); !status) return status;
  if (name.empty() && ops_[id] == Op::Input) return Status::failure("an input needs a name");
  if (Status status = check_name(id, name); !status) return status;
  if (!names_[id].empty()) name_index_.erase(names_[id]);
  if (!name.empty()) name_index_[name] = id;
  names_[id] = std::move(name);
  return Status::success();
}

Status Graph::set_output(NodeId id) {
  if (id != kNoNode)
    if (Status status = check_id(id, "node"); !status) return status;
  output_ = id;
  return Status::success();
}

Status Graph::set_position(NodeId id, Vec2 position) {
  if (Status status = check_id(id, "node"); !status) return status;
  if (!std::isfinite(position.x) || !std::isfinite(position.y))
    return Status::failure("the position of " + describe(id) + " must be finite");
  positions_[id] = position;
  has_position_[id] = 1;
  return Status::success();
}

Status Graph::clear_position(NodeId id) {
  if (Status status = check_id(id, "node"); !status) return status;
  has_position_[id] = 0;
  positions_[id] = {};
  return Status::success();
}

// [SECTION] Helpers shared by the programs

namespace {
// An assignment as a message repeats it: cut short, so a huge one still makes one short line.
std::string shown_assignment(std::string_view assignment) {
  constexpr std::size_t kShown = 60;
  if (assignment.size() <= kShown) return std::string(assignment);
  return std::string(assignment.substr(0, kShown)) + "...";
}
}  // namespace

Status apply_assignment(Graph& graph, std::string_view assignment) {
  const std::string text = shown_assignment(assignment);
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0)
    return Status::failure("--set " + text + ": expected NAME=VALUE");
  const std::string name(assignment.substr(0, equals)), number(assignment.substr(equals + 1));
  double value = 0;
  const char* end = number.data() + number.size();
  auto [parsed_end, error] = std::from_chars(number.data(), end, value);
  std::optional<Matrix> matrix;  // "[1, 2]" or "[[1, 2], [3, 4]]" (matrix.hpp)
  if (number.find('[') != std::string::npos) {
    Result<Matrix> literal = parse_matrix_literal(number);
    if (!literal)
      return Status::failure("--set " + text + ": the matrix at " + literal.reason() +
                             " (columns counted after '=')");
    matrix = std::move(*literal);
  } else if (number.empty() || error != std::errc() || parsed_end != end) {
    return Status::failure("--set " + text + ": '" + shown_assignment(number) +
                           "' is not a number");
  }
  const NodeId id = graph.find_name(name);
  if (id == kNoNode) {
    // The first few inputs, then a count: a graph of 15 000 inputs still gives one short line.
    constexpr std::size_t kListed = 8;
    const std::vector<NodeId> input_ids = graph.input_nodes();
    std::string inputs;
    for (std::size_t i = 0; i < input_ids.size() && i < kListed; ++i)
      inputs += (inputs.empty() ? "" : ", ") + graph.name(input_ids[i]);
    if (input_ids.size() > kListed)
      inputs += " and " + std::to_string(input_ids.size() - kListed) + " more";
    return Status::failure("--set " + text + ": there is no variable '" + shown_assignment(name) +
                           "' (variables: " + (inputs.empty() ? "none" : inputs) + ")");
  }
  if (Status status =
          matrix ? graph.set_matrix(id, std::move(*matrix)) : graph.set_param(id, value);
      !status)
    return Status::failure("--set " + text + ": " + status.reason());
  return Status::success();
}

Status apply_assignments(Graph& graph, const std::vector<std::string>& assignments) {
  // A name given twice is a mistake the last value would hide: refused, naming both.
  std::unordered_map<std::string_view, std::string_view> seen;  // name -> its assignment
  for (const std::string& assignment : assignments) {
    const std::string_view name = std::string_view(assignment).substr(0, assignment.find('='));
    if (assignment.find('=') != std::string::npos && !name.empty()) {
      if (auto [it, added] = seen.emplace(name, assignment); !added)
        return Status::failure("--set " + shown_assignment(assignment) + ": '" +
                               shown_assignment(name) + "' is already set by --set " +
                               shown_assignment(it->second) + " (give each name once)");
    }
    if (Status status = apply_assignment(graph, assignment); !status) return status;
  }
  return Status::success();
}

bool every_node_placed(const Graph& graph) {
  for (NodeId id : graph.node_ids())
    if (!graph.has_position(id)) return false;
  return true;
}

}  // namespace gf
