// layout.cpp — layered left-to-right placement (see layout.hpp).
//
// Index
//   [SECTION] Subgraph     the nodes being placed, renumbered 0..n-1, and the wires among them
//   [SECTION] Layers       longest path from a leaf, then constants and the output moved
//   [SECTION] Long wires   a virtual node per layer crossed, so long wires take part in the ordering
//   [SECTION] Ordering     barycenter sweeps within layers, keeping the fewest crossings seen
//   [SECTION] Heights      y coordinates: gates centred on their inputs, room kept for long wires
//   [SECTION] Placement    rows and layers to coordinates
//   [SECTION] Folded chains  a long sum (product, max, min) as a spine wrapped into rows, its
//                            terms by their gates; then the entry points
#include "layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
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

// `ids`: live, unique and ascending. `index_of`: −1 for every id on entry and on return (a
// scratch kept by the caller, so that many small subgraphs cost their size, not the graph's).
Subgraph make_subgraph(const Graph& graph, std::vector<NodeId> ids, std::vector<Index>& index_of) {
  Subgraph sub;
  sub.ids = std::move(ids);
  const auto count = static_cast<Index>(sub.ids.size());
  index_of.resize(static_cast<std::size_t>(graph.id_limit()), -1);
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
    for_each_wire(
        [&](Index source, Index consumer, std::int8_t side) { add(consumer, source, side); });
  });
  sub.consumers = make_adjacency(count, [&](auto&& add) {
    for_each_wire(
        [&](Index source, Index consumer, std::int8_t side) { add(source, consumer, side); });
  });
  for (NodeId id : sub.ids) index_of[id] = -1;
  return sub;
}

Subgraph make_subgraph(const Graph& graph, std::vector<NodeId> ids) {
  std::vector<Index> index_of;
  return make_subgraph(graph, std::move(ids), index_of);
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
constexpr std::int64_t kMaxVirtualNodes = 1'000'000;

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
          sum +=
              layers.centred_row(neighbours.list[n]) + (downward ? 0 : 0.25 * neighbours.side[n]);
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
          segments.push_back(
              {layers.row_of[v], 3 * layers.row_of[consumer] + 1 + consumers.side[c]});
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

// How the GUI draws a wire (app/gui/stepper/graph_drawing.cpp): from the source's right edge, an
// S-shaped cubic Bézier with horizontal handles, then a straight run of up to 100 units on the
// lane of the consumer's pin, into the pin. The layout needs the Bézier's height where it
// passes a layer: a share of the way from the source's height to the lane's, which depends
// only on the wire's span and the consumer's pins. (Leaves are a little wider than gates;
// taking every source as a gate is close enough.)
constexpr double kGateRadius = 26;
constexpr double kLaneOffset = 31;  // lanes of a two-input gate's pins, above and below
constexpr double kPinInset = 21.3;  // 26·cos 35°: how far left of the centre those pins are
constexpr double kLaneEntry = 16;   // the run leaves its lane this far before such a pin
constexpr double kLongestRun = 100;

// The share of the height change done at `dx` right of the source's centre, for a wire
// reaching `span_x` further right.
double drawn_share(double dx, double span_x, bool two_pins) {
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
  double lo = 0, hi = 1;  // x_at rises from `from` to `bend`: bisect for t
  for (int i = 0; i < 40; ++i) {
    const double mid = (lo + hi) / 2;
    (x_at(mid) < dx ? lo : hi) = mid;
  }
  const double t = (lo + hi) / 2;
  return t * t * (3 - 2 * t);  // the height's Bézier weights: 3(1−t)t² + t³
}

// Where a wire passes a layer, as shares of its height change: at the layer's centre line and
// at the left and right edges of a gate there (a steep wire sweeps a band of heights).
struct Passing {
  double left, middle, right;
};

// Passing for each layer crossed by a wire of `span` layers, memoised by (span, two pins).
class PassingTable {
 public:
  explicit PassingTable(double layer_spacing) : layer_spacing_(layer_spacing) {}
  Passing at(Index span, Index step, bool two_pins) {
    std::vector<Passing>& row = table_[{span, two_pins}];
    if (row.empty()) {
      row.resize(static_cast<std::size_t>(span));
      const double span_x = span * layer_spacing_;
      for (Index s = 1; s < span; ++s) {
        const double x = s * layer_spacing_;
        row[s] = {drawn_share(x - kGateRadius, span_x, two_pins), drawn_share(x, span_x, two_pins),
                  drawn_share(x + kGateRadius, span_x, two_pins)};
      }
    }
    return row[step];
  }

 private:
  double layer_spacing_;
  std::map<std::pair<Index, bool>, std::vector<Passing>> table_;
};

// Places the items of a layer, top to bottom, as close as they can get to their wished heights
// (least squares, weighted) while keeping gap[k] between item k−1 and item k: with
// z_k = y_k − (gap_1 + … + gap_k) the constraint is z non-decreasing, an isotonic regression,
// solved exactly in linear time by pooling adjacent violators.
class Spacer {
 public:
  void place(const std::vector<double>& wish, const std::vector<double>& weight,
             const std::vector<double>& gap, std::vector<double>& out) {
    const std::size_t count = wish.size();
    offset_.resize(count);
    blocks_.clear();
    double total_gap = 0;
    for (std::size_t k = 0; k < count; ++k) {
      total_gap += gap[k];
      offset_[k] = total_gap;
      Block block{weight[k], weight[k] * (wish[k] - total_gap), k};
      while (!blocks_.empty() && blocks_.back().weighted_sum * block.weight >=
                                     block.weighted_sum * blocks_.back().weight) {
        block.weight += blocks_.back().weight;
        block.weighted_sum += blocks_.back().weighted_sum;
        block.first = blocks_.back().first;
        blocks_.pop_back();
      }
      blocks_.push_back(block);
    }
    out.resize(count);
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      const std::size_t end = b + 1 < blocks_.size() ? blocks_[b + 1].first : count;
      const double z = blocks_[b].weighted_sum / blocks_[b].weight;
      for (std::size_t k = blocks_[b].first; k < end; ++k) out[k] = z + offset_[k];
    }
  }

 private:
  struct Block {
    double weight, weighted_sum;
    std::size_t first;
  };
  std::vector<double> offset_;  // gap_1 + … + gap_k
  std::vector<Block> blocks_;
};

