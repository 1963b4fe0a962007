// layout.cpp — layered left-to-right placement (see layout.hpp).
//
// Index
//   [SECTION] Subgraph     the nodes being placed, renumbered 0..n-1, and the wires among them
//   [SECTION] Layers       longest path from a leaf, then constants and the output moved
//   [SECTION] Long wires   a virtual node per layer crossed, so long wires take part in the ordering
//   [SECTION] Ordering     barycenter sweeps within layers, keeping the fewest crossings seen
//   [SECTION] Heights      y coordinates: gates centred on their inputs, room kept for long wires
//   [SECTION] Placement    rows and layers to coordinates, and the two entry points
#include "layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>

namespace gf {

namespace {

using Index = std::int32_t;  // a node's position in Subgraph::ids (then virtual nodes after them)

// [SECTION] Subgraph

// Compressed adjacency (CSR): the neighbours of node v are list[begin[v] .. begin[v + 1]).
// `side` says which pin each wire enters at its consumer's end: -1 the upper pin of a two-input
// gate, +1 its lower pin, 0 the only pin (the drawing takes them on lanes at y −31, +31, +0).
struct Adjacency {
  std::vector<Index> begin;
  std::vector<Index> list;
  std::vector<std::int8_t> side;
  std::size_t count(Index v) const { return static_cast<std::size_t>(begin[v + 1] - begin[v]); }
};

struct Subgraph {
  std::vector<NodeId> ids;  // ascending, so comparing indices compares ids
  Adjacency sources;        // wires in: one entry per connected pin (a node may appear twice)
  Adjacency consumers;      // wires out: the same wires seen from the other end
  Index output = -1;        // the graph's output, when it is among the nodes
};

std::int8_t side_of_pin(const Graph& graph, NodeId consumer, int pin) {
  if (arity(graph.op(consumer)) < 2) return 0;
  return pin == 0 ? std::int8_t{-1} : std::int8_t{1};
}

// Fills begin (counts, then prefix sums) and list/side from pairs (owner, neighbour, side),
// keeping the order in which `each` visits them.
template <typename Each>
Adjacency make_adjacency(Index count, Each&& each) {
  Adjacency adjacency;
  adjacency.begin.assign(static_cast<std::size_t>(count) + 1, 0);
  each([&](Index owner, Index, std::int8_t) { ++adjacency.begin[owner + 1]; });
  for (Index v = 0; v < count; ++v) adjacency.begin[v + 1] += adjacency.begin[v];
  adjacency.list.resize(static_cast<std::size_t>(adjacency.begin[count]));
  adjacency.side.resize(adjacency.list.size());
  std::vector<Index> next(adjacency.begin.begin(), adjacency.begin.end() - 1);
  each([&](Index owner, Index neighbour, std::int8_t side) {
    const Index k = next[owner]++;
    adjacency.list[k] = neighbour;
    adjacency.side[k] = side;
  });
  return adjacency;
}

// `ids`: live, unique and ascending.
Subgraph make_subgraph(const Graph& graph, std::vector<NodeId> ids) {
  Subgraph sub;
  sub.ids = std::move(ids);
  const auto count = static_cast<Index>(sub.ids.size());
  std::vector<Index> index_of(static_cast<std::size_t>(graph.id_limit()), -1);
  for (Index v = 0; v < count; ++v) index_of[sub.ids[v]] = v;
  if (graph.output() != kNoNode && graph.contains(graph.output()))
    sub.output = index_of[graph.output()];

  auto for_each_wire = [&](auto&& visit) {  // visit(source, consumer, side)
    for (Index v = 0; v < count; ++v)
      for (int pin = 0; pin < 2; ++pin)
        if (const NodeId input = graph.input(sub.ids[v], pin);
            input != kNoNode && index_of[input] >= 0)
          visit(index_of[input], v, side_of_pin(graph, sub.ids[v], pin));
  };
  sub.sources = make_adjacency(count, [&](auto&& add) {
    for_each_wire([&](Index source, Index consumer, std::int8_t side) {
      add(consumer, source, side);
    });
  });
  sub.consumers = make_adjacency(count, [&](auto&& add) {
    for_each_wire([&](Index source, Index consumer, std::int8_t side) {
      add(source, consumer, side);
    });
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

// [SECTION] Long wires

// At most this many virtual nodes: past it, the longest wires go without (they are then only
// pulled on by the ordering, as if they were short, and get no room of their own).
constexpr std::int64_t kMaxVirtualNodes = 3'000'000;

// The subgraph with each wire that spans k > 1 layers replaced by a chain through k − 1 virtual
// nodes, one per layer crossed. Real nodes keep their indices 0..n-1; virtual ones follow.
struct Expanded {
  Index real_count = 0;
  std::vector<Index> layer_of;  // real and virtual nodes
  Adjacency sources;            // wires between adjacent layers (and the long ones left whole)
  Adjacency consumers;
  // Per long wire with virtual nodes: its real ends and the side of the pin it enters.
  std::vector<Index> wire_source, wire_target;
  std::vector<std::int8_t> wire_side;
  std::vector<Index> virtual_wire;  // per virtual node (index − real_count): its wire
  std::vector<Index> virtual_step;  // per virtual node: layers from the wire's source (1, 2, ...)

  bool is_virtual(Index v) const { return v >= real_count; }
  Index total() const { return static_cast<Index>(layer_of.size()); }
};

Expanded expand_long_wires(const Subgraph& sub, std::vector<Index> real_layers) {
  Expanded ex;
  ex.real_count = static_cast<Index>(sub.ids.size());
  const Index n = ex.real_count;
  std::vector<Index>& layer_of = ex.layer_of;
  layer_of = std::move(real_layers);
  auto span_of = [&](Index k, Index consumer) {  // k: an entry of sub.sources
    return layer_of[consumer] - layer_of[sub.sources.list[k]];
  };

  // Which wires get virtual nodes: all, unless there would be too many; then the shortest.
  Index longest_chained = std::numeric_limits<Index>::max();
  {
    std::vector<std::int64_t> virtual_by_span;  // virtual nodes wanted by wires of each span
    std::int64_t wanted = 0;
    for (Index v = 0; v < n; ++v)
      for (Index k = sub.sources.begin[v]; k < sub.sources.begin[v + 1]; ++k) {
        const Index span = span_of(k, v);
        if (span < 2) continue;
        if (virtual_by_span.size() <= static_cast<std::size_t>(span))
          virtual_by_span.resize(static_cast<std::size_t>(span) + 1, 0);
        virtual_by_span[span] += span - 1;
        wanted += span - 1;
      }
    if (wanted > kMaxVirtualNodes) {
      std::int64_t taken = 0;
      longest_chained = 1;
      while (longest_chained + 1 < static_cast<Index>(virtual_by_span.size()) &&
             taken + virtual_by_span[longest_chained + 1] <= kMaxVirtualNodes)
        taken += virtual_by_span[++longest_chained];
    }
  }
  auto chained = [&](Index k, Index consumer) {
    const Index span = span_of(k, consumer);
    return span >= 2 && span <= longest_chained;
  };

  // Number the wires and their virtual nodes, consumer by consumer, pin by pin.
  for (Index v = 0; v < n; ++v)
    for (Index k = sub.sources.begin[v]; k < sub.sources.begin[v + 1]; ++k) {
      if (!chained(k, v)) continue;
      const auto wire = static_cast<Index>(ex.wire_source.size());
      const Index source = sub.sources.list[k];
      ex.wire_source.push_back(source);
      ex.wire_target.push_back(v);
      ex.wire_side.push_back(sub.sources.side[k]);
      for (Index step = 1; step < span_of(k, v); ++step) {
        layer_of.push_back(layer_of[source] + step);
        ex.virtual_wire.push_back(wire);
        ex.virtual_step.push_back(step);
      }
    }

  // Visits every segment (from, to, side at `to`): real wires that stay whole, then chains.
  auto for_each_segment = [&](auto&& visit) {
    Index next_virtual = n;
    for (Index v = 0; v < n; ++v)
      for (Index k = sub.sources.begin[v]; k < sub.sources.begin[v + 1]; ++k) {
        const Index source = sub.sources.list[k];
        if (!chained(k, v)) {
          visit(source, v, sub.sources.side[k]);
          continue;
        }
        Index from = source;
        for (Index step = 1; step < span_of(k, v); ++step) {
          visit(from, next_virtual, std::int8_t{0});
          from = next_virtual++;
        }
        visit(from, v, sub.sources.side[k]);
      }
  };
  const Index total = ex.total();
  ex.sources = make_adjacency(total, [&](auto&& add) {
    for_each_segment([&](Index from, Index to, std::int8_t side) { add(to, from, side); });
  });
  ex.consumers = make_adjacency(total, [&](auto&& add) {
    for_each_segment([&](Index from, Index to, std::int8_t side) { add(from, to, side); });
  });
  return ex;
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
  for (Index v = 0; v < count; ++v) layers.order[next[layer_of[v]]++] = v;  // by index
  layers.layer_of = std::move(layer_of);
  layers.row_of.resize(count);
  for (Index l = 0; l < layer_count; ++l) layers.renumber_rows(l);
  return layers;
}

// Reorders each layer by the mean centred row of its neighbours on one side (sources in a
// downward sweep, consumers in an upward one); a node without such neighbours keeps its row.
// Seen from the sources, a consumer's upper pin counts a quarter row higher and its lower pin a
// quarter row lower, so the two inputs of a gate tend to come in the order of its pins.
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
          sum += layers.centred_row(neighbours.list[n]) + (downward ? 0 : 0.25 * neighbours.side[n]);
        key = sum / static_cast<double>(count);
      }
      keyed.push_back({key, v});  // ties: by index (real nodes by id, then virtual ones)
    }
    if (keyed.size() < 2) continue;
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t k = 0; k < keyed.size(); ++k)
      layers.order[layers.begin[layer] + k] = keyed[k].second;
    layers.renumber_rows(layer);
  }
}

