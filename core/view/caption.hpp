// caption.hpp — what to call a node when talking about it (callouts, inspector, CLI).
#pragma once

#include <string>

#include "graph.hpp"

namespace gf {

// The node's name; an unnamed output is "f" (as on the slides) unless a node is named f; an
// unnamed gate is its subexpression when that is short ("x+y", "(x+y)·z", "exp(−s)"); else
// the gate's symbol and id ("×#7").
std::string node_caption(const Graph& graph, NodeId id);

// The subexpression a node computes, written with the gates' symbols, names for named nodes and
// numbers for constants; "" when it would be longer than max_length characters.
std::string subexpression_text(const Graph& graph, NodeId id, std::size_t max_length = 24);

// The graph's output as an expression the parser reads back into the same graph (ASCII
// operators, function names, only inputs named), for the expression bar. "" when there is none:
// no output, a pin unconnected, a gate used twice (an expression would duplicate it), an input
// named like a gate (the parser reads "exp" as the function), or longer than max_length.
std::string expression_text(const Graph& graph, std::size_t max_length = 400);

}  // namespace gf
