// change.hpp — one reversible change of a document: the unit the undo history records.
//
// A change holds both sides ("before" and "after"), so it can be applied (do, redo) and
// reverted (undo) by replaying the graph's own edit API. Applying validates like any edit and a
// refused change alters nothing. Reverting is only ever done in the state the change left
// behind (the history undoes newest first), where it restores the graph exactly, ids included.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "document.hpp"
#include "graph.hpp"
#include "result.hpp"

namespace gf {

// Everything a node is, so a removed node can be put back as it was.
struct NodeSnapshot {
  NodeId id = kNoNode;
  Op op = Op::Const;
  std::string name;
  std::optional<double> param;  // the value or exponent; nullopt for an input without a value
  std::array<NodeId, 2> inputs{kNoNode, kNoNode};
  std::optional<Vec2> position;
  bool operator==(const NodeSnapshot&) const = default;
};

// One input pin: the gate it belongs to and which of its pins.
struct PinRef {
  NodeId node = kNoNode;
  int slot = 0;
  bool operator==(const PinRef&) const = default;
};

namespace changes {

struct AddNode {  // puts a node at node.id (its inputs must exist)
  NodeSnapshot node;
};
struct RemoveNode {  // removes a node and the wires it feeds
  NodeSnapshot node;
  std::vector<PinRef> fed_pins;  // pins it fed, wired again by revert
  bool was_output = false;
};
struct SetWire {  // kNoNode on either side: the pin unconnected
  PinRef pin;
  NodeId before = kNoNode;
  NodeId after = kNoNode;
};
struct SetParam {  // nullopt: an input without a value
  NodeId id = kNoNode;
  std::optional<double> before, after;
};
struct Rename {
  NodeId id = kNoNode;
  std::string before, after;
};
struct SetOutput {
  NodeId before = kNoNode;
  NodeId after = kNoNode;
};
struct SetPosition {  // nullopt: no position
  NodeId id = kNoNode;
  std::optional<Vec2> before, after;
};
struct SetTitle {
  std::string before, after;
};

}  // namespace changes

using Change =
    std::variant<changes::AddNode, changes::RemoveNode, changes::SetWire, changes::SetParam,
                 changes::Rename, changes::SetOutput, changes::SetPosition, changes::SetTitle>;

// ---- Making changes from the current state (reads are safe for ids that do not exist: the
// ---- change then carries defaults, and applying it is refused with the graph's reason) -----
NodeSnapshot snapshot_node(const Graph& graph, NodeId id);
changes::RemoveNode removal_of(const Graph& graph, NodeId id);
NodeId wire_at(const Graph& graph, PinRef pin);                 // kNoNode when there is none
std::optional<double> param_of(const Graph& graph, NodeId id);  // nullopt: none or no value
std::optional<Vec2> position_of(const Graph& graph, NodeId id);

// ---- Doing and undoing ---------------------------------------------------------------------
Status apply_change(Document& doc, const Change& change);
Status revert_change(Document& doc, const Change& change);

// True when applying the change would leave the document as it is (the history skips those).
bool changes_nothing(const Change& change);

}  // namespace gf