// Crossings among segments between adjacent layers (long wires left whole are not counted):
// segments sorted by source row, then the inversions of their consumer ends, counted with a
// Fenwick tree. A consumer's end is its row refined by the pin, so wires that swap just before
// entering a gate count too.
long long count_crossings(const Layers& layers, const Adjacency& consumers) {
  long long crossings = 0;
  std::vector<std::pair<Index, Index>> segments;  // (source row, 3 × consumer row + 1 + side)
  std::vector<Index> fenwick;
  for (Index layer = 0; layer + 1 < layers.layer_count(); ++layer) {
    segments.clear();
    for (Index k = layers.begin[layer]; k < layers.begin[layer + 1]; ++k) {
      const Index v = layers.order[k];
      for (Index c = consumers.begin[v]; c < consumers.begin[v + 1]; ++c) {
        const Index consumer = consumers.list[c];
        if (layers.layer_of[consumer] == layer + 1)
          segments.push_back({layers.row_of[v], 3 * layers.row_of[consumer] + 1 + consumers.side[c]});
      }
    }
    if (segments.size() < 2) continue;
    std::sort(segments.begin(), segments.end());
    const Index ends = 3 * layers.size_of(layer + 1);
    fenwick.assign(static_cast<std::size_t>(ends) + 1, 0);
    long long seen = 0;
    for (const auto& [source_row, end] : segments) {
      // Crossed by every earlier segment that ends strictly lower (a larger end).
      long long at_or_above = 0;
      for (Index i = end + 1; i > 0; i -= i & -i) at_or_above += fenwick[i];
      crossings += seen - at_or_above;
      for (Index i = end + 1; i <= ends; i += i & -i) ++fenwick[i];
      ++seen;
    }
  }
  return crossings;
}

