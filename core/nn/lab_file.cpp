// lab_file.cpp — the lab file (see lab_file.hpp).
//
// Index
//   [SECTION] Names            the enums' names in files
//   [SECTION] Writing          numbers that read back exactly, one part per line
//   [SECTION] Strict reading   fields by name, each read by type with its path in the message
//   [SECTION] The parts        data, network, training, view, state, history
//   [SECTION] Files and runs
//   [SECTION] Importing weights
#include "lab_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "document.hpp"
#include "json_memory.hpp"
#include "message_text.hpp"

namespace gf::nn {

namespace {

using Json = nlohmann::json;

// Thrown inside this file only, and turned into a failed Result at the API.
struct Refusal {
  std::string reason;
};
[[noreturn]] void refuse(std::string reason) { throw Refusal{std::move(reason)}; }

// [SECTION] Names

constexpr std::string_view kScheduleNames[] = {"constant", "micrograd"};
constexpr std::string_view kRegularizationNames[] = {"none", "l1", "l2"};

// [SECTION] Writing

// The shortest text that reads back as exactly `value`; null when it is not finite.
void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0 && std::signbit(value)) {
    out += "-0.0";
    return;
  }
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_numbers(std::string& out, std::span<const double> values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    append_number(out, values[i]);
  }
  out += ']';
}

std::string quoted(std::string_view text) { return json_string(text); }
const char* bool_text(bool value) { return value ? "true" : "false"; }

void write_data(const LabFile& file, std::string& out) {
  const DatasetOptions& o = file.data_options;
  const Dataset& d = file.dataset;
  out += "  \"data\": {\"generator\": {\"dataset\": " + quoted(dataset_name(o.kind)) +
         ", \"points\": " + std::to_string(o.points) + ", \"noise\": ";
  append_number(out, o.noise);
  out += ", \"train_fraction\": ";
  append_number(out, o.train_fraction);
  out += ", \"seed\": ";
  append_integer(out, o.seed);
  out += "},\n    \"problem\": " + quoted(problem_name(d.problem)) +
         ", \"classes\": " + std::to_string(d.classes) + ", \"box\": ";
  const double box[] = {file.box.x_min, file.box.x_max, file.box.y_min, file.box.y_max};
  append_numbers(out, box);
  out += ",\n    \"points\": [";
  const bool regression = d.problem == Problem::Regression;
  for (int i = 0; i < d.size(); ++i) {
    out += i ? ",\n      [" : "\n      [";
    append_number(out, d.x1[i]);
    out += ',';
    append_number(out, d.x2[i]);
    out += ',';
    if (regression)
      append_number(out, d.value[i]);
    else
      append_integer(out, d.label[i]);
    out += d.is_test[i] ? ",1]" : ",0]";
  }
  out += "]},\n";
}

void write_network(const ModelSpec& m, std::string& out) {
  out += "  \"network\": {\"features\": [";
  for (std::size_t i = 0; i < m.features.size(); ++i)
    out += (i ? ", " : "") + quoted(feature_name(m.features[i]));
  out += "], \"hidden\": [";
  for (std::size_t i = 0; i < m.hidden.size(); ++i)
    out += std::string(i ? ", " : "") + "{\"neurons\": " + std::to_string(m.hidden[i].neurons) +
           ", \"activation\": " + quoted(activation_name(m.hidden[i].activation)) + "}";
  out += "],\n    \"output_activation\": " + quoted(activation_name(m.output_activation)) +
         ", \"classes\": " + std::to_string(m.classes) +
         ", \"problem\": " + quoted(problem_name(m.problem)) +
         ", \"loss\": " + quoted(loss_name(m.loss)) + ", \"init\": " + quoted(init_name(m.init)) +
         ", \"init_seed\": ";
  append_integer(out, m.init_seed);
  out += "},\n";
}

