// document.cpp — saving and strictly loading gradflow documents (see document.hpp).
//
// Index
//   [SECTION] Text for messages   user text made short, printable and one line
//   [SECTION] Writing             the JSON text, one node per line, numbers that read back exactly
//   [SECTION] Guards              size and nesting limits, checked before any JSON parsing
//   [SECTION] Parsing             JSON text to a value, repeated fields refused, errors placed
//   [SECTION] Fields              typed access to fields, each refusal naming the place
//   [SECTION] Nodes and wires     building the graph through its own edit API
//   [SECTION] Loading             the top level, in file order
//   [SECTION] Files               reading, and atomic writing
#include "document.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>
#include <vector>

#include "json_memory.hpp"
#include "message_text.hpp"

namespace gf {

namespace {

using Json = nlohmann::json;

// [SECTION] Text for messages

// (Strings are appended rather than written "'" + text: g++ 12 warns falsely on that, -Wrestrict.)
std::string quote_text(std::string_view text) {
  std::string result = "'";
  result += printable(text, 48);
  result += '\'';
  return result;
}

// A refusal from Graph may repeat a (possibly huge) name from the file: shorten it there.
std::string shorten_repeated_text(std::string reason, std::string_view text) {
  constexpr std::size_t kLong = 48;
  if (text.size() <= kLong) return reason;
  const std::size_t at = reason.find(text);
  if (at != std::string::npos) reason.replace(at, text.size(), printable(text, kLong));
  return reason;
}

// [SECTION] Writing

// The shortest text that reads back as exactly `value` (to_chars is locale-independent).
std::string number_text(double value) {
  if (!std::isfinite(value)) return "null";  // not in a valid document; loading refuses it
  if (value == 0 && std::signbit(value)) return "-0.0";  // "-0" would read back as integer 0
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : "null";
}

// A matrix value as rows of numbers, [[1,2],[3,4]]; a 1×n row too ([[1,2]]), so the shape reads
// back as written. 1×1 values are numbers (Graph keeps them as the scalar param).
std::string matrix_text(const Matrix& matrix) {
  std::string text = "[";
  for (std::int32_t r = 0; r < matrix.shape.rows; ++r) {
    text += r ? ",[" : "[";
    for (std::int32_t c = 0; c < matrix.shape.cols; ++c)
      text += (c ? "," : "") + number_text(matrix.at(r, c));
    text += "]";
  }
  return text + "]";
}

// Positions and the view are floats: "0.1" rather than "0.10000000149011612". JSON readers hold
// numbers as doubles, so the float's shortest text is checked to survive decimal -> double ->
// float; the double's exact text is the fallback.
std::string coordinate_text(float value) {
  if (!std::isfinite(value) || value == 0) return number_text(value);
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return number_text(value);
  double read_back = 0;
  std::from_chars(buffer, end, read_back);
  if (static_cast<float>(read_back) != value) return number_text(value);
  return std::string(buffer, end);
}

// "[x, y]"; node lines leave out the space (`separator` ","): they are most of a large file.
std::string pair_text(Vec2 v, std::string_view separator = ", ") {
  std::string text = "[";
  text += coordinate_text(v.x);
  text += separator;
  text += coordinate_text(v.y);
  text += ']';
  return text;
}

// One node, without spaces: {"id":4,"op":"add","name":"q","inputs":[0,1],"pos":[120,40]}. A
// laid-out chain takes about 77 bytes a node (85 with a space after every : and ,).
std::string node_line(const Graph& graph, NodeId id) {
  const Op op = graph.op(id);
  const OpInfo& info = op_info(op);
  std::string line = "{\"id\":" + std::to_string(id) + ",\"op\":" + json_string(info.name);
  if (!graph.name(id).empty()) line += ",\"name\":" + json_string(graph.name(id));
  if (info.arity > 0) {
    line += ",\"inputs\":[";
    for (int pin = 0; pin < info.arity; ++pin) {
      const NodeId input = graph.input(id, pin);
      if (pin) line += ',';
      line += input == kNoNode ? std::string("null") : std::to_string(input);
    }
    line += "]";
  }
  if (has_param(op) && graph.has_value(id))
    line += "," + json_string(info.param_name) + ":" +
            (graph.matrix_value(id) ? matrix_text(*graph.matrix_value(id))
                                    : number_text(graph.param(id)));
  if (graph.has_position(id)) line += ",\"pos\":" + pair_text(graph.position(id), ",");
  return line + "}";
}

// [SECTION] Guards

// [SECTION] Parsing

// Thrown inside this file only, and turned into a failed Result by load_document.
struct Refusal {
  std::string reason;
};

[[noreturn]] void refuse(std::string reason) { throw Refusal{std::move(reason)}; }

// Whether a number's text means zero: no digit other than 0 before its exponent.
bool is_zero_text(std::string_view text) {
  for (const char c : text) {
    if (c == 'e' || c == 'E') break;
    if (c >= '1' && c <= '9') return false;
  }
  return true;
}

// Builds the JSON value from the parser's events (nlohmann's SAX interface). Unlike the plain
// parser it refuses an object that names a field twice (an object keeps one of them, so the
// other would be silently ignored), and it knows where the parser is, so an error says
// "nodes[3].value". (nlohmann's parse callbacks could see duplicates too, but its callback
// parser rescans the parent array after every object: quadratic in the number of nodes.)
class StrictJsonBuilder final : public nlohmann::json_sax<Json> {
 public:
  StrictJsonBuilder() = default;
  StrictJsonBuilder(const StrictJsonBuilder&) = delete;
  StrictJsonBuilder& operator=(const StrictJsonBuilder&) = delete;
  ~StrictJsonBuilder() override { dismantle_json(root_); }  // a refusal or bad_alloc midway

