// layout.cpp — layered left-to-right placement (see layout.hpp).
//
// Index
//   [SECTION] Subgraph    the nodes being placed, renumbered 0..n-1, and the wires among them
//   [SECTION] Layers      longest path from a leaf, then constants and the output moved
//   [SECTION] Ordering    barycenter sweeps within layers, keeping the fewest crossings seen
//   [SECTION] Placement   rows and layers to coordinates, and the two entry points
#include "layout.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace gf {

namespace {

using Index = std::int32_t;  // a node's position in Subgraph::ids

// [SECTION] Subgraph

// Compressed adjacency (CSR): the neighbours of node v are list[begin[v] .. begin[v + 1]).
struct Adjacency {
  std::vector<Index> begin;
  std::vector<Index> list;
  std::size_t count(Index v) const { return static_cast<std::size_t>(begin[v + 1] - begin[v]); }
};

struct Subgraph {
  std::vector<NodeId> ids;  // ascending, so comparing indices compares ids
  Adjacency sources;        // wires in: one entry per connected pin (a node may appear twice)
  Adjacency consumers;      // wires out: the same wires seen from the other end
  Index output = -1;        // the graph's output, when it is among the nodes
};

// `ids`: live, unique and ascending.
Subgraph make_subgraph(const Graph& graph, std::vector<NodeId> ids) {
  Subgraph sub;
  sub.ids = std::move(ids);
  const auto count = static_cast<Index>(sub.ids.size());
  std::vector<Index> index_of(static_cast<std::size_t>(graph.id_limit()), -1);
  for (Index v = 0; v < count; ++v) index_of[sub.ids[v]] = v;
  if (graph.output() != kNoNode && graph.contains(graph.output()))
    sub.output = index_of[graph.output()];

  auto for_each_wire = [&](auto&& visit) {  // visit(source, consumer)
    for (Index v = 0; v < count; ++v)
      for (NodeId input : graph.inputs(sub.ids[v]))
        if (input != kNoNode && index_of[input] >= 0) visit(index_of[input], v);
  };
  sub.sources.begin.assign(count + 1, 0);
  sub.consumers.begin.assign(count + 1, 0);
  for_each_wire([&](Index source, Index consumer) {
    ++sub.sources.begin[consumer + 1];
    ++sub.consumers.begin[source + 1];
  });
  for (Index v = 0; v < count; ++v) {
    sub.sources.begin[v + 1] += sub.sources.begin[v];
    sub.consumers.begin[v + 1] += sub.consumers.begin[v];
  }
  sub.sources.list.resize(sub.sources.begin[count]);
  sub.consumers.list.resize(sub.consumers.begin[count]);
  std::vector<Index> next_source(sub.sources.begin.begin(), sub.sources.begin.end() - 1);
  std::vector<Index> next_consumer(sub.consumers.begin.begin(), sub.consumers.begin.end() - 1);
  for_each_wire([&](Index source, Index consumer) {
    sub.sources.list[next_source[consumer]++] = source;
    sub.consumers.list[next_consumer[source]++] = consumer;
  });
  return sub;
}

// [SECTION] Layers

std::vector<Index> assign_layers(const Graph& graph, const Subgraph& sub) {
  const auto count = static_cast<Index>(sub.ids.size());
  std::vector<Index> layer(count, 0);

  // Longest path from a leaf, in topological order (Kahn): no recursion, linear time.
  std::vector<Index> waiting(count);
  std::vector<Index> ready;
  ready.reserve(count);
  for (Index v = 0; v < count; ++v) {
    waiting[v] = static_cast<Index>(sub.sources.count(v));
    if (waiting[v] == 0) ready.push_back(v);
  }
  for (std::size_t head = 0; head < ready.size(); ++head) {
    const Index v = ready[head];
    for (Index k = sub.consumers.begin[v]; k < sub.consumers.begin[v + 1]; ++k) {
      const Index consumer = sub.consumers.list[k];
      layer[consumer] = std::max(layer[consumer], layer[v] + 1);
      if (--waiting[consumer] == 0) ready.push_back(consumer);
    }
  }
  // (The graph refuses cycles, so every node was reached.)

  // A constant moves right, next to its first consumer: it has no inputs to keep it left.
  for (Index v = 0; v < count; ++v) {
    if (graph.op(sub.ids[v]) != Op::Const || sub.consumers.count(v) == 0) continue;
    Index first_consumer_layer = std::numeric_limits<Index>::max();
    for (Index k = sub.consumers.begin[v]; k < sub.consumers.begin[v + 1]; ++k)
      first_consumer_layer = std::min(first_consumer_layer, layer[sub.consumers.list[k]]);
    layer[v] = first_consumer_layer - 1;
  }

  // The output at the right edge, unless it feeds something (wires must still go rightwards).
  if (sub.output >= 0 && sub.consumers.count(sub.output) == 0 && count > 0)
    layer[sub.output] = *std::max_element(layer.begin(), layer.end());
  return layer;
}

// [SECTION] Ordering

// Nodes grouped by layer; within a layer, top to bottom.
struct Layers {
  std::vector<Index> begin;  // nodes of layer L: order[begin[L] .. begin[L + 1])
  std::vector<Index> order;
  std::vector<Index> layer_of;
  std::vector<Index> row_of;  // position within its layer

