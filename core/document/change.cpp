// change.cpp — applying and reverting reversible document changes (see change.hpp).
//
// Index
//   [SECTION] Reading the current state   snapshots and safe reads for making changes
//   [SECTION] Nodes                       putting a node back exactly as it was
//   [SECTION] Apply and revert            one visitor per direction
#include "change.hpp"

#include <bit>
#include <cstdint>

namespace gf {

namespace {

template <class... Visitors>
struct Overloaded : Visitors... {
  using Visitors::operator()...;
};
template <class... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;

// Equal bit for bit: 0 and -0 differ here, because a saved file tells them apart.
bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
bool same_bits(Vec2 a, Vec2 b) {
  return std::bit_cast<std::uint32_t>(a.x) == std::bit_cast<std::uint32_t>(b.x) &&
         std::bit_cast<std::uint32_t>(a.y) == std::bit_cast<std::uint32_t>(b.y);
}
template <class T>
bool same_bits(const std::optional<T>& a, const std::optional<T>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || same_bits(*a, *b);
}

bool pin_exists(const Graph& graph, PinRef pin) {
  return graph.contains(pin.node) && pin.slot >= 0 && pin.slot < arity(graph.op(pin.node));
}

}  // namespace

// [SECTION] Reading the current state

NodeSnapshot snapshot_node(const Graph& graph, NodeId id) {
  NodeSnapshot node;
  node.id = id;
  if (!graph.contains(id)) return node;
  node.op = graph.op(id);
  node.name = graph.name(id);
  node.param = param_of(graph, id);
  node.inputs = graph.inputs(id);
  node.position = position_of(graph, id);
  return node;
}

changes::RemoveNode removal_of(const Graph& graph, NodeId id) {
  changes::RemoveNode removal;
  removal.node = snapshot_node(graph, id);
  if (!graph.contains(id)) return removal;
  if (graph.wires_out(id) > 0)  // only then can a pin hold it (consumers() scans the graph)
    for (NodeId consumer : graph.consumers(id))
      for (int slot = 0; slot < arity(graph.op(consumer)); ++slot)
        if (graph.input(consumer, slot) == id) removal.fed_pins.push_back({consumer, slot});
  removal.was_output = graph.output() == id;
  return removal;
}

NodeId wire_at(const Graph& graph, PinRef pin) {
  return pin_exists(graph, pin) ? graph.input(pin.node, pin.slot) : kNoNode;
}

std::optional<double> param_of(const Graph& graph, NodeId id) {
  if (!graph.contains(id) || !graph.has_value(id)) return std::nullopt;
  return graph.param(id);
}

std::optional<Vec2> position_of(const Graph& graph, NodeId id) {
  if (!graph.contains(id) || !graph.has_position(id)) return std::nullopt;
  return graph.position(id);
}

// [SECTION] Nodes

namespace {

// Adds the node with its inputs and position; on a refusal nothing of it stays.
Status add_snapshot(Graph& graph, const NodeSnapshot& node) {
  Result<NodeId> added = graph.add_node_at(node.id, node.op, node.name, node.param.value_or(0),
                                           node.param.has_value());
  if (!added) return Status::failure(added.reason());
  Status status = Status::success();
  for (int slot = 0; slot < 2 && status; ++slot)
    if (node.inputs[slot] != kNoNode) status = graph.connect(node.inputs[slot], node.id, slot);
  if (status && node.position) status = graph.set_position(node.id, *node.position);
  if (!status) graph.remove_node(node.id);
  return status;
}

Status put_back(Graph& graph, const changes::RemoveNode& removal) {
  if (Status status = add_snapshot(graph, removal.node); !status) return status;
  for (const PinRef& pin : removal.fed_pins)
    if (Status status = graph.connect(removal.node.id, pin.node, pin.slot); !status) return status;
  if (removal.was_output) return graph.set_output(removal.node.id);
  return Status::success();
}

Status set_wire(Graph& graph, PinRef pin, NodeId source) {
  if (source == kNoNode) return graph.disconnect(pin.node, pin.slot);
  return graph.connect(source, pin.node, pin.slot);
}

Status set_param(Graph& graph, NodeId id, const std::optional<double>& param) {
  return param ? graph.set_param(id, *param) : graph.clear_value(id);
}

Status set_position(Graph& graph, NodeId id, const std::optional<Vec2>& position) {
  return position ? graph.set_position(id, *position) : graph.clear_position(id);
}

}  // namespace

// [SECTION] Apply and revert

Status apply_change(Document& doc, const Change& change) {
  Graph& graph = doc.graph;
  return std::visit(
      Overloaded{
          [&](const changes::AddNode& c) { return add_snapshot(graph, c.node); },
          [&](const changes::RemoveNode& c) { return graph.remove_node(c.node.id); },
          [&](const changes::SetWire& c) { return set_wire(graph, c.pin, c.after); },
          [&](const changes::SetParam& c) { return set_param(graph, c.id, c.after); },
          [&](const changes::Rename& c) { return graph.rename(c.id, c.after); },
          [&](const changes::SetOutput& c) { return graph.set_output(c.after); },
          [&](const changes::SetPosition& c) { return set_position(graph, c.id, c.after); },
          [&](const changes::SetTitle& c) {
            doc.title = c.after;
            return Status::success();
          },
      },
      change);
}

Status revert_change(Document& doc, const Change& change) {
  Graph& graph = doc.graph;
  return std::visit(
      Overloaded{
          [&](const changes::AddNode& c) { return graph.remove_node(c.node.id); },
          [&](const changes::RemoveNode& c) { return put_back(graph, c); },
          [&](const changes::SetWire& c) { return set_wire(graph, c.pin, c.before); },
          [&](const changes::SetParam& c) { return set_param(graph, c.id, c.before); },
          [&](const changes::Rename& c) { return graph.rename(c.id, c.before); },
          [&](const changes::SetOutput& c) { return graph.set_output(c.before); },
          [&](const changes::SetPosition& c) { return set_position(graph, c.id, c.before); },
          [&](const changes::SetTitle& c) {
            doc.title = c.before;
            return Status::success();
          },
      },
      change);
}

bool changes_nothing(const Change& change) {
  return std::visit(Overloaded{
                        [](const changes::AddNode&) { return false; },
                        [](const changes::RemoveNode&) { return false; },
                        [](const changes::SetWire& c) { return c.before == c.after; },
                        [](const changes::SetParam& c) { return same_bits(c.before, c.after); },
                        [](const changes::Rename& c) { return c.before == c.after; },
                        [](const changes::SetOutput& c) { return c.before == c.after; },
                        [](const changes::SetPosition& c) { return same_bits(c.before, c.after); },
                        [](const changes::SetTitle& c) { return c.before == c.after; },
                    },
                    change);
}

}  // namespace gf