// Index order first, then sweeps down and up; keeps the order with the fewest crossings seen
// (the first one on ties), so the sweeps can only help.
void reduce_crossings(Layers& layers, const Expanded& ex) {
  constexpr int kSweepPairs = 4;
  long long best_crossings = count_crossings(layers, ex.consumers);
  std::vector<Index> best_order = layers.order;
  for (int pass = 0; pass < 2 * kSweepPairs && best_crossings > 0; ++pass) {
    const bool downward = pass % 2 == 0;
    barycenter_sweep(layers, downward ? ex.sources : ex.consumers, downward);
    const long long crossings = count_crossings(layers, ex.consumers);
    if (crossings < best_crossings) {
      best_crossings = crossings;
      best_order = layers.order;
    }
  }
  layers.order = std::move(best_order);
  for (Index layer = 0; layer < layers.layer_count(); ++layer) layers.renumber_rows(layer);
}

// [SECTION] Heights

// How the GUI draws a wire (app/gui/graph_drawing.cpp): from the source's right edge, an
// S-shaped cubic Bézier with horizontal handles, then a straight run of up to 100 units on the
// lane of the consumer's pin, into the pin. The layout only needs the Bézier's height between
// its ends: blend(t) of the way from the source's height to the lane's, at horizontal distance
// `dx` from the source's centre, for a wire spanning `span` layers. Close enough for leaves too.
constexpr double kGateRadius = 26;
constexpr double kLaneOffset = 31;   // lanes of a two-input gate's pins, above and below
constexpr double kPinInset = 21.3;   // 26·cos 35°: how far left of the centre those pins are
constexpr double kLaneEntry = 16;    // the run leaves its lane this far before such a pin
constexpr double kLongestRun = 100;

