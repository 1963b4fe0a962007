// ops.hpp — THE table of gate kinds. Every layer reads it: evaluation, the tape, the parser,
// documents, the CLI, drawing and tooltips. Adding a gate is one enum entry plus one table row.
//
// Conventions used by every row
//   - Binary gates name their inputs a and b, unary gates x; leaves have none.
//   - `forward(a, b, param)` computes the output. Unused arguments are ignored. `param` is the
//     value of an input or a constant, or the exponent of `pow`.
//   - `local_grads(a, b, out, param)` gives d(out)/d(a) and d(out)/d(b) at that point; it may use
//     the forward output `out` (σ' = σ(1-σ), exp' = exp) so backward needs no extra transcendental.
//   - Non-smooth points follow one stated rule (`kKinkRules`):
//       max(a, b): a tie routes the whole gradient to a (the first input); min likewise.
//                  A NaN input loses (as std::fmax, and relu(NaN) = 0), in either order.
//       relu(x):   slope 0 at x = 0 (the unit is "off" there, as in micrograd and PyTorch).
//       abs(x):    slope 0 at x = 0 (the subgradient sign(0) = 0, as in PyTorch).
//   - `branch(a, b)` names which smooth piece is active for those non-smooth gates (nullptr for
//     smooth ones); the gradient checker flags a point as "on a kink" when a small step changes it.
//   - A zero blocks (`downstream_grad_of`): a contribution upstream × local is 0 when either
//     factor is exactly 0, even if the other is inf or NaN. A gate that does not depend on an
//     input locally (inactive relu, the losing max input, x^0) passes it nothing: sqrt(relu(x))
//     at x = −1 has gradient 0, as in PyTorch and as finite differences say, not 0 × inf = NaN.
//     And a node whose consumers all block passes nothing on: in max(0, sqrt(x)) at x = −1 the
//     NaN sqrt loses, gets upstream 0, and its local 1/(2·NaN) does not turn that into NaN.
//     Rows define such zeros exactly: x^p with p = 0 has local gradient 0 (not 0·x^(−1), NaN at
//     x = 0). Genuine infinities stay (x^0.5 at 0 with a nonzero upstream).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "vector_math.hpp"