  bool null() override { return add(Json(nullptr)); }
  bool boolean(bool value) override { return add(Json(value)); }
  bool number_integer(number_integer_t value) override { return add(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add(Json(value)); }
  bool number_float(number_float_t value, const string_t& text) override {
    // 1e-400 reads as 0: refused, as the expression parser does, rather than silently changed.
    if (value == 0 && !is_zero_text(text))
      refuse(where(open_.size()) + ": the number " + printable(text, 48) +
             " is too small (it would become 0; the smallest is about 5e-324)");
    return add(Json(value));
  }
  bool string(string_t& value) override { return add(Json(std::move(value))); }
  bool binary(binary_t& /*value*/) override { return false; }  // JSON text has none
  bool start_object(std::size_t /*size*/) override { return open(Json::object(), false); }
  bool start_array(std::size_t /*size*/) override { return open(Json::array(), true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& field) override {
    Container& object = open_.back();
    if (object.value->contains(field))
      refuse(where(open_.size() - 1) + ": the field " + quote_text(field) + " appears twice");
    member_ = &(*object.value)[field];
    object.field = std::move(field);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& error) override {
    const std::string place = where(open_.size());
    if (error.id == 406)  // out_of_range: a number like 1e999, which JSON cannot mean
      refuse(place + ": the number " + printable(last_token, 48) +
             " is too large (numbers must be finite)");
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string_view message = error.what();
    if (const std::size_t end_of_tag = message.find("] "); end_of_tag != message.npos)
      message.remove_prefix(end_of_tag + 2);
    refuse("not valid JSON" + (open_.empty() ? std::string() : " (in " + place + ")") + ": " +
           printable(message, 200) + " (byte " + std::to_string(position) + ")");
  }

  Json take_result() { return std::move(root_); }

 private:
  struct Container {
    Json* value;
    bool is_array;
    std::string field;  // objects: the field being read
  };

  // Adds a value where the parser is: the root, the next array element or the current field.
  Json* place_value(Json&& value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Container& top = open_.back();
    if (top.is_array) {
      top.value->push_back(std::move(value));
      return &top.value->back();
    }
    *member_ = std::move(value);
    return member_;
  }
  bool add(Json&& value) {
    place_value(std::move(value));
    return true;
  }
  bool open(Json&& container, bool is_array) {
    open_.push_back({place_value(std::move(container)), is_array, {}});
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  // The place being read in the first `depth` open containers: "nodes[3]" for depth 2.
  std::string where(std::size_t depth) const {
    std::string text;
    for (std::size_t k = 0; k < depth; ++k) {
      const Container& container = open_[k];
      if (container.is_array) {
        // An open element is already in the array; otherwise the next one is being read.
        const bool element_open = k + 1 < open_.size();
        text += '[';
        text += std::to_string(container.value->size() - (element_open ? 1 : 0));
        text += ']';
      } else {
        if (!text.empty()) text += '.';
        text += printable(container.field, 48);
      }
    }
    return text.empty() ? "at the top level" : text;
  }

  Json root_;
  std::vector<Container> open_;  // from the root to the innermost open container
  Json* member_ = nullptr;       // the field the next value goes to
};

Json parse_json(std::string_view text) {
  StrictJsonBuilder builder;
  Json::sax_parse(text.data(), text.data() + text.size(), &builder, Json::input_format_t::json,
                  /*strict=*/true, /*ignore_comments=*/false);
  return builder.take_result();  // (every error above was refused by a throw)
}

// [SECTION] Fields

// `where` reads "nodes[3] (id 7)", "view" or "" (the top level); messages start with it. The
// field is quoted as in the file, an element index after it: "inputs"[1].
std::string at(std::string_view where, std::string_view field) {
  const std::size_t bracket = std::min(field.find('['), field.size());
  return (where.empty() ? std::string() : std::string(where) + ": ") + "\"" +
         std::string(field.substr(0, bracket)) + "\"" + std::string(field.substr(bracket));
}

const Json* find_field(const Json& object, std::string_view field) {
  auto it = object.find(field);
  return it == object.end() ? nullptr : &*it;
}

const Json& require_field(const Json& object, std::string_view where, std::string_view field) {
  const Json* value = find_field(object, field);
  if (!value) refuse(at(where, field) + " is missing");
  return *value;
}

void refuse_unknown_fields(const Json& object, std::string_view where,
                           const std::vector<std::string_view>& known, std::string_view owner) {
  for (const auto& [field, value] : object.items()) {
    if (std::find(known.begin(), known.end(), field) != known.end()) continue;
    std::string list;
    for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
    refuse((where.empty() ? std::string("at the top level") : std::string(where)) +
           ": unknown field " + quote_text(field) + " (" + std::string(owner) + " has: " + list +
           ")");
  }
}

// An integer, or nullopt when the value is not one (a string, 1.5, ...). Huge values clamp.
std::optional<long long> as_integer(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto big = value.get<std::uint64_t>();
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<long long>::max());
    return static_cast<long long>(std::min(big, kMax));
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

std::string string_field(const Json& value, std::string_view where, std::string_view field) {
  if (!value.is_string()) refuse(at(where, field) + " must be a string, not " + type_phrase(value));
  return value.get<std::string>();
}

double number_field(const Json& value, std::string_view where, std::string_view field) {
  if (!value.is_number()) refuse(at(where, field) + " must be a number, not " + type_phrase(value));
  const double number = value.get<double>();
  // JSON has no NaN or infinity, but a parser reads 1e999 as infinity.
  if (!std::isfinite(number)) refuse(at(where, field) + " is too large to be a finite number");
  return number;
}

// A value written as rows of numbers [[1, 2], [3, 4]], or one row [1, 2] (a 1×2).
Matrix matrix_field(const Json& value, std::string_view where, std::string_view field) {
  const bool nested = !value.empty() && value[std::size_t{0}].is_array();
  const std::size_t rows = nested ? value.size() : 1;
  const Json& first = nested ? value[std::size_t{0}] : value;
  if (first.empty()) refuse(at(where, field) + " is an empty matrix: it needs at least one entry");
  if (static_cast<double>(rows) * static_cast<double>(first.size()) >
      static_cast<double>(kMaxMatrixElements))
    refuse(at(where, field) + " has over " + std::to_string(kMaxMatrixElements) + " entries");
  Matrix matrix{{static_cast<std::int32_t>(rows), static_cast<std::int32_t>(first.size())}, {}};
  for (std::size_t r = 0; r < rows; ++r) {
    const Json& row = nested ? value[r] : value;
    const std::string row_field =
        std::string(field) + (nested ? "[" + std::to_string(r) + "]" : "");
    if (!row.is_array() || row.size() != first.size())
      refuse(at(where, row_field) + " must be a row of " + std::to_string(first.size()) +
             " numbers like the first, not " +
             (row.is_array() ? "one of " + std::to_string(row.size()) : type_phrase(row)));
    for (const Json& entry : row) matrix.data.push_back(number_field(entry, where, row_field));
  }
  return matrix;
}

float float_field(const Json& value, std::string_view where, std::string_view field) {
  const double number = number_field(value, where, field);
  if (std::fabs(number) > std::numeric_limits<float>::max())
    refuse(at(where, field) + " is too large (at most about 3.4e38)");
  return static_cast<float>(number);
}

Vec2 pair_field(const Json& value, std::string_view where, std::string_view field) {
  if (!value.is_array() || value.size() != 2)
    refuse(at(where, field) + " must be an array of two numbers [x, y], not " +
           (value.is_array() ? "an array of " + std::to_string(value.size()) : type_phrase(value)));
  const std::string element = std::string(field) + "[";
  return {float_field(value[std::size_t{0}], where, element + "0]"),
          float_field(value[std::size_t{1}], where, element + "1]")};
}

// [SECTION] Nodes and wires

// A node's wires, kept until every node exists (a wire may come from a later node).
struct PendingNode {
  NodeId id = kNoNode;
  std::array<NodeId, 2> inputs = {kNoNode, kNoNode};
};

std::string node_where(std::size_t index, std::optional<NodeId> id = std::nullopt) {
  std::string where = "nodes[" + std::to_string(index) + "]";
  if (id) where += " (id " + std::to_string(*id) + ")";
  return where;
}

// Graph edits validate; a refusal gets the place in the file in front of the graph's reason.
template <class Outcome>  // Status or Result<T>
void require_edit(const Outcome& outcome, std::string_view where, std::string_view file_text = {}) {
  if (!outcome)
    refuse(std::string(where) + ": " + shorten_repeated_text(outcome.reason(), file_text));
}

// The article for "an input", "a const".
std::string with_article(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != noun.npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

class NodeReader {
 public:
  NodeReader(Graph& graph, std::size_t node_count)
      : graph_(graph),
        id_limit_(std::max(kMinIdLimit, kIdLimitPerNode * static_cast<long long>(node_count))),
        node_count_(node_count) {}

  // Adds nodes[index] to the graph, with its parameter and position; keeps its wires for later.
  void add(const Json& node, std::size_t index) {
    std::string where = node_where(index);
    if (!node.is_object()) refuse(where + " must be an object, not " + type_phrase(node));

    const Json& id_value = require_field(node, where, "id");
    const std::optional<long long> id_number = as_integer(id_value);
    if (!id_number || *id_number < 0)
      refuse(at(where, "id") + " must be a non-negative integer, not " + type_phrase(id_value));
    if (*id_number >= id_limit_)
      refuse(where + ": id " + std::to_string(*id_number) + " is too large (a document of " +
             std::to_string(node_count_) + " node" + (node_count_ == 1 ? "" : "s") +
             " uses ids below " + std::to_string(id_limit_) + ")");
    const auto id = static_cast<NodeId>(*id_number);
    where = node_where(index, id);
    // Grown to the largest id seen (not to id_limit_): a small document allocates little.
    if (static_cast<std::size_t>(id) >= index_of_id_.size())
      index_of_id_.resize(static_cast<std::size_t>(id) + 1, -1);
    if (const std::int32_t other = index_of_id_[id]; other >= 0)
      refuse(where + ": id " + std::to_string(id) + " is already used by " +
             node_where(static_cast<std::size_t>(other)));

    const std::string op_name = string_field(require_field(node, where, "op"), where, "op");
    const std::optional<Op> op = op_from_name(op_name);
    if (!op) refuse(where + ": unknown op " + quote_text(op_name));
    const OpInfo& info = op_info(*op);

    std::vector<std::string_view> known = {"id", "op", "name", "inputs"};
    if (has_param(*op)) known.push_back(info.param_name);
    known.push_back("pos");
    refuse_unknown_fields(node, where, known, with_article(info.name) + " node");

    std::string name;
    if (const Json* value = find_field(node, "name")) name = string_field(*value, where, "name");
    const std::string name_for_messages = name;
    require_edit(graph_.add_node_at(id, *op, std::move(name)), where, name_for_messages);
    index_of_id_[id] = static_cast<std::int32_t>(index);

    if (has_param(*op)) {
      // Only an input may be without a value (Graph::clear_value); other parameters are needed.
      const Json* value = find_field(node, info.param_name);
      if (value && value->is_array() && is_leaf(*op))  // a matrix (matrix.hpp)
        require_edit(graph_.set_matrix(id, matrix_field(*value, where, info.param_name)), where);
      else if (value)
        require_edit(graph_.set_param(id, number_field(*value, where, info.param_name)), where);
      else if (*op != Op::Input)
        refuse(where + ": " + with_article(info.name) + " needs " + at("", info.param_name));
    }
    if (const Json* value = find_field(node, "pos"))
      require_edit(graph_.set_position(id, pair_field(*value, where, "pos")), where);

    PendingNode pending;
    pending.id = id;
    if (const Json* value = find_field(node, "inputs")) read_inputs(*value, where, info, pending);
    pending_.push_back(pending);
  }

  // Adds every wire, once all nodes exist. Refuses dangling ids and cycles, naming the wire.
  void connect_all() {
    for (std::size_t index = 0; index < pending_.size(); ++index)
      for (int pin = 0; pin < 2; ++pin) {
        const NodeId input = pending_[index].inputs[pin];
        if (input != kNoNode && !graph_.contains(input))
          refuse(inputs_where(index, pin) + " refers to id " + std::to_string(input) +
                 ", which is not a node in this file");
      }
    const std::vector<std::size_t> order = topological_order();
    // Sources first: when a wire is added nothing consumes its target yet, so the graph's own
    // cycle check has nothing to walk (loading stays linear in the number of wires).
    for (const std::size_t index : order)
      for (int pin = 0; pin < 2; ++pin) {
        const PendingNode& node = pending_[index];
        if (node.inputs[pin] != kNoNode)
          require_edit(graph_.connect(node.inputs[pin], node.id, pin), inputs_where(index, pin));
      }
  }

 private:
  void read_inputs(const Json& value, const std::string& where, const OpInfo& info,
                   PendingNode& pending) {
    if (!value.is_array())
      refuse(at(where, "inputs") + " must be an array, not " + type_phrase(value));
    if (value.size() != static_cast<std::size_t>(info.arity)) {
      const std::string pins = info.arity == 0   ? "no input pins"
                               : info.arity == 1 ? "1 input pin"
                                                 : std::to_string(info.arity) + " input pins";
      refuse(at(where, "inputs") + " has " + std::to_string(value.size()) + " entr" +
             (value.size() == 1 ? "y" : "ies") + ", but " + with_article(info.name) + " has " +
             pins + " (use null for an unconnected pin)");
    }
    for (int pin = 0; pin < info.arity; ++pin) {
      const Json& entry = value[static_cast<std::size_t>(pin)];
      if (entry.is_null()) continue;
      const std::optional<long long> input = as_integer(entry);
      const std::string field = "inputs[" + std::to_string(pin) + "]";
      if (!input)
        refuse(at(where, field) + " must be a node id or null, not " + type_phrase(entry));
      if (*input < 0 || *input >= id_limit_)
        refuse(at(where, field) + " refers to id " + std::to_string(*input) +
               ", which is not a node in this file");
      pending.inputs[pin] = static_cast<NodeId>(*input);
    }
  }

  std::string inputs_where(std::size_t index, int pin) const {
    return at(node_where(index, pending_[index].id), "inputs[" + std::to_string(pin) + "]");
  }

  std::size_t index_of(NodeId id) const { return static_cast<std::size_t>(index_of_id_[id]); }

  // Kahn's algorithm over the pending wires: indices of pending_, sources before consumers.
  // Refuses with the cycle spelt out when there is one.
  std::vector<std::size_t> topological_order() const {
    const std::size_t count = pending_.size();
    std::vector<int> waiting_inputs(count, 0);
    std::vector<std::size_t> first_consumer(count + 1, 0);  // CSR offsets into `consumers`
    for (const PendingNode& node : pending_)
      for (NodeId input : node.inputs)
        if (input != kNoNode) ++first_consumer[index_of(input) + 1];
    for (std::size_t i = 0; i < count; ++i) first_consumer[i + 1] += first_consumer[i];
    std::vector<std::size_t> consumers(first_consumer[count]);
    std::vector<std::size_t> filled(first_consumer.begin(), first_consumer.end() - 1);
    for (std::size_t i = 0; i < count; ++i)
      for (NodeId input : pending_[i].inputs)
        if (input != kNoNode) {
          consumers[filled[index_of(input)]++] = i;
          ++waiting_inputs[i];
        }

    std::vector<std::size_t> order;
    order.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
      if (waiting_inputs[i] == 0) order.push_back(i);
    for (std::size_t head = 0; head < order.size(); ++head)
      for (std::size_t k = first_consumer[order[head]]; k < first_consumer[order[head] + 1]; ++k)
        if (--waiting_inputs[consumers[k]] == 0) order.push_back(consumers[k]);
    if (order.size() < count) refuse_cycle(waiting_inputs);
    return order;
  }

  // Every node left with waiting inputs has an input that is also left, so walking up those
  // inputs from any of them must come back to a node already seen: that loop is a cycle.
  [[noreturn]] void refuse_cycle(const std::vector<int>& waiting_inputs) const {
    const std::size_t count = pending_.size();
    std::vector<std::int64_t> step_of(count, -1);
    std::vector<std::pair<std::size_t, int>> walk;  // node index, pin followed up
    std::size_t current = 0;
    while (waiting_inputs[current] == 0) ++current;
    while (step_of[current] < 0) {
      step_of[current] = static_cast<std::int64_t>(walk.size());
      int pin = 0;
      while (pending_[current].inputs[pin] == kNoNode ||
             waiting_inputs[index_of(pending_[current].inputs[pin])] == 0)
        ++pin;
      walk.push_back({current, pin});
      current = index_of(pending_[current].inputs[pin]);
    }
    // walk[step_of[current]..] is the cycle, each entry's source being the next entry.
    const std::vector<std::pair<std::size_t, int>> cycle(walk.begin() + step_of[current],
                                                         walk.end());
    const auto blamed = std::min_element(cycle.begin(), cycle.end());  // first in the file
    if (cycle.size() == 1)
      refuse(inputs_where(blamed->first, blamed->second) +
             " is the node itself: " + "a gate cannot take its own output as input");
    // Spelt in the direction values flow: cycle[k] is fed by cycle[k + 1], so going round
    // backwards from the blamed node follows the values, ending with the blamed wire.
    const std::size_t length = cycle.size();
    const auto start = static_cast<std::size_t>(blamed - cycle.begin());
    // A long loop shows its first nodes and its last two, the blamed wire between those.
    constexpr std::size_t kListedFirst = 6;
    std::string loop;
    for (std::size_t step = 0; step <= length; ++step) {
      if (step >= kListedFirst && step + 2 <= length) {
        if (step == kListedFirst) loop += " \u2192 \u2026";
        continue;
      }
      const std::size_t position = (start + length - step % length) % length;
      loop += (step ? " \u2192 " : "") + graph_.describe(pending_[cycle[position].first].id);
    }
    refuse(inputs_where(blamed->first, blamed->second) + " makes a cycle: " + loop);
  }

  Graph& graph_;
  long long id_limit_;
  std::size_t node_count_;
  std::vector<std::int32_t> index_of_id_;  // position in "nodes" by id; -1 for none yet
  std::vector<PendingNode> pending_;       // in file order
};

// [SECTION] Loading

void check_format_and_version(const Json& top) {
  const Json* format = find_field(top, "format");
  if (!format)
    refuse("not a gradflow document: the \"format\" field is missing (it should be \"" +
           std::string(kDocumentFormat) + "\")");
  if (!format->is_string() || format->get<std::string>() != kDocumentFormat)
    refuse("not a gradflow document: \"format\" is " +
           (format->is_string() ? quote_text(format->get<std::string>()) : type_phrase(*format)) +
           ", not \"" + std::string(kDocumentFormat) + "\"");
  const Json& version = require_field(top, "", "version");
  const std::optional<long long> number = as_integer(version);
  if (!number) refuse("\"version\" must be an integer, not " + type_phrase(version));
  if (*number != kDocumentVersion)
    refuse("version " + std::to_string(*number) +
           " is not supported (this gradflow reads version " + std::to_string(kDocumentVersion) +
           ")");
}

View read_view(const Json& value) {
  if (!value.is_object()) refuse("\"view\" must be an object, not " + type_phrase(value));
  refuse_unknown_fields(value, "view", {"pan", "zoom"}, "a view");
  View view;
  if (const Json* pan = find_field(value, "pan")) view.pan = pair_field(*pan, "view", "pan");
  if (const Json* zoom = find_field(value, "zoom")) {
    view.zoom = float_field(*zoom, "view", "zoom");
    if (!(view.zoom > 0)) refuse(at("view", "zoom") + " must be greater than 0");
  }
  return view;
}

Document read_document(std::string_view text) {
  if (text.size() > kMaxDocumentBytes)
    refuse("the document is " + std::to_string(text.size()) + " bytes; gradflow reads at most " +
           std::to_string(kMaxDocumentBytes >> 20) + " MiB");
  if (const std::size_t at_byte = find_excess_nesting(text, kMaxDocumentNesting);
      at_byte != text.npos)
    refuse("brackets nest deeper than " + std::to_string(kMaxDocumentNesting) +
           " levels (at byte " + std::to_string(at_byte) + "); a gradflow document needs 4");

  Json top = parse_json(text);
  const DismantledAtExit<Json> freed_safely(top);  // even when memory runs out (json_memory.hpp)
  if (!top.is_object())
    refuse("not a gradflow document: the top level must be an object, not " + type_phrase(top));
  check_format_and_version(top);
  refuse_unknown_fields(top, "", {"format", "version", "title", "nodes", "output", "view"},
                        "a document");

  Document doc;
  if (const Json* title = find_field(top, "title")) doc.title = string_field(*title, "", "title");

  const Json& nodes = require_field(top, "", "nodes");
  if (!nodes.is_array()) refuse("\"nodes\" must be an array, not " + type_phrase(nodes));
  if (nodes.size() > kMaxDocumentNodes)
    refuse("the document has " + std::to_string(nodes.size()) + " nodes; gradflow reads at most " +
           std::to_string(kMaxDocumentNodes));
  NodeReader reader(doc.graph, nodes.size());
  for (std::size_t index = 0; index < nodes.size(); ++index) reader.add(nodes[index], index);
  reader.connect_all();

  if (const Json* output = find_field(top, "output"); output && !output->is_null()) {
    const std::optional<long long> id = as_integer(*output);
    if (!id) refuse("\"output\" must be a node id or null, not " + type_phrase(*output));
    if (*id < 0 || *id >= doc.graph.id_limit() || !doc.graph.contains(static_cast<NodeId>(*id)))
      refuse("\"output\" refers to id " + std::to_string(*id) +
             ", which is not a node in this file");
    require_edit(doc.graph.set_output(static_cast<NodeId>(*id)), "output");
  }
  if (const Json* view = find_field(top, "view")) doc.view = read_view(*view);
  return doc;
}

// [SECTION] Files

std::string system_message(int error) { return std::generic_category().message(error); }

// Writes all of `text` to `fd`, through short writes and interruptions; false with errno set.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// "a directory", "a FIFO (named pipe)", ... for a file that is not a regular one.
std::string file_kind_phrase(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "a special file";
}

// "64 MiB", or "1000 bytes" for a limit that is not a whole number of MiB.
std::string size_phrase(std::size_t bytes) {
  const bool whole_mib = bytes >= (1u << 20) && bytes % (1u << 20) == 0;
  return whole_mib ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

// "dir/" for "dir/file", "." for "file".
std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash + 1);
}

// Where a write to `path` goes: `path` itself or, when it is a symbolic link, the file its chain
// of links ends at (which may not exist yet, for a dangling link). Writing there, not over the
// link, keeps the link and updates the file it names, as editors do.
Result<std::string> write_destination(const std::string& path) {
  constexpr int kMaxLinks = 40;  // as the kernel's own limit when it follows links
  std::string current = path;
  for (int hop = 0; hop < kMaxLinks; ++hop) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return current;
    std::vector<char> buffer(PATH_MAX);
    const ssize_t length = ::readlink(current.c_str(), buffer.data(), buffer.size());
    if (length < 0 || static_cast<std::size_t>(length) >= buffer.size())
      return Result<std::string>::failure(path + ": cannot read the symbolic link " + current +
                                          ": " + system_message(length < 0 ? errno : ENAMETOOLONG));
    std::string next(buffer.data(), static_cast<std::size_t>(length));
    if (next.empty() || next.front() != '/') {
      const std::size_t slash = current.find_last_of('/');
      if (slash != std::string::npos) next = current.substr(0, slash + 1) + next;
    }
    current = std::move(next);
  }
  return Result<std::string>::failure(path + ": " + system_message(ELOOP));
}

// A name nobody can guess ahead: the process id and 64 random bits.
std::string temporary_name(const std::string& target) {
  std::uint64_t random = 0;
  if (::getrandom(&random, sizeof random, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof random)) {
    static std::atomic<std::uint64_t> counter{0};
    random =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) *
            0x9E3779B97F4A7C15ull +
        counter.fetch_add(1);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random));
  return target + ".tmp-" + std::to_string(::getpid()) + "-" + hex;
}

// Creates a new temporary file beside `target`; its name goes to `temp_path`. O_EXCL|O_NOFOLLOW:
// never opens a file or a link someone placed there, whatever it points at; another name is
// tried when one is taken. Returns the descriptor, or -1 with errno set.
int create_temporary_file(const std::string& target, std::string& temp_path) {
  constexpr int kAttempts = 16;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    temp_path = temporary_name(target);
    const int fd =
        ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;  // errno: EEXIST
}

}  // namespace

std::size_t find_excess_nesting(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

std::string save_document(const Document& doc) {
  std::string text = "{\n";
  text += "  \"format\": " + json_string(kDocumentFormat) + ",\n";
  text += "  \"version\": " + std::to_string(kDocumentVersion) + ",\n";
  if (!doc.title.empty()) text += "  \"title\": " + json_string(doc.title) + ",\n";
  const std::vector<NodeId> ids = doc.graph.node_ids();
  if (ids.empty()) {
    text += "  \"nodes\": []";
  } else {
    text += "  \"nodes\": [\n";
    for (std::size_t i = 0; i < ids.size(); ++i)
      text += "    " + node_line(doc.graph, ids[i]) + (i + 1 < ids.size() ? ",\n" : "\n");
    text += "  ]";
  }
  if (doc.graph.output() != kNoNode)
    text += ",\n  \"output\": " + std::to_string(doc.graph.output());
  if (doc.view)
    text += ",\n  \"view\": {\"pan\": " + pair_text(doc.view->pan) +
            ", \"zoom\": " + coordinate_text(doc.view->zoom) + "}";
  return text + "\n}\n";
}

Result<Document> load_document(std::string_view json_text) {
  constexpr std::size_t kMaxReason = 600;  // a reason stays one readable line
  try {
    return read_document(json_text);
  } catch (const Refusal& refusal) {
    return Result<Document>::failure(printable(refusal.reason, kMaxReason));
  } catch (const std::bad_alloc&) {
    return Result<Document>::failure("not enough memory to read this document (" +
                                     std::to_string(json_text.size()) + " bytes of text)");
  } catch (const std::exception& error) {  // a backstop: the checks above should leave none
    return Result<Document>::failure("cannot read the document: " +
                                     printable(error.what(), kMaxReason));
  }
}

Result<std::string> read_file_text(const std::string& path, std::size_t max_bytes,
                                   std::string_view what) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Result<std::string>::failure(path + ": cannot open: " + system_message(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return Result<std::string>::failure(path + ": cannot read: " + system_message(error));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Result<std::string>::failure(path + ": is " + file_kind_phrase(info.st_mode) + ", not " +
                                        std::string(what));
  }
  // Reads at most one byte past the limit: enough to know the file is too large.
  std::string text;
  char buffer[1 << 16];
  try {
    while (text.size() <= max_bytes) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        const int error = errno;
        ::close(fd);
        return Result<std::string>::failure(path + ": cannot read: " + system_message(error));
      }
      if (got == 0) break;
      text.append(buffer, static_cast<std::size_t>(got));
    }
  } catch (const std::bad_alloc&) {
    ::close(fd);
    return Result<std::string>::failure(path + ": not enough memory to read the file (" +
                                        std::to_string(info.st_size) + " bytes)");
  }
  ::close(fd);
  if (text.size() > max_bytes)
    return Result<std::string>::failure(path + ": the file is too large (gradflow reads at most " +
                                        size_phrase(max_bytes) + ")");
  return text;
}

