// nn_dataset.cpp — generators, split, point edits and CSV (see nn_dataset.hpp).
//
// Index
//   [SECTION] TensorFlow Playground's generators (circle, xor, gaussian, spiral)
//   [SECTION] scikit-learn's make_moons, and the multi-class sets
//   [SECTION] Playground's regression sets (plane, multigauss)
//   [SECTION] The table of datasets: names and options
//   [SECTION] Split and point edits
//   [SECTION] CSV
#include "nn_dataset.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <new>
#include <numbers>
#include <tuple>

#include "document.hpp"
#include "nn_random.hpp"
#include "nn_regression.hpp"

namespace gf::nn {

// [SECTION] TensorFlow Playground's generators (circle, xor, gaussian, spiral) --------------
// Each follows dataset.ts line by line, including the order of the random draws. Playground's
// labels are +1 and -1; here +1 is class 1 and -1 is class 0.

namespace {

constexpr double kPi = std::numbers::pi;

struct PointSink {
  Dataset& dataset;
  void add(double x, double y, int label) {
    dataset.x1.push_back(x);
    dataset.x2.push_back(y);
    dataset.label.push_back(label);
    dataset.value.push_back(0.0);
    dataset.is_test.push_back(0);
  }
  void add_valued(double x, double y, double value) {
    add(x, y, 0);
    dataset.value.back() = value;
  }
};

void classify_circle(PointSink sink, int count, double noise, Rng& rng) {
  const double radius = 5;
  auto label_of = [&](double x, double y) { return std::hypot(x, y) < radius * 0.5 ? 1 : 0; };
  // Positive points inside the circle, then negative points in the ring outside it; the label
  // is taken after noise, so noisy points can land on the other side.
  for (int side = 0; side < 2; ++side) {
    const int n = side == 0 ? count / 2 : count - count / 2;
    for (int i = 0; i < n; ++i) {
      const double r = side == 0 ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
      const double angle = rng.uniform(0, 2 * kPi);
      const double x = r * std::sin(angle), y = r * std::cos(angle);
      const double noise_x = rng.uniform(-radius, radius) * noise;
      const double noise_y = rng.uniform(-radius, radius) * noise;
      sink.add(x, y, label_of(x + noise_x, y + noise_y));
    }
  }
}

void classify_xor(PointSink sink, int count, double noise, Rng& rng) {
  const double padding = 0.3;  // keeps points off the axes
  for (int i = 0; i < count; ++i) {
    double x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    double y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const double noise_x = rng.uniform(-5, 5) * noise;
    const double noise_y = rng.uniform(-5, 5) * noise;
    sink.add(x, y, (x + noise_x) * (y + noise_y) >= 0 ? 1 : 0);
  }
}

// Playground's normalRandom(mean, variance): the polar (Marsaglia) method, as dataset.ts does.
double playground_normal(Rng& rng, double mean, double variance) {
  double v1, v2, s;
  do {
    v1 = 2 * rng.uniform() - 1;
    v2 = 2 * rng.uniform() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s > 1 || s == 0);  // s == 0 would divide by zero (dataset.ts does not guard it)
  return mean + std::sqrt(variance) * std::sqrt(-2 * std::log(s) / s) * v1;
}

void classify_two_gauss(PointSink sink, int count, double noise, Rng& rng) {
  const double variance = 0.5 + noise * (4.0 - 0.5) / 0.5;  // d3 scale [0, .5] -> [0.5, 4]
  for (int side = 0; side < 2; ++side) {
    const int n = side == 0 ? count / 2 : count - count / 2;
    const double centre = side == 0 ? 2 : -2;
    for (int i = 0; i < n; ++i) {
      const double x = playground_normal(rng, centre, variance);
      const double y = playground_normal(rng, centre, variance);
      sink.add(x, y, side == 0 ? 1 : 0);
    }
  }
}

// Playground's spiral with `arms` arms (2: its own, arm 0 the positive one at deltaT = 0).
void classify_spiral(PointSink sink, int count, double noise, int arms, Rng& rng) {
  for (int arm = 0; arm < arms; ++arm) {
    const int n_arm = count / arms + (arm < count % arms ? 1 : 0);
    const double delta_t = 2 * kPi * arm / arms;  // two arms: 0 and π, as in dataset.ts
    const int label = arms == 2 ? 1 - arm : arm;
    for (int i = 0; i < n_arm; ++i) {
      const double r = static_cast<double>(i) / n_arm * 5;
      const double t = 1.75 * i / n_arm * 2 * kPi + delta_t;
      const double x = r * std::sin(t) + rng.uniform(-1, 1) * noise;
      const double y = r * std::cos(t) + rng.uniform(-1, 1) * noise;
      sink.add(x, y, label);
    }
  }
}

// [SECTION] scikit-learn's make_moons, and the multi-class sets ----------------------------

// numpy.linspace(0, π, n)[i]
double linspace_pi(int i, int n) { return n == 1 ? 0.0 : kPi * i / (n - 1); }

void make_moons(PointSink sink, int count, double noise, Rng& rng) {
  const int n_out = count / 2, n_in = count - n_out;  // as sklearn: the inner moon gets the odd one
  for (int i = 0; i < n_out; ++i)
    sink.add(std::cos(linspace_pi(i, n_out)), std::sin(linspace_pi(i, n_out)), 0);
  for (int i = 0; i < n_in; ++i)
    sink.add(1 - std::cos(linspace_pi(i, n_in)), 1 - std::sin(linspace_pi(i, n_in)) - 0.5, 1);
  // sklearn shuffles (here: every generator is shuffled afterwards), then adds N(0, noise²) to
  // every coordinate.
  for (int i = 0; i < count; ++i) {
    sink.dataset.x1[i] += rng.normal(0, noise);
    sink.dataset.x2[i] += rng.normal(0, noise);
  }
}

void make_blobs(PointSink sink, int count, double noise, int classes, Rng& rng) {
  const double stddev = std::sqrt(0.5 + noise * 7.0);
  const double centre_radius = 3.5;
  for (int c = 0; c < classes; ++c) {
    const int n = count / classes + (c < count % classes ? 1 : 0);
    const double angle = 2 * kPi * c / classes + kPi / 4;
    const double cx = centre_radius * std::cos(angle), cy = centre_radius * std::sin(angle);
    for (int i = 0; i < n; ++i) {
      const double x = rng.normal(cx, stddev);
      const double y = rng.normal(cy, stddev);
      sink.add(x, y, c);
    }
  }
}

// [SECTION] Playground's regression sets (plane, multigauss) ---------------------------------
// regressPlane and regressGaussian: x and y uniform in [-6, 6], the value taken at the point
// moved by noise × U(-6, 6) in each coordinate (drawn in that order: x, y, noise x, noise y), so
// noisy points carry a neighbour's value. The value functions are in nn_regression.cpp.

void regress(PointSink sink, int count, double noise, double (*value_at)(double, double),
             Rng& rng) {
  const double radius = 6;
  for (int i = 0; i < count; ++i) {
    const double x = rng.uniform(-radius, radius);
    const double y = rng.uniform(-radius, radius);
    const double noise_x = rng.uniform(-radius, radius) * noise;
    const double noise_y = rng.uniform(-radius, radius) * noise;
    sink.add_valued(x, y, value_at(x + noise_x, y + noise_y));
  }
}

// [SECTION] The table of datasets: names and options -------------------------------------------

using Generator = void (*)(PointSink sink, int count, double noise, Rng& rng);

struct DatasetRow {
  DatasetKind kind;
  std::string_view name;  // in flags, files and menus
  Problem problem;
  int classes;   // 1 for regression
  PlaneBox box;  // the part of the plane shown
  Generator generate;
};

// Playground draws [-6, 6]²; the moons live in about [-1, 2] × [-0.5, 1]: a square around them
// with micrograd's margin of 1.
constexpr PlaneBox kPlaygroundBox{}, kMoonsBox{-2.0, 3.0, -2.25, 2.75};
constexpr Problem kClassify = Problem::Classification, kRegress = Problem::Regression;

// clang-format off
constexpr std::array<DatasetRow, static_cast<int>(DatasetKind::Count_)> kDatasets = {{
  {DatasetKind::Circle, "circle", kClassify, 2, kPlaygroundBox, classify_circle},
  {DatasetKind::Xor, "xor", kClassify, 2, kPlaygroundBox, classify_xor},
  {DatasetKind::Gaussian, "gaussian", kClassify, 2, kPlaygroundBox, classify_two_gauss},
  {DatasetKind::Spiral, "spiral", kClassify, 2, kPlaygroundBox,
   [](PointSink sink, int n, double noise, Rng& rng) { classify_spiral(sink, n, noise, 2, rng); }},
  {DatasetKind::Moons, "moons", kClassify, 2, kMoonsBox, make_moons},
  {DatasetKind::Spiral3, "spiral3", kClassify, 3, kPlaygroundBox,
   [](PointSink sink, int n, double noise, Rng& rng) { classify_spiral(sink, n, noise, 3, rng); }},
  {DatasetKind::Blobs3, "blobs3", kClassify, 3, kPlaygroundBox,
   [](PointSink sink, int n, double noise, Rng& rng) { make_blobs(sink, n, noise, 3, rng); }},
  {DatasetKind::Blobs4, "blobs4", kClassify, 4, kPlaygroundBox,
   [](PointSink sink, int n, double noise, Rng& rng) { make_blobs(sink, n, noise, 4, rng); }},
  {DatasetKind::Plane, "plane", kRegress, 1, kPlaygroundBox,
   [](PointSink sink, int n, double noise, Rng& rng) { regress(sink, n, noise, plane_value, rng); }},
  {DatasetKind::Multigauss, "multigauss", kRegress, 1, kPlaygroundBox,
   [](PointSink sink, int n, double noise, Rng& rng) {
     regress(sink, n, noise, multigauss_value, rng);
   }},
}};
// clang-format on

constexpr bool datasets_in_enum_order() {
  for (std::size_t i = 0; i < kDatasets.size(); ++i)
    if (static_cast<std::size_t>(kDatasets[i].kind) != i) return false;
  return true;
}
static_assert(datasets_in_enum_order(), "kDatasets must follow DatasetKind");

const DatasetRow& row_of(DatasetKind kind) { return kDatasets[static_cast<int>(kind)]; }

constexpr std::array<std::string_view, static_cast<int>(Problem::Count_)> kProblemNames = {
    "classification", "regression"};

template <class T>
void permute(std::vector<T>& values, const std::vector<int>& order) {
  std::vector<T> permuted(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) permuted[i] = values[order[i]];
  values.swap(permuted);
}

}  // namespace

std::string_view problem_name(Problem problem) { return kProblemNames[static_cast<int>(problem)]; }

std::optional<Problem> problem_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kProblemNames.size(); ++i)
    if (kProblemNames[i] == name) return static_cast<Problem>(i);
  return std::nullopt;
}