void write_training(const TrainConfig& c, std::string& out) {
  out += "  \"training\": {\"learning_rate\": ";
  append_number(out, c.learning_rate);
  out +=
      ", \"schedule\": " + quoted(kScheduleNames[static_cast<int>(c.schedule)]) +
      ", \"regularization\": " + quoted(kRegularizationNames[static_cast<int>(c.regularization)]) +
      ", \"lambda\": ";
  append_number(out, c.lambda);
  out += std::string(", \"regularize_biases\": ") + bool_text(c.regularize_biases) +
         ",\n    \"momentum\": ";
  append_number(out, c.momentum);
  out += ", \"batch_size\": " + std::to_string(c.batch_size) +
         ", \"max_steps\": " + std::to_string(c.max_steps) + ", \"target_loss\": ";
  if (c.target_loss)
    append_number(out, *c.target_loss);
  else
    out += "null";
  out += ", \"seed\": ";
  append_integer(out, c.seed);
  out += ", \"evaluate_every\": " + std::to_string(c.evaluate_every) + "},\n";
}

void write_state(const TrainerState& s, std::string& out) {
  out += "  \"state\": {\"step\": " + std::to_string(s.step) + ", \"batch_cursor\": ";
  append_integer(out, s.batch_cursor);
  out += ", \"batch_epochs\": ";
  append_integer(out, s.batch_epochs);
  out += ", \"epochs_before\": ";
  append_number(out, s.epochs_before);
  out += ", \"points_seen\": ";
  append_integer(out, s.points_seen);
  out += ",\n    \"parameters\": ";
  append_numbers(out, s.parameters);
  out += ",\n    \"velocity\": ";
  append_numbers(out, s.velocity);
  out += "},\n";
}

void write_history(const LabFile& file, std::string& out) {
  out += "  \"history\": {\"batch_losses\": ";
  append_numbers(out, file.batch_losses);
  out += ",\n    \"evaluations\": [";
  for (std::size_t i = 0; i < file.evaluations.size(); ++i) {
    const EvaluationRecord& e = file.evaluations[i];
    out += i ? ",[" : "[";
    append_integer(out, e.step);
    for (double value : {e.train_loss, e.test_loss, e.train_accuracy, e.test_accuracy}) {
      out += ',';
      append_number(out, value);
    }
    out += ']';
  }
  out += "]}";
}

// [SECTION] Strict reading

// Where a value is, for messages: "network.hidden[1].neurons".
std::string at(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}
std::string at(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// An object's fields by name; every field must be known and be read (done() checks).
class Fields {
 public:
  Fields(const Json& value, std::string path) : value_(value), path_(std::move(path)) {
    if (!value.is_object())
      refuse((path_.empty() ? "the file" : path_) + " must be an object, not " +
             type_phrase(value));
  }
  const Json* optional(std::string_view name) {
    known_.push_back(name);
    const auto found = value_.find(name);
    return found == value_.end() ? nullptr : &*found;
  }
  const Json& required(std::string_view name) {
    if (const Json* found = optional(name)) return *found;
    refuse(at(path_, name) + " is missing");
  }
  std::string path(std::string_view name) const { return at(path_, name); }
  void done() const {
    for (const auto& item : value_.items())
      if (std::find(known_.begin(), known_.end(), item.key()) == known_.end())
        refuse("unknown field \"" + printable(item.key(), 48) + "\" in " +
               (path_.empty() ? "the file" : path_));
  }

 private:
  const Json& value_;
  std::string path_;
  std::vector<std::string_view> known_;
};

double number(const Json& value, const std::string& where) {
  if (!value.is_number()) refuse(where + " must be a number, not " + type_phrase(value));
  return value.get<double>();
}

double number_in(const Json& value, const std::string& where, double low, double high) {
  const double read = number(value, where);
  if (!(read >= low && read <= high))
    refuse(where + " must be from " + std::to_string(low) + " to " + std::to_string(high) +
           ", not " + type_phrase(value));
  return read;
}

// A history's number: null is "not a number" (no test points, a diverged step).
double number_or_null(const Json& value, const std::string& where) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  return number(value, where);
}