namespace gf {

enum class Op : std::uint8_t {
  Input,
  Const,  // leaves
  Add,
  Sub,
  Mul,
  Div,
  Max,
  Min,  // binary gates
  Neg,
  Copy,
  Sigmoid,
  Relu,
  Tanh,
  Exp,
  Log,
  Abs,
  Sqrt,
  Inv,
  Pow,
  Sin,  // unary gates, elementwise on matrices
  MatMul,
  Transpose,
  Sum,
  Mean,
  Softmax,
  CrossEntropy,  // matrix gates (matrix_eval.hpp); on 1×1 values they are scalar gates too
  Count_
};
inline constexpr int kOpCount = static_cast<int>(Op::Count_);
// Gates from Add to kLastElementwiseGate apply element by element to matrices; the ones after
// it have a matrix rule of their own (MatrixRule below).
inline constexpr Op kLastElementwiseGate = Op::Sin;
inline constexpr int kElementwiseGateCount =
    static_cast<int>(kLastElementwiseGate) - static_cast<int>(Op::Add) + 1;

// The gradient-flow pattern a gate teaches (CS231n lecture 4, "patterns in gradient flow").
enum class FlowPattern : std::uint8_t { Leaf, Distributor, SwapMultiplier, Router, Adder, Scaler };

// How a gate acts on matrix values (matrix_eval.hpp). A scalar is 1×1, and on 1×1 values every
// rule reduces to the row's scalar forward/local_grads, so the scalar tape runs any gate.
enum class MatrixRule : std::uint8_t {
  Elementwise,  // each element through the scalar row; a 1×n row or 1×1 broadcasts over rows
  MatMul,       // a @ b; d/da = upstream @ bᵀ, d/db = aᵀ @ upstream
  Transpose,    // xᵀ; the gradient is the upstream gradient transposed back
  Sum,          // all elements to 1×1; each element receives the upstream gradient
  Mean,         // the same divided by the element count
  Softmax,      // row by row; d/dx = p ∘ (g − Σ_row g ∘ p)
  CrossEntropy,  // mean over rows of −Σ y·log softmax(s); d/ds = (p·Σy − y)/rows, d/dy = −log p/rows
};

struct LocalGrads {
  double wrt_a = 0;  // d(out)/d(a), or d(out)/d(x) for unary gates
  double wrt_b = 0;  // d(out)/d(b); 0 for unary gates
};

struct OpInfo {
  Op op;
  std::string_view name;        // in files, on the command line, and as the parser's function name
  std::string_view symbol;      // drawn on the gate (UTF-8)
  int arity;                    // 0 (leaf), 1 or 2
  std::string_view param_name;  // "value", "exponent", or "" when the op has no parameter
  double (*forward)(double a, double b, double param);
  LocalGrads (*local_grads)(double a, double b, double out, double param);
  int (*branch)(double a, double b);              // nullptr for smooth gates
  std::string_view formula;                       // the forward rule, e.g. "a × b"
  std::array<std::string_view, 2> local_formula;  // d(out)/d(input i) as text, e.g. {"b", "a"}
  FlowPattern pattern;
  std::string_view pattern_note;  // one sentence for the inspector and the stepper
  MatrixRule matrix_rule;         // how it acts on matrices
};

// clang-format off
inline constexpr std::array<OpInfo, kOpCount> kOps = {{
  {Op::Input, "input", "", 0, "value",
   [](double, double, double p) { return p; },
   [](double, double, double, double) { return LocalGrads{}; }, nullptr,
   "a named variable", {"", ""}, FlowPattern::Leaf,
   "a leaf: its value is given; its gradient is what backprop is for", MatrixRule::Elementwise},
  {Op::Const, "const", "", 0, "value",
   [](double, double, double p) { return p; },
   [](double, double, double, double) { return LocalGrads{}; }, nullptr,
   "a fixed number", {"", ""}, FlowPattern::Leaf,
   "a constant: it receives a gradient, but nothing learns from it", MatrixRule::Elementwise},
  {Op::Add, "add", "+", 2, "",
   [](double a, double b, double) { return a + b; },
   [](double, double, double, double) { return LocalGrads{1.0, 1.0}; }, nullptr,
   "a + b", {"1", "1"}, FlowPattern::Distributor,
   "add distributes: every input receives the upstream gradient unchanged", MatrixRule::Elementwise},
  {Op::Sub, "sub", "\u2212", 2, "",
   [](double a, double b, double) { return a - b; },
   [](double, double, double, double) { return LocalGrads{1.0, -1.0}; }, nullptr,
   "a \u2212 b", {"1", "\u22121"}, FlowPattern::Distributor,
   "sub distributes: a receives the upstream gradient, b receives it negated", MatrixRule::Elementwise},
  {Op::Mul, "mul", "\u00d7", 2, "",
   [](double a, double b, double) { return a * b; },
   [](double a, double b, double, double) { return LocalGrads{b, a}; }, nullptr,
   "a \u00d7 b", {"b", "a"}, FlowPattern::SwapMultiplier,
   "mul swaps: each input's gradient is the upstream gradient times the other input", MatrixRule::Elementwise},
  {Op::Div, "div", "\u00f7", 2, "",
   [](double a, double b, double) { return a / b; },
   [](double a, double b, double, double) { return LocalGrads{1.0 / b, -a / (b * b)}; }, nullptr,
   "a \u00f7 b", {"1/b", "\u2212a/b\u00b2"}, FlowPattern::Scaler,
   "div scales: a's gradient is divided by b; b's is \u2212a/b\u00b2 times upstream", MatrixRule::Elementwise},
  {Op::Max, "max", "max", 2, "",  // b != b: b is NaN, so a wins (see the kink rules)
   [](double a, double b, double) { return a >= b || b != b ? a : b; },
   [](double a, double b, double, double) {
     return a >= b || b != b ? LocalGrads{1, 0} : LocalGrads{0, 1};
   },
   [](double a, double b) { return a >= b || b != b ? 0 : 1; },
   "max(a, b)", {"1 if a \u2265 b else 0", "1 if b > a else 0"}, FlowPattern::Router,
   "max routes: the larger input takes the whole upstream gradient, the other gets 0", MatrixRule::Elementwise},
  {Op::Min, "min", "min", 2, "",
   [](double a, double b, double) { return a <= b || b != b ? a : b; },
   [](double a, double b, double, double) {
     return a <= b || b != b ? LocalGrads{1, 0} : LocalGrads{0, 1};
   },
   [](double a, double b) { return a <= b || b != b ? 0 : 1; },
   "min(a, b)", {"1 if a \u2264 b else 0", "1 if b < a else 0"}, FlowPattern::Router,
   "min routes: the smaller input takes the whole upstream gradient, the other gets 0", MatrixRule::Elementwise},
  {Op::Neg, "neg", "\u00d7\u22121", 1, "",
   [](double x, double, double) { return -x; },
   [](double, double, double, double) { return LocalGrads{-1.0, 0}; }, nullptr,
   "\u2212x", {"\u22121", ""}, FlowPattern::Scaler,
   "negation scales by \u22121: the upstream gradient passes with its sign flipped", MatrixRule::Elementwise},
  {Op::Copy, "copy", "copy", 1, "",
   [](double x, double, double) { return x; },
   [](double, double, double, double) { return LocalGrads{1.0, 0}; }, nullptr,
   "x (to every consumer)", {"1", ""}, FlowPattern::Adder,
   "copy adds: the gradients arriving from all its consumers are summed", MatrixRule::Elementwise},
  {Op::Sigmoid, "sigmoid", "\u03c3", 1, "",
   [](double x, double, double) { return vmath::sigmoid(x); },  // 1/(1+e^−x), vectorizable
   [](double, double, double out, double) { return LocalGrads{out * (1.0 - out), 0}; }, nullptr,
   "\u03c3(x) = 1/(1+e^\u2212x)", {"(1\u2212\u03c3(x))\u00b7\u03c3(x)", ""}, FlowPattern::Scaler,
   "sigmoid scales the upstream gradient by (1\u2212\u03c3)\u03c3, at most 0.25", MatrixRule::Elementwise},
  {Op::Relu, "relu", "ReLU", 1, "",
   [](double x, double, double) { return x > 0 ? x : 0.0; },
   [](double x, double, double, double) { return LocalGrads{x > 0 ? 1.0 : 0.0, 0}; },
   [](double x, double) { return x > 0 ? 1 : 0; },
   "max(0, x)", {"1 if x > 0 else 0", ""}, FlowPattern::Router,
   "ReLU routes: it passes the upstream gradient when x > 0 and blocks it otherwise", MatrixRule::Elementwise},
  {Op::Tanh, "tanh", "tanh", 1, "",
   [](double x, double, double) { return vmath::tanh(x); },  // std::tanh within 1e-14, vectorizable
   [](double, double, double out, double) { return LocalGrads{1.0 - out * out, 0}; }, nullptr,
   "tanh(x)", {"1\u2212tanh\u00b2(x)", ""}, FlowPattern::Scaler,
   "tanh scales the upstream gradient by 1\u2212tanh\u00b2(x), at most 1", MatrixRule::Elementwise},
  {Op::Exp, "exp", "exp", 1, "",
   [](double x, double, double) { return std::exp(x); },
   [](double, double, double out, double) { return LocalGrads{out, 0}; }, nullptr,
   "e^x", {"e^x", ""}, FlowPattern::Scaler,
   "exp scales the upstream gradient by its own output e^x", MatrixRule::Elementwise},
  {Op::Log, "log", "log", 1, "",
   [](double x, double, double) { return std::log(x); },
   [](double x, double, double, double) { return LocalGrads{1.0 / x, 0}; }, nullptr,
   "ln(x)", {"1/x", ""}, FlowPattern::Scaler,
   "log scales the upstream gradient by 1/x", MatrixRule::Elementwise},
  {Op::Abs, "abs", "|x|", 1, "",
   [](double x, double, double) { return std::fabs(x); },
   [](double x, double, double, double) {
     return LocalGrads{x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0), 0};
   },
   [](double x, double) { return x > 0 ? 1 : (x < 0 ? -1 : 0); },
   "|x|", {"sign(x)", ""}, FlowPattern::Scaler,
   "abs passes the upstream gradient times the sign of x (0 at x = 0)", MatrixRule::Elementwise},
  {Op::Sqrt, "sqrt", "\u221a", 1, "",
   [](double x, double, double) { return std::sqrt(x); },
   [](double, double, double out, double) { return LocalGrads{0.5 / out, 0}; }, nullptr,
   "\u221ax", {"1/(2\u221ax)", ""}, FlowPattern::Scaler,
   "sqrt scales the upstream gradient by 1/(2\u221ax)", MatrixRule::Elementwise},
  {Op::Inv, "inv", "1/x", 1, "",
   [](double x, double, double) { return 1.0 / x; },
   [](double, double, double out, double) { return LocalGrads{-out * out, 0}; }, nullptr,
   "1/x", {"\u22121/x\u00b2", ""}, FlowPattern::Scaler,
   "1/x scales the upstream gradient by \u22121/x\u00b2", MatrixRule::Elementwise},
  {Op::Pow, "pow", "x^p", 1, "exponent",
   [](double x, double, double p) { return p == 2.0 ? x * x : std::pow(x, p); },
   [](double x, double, double, double p) {  // squares are common; x^0 is constant: exactly 0
     return LocalGrads{p == 2.0 ? 2.0 * x : (p == 0.0 ? 0.0 : p * std::pow(x, p - 1.0)), 0};
   },
   nullptr,
   "x^p (p a constant)", {"p\u00b7x^(p\u22121) (0 if p = 0)", ""}, FlowPattern::Scaler,
   "a power scales the upstream gradient by p\u00b7x^(p\u22121)", MatrixRule::Elementwise},
  {Op::Sin, "sin", "sin", 1, "",
   [](double x, double, double) { return std::sin(x); },
   [](double x, double, double, double) { return LocalGrads{std::cos(x), 0}; }, nullptr,
   "sin(x)", {"cos(x)", ""}, FlowPattern::Scaler,
   "sin scales the upstream gradient by cos(x), between \u22121 and 1", MatrixRule::Elementwise},
  {Op::MatMul, "matmul", "@", 2, "",  // on 1×1 values: a × b
   [](double a, double b, double) { return a * b; },
   [](double a, double b, double, double) { return LocalGrads{b, a}; }, nullptr,
   "a @ b (matrix product)", {"upstream @ b\u1d40", "a\u1d40 @ upstream"},
   FlowPattern::SwapMultiplier,
   "matmul swaps like mul: a's gradient is upstream @ b\u1d40, b's is a\u1d40 @ upstream",
   MatrixRule::MatMul},
  {Op::Transpose, "transpose", "T", 1, "",
   [](double x, double, double) { return x; },
   [](double, double, double, double) { return LocalGrads{1.0, 0}; }, nullptr,
   "x\u1d40 (rows become columns)", {"upstream\u1d40", ""}, FlowPattern::Distributor,
   "transpose moves each entry: its gradient is the upstream gradient transposed back",
   MatrixRule::Transpose},
  {Op::Sum, "sum", "\u03a3", 1, "",
   [](double x, double, double) { return x; },
   [](double, double, double, double) { return LocalGrads{1.0, 0}; }, nullptr,
   "the sum of all elements", {"1 (each element)", ""}, FlowPattern::Distributor,
   "sum distributes: every element receives the upstream gradient unchanged",
   MatrixRule::Sum},
  {Op::Mean, "mean", "mean", 1, "",
   [](double x, double, double) { return x; },
   [](double, double, double, double) { return LocalGrads{1.0, 0}; }, nullptr,
   "the mean of all elements", {"1/n (each element)", ""}, FlowPattern::Scaler,
   "mean scales: every element receives the upstream gradient divided by the count n",
   MatrixRule::Mean},
  {Op::Softmax, "softmax", "softmax", 1, "",  // one element per row: e^(x−x) = 1
   [](double x, double, double) { return std::exp(x - x); },
   [](double x, double, double, double) { return LocalGrads{std::exp(x - x) - 1.0, 0}; },
   nullptr,
   "e^x / \u03a3 e^x along each row", {"p \u2218 (upstream \u2212 \u03a3 upstream \u2218 p)", ""},
   FlowPattern::Scaler,
   "softmax mixes a row: each entry's gradient is p \u00d7 (upstream \u2212 the row's "
   "\u03a3 upstream \u00d7 p)",
   MatrixRule::Softmax},
  {Op::CrossEntropy, "cross_entropy", "CE", 2, "",  // one element: p = 1, −y·log 1 = 0
   [](double s, double y, double) { return -y * std::log(std::exp(s - s)); },
   [](double s, double y, double, double) {
     const double p = std::exp(s - s);
     return LocalGrads{p * y - y, -std::log(p)};
   },
   nullptr,
   "mean over rows of \u2212\u03a3 y\u00b7log softmax(s)",
   {"(softmax(s)\u00b7\u03a3y \u2212 y)/rows", "\u2212log softmax(s)/rows"},
   FlowPattern::Scaler,
   "cross-entropy passes softmax(s) \u2212 y per row (for one-hot y), divided by the row count",
   MatrixRule::CrossEntropy},
}};
// clang-format on