std::string_view dataset_name(DatasetKind kind) { return row_of(kind).name; }

std::optional<DatasetKind> dataset_from_name(std::string_view name) {
  for (const DatasetRow& row : kDatasets)
    if (row.name == name) return row.kind;
  return std::nullopt;
}

std::string dataset_names() {
  std::string names;
  for (const DatasetRow& row : kDatasets)
    names += (names.empty() ? "" : ", ") + std::string(row.name);
  return names;
}

std::string dataset_names(Problem problem) {
  std::string names;
  for (const DatasetRow& row : kDatasets)
    if (row.problem == problem) names += (names.empty() ? "" : ", ") + std::string(row.name);
  return names;
}

int dataset_classes(DatasetKind kind) { return row_of(kind).classes; }
Problem dataset_problem(DatasetKind kind) { return row_of(kind).problem; }
PlaneBox default_box(DatasetKind kind) { return row_of(kind).box; }

Status validate(const DatasetOptions& options) {
  if (options.kind >= DatasetKind::Count_) return Status::failure("unknown dataset");
  if (options.points < kMinPoints || options.points > 100000)
    return Status::failure("the number of points must be from " + std::to_string(kMinPoints) +
                           " to 100000");
  if (!std::isfinite(options.noise) || options.noise < 0 || options.noise > 10)
    return Status::failure("the noise must be a number from 0 to 10");
  if (!std::isfinite(options.train_fraction) || options.train_fraction < 0 ||
      options.train_fraction > 1)
    return Status::failure("the train fraction must be a number from 0 to 1");
  return Status::success();
}