long long integer(const Json& value, const std::string& where, long long low, long long high) {
  if (!value.is_number_integer())
    refuse(where + " must be a whole number, not " + type_phrase(value));
  const bool too_large =
      value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(high);
  const long long read = too_large ? high : value.get<long long>();
  if (too_large || read < low || read > high)
    refuse(where + " must be from " + std::to_string(low) + " to " + std::to_string(high) +
           ", not " + type_phrase(value));
  return read;
}

std::uint64_t seed(const Json& value, const std::string& where) {
  if (!value.is_number_unsigned())
    refuse(where + " must be a whole number from 0 to 2^64-1, not " + type_phrase(value));
  return value.get<std::uint64_t>();
}

bool boolean(const Json& value, const std::string& where) {
  if (!value.is_boolean()) refuse(where + " must be true or false, not " + type_phrase(value));
  return value.get<bool>();
}

const Json& array(const Json& value, const std::string& where, std::size_t most) {
  if (!value.is_array()) refuse(where + " must be an array, not " + type_phrase(value));
  if (value.size() > most)
    refuse(where + " has " + std::to_string(value.size()) + " entries, more than the " +
           std::to_string(most) + " a lab file may hold");
  return value;
}

// One of a table's names, through `from_name`; `names` lists them for the message.
template <class FromName>
auto name(const Json& value, const std::string& where, FromName from_name,
          const std::string& names) {
  if (!value.is_string()) refuse(where + " must be a name, not " + type_phrase(value));
  const auto read = from_name(value.get_ref<const std::string&>());
  if (!read)
    refuse(where + ": unknown name \"" + printable(value.get_ref<const std::string&>(), 48) +
           "\" (one of: " + names + ")");
  return *read;
}

template <class Enum, std::size_t N>
Enum enum_name(const Json& value, const std::string& where, const std::string_view (&table)[N]) {
  std::string names;
  for (std::string_view entry : table) names += (names.empty() ? "" : ", ") + std::string(entry);
  return name(
      value, where,
      [&](const std::string& text) -> std::optional<Enum> {
        for (std::size_t i = 0; i < N; ++i)
          if (table[i] == text) return static_cast<Enum>(i);
        return std::nullopt;
      },
      names);
}

void refuse_invalid(const Status& status, const std::string& where) {
  if (!status) refuse(where + ": " + status.reason());
}

// [SECTION] The parts

DatasetOptions read_generator(const Json& value, const std::string& path) {
  Fields f(value, path);
  DatasetOptions o;
  o.kind = name(f.required("dataset"), f.path("dataset"), dataset_from_name, dataset_names());
  o.points = static_cast<int>(integer(f.required("points"), f.path("points"), kMinPoints, 100000));
  o.noise = number_in(f.required("noise"), f.path("noise"), 0, 10);
  o.train_fraction = number_in(f.required("train_fraction"), f.path("train_fraction"), 0, 1);
  o.seed = seed(f.required("seed"), f.path("seed"));
  f.done();
  return o;
}

PlaneBox read_box(const Json& value, const std::string& where) {
  const Json& box = array(value, where, 4);
  if (box.size() != 4) refuse(where + " must hold 4 numbers: x_min, x_max, y_min, y_max");
  double v[4];
  for (std::size_t i = 0; i < 4; ++i) {
    v[i] = number(box[i], at(where, i));
    if (std::abs(v[i]) > 1e6) refuse(at(where, i) + " must be within ±1e6");
  }
  if (!(v[0] < v[1]) || !(v[2] < v[3]))
    refuse(where + " must have x_min < x_max and y_min < y_max");
  return {v[0], v[1], v[2], v[3]};
}

