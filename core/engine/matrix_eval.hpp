// matrix_eval.hpp — forward and backward passes over a graph whose values are matrices.
//
// The same graph, op table and evaluation order as eval.hpp; each value is a matrix (a scalar
// is 1×1, a vector a 1×n row), stored in one flat arena indexed by node id, so a pass walks
// flat arrays and, once evaluated, forward_matrix/backward_matrix run again without allocating.
// Each gate acts by its table row's MatrixRule (ops.hpp): elementwise rows run their scalar
// rule per element (broadcasting a 1×n row or a 1×1 over the rows: a bias), and the matrix
// gates use their vector-Jacobian products (dA = G·Bᵀ, dB = Aᵀ·G, ...): no Jacobian is built.
// A graph of 1×1 values gives the tape's numbers (tests check it).
//
// Shapes are inferred before anything runs; a mismatch is refused with one message naming the
// gate, both shapes and why: "@ at column 7: 2×3 @ 2×4 — inner sizes 3 and 2 differ". Every value
// is limited to kMaxMatrixElements elements (matrix.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "graph.hpp"
#include "matrix.hpp"
#include "result.hpp"

namespace gf {

struct MatrixEvaluation {
  NodeId output = kNoNode;
  std::vector<NodeId> order;         // evaluated nodes, inputs before the gates that read them
  std::vector<NodeId> unreached;     // live nodes that do not feed the output
  std::vector<Shape> shape;          // by node id
  std::vector<std::int64_t> offset;  // by node id: first element in value/grad; -1 if unreached
  std::vector<double> value, grad;   // the arenas: grad holds d(Σ seed ∘ output)/d(element)

  bool evaluated(NodeId id) const {
    return id >= 0 && id < static_cast<NodeId>(offset.size()) && offset[id] >= 0;
  }
  // Only for evaluated nodes (evaluated(id)).
  std::span<const double> value_of(NodeId id) const {
    return {value.data() + offset[id], static_cast<std::size_t>(shape[id].size())};
  }
  std::span<const double> grad_of(NodeId id) const {
    return {grad.data() + offset[id], static_cast<std::size_t>(shape[id].size())};
  }
  Matrix value_matrix(NodeId id) const;
  Matrix grad_matrix(NodeId id) const;
};

// Names a gate in a shape error; by default graph.describe(id), "node 3 (matmul)". A parsed
// expression names it by its symbol and column instead: "@ at column 7".
using GateLocator = std::function<std::string(NodeId)>;

// Every node's shape (by node id) for the nodes in `order` (others 1×1), or the first mismatch.
Result<std::vector<Shape>> infer_shapes(const Graph& graph, const std::vector<NodeId>& order,
                                        const GateLocator& where = {});

struct MatrixEvalOptions {
  // The output's upstream gradient, one entry per output element; empty means all ones: 1 for
  // a scalar output, and for a matrix output the gradients of the sum of its elements.
  std::vector<double> upstream;
  GateLocator where;
};

// Refuses as evaluate() does (no output, a loose pin, an input without value) and on shapes.
Result<MatrixEvaluation> evaluate_matrix(const Graph& graph, const MatrixEvalOptions& options = {});

// Runs the passes again on an evaluation of the same graph whose leaf values changed but not
// their shapes (finite differences, training loops): no allocation. backward_matrix seeds the
// output with `upstream` (empty: all ones).
void forward_matrix(const Graph& graph, MatrixEvaluation& evaluation);
void backward_matrix(const Graph& graph, MatrixEvaluation& evaluation,
                     std::span<const double> upstream = {});

}  // namespace gf