double drawn_blend(double dx, double span_x, bool two_pins) {
  const double from = kGateRadius;
  const double run_end = span_x - (two_pins ? kPinInset + kLaneEntry : kGateRadius);
  const double run = run_end > from ? std::min(kLongestRun, (run_end - from) / 2) : 0;
  const double bend = run_end - run;
  if (dx <= from) return 0;
  if (dx >= bend) return 1;
  const double handle = std::max(30.0, (bend - from) * 0.45);
  auto x_at = [&](double t) {
    const double u = 1 - t;
    return from * u * u * u + (from + handle) * 3 * u * u * t + (bend - handle) * 3 * u * t * t +
           bend * t * t * t;
  };
  double lo = 0, hi = 1;  // x_at rises from `from` to `bend`
  for (int i = 0; i < 40; ++i) {
    const double mid = (lo + hi) / 2;
    (x_at(mid) < dx ? lo : hi) = mid;
  }
  const double t = (lo + hi) / 2;
  return t * t * (3 - 2 * t);  // the height's share: 3(1−t)t² + t³
}

// blend for the virtual nodes of a wire of `span` layers, memoised by (span, two pins).
class BlendTable {
 public:
  explicit BlendTable(double layer_spacing) : layer_spacing_(layer_spacing) {}
  double at(Index span, Index step, bool two_pins) {
    std::vector<double>& row = table_[{span, two_pins}];
    if (row.empty()) {
      row.resize(static_cast<std::size_t>(span));
      for (Index s = 1; s < span; ++s)
        row[s] = drawn_blend(s * layer_spacing_, span * layer_spacing_, two_pins);
    }
    return row[step];
  }

 private:
  double layer_spacing_;
  std::map<std::pair<Index, bool>, std::vector<double>> table_;
};

// Places the items of a layer, top to bottom, as close as they can get to their wished heights
// (least squares, weighted) while keeping gap[k] between item k−1 and item k: with
// z_k = y_k − (gap_1 + … + gap_k) the constraint is z non-decreasing, an isotonic regression,
// solved exactly in linear time by pooling adjacent violators.
struct Spacer {
  struct Block {
    double weight, weighted_sum;
    std::size_t first;
  };
  std::vector<double> offset;  // gap_1 + … + gap_k
  std::vector<Block> blocks;

  void place(const std::vector<double>& wish, const std::vector<double>& weight,
             const std::vector<double>& gap, std::vector<double>& out) {
    const std::size_t count = wish.size();
    offset.resize(count);
    blocks.clear();
    double total_gap = 0;
    for (std::size_t k = 0; k < count; ++k) {
      total_gap += gap[k];
      offset[k] = total_gap;
      Block block{weight[k], weight[k] * (wish[k] - total_gap), k};
      while (!blocks.empty() &&
             blocks.back().weighted_sum * block.weight >= block.weighted_sum * blocks.back().weight) {
        block.weight += blocks.back().weight;
        block.weighted_sum += blocks.back().weighted_sum;
        block.first = blocks.back().first;
        blocks.pop_back();
      }
      blocks.push_back(block);
    }
    out.resize(count);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const std::size_t end = b + 1 < blocks.size() ? blocks[b + 1].first : count;
      const double z = blocks[b].weighted_sum / blocks[b].weight;
      for (std::size_t k = blocks[b].first; k < end; ++k) out[k] = z + offset[k];
    }
  }
};