Result<Document> load_document_file(const std::string& path) {
  Result<std::string> text = read_file_text(path, kMaxDocumentBytes, "a document");
  if (!text) return Result<Document>::failure(text.reason());
  Result<Document> doc = load_document(*text);
  if (!doc) return Result<Document>::failure(path + ": " + doc.reason());
  return doc;
}

Status check_document_size(std::size_t bytes, std::size_t node_count) {
  if (node_count > kMaxDocumentNodes)
    return Status::failure("the document has " + std::to_string(node_count) +
                           " nodes, more than the " + std::to_string(kMaxDocumentNodes) +
                           " gradflow reads back; nothing was written");
  if (bytes > kMaxDocumentBytes)
    return Status::failure("the document would be " + std::to_string(bytes) +
                           " bytes, more than the " + size_phrase(kMaxDocumentBytes) +
                           " gradflow reads back; nothing was written");
  return Status::success();
}

Status save_document_file(const Document& doc, const std::string& path) {
  const std::size_t node_count = static_cast<std::size_t>(doc.graph.node_count());
  if (Status fits = check_document_size(0, node_count); !fits)
    return Status::failure(path + ": " + fits.reason());
  // Loading refuses ids at or above this (a guard against hostile ids), so saving does too.
  const long long id_limit =
      std::max(kMinIdLimit, kIdLimitPerNode * static_cast<long long>(node_count));
  const std::vector<NodeId> ids = doc.graph.node_ids();
  if (!ids.empty() && ids.back() >= id_limit)
    return Status::failure(path + ": node id " + std::to_string(ids.back()) +
                           " is too large for a document of " + std::to_string(node_count) +
                           " nodes (ids below " + std::to_string(id_limit) +
                           " read back); nothing was written");
  std::string text;
  try {
    text = save_document(doc);
  } catch (const std::bad_alloc&) {
    return Status::failure(path + ": not enough memory to write a document of " +
                           std::to_string(node_count) + " nodes; nothing was written");
  }
  if (Status fits = check_document_size(text.size(), node_count); !fits)
    return Status::failure(path + ": " + fits.reason());
  return write_file_atomically(path, text);
}