// Heights of every node, real and virtual, given the order of the real nodes within each layer:
//   - the leftmost layer (the inputs) is a column at row spacing, centred on y = 0;
//   - a gate wishes to sit at the mean height of its inputs, each weighted by the number of
//     leaves it is computed from (so in a tree a gate sits at the mean height of its leaves:
//     (x+y)·z has the product level with y, in the middle of x, y, z);
//   - a constant (a leaf further right) wishes to sit on the lane of the pin it feeds;
//   - a virtual node wishes to be where its wire will be drawn, seen from the current heights
//     of the wire's ends, and holds on harder than a gate: the real nodes of its layer step
//     aside, keeping a gap from the band the wire sweeps there (wires may pass each other);
//   - when a wire is pushed all the same, its consumer moves (from then on) by what would put
//     the wire where it was pushed to: wires are where they are drawn only if their ends say so.
// Each sweep places the layers left to right, each by Spacer, at the heights closest to the
// wishes that keep the gaps. In the first sweeps the wires also find their place between the
// real nodes (those keep the order that reduced crossings); the last ones keep the order
// found, so that the consumers can settle.
class Heights {
 public:
  Heights(const Subgraph& sub, const Expanded& ex, Layers& layers, const LayoutOptions& options)
      : sub_(sub),
        ex_(ex),
        layers_(layers),
        n_(ex.real_count),
        real_gap_(options.row_spacing),
        wire_gap_(0.6 * options.row_spacing),
        y_(static_cast<std::size_t>(ex.total()), 0),
        shift_(static_cast<std::size_t>(n_), 0),
        pending_(static_cast<std::size_t>(n_), 0),
        pending_count_(static_cast<std::size_t>(n_), 0) {
    count_leaves();
    PassingTable table(options.layer_spacing);
    passing_.resize(static_cast<std::size_t>(ex.total() - n_));
    for (Index d = 0; d < ex.total() - n_; ++d) {
      const Index wire = ex.virtual_wire[d];
      const Index span = ex.layer_of[ex.wire_target[wire]] - ex.layer_of[ex.wire_source[wire]];
      passing_[d] = table.at(span, ex.virtual_step[d], ex.wire_side[wire] != 0);
    }
  }

  std::vector<double> solve() {
    // Fewer sweeps on big graphs, so the work stays within a few passes over a million nodes.
    constexpr double kWorkBudget = 4e6;  // node placements
    constexpr int kFreeSweeps = 8, kSettlingSweeps = 8;
    const double scale = std::min(
        1.0, kWorkBudget / ((kFreeSweeps + kSettlingSweeps) * static_cast<double>(ex_.total())));
    const int free_sweeps = std::max(2, static_cast<int>(kFreeSweeps * scale));
    const int settling_sweeps = std::max(2, static_cast<int>(kSettlingSweeps * scale));

    const Index layer_count = layers_.layer_count();
    for (Index layer = 0; layer < layer_count; ++layer) place_layer(layer, Mode::kPacked);
    for (int sweep = 0; sweep < free_sweeps + settling_sweeps; ++sweep)
      for (Index layer = 1; layer < layer_count; ++layer)
        place_layer(layer, sweep < free_sweeps ? Mode::kWiresFree : Mode::kOrderKept);
    return std::move(y_);
  }

 private:
  enum class Mode { kPacked, kWiresFree, kOrderKept };
  struct Item {
    Index node;
    double wish, weight;
    double above = 0, below = 0;  // a wire's band around its height at this layer
  };
  static constexpr double kWireWeight = 4;     // a wire's room against a gate's wish
  static constexpr double kLeafWeight = 0.25;  // a constant gives way to both
  static constexpr double kMinShare = 0.3;     // caps how far a pushed wire moves its consumer

  // Leaves each real node is computed from, counted along every path (capped: only ratios
  // matter). Layer order is a topological order of the real nodes.
  void count_leaves() {
    constexpr double kMaxLeaves = 1e12;
    leaves_.assign(static_cast<std::size_t>(n_), 1);
    for (Index v : layers_.order) {
      if (ex_.is_virtual(v) || sub_.sources.count(v) == 0) continue;
      double sum = 0;
      for (Index s = sub_.sources.begin[v]; s < sub_.sources.begin[v + 1]; ++s)
        sum += leaves_[sub_.sources.list[s]];
      leaves_[v] = std::min(sum, kMaxLeaves);
    }
  }

  Item item_for(Index v) {
    if (ex_.is_virtual(v)) {
      const Index wire = ex_.virtual_wire[v - n_];
      const double from = y_[ex_.wire_source[wire]];
      const double to = y_[ex_.wire_target[wire]] + kLaneOffset * ex_.wire_side[wire];
      const Passing& p = passing_[v - n_];
      const double middle = from + (to - from) * p.middle;
      const double left = from + (to - from) * p.left, right = from + (to - from) * p.right;
      return {v, middle, kWireWeight, middle - std::min(left, right),
              std::max(left, right) - middle};
    }
    if (sub_.sources.count(v) > 0) {
      double sum = 0, total = 0;
      for (Index s = sub_.sources.begin[v]; s < sub_.sources.begin[v + 1]; ++s) {
        sum += leaves_[sub_.sources.list[s]] * y_[sub_.sources.list[s]];
        total += leaves_[sub_.sources.list[s]];
      }
      if (pending_count_[v] > 0) {  // its wires were pushed on the way: follow them
        shift_[v] += pending_[v] / pending_count_[v];
        pending_[v] = 0;
        pending_count_[v] = 0;
      }
      return {v, sum / total + shift_[v], 1};
    }
    double wish = y_[v];
    if (sub_.consumers.count(v) > 0) {
      double sum = 0;
      for (Index c = sub_.consumers.begin[v]; c < sub_.consumers.begin[v + 1]; ++c)
        sum += y_[sub_.consumers.list[c]] + kLaneOffset * sub_.consumers.side[c];
      wish = sum / static_cast<double>(sub_.consumers.count(v));
    }
    return {v, wish, kLeafWeight};
  }

