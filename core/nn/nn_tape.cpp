// nn_tape.cpp — compiling a graph to a batched tape, and its passes (see nn_tape.hpp).
//
// Index
//   [SECTION] Compilation
//   [SECTION] Buffers
//   [SECTION] Kernels: one gate over the batch, per op and argument kinds
//   [SECTION] Passes
#include "nn_tape.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace gf::nn {

// [SECTION] Compilation -----------------------------------------------------------------------

namespace {

// Rows handed out and given back, last freed first (it is the likeliest still in cache).
struct RowPool {
  std::vector<std::int32_t> free_rows;
  std::int32_t count = 0;
  std::int32_t take() {
    if (free_rows.empty()) return count++;
    const std::int32_t row = free_rows.back();
    free_rows.pop_back();
    return row;
  }
  void give_back(std::int32_t row) { free_rows.push_back(row); }
};

bool reads_row_a(ArgKinds kinds) { return kinds != ArgKinds::UniformRow; }
bool reads_row_b(ArgKinds kinds) {
  return kinds == ArgKinds::RowRow || kinds == ArgKinds::UniformRow;
}

// Backward's gradient rows, walking the instructions in reverse: a slot takes a row at its
// first contribution (which starts from zero) and gives it back once the gate that made it is
// done.
void assign_gradient_rows(BatchTape& tape) {
  const InstructionList& list = tape.varying;
  std::vector<std::int32_t> grad_of(tape.row_count, -1);
  RowPool pool;
  if (tape.output.varying && tape.output.on_tape())
    tape.output_grad_row = grad_of[tape.output.index] = pool.take();
  tape.grad_out.assign(list.size(), -1);
  tape.grad_a.assign(list.size(), -1);
  tape.grad_b.assign(list.size(), -1);
  tape.zero_first.assign(list.size(), 0);
  for (std::int32_t i = list.size() - 1; i >= 0; --i) {
    // Every gate on the tape feeds the output, so a later gate (or the seed) gave it a row.
    tape.grad_out[i] = grad_of[list.out[i]];
    const ArgKinds kinds = list.kinds(i);
    if (reads_row_a(kinds)) {
      std::int32_t& row = grad_of[list.arg_a[i]];
      if (row < 0) {
        row = pool.take();
        tape.zero_first[i] |= 1;
      }
      tape.grad_a[i] = row;
    }
    if (reads_row_b(kinds)) {
      std::int32_t& row = grad_of[list.arg_b[i]];
      if (row < 0) {
        row = pool.take();
        tape.zero_first[i] |= 2;
      }
      tape.grad_b[i] = row;
    }
    if (tape.grad_out[i] >= 0) pool.give_back(tape.grad_out[i]);
  }
  tape.grad_row_count = pool.count;
  tape.column_grad_row.assign(tape.column_row.size(), -1);
  for (std::size_t c = 0; c < tape.column_row.size(); ++c)
    if (tape.column_row[c] >= 0) tape.column_grad_row[c] = grad_of[tape.column_row[c]];
}

}  // namespace

