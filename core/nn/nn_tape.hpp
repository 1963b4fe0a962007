// nn_tape.hpp — a per-point graph compiled ONCE into a flat batched tape: every instruction is
// one gate of the graph, evaluated over the whole batch of points before the next one runs.
//
// Layout (struct of arrays). Every slot of the graph is either
//   varying  different per point: the point's leaves (x1, x2, labels) and every gate that reads
//            one; stored as a row of `stride` doubles, values[row][point], so each instruction
//            is a loop over contiguous doubles that the compiler vectorizes;
//   uniform  the same for the whole batch: parameters (weights, biases), constants, and gates
//            that read only those; stored once. A parameter is a shared leaf: its gradient is
//            the sum over the batch of every point's contribution.
// Uniform-only gates run first (nothing they read varies) as scalar steps; the varying
// instructions follow in the graph's depth-first order, so a gate's inputs were usually just
// computed and are still in cache.
//
// Backward: the parameters' gradients are ZEROED before every pass (micrograd's bug #2 is
// forgetting zero_grad), the output's row is seeded, and the instructions run in reverse, each
// ADDING upstream × local into its inputs' gradients (bug #53 is `=` where fan-out needs `+=`).
// Local gradients come from the op table's rules (ops.hpp), evaluated from the stored values,
// so a new gate needs no edit here; the compiler drops the loads a rule does not use.
//
// Gradient rows are recycled: in reverse order a slot's gradient is live from its first
// contribution (its last consumer) to the gate that produced the slot, so a few dozen rows
// serve a graph of hundreds of gates and stay in the core's cache. A row taken for a slot is
// zeroed for it: the slot's first contribution of the pass adds to 0.0, not to the row's old
// content (fused into that contribution's loop, so the row is not written twice); the later
// ones add to the running sum. The point leaves keep their rows, so d(loss)/d(x1) per point is
// readable after a pass; a gate's gradient row is reused once the gate is done (the stepper's
// scalar graph shows those).
//
// Forward-only programs (make_forward_program) run only the gates that feed chosen slots (the
// scores, the hidden neurons) and recycle value rows the same way: the decision boundary and
// the neuron thumbnails over thousands of points, chunk by chunk. After the buffers are sized,
// no pass allocates.
#pragma once

#include <cstdint>
#include <new>
#include <span>
#include <utility>
#include <vector>

#include "graph.hpp"
#include "result.hpp"
#include "tape.hpp"

namespace gf::nn {

struct BatchSlot {
  bool varying = false;
  std::int32_t index = -1;  // a row (varying) or a uniform index; -1: the node is not on the tape
  bool on_tape() const { return index >= 0; }
};

// How a varying instruction reads its two arguments: both rows, a uniform then a row, a row then
// a uniform, or one row (unary gates).
enum class ArgKinds : std::uint8_t { RowRow, UniformRow, RowUniform, Row };
inline constexpr int kArgKindCount = 4;

// Varying instructions, struct of arrays. code = op × kArgKindCount + kinds: one dispatch.
struct InstructionList {
  std::vector<std::uint8_t> code;
  std::vector<std::int32_t> out, arg_a, arg_b;  // rows, or uniform indices as code says
  std::vector<double> param;                    // pow's exponent
  std::int32_t size() const { return static_cast<std::int32_t>(code.size()); }
  Op op(std::int32_t i) const { return static_cast<Op>(code[i] / kArgKindCount); }
  ArgKinds kinds(std::int32_t i) const { return static_cast<ArgKinds>(code[i] % kArgKindCount); }
};

struct BatchTape {
  // Uniform instructions: scalar, run once per pass. Unary gates read uniform_sink() as b.
  std::vector<Op> uniform_ops;
  std::vector<std::int32_t> uniform_out, uniform_a, uniform_b;
  std::vector<double> uniform_param;
  // Varying instructions over the batch, values in rows [0, row_count).
  InstructionList varying;
  // Backward's gradient rows per instruction (the recycled ones, see the top of this file), and
  // which of them start from zero at this instruction (its first contribution): bit 0 arg a,
  // bit 1 arg b.
  std::vector<std::int32_t> grad_out, grad_a, grad_b;
  std::vector<std::uint8_t> zero_first;
  std::int32_t grad_row_count = 0;
  std::int32_t output_grad_row = -1;
  std::vector<std::int32_t> column_grad_row;  // point input c -> its gradient row (kept), or -1

  std::int32_t row_count = 0;                // varying slots
  std::int32_t uniform_count = 0;            // uniform slots (the sink is one more)
  std::vector<std::int32_t> column_row;      // point input c -> its row; -1 when not on the tape
  std::vector<std::int32_t> parameter_slot;  // parameter j -> uniform index; -1 when not on it
  std::vector<std::int32_t> constant_slot;   // constants and other fixed leaves ...
  std::vector<double> constant_value;        // ... and their values
  std::vector<BatchSlot> slot_of_node;       // by NodeId
  BatchSlot output;

