// The classifier lab's data: generators as TensorFlow Playground and scikit-learn define them,
// determinism per seed, the split, point edits, and CSV import/export with errors by line.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <set>

#include "nn_dataset.hpp"
#include "nn_random.hpp"
#include "test_support.hpp"

using namespace gf::nn;
using gf::Result;

namespace {
Dataset make(DatasetKind kind, int points, double noise, std::uint64_t seed = 1,
             double train_fraction = 0.5) {
  DatasetOptions options;
  options.kind = kind;
  options.points = points;
  options.noise = noise;
  options.seed = seed;
  options.train_fraction = train_fraction;
  Result<Dataset> made = make_dataset(options);
  REQUIRE(made);
  return *made;
}
int count_label(const Dataset& d, int label) {
  return static_cast<int>(std::count(d.label.begin(), d.label.end(), label));
}
}  // namespace

TEST_CASE("nn random: deterministic per seed, uniform in range, normal with mean 0 and sd 1") {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.next_u64();
    CHECK(x == b.next_u64());
    CHECK(x != c.next_u64());
  }
  Rng rng(7);
  double sum = 0, sum_sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform(-5, 5);
    REQUIRE(u >= -5);
    REQUIRE(u < 5);
    const double z = rng.normal();
    sum += z;
    sum_sq += z * z;
  }
  CHECK(std::fabs(sum / n) < 0.01);
  CHECK(std::fabs(sum_sq / n - 1) < 0.01);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(rng.below(6));
  CHECK(seen == std::set<std::uint64_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("nn dataset: every generator is deterministic per seed and has the right classes") {
  for (int k = 0; k < static_cast<int>(DatasetKind::Count_); ++k) {
    const auto kind = static_cast<DatasetKind>(k);
    CAPTURE(dataset_name(kind));
    CHECK(dataset_from_name(dataset_name(kind)) == kind);
    const Dataset first = make(kind, 301, 0.2, 5), again = make(kind, 301, 0.2, 5);
    const Dataset other = make(kind, 301, 0.2, 6);
    CHECK(first.size() == 301);
    CHECK(first.x1 == again.x1);
    CHECK(first.x2 == again.x2);
    CHECK(first.label == again.label);
    CHECK(first.is_test == again.is_test);
    CHECK(first.x1 != other.x1);
    CHECK(first.classes == dataset_classes(kind));
    for (int label = 0; label < first.classes; ++label) CHECK(count_label(first, label) > 50);
    CHECK(first.test_count() == 150);  // round(301 × 0.5) = 151 training points
  }
  CHECK_FALSE(dataset_from_name("circles"));
}

TEST_CASE("nn dataset: circle as Playground: inside r < 2.5 is class 1, the ring 3.5..5 class 0") {
  const Dataset d = make(DatasetKind::Circle, 500, 0.0);
  for (int i = 0; i < d.size(); ++i) {
    const double r = std::hypot(d.x1[i], d.x2[i]);
    if (d.label[i] == 1)
      CHECK(r <= 2.5);
    else
      CHECK((r >= 3.5 && r <= 5.0));
  }
  CHECK(count_label(d, 1) == 250);
  // With noise the label is taken at the noisy position: some points cross the boundary.
  const Dataset noisy = make(DatasetKind::Circle, 500, 0.5);
  int crossed = 0;
  for (int i = 0; i < noisy.size(); ++i)
    crossed += (std::hypot(noisy.x1[i], noisy.x2[i]) < 2.5) != (noisy.label[i] == 1);
  CHECK(crossed > 10);
}

TEST_CASE("nn dataset: xor, gaussian and spiral as Playground defines them") {
  const Dataset x = make(DatasetKind::Xor, 400, 0.0);
  for (int i = 0; i < x.size(); ++i) {
    CHECK(std::fabs(x.x1[i]) >= 0.3);  // the padding off the axes
    CHECK(std::fabs(x.x2[i]) <= 5.3);
    CHECK(x.label[i] == (x.x1[i] * x.x2[i] >= 0 ? 1 : 0));
  }
  const Dataset g = make(DatasetKind::Gaussian, 4000, 0.0);  // variance 0.5 around (±2, ±2)
  double mean_x = 0, var_x = 0;
  int positives = 0;
  for (int i = 0; i < g.size(); ++i)
    if (g.label[i] == 1) {
      mean_x += g.x1[i];
      ++positives;
    }
  mean_x /= positives;
  for (int i = 0; i < g.size(); ++i)
    if (g.label[i] == 1) var_x += (g.x1[i] - mean_x) * (g.x1[i] - mean_x);
  var_x /= positives;
  CHECK(mean_x == doctest::Approx(2.0).epsilon(0.03));
  CHECK(var_x == doctest::Approx(0.5).epsilon(0.08));
  const Dataset s = make(DatasetKind::Spiral, 200, 0.0, 1, 1.0);
  // r = i/n·5 and t = 1.75·i/n·2π (+π for class 0): every point lies on its arm.
  for (int i = 0; i < s.size(); ++i) {
    const double r = std::hypot(s.x1[i], s.x2[i]);
    CHECK(r < 5.0);
    if (r < 1e-9) continue;
    const double t =
        1.75 * (r / 5) * 2 * std::numbers::pi + (s.label[i] == 1 ? 0 : std::numbers::pi);
    CHECK(s.x1[i] == doctest::Approx(r * std::sin(t)).epsilon(1e-9));
    CHECK(s.x2[i] == doctest::Approx(r * std::cos(t)).epsilon(1e-9));
  }
}

TEST_CASE("nn dataset: moons as scikit-learn's make_moons") {
  const Dataset m = make(DatasetKind::Moons, 100, 0.0, 3, 1.0);
  CHECK(count_label(m, 0) == 50);
  for (int i = 0; i < m.size(); ++i) {
    if (m.label[i] == 0)  // the outer moon: the upper unit half circle
      CHECK(std::hypot(m.x1[i], m.x2[i]) == doctest::Approx(1.0));
    else  // the inner one: centred on (1, 0.5), the lower half
      CHECK(std::hypot(m.x1[i] - 1, m.x2[i] - 0.5) == doctest::Approx(1.0));
  }
  // Noise 0.1: the distance to the arc has a spread of about 0.1.
  const Dataset noisy = make(DatasetKind::Moons, 4000, 0.1, 3);
  double sum_sq = 0;
  for (int i = 0; i < noisy.size(); ++i) {
    const double off = noisy.label[i] == 0 ? std::hypot(noisy.x1[i], noisy.x2[i]) - 1
                                           : std::hypot(noisy.x1[i] - 1, noisy.x2[i] - 0.5) - 1;
    sum_sq += off * off;
  }
  CHECK(std::sqrt(sum_sq / noisy.size()) == doctest::Approx(0.1).epsilon(0.1));
}

TEST_CASE("nn dataset: options are validated; split and point edits") {
  DatasetOptions options;
  options.points = 1;
  CHECK_FALSE(make_dataset(options));
  options.points = 10;
  options.noise = -1;
  CHECK_FALSE(make_dataset(options));
  options.noise = NAN;
  CHECK_FALSE(make_dataset(options));
  options.noise = 0;
  options.train_fraction = 1.5;
  CHECK(make_dataset(options).reason().find("train fraction") != std::string::npos);

  Dataset d = make(DatasetKind::Xor, 100, 0, 1, 1.0);
  CHECK(d.test_count() == 0);
  split_train_test(d, 0.8, 9);
  CHECK(d.train_count() == 80);
  Dataset e = d;
  split_train_test(e, 0.8, 9);
  CHECK(e.is_test == d.is_test);

  d.add_point(100, 100, 3, true);
  CHECK(d.size() == 101);
  CHECK(d.classes == 4);
  CHECK(d.test_count() == 21);
  CHECK(d.nearest_point(100.1, 99.9, 0.5) == 100);
  CHECK(d.nearest_point(50, 50, 0.5) == -1);
  const double next_x = d.x1[1];
  d.erase_point(0);
  CHECK(d.size() == 100);
  CHECK(d.x1[0] == next_x);
  CHECK(d.x1.size() == d.label.size());
  CHECK(d.is_test.size() == d.x2.size());
}

TEST_CASE("nn csv: round trip is exact, with or without a header") {
  const Dataset d = make(DatasetKind::Spiral3, 90, 0.3);
  const std::string text = points_to_csv(d);
  CHECK(text.rfind("x,y,label\n", 0) == 0);
  CsvImport back = parse_points_csv(text);
  REQUIRE(back.ok());
  CHECK(back.dataset.x1 == d.x1);
  CHECK(back.dataset.x2 == d.x2);
  CHECK(back.dataset.label == d.label);
  CHECK(back.dataset.classes == 3);
  CsvImport plain = parse_points_csv("1,2,0\r\n\n  -3.5 , 4e-1 , 1\n");
  REQUIRE(plain.ok());
  CHECK(plain.dataset.size() == 2);
  CHECK(plain.dataset.x2[1] == 0.4);

  const auto path = gf::testing::scratch_dir("gradflow_nn_tests") / "points.csv";
  REQUIRE(write_points_csv_file(d, path.string()));
  CsvImport file = read_points_csv_file(path.string());
  REQUIRE(file.ok());
  CHECK(file.dataset.x1 == d.x1);
}

TEST_CASE("nn csv: every bad row is reported with its line, and nothing is loaded") {
  const std::string text =
      "x,y,label\n"  // 1: header
      "1,2,0\n"      // 2: fine
      "abc,2,0\n"    // 3: x not a number
      "1,nan,1\n"    // 4: y not finite
      "1,2\n"        // 5: two columns
      "1,2,1.5\n"    // 6: label not whole
      "1,2,-1\n"     // 7: label negative
      "1,2,99\n"     // 8: label too big
      "\n"           // 9: blank, ignored
      "1e999,2,0\n"  // 10: out of range
      "1,2,0,4\n"    // 11: four columns
      "1,inf,x\n";   // 12: two problems on one line
  CsvImport result = parse_points_csv(text);
  CHECK_FALSE(result.ok());
  CHECK(result.dataset.size() == 0);
  std::vector<int> lines;
  for (const CsvProblem& problem : result.problems) lines.push_back(problem.line);
  CHECK(lines == std::vector<int>{3, 4, 5, 6, 7, 8, 10, 11, 12, 12});
  const std::string described = result.describe();
  CAPTURE(described);
  CHECK(described.find("line 3: x is not a number ('abc')") != std::string::npos);
  CHECK(described.find("line 4: y is not finite ('nan')") != std::string::npos);
  CHECK(described.find("line 5: expected 3 columns (x,y,label), found 2") != std::string::npos);
  CHECK(described.find("line 6: label must be a whole number from 0 to 7, found '1.5'") !=
        std::string::npos);
  CHECK(described.find("line 10: x is out of range") != std::string::npos);
  CHECK(described.find("line 12: label is not a number ('x')") != std::string::npos);
  CHECK(result.describe(2).find("... and 8 more problems") != std::string::npos);

  CHECK_FALSE(parse_points_csv("").ok());
  CHECK_FALSE(parse_points_csv("x,y,label\n").ok());
  CHECK(parse_points_csv("x1,x2,label\n0,0,1\n1,1,0\n").ok());
  CHECK(parse_points_csv("a,b,c\n0,0,1\n").problems.at(0).line == 1);  // not a known header
  CHECK(read_points_csv_file("/nonexistent/points.csv").problems.at(0).line == 0);
}

TEST_CASE(
    "nn csv: one rule for the CLI and the lab: at least two points; a byte-order mark is no "
    "part of the header") {
  CsvImport one = parse_points_csv("x,y,label\n0.5,1,1\n");
  REQUIRE_FALSE(one.ok());
  CHECK(one.dataset.size() == 0);
  CHECK(one.describe() == "only 1 point: a dataset needs at least 2");

  CsvImport marked = parse_points_csv("\xEF\xBB\xBFx,y,label\n0.5,1,1\n-2,3,0\n");
  REQUIRE(marked.ok());
  CHECK(marked.dataset.x1 == std::vector<double>{0.5, -2});
  CHECK(marked.dataset.label == std::vector<std::int32_t>{1, 0});
  CsvImport marked_plain = parse_points_csv(
      "\xEF\xBB\xBF"
      "7,8,0\n9,10,1\n");  // no header
  REQUIRE(marked_plain.ok());
  CHECK(marked_plain.dataset.x1 == std::vector<double>{7, 9});
}

TEST_CASE("nn csv: a FIFO is refused at once; writing goes through a link to its target") {
  const auto dir = gf::testing::scratch_dir("gradflow_nn_tests");
  const auto fifo = dir / "pipe.csv";
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  CsvImport refused = read_points_csv_file(fifo.string());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.describe() == fifo.string() + ": is a FIFO (named pipe), not a CSV file");

  const Dataset d = make(DatasetKind::Xor, 20, 0);
  std::filesystem::remove(dir / "link.csv");
  std::filesystem::create_symlink("target.csv", dir / "link.csv");
  REQUIRE(write_points_csv_file(d, (dir / "link.csv").string()));
  CHECK(std::filesystem::is_symlink(dir / "link.csv"));
  CHECK(gf::testing::read_file(dir / "target.csv") == points_to_csv(d));
}