  Index layer_count() const { return static_cast<Index>(begin.size()) - 1; }
  Index size_of(Index layer) const { return begin[layer + 1] - begin[layer]; }
  // The row relative to the layer's middle, so layers of different sizes line up centred.
  double centred_row(Index v) const { return row_of[v] - (size_of(layer_of[v]) - 1) / 2.0; }
  void renumber_rows(Index layer) {
    for (Index k = begin[layer]; k < begin[layer + 1]; ++k) row_of[order[k]] = k - begin[layer];
  }
};

Layers group_by_layer(std::vector<Index> layer_of) {
  Layers layers;
  const auto count = static_cast<Index>(layer_of.size());
  const Index layer_count =
      count == 0 ? 0 : *std::max_element(layer_of.begin(), layer_of.end()) + 1;
  layers.begin.assign(layer_count + 1, 0);
  for (Index v = 0; v < count; ++v) ++layers.begin[layer_of[v] + 1];
  for (Index l = 0; l < layer_count; ++l) layers.begin[l + 1] += layers.begin[l];
  layers.order.resize(count);
  std::vector<Index> next(layers.begin.begin(), layers.begin.end() - 1);
  for (Index v = 0; v < count; ++v) layers.order[next[layer_of[v]]++] = v;  // by id
  layers.layer_of = std::move(layer_of);
  layers.row_of.resize(count);
  for (Index l = 0; l < layer_count; ++l) layers.renumber_rows(l);
  return layers;
}

// Reorders each layer by the mean centred row of its neighbours on one side (sources in a
// downward sweep, consumers in an upward one); a node without such neighbours keeps its row.
void barycenter_sweep(Layers& layers, const Adjacency& neighbours, bool downward) {
  const Index layer_count = layers.layer_count();
  std::vector<std::pair<double, Index>> keyed;
  for (Index step = 1; step < layer_count; ++step) {
    const Index layer = downward ? step : layer_count - 1 - step;
    keyed.clear();
    for (Index k = layers.begin[layer]; k < layers.begin[layer + 1]; ++k) {
      const Index v = layers.order[k];
      double key = layers.centred_row(v);
      if (const std::size_t count = neighbours.count(v); count > 0) {
        double sum = 0;
        for (Index n = neighbours.begin[v]; n < neighbours.begin[v + 1]; ++n)
          sum += layers.centred_row(neighbours.list[n]);
        key = sum / static_cast<double>(count);
      }
      keyed.push_back({key, v});  // ties: by index, which is by id
    }
    if (keyed.size() < 2) continue;
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t k = 0; k < keyed.size(); ++k)
      layers.order[layers.begin[layer] + k] = keyed[k].second;
    layers.renumber_rows(layer);
  }
}