  void place_layer(Index layer, Mode mode) {
    const Index first = layers_.begin[layer], end = layers_.begin[layer + 1];
    if (end - first == 1 && mode != Mode::kPacked) {  // (most layers of a long chain)
      const Item item = item_for(layers_.order[first]);
      y_[item.node] = item.wish;
      return;
    }
    items_.clear();
    if (mode == Mode::kPacked) {  // all wish for y = 0 alike: packed, centred on it
      for (Index k = first; k < end; ++k) items_.push_back({layers_.order[k], 0, 1});
    } else if (mode == Mode::kOrderKept) {
      for (Index k = first; k < end; ++k) items_.push_back(item_for(layers_.order[k]));
    } else {
      insert_wires(first, end);
    }
    spread(items_);
    for (std::size_t k = 0; k < items_.size(); ++k) {
      const Item& item = items_[k];
      layers_.order[first + static_cast<Index>(k)] = item.node;
      y_[item.node] = placed_[k];
      if (mode != Mode::kPacked && ex_.is_virtual(item.node)) {
        const Index target = ex_.wire_target[ex_.virtual_wire[item.node - n_]];
        pending_[target] +=
            (placed_[k] - item.wish) / std::max(passing_[item.node - n_].middle, kMinShare);
        ++pending_count_[target];
      }
    }
  }

  // items_ = the layer's real nodes in their order, and its wires where they are drawn: between
  // the real nodes as those would stand without wires. Wires too close together for a node to
  // pass between them form one band, and a node goes above or below a band, whichever edge is
  // nearer to it.
  void insert_wires(Index first, Index end) {
    reals_.clear();
    wires_.clear();
    for (Index k = first; k < end; ++k) {
      const Index v = layers_.order[k];
      (ex_.is_virtual(v) ? wires_ : reals_).push_back(item_for(v));
    }
    std::sort(wires_.begin(), wires_.end(), [](const Item& a, const Item& b) {
      return a.wish != b.wish ? a.wish < b.wish : a.node < b.node;
    });
    spread(reals_);
    std::size_t r = 0;
    for (std::size_t band = 0; band < wires_.size();) {
      double top = wires_[band].wish - wires_[band].above;
      double bottom = wires_[band].wish + wires_[band].below;
      std::size_t band_end = band + 1;
      for (; band_end < wires_.size(); ++band_end) {
        const Item& next = wires_[band_end];
        if (next.wish - next.above - bottom >= 2 * wire_gap_) break;
        top = std::min(top, next.wish - next.above);
        bottom = std::max(bottom, next.wish + next.below);
      }
      while (r < reals_.size() && placed_[r] <= (top + bottom) / 2) items_.push_back(reals_[r++]);
      items_.insert(items_.end(), wires_.begin() + static_cast<std::ptrdiff_t>(band),
                    wires_.begin() + static_cast<std::ptrdiff_t>(band_end));
      band = band_end;
    }
    items_.insert(items_.end(), reals_.begin() + static_cast<std::ptrdiff_t>(r), reals_.end());
  }

  // placed_ = heights for `list` in its order: real nodes row spacing apart, a real node and a
  // wire wire_gap apart plus the band of every wire in the run of wires next to it, wires free.
  void spread(std::vector<Item>& list) {
    wish_.clear();
    weight_.clear();
    gap_.clear();
    for (std::size_t k = 0; k < list.size();) {  // a run of wires shares its widest band
      if (!ex_.is_virtual(list[k].node)) {
        ++k;
        continue;
      }
      std::size_t run_end = k;
      double above = 0, below = 0;
      for (; run_end < list.size() && ex_.is_virtual(list[run_end].node); ++run_end) {
        above = std::max(above, list[run_end].above);
        below = std::max(below, list[run_end].below);
      }
      list[k].above = above;
      list[run_end - 1].below = below;
      k = run_end;
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      wish_.push_back(list[k].wish);
      weight_.push_back(list[k].weight);
      if (k == 0) {
        gap_.push_back(0);
        continue;
      }
      const bool wire_above = ex_.is_virtual(list[k - 1].node);
      const bool wire_below = ex_.is_virtual(list[k].node);
      gap_.push_back(wire_above && wire_below ? 0
                     : wire_above             ? wire_gap_ + list[k - 1].below
                     : wire_below             ? wire_gap_ + list[k].above
                                              : real_gap_);
    }
    spacer_.place(wish_, weight_, gap_, placed_);
  }

  const Subgraph& sub_;
  const Expanded& ex_;
  Layers& layers_;
  const Index n_;
  const double real_gap_, wire_gap_;
  std::vector<double> y_;
  std::vector<double> leaves_;
  std::vector<Passing> passing_;  // per virtual node
  std::vector<double> shift_;     // per real node: moved for its pushed wires
  std::vector<double> pending_;   // pushes of its wires in the current sweep
  std::vector<std::int32_t> pending_count_;
  std::vector<Item> items_, reals_, wires_;  // scratch
  std::vector<double> wish_, weight_, gap_, placed_;
  Spacer spacer_;
};

