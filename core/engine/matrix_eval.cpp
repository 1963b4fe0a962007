// matrix_eval.cpp — shapes, and the forward and backward rules of matrix values
// (see matrix_eval.hpp).
#include "matrix_eval.hpp"

#include <algorithm>
#include <cmath>

#include "tape.hpp"

namespace gf {

Matrix MatrixEvaluation::value_matrix(NodeId id) const {
  std::span<const double> data = value_of(id);
  return {shape[id], {data.begin(), data.end()}};
}

Matrix MatrixEvaluation::grad_matrix(NodeId id) const {
  std::span<const double> data = grad_of(id);
  return {shape[id], {data.begin(), data.end()}};
}

// [SECTION] Shapes

namespace {

bool is_infix(Op op) {
  return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::MatMul;
}

// "2×3 @ 2×4" for operators, "max of 2×3 and 2×4" for functions.
std::string both_shapes(Op op, Shape a, Shape b) {
  const OpInfo& info = op_info(op);
  if (is_infix(op)) return shape_text(a) + " " + std::string(info.symbol) + " " + shape_text(b);
  return std::string(info.name) + " of " + shape_text(a) + " and " + shape_text(b);
}

// A 1×1, or a 1×n row under an r×n matrix, spreads over the other operand (a bias).
bool broadcasts_over(Shape small, Shape big) {
  return small.is_scalar() || (small.rows == 1 && small.cols == big.cols);
}

// The shape of one gate, or why its inputs do not fit (the message's detail, after the gate).
Result<Shape> gate_shape(Op op, Shape a, Shape b) {
  switch (op_info(op).matrix_rule) {
    case MatrixRule::Elementwise:
      if (arity(op) == 1 || a == b) return a;
      if (broadcasts_over(b, a)) return a;
      if (broadcasts_over(a, b)) return b;
      return Status::failure(both_shapes(op, a, b) +
                             " \u2014 shapes differ (only a 1\u00d7n row or a 1\u00d71 "
                             "broadcasts over the rows)");
    case MatrixRule::MatMul:
      if (a.cols != b.rows)
        return Status::failure(both_shapes(op, a, b) + " \u2014 inner sizes " +
                               std::to_string(a.cols) + " and " + std::to_string(b.rows) +
                               " differ");
      return Shape{a.rows, b.cols};
    case MatrixRule::Transpose:
      return Shape{a.cols, a.rows};
    case MatrixRule::Sum:
    case MatrixRule::Mean:
      return Shape{};
    case MatrixRule::Softmax:
      return a;
    case MatrixRule::CrossEntropy:
      if (a != b)
        return Status::failure(both_shapes(op, a, b) +
                               " \u2014 the scores and the one-hot labels need one shape");
      return Shape{};
  }
  return Status::failure("unknown matrix rule");
}

}  // namespace

Result<std::vector<Shape>> infer_shapes(const Graph& graph, const std::vector<NodeId>& order,
                                        const GateLocator& where) {
  std::vector<Shape> shape(graph.id_limit());
  for (NodeId id : order) {
    const Op op = graph.op(id);
    if (is_leaf(op)) {
      shape[id] = graph.value_shape(id);
      continue;
    }
    const Shape a = shape[graph.input(id, 0)];
    const Shape b = arity(op) == 2 ? shape[graph.input(id, 1)] : Shape{};
    Result<Shape> out = gate_shape(op, a, b);
    if (out && out->size() > kMaxMatrixElements)
      out = Status::failure(both_shapes(op, a, b) + " gives " + shape_text(*out) + ", over " +
                            std::to_string(kMaxMatrixElements) + " elements");
    if (!out)
      return Status::failure((where ? where(id) : graph.describe(id)) + ": " + out.reason());
    shape[id] = *out;
  }
  return shape;
}

// [SECTION] Evaluation

Result<MatrixEvaluation> evaluate_matrix(const Graph& graph, const MatrixEvalOptions& options) {
  Result<std::vector<NodeId>> order = evaluation_order(graph, graph.output());
  if (!order) return Status::failure(order.reason());
  Result<std::vector<Shape>> shapes = infer_shapes(graph, *order, options.where);
  if (!shapes) return Status::failure(shapes.reason());

  MatrixEvaluation result;
  result.output = graph.output();
  result.order = std::move(*order);
  result.shape = std::move(*shapes);
  result.offset.assign(graph.id_limit(), -1);
  std::int64_t total = 0;
  for (NodeId id : result.order) {
    result.offset[id] = total;
    total += result.shape[id].size();
  }
  for (NodeId id : graph.node_ids())
    if (result.offset[id] < 0) result.unreached.push_back(id);
  const Shape out = result.shape[result.output];
  if (!options.upstream.empty() && std::ssize(options.upstream) != out.size())
    return Status::failure("the upstream gradient has " + std::to_string(options.upstream.size()) +
                           " entries; the output is " + shape_text(out));
  result.value.assign(total, 0.0);
  result.grad.assign(total, 0.0);
  forward_matrix(graph, result);
  backward_matrix(graph, result, options.upstream);
  return result;
}

// [SECTION] Kernels

namespace {

// An input as an elementwise gate reads it: element (r, c) is data[r·row_step + c·col_step],
// with step 0 along a dimension it broadcasts over.
struct Operand {
  const double* data;
  double* grad;  // nullptr when no gradient flows (the absent second input of a unary gate)
  std::int64_t row_step, col_step;
};

Operand operand(MatrixEvaluation& ev, NodeId id) {
  const Shape s = ev.shape[id];
  return {ev.value.data() + ev.offset[id], ev.grad.data() + ev.offset[id], s.rows == 1 ? 0 : s.cols,
          s.cols == 1 ? 0 : 1};
}

constexpr double kZero = 0.0;
constexpr Operand kNoOperand = {&kZero, nullptr, 0, 0};

void elementwise_forward(Op op, double param, Operand a, Operand b, Shape s, double* out) {
  for (std::int32_t r = 0; r < s.rows; ++r)
    for (std::int32_t c = 0; c < s.cols; ++c)
      out[r * s.cols + c] = op_forward(op, a.data[r * a.row_step + c * a.col_step],
                                       b.data[r * b.row_step + c * b.col_step], param);
}

// Each element's local gradients from the scalar row, upstream × local into the element it
// read (summed where it was broadcast): the diagonal Jacobian, never built.
void elementwise_backward(Op op, double param, Operand a, Operand b, Shape s, const double* out,
                          const double* g) {
  for (std::int32_t r = 0; r < s.rows; ++r)
    for (std::int32_t c = 0; c < s.cols; ++c) {
      const std::int64_t k = std::int64_t{r} * s.cols + c;
      const std::int64_t ia = r * a.row_step + c * a.col_step, ib = r * b.row_step + c * b.col_step;
      const LocalGrads local = op_local_grads(op, a.data[ia], b.data[ib], out[k], param);
      a.grad[ia] += downstream_grad_of(g[k], local.wrt_a);
      if (b.grad) b.grad[ib] += downstream_grad_of(g[k], local.wrt_b);
    }
}

// out (n×m) = a (n×k) @ b (k×m), row by row so the inner loop runs along contiguous rows.
void matmul_forward(const double* a, const double* b, Shape sa, Shape sb, double* out) {
  std::fill(out, out + std::int64_t{sa.rows} * sb.cols, 0.0);
  for (std::int32_t i = 0; i < sa.rows; ++i)
    for (std::int32_t k = 0; k < sa.cols; ++k) {
      const double aik = a[i * sa.cols + k];
      for (std::int32_t j = 0; j < sb.cols; ++j) out[i * sb.cols + j] += aik * b[k * sb.cols + j];
    }
}

// dA += G·Bᵀ and dB += Aᵀ·G (G is n×m): "the only way to make the shapes match up".
void matmul_backward(const double* a, const double* b, Shape sa, Shape sb, const double* g,
                     double* ga, double* gb) {
  for (std::int32_t i = 0; i < sa.rows; ++i)
    for (std::int32_t k = 0; k < sa.cols; ++k) {
      double sum = 0;
      const double aik = a[i * sa.cols + k];
      for (std::int32_t j = 0; j < sb.cols; ++j) {
        sum += g[i * sb.cols + j] * b[k * sb.cols + j];
        gb[k * sb.cols + j] += aik * g[i * sb.cols + j];
      }
      ga[i * sa.cols + k] += sum;
    }
}

// One row of softmax into p, from its max so that e^x cannot overflow; returns log Σ e^x.
double softmax_row(const double* x, std::int32_t n, double* p) {
  const double top = *std::max_element(x, x + n);
  double sum = 0;
  for (std::int32_t c = 0; c < n; ++c) sum += p[c] = std::exp(x[c] - top);
  for (std::int32_t c = 0; c < n; ++c) p[c] /= sum;
  return top + std::log(sum);
}

// mean over rows of −Σ y·log softmax(s); log p = s − log Σ e^s.
double cross_entropy_forward(const double* s, const double* y, Shape shape) {
  double total = 0;
  for (std::int32_t r = 0; r < shape.rows; ++r) {
    const double* row = s + std::int64_t{r} * shape.cols;
    const double top = *std::max_element(row, row + shape.cols);
    double sum = 0;
    for (std::int32_t c = 0; c < shape.cols; ++c) sum += std::exp(row[c] - top);
    const double log_sum = top + std::log(sum);
    for (std::int32_t c = 0; c < shape.cols; ++c)
      total -= y[r * shape.cols + c] * (row[c] - log_sum);
  }
  return total / shape.rows;
}

// d/ds = g·(p·Σy − y)/rows (p − y for one-hot rows), d/dy = −g·log p/rows.
void cross_entropy_backward(const double* s, const double* y, Shape shape, double g, double* gs,
                            double* gy) {
  const double scale = g / shape.rows;
  for (std::int32_t r = 0; r < shape.rows; ++r) {
    const std::int64_t row = std::int64_t{r} * shape.cols;
    const double top = *std::max_element(s + row, s + row + shape.cols);
    double sum = 0, label_sum = 0;
    for (std::int32_t c = 0; c < shape.cols; ++c) {
      sum += std::exp(s[row + c] - top);
      label_sum += y[row + c];
    }
    const double log_sum = top + std::log(sum);
    for (std::int32_t c = 0; c < shape.cols; ++c) {
      const double log_p = s[row + c] - log_sum;
      gs[row + c] += scale * (std::exp(log_p) * label_sum - y[row + c]);
      gy[row + c] -= scale * log_p;
    }
  }
}

}  // namespace

// [SECTION] Passes

namespace {

void forward_gate(const Graph& graph, MatrixEvaluation& ev, NodeId id) {
  const Op op = graph.op(id);
  const NodeId in_a = graph.input(id, 0), in_b = arity(op) == 2 ? graph.input(id, 1) : kNoNode;
  const Operand a = operand(ev, in_a), b = in_b == kNoNode ? kNoOperand : operand(ev, in_b);
  const Shape s = ev.shape[id], sa = ev.shape[in_a];
  double* out = ev.value.data() + ev.offset[id];
  switch (op_info(op).matrix_rule) {
    case MatrixRule::Elementwise:
      return elementwise_forward(op, graph.param(id), a, b, s, out);
    case MatrixRule::MatMul:
      return matmul_forward(a.data, b.data, sa, ev.shape[in_b], out);
    case MatrixRule::Transpose:
      for (std::int32_t r = 0; r < sa.rows; ++r)
        for (std::int32_t c = 0; c < sa.cols; ++c) out[c * sa.rows + r] = a.data[r * sa.cols + c];
      return;
    case MatrixRule::Sum:
    case MatrixRule::Mean: {
      double sum = 0;
      for (std::int64_t k = 0; k < sa.size(); ++k) sum += a.data[k];
      out[0] = op == Op::Mean ? sum / static_cast<double>(sa.size()) : sum;
      return;
    }
    case MatrixRule::Softmax:
      for (std::int64_t r = 0; r < sa.rows; ++r)
        softmax_row(a.data + r * sa.cols, sa.cols, out + r * sa.cols);
      return;
    case MatrixRule::CrossEntropy:
      out[0] = cross_entropy_forward(a.data, b.data, sa);
      return;
  }
}

void backward_gate(const Graph& graph, MatrixEvaluation& ev, NodeId id) {
  const Op op = graph.op(id);
  const NodeId in_a = graph.input(id, 0), in_b = arity(op) == 2 ? graph.input(id, 1) : kNoNode;
  const Operand a = operand(ev, in_a), b = in_b == kNoNode ? kNoOperand : operand(ev, in_b);
  const Shape s = ev.shape[id], sa = ev.shape[in_a];
  const double* out = ev.value.data() + ev.offset[id];
  const double* g = ev.grad.data() + ev.offset[id];
  switch (op_info(op).matrix_rule) {
    case MatrixRule::Elementwise:
      return elementwise_backward(op, graph.param(id), a, b, s, out, g);
    case MatrixRule::MatMul:
      return matmul_backward(a.data, b.data, sa, ev.shape[in_b], g, a.grad, b.grad);
    case MatrixRule::Transpose:
      for (std::int32_t r = 0; r < sa.rows; ++r)
        for (std::int32_t c = 0; c < sa.cols; ++c) a.grad[r * sa.cols + c] += g[c * sa.rows + r];
      return;
    case MatrixRule::Sum:
    case MatrixRule::Mean: {
      const double each = op == Op::Mean ? g[0] / static_cast<double>(sa.size()) : g[0];
      for (std::int64_t k = 0; k < sa.size(); ++k) a.grad[k] += each;
      return;
    }
    case MatrixRule::Softmax:  // p ∘ (g − Σ g ∘ p) per row, from the stored output p
      for (std::int64_t r = 0; r < sa.rows; ++r) {
        const std::int64_t row = r * sa.cols;
        double dot = 0;
        for (std::int32_t c = 0; c < sa.cols; ++c) dot += g[row + c] * out[row + c];
        for (std::int32_t c = 0; c < sa.cols; ++c)
          a.grad[row + c] += out[row + c] * (g[row + c] - dot);
      }
      return;
    case MatrixRule::CrossEntropy:
      return cross_entropy_backward(a.data, b.data, sa, g[0], a.grad, b.grad);
  }
}

}  // namespace

void forward_matrix(const Graph& graph, MatrixEvaluation& evaluation) {
  for (NodeId id : evaluation.order) {
    double* out = evaluation.value.data() + evaluation.offset[id];
    if (!is_leaf(graph.op(id))) {
      forward_gate(graph, evaluation, id);
    } else if (const Matrix* matrix = graph.matrix_value(id)) {
      std::copy(matrix->data.begin(), matrix->data.end(), out);
    } else {
      out[0] = graph.param(id);
    }
  }
}

void backward_matrix(const Graph& graph, MatrixEvaluation& evaluation,
                     std::span<const double> upstream) {
  std::fill(evaluation.grad.begin(), evaluation.grad.end(), 0.0);
  double* seed = evaluation.grad.data() + evaluation.offset[evaluation.output];
  const std::int64_t n = evaluation.shape[evaluation.output].size();
  for (std::int64_t k = 0; k < n; ++k) seed[k] = upstream.empty() ? 1.0 : upstream[k];
  for (auto it = evaluation.order.rbegin(); it != evaluation.order.rend(); ++it)
    if (!is_leaf(graph.op(*it))) backward_gate(graph, evaluation, *it);
}

}  // namespace gf