// Crossings among wires between adjacent layers (longer wires are not counted): wires sorted
// by source row, then the inversions of their consumer rows, counted with a Fenwick tree.
long long count_crossings(const Layers& layers, const Subgraph& sub) {
  long long crossings = 0;
  std::vector<std::pair<Index, Index>> wires;  // (source row, consumer row)
  std::vector<Index> fenwick;
  for (Index layer = 0; layer + 1 < layers.layer_count(); ++layer) {
    wires.clear();
    for (Index k = layers.begin[layer]; k < layers.begin[layer + 1]; ++k) {
      const Index v = layers.order[k];
      for (Index c = sub.consumers.begin[v]; c < sub.consumers.begin[v + 1]; ++c) {
        const Index consumer = sub.consumers.list[c];
        if (layers.layer_of[consumer] == layer + 1)
          wires.push_back({layers.row_of[v], layers.row_of[consumer]});
      }
    }
    if (wires.size() < 2) continue;
    std::sort(wires.begin(), wires.end());
    const Index rows = layers.size_of(layer + 1);
    fenwick.assign(rows + 1, 0);
    long long seen = 0;
    for (const auto& [source_row, consumer_row] : wires) {
      // Crossed by every earlier wire that ends strictly lower (a larger row).
      long long at_or_above = 0;
      for (Index i = consumer_row + 1; i > 0; i -= i & -i) at_or_above += fenwick[i];
      crossings += seen - at_or_above;
      for (Index i = consumer_row + 1; i <= rows; i += i & -i) ++fenwick[i];
      ++seen;
    }
  }
  return crossings;
}

// Id order first, then sweeps down and up; keeps the order with the fewest crossings seen
// (the first one on ties), so the sweeps can only help.
void reduce_crossings(Layers& layers, const Subgraph& sub) {
  constexpr int kSweepPairs = 4;
  long long best_crossings = count_crossings(layers, sub);
  std::vector<Index> best_order = layers.order;
  for (int pass = 0; pass < 2 * kSweepPairs && best_crossings > 0; ++pass) {
    const bool downward = pass % 2 == 0;
    barycenter_sweep(layers, downward ? sub.sources : sub.consumers, downward);
    const long long crossings = count_crossings(layers, sub);
    if (crossings < best_crossings) {
      best_crossings = crossings;
      best_order = layers.order;
    }
  }
  layers.order = std::move(best_order);
  for (Index layer = 0; layer < layers.layer_count(); ++layer) layers.renumber_rows(layer);
}

// [SECTION] Placement

// Positions of sub.ids, by index: x = layer × spacing, each layer centred around y = 0.
std::vector<Vec2> place(const Graph& graph, const Subgraph& sub, const LayoutOptions& options) {
  Layers layers = group_by_layer(assign_layers(graph, sub));
  reduce_crossings(layers, sub);
  std::vector<Vec2> positions(sub.ids.size());
  for (std::size_t v = 0; v < positions.size(); ++v) {
    const auto index = static_cast<Index>(v);
    positions[v] = {static_cast<float>(layers.layer_of[index] * double{options.layer_spacing}),
                    static_cast<float>(layers.centred_row(index) * options.row_spacing)};
  }
  return positions;
}

}  // namespace

void auto_layout(Graph& graph, const LayoutOptions& options) {
  const Subgraph sub = make_subgraph(graph, graph.node_ids());
  const std::vector<Vec2> positions = place(graph, sub, options);
  for (std::size_t v = 0; v < positions.size(); ++v) graph.set_position(sub.ids[v], positions[v]);
}

void auto_layout_nodes(Graph& graph, const std::vector<NodeId>& nodes,
                       const LayoutOptions& options) {
  std::vector<NodeId> ids;
  ids.reserve(nodes.size());
  for (NodeId id : nodes)
    if (graph.contains(id)) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return;

  // The block goes where those nodes were: its top-left at their previous top-left.
  constexpr float kInfinity = std::numeric_limits<float>::infinity();
  Vec2 old_top_left{kInfinity, kInfinity};
  for (NodeId id : ids)
    if (graph.has_position(id)) {
      old_top_left.x = std::min(old_top_left.x, graph.position(id).x);
      old_top_left.y = std::min(old_top_left.y, graph.position(id).y);
    }
  if (old_top_left.x == kInfinity) old_top_left = {0, 0};

  const Subgraph sub = make_subgraph(graph, std::move(ids));
  const std::vector<Vec2> positions = place(graph, sub, options);
  Vec2 new_top_left{kInfinity, kInfinity};
  for (Vec2 p : positions) {
    new_top_left.x = std::min(new_top_left.x, p.x);
    new_top_left.y = std::min(new_top_left.y, p.y);
  }
  const Vec2 shift{old_top_left.x - new_top_left.x, old_top_left.y - new_top_left.y};
  for (std::size_t v = 0; v < positions.size(); ++v)
    graph.set_position(sub.ids[v], {positions[v].x + shift.x, positions[v].y + shift.y});
}

}  // namespace gf