Result<Dataset> make_dataset(const DatasetOptions& options) {
  if (Status valid = validate(options); !valid) return valid;
  Dataset dataset;
  dataset.classes = dataset_classes(options.kind);
  Rng rng = Rng::stream(options.seed, kDataStream);
  const DatasetRow& row = row_of(options.kind);
  dataset.problem = row.problem;
  row.generate(PointSink{dataset}, options.points, options.noise, rng);
  // Shuffle (Fisher-Yates), so that the split and the GUI's drawing order mix the classes.
  std::vector<int> order(dataset.size());
  for (int i = 0; i < dataset.size(); ++i) order[i] = i;
  for (int i = dataset.size() - 1; i > 0; --i)
    std::swap(order[i], order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
  permute(dataset.x1, order);
  permute(dataset.x2, order);
  permute(dataset.label, order);
  permute(dataset.value, order);
  const int train = static_cast<int>(std::lround(dataset.size() * options.train_fraction));
  for (int i = 0; i < dataset.size(); ++i) dataset.is_test[i] = i >= train;
  return dataset;
}

// [SECTION] Split and point edits -------------------------------------------------------------

void split_train_test(Dataset& dataset, double train_fraction, std::uint64_t seed) {
  train_fraction = std::clamp(std::isfinite(train_fraction) ? train_fraction : 1.0, 0.0, 1.0);
  std::vector<int> order(dataset.size());
  for (int i = 0; i < dataset.size(); ++i) order[i] = i;
  Rng rng = Rng::stream(seed, kSplitStream);
  for (int i = dataset.size() - 1; i > 0; --i)
    std::swap(order[i], order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
  const int train = static_cast<int>(std::lround(dataset.size() * train_fraction));
  for (int i = 0; i < dataset.size(); ++i) dataset.is_test[order[i]] = i >= train;
}

int Dataset::test_count() const {
  return static_cast<int>(std::count(is_test.begin(), is_test.end(), std::uint8_t{1}));
}

void Dataset::add_point(double x, double y, int point_label, bool test) {
  point_label = std::clamp(point_label, 0, kMaxClasses - 1);
  x1.push_back(x);
  x2.push_back(y);
  label.push_back(point_label);
  value.push_back(0.0);
  is_test.push_back(test ? 1 : 0);
  classes = std::max(classes, point_label + 1);
}

void Dataset::add_valued_point(double x, double y, double point_value, bool test) {
  x1.push_back(x);
  x2.push_back(y);
  label.push_back(0);
  value.push_back(point_value);
  is_test.push_back(test ? 1 : 0);
  problem = Problem::Regression;
  classes = 1;
}

void Dataset::erase_point(int index) {
  if (index < 0 || index >= size()) return;
  x1.erase(x1.begin() + index);
  x2.erase(x2.begin() + index);
  label.erase(label.begin() + index);
  value.erase(value.begin() + index);
  is_test.erase(is_test.begin() + index);
}

int Dataset::nearest_point(double x, double y, double radius) const {
  int best = -1;
  double best_distance = radius * radius;
  for (int i = 0; i < size(); ++i) {
    const double d = (x1[i] - x) * (x1[i] - x) + (x2[i] - y) * (x2[i] - y);
    if (d <= best_distance) {
      best_distance = d;
      best = i;
    }
  }
  return best;
}

// [SECTION] CSV -------------------------------------------------------------------------------

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// What is shown of a bad field in a message: quoted, cut at 20 characters.
std::string shown(std::string_view field) {
  std::string text(field.substr(0, 20));
  if (field.size() > 20) text += "...";
  return "'" + text + "'";
}

// A whole field as a double; "what is wrong" when it is not.
std::optional<std::string> parse_number(std::string_view field, double& value) {
  if (field.empty()) return std::string("is empty");
  std::string_view digits = field.front() == '+' ? field.substr(1) : field;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range) return "is out of range (" + shown(field) + ")";
  if (error != std::errc() || end != digits.data() + digits.size())
    return "is not a number (" + shown(field) + ")";
  if (!std::isfinite(value)) return "is not finite (" + shown(field) + ")";
  return std::nullopt;
}

// The problem a header line names ("x,y,label" or "x1,x2,label": classification; "x,y,value" or
// "x1,x2,value": regression), or nothing when the line is not a header.
std::optional<Problem> header_problem(std::string_view line) {
  std::string lower;
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r')
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "x,y,label" || lower == "x1,x2,label") return Problem::Classification;
  if (lower == "x,y,value" || lower == "x1,x2,value") return Problem::Regression;
  return std::nullopt;
}