// [SECTION] Placement

// Positions of sub.ids, by index: x = layer × spacing, heights as above.
std::vector<Vec2> place_layered(const Graph& graph, const Subgraph& sub,
                                const LayoutOptions& options) {
  const Expanded ex = expand_long_wires(sub, assign_layers(graph, sub));
  Layers layers = group_by_layer(ex.layer_of);
  reduce_crossings(layers, ex);
  const std::vector<double> y = Heights(sub, ex, layers, options).solve();
  std::vector<Vec2> positions(sub.ids.size());
  for (Index layer = 0; layer < layers.layer_count(); ++layer) {
    const auto x = static_cast<float>(layer * double{options.layer_spacing});
    float above = -std::numeric_limits<float>::infinity();
    for (Index k = layers.begin[layer]; k < layers.begin[layer + 1]; ++k) {
      const Index v = layers.order[k];
      if (ex.is_virtual(v)) continue;
      // Heights are exact apart in double; in float, rounding must not bring them closer.
      auto height = static_cast<float>(y[v]);
      if (height - above < options.row_spacing) height = above + options.row_spacing;
      while (height - above < options.row_spacing)
        height = std::nextafter(height, std::numeric_limits<float>::infinity());
      positions[v] = {x, height};
      above = height;
    }
  }
  return positions;
}

// [SECTION] Folded chains
// (after Placement: a chain's terms and what follows it are placed by place, recursively)

// Positions of sub.ids, by index: folded, stacked or layered (below). `depth` counts the
// recursion through parts, which ends at kMaxDepth in layered layouts.
std::vector<Vec2> place(const Graph& graph, const Subgraph& sub, const LayoutOptions& options,
                        int depth);
constexpr int kMaxDepth = 12;

// A long sum (product, max, min) parses as a left-deep chain of one associative gate whose links
// each feed only the next: a+b+c+d is ((a+b)+c)+d. Layered by longest path, the chain takes a
// layer per term while the terms all sit in layer 1, wired to their gates by ever longer wires:
// a diagonal streak that no window shows. When the graph is one such long chain, the terms that
// feed it (each term: the nodes that feed only that link), leaves shared among the terms, and
// what comes after the chain's end, the chain is laid out like wrapped text instead:
//   - the chain's gates are a horizontal spine, one gate per link, wrapping into rows;
//   - each term (laid out layered on its own) sits just before its gate, below the spine when
//     it enters the gate's lower pin, above when it enters the upper one;
//   - the shared leaves are a column left of all the rows, so their wires still go rightwards;
//   - what follows the chain is laid out layered and continues its last row;
//   - the rows are as many as make the whole about as wide as LayoutOptions::fold_aspect asks.
// Only the wire from a row's last gate to the next row's first goes leftwards (a fold wire).
// Any other shape (two long chains, a gate shared by two terms, ...) is not folded: see Stacked
// blocks for the rest.

constexpr int kMinFoldedChain = 6;  // gates: shorter chains keep the layered layout
// Consecutive gates of the spine are at least the layer spacing apart (room for the numbers on
// the wires, as between layers), and never less than this.
constexpr double kLeastSpinePitch = 110;
constexpr double kTermLeft = 100;   // a term's root sits this far left of its gate,
constexpr double kTermDrop = 75;    // and (when it is a gate) this far below or above it
constexpr double kTermGap = 30;     // between the boxes of neighbouring terms of a row
constexpr double kFoldRowGap = 70;  // between the boxes of two rows (the fold wires pass there)
constexpr double kColumnGap = 150;  // from the shared leaves' centres to the rows' left edge
constexpr double kLeafHalfWidth = 30, kLeafHalfHeight = 18;  // a leaf's box, a little generous

bool is_associative(Op op) {
  return op == Op::Add || op == Op::Mul || op == Op::Max || op == Op::Min;
}