Status write_file_atomically(const std::string& path, std::string_view text,
                             Durability durability) {
  const bool flushed = durability == Durability::Flushed;
  Result<std::string> destination = write_destination(path);
  if (!destination) return Status::failure(destination.reason());
  const std::string& target = *destination;
  // Through a link, messages name the file written as well as the path given.
  const std::string named = target == path ? path : path + " (a link to " + target + ")";

  struct stat old_file {};
  const bool replaces = ::stat(target.c_str(), &old_file) == 0;
  if (replaces && !S_ISREG(old_file.st_mode))
    return Status::failure(named + ": is " + file_kind_phrase(old_file.st_mode) +
                           ", not a file gradflow replaces");

  std::string temp_path;
  const int fd = create_temporary_file(target, temp_path);
  if (fd < 0)
    return Status::failure(named + ": cannot create " + temp_path + ": " + system_message(errno));
  auto fail = [&](std::string what, int error) {
    ::unlink(temp_path.c_str());
    return Status::failure(named + ": " + what + ": " + system_message(error));
  };
  // The new file keeps the permissions of the one it replaces.
  if (replaces) ::fchmod(fd, old_file.st_mode & 07777);
  if (!write_all(fd, text)) {
    const int error = errno;
    ::close(fd);
    return fail("cannot write " + temp_path, error);
  }
  if (flushed && ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return fail("cannot flush " + temp_path + " to disk", error);
  }
  if (::close(fd) != 0) return fail("cannot write " + temp_path, errno);
  if (::rename(temp_path.c_str(), target.c_str()) != 0)
    return fail("cannot replace the file", errno);

  // Best effort: make the rename itself durable.
  if (!flushed) return Status::success();
  if (const int dir_fd = ::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::success();
}

}  // namespace gf