// The table is indexed by the enum: keep the rows in enum order.
constexpr bool ops_table_in_enum_order() {
  for (int i = 0; i < kOpCount; ++i)
    if (static_cast<int>(kOps[i].op) != i) return false;
  return true;
}
static_assert(ops_table_in_enum_order(), "kOps rows must follow the order of enum Op");

inline constexpr const OpInfo& op_info(Op op) { return kOps[static_cast<int>(op)]; }
inline constexpr int arity(Op op) { return op_info(op).arity; }
inline constexpr bool is_leaf(Op op) { return op_info(op).arity == 0; }
inline constexpr bool has_param(Op op) { return !op_info(op).param_name.empty(); }
// A gate with a matrix rule of its own (matmul, transpose, sum, mean, softmax, cross_entropy).
inline constexpr bool is_matrix_gate(Op op) { return op > kLastElementwiseGate && op < Op::Count_; }

// Looks an op up by its name ("add", "sigmoid", ...); nullopt for an unknown name.
std::optional<Op> op_from_name(std::string_view name);

// One sentence per non-smooth gate, for documentation and `gradflow-cli ops`.
inline constexpr std::string_view kKinkRules =
    "max/min: a tie routes the whole gradient to the first input, a NaN input loses; "
    "relu: slope 0 at x = 0; abs: slope 0 at x = 0";