  std::int32_t instruction_count() const { return varying.size(); }
  std::int32_t uniform_sink() const { return uniform_count; }
  BatchSlot slot(NodeId id) const {
    return id >= 0 && id < static_cast<NodeId>(slot_of_node.size()) ? slot_of_node[id]
                                                                    : BatchSlot{};
  }
};

// Compiles the part of `graph` that feeds `output`. `point_inputs` are the leaves that vary per
// point (column c is point_inputs[c]); `parameters` the leaves trained (index j). Any other leaf
// is a constant with its value in the graph. Refuses what compile_tape refuses, a point input or
// parameter that is not an input leaf, and a leaf listed twice.
Result<BatchTape> compile_batch_tape(const Graph& graph, NodeId output,
                                     std::span<const NodeId> point_inputs,
                                     std::span<const NodeId> parameters,
                                     TapeOrder order = TapeOrder::DepthFirst);

// Forward only, for the gates that feed `targets`, with value rows recycled.
struct ForwardProgram {
  InstructionList instructions;
  std::int32_t row_count = 0;            // rows a pass needs
  std::vector<std::int32_t> column_row;  // point input c -> its row; -1 when not read
  std::vector<BatchSlot> targets;        // where each target's value is after a pass
};
ForwardProgram make_forward_program(const BatchTape& tape, std::span<const BatchSlot> targets);

// Values and gradients for up to `capacity` points.
class BatchBuffers {
 public:
  void resize_for(const BatchTape& tape, int capacity);  // for batch_forward and batch_backward
  void resize_for(const BatchTape& tape, const ForwardProgram& program, int capacity);
  int capacity() const { return capacity_; }
  std::ptrdiff_t stride() const { return stride_; }

  double* row(std::int32_t r) { return values_ + r * stride_; }
  const double* row(std::int32_t r) const { return values_ + r * stride_; }
  double* grad_row(std::int32_t r) { return grads_ + r * stride_; }
  const double* grad_row(std::int32_t r) const { return grads_ + r * stride_; }
  double* values() { return values_; }
  double* grads() { return grads_; }

  // The value of a slot for point p; a uniform slot has one for all points.
  double value(BatchSlot slot, int p) const {
    return slot.varying ? row(slot.index)[p] : uniform_value[slot.index];
  }

  std::vector<double> uniform_value, uniform_grad;  // uniform_count + 1 (the sink)

 private:
  void resize(std::int32_t value_rows, std::int32_t grad_rows, std::int32_t uniforms, int capacity);
  // Rows start on 64-byte cache lines, also in a copy (a plain vector guarantees 16 bytes).
  template <class T>
  struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}  // NOLINT: rebinding
    T* allocate(std::size_t n) {
      return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{64}));
    }
    void deallocate(T* p, std::size_t) { ::operator delete (p, std::align_val_t{64}); }
    bool operator==(const CacheLineAllocator&) const { return true; }
  };
  double* values_ = nullptr;  // value rows of stride_ doubles, then the gradient rows
  double* grads_ = nullptr;
  std::vector<double, CacheLineAllocator<double>> storage_;
  std::ptrdiff_t stride_ = 0;
  std::ptrdiff_t value_rows_ = 0;
  int capacity_ = 0;

 public:
  BatchBuffers() = default;
  BatchBuffers(const BatchBuffers& other) { *this = other; }
  BatchBuffers(BatchBuffers&& other) noexcept { *this = std::move(other); }
  BatchBuffers& operator=(const BatchBuffers& other) {
    if (this == &other) return *this;
    uniform_value = other.uniform_value;
    uniform_grad = other.uniform_grad;
    storage_ = other.storage_;
    stride_ = other.stride_, value_rows_ = other.value_rows_, capacity_ = other.capacity_;
    point_into_storage();
    return *this;
  }
  BatchBuffers& operator=(BatchBuffers&& other) noexcept {
    uniform_value = std::move(other.uniform_value);
    uniform_grad = std::move(other.uniform_grad);
    storage_ = std::move(other.storage_);
    stride_ = other.stride_, value_rows_ = other.value_rows_, capacity_ = other.capacity_;
    point_into_storage();
    return *this;
  }

 private:
  void point_into_storage() {
    values_ = storage_.data();
    grads_ = values_ + value_rows_ * stride_;
  }
};

// Where to write point input `column` for points 0..n-1 (nullptr when it is not read).
inline double* input_row(const BatchTape& tape, BatchBuffers& buffers, int column) {
  const std::int32_t r = tape.column_row[column];
  return r < 0 ? nullptr : buffers.row(r);
}
inline double* input_row(const ForwardProgram& program, BatchBuffers& buffers, int column) {
  const std::int32_t r = program.column_row[column];
  return r < 0 ? nullptr : buffers.row(r);
}

// Loads the parameters and constants into the uniform slots and runs the uniform instructions.
void load_uniforms(const BatchTape& tape, BatchBuffers& buffers,
                   std::span<const double> parameters);

// Forward over points [0, n): load_uniforms, then every varying instruction. n <= capacity.
void batch_forward(const BatchTape& tape, BatchBuffers& buffers, std::span<const double> parameters,
                   int n);
// A forward-only program over points [0, n), the uniforms already loaded (load_uniforms).
void run_program(const ForwardProgram& program, BatchBuffers& buffers, int n);

// Backward over points [0, n) after batch_forward: zeroes the parameters' gradients, seeds
// d(total)/d(output of point p) = seed (1/n for a mean) and accumulates into every slot (see
// the top of this file). A parameter's gradient is then the sum over the batch.
void batch_backward(const BatchTape& tape, BatchBuffers& buffers, int n, double seed);

// d(total)/d(parameter j) for every parameter (0 for one not on the tape).
void parameter_gradients(const BatchTape& tape, const BatchBuffers& buffers,
                         std::span<double> gradients);
// d(total)/d(point input c) for point p after batch_backward (0 when c is not on the tape).
double point_input_gradient(const BatchTape& tape, const BatchBuffers& buffers, int column, int p);

}  // namespace gf::nn