// Heights of every node, real and virtual, given the order within each layer:
//   - the leftmost layer (the inputs) is a column at row spacing, centred on y = 0;
//   - a gate wishes to sit at the mean height of its inputs, each weighted by the number of
//     leaves it is computed from (so in a tree a gate sits at the mean height of its leaves,
//     and (x+y)·z has the product level with the middle of x, y, z);
//   - a constant (a leaf further right) wishes to sit on the lane of the pin it feeds;
//   - a virtual node wishes to sit where its wire will be drawn, and holds on harder, so the
//     real nodes of its layer step aside by the gap and the wire passes between them;
// and a few sweeps left to right give each layer the heights closest to those wishes that keep
// the gaps (row spacing between real nodes, less next to a wire, less still between wires).
std::vector<double> assign_heights(const Graph& graph, const Subgraph& sub, const Expanded& ex,
                                   const Layers& layers, const LayoutOptions& options) {
  constexpr int kSweeps = 4;
  constexpr double kVirtualWeight = 4;  // a wire's room against a gate's wish
  constexpr double kLeafWeight = 0.25;  // a constant gives way to both
  const double real_gap = options.row_spacing;
  const double wire_gap = 0.6 * options.row_spacing;  // between a node and a passing wire
  const double wires_gap = 0.3 * options.row_spacing;  // between two passing wires
  const Index n = ex.real_count;
  const Index layer_count = layers.layer_count();

  // Leaves each real node is computed from, counted along every path (capped: only ratios
  // matter). Layer order is a topological order of the real nodes.
  constexpr double kMaxLeaves = 1e12;
  std::vector<double> leaves(static_cast<std::size_t>(n), 1);
  for (Index k = 0; k < static_cast<Index>(layers.order.size()); ++k) {
    const Index v = layers.order[k];
    if (v >= n || sub.sources.count(v) == 0) continue;
    double sum = 0;
    for (Index s = sub.sources.begin[v]; s < sub.sources.begin[v + 1]; ++s)
      sum += leaves[sub.sources.list[s]];
    leaves[v] = std::min(sum, kMaxLeaves);
  }

  std::vector<double> blend(static_cast<std::size_t>(ex.total() - n));
  {
    BlendTable table(options.layer_spacing);
    for (Index d = 0; d < ex.total() - n; ++d) {
      const Index wire = ex.virtual_wire[d];
      const Index span = ex.layer_of[ex.wire_target[wire]] - ex.layer_of[ex.wire_source[wire]];
      blend[d] = table.at(span, ex.virtual_step[d], ex.wire_side[wire] != 0);
    }
  }

  std::vector<double> y(static_cast<std::size_t>(ex.total()), 0);
  std::vector<double> wish, weight, gap, placed;
  Spacer spacer;
  auto place_layer = [&](Index layer, bool packed) {
    wish.clear();
    weight.clear();
    gap.clear();
    for (Index k = layers.begin[layer]; k < layers.begin[layer + 1]; ++k) {
      const Index v = layers.order[k];
      double w = 1, h = 0;  // (packed: all wish for y = 0 alike, so they centre on it)
      if (packed) {
      } else if (ex.is_virtual(v)) {
        const Index wire = ex.virtual_wire[v - n];
        const double from = y[ex.wire_source[wire]];
        const double to = y[ex.wire_target[wire]] + kLaneOffset * ex.wire_side[wire];
        h = from + (to - from) * blend[v - n];
        w = kVirtualWeight;
      } else if (sub.sources.count(v) > 0) {
        double sum = 0, total = 0;
        for (Index s = sub.sources.begin[v]; s < sub.sources.begin[v + 1]; ++s) {
          sum += leaves[sub.sources.list[s]] * y[sub.sources.list[s]];
          total += leaves[sub.sources.list[s]];
        }
        h = sum / total;
      } else {
        h = y[v];
        if (sub.consumers.count(v) > 0) {
          double sum = 0;
          for (Index c = sub.consumers.begin[v]; c < sub.consumers.begin[v + 1]; ++c)
            sum += y[sub.consumers.list[c]] + kLaneOffset * sub.consumers.side[c];
          h = sum / static_cast<double>(sub.consumers.count(v));
        }
        w = kLeafWeight;
      }
      wish.push_back(h);
      weight.push_back(w);
      if (k == layers.begin[layer]) {
        gap.push_back(0);
      } else {
        const int wires = ex.is_virtual(v) + ex.is_virtual(layers.order[k - 1]);
        gap.push_back(wires == 0 ? real_gap : wires == 1 ? wire_gap : wires_gap);
      }
    }
    spacer.place(wish, weight, gap, placed);
    for (Index k = layers.begin[layer]; k < layers.begin[layer + 1]; ++k)
      y[layers.order[k]] = placed[k - layers.begin[layer]];
  };

  (void)graph;
  for (Index layer = 0; layer < layer_count; ++layer) place_layer(layer, true);
  for (int sweep = 0; sweep < kSweeps; ++sweep)
    for (Index layer = 1; layer < layer_count; ++layer) place_layer(layer, false);
  return y;
}

// [SECTION] Placement

// Positions of sub.ids, by index: x = layer × spacing, heights as above.
std::vector<Vec2> place(const Graph& graph, const Subgraph& sub, const LayoutOptions& options) {
  const Expanded ex = expand_long_wires(sub, assign_layers(graph, sub));
  Layers layers = group_by_layer(ex.layer_of);
  reduce_crossings(layers, ex);
  const std::vector<double> y = assign_heights(graph, sub, ex, layers, options);
  std::vector<Vec2> positions(sub.ids.size());
  for (std::size_t v = 0; v < positions.size(); ++v)
    positions[v] = {static_cast<float>(ex.layer_of[v] * double{options.layer_spacing}),
                    static_cast<float>(y[v])};
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