void read_point(const Json& value, const std::string& where, Dataset& d) {
  const Json& point = array(value, where, 4);
  if (point.size() != 4) refuse(where + " must hold 4 values: x, y, label (or value), 0/1 test");
  const double x = number(point[0], at(where, 0)), y = number(point[1], at(where, 1));
  if (std::abs(x) > 1e6 || std::abs(y) > 1e6) refuse(where + ": x and y must be within ±1e6");
  const bool test = integer(point[3], at(where, 3), 0, 1) == 1;
  if (d.problem == Problem::Regression) {
    d.add_valued_point(x, y, number(point[2], at(where, 2)), test);
  } else {
    const int classes = d.classes;
    d.add_point(x, y, static_cast<int>(integer(point[2], at(where, 2), 0, classes - 1)), test);
  }
}

void read_data(const Json& value, LabFile& file) {
  Fields f(value, "data");
  file.data_options = read_generator(f.required("generator"), f.path("generator"));
  Dataset& d = file.dataset;
  d = Dataset{};
  d.problem = name(f.required("problem"), f.path("problem"), problem_from_name,
                   "classification, regression");
  d.classes = static_cast<int>(integer(f.required("classes"), f.path("classes"),
                                       d.problem == Problem::Regression ? 1 : 2, kMaxClasses));
  file.box = read_box(f.required("box"), f.path("box"));
  const Json& points = array(f.required("points"), f.path("points"), kMaxLabPoints);
  if (points.size() < static_cast<std::size_t>(kMinPoints))
    refuse(f.path("points") + " must hold at least " + std::to_string(kMinPoints) + " points");
  for (std::size_t i = 0; i < points.size(); ++i) read_point(points[i], at("data.points", i), d);
  f.done();
}

std::vector<Feature> read_features(const Json& value, const std::string& where) {
  std::vector<Feature> features;
  const Json& list = array(value, where, kFeatureCount);
  for (std::size_t i = 0; i < list.size(); ++i)
    features.push_back(name(list[i], at(where, i), feature_from_name, feature_names(", ", ", ")));
  return features;
}

void read_network(const Json& value, ModelSpec& m) {
  Fields f(value, "network");
  m.features = read_features(f.required("features"), f.path("features"));
  const std::string activations = activation_names(", ", ", ");
  const Json& hidden = array(f.required("hidden"), f.path("hidden"), kMaxHiddenLayers);
  m.hidden.clear();
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    Fields layer(hidden[i], at(f.path("hidden"), i));
    LayerSpec spec;
    spec.neurons =
        static_cast<int>(integer(layer.required("neurons"), layer.path("neurons"), 1, kMaxNeurons));
    spec.activation = name(layer.required("activation"), layer.path("activation"),
                           activation_from_name, activations);
    layer.done();
    m.hidden.push_back(spec);
  }
  m.output_activation = name(f.required("output_activation"), f.path("output_activation"),
                             activation_from_name, activations);
  m.classes = static_cast<int>(integer(f.required("classes"), f.path("classes"), 1, kMaxClasses));
  m.problem = name(f.required("problem"), f.path("problem"), problem_from_name,
                   "classification, regression");
  m.loss = name(f.required("loss"), f.path("loss"), loss_from_name, "hinge, bce, mse, softmax");
  m.init = name(f.required("init"), f.path("init"), init_from_name, "uniform, xavier, he");
  m.init_seed = seed(f.required("init_seed"), f.path("init_seed"));
  f.done();
  refuse_invalid(validate(m), "network");
}

void read_training(const Json& value, TrainConfig& c) {
  Fields f(value, "training");
  c.learning_rate = number(f.required("learning_rate"), f.path("learning_rate"));
  c.schedule = enum_name<LrSchedule>(f.required("schedule"), f.path("schedule"), kScheduleNames);
  c.regularization = enum_name<Regularization>(f.required("regularization"),
                                               f.path("regularization"), kRegularizationNames);
  c.lambda = number(f.required("lambda"), f.path("lambda"));
  c.regularize_biases = boolean(f.required("regularize_biases"), f.path("regularize_biases"));
  c.momentum = number(f.required("momentum"), f.path("momentum"));
  c.batch_size = static_cast<int>(
      integer(f.required("batch_size"), f.path("batch_size"), 0, std::numeric_limits<int>::max()));
  c.max_steps = static_cast<int>(
      integer(f.required("max_steps"), f.path("max_steps"), 0, std::numeric_limits<int>::max()));
  const Json& target = f.required("target_loss");
  c.target_loss.reset();
  if (!target.is_null()) c.target_loss = number(target, f.path("target_loss"));
  c.seed = seed(f.required("seed"), f.path("seed"));
  c.evaluate_every = static_cast<int>(
      integer(f.required("evaluate_every"), f.path("evaluate_every"), 0, 1'000'000));
  f.done();
  refuse_invalid(validate(c), "training");
}