struct Bounds {  // a box around a point: left, top, right, bottom (y grows downwards)
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

Bounds node_extent(const Graph& graph, NodeId id) {
  if (is_leaf(graph.op(id)))
    return {-kLeafHalfWidth, -kLeafHalfHeight, kLeafHalfWidth, kLeafHalfHeight};
  return {-kGateRadius, -kGateRadius, kGateRadius, kGateRadius};
}

// `box` grown to hold a node of `extent` at `at`.
Bounds grown(const Bounds& box, Vec2 at, const Bounds& extent) {
  return {std::min(box.x0, at.x + extent.x0), std::min(box.y0, at.y + extent.y0),
          std::max(box.x1, at.x + extent.x1), std::max(box.y1, at.y + extent.y1)};
}

std::vector<Index> topological_order(const Subgraph& sub) {  // Kahn: no recursion
  const auto count = static_cast<Index>(sub.ids.size());
  std::vector<Index> waiting(count), order;
  order.reserve(count);
  for (Index v = 0; v < count; ++v) {
    waiting[v] = static_cast<Index>(sub.sources.count(v));
    if (waiting[v] == 0) order.push_back(v);
  }
  for (std::size_t head = 0; head < order.size(); ++head)
    for (Index k = sub.consumers.begin[order[head]]; k < sub.consumers.begin[order[head] + 1]; ++k)
      if (--waiting[sub.consumers.list[k]] == 0) order.push_back(sub.consumers.list[k]);
  return order;
}

// The longest chain of one associative op whose links each feed only the next, first gate first
// (ties: the chain ending at the lowest index).
std::vector<Index> longest_chain(const Graph& graph, const Subgraph& sub) {
  const auto count = static_cast<Index>(sub.ids.size());
  auto op_of = [&](Index v) { return graph.op(sub.ids[v]); };
  std::vector<Index> previous(count, -1);  // the link before v, when v continues a chain
  std::vector<char> continued(count, 0);   // v feeds the next link of its chain
  for (Index v = 0; v < count; ++v) {
    if (!is_associative(op_of(v))) continue;
    for (Index k = sub.sources.begin[v]; k < sub.sources.begin[v + 1]; ++k) {
      const Index u = sub.sources.list[k];  // pin order: a left-deep chain continues on pin 0
      if (op_of(u) == op_of(v) && sub.consumers.count(u) == 1) {
        previous[v] = u;
        continued[u] = 1;
        break;
      }
    }
  }
  Index best_end = -1, best_length = 0;
  for (Index v = 0; v < count; ++v) {
    if (!is_associative(op_of(v)) || continued[v]) continue;
    Index length = 1;
    for (Index u = v; previous[u] >= 0; u = previous[u]) ++length;
    if (length > best_length) best_length = length, best_end = v;
  }
  std::vector<Index> chain;
  for (Index u = best_end; u >= 0; u = previous[u]) chain.push_back(u);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

// What each node is in a folded layout.
constexpr Index kUnclaimed = -1, kSpine = -2, kShared = -3, kTail = -4;  // (≥ 0: a term)

struct Term {
  Index gate;        // its gate's place along the spine
  Index root;        // the node wired into the gate
  std::int8_t side;  // the gate's pin it enters: −1 upper, +1 lower, 0 the only one
  bool placed_here;  // it owns its root (else the root is a shared leaf, or another term's)
  Bounds box;        // around its nodes, relative to its root
  Vec2 offset;       // its root relative to its gate
};

class Folding {
 public:
  // `spine`: longest_chain(graph, sub), at least kMinFoldedChain gates.
  Folding(const Graph& graph, const Subgraph& sub, const LayoutOptions& options, int depth,
          std::vector<Index> spine)
      : graph_(graph),
        sub_(sub),
        options_(options),
        depth_(depth),
        pitch_(std::isfinite(options.layer_spacing)
                   ? std::max(double{options.layer_spacing}, kLeastSpinePitch)
                   : kLeastSpinePitch),
        spine_(std::move(spine)) {}

  std::optional<std::vector<Vec2>> run() {
    if (!claim_nodes()) return std::nullopt;
    lay_out_parts();
    choose_rows();
    return positions();
  }

 private:
  // owner_: the spine, a term, the shared column or the tail; false when some node is none of
  // these (the graph is more than one chain).
  bool claim_nodes() {
    const auto count = static_cast<Index>(sub_.ids.size());
    owner_.assign(count, kUnclaimed);
    for (Index v : spine_) owner_[v] = kSpine;
    for (Index g = 0; g < static_cast<Index>(spine_.size()); ++g) {
      const Index gate = spine_[g];
      for (Index k = sub_.sources.begin[gate]; k < sub_.sources.begin[gate + 1]; ++k) {
        const Index root = sub_.sources.list[k];
        if (g > 0 && root == spine_[g - 1]) continue;
        const auto term = static_cast<Index>(terms_.size());
        // (A root wired only into this gate has one or two wires out: both pins at most.)
        bool only_this_gate = owner_[root] == kUnclaimed && sub_.consumers.count(root) <= 2;
        for (Index c = sub_.consumers.begin[root];
             only_this_gate && c < sub_.consumers.begin[root + 1]; ++c)
          only_this_gate = sub_.consumers.list[c] == gate;
        if (only_this_gate) owner_[root] = term;
        terms_.push_back({g, root, sub_.sources.side[k], only_this_gate, {}, {}});
      }
    }
    // Consumers before sources: a node whose consumers all belong to one term belongs to it.
    const std::vector<Index> order = topological_order(sub_);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const Index v = *it;
      if (owner_[v] != kUnclaimed || sub_.consumers.count(v) == 0) continue;
      const Index first = owner_[sub_.consumers.list[sub_.consumers.begin[v]]];
      bool one_term = first >= 0;
      for (Index c = sub_.consumers.begin[v]; c < sub_.consumers.begin[v + 1]; ++c)
        one_term = one_term && owner_[sub_.consumers.list[c]] == first;
      if (one_term) owner_[v] = first;
    }
    // What the chain's end feeds, on and on, is the tail; then the leaves left over: those
    // that feed only the tail belong to it (a "+1" by its gate), the others are shared.
    std::vector<char> after_chain(count, 0);
    after_chain[spine_.back()] = 1;
    for (Index v : order)
      if (after_chain[v])
        for (Index c = sub_.consumers.begin[v]; c < sub_.consumers.begin[v + 1]; ++c)
          after_chain[sub_.consumers.list[c]] = 1;
    for (Index v = 0; v < count; ++v)
      if (owner_[v] == kUnclaimed && after_chain[v]) owner_[v] = kTail;
    for (Index v = 0; v < count; ++v) {
      if (owner_[v] != kUnclaimed) continue;
      if (sub_.sources.count(v) > 0) return false;  // a gate that is neither term nor tail
      bool feeds_tail = sub_.consumers.count(v) > 0;
      for (Index c = sub_.consumers.begin[v]; c < sub_.consumers.begin[v + 1]; ++c)
        feeds_tail = feeds_tail && owner_[sub_.consumers.list[c]] == kTail;
      owner_[v] = feeds_tail ? kTail : kShared;
    }
    return true;
  }

  // local_: each term's nodes relative to its root and the tail's relative to the chain's end,
  // laid out layered; the terms' and the tail's boxes.
  void lay_out_parts() {
    const auto count = static_cast<Index>(sub_.ids.size());
    const auto term_count = static_cast<Index>(terms_.size());
    // Nodes grouped by part: terms 0..T−1, then the tail (with the chain's end), by index.
    const Index tail_part = term_count;
    std::vector<Index> part_begin(term_count + 2, 0);
    auto part_of = [&](Index v) {
      return owner_[v] >= 0 ? owner_[v] : owner_[v] == kTail || v == spine_.back() ? tail_part : -1;
    };
    for (Index v = 0; v < count; ++v)
      if (part_of(v) >= 0) ++part_begin[part_of(v) + 1];
    for (Index p = 0; p <= term_count; ++p) part_begin[p + 1] += part_begin[p];
    std::vector<Index> members(part_begin.back());
    std::vector<Index> next(part_begin.begin(), part_begin.end() - 1);
    for (Index v = 0; v < count; ++v)
      if (part_of(v) >= 0) members[next[part_of(v)]++] = v;

    local_.assign(count, Vec2{0, 0});
    std::vector<Index> index_of;
    for (Index p = 0; p <= term_count; ++p) {
      const Index anchor = p < term_count ? terms_[p].root : spine_.back();
      if (p < term_count && !terms_[p].placed_here) continue;
      Bounds box;
      if (part_begin[p + 1] - part_begin[p] == 1) {  // most terms: one gate, or one leaf
        box = node_extent(graph_, sub_.ids[anchor]);
      } else {
        std::vector<NodeId> ids;
        for (Index k = part_begin[p]; k < part_begin[p + 1]; ++k)
          ids.push_back(sub_.ids[members[k]]);
        const Subgraph part = make_subgraph(graph_, std::move(ids), index_of);
        const std::vector<Vec2> at = place(graph_, part, options_, depth_ + 1);
        Vec2 origin{};
        for (Index k = part_begin[p]; k < part_begin[p + 1]; ++k)
          if (members[k] == anchor) origin = at[k - part_begin[p]];
        box = {1e300, 1e300, -1e300, -1e300};
        for (Index k = part_begin[p]; k < part_begin[p + 1]; ++k) {
          const Index v = members[k];
          local_[v] = {at[k - part_begin[p]].x - origin.x, at[k - part_begin[p]].y - origin.y};
          box = grown(box, local_[v], node_extent(graph_, sub_.ids[v]));
        }
      }
      (p < term_count ? terms_[p].box : tail_box_) = box;
    }
    for (Index v = 0; v < count; ++v)
      if (owner_[v] == kShared) column_.push_back(v);
    place_roots();
  }

  // Where a term's root sits relative to its gate: left of it, and above or below the spine
  // with its box clear of the gates there. The chain's first gate has two terms: the upper one
  // starts the spine, on its line.
  void place_roots() {
    const double clear = kTermDrop - kGateRadius;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
      Term& term = terms_[t];
      const double y = term.side < 0 ? -clear - term.box.y1 : clear - term.box.y0;
      term.offset = {static_cast<float>(-kTermLeft), static_cast<float>(y)};
    }
    if (terms_.size() >= 2 && terms_[0].gate == 0 && terms_[0].side < 0) {
      Term& first = terms_[0];
      const Term& lower = terms_[1];
      // Above the lower one when as clear of it as a gate of the spine is, else left of it.
      double x = -kTermLeft;
      if (lower.gate == 0 && lower.placed_here &&
          first.box.y1 + (kTermDrop - 2 * kGateRadius) > lower.offset.y + lower.box.y0)
        x = lower.offset.x + lower.box.x0 - kTermGap - first.box.x1;
      first.offset = {static_cast<float>(x), 0};
    }
  }