Result<BatchTape> compile_batch_tape(const Graph& graph, NodeId output,
                                     std::span<const NodeId> point_inputs,
                                     std::span<const NodeId> parameters, TapeOrder order) {
  Result<Tape> flat = compile_tape(graph, output, order);
  if (!flat) return Status::failure(flat.reason());

  // What each leaf is: a constant, a point input or a parameter.
  enum : std::uint8_t { kConstant, kPointInput, kParameter };
  std::vector<std::uint8_t> role(graph.id_limit(), kConstant);
  std::vector<std::int32_t> index_of(graph.id_limit(), -1);
  auto claim = [&](std::span<const NodeId> leaves, std::uint8_t what, const char* kind) -> Status {
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      const NodeId id = leaves[i];
      if (!graph.contains(id) || graph.op(id) != Op::Input)
        return Status::failure(std::string(kind) + " " + std::to_string(i) +
                               " is not an input leaf of the graph");
      if (role[id] != kConstant) return Status::failure(graph.describe(id) + " is listed twice");
      role[id] = what;
      index_of[id] = static_cast<std::int32_t>(i);
    }
    return Status::success();
  };
  if (Status s = claim(point_inputs, kPointInput, "point input"); !s) return s;
  if (Status s = claim(parameters, kParameter, "parameter"); !s) return s;

  BatchTape tape;
  tape.column_row.assign(point_inputs.size(), -1);
  tape.parameter_slot.assign(parameters.size(), -1);
  tape.slot_of_node.assign(graph.id_limit(), BatchSlot{});
  std::vector<BatchSlot> slot_of(flat->size());
  auto new_slot = [&](bool varying) {
    return varying ? BatchSlot{true, tape.row_count++} : BatchSlot{false, tape.uniform_count++};
  };

  for (std::int32_t s = 0; s < flat->leaf_count; ++s) {
    const NodeId id = flat->node_of_slot[s];
    slot_of[s] = new_slot(role[id] == kPointInput);
    if (role[id] == kPointInput) tape.column_row[index_of[id]] = slot_of[s].index;
    if (role[id] == kParameter) tape.parameter_slot[index_of[id]] = slot_of[s].index;
    if (role[id] == kConstant) {
      tape.constant_slot.push_back(slot_of[s].index);
      tape.constant_value.push_back(flat->params[s]);
    }
  }
  InstructionList& list = tape.varying;
  for (std::int32_t s = flat->leaf_count; s < flat->size(); ++s) {
    const int pins = arity(flat->ops[s]);
    const BatchSlot a = slot_of[flat->arg_a[s]];
    const BatchSlot b = pins > 1 ? slot_of[flat->arg_b[s]] : BatchSlot{false, -1};
    const bool varying = a.varying || b.varying;
    slot_of[s] = new_slot(varying);
    if (!varying) {
      tape.uniform_ops.push_back(flat->ops[s]);
      tape.uniform_out.push_back(slot_of[s].index);
      tape.uniform_a.push_back(a.index);
      tape.uniform_b.push_back(b.index);  // -1 becomes the sink below
      tape.uniform_param.push_back(flat->params[s]);
      continue;
    }
    const ArgKinds kinds = pins == 1                ? ArgKinds::Row
                           : a.varying && b.varying ? ArgKinds::RowRow
                           : a.varying              ? ArgKinds::RowUniform
                                                    : ArgKinds::UniformRow;
    list.code.push_back(static_cast<std::uint8_t>(static_cast<int>(flat->ops[s]) * kArgKindCount +
                                                  static_cast<int>(kinds)));
    list.out.push_back(slot_of[s].index);
    list.arg_a.push_back(a.index);
    list.arg_b.push_back(pins > 1 ? b.index : a.index);  // unary: never read
    list.param.push_back(flat->params[s]);
  }
  for (std::int32_t& b : tape.uniform_b)
    if (b < 0) b = tape.uniform_sink();
  for (std::int32_t s = 0; s < flat->size(); ++s)
    tape.slot_of_node[flat->node_of_slot[s]] = slot_of[s];
  tape.output = slot_of[flat->output_slot];
  assign_gradient_rows(tape);
  return tape;
}