void read_view(const Json& value, LabViewSettings& v, int classes) {
  Fields f(value, "view");
  v.steps_per_frame =
      static_cast<int>(integer(f.required("steps_per_frame"), f.path("steps_per_frame"), 1, 1000));
  v.discretize = boolean(f.required("discretize"), f.path("discretize"));
  v.show_test = boolean(f.required("show_test"), f.path("show_test"));
  v.click_class = static_cast<int>(
      integer(f.required("click_class"), f.path("click_class"), 0, std::max(classes, 1) - 1));
  f.done();
}

std::vector<double> read_parameters(const Json& value, const std::string& where, int count) {
  const Json& list = array(value, where, kMaxLabHistory);
  if (list.size() != static_cast<std::size_t>(count))
    refuse(where + " has " + std::to_string(list.size()) + " numbers, not the " +
           std::to_string(count) + " the network has");
  std::vector<double> values(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) values[i] = number(list[i], at(where, i));
  return values;
}

TrainerState read_state(const Json& value, const ModelSpec& model) {
  Fields f(value, "state");
  TrainerState s;
  s.step = static_cast<int>(
      integer(f.required("step"), f.path("step"), 0, std::numeric_limits<int>::max()));
  s.init_seed = model.init_seed;
  const int count = parameter_count(model);
  s.parameters = read_parameters(f.required("parameters"), f.path("parameters"), count);
  s.velocity = read_parameters(f.required("velocity"), f.path("velocity"), count);
  constexpr long long kLargest = std::numeric_limits<long long>::max();
  s.batch_cursor = integer(f.required("batch_cursor"), f.path("batch_cursor"), -1, kLargest);
  s.batch_epochs = seed(f.required("batch_epochs"), f.path("batch_epochs"));
  s.epochs_before = number_in(f.required("epochs_before"), f.path("epochs_before"), 0, 1e15);
  s.points_seen = integer(f.required("points_seen"), f.path("points_seen"), 0, kLargest);
  f.done();
  return s;
}

void read_history(const Json& value, LabFile& file, int step) {
  Fields f(value, "history");
  const Json& losses = array(f.required("batch_losses"), f.path("batch_losses"), kMaxLabHistory);
  if (losses.size() > static_cast<std::size_t>(step))
    refuse(f.path("batch_losses") + " has " + std::to_string(losses.size()) +
           " entries, more than the state's " + std::to_string(step) + " steps");
  file.batch_losses.resize(losses.size());
  for (std::size_t i = 0; i < losses.size(); ++i)
    file.batch_losses[i] = number_or_null(losses[i], at("history.batch_losses", i));
  const Json& records = array(f.required("evaluations"), f.path("evaluations"), kMaxLabHistory);
  file.evaluations.clear();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string where = at("history.evaluations", i);
    const Json& record = array(records[i], where, 5);
    if (record.size() != 5)
      refuse(where +
             " must hold 5 values: step, train_loss, test_loss, train_accuracy, "
             "test_accuracy");
    const int previous = file.evaluations.empty() ? 0 : file.evaluations.back().step;
    EvaluationRecord e;
    e.step = static_cast<int>(integer(record[0], at(where, 0), previous, step));
    e.train_loss = number_or_null(record[1], at(where, 1));
    e.test_loss = number_or_null(record[2], at(where, 2));
    e.train_accuracy = number_or_null(record[3], at(where, 3));
    e.test_accuracy = number_or_null(record[4], at(where, 4));
    file.evaluations.push_back(e);
  }
  f.done();
}