  // Rows for a fold width: each gate's x from the rows' left edge and its row; the rows' spans
  // above and below the spine. Returns the rows' width and height.
  struct Wrapped {
    double width = 0, height = 0;
  };
  Wrapped wrap(double fold_width) {
    const auto gates = static_cast<Index>(spine_.size());
    gate_x_.assign(gates, 0);
    gate_row_.assign(gates, 0);
    row_above_.clear();
    row_below_.clear();
    row_right_.clear();
    double edge[2] = {0, 0};  // right edge of the row's last term above, below
    std::size_t term = 0;
    auto gate_x_for = [&](Index g, bool first_in_row) {
      double x = first_in_row ? kGateRadius : gate_x_[g - 1] + pitch_;
      for (std::size_t t = term; t < terms_.size() && terms_[t].gate == g; ++t) {
        if (!terms_[t].placed_here) continue;
        const double left = first_in_row ? 0 : edge[terms_[t].side < 0 ? 0 : 1] + kTermGap;
        x = std::max(x, left - terms_[t].offset.x - terms_[t].box.x0);
      }
      return x;
    };
    for (Index g = 0; g < gates; ++g) {
      bool first = g == 0;
      double x = gate_x_for(g, first);
      if (!first && x + kGateRadius > fold_width) {
        first = true;
        x = gate_x_for(g, true);
      }
      if (first) {
        row_above_.push_back(kGateRadius);
        row_below_.push_back(kGateRadius);
        row_right_.push_back(0);
        edge[0] = edge[1] = 0;
      }
      gate_x_[g] = x;
      gate_row_[g] = static_cast<Index>(row_above_.size()) - 1;
      double& right = row_right_.back();
      right = std::max(right, x + kGateRadius);
      for (; term < terms_.size() && terms_[term].gate == g; ++term) {
        const Term& t = terms_[term];
        if (!t.placed_here) continue;
        const Vec2 root = t.offset;
        edge[t.side < 0 ? 0 : 1] = x + root.x + t.box.x1;
        if (t.side < 0) {
          row_above_.back() = std::max(row_above_.back(), -(root.y + t.box.y0));
        } else {
          row_below_.back() = std::max(row_below_.back(), root.y + t.box.y1);
        }
      }
    }
    // The tail continues the last row.
    row_above_.back() = std::max(row_above_.back(), -tail_box_.y0);
    row_below_.back() = std::max(row_below_.back(), tail_box_.y1);
    row_right_.back() = std::max(row_right_.back(), gate_x_.back() + tail_box_.x1);

    Wrapped size;
    row_y_.assign(row_above_.size(), 0);
    double y = 0;
    for (std::size_t r = 0; r < row_above_.size(); ++r) {
      y += row_above_[r];
      row_y_[r] = y;
      y += row_below_[r] + (r + 1 < row_above_.size() ? kFoldRowGap : 0);
      size.width = std::max(size.width, row_right_[r]);
    }
    size.height = y;
    return size;
  }