ForwardProgram make_forward_program(const BatchTape& tape, std::span<const BatchSlot> targets) {
  const InstructionList& list = tape.varying;
  // Which instructions the targets need, walking back from them.
  std::vector<std::uint8_t> needed_row(tape.row_count, 0), needed(list.size(), 0);
  for (BatchSlot target : targets)
    if (target.varying && target.on_tape()) needed_row[target.index] = 1;
  std::vector<std::int32_t> made_by(tape.row_count, -1);
  for (std::int32_t i = 0; i < list.size(); ++i) made_by[list.out[i]] = i;
  for (std::int32_t i = list.size() - 1; i >= 0; --i) {
    if (!needed_row[list.out[i]]) continue;
    needed[i] = 1;
    if (reads_row_a(list.kinds(i))) needed_row[list.arg_a[i]] = 1;
    if (reads_row_b(list.kinds(i))) needed_row[list.arg_b[i]] = 1;
  }
  // The last instruction reading each row; targets are read "after the end".
  constexpr std::int32_t kForever = INT32_MAX;
  std::vector<std::int32_t> last_use(tape.row_count, -1);
  for (std::int32_t i = 0; i < list.size(); ++i) {
    if (!needed[i]) continue;
    if (reads_row_a(list.kinds(i))) last_use[list.arg_a[i]] = i;
    if (reads_row_b(list.kinds(i))) last_use[list.arg_b[i]] = i;
  }
  for (BatchSlot target : targets)
    if (target.varying && target.on_tape()) last_use[target.index] = kForever;

  ForwardProgram program;
  RowPool pool;
  std::vector<std::int32_t> row_of(tape.row_count, -1);
  program.column_row.assign(tape.column_row.size(), -1);
  for (std::size_t c = 0; c < tape.column_row.size(); ++c)
    if (tape.column_row[c] >= 0 && needed_row[tape.column_row[c]])
      program.column_row[c] = row_of[tape.column_row[c]] = pool.take();
  InstructionList& out = program.instructions;
  for (std::int32_t i = 0; i < list.size(); ++i) {
    if (!needed[i]) continue;
    const ArgKinds kinds = list.kinds(i);
    // The result's row first, then the arguments' rows are given back: never the same row.
    const std::int32_t result = pool.take();
    out.code.push_back(list.code[i]);
    out.out.push_back(result);
    out.arg_a.push_back(reads_row_a(kinds) ? row_of[list.arg_a[i]] : list.arg_a[i]);
    out.arg_b.push_back(reads_row_b(kinds) ? row_of[list.arg_b[i]] : list.arg_b[i]);
    out.param.push_back(list.param[i]);
    if (kinds == ArgKinds::Row) out.arg_b.back() = out.arg_a.back();
    for (bool is_a : {true, false}) {
      if (is_a ? !reads_row_a(kinds) : !reads_row_b(kinds)) continue;
      const std::int32_t row = is_a ? list.arg_a[i] : list.arg_b[i];
      if (!is_a && kinds == ArgKinds::RowRow && row == list.arg_a[i]) continue;  // x·x: once
      if (last_use[row] == i) pool.give_back(row_of[row]);
    }
    row_of[list.out[i]] = result;
  }
  program.row_count = pool.count;
  for (BatchSlot target : targets)
    program.targets.push_back(
        target.varying && target.on_tape() ? BatchSlot{true, row_of[target.index]} : target);
  return program;
}

// [SECTION] Buffers ---------------------------------------------------------------------------

void BatchBuffers::resize(std::int32_t value_rows, std::int32_t grad_rows, std::int32_t uniforms,
                          int capacity) {
  constexpr std::ptrdiff_t kAlign = 8;  // doubles: rows start on 64-byte cache lines
  capacity_ = std::max(capacity, 1);
  stride_ = (capacity_ + kAlign - 1) / kAlign * kAlign;
  value_rows_ = value_rows;
  storage_.assign(static_cast<std::size_t>((value_rows + grad_rows) * stride_), 0.0);
  point_into_storage();
  uniform_value.assign(uniforms + 1, 0.0);
  uniform_grad.assign(uniforms + 1, 0.0);
}

void BatchBuffers::resize_for(const BatchTape& tape, int capacity) {
  resize(tape.row_count, tape.grad_row_count, tape.uniform_count, capacity);
}

void BatchBuffers::resize_for(const BatchTape& tape, const ForwardProgram& program, int capacity) {
  resize(program.row_count, 0, tape.uniform_count, capacity);
}

// [SECTION] Kernels: one gate over the batch, per op and argument kinds -----------------------
// Each kernel is a template on code = op × 4 + kinds, so the op table's rule is inlined into a
// plain loop over the batch. The passes are compiled twice (AVX2 and baseline x86-64, chosen at
// run time) when the compiler supports it: the library must run on any x86-64 CPU. Not under
// ThreadSanitizer: the clones' resolvers run before its runtime is ready.

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define GF_NN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define GF_NN_CLONES
#endif
#define GF_NN_INLINE [[gnu::always_inline]] inline