// The parts that must agree with each other: the points and the network.
void check_fit(const LabFile& file) {
  const Dataset& d = file.dataset;
  if (d.problem != file.model.problem)
    refuse("data.problem is " + std::string(problem_name(d.problem)) + " but network.problem is " +
           std::string(problem_name(file.model.problem)));
  if (d.problem == Problem::Classification && d.classes > file.model.classes)
    refuse("data.classes is " + std::to_string(d.classes) + " but the network has " +
           std::to_string(file.model.classes) + " classes");
  if (file.view.click_class >= std::max(d.classes, 1))
    refuse("view.click_class must be below data.classes");
}

LabFile read_lab(const Json& root) {
  Fields f(root, "");
  const Json& format = f.required("format");
  if (!format.is_string() || format.get_ref<const std::string&>() != kLabFormat)
    refuse("format must be \"" + std::string(kLabFormat) + "\", not " +
           (format.is_string() ? "\"" + printable(format.get_ref<const std::string&>(), 48) + "\""
                               : type_phrase(format)) +
           ": this is not a gradflow lab file");
  const long long version =
      integer(f.required("version"), "version", 1, std::numeric_limits<int>::max());
  if (version > kLabVersion)
    refuse("version " + std::to_string(version) + " is newer than this gradflow reads (" +
           std::to_string(kLabVersion) + "): update gradflow to open it");
  LabFile file;
  read_data(f.required("data"), file);
  read_network(f.required("network"), file.model);
  read_training(f.required("training"), file.config);
  if (const Json* view = f.optional("view")) read_view(*view, file.view, file.dataset.classes);
  if (const Json* state = f.optional("state")) file.state = read_state(*state, file.model);
  if (const Json* history = f.optional("history"))
    read_history(*history, file, file.state ? file.state->step : 0);
  if (const Json* shown = f.optional("shown")) file.shown = boolean(*shown, "shown");
  f.done();
  check_fit(file);
  return file;
}

// Checks size and nesting before any parsing, then parses (the parser's message when invalid).
Json parse_checked(std::string_view text) {
  if (text.size() > kMaxLabBytes)
    refuse("the file has " + std::to_string(text.size()) + " bytes, more than the " +
           std::to_string(kMaxLabBytes >> 20) + " MiB a lab file may have");
  if (const std::size_t where = find_excess_nesting(text, kMaxLabNesting);
      where != std::string_view::npos)
    refuse("brackets nest deeper than " + std::to_string(kMaxLabNesting) + " levels (at byte " +
           std::to_string(where) + ")");
  try {
    return Json::parse(text);
  } catch (const Json::exception& error) {
    std::string_view message = error.what();  // "[json.exception.parse_error.101] parse error..."
    if (const std::size_t tag_end = message.find("] "); tag_end != message.npos)
      message.remove_prefix(tag_end + 2);
    refuse("not valid JSON: " + std::string(message.substr(0, 200)));
  }
}

template <class T, class Read>
Result<T> guarded(std::string_view text, Read read) {
  try {
    Json root = parse_checked(text);
    DismantledAtExit freed(root);
    return read(root);
  } catch (const Refusal& refusal) {
    return Result<T>::failure(refusal.reason);
  } catch (const std::bad_alloc&) {
    return Result<T>::failure("not enough memory to read it");
  }
}

}  // namespace

// [SECTION] Files and runs

void capture_run(const Trainer& trainer, LabFile& file, bool with_history) {
  file.model = trainer.model();
  file.config = trainer.config();
  file.dataset = trainer.dataset();
  TrainerState state;
  trainer.save_state(state);
  file.state = std::move(state);
  file.batch_losses.clear();
  file.evaluations.clear();
  if (!with_history) return;
  // (a diverged run's history ends with the loss of the step it did not take: not its state's)
  const std::vector<double>& losses = trainer.batch_loss_history();
  file.batch_losses.assign(
      losses.begin(),
      losses.begin() +
          std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(losses.size()), trainer.step()));
  file.evaluations = trainer.evaluation_history();
}

