// expr.cpp — expression text -> computation graph (see expr.hpp for the language).
//
// Index
//   [SECTION] Characters and numbers   what the lexer accepts, and how it explains what it doesn't
//   [SECTION] Lexer                    one token at a time; a bad token carries its own message
//   [SECTION] Parser                   recursive descent, one function per precedence level
//   [SECTION] Building the Graph       the parsed nodes go into a Graph in one pass at the end
//   [SECTION] Public API
//
// The parser builds into a private list of pending nodes instead of the Graph directly: nodes
// computed for a constant exponent are then dropped by truncating the list, and a literal 1
// absorbed into an inv gate by a flag, without the Graph's per-edit validation each time.
#include "expr.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "matrix.hpp"

namespace gf {

std::string ExpressionError::describe() const {
  return "column " + std::to_string(column) + ": " + message;
}

namespace {

// [SECTION] Characters and numbers

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word_char(char c) { return is_letter(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Token text quoted for a message; long identifiers and numbers are cut short.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 32;
  std::string shown = "'";  // appended piece by piece: "'" + std::string trips g++ 12's -Wrestrict
  shown += text.substr(0, kMaxShown);
  shown += text.size() <= kMaxShown ? "'" : "...'";
  return shown;
}

// Upper-case hexadecimal with at least `min_digits` digits: hex_digits(0xE9, 4) is "00E9".
std::string hex_digits(std::uint32_t value, std::size_t min_digits) {
  char digits[16];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value, 16);
  std::string text(digits, error == std::errc() ? end : digits);
  for (char& c : text)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  while (text.size() < min_digits) text.insert(text.begin(), '0');
  return text;
}

std::string code_point_name(std::uint32_t code_point) { return "U+" + hex_digits(code_point, 4); }

// The length of the well-formed UTF-8 sequence at the start of `bytes` (with its code point),
// or 0 when it is not one: a stray continuation byte, a truncated sequence, an overlong form, a
// surrogate or a value past U+10FFFF.
std::size_t utf8_sequence(std::string_view bytes, std::uint32_t& code_point) {
  const auto lead = static_cast<unsigned char>(bytes[0]);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (lead >= 0xF8 || length == 0 || bytes.size() < length) return 0;
  code_point = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(bytes[i]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  constexpr std::uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

// Look-alikes of the operators that typeset formulas (and slides) use.
// clang-format off
std::string_view operator_hint(std::uint32_t code_point) {
  switch (code_point) {
    case 0x00D7: case 0x00B7: case 0x22C5: case 0x2217: return ": write * to multiply";
    case 0x2212: case 0x2013: return ": write - to subtract or negate";
    case 0x00F7: case 0x2215: return ": write / to divide";
    case 0x00B2: return ": write ^2 for a square";
    default: return "";
  }
}
// clang-format on

// A literal that std::from_chars found out of range: true when it is too large (overflows to
// infinity), false when it is too small (underflows to zero). Out-of-range literals are some
// 300 powers of ten away from 1, so the power of ten of the leading digit decides it.
bool literal_overflows(std::string_view literal) {
  std::size_t i = 0;
  while (i < literal.size() && literal[i] == '0') ++i;
  long long power = 0;  // of the leading nonzero digit, plus one
  if (i < literal.size() && is_digit(literal[i])) {
    for (; i < literal.size() && is_digit(literal[i]); ++i) ++power;
  } else if (i < literal.size() && literal[i] == '.') {
    for (++i; i < literal.size() && literal[i] == '0'; ++i) --power;
  }
  const std::size_t e = literal.find_first_of("eE");
  long long exponent = 0;
  if (e != std::string_view::npos) {
    std::size_t j = e + 1;
    const bool negative = j < literal.size() && literal[j] == '-';
    if (j < literal.size() && (literal[j] == '-' || literal[j] == '+')) ++j;
    for (; j < literal.size() && is_digit(literal[j]); ++j)
      exponent = std::min(exponent * 10 + (literal[j] - '0'), 1'000'000'000LL);
    if (negative) exponent = -exponent;
  }
  return power + exponent > 0;
}

// [SECTION] Lexer

enum class TokenKind {
  End,
  Number,
  Identifier,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  At,  // @, the matrix product
  LeftParen,
  RightParen,
  Comma,
  Matrix,   // a bracketed literal, read whole: [1, 2] or [[1, 2], [3, 4]]
  Invalid,  // a character or number the language does not have; `problem` says why
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;  // the source bytes; empty at the end
  int column = 1;
  double number = 0;    // the value of a Number
  gf::Matrix matrix;    // the value of a Matrix
  std::string problem;  // what is wrong with an Invalid token
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    const std::size_t start = pos_;
    if (start == text_.size()) return make(TokenKind::End, start, start);
    const char c = text_[start];
    const bool point_then_digit =
        c == '.' && start + 1 < text_.size() && is_digit(text_[start + 1]);
    if (is_digit(c) || point_then_digit) return lex_number(start);
    if (is_letter(c)) {
      std::size_t end = start;
      while (end < text_.size() && is_word_char(text_[end])) ++end;
      return make(TokenKind::Identifier, start, end);
    }
    switch (c) {
      case '+':
        return make(TokenKind::Plus, start, start + 1);
      case '-':
        return make(TokenKind::Minus, start, start + 1);
      case '*':
        return make(TokenKind::Star, start, start + 1);
      case '/':
        return make(TokenKind::Slash, start, start + 1);
      case '^':
        return make(TokenKind::Caret, start, start + 1);
      case '@':
        return make(TokenKind::At, start, start + 1);
      case '[':
        return lex_matrix(start);
      case '(':
        return make(TokenKind::LeftParen, start, start + 1);
      case ')':
        return make(TokenKind::RightParen, start, start + 1);
      case ',':
        return make(TokenKind::Comma, start, start + 1);
      default:
        return lex_unexpected_character(start);
    }
  }

 private:
  Token make(TokenKind kind, std::size_t start, std::size_t end) {
    pos_ = end;
    Token token;
    token.kind = kind;
    token.text = text_.substr(start, end - start);
    token.column = static_cast<int>(start) + 1;
    return token;
  }

  Token invalid(std::size_t start, std::size_t end, std::string problem) {
    Token token = make(TokenKind::Invalid, start, end);
    token.problem = std::move(problem);
    return token;
  }

  // digits [. digits] [e|E [+|-] digits], or . digits [...]. A number glued to more letters,
  // digits or points ("2x", "1.2.3") is one bad token, so the message shows all of it.
  Token lex_number(std::size_t start) {
    std::size_t pos = start;
    auto skip_digits = [&] {
      while (pos < text_.size() && is_digit(text_[pos])) ++pos;
    };
    skip_digits();
    if (pos < text_.size() && text_[pos] == '.') {
      ++pos;
      skip_digits();
    }
    if (pos < text_.size() && (text_[pos] == 'e' || text_[pos] == 'E')) {
      std::size_t after_e = pos + 1;
      if (after_e < text_.size() && (text_[after_e] == '+' || text_[after_e] == '-')) ++after_e;
      const bool letter_follows_e =
          after_e == pos + 1 && after_e < text_.size() && is_letter(text_[after_e]);
      if (after_e < text_.size() && is_digit(text_[after_e])) {
        pos = after_e;
        skip_digits();
      } else if (!letter_follows_e) {  // "1e", "1e+", "1e)"; "2ex" is handled below
        return invalid(start, after_e,
                       quoted(text_.substr(start, after_e - start)) +
                           " is not a valid number: the exponent after 'e' has no digits");
      }
    }
    if (pos < text_.size() && (is_word_char(text_[pos]) || text_[pos] == '.')) {
      std::size_t end = pos;
      while (end < text_.size() && (is_word_char(text_[end]) || text_[end] == '.')) ++end;
      const std::string_view whole = text_.substr(start, end - start);
      const std::string_view rest = text_.substr(pos, end - pos);
      if (!is_letter(rest[0]) || rest.find('.') != std::string_view::npos)
        return invalid(start, end, quoted(whole) + " is not a valid number");
      std::string problem = quoted(whole) + " is not a valid number: to multiply, ";
      if (whole.size() > 32) return invalid(start, end, problem + "put * before the name");
      problem += "write ";
      problem += text_.substr(start, pos - start);
      problem += "*";
      problem += rest;
      return invalid(start, end, std::move(problem));
    }
    const std::string_view literal = text_.substr(start, pos - start);
    double value = 0;
    auto [end, error] = std::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (error == std::errc::result_out_of_range) {
      return invalid(
          start, pos,
          "the number " + quoted(literal) +
              (literal_overflows(literal) ? " is too large: it overflows to infinity"
                                          : " is too small: it would underflow to zero"));
    }
    if (error != std::errc() || end != literal.data() + literal.size() || !std::isfinite(value))
      return invalid(start, pos, quoted(literal) + " is not a valid number");
    Token token = make(TokenKind::Number, start, pos);
    token.number = value;
    return token;
  }

  // From '[' to its matching ']', read by matrix.hpp's literal reader; its columns are
  // counted in the literal, so they are moved to the expression's.
  Token lex_matrix(std::size_t start) {
    std::size_t end = start;
    for (int depth = 0; end < text_.size(); ++end) {
      depth += text_[end] == '[' ? 1 : text_[end] == ']' ? -1 : 0;
      if (depth == 0) break;
    }
    if (end == text_.size())
      return invalid(start, end, "the '[' of this matrix is never closed with ']'");
    MatrixLiteral literal = read_matrix_literal(text_.substr(start, end + 1 - start));
    if (!literal.problem.empty()) {
      Token token = invalid(start, end + 1, "in the matrix: " + literal.problem);
      token.column = static_cast<int>(start) + literal.column;
      return token;
    }
    Token token = make(TokenKind::Matrix, start, end + 1);
    token.matrix = std::move(literal.matrix);
    return token;
  }

  // Reports the whole character: a UTF-8 sequence is shown as the character it encodes.
  Token lex_unexpected_character(std::size_t start) {
    const auto byte = static_cast<unsigned char>(text_[start]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7F)
        return invalid(start, start + 1, "unexpected control character " + code_point_name(byte));
      return invalid(start, start + 1, "unexpected character " + quoted(text_.substr(start, 1)));
    }
    std::uint32_t code_point = 0;
    const std::size_t length = utf8_sequence(text_.substr(start), code_point);
    if (length == 0) {
      return invalid(start, start + 1,
                     "unexpected byte 0x" + hex_digits(byte, 2) + " (not valid UTF-8)");
    }
    return invalid(start, start + length,
                   "unexpected character " + quoted(text_.substr(start, length)) + " (" +
                       code_point_name(code_point) + ")" + std::string(operator_hint(code_point)));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// [SECTION] Parser
//
//   sum      := product (('+' | '-') product)*          loops: long flat sums use no stack
//   product  := unary (('*' | '/' | '@') unary)*
//   unary    := ('-' | '+') unary | power
//   power    := primary ('^' unary)?                    right-associative through unary
//   primary  := number | matrix | name | name '(' arguments ')' | '(' sum ')'

// A node of the graph being built; indices refer to other pending nodes.
struct PendingNode {
  Op op = Op::Const;
  std::array<std::int32_t, 2> inputs = {-1, -1};
  double param = 0;          // const value or pow exponent
  std::string_view name;     // inputs only
  bool dropped = false;      // a literal 1 absorbed into an inv gate
  std::int32_t matrix = -1;  // a matrix constant: its index in the parser's matrices()
  std::string_view text;     // a gate's operator or function name as written ("@", "T")
  int column = 0;            // where that text is, for shape errors
};

// A parsed subexpression: the node computing it, and what the parser needs to know about it.
struct Operand {
  std::int32_t node = -1;
  int column = 1;            // where the subexpression starts
  bool is_constant = false;  // no variables in it; `value` is then its value
  double value = 0;
  bool is_literal = false;  // a bare number literal (so -2.5 folds and 1/e becomes inv)
};

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { advance(); }

  // The whole text as one expression; nullopt (and error()) when it does not parse.
  std::optional<Operand> parse_all() {
    std::optional<Operand> root = parse_sum();
    if (!root) return std::nullopt;
    switch (current_.kind) {
      case TokenKind::End:
        return root;
      case TokenKind::Invalid:
        return fail(current_.problem, current_.column);
      case TokenKind::RightParen:
        return fail("unexpected ')': there is no '(' to close", current_.column);
      case TokenKind::Comma:
        return fail("unexpected ',' outside the arguments of a function", current_.column);
      default:
        return fail("expected an operator or the end after " + quoted(previous_text_),
                    current_.column);
    }
  }

  const std::vector<PendingNode>& nodes() const { return nodes_; }
  const std::vector<gf::Matrix>& matrices() const { return matrices_; }
  const std::optional<ExpressionError>& error() const { return error_; }

 private:
  // ---- Grammar ------------------------------------------------------------------------------
  std::optional<Operand> parse_sum() {
    std::optional<Operand> left = parse_product();
    while (left && (current_.kind == TokenKind::Plus || current_.kind == TokenKind::Minus)) {
      const Op op = current_.kind == TokenKind::Plus ? Op::Add : Op::Sub;
      const Token sign = current_;
      advance();
      std::optional<Operand> right = parse_product();
      if (!right) return std::nullopt;
      operator_at(sign);
      left = add_gate(op, *left, &*right, 0, left->column);
    }
    return left;
  }

  std::optional<Operand> parse_product() {
    std::optional<Operand> left = parse_unary();
    while (left && (current_.kind == TokenKind::Star || current_.kind == TokenKind::Slash ||
                    current_.kind == TokenKind::At)) {
      const bool divide = current_.kind == TokenKind::Slash;
      const bool matmul = current_.kind == TokenKind::At;
      const Token sign = current_;
      advance();
      std::optional<Operand> right = parse_unary();
      if (!right) return std::nullopt;
      operator_at(sign);
      if (divide && left->is_literal && left->value == 1.0) {
        // 1/e: the "1/x" gate of the CS231n sigmoid circuit; the literal 1 is not drawn.
        nodes_[left->node].dropped = true;
        left = add_gate(Op::Inv, *right, nullptr, 0, left->column);
      } else {
        const Op op = matmul ? Op::MatMul : divide ? Op::Div : Op::Mul;
        left = add_gate(op, *left, &*right, 0, left->column);
      }
    }
    return left;
  }

  std::optional<Operand> parse_unary() {
    if (current_.kind != TokenKind::Minus && current_.kind != TokenKind::Plus) return parse_power();
    const bool negate = current_.kind == TokenKind::Minus;
    const int sign_column = current_.column;
    const Token sign = current_;
    if (!enter_level(sign_column)) return std::nullopt;
    advance();
    std::optional<Operand> operand = parse_unary();
    if (!operand) return std::nullopt;
    leave_level();
    if (!negate) {  // unary plus changes nothing
      operand->column = sign_column;
      return operand;
    }
    if (operand->is_literal) {  // -2.5 is one constant, not neg(2.5)
      nodes_[operand->node].param = -operand->value;
      operand->value = -operand->value;
      operand->is_literal = false;
      operand->column = sign_column;
      return operand;
    }
    operator_at(sign);
    return add_gate(Op::Neg, *operand, nullptr, 0, sign_column);
  }

  std::optional<Operand> parse_power() {
    std::optional<Operand> base = parse_primary();
    if (!base || current_.kind != TokenKind::Caret) return base;
    if (!enter_level(current_.column)) return std::nullopt;
    const Token caret = current_;
    advance();
    const std::size_t exponent_start = nodes_.size();
    std::optional<Operand> exponent = parse_unary();  // so that 2^-1 and 2^3^2 work
    if (!exponent) return std::nullopt;
    leave_level();
    if (!check_constant_exponent(*exponent, "'^'")) return std::nullopt;
    nodes_.resize(exponent_start);  // the exponent is a parameter, not part of the graph
    operator_at(caret);
    return add_gate(Op::Pow, *base, nullptr, exponent->value, base->column);
  }

  std::optional<Operand> parse_primary() {
    switch (current_.kind) {
      case TokenKind::Number: {
        Operand literal = add_leaf(Op::Const, {}, current_.number, current_.column);
        literal.is_literal = true;
        advance();
        return literal;
      }
      case TokenKind::Matrix: {  // a constant, but not folded: the table's rows are scalar
        Operand literal = add_leaf(Op::Const, {}, 0, current_.column);
        literal.is_constant = false;
        nodes_.back().matrix = static_cast<std::int32_t>(matrices_.size());
        matrices_.push_back(std::move(current_.matrix));
        advance();
        return literal;
      }
      case TokenKind::Identifier: {
        const std::string_view name = current_.text;
        const int column = current_.column;
        advance();
        if (current_.kind == TokenKind::LeftParen) return parse_call(name, column);
        return parse_variable(name, column);
      }
      case TokenKind::LeftParen: {
        const int open_column = current_.column;
        if (!enter_level(open_column)) return std::nullopt;
        advance();
        std::optional<Operand> inner = parse_sum();
        if (!inner) return std::nullopt;
        if (current_.kind != TokenKind::RightParen)
          return fail_here("expected ')' to close the '(' at column " +
                           std::to_string(open_column));
        advance();
        leave_level();
        inner->column = open_column;
        inner->is_literal = false;  // "(2)" is not "directly a literal": -(2) is a neg gate
        return inner;
      }
      default:
        return expected_expression();
    }
  }

  std::optional<Operand> parse_variable(std::string_view name, int column) {
    if (std::optional<Op> op = op_from_name(name)) {
      if (is_leaf(*op))
        return fail(quoted(name) + " is a reserved word and cannot name a variable", column);
      return fail(quoted(name) + " is a function: expected '(' after it", column);
    }
    if (auto known = input_of_name_.find(name); known != input_of_name_.end()) {
      Operand fan_out;  // the same input node again: its gradient will accumulate
      fan_out.node = known->second;
      fan_out.column = column;
      return fan_out;
    }
    if (!is_valid_name(name)) {  // too long: the Graph says why, in its words
      Graph probe;
      Result<NodeId> refused = probe.add_node(Op::Input, std::string(name));
      return fail(refused ? quoted(name) + " is not a valid name" : refused.reason(), column);
    }
    Operand variable = add_leaf(Op::Input, name, 0, column);
    input_of_name_.emplace(name, variable.node);
    return variable;
  }

  // name '(' [sum (',' sum)*] ')'; the current token is the '('.
  std::optional<Operand> parse_call(std::string_view name, int name_column) {
    const std::optional<Op> op = name == "T" ? Op::Transpose : op_from_name(name);
    if (!op) return fail("unknown function " + quoted(name), name_column);
    if (is_leaf(*op)) return fail(quoted(name) + " is not a function", name_column);
    const int open_column = current_.column;
    if (!enter_level(open_column)) return std::nullopt;
    advance();
    std::array<Operand, 2> arguments;
    int argument_count = 0;
    std::size_t last_argument_start = nodes_.size();
    if (current_.kind == TokenKind::RightParen) {
      advance();
    } else {
      for (;;) {
        last_argument_start = nodes_.size();
        std::optional<Operand> argument = parse_sum();
        if (!argument) return std::nullopt;
        if (argument_count < 2) arguments[argument_count] = *argument;
        ++argument_count;
        if (current_.kind == TokenKind::Comma) {
          advance();
          continue;
        }
        if (current_.kind == TokenKind::RightParen) {
          advance();
          break;
        }
        return fail_here("expected ',' or ')' in the call to " + std::string(name) +
                         " opened at column " + std::to_string(open_column));
      }
    }
    leave_level();
    // pow is a one-input gate whose exponent is a parameter: as a function it takes (x, p).
    const int wanted = *op == Op::Pow ? 2 : arity(*op);
    if (argument_count != wanted)
      return fail(std::string(name) + " takes " + std::to_string(wanted) + " argument" +
                      (wanted == 1 ? "" : "s") + ", got " + std::to_string(argument_count),
                  name_column);
    pending_text_ = name;
    pending_column_ = name_column;
    if (*op == Op::Pow) {
      if (!check_constant_exponent(arguments[1], "pow")) return std::nullopt;
      nodes_.resize(last_argument_start);
      return add_gate(Op::Pow, arguments[0], nullptr, arguments[1].value, name_column);
    }
    return add_gate(*op, arguments[0], wanted == 2 ? &arguments[1] : nullptr, 0, name_column);
  }

  bool check_constant_exponent(const Operand& exponent, std::string_view of_what) {
    if (!exponent.is_constant) {
      fail("the exponent of " + std::string(of_what) + " must be a constant number",
           exponent.column);
      return false;
    }
    if (!std::isfinite(exponent.value)) {
      fail("the exponent of " + std::string(of_what) + " must be a finite number, not " +
               format_number(exponent.value),
           exponent.column);
      return false;
    }
    return true;
  }

  // ---- Building -----------------------------------------------------------------------------
  Operand add_leaf(Op op, std::string_view name, double value, int column) {
    PendingNode node;
    node.op = op;
    node.param = value;
    node.name = name;
    nodes_.push_back(node);
    Operand leaf;
    leaf.node = static_cast<std::int32_t>(nodes_.size() - 1);
    leaf.column = column;
    leaf.is_constant = op == Op::Const;
    leaf.value = op == Op::Const ? value : 0.0;
    return leaf;
  }

  // A gate on `a` (and `b` for binary gates). Constant inputs give a constant result, computed
  // by the op table itself, so a constant exponent means exactly what the gates would compute.
  Operand add_gate(Op op, const Operand& a, const Operand* b, double param, int column) {
    PendingNode node;
    node.op = op;
    node.inputs = {a.node, b ? b->node : -1};
    node.param = param;
    node.text = pending_text_;
    node.column = pending_column_;
    nodes_.push_back(node);
    Operand gate;
    gate.node = static_cast<std::int32_t>(nodes_.size() - 1);
    gate.column = column;
    gate.is_constant = a.is_constant && (!b || b->is_constant);
    if (gate.is_constant) gate.value = op_forward(op, a.value, b ? b->value : 0.0, param);
    return gate;
  }

  // The operator the next gate is made for (shape errors name it and its column).
  void operator_at(const Token& token) {
    pending_text_ = token.text;
    pending_column_ = token.column;
  }

  // ---- Tokens, nesting and errors -----------------------------------------------------------
  void advance() {
    previous_text_ = current_.text;
    current_ = lexer_.next();
  }

  // Every parenthesis, call, sign and exponent is one level of recursion; refusing deep input
  // keeps the stack bounded whatever the text (also under sanitizers, whose frames are large).
  bool enter_level(int column) {
    if (depth_ >= kMaxExpressionNesting) {
      fail("expression is nested too deeply (more than " + std::to_string(kMaxExpressionNesting) +
               " levels)",
           column);
      return false;
    }
    ++depth_;
    return true;
  }
  void leave_level() { --depth_; }

  std::nullopt_t fail(std::string message, int column) {
    if (!error_) error_ = ExpressionError{std::move(message), column};
    return std::nullopt;
  }

  // An error at the current token; a token the lexer could not read explains itself instead.
  std::nullopt_t fail_here(std::string message) {
    if (current_.kind == TokenKind::Invalid) return fail(current_.problem, current_.column);
    return fail(std::move(message), current_.column);
  }

  std::nullopt_t expected_expression() {
    if (!previous_text_.empty())
      return fail_here("expected an expression after " + quoted(previous_text_));
    if (current_.kind == TokenKind::End) return fail_here("expected an expression");
    return fail_here("expected an expression before " + quoted(current_.text));
  }

  Lexer lexer_;
  Token current_;
  std::string_view previous_text_;  // of the token just consumed; empty at the start
  int depth_ = 0;
  std::vector<PendingNode> nodes_;
  std::vector<gf::Matrix> matrices_;  // the values of matrix literals
  std::string_view pending_text_;     // see operator_at
  int pending_column_ = 0;
  std::unordered_map<std::string_view, std::int32_t> input_of_name_;
  std::optional<ExpressionError> error_;
};

// [SECTION] Building the Graph

Result<Graph> build_graph(const Parser& parser, std::int32_t root, ParsedExpression& parsed) {
  const std::vector<PendingNode>& nodes = parser.nodes();
  Graph graph;
  std::vector<NodeId> id_of(nodes.size(), kNoNode);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const PendingNode& node = nodes[i];
    if (node.dropped) continue;
    Result<NodeId> id = graph.add_node(node.op, std::string(node.name), node.param);
    if (!id) return Status::failure(id.reason());
    if (node.matrix >= 0)
      if (Status set = graph.set_matrix(*id, parser.matrices()[node.matrix]); !set) return set;
    id_of[i] = *id;
    parsed.gate_text.resize(*id + 1);
    parsed.gate_column.resize(*id + 1, 0);
    parsed.gate_text[*id] = node.text;
    parsed.gate_column[*id] = node.column;
  }
  // Wired in creation order: a gate's inputs are wired before anything consumes the gate, so the
  // Graph's cycle check has nothing to search and a 100,000-term sum builds in linear time.
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const PendingNode& node = nodes[i];
    if (node.dropped) continue;
    for (int pin = 0; pin < arity(node.op); ++pin)
      if (Status wired = graph.connect(id_of[node.inputs[pin]], id_of[i], pin); !wired)
        return Status::failure(wired.reason());
  }
  if (Status chosen = graph.set_output(id_of[root]); !chosen) return chosen;
  return graph;
}

}  // namespace

// [SECTION] Public API

ParsedExpression parse_expression(std::string_view text) {
  ParsedExpression parsed;
  if (text.size() >= static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    parsed.error = ExpressionError{"the expression is too long", 1};
    return parsed;
  }
  Parser parser(text);
  std::optional<Operand> root = parser.parse_all();
  if (!root) {
    parsed.error = parser.error().value_or(ExpressionError{"could not parse the expression", 1});
    return parsed;
  }
  Result<Graph> graph = build_graph(parser, root->node, parsed);
  if (!graph) {  // the parser checks everything the Graph does; this would be a bug
    parsed.error = ExpressionError{"could not build the graph: " + graph.reason(), 1};
    return parsed;
  }
  parsed.graph = std::move(*graph);
  return parsed;
}

}  // namespace gf