// The chain rule's step for one input: upstream × local, except that a zero blocks (see the
// conventions above): 0 × inf and 0 × NaN give 0 here. Used by eval.cpp's Trace; the tape's
// hot loop uses the pair form below, the same rule.
inline constexpr double downstream_grad_of(double upstream_grad, double local_grad) {
  return upstream_grad == 0.0 || local_grad == 0.0 ? 0.0 : upstream_grad * local_grad;
}

// The same rule for a gate's two inputs at once, as the tape's backward pass wants them: one
// vector multiply, compare and mask (GCC/Clang vectors of two doubles), no branch. A `?:` per
// input compiles to branches that mispredict on graphs full of zeros and NaN, and ran the
// tape's backward pass 2-3 times slower; the mask costs well under 1 ns per gate.
struct DownstreamPair {
  double to_a, to_b;
};
inline DownstreamPair downstream_grads_of(double upstream_grad, double local_a, double local_b) {
  using Pair = double __attribute__((vector_size(16)));
  using Bits = std::int64_t __attribute__((vector_size(16)));
  const Pair local = {local_a, local_b}, upstream = {upstream_grad, upstream_grad};
  const Bits keep = (local != 0.0) & (upstream != 0.0);  // all 1s where neither factor is 0
  const Pair down = reinterpret_cast<Pair>(reinterpret_cast<Bits>(upstream * local) & keep);
  return {down[0], down[1]};
}