namespace {

constexpr int kRowRow = static_cast<int>(ArgKinds::RowRow);
constexpr int kUniformRow = static_cast<int>(ArgKinds::UniformRow);
constexpr int kRowUniform = static_cast<int>(ArgKinds::RowUniform);

// Where an instruction's operands live in this pass.
struct PassMemory {
  double* values;
  double* grads;
  std::ptrdiff_t stride;
  double* uniform_value;
  double* uniform_grad;
};

template <int Code>
GF_NN_INLINE void forward_kernel(const PassMemory& m, std::int32_t out_row, std::int32_t a_index,
                                 std::int32_t b_index, double param, int n) {
  constexpr int I = Code / kArgKindCount, K = Code % kArgKindCount;
  if constexpr (I <= static_cast<int>(kLastElementwiseGate)) {  // (matrix gates: not in tapes)
    constexpr auto rule = kOps[I].forward;
    double* __restrict out = m.values + out_row * m.stride;
    if constexpr (K == kRowRow) {
      const double* a = m.values + a_index * m.stride;
      const double* b = m.values + b_index * m.stride;
      for (int p = 0; p < n; ++p) out[p] = rule(a[p], b[p], param);
    } else if constexpr (K == kUniformRow) {
      const double a = m.uniform_value[a_index];
      const double* b = m.values + b_index * m.stride;
      for (int p = 0; p < n; ++p) out[p] = rule(a, b[p], param);
    } else if constexpr (K == kRowUniform) {
      const double* a = m.values + a_index * m.stride;
      const double b = m.uniform_value[b_index];
      for (int p = 0; p < n; ++p) out[p] = rule(a[p], b, param);
    } else {
      const double* a = m.values + a_index * m.stride;
      for (int p = 0; p < n; ++p) out[p] = rule(a[p], 0.0, param);
    }
  }
}

// Sums over the batch keep 8 partial sums in a fixed order: vectorizable, and the same result
// whichever clone runs.
constexpr int kPartials = 8;
GF_NN_INLINE double total_of(const double (&partial)[kPartials]) {
  return ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
         ((partial[4] + partial[5]) + (partial[6] + partial[7]));
}

// A gradient row's first contribution of the pass starts from 0 (zero_grad), later ones from
// what the row holds (fan-out: +=). Writing `0.0 + x` in the loop that adds is exactly a row
// zeroed beforehand, without a separate pass over the row and a reload of its zeros.
template <bool kFromZero>
GF_NN_INLINE double start_of(const double* grad, int p) {
  if constexpr (kFromZero)
    return 0.0;
  else
    return grad[p];
}

template <auto Rule, bool kZeroA, bool kZeroB>
GF_NN_INLINE void backward_row_row(const double* __restrict up, const double* a, const double* b,
                                   const double* out, double* __restrict grad_a,
                                   double* __restrict grad_b, double param, int n) {
  for (int p = 0; p < n; ++p) {
    const LocalGrads local = Rule(a[p], b[p], out[p], param);
    grad_a[p] = start_of<kZeroA>(grad_a, p) + up[p] * local.wrt_a;  // += at fan-out
    grad_b[p] = start_of<kZeroB>(grad_b, p) + up[p] * local.wrt_b;
  }
}

// x·x: both contributions go to one row, one after the other.
template <auto Rule, bool kZero>
GF_NN_INLINE void backward_same_row(const double* __restrict up, const double* a, const double* b,
                                    const double* out, double* __restrict grad, double param,
                                    int n) {
  for (int p = 0; p < n; ++p) {
    const LocalGrads local = Rule(a[p], b[p], out[p], param);
    grad[p] = (start_of<kZero>(grad, p) + up[p] * local.wrt_a) + up[p] * local.wrt_b;
  }
}

// A gate reading a uniform (a weight) and a row (an activation): the row's gradient per point,
// and the uniform's as a sum over the batch, returned (8 partial sums in a fixed order).
template <auto Rule, bool kUniformA, bool kZeroRow>
GF_NN_INLINE double backward_uniform_row(const double* __restrict up, const double* __restrict row,
                                         const double* __restrict out, double uniform,
                                         double* __restrict grad_row, double param, int n) {
  double partial[kPartials] = {};
  int p = 0;
  for (; p + kPartials <= n; p += kPartials) {
    for (int lane = 0; lane < kPartials; ++lane) {
      const int q = p + lane;
      const LocalGrads local =
          kUniformA ? Rule(uniform, row[q], out[q], param) : Rule(row[q], uniform, out[q], param);
      grad_row[q] =
          start_of<kZeroRow>(grad_row, q) + up[q] * (kUniformA ? local.wrt_b : local.wrt_a);
      partial[lane] += up[q] * (kUniformA ? local.wrt_a : local.wrt_b);
    }
  }
  for (int lane = 0; p < n; ++p, ++lane) {
    const LocalGrads local =
        kUniformA ? Rule(uniform, row[p], out[p], param) : Rule(row[p], uniform, out[p], param);
    grad_row[p] = start_of<kZeroRow>(grad_row, p) + up[p] * (kUniformA ? local.wrt_b : local.wrt_a);
    partial[lane] += up[p] * (kUniformA ? local.wrt_a : local.wrt_b);
  }
  return total_of(partial);
}

template <auto Rule, bool kZero>
GF_NN_INLINE void backward_row(const double* __restrict up, const double* a, const double* out,
                               double* __restrict grad_a, double param, int n) {
  for (int p = 0; p < n; ++p)
    grad_a[p] = start_of<kZero>(grad_a, p) + up[p] * Rule(a[p], 0.0, out[p], param).wrt_a;
}

// Backward of instruction i: value rows are the forward's, gradient rows the recycled ones.
struct BackwardRows {
  std::int32_t out, a, b;                 // values: rows, or uniform indices as the kinds say
  std::int32_t grad_out, grad_a, grad_b;  // gradient rows (a uniform's gradient is at its index)
  std::uint8_t from_zero;                 // bit 0: grad_a starts at 0 here; bit 1: grad_b
};

template <int Code>
GF_NN_INLINE void backward_kernel(const PassMemory& m, const BackwardRows& r, double param, int n) {
  constexpr int I = Code / kArgKindCount, K = Code % kArgKindCount;
  if constexpr (I <= static_cast<int>(kLastElementwiseGate)) {  // (matrix gates: not in tapes)
    constexpr auto rule = kOps[I].local_grads;
    const double* __restrict up = m.grads + r.grad_out * m.stride;
    const double* out = m.values + r.out * m.stride;
    if constexpr (K == kRowRow) {
      const double* a = m.values + r.a * m.stride;
      const double* b = m.values + r.b * m.stride;
      double* grad_a = m.grads + r.grad_a * m.stride;
      double* grad_b = m.grads + r.grad_b * m.stride;
      if (grad_a == grad_b) {
        if (r.from_zero & 1)
          backward_same_row<rule, true>(up, a, b, out, grad_a, param, n);
        else
          backward_same_row<rule, false>(up, a, b, out, grad_a, param, n);
        return;
      }
      switch (r.from_zero & 3) {
        case 0:
          backward_row_row<rule, false, false>(up, a, b, out, grad_a, grad_b, param, n);
          break;
        case 1:
          backward_row_row<rule, true, false>(up, a, b, out, grad_a, grad_b, param, n);
          break;
        case 2:
          backward_row_row<rule, false, true>(up, a, b, out, grad_a, grad_b, param, n);
          break;
        default:
          backward_row_row<rule, true, true>(up, a, b, out, grad_a, grad_b, param, n);
          break;
      }
    } else if constexpr (K == kUniformRow || K == kRowUniform) {
      constexpr bool kUniformA = K == kUniformRow;
      const std::int32_t uniform = kUniformA ? r.a : r.b;
      const double* row = m.values + (kUniformA ? r.b : r.a) * m.stride;
      double* grad_row = m.grads + (kUniformA ? r.grad_b : r.grad_a) * m.stride;
      const bool from_zero = r.from_zero & (kUniformA ? 2 : 1);
      const double u = m.uniform_value[uniform];
      m.uniform_grad[uniform] +=
          from_zero
              ? backward_uniform_row<rule, kUniformA, true>(up, row, out, u, grad_row, param, n)
              : backward_uniform_row<rule, kUniformA, false>(up, row, out, u, grad_row, param, n);
    } else {
      const double* a = m.values + r.a * m.stride;
      double* grad_a = m.grads + r.grad_a * m.stride;
      if (r.from_zero & 1)
        backward_row<rule, true>(up, a, out, grad_a, param, n);
      else
        backward_row<rule, false>(up, a, out, grad_a, param, n);
    }
  }
}

static_assert(kOpCount * kArgKindCount <= 128, "extend the dispatch switches below");
// clang-format off
#define GF_NN_CASES_8(F, B, ...) \
  case B + 0: F<B + 0>(__VA_ARGS__); break; case B + 1: F<B + 1>(__VA_ARGS__); break; \
  case B + 2: F<B + 2>(__VA_ARGS__); break; case B + 3: F<B + 3>(__VA_ARGS__); break; \
  case B + 4: F<B + 4>(__VA_ARGS__); break; case B + 5: F<B + 5>(__VA_ARGS__); break; \
  case B + 6: F<B + 6>(__VA_ARGS__); break; case B + 7: F<B + 7>(__VA_ARGS__); break;
#define GF_NN_CASES_128(F, ...) \
  GF_NN_CASES_8(F, 0, __VA_ARGS__) GF_NN_CASES_8(F, 8, __VA_ARGS__) \
  GF_NN_CASES_8(F, 16, __VA_ARGS__) GF_NN_CASES_8(F, 24, __VA_ARGS__) \
  GF_NN_CASES_8(F, 32, __VA_ARGS__) GF_NN_CASES_8(F, 40, __VA_ARGS__) \
  GF_NN_CASES_8(F, 48, __VA_ARGS__) GF_NN_CASES_8(F, 56, __VA_ARGS__) \
  GF_NN_CASES_8(F, 64, __VA_ARGS__) GF_NN_CASES_8(F, 72, __VA_ARGS__) \
  GF_NN_CASES_8(F, 80, __VA_ARGS__) GF_NN_CASES_8(F, 88, __VA_ARGS__) \
  GF_NN_CASES_8(F, 96, __VA_ARGS__) GF_NN_CASES_8(F, 104, __VA_ARGS__) \
  GF_NN_CASES_8(F, 112, __VA_ARGS__) GF_NN_CASES_8(F, 120, __VA_ARGS__)
// clang-format on

GF_NN_CLONES void run_forward(const InstructionList& list, const PassMemory& memory, int n) {
  const std::int32_t count = list.size();
  for (std::int32_t i = 0; i < count; ++i) {
    switch (list.code[i]) {
      GF_NN_CASES_128(forward_kernel, memory, list.out[i], list.arg_a[i], list.arg_b[i],
                      list.param[i], n)
      default:
        break;
    }
  }
}

// The plain product upstream × local, without ops.hpp's blocking rule (downstream_grad_of):
// the rule only differs when an upstream or a local gradient is inf or NaN, and here neither
// is while the values are finite. The graphs trained are nn_model's, whose gates all have
// finite local gradients at finite inputs (relu, tanh, sigmoid, sin, x², add, sub, mul, max,
// e^(x−m) ≤ 1, and log only of Σe^(x−m) ≥ 1). Once a value or a gradient overflows, a
// parameter turns inf or NaN, and the trainer stops on divergence whatever a blocked gate
// would have passed. So the kernels keep their vectorized loops as they are.
GF_NN_CLONES void run_backward(const BatchTape& tape, const PassMemory& memory, int n) {
  const InstructionList& list = tape.varying;
  for (std::int32_t i = list.size() - 1; i >= 0; --i) {
    const BackwardRows rows{list.out[i],    list.arg_a[i],  list.arg_b[i],     tape.grad_out[i],
                            tape.grad_a[i], tape.grad_b[i], tape.zero_first[i]};
    switch (list.code[i]) {
      GF_NN_CASES_128(backward_kernel, memory, rows, list.param[i], n)
      default:
        break;
    }
  }
}

#undef GF_NN_CASES_128
#undef GF_NN_CASES_8

PassMemory memory_of(BatchBuffers& buffers) {
  return {buffers.values(), buffers.grads(), buffers.stride(), buffers.uniform_value.data(),
          buffers.uniform_grad.data()};
}

}  // namespace