std::string_view third_column(Problem problem) {
  return problem == Problem::Regression ? "value" : "label";
}

}  // namespace

std::string CsvImport::describe(std::size_t max_lines) const {
  std::string text;
  for (std::size_t i = 0; i < problems.size() && i < max_lines; ++i) {
    if (!text.empty()) text += "\n";
    if (problems[i].line > 0) text += "line " + std::to_string(problems[i].line) + ": ";
    text += problems[i].what;
  }
  if (problems.size() > max_lines)
    text += "\n... and " + std::to_string(problems.size() - max_lines) + " more problems";
  return text;
}

namespace {

// A row's third field: a class label (a whole number below kMaxClasses) or, for regression, any
// finite number; "what is wrong" when it is not.
std::optional<std::string> parse_third(Problem problem, std::string_view field, double& third) {
  if (auto what = parse_number(field, third))
    return std::string(third_column(problem)) + " " + *what;
  if (problem == Problem::Classification &&
      (third != std::floor(third) || third < 0 || third >= kMaxClasses))
    return "label must be a whole number from 0 to " + std::to_string(kMaxClasses - 1) +
           ", found " + shown(field);
  return std::nullopt;
}

CsvImport parse_points_csv_unguarded(std::string_view text, Problem problem) {
  // A byte-order mark, as spreadsheet programs write it, is not part of the first line.
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  CsvImport result;
  Dataset& points = result.dataset;
  points.problem = problem;
  if (problem == Problem::Regression) points.classes = 1;
  const std::string columns = "x,y," + std::string(third_column(problem));
  int line_number = 0;
  bool seen_content = false;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (trim(line).empty()) continue;
    auto problem_at_line = [&](std::string what) {
      result.problems.push_back({line_number, std::move(what)});
    };
    if (!seen_content) {
      seen_content = true;
      if (const std::optional<Problem> header = header_problem(line)) {
        if (*header != problem)
          problem_at_line("the header says " + std::string(trim(line)) + ", a " +
                          std::string(problem_name(*header)) + " file, but " +
                          std::string(problem_name(problem)) + " points (" + columns +
                          ") were asked for");
        continue;
      }
    }
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
      const std::size_t comma = line.find(',', start);
      fields.push_back(
          trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (fields.size() != 3) {
      problem_at_line("expected 3 columns (" + columns + "), found " +
                      std::to_string(fields.size()));
      continue;
    }
    double x = 0, y = 0;
    bool row_ok = true;
    for (auto [field, value, name] :
         {std::tuple{fields[0], &x, "x"}, std::tuple{fields[1], &y, "y"}}) {
      if (auto what = parse_number(field, *value)) {
        problem_at_line(std::string(name) + " " + *what);
        row_ok = false;
      }
    }
    double third = 0;
    if (auto what = parse_third(problem, fields[2], third)) {
      problem_at_line(std::move(*what));
      row_ok = false;
    }
    if (!row_ok) continue;
    if (problem == Problem::Regression)
      points.add_valued_point(x, y, third);
    else
      points.add_point(x, y, static_cast<int>(third));
  }
  if (result.problems.empty() && points.size() == 0)
    result.problems.push_back({0, "no points: the file holds no " + columns + " rows"});
  else if (result.problems.empty() && points.size() < kMinPoints)
    result.problems.push_back({0, "only " + std::to_string(points.size()) +
                                      " point: a dataset needs at least " +
                                      std::to_string(kMinPoints)});
  if (!result.problems.empty()) result.dataset = Dataset{};
  return result;
}

}  // namespace