std::string_view pattern_name(FlowPattern pattern);  // "distributor", "swap multiplier", ...

}  // namespace gf

// ---- Dispatch for hot loops ------------------------------------------------------------------
// A switch over the table's rows, so the compiler inlines each row's lambda. It is generated
// from kOps: a new row needs no edit here (up to 32 ops).
namespace gf::detail {
template <int I>
inline double forward_row(double a, double b, double p) {
  if constexpr (I < kOpCount)
    return kOps[I].forward(a, b, p);
  else
    return 0.0;
}
template <int I>
inline LocalGrads local_grads_row(double a, double b, double out, double p) {
  if constexpr (I < kOpCount)
    return kOps[I].local_grads(a, b, out, p);
  else
    return {};
}
}  // namespace gf::detail

namespace gf {
static_assert(kOpCount <= 32, "extend the dispatch switches below");

#define GF_DISPATCH_8(F, B, ...)  \
  case B + 0:                     \
    return F<B + 0>(__VA_ARGS__); \
  case B + 1:                     \
    return F<B + 1>(__VA_ARGS__); \
  case B + 2:                     \
    return F<B + 2>(__VA_ARGS__); \
  case B + 3:                     \
    return F<B + 3>(__VA_ARGS__); \
  case B + 4:                     \
    return F<B + 4>(__VA_ARGS__); \
  case B + 5:                     \
    return F<B + 5>(__VA_ARGS__); \
  case B + 6:                     \
    return F<B + 6>(__VA_ARGS__); \
  case B + 7:                     \
    return F<B + 7>(__VA_ARGS__);
// clang-format off
#define GF_DISPATCH_32(F, ...)      \
  GF_DISPATCH_8(F, 0, __VA_ARGS__)  \
  GF_DISPATCH_8(F, 8, __VA_ARGS__)  \
  GF_DISPATCH_8(F, 16, __VA_ARGS__) \
  GF_DISPATCH_8(F, 24, __VA_ARGS__)
// clang-format on

inline double op_forward(Op op, double a, double b, double param) {
  switch (static_cast<int>(op)) {
    GF_DISPATCH_32(detail::forward_row, a, b, param)
    default:
      return 0.0;
  }
}

inline LocalGrads op_local_grads(Op op, double a, double b, double out, double param) {
  switch (static_cast<int>(op)) {
    GF_DISPATCH_32(detail::local_grads_row, a, b, out, param)
    default:
      return {};
  }
}

// Runs one segment of same-op gates (see tape.hpp) for k in [begin, end): the value, and when
// local_a is not null also the local gradients d(value)/d(a) and d(value)/d(b), so that the
// backward pass needs no dispatch at all. local_b of unary gates is never written: it must be 0
// from the start (TapeBuffers::resize_for zeroes it).
namespace detail {
template <int I>
inline void forward_segment(double* value, double* local_a, double* local_b, const std::int32_t* a,
                            const std::int32_t* b, const double* param, std::int32_t begin,
                            std::int32_t end) {
  if constexpr (I < kOpCount) {
    if (local_a == nullptr) {
      for (std::int32_t k = begin; k < end; ++k)
        value[k] = kOps[I].forward(value[a[k]], value[b[k]], param[k]);
      return;
    }
    for (std::int32_t k = begin; k < end; ++k) {
      const double in_a = value[a[k]], in_b = value[b[k]];
      const double out = kOps[I].forward(in_a, in_b, param[k]);
      const LocalGrads local = kOps[I].local_grads(in_a, in_b, out, param[k]);
      value[k] = out;
      local_a[k] = local.wrt_a;
      if constexpr (kOps[I].arity == 2) local_b[k] = local.wrt_b;  // unary: stays 0
    }
  }
}
}  // namespace detail

inline void op_forward_segment(Op op, double* value, double* local_a, double* local_b,
                               const std::int32_t* a, const std::int32_t* b, const double* param,
                               std::int32_t begin, std::int32_t end) {
  switch (static_cast<int>(op)) {
    GF_DISPATCH_32(detail::forward_segment, value, local_a, local_b, a, b, param, begin, end)
    default:
      return;
  }
}

#undef GF_DISPATCH_32
#undef GF_DISPATCH_8

}  // namespace gf