// [SECTION] Passes ----------------------------------------------------------------------------

void load_uniforms(const BatchTape& tape, BatchBuffers& buffers,
                   std::span<const double> parameters) {
  double* value = buffers.uniform_value.data();
  for (std::size_t j = 0; j < tape.parameter_slot.size(); ++j)
    if (tape.parameter_slot[j] >= 0) value[tape.parameter_slot[j]] = parameters[j];
  for (std::size_t c = 0; c < tape.constant_slot.size(); ++c)
    value[tape.constant_slot[c]] = tape.constant_value[c];
  value[tape.uniform_sink()] = 0.0;
  for (std::size_t i = 0; i < tape.uniform_ops.size(); ++i)
    value[tape.uniform_out[i]] = op_forward(tape.uniform_ops[i], value[tape.uniform_a[i]],
                                            value[tape.uniform_b[i]], tape.uniform_param[i]);
}

void batch_forward(const BatchTape& tape, BatchBuffers& buffers, std::span<const double> parameters,
                   int n) {
  load_uniforms(tape, buffers, parameters);
  run_forward(tape.varying, memory_of(buffers), n);
}

void run_program(const ForwardProgram& program, BatchBuffers& buffers, int n) {
  run_forward(program.instructions, memory_of(buffers), n);
}

void batch_backward(const BatchTape& tape, BatchBuffers& buffers, int n, double seed) {
  // zero_grad for the shared leaves (a row starts from zero at its slot's first contribution).
  std::fill(buffers.uniform_grad.begin(), buffers.uniform_grad.end(), 0.0);
  if (!tape.output.on_tape()) return;
  if (tape.output.varying)
    std::fill_n(buffers.grad_row(tape.output_grad_row), n, seed);
  else
    buffers.uniform_grad[tape.output.index] = seed * n;  // the same loss for every point

  run_backward(tape, memory_of(buffers), n);

  // Then the uniform gates, in reverse: their gradients are complete (sums over the batch).
  double* value = buffers.uniform_value.data();
  double* grad = buffers.uniform_grad.data();
  for (std::size_t k = tape.uniform_ops.size(); k-- > 0;) {
    const LocalGrads local =
        op_local_grads(tape.uniform_ops[k], value[tape.uniform_a[k]], value[tape.uniform_b[k]],
                       value[tape.uniform_out[k]], tape.uniform_param[k]);
    const double upstream = grad[tape.uniform_out[k]];  // finite: see run_backward
    grad[tape.uniform_a[k]] += upstream * local.wrt_a;
    grad[tape.uniform_b[k]] += upstream * local.wrt_b;  // unary gates: into the sink
  }
}

void parameter_gradients(const BatchTape& tape, const BatchBuffers& buffers,
                         std::span<double> gradients) {
  for (std::size_t j = 0; j < tape.parameter_slot.size(); ++j)
    gradients[j] = tape.parameter_slot[j] >= 0 ? buffers.uniform_grad[tape.parameter_slot[j]] : 0.0;
}

double point_input_gradient(const BatchTape& tape, const BatchBuffers& buffers, int column, int p) {
  const std::int32_t row = tape.column_grad_row[column];
  return row < 0 ? 0.0 : buffers.grad_row(row)[p];
}

}  // namespace gf::nn
