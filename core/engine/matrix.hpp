// matrix.hpp — matrix values: a shape and its elements, row by row.
//
// A node's value is a matrix. A scalar is 1×1 and a vector a 1×n row. Scalars stay where they
// always were (Graph::param, the tape's double slots); only a value whose shape is not 1×1 is
// stored as a Matrix, beside them (Graph::matrix_value), so the scalar path pays nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace gf {

// The largest value, in elements, that the engine builds (8 MB of doubles). The GUI will draw
// at most 256×256 of it; the limit keeps a typo like 100000×100000 from exhausting memory.
inline constexpr std::int64_t kMaxMatrixElements = 1'000'000;

struct Shape {
  std::int32_t rows = 1;
  std::int32_t cols = 1;
  std::int64_t size() const { return std::int64_t{rows} * cols; }
  bool is_scalar() const { return rows == 1 && cols == 1; }
  bool operator==(const Shape&) const = default;
};

std::string shape_text(Shape shape);  // "2×3"

struct Matrix {
  Shape shape;
  std::vector<double> data;  // row-major, shape.size() elements
  double at(std::int32_t row, std::int32_t col) const { return data[row * shape.cols + col]; }
  bool operator==(const Matrix&) const = default;
};

// A 1×1 matrix holding `value`.
inline Matrix scalar_matrix(double value) { return {{1, 1}, {value}}; }

// Reads a literal: a number ("2.5", a 1×1), a row "[1, -2, 3]" (1×3) or rows
// "[[2, 1, 3], [-3, 4, 2]]" (2×3). Refuses ragged, empty, non-finite or oversized literals,
// naming the column (1-based, in `text`) where the problem is.
Result<Matrix> parse_matrix_literal(std::string_view text);
// The same, with the problem and its column apart (an expression places them in its own text).
struct MatrixLiteral {
  Matrix matrix;
  std::string problem;  // empty when the literal was read
  int column = 0;       // 1-based, in `text`, where the problem is
};
MatrixLiteral read_matrix_literal(std::string_view text);

}  // namespace gf
