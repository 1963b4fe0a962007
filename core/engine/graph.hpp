// graph.hpp — a computation graph stored as flat vectors indexed by NodeId.
//
// A node has an op (see ops.hpp), up to two input wires (ids of other nodes, or kNoNode for an
// unconnected pin), a parameter (input value, constant value or pow exponent), an optional
// unique name and an optional position on the canvas. Removing a node leaves a hole so that the
// other ids stay valid (the editor, undo and files refer to nodes by id).
//
// Every edit validates and returns why it refuses; a refused edit changes nothing. The graph is
// allowed to be incomplete (unconnected pins, no output) so an editor can hold a half-built graph;
// evaluation (eval.hpp) is what requires completeness, and says what is missing.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "matrix.hpp"
#include "number_format.hpp"
#include "ops.hpp"
#include "result.hpp"

namespace gf {

using NodeId = std::int32_t;
inline constexpr NodeId kNoNode = -1;

struct Vec2 {
  float x = 0;
  float y = 0;
  bool operator==(const Vec2&) const = default;
};
inline Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
inline Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
inline Vec2 operator*(Vec2 a, float s) { return {a.x * s, a.y * s}; }

// True for names usable as variables: [A-Za-z_][A-Za-z0-9_]*, at most 64 characters. A gate's
// name ("exp", "softplus") is a valid node name: in a document the name and the op are separate
// fields, so a node named like a gate never clashes with it, and adding a gate to the op table
// cannot make an existing file stop loading. Only expression text, where a name and a call
// share the text, reserves the gates' names (expr.hpp; caption.hpp's expression_text).
bool is_valid_name(std::string_view name);

class Graph {
 public:
  // ---- Queries ------------------------------------------------------------------------------
  // Ids run from 0 to id_limit()-1; some may be holes left by removed nodes.
  NodeId id_limit() const { return static_cast<NodeId>(ops_.size()); }
  bool contains(NodeId id) const { return id >= 0 && id < id_limit() && alive_[id]; }
  int node_count() const { return node_count_; }
  std::vector<NodeId> node_ids() const;  // every live id, ascending

  Op op(NodeId id) const { return ops_[id]; }
  NodeId input(NodeId id, int slot) const { return inputs_[id][slot]; }
  const std::array<NodeId, 2>& inputs(NodeId id) const { return inputs_[id]; }
  double param(NodeId id) const { return params_[id]; }
  // The value of an input or constant whose shape is not 1×1 (nullptr for a scalar value, which
  // is param()); matrix.hpp. Gates' shapes follow from their inputs (matrix_eval.hpp).
  const Matrix* matrix_value(NodeId id) const;
  Shape value_shape(NodeId id) const;  // 1×1 unless matrix_value(id) is set
  int matrix_value_count() const { return static_cast<int>(matrix_values_.size()); }
  bool has_value(NodeId id) const { return has_value_[id]; }  // an input whose value is set
  const std::string& name(NodeId id) const { return names_[id]; }
  bool has_position(NodeId id) const { return has_position_[id]; }
  Vec2 position(NodeId id) const { return positions_[id]; }
  NodeId output() const { return output_; }

  NodeId find_name(std::string_view name) const;   // kNoNode when no node has that name
  std::vector<NodeId> consumers(NodeId id) const;  // nodes with a wire from id (each once)
  int wires_out(NodeId id) const { return wires_out_[id]; }  // wires leaving id, O(1)
  std::vector<NodeId> input_nodes() const;                   // op input, ascending id
  // True when `target` can be reached from `from` by following input wires (from == target too).
  bool depends_on(NodeId from, NodeId target) const;
  // A short description for messages: "node 3 (mul)" or "node 0 (input x)".
  std::string describe(NodeId id) const;
  // A name not used yet, "prefix", "prefix2", "prefix3", ...
  std::string unused_name(std::string_view prefix) const;

  // ---- Edits: each validates and returns why it refuses --------------------------------------
  // An input needs a valid unused name; other nodes may have one. `param` is the value of an
  // input or constant or the exponent of pow, and must be finite. Inputs start without a value
  // unless `with_value` is true.
  Result<NodeId> add_node(Op op, std::string name = {}, double param = 0, bool with_value = false);
  // The same at a chosen id: a hole or any id at or past id_limit() (files and undo keep ids).
  Result<NodeId> add_node_at(NodeId id, Op op, std::string name = {}, double param = 0,
                             bool with_value = false);
  Status remove_node(NodeId id);  // also removes the wires it feeds; clears output if it was it
  Status connect(NodeId from, NodeId to, int slot);  // replaces a wire already on that pin
  // What connect() would answer, changing nothing (an editor marks refused pins while dragging).
  Status can_connect(NodeId from, NodeId to, int slot) const;
  Status disconnect(NodeId to, int slot);
  Status set_param(NodeId id, double value);  // input/const value or pow exponent; finite
  // An input's or constant's value as a matrix: finite entries, at most kMaxMatrixElements; a
  // 1×1 matrix is stored as the scalar param.
  Status set_matrix(NodeId id, Matrix value);
  Status clear_value(NodeId id);               // an input back to "no value"
  Status rename(NodeId id, std::string name);  // "" removes the name (not allowed for inputs)
  Status set_output(NodeId id);                // kNoNode clears it
  Status set_position(NodeId id, Vec2 position);
  Status clear_position(NodeId id);

  bool operator==(const Graph&) const = default;

 private:
  Status check_id(NodeId id, std::string_view what) const;
  Status check_name(NodeId id, const std::string& name) const;

  std::vector<Op> ops_;
  std::vector<std::array<NodeId, 2>> inputs_;
  std::vector<double> params_;
  std::vector<std::uint8_t> has_value_;
  std::vector<std::string> names_;
  std::vector<Vec2> positions_;
  std::vector<std::uint8_t> has_position_;
  std::vector<std::uint8_t> alive_;
  std::vector<std::int32_t> wires_out_;  // lets connect() skip the cycle search for fresh gates
  std::unordered_map<std::string, NodeId> name_index_;  // every non-empty name -> its node
  std::unordered_map<NodeId, Matrix> matrix_values_;    // leaves whose value is not 1×1
  int node_count_ = 0;
  NodeId output_ = kNoNode;
};

// Applies "NAME=VALUE" (the --set of both programs) to the named node's value; the reason names
// the assignment and, for an unknown name, lists the inputs.
Status apply_assignment(Graph& graph, std::string_view assignment);
// Applies each in turn; refuses a name assigned twice (naming both assignments).
Status apply_assignments(Graph& graph, const std::vector<std::string>& assignments);

// True when every live node has a position (otherwise a document is laid out before drawing).
bool every_node_placed(const Graph& graph);

}  // namespace gf
