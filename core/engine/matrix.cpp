// matrix.cpp — shapes as text and matrix literals (see matrix.hpp).
#include "matrix.hpp"

#include <charconv>
#include <cmath>

namespace gf {

std::string shape_text(Shape shape) {
  return std::to_string(shape.rows) + "\u00d7" + std::to_string(shape.cols);
}

// [SECTION] Literals

namespace {

// A recursive-descent reader over the literal's text; every refusal names its column.
class LiteralReader {
 public:
  explicit LiteralReader(std::string_view text) : text_(text) {}

  MatrixLiteral read() {
    skip_spaces();
    MatrixLiteral literal;
    literal.matrix = {{0, 0}, {}};
    Status status = peek() != '['    ? read_scalar(literal.matrix)
                    : peek(1) == '[' ? read_rows(literal.matrix)
                                     : read_row(literal.matrix, true);
    skip_spaces();
    if (status && pos_ < text_.size())
      status = fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    if (!status) {
      literal.problem = status.reason();
      literal.column = error_column_;
    }
    return literal;
  }

 private:
  char peek(std::size_t ahead = 0) {
    std::size_t at = pos_ + ahead;
    while (ahead > 0 && at < text_.size() && text_[at] == ' ') ++at;  // "[ [" is "[["
    return at < text_.size() ? text_[at] : '\0';
  }
  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  Status fail(const std::string& what, std::size_t at) {
    error_column_ = static_cast<int>(at) + 1;
    return Status::failure(what);
  }
  Status fail(const std::string& what) { return fail(what, pos_); }
  Status expect(char c, const char* what) {
    skip_spaces();
    if (peek() != c) return fail(std::string("expected ") + what);
    ++pos_;
    return Status::success();
  }

  Status read_number(double& value) {
    skip_spaces();
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    if (begin < end && *begin == '+') ++begin;
    auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || stop == begin) return fail("expected a number");
    if (!std::isfinite(value)) return fail("a matrix entry must be a finite number");
    pos_ = static_cast<std::size_t>(stop - text_.data());
    return Status::success();
  }

  Status read_scalar(Matrix& matrix) {
    double value = 0;
    if (Status status = read_number(value); !status) return status;
    matrix = scalar_matrix(value);
    return Status::success();
  }

  // "[a, b, ...]" appended as one more row; the first row sets the column count.
  Status read_row(Matrix& matrix, bool only_row) {
    skip_spaces();
    const std::size_t row_start = pos_;
    if (Status status = expect('[', "'['"); !status) return status;
    std::int64_t count = 0;
    skip_spaces();
    if (peek() == ']')
      return fail(only_row ? "an empty row: a matrix needs at least one entry"
                           : "an empty row: every row needs an entry");
    for (;;) {
      double value = 0;
      if (Status status = read_number(value); !status) return status;
      if (static_cast<std::int64_t>(matrix.data.size()) >= kMaxMatrixElements)
        return fail("more than " + std::to_string(kMaxMatrixElements) + " entries");
      matrix.data.push_back(value);
      ++count;
      skip_spaces();
      if (peek() == ']') break;
      if (Status status = expect(',', "',' or ']'"); !status) return status;
    }
    if (matrix.shape.rows > 0 && count != matrix.shape.cols)
      return fail("row " + std::to_string(matrix.shape.rows + 1) + " has " + std::to_string(count) +
                      " entries, row 1 has " + std::to_string(matrix.shape.cols) +
                      " (a ragged matrix)",
                  row_start);
    ++pos_;  // the ']'
    matrix.shape.cols = static_cast<std::int32_t>(count);
    ++matrix.shape.rows;
    return Status::success();
  }

  Status read_rows(Matrix& matrix) {
    if (Status status = expect('[', "'['"); !status) return status;
    for (;;) {
      if (Status status = read_row(matrix, false); !status) return status;
      skip_spaces();
      if (peek() == ']') break;
      if (Status status = expect(',', "',' or ']' after a row"); !status) return status;
    }
    ++pos_;
    return Status::success();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int error_column_ = 0;
};

}  // namespace

MatrixLiteral read_matrix_literal(std::string_view text) { return LiteralReader(text).read(); }

Result<Matrix> parse_matrix_literal(std::string_view text) {
  MatrixLiteral literal = read_matrix_literal(text);
  if (!literal.problem.empty())
    return Status::failure("column " + std::to_string(literal.column) + ": " + literal.problem);
  return std::move(literal.matrix);
}

}  // namespace gf