  double left_edge() const { return column_.empty() ? 0 : kColumnGap; }
  double column_height() const {
    if (column_.empty()) return 0;
    return (column_.size() - 1) * double{options_.row_spacing} + 2 * kLeafHalfHeight;
  }

  // The fold width whose rows come closest to the aimed-at shape, the shared column included:
  // a few row counts around the one that would balance width and height.
  void choose_rows() {
    constexpr double kUnfolded = 1e300;
    const Wrapped one_row = wrap(kUnfolded);
    const double row_height = one_row.height + kFoldRowGap;
    const double asked = options_.fold_aspect;
    const double aspect = std::isfinite(asked) ? std::clamp(asked, 0.25, 8.0) : 1.3;
    const double balanced = std::sqrt(one_row.width / (aspect * row_height));
    const int middle = std::max(1, static_cast<int>(std::lround(balanced)));
    auto cost = [&](Wrapped size) {
      const double width = left_edge() + size.width;
      const double height = std::max(size.height, column_height());
      return std::max(width / aspect, height);
    };
    double best_width = kUnfolded, best_cost = cost(one_row);
    for (int rows = std::max(2, middle - 3); rows <= middle + 3; ++rows) {
      const double width = one_row.width / rows + pitch_;
      const double c = cost(wrap(width));
      if (c < best_cost) best_cost = c, best_width = width;
    }
    wrap(best_width);
  }

  std::vector<Vec2> positions() {
    std::vector<Vec2> at(sub_.ids.size());
    const double left = left_edge();
    const double body_height = row_y_.back() + row_below_.back();
    for (std::size_t g = 0; g < spine_.size(); ++g)
      at[spine_[g]] = {static_cast<float>(left + gate_x_[g]),
                       static_cast<float>(row_y_[gate_row_[g]])};
    std::vector<Vec2> root_at(terms_.size());
    for (std::size_t t = 0; t < terms_.size(); ++t) {
      const Vec2 gate = at[spine_[terms_[t].gate]];
      const Vec2 offset = terms_[t].offset;
      root_at[t] = {gate.x + offset.x, gate.y + offset.y};
    }
    const Vec2 end = at[spine_.back()];
    for (std::size_t v = 0; v < sub_.ids.size(); ++v) {
      const Index owner = owner_[v];
      if (owner >= 0) {
        at[v] = {root_at[owner].x + local_[v].x, root_at[owner].y + local_[v].y};
      } else if (owner == kTail) {
        at[v] = {end.x + local_[v].x, end.y + local_[v].y};
      }
    }
    // The shared leaves: a column at x = 0 centred on the rows, in index (id) order.
    const double spacing = options_.row_spacing;
    const double first_y = body_height / 2 - column_height() / 2 + kLeafHalfHeight;
    for (std::size_t k = 0; k < column_.size(); ++k)
      at[column_[k]] = {0, static_cast<float>(first_y + k * spacing)};
    return at;
  }

  const Graph& graph_;
  const Subgraph& sub_;
  const LayoutOptions& options_;
  const int depth_;
  const double pitch_;  // between consecutive gates of the spine
  std::vector<Index> spine_;
  std::vector<Index> owner_;   // per node: kSpine, kShared, kTail or its term
  std::vector<Term> terms_;    // in spine order
  std::vector<Vec2> local_;    // per node of a term or the tail: relative to its root or end
  Bounds tail_box_;            // around the tail, relative to the chain's end
  std::vector<Index> column_;  // the shared leaves
  std::vector<double> gate_x_, row_above_, row_below_, row_right_, row_y_;
  std::vector<Index> gate_row_;
};

std::optional<std::vector<Vec2>> place_folded(const Graph& graph, const Subgraph& sub,
                                              const LayoutOptions& options, int depth,
                                              std::vector<Index> spine) {
  return Folding(graph, sub, options, depth, std::move(spine)).run();
}

// [SECTION] Stacked blocks

// A graph that holds long chains but is not one chain with its terms, such as
// (a+…+h)·(i+…+p), would be layered as diagonals and a tall column of leaves. When its one
// output gate combines inputs whose ancestries share no gate (leaves may be shared), each
// ancestry is a block laid out on its own (folded, stacked again, or layered); the blocks are
// stacked top to bottom in pin order with their right edges aligned, the output gate right of
// them, and leaves shared between blocks a column at the left. So every wire still goes left to
// right, except the folds inside the blocks.

constexpr double kBlockGap = 70;  // between the boxes of two stacked blocks

// The one node of `sub` that feeds nothing, or -1 when there are none or several.
Index only_sink(const Subgraph& sub) {
  Index sink = -1;
  for (Index v = 0; v < static_cast<Index>(sub.ids.size()); ++v)
    if (sub.consumers.count(v) == 0) {
      if (sink >= 0) return -1;
      sink = v;
    }
  return sink;
}

// Per node: the sink's input (as its place in `inputs`) whose ancestry holds it, kShared when
// several do; kUnclaimed for the sink. Empty when a gate is shared.
std::vector<Index> claim_ancestries(const Subgraph& sub, Index sink,
                                    const std::vector<Index>& inputs) {
  const auto count = static_cast<Index>(sub.ids.size());
  std::vector<Index> block(count, kUnclaimed), seen(count, -1), stack;
  for (Index b = 0; b < static_cast<Index>(inputs.size()); ++b) {
    stack.assign(1, inputs[b]);
    seen[inputs[b]] = b;
    while (!stack.empty()) {
      const Index v = stack.back();
      stack.pop_back();
      block[v] = block[v] == kUnclaimed ? b : kShared;
      if (block[v] == kShared && sub.sources.count(v) > 0) return {};
      for (Index k = sub.sources.begin[v]; k < sub.sources.begin[v + 1]; ++k)
        if (const Index u = sub.sources.list[k]; seen[u] != b) seen[u] = b, stack.push_back(u);
    }
  }
  block[sink] = kUnclaimed;
  return block;
}