Result<Trainer> restore_run(const LabFile& file) {
  ModelSpec model = file.model;
  if (file.state) model.init_seed = file.state->init_seed;
  Result<Trainer> trainer = Trainer::create(model, file.config, file.dataset);
  if (!trainer) return trainer;
  if (file.state)
    if (Status restored = trainer->restore_state(*file.state); !restored) return restored;
  if (Status kept = trainer->restore_histories(file.batch_losses, file.evaluations); !kept)
    return kept;
  return trainer;
}

PlaneBox fitting_box(const Dataset& dataset) {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (int i = 0; i < dataset.size(); ++i) {
    x0 = std::min(x0, dataset.x1[i]);
    x1 = std::max(x1, dataset.x1[i]);
    y0 = std::min(y0, dataset.x2[i]);
    y1 = std::max(y1, dataset.x2[i]);
  }
  if (dataset.size() == 0) return {};
  const double half = std::max({(x1 - x0) / 2, (y1 - y0) / 2, 1e-3}) * 1.15;
  const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return {cx - half, cx + half, cy - half, cy + half};
}

std::string save_lab(const LabFile& file) {
  std::string out = "{\n  \"format\": " + quoted(kLabFormat) +
                    ", \"version\": " + std::to_string(kLabVersion) + ",\n";
  write_data(file, out);
  write_network(file.model, out);
  write_training(file.config, out);
  const LabViewSettings& v = file.view;
  out += "  \"view\": {\"steps_per_frame\": " + std::to_string(v.steps_per_frame) +
         ", \"discretize\": " + bool_text(v.discretize) +
         ", \"show_test\": " + bool_text(v.show_test) +
         ", \"click_class\": " + std::to_string(v.click_class) + "},\n";
  if (file.shown) out += std::string("  \"shown\": ") + bool_text(*file.shown) + ",\n";
  if (file.state) write_state(*file.state, out);
  write_history(file, out);
  out += "\n}\n";
  return out;
}

Result<LabFile> load_lab(std::string_view json_text) {
  return guarded<LabFile>(json_text, [](const Json& root) { return read_lab(root); });
}

Status check_savable(const LabFile& file) {
  if (!file.state) return Status::success();
  for (const std::vector<double>* values : {&file.state->parameters, &file.state->velocity})
    if (!std::all_of(values->begin(), values->end(), [](double v) { return std::isfinite(v); }))
      return Status::failure(
          "the weights are not finite numbers (the run diverged): restart it before saving");
  return Status::success();
}

Result<LabFile> read_lab_file(const std::string& path) {
  Result<std::string> text = read_file_text(path, kMaxLabBytes, "a lab file");
  if (!text) return Result<LabFile>::failure(text.reason());
  Result<LabFile> file = load_lab(*text);
  if (!file) return Result<LabFile>::failure(path + ": " + file.reason());
  return file;
}

Status write_lab_file(const LabFile& file, const std::string& path) {
  if (Status savable = check_savable(file); !savable)
    return Status::failure(path + ": " + savable.reason());
  try {
    return write_file_atomically(path, save_lab(file));
  } catch (const std::bad_alloc&) {
    return Status::failure(path + ": not enough memory to write the lab file");
  }
}

// [SECTION] Importing weights