CsvImport parse_points_csv(std::string_view text, Problem problem) {
  try {
    return parse_points_csv_unguarded(text, problem);
  } catch (const std::bad_alloc&) {
    CsvImport refused;
    refused.problems.push_back({0, "not enough memory for the points of this file (" +
                                       std::to_string(text.size()) + " bytes)"});
    return refused;
  }
}

CsvImport read_points_csv_file(const std::string& path, Problem problem) {
  CsvImport result;
  // The shared reader: refuses a directory, a FIFO or a device without waiting on it.
  Result<std::string> text = read_file_text(path, kMaxCsvBytes, "a CSV file");
  if (!text) {
    result.problems.push_back({0, text.reason()});
    return result;
  }
  result = parse_points_csv(*text, problem);
  for (CsvProblem& problem : result.problems)
    if (problem.line == 0) problem.what = path + ": " + problem.what;
  return result;
}

std::string points_to_csv(const Dataset& dataset) {
  const bool regression = dataset.problem == Problem::Regression;
  std::string text = regression ? "x,y,value\n" : "x,y,label\n";
  char number[32];
  auto append_number = [&](double value) {
    auto end = std::to_chars(number, number + sizeof number, value).ptr;  // shortest exact
    text.append(number, end);
  };
  for (int i = 0; i < dataset.size(); ++i) {
    append_number(dataset.x1[i]);
    text += ',';
    append_number(dataset.x2[i]);
    text += ',';
    if (regression)
      append_number(dataset.value[i]);
    else
      text += std::to_string(dataset.label[i]);
    text += '\n';
  }
  return text;
}

Status write_points_csv_file(const Dataset& dataset, const std::string& path) {
  return write_file_atomically(path, points_to_csv(dataset));
}

}  // namespace gf::nn
