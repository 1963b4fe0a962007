// layout.hpp — automatic left-to-right layered placement, for graphs that come without
// positions (expressions, generated networks) or that the user asks to tidy.
//
// Layer = the longest path from a leaf, so every wire goes left to right. Inputs sit in the
// leftmost layer, a constant one layer before its first consumer (a "+1" sits next to its
// gate), and the output, when it feeds nothing, in the rightmost layer. A wire spanning several
// layers gets a virtual node in each layer it crosses (Sugiyama), so it takes part in the
// ordering and gets room of its own: the real nodes of those layers step aside from where the
// GUI will draw it, so that, where there is room, it does not run through them. Within a layer, nodes start in id order
// and a few barycenter sweeps reduce crossings. Heights then put each gate at the (leaf-
// weighted) mean height of its inputs, as far as the spacings and the long wires allow, so
// (x+y)·z is drawn as on the CS231n slides. Ties go by id and the sweeps are fixed in number,
// so the result is deterministic. Linear-ish time and no recursion: a million-node chain takes
// a fraction of a second, a tangled million-node graph a few seconds.
//
// One shape is laid out otherwise: a long chain of one associative gate (a sum, product, max
// or min of 7 terms or more, each of its gates feeding only the next), with the terms that feed
// it, leaves shared among them and what follows its end. Layered, it would be a diagonal streak
// a layer per term; instead its gates are a spine wrapped into rows like text (as many rows as
// give the shape fold_aspect asks for), each term laid out layered just before its gate, the
// shared leaves a column at the left, and what follows continuing the last row. Every wire goes
// left to right except the folds, from a row's last gate to the next row's first. A graph of
// several such chains, combined by one output gate whose inputs share no gate ((a+…+h)·(i+…+p)),
// is laid out as blocks, one per input, each folded (or stacked again, or layered) and stacked
// top to bottom, the gate right of them and leaves they share a column at the left.
#pragma once

#include <vector>

#include "graph.hpp"

namespace gf {

struct LayoutOptions {
  float layer_spacing = 170.0f;  // x distance between layers
  float row_spacing = 100.0f;    // y distance between nodes of a layer
  // Width ÷ height a folded chain aims at: a canvas at 1280×800 beside the side panels is
  // about 1.25, 16:10 without them 1.6.
  float fold_aspect = 1.3f;
};

// Writes a position for every live node: x = layer × layer_spacing from 0, the leftmost layer a
// column centred on y = 0 with the other layers' heights following from it, no two nodes of a
// layer closer than row_spacing. Nodes that do not feed the output are placed too.
void auto_layout(Graph& graph, const LayoutOptions& options = {});

// The same for a subset: places only `nodes` (layering computed on the subgraph they form;
// dead or repeated ids are ignored), keeping the others where they are, with the block's
// top-left at the previous top-left of those nodes (of those that had a position; the origin
// when none had).
void auto_layout_nodes(Graph& graph, const std::vector<NodeId>& nodes,
                       const LayoutOptions& options = {});

// Whether auto_layout may have drawn the wire from → to leftwards: the fold of a long chain of
// one associative gate (from's only consumer, of the same op, on a row below). Every other wire
// of a laid-out graph goes left to right.
bool is_chain_fold(const Graph& graph, NodeId from, NodeId to);

}  // namespace gf