namespace {

std::string shape_text(const std::vector<LayerShape>& shapes) {
  if (shapes.empty()) return "empty";
  std::string text = std::to_string(shapes.front().inputs);
  for (const LayerShape& shape : shapes) text += "-" + std::to_string(shape.outputs);
  return text;
}

// A "gradflow-mlp-1" file's layers into the parameter vector of `shapes`.
std::vector<double> read_mlp_weights(Fields& f, const std::vector<LayerShape>& shapes, int count) {
  for (const char* known :
       {"features", "classes", "loss", "step", "train_accuracy", "test_accuracy"})
    (void)f.optional(known);  // written by the export, not needed here
  const Json& layers = array(f.required("layers"), "layers", 64);
  std::vector<LayerShape> found;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    Fields layer(layers[l], at("layers", l));
    LayerShape shape;
    shape.inputs =
        static_cast<int>(integer(layer.required("inputs"), layer.path("inputs"), 1, kMaxNeurons));
    shape.outputs =
        static_cast<int>(integer(layer.required("outputs"), layer.path("outputs"), 1, kMaxNeurons));
    found.push_back(shape);
  }
  bool fits = found.size() == shapes.size();
  for (std::size_t l = 0; fits && l < found.size(); ++l)
    fits = found[l].inputs == shapes[l].inputs && found[l].outputs == shapes[l].outputs;
  if (!fits)
    refuse("the file's network is " + shape_text(found) + ", this lab's " + shape_text(shapes) +
           ": the weights do not fit");
  std::vector<double> parameters(static_cast<std::size_t>(count));
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerShape& shape = shapes[l];
    Fields layer(layers[l], at("layers", l));
    (void)layer.optional("inputs"), (void)layer.optional("outputs");
    (void)layer.optional("activation");
    const Json& rows = array(layer.required("weights"), layer.path("weights"), shape.outputs);
    if (rows.size() != static_cast<std::size_t>(shape.outputs))
      refuse(layer.path("weights") + " must hold " + std::to_string(shape.outputs) + " rows");
    for (int j = 0; j < shape.outputs; ++j) {
      const std::vector<double> row =
          read_parameters(rows[j], at(layer.path("weights"), j), shape.inputs);
      std::copy(row.begin(), row.end(),
                parameters.begin() + shape.weight_offset + j * shape.inputs);
    }
    const std::vector<double> biases =
        read_parameters(layer.required("biases"), layer.path("biases"), shape.outputs);
    std::copy(biases.begin(), biases.end(), parameters.begin() + shape.bias_offset);
    layer.done();
  }
  f.done();
  return parameters;
}

std::vector<double> read_weights_of(const Json& root, const ModelSpec& model) {
  const std::vector<LayerShape> shapes = layer_shapes(model);
  const int count = parameter_count(model);
  Fields f(root, "");
  const Json& format = f.required("format");
  if (format == "gradflow-mlp-1") {
    std::vector<double> parameters = read_mlp_weights(f, shapes, count);
    for (std::size_t i = 0; i < parameters.size(); ++i)
      if (!std::isfinite(parameters[i])) refuse("a weight is not a finite number");
    return parameters;
  }
  if (format != kLabFormat)
    refuse("format must be \"gradflow-lab\" or \"gradflow-mlp-1\" (the lab's weights), not " +
           type_phrase(format));
  LabFile file = read_lab(root);
  const std::vector<LayerShape> found = layer_shapes(file.model);
  bool fits = found.size() == shapes.size();
  for (std::size_t l = 0; fits && l < found.size(); ++l)
    fits = found[l].inputs == shapes[l].inputs && found[l].outputs == shapes[l].outputs;
  if (!fits)
    refuse("the file's network is " + shape_text(found) + ", this lab's " + shape_text(shapes) +
           ": the weights do not fit");
  return file.state ? file.state->parameters : initial_parameters(file.model);
}

}  // namespace

Result<std::vector<double>> read_weights(std::string_view json_text, const ModelSpec& model) {
  return guarded<std::vector<double>>(
      json_text, [&](const Json& root) { return read_weights_of(root, model); });
}

Result<std::vector<double>> read_weights_file(const std::string& path, const ModelSpec& model) {
  Result<std::string> text = read_file_text(path, kMaxLabBytes, "a weights file");
  if (!text) return Result<std::vector<double>>::failure(text.reason());
  Result<std::vector<double>> weights = read_weights(*text, model);
  if (!weights) return Result<std::vector<double>>::failure(path + ": " + weights.reason());
  return weights;
}

}  // namespace gf::nn