// Lays out `members` of `sub` on their own, their box's right edge at x = 0 and its top at
// `top`, into `at`. Returns the box.
Bounds stack_block(const Graph& graph, const Subgraph& sub, const std::vector<Index>& members,
                   double top, const LayoutOptions& options, int depth, std::vector<Vec2>& at) {
  std::vector<NodeId> ids;
  for (Index v : members) ids.push_back(sub.ids[v]);
  // Stacked, a block gets a share of the height: it may be as much wider as it is smaller.
  LayoutOptions block_options = options;
  const double share = static_cast<double>(sub.ids.size()) / static_cast<double>(members.size());
  block_options.fold_aspect *= static_cast<float>(std::clamp(share, 1.0, 4.0));
  std::vector<Index> index_of;
  const std::vector<Vec2> local =
      place(graph, make_subgraph(graph, std::move(ids), index_of), block_options, depth + 1);
  Bounds box{1e300, 1e300, -1e300, -1e300};
  for (std::size_t k = 0; k < members.size(); ++k)
    box = grown(box, local[k], node_extent(graph, sub.ids[members[k]]));
  for (std::size_t k = 0; k < members.size(); ++k)
    at[members[k]] = {static_cast<float>(local[k].x - box.x1),
                      static_cast<float>(local[k].y - box.y0 + top)};
  return box;
}

// (Only for a graph that holds a long chain: see place.)
std::optional<std::vector<Vec2>> place_stacked(const Graph& graph, const Subgraph& sub,
                                               const LayoutOptions& options, int depth) {
  const Index sink = only_sink(sub);
  if (sink < 0 || sub.sources.count(sink) == 0) return std::nullopt;
  std::vector<Index> inputs;  // the sink's sources in pin order, each once
  for (Index k = sub.sources.begin[sink]; k < sub.sources.begin[sink + 1]; ++k)
    if (std::find(inputs.begin(), inputs.end(), sub.sources.list[k]) == inputs.end())
      inputs.push_back(sub.sources.list[k]);
  const std::vector<Index> block = claim_ancestries(sub, sink, inputs);
  if (block.empty()) return std::nullopt;

  // The blocks, top to bottom in pin order (an input that is a shared leaf has none).
  const auto count = static_cast<Index>(sub.ids.size());
  std::vector<Vec2> at(count);
  double top = 0, left = 0;
  for (Index b = 0; b < static_cast<Index>(inputs.size()); ++b) {
    std::vector<Index> members;
    for (Index v = 0; v < count; ++v)
      if (block[v] == b) members.push_back(v);
    if (members.empty()) continue;
    const Bounds box = stack_block(graph, sub, members, top, options, depth, at);
    left = std::min(left, box.x0 - box.x1);
    top += box.y1 - box.y0 + kBlockGap;
  }
  const double height = std::max(0.0, top - kBlockGap);

  // The shared leaves: a column left of the blocks, centred on them.
  std::vector<Index> column;
  for (Index v = 0; v < count; ++v)
    if (block[v] == kShared) column.push_back(v);
  const double row = std::isfinite(options.row_spacing) ? options.row_spacing : 100.0;
  const double column_height = column.empty() ? 0 : (column.size() - 1) * row;
  for (std::size_t k = 0; k < column.size(); ++k)
    at[column[k]] = {static_cast<float>(left - kColumnGap),
                     static_cast<float>(height / 2 - column_height / 2 + k * row)};

  // The gate: a spacing right of its rightmost input, at their mean height.
  double input_right = -kGateRadius, input_y = 0;
  for (Index u : inputs) {
    if (block[u] != kShared) input_right = std::max(input_right, double{at[u].x});
    input_y += at[u].y / static_cast<double>(inputs.size());
  }
  const double spacing = std::isfinite(options.layer_spacing) ? options.layer_spacing : 170.0;
  at[sink] = {static_cast<float>(input_right + std::max(spacing, kLeastSpinePitch)),
              static_cast<float>(input_y)};
  return at;
}

// Positions of sub.ids, by index: a long chain folded, blocks of chains stacked, or else layered.
std::vector<Vec2> place(const Graph& graph, const Subgraph& sub, const LayoutOptions& options,
                        int depth) {
  if (depth >= kMaxDepth) return place_layered(graph, sub, options);
  std::vector<Index> spine = longest_chain(graph, sub);  // (one pass, for both tries)
  if (static_cast<int>(spine.size()) < kMinFoldedChain) return place_layered(graph, sub, options);
  if (std::optional<std::vector<Vec2>> folded =
          place_folded(graph, sub, options, depth, std::move(spine)))
    return *folded;
  if (std::optional<std::vector<Vec2>> stacked = place_stacked(graph, sub, options, depth))
    return *stacked;
  return place_layered(graph, sub, options);
}

std::vector<Vec2> place(const Graph& graph, const Subgraph& sub, const LayoutOptions& options) {
  return place(graph, sub, options, 0);
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

bool is_chain_fold(const Graph& graph, NodeId from, NodeId to) {
  const Op op = graph.op(from);
  return is_associative(op) && graph.op(to) == op && graph.consumers(from).size() == 1 &&
         graph.has_position(from) && graph.has_position(to) &&
         graph.position(from).y < graph.position(to).y;
}

}  // namespace gf
