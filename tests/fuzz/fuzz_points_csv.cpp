// fuzz_points_csv.cpp — libFuzzer target for the lab's point import: x,y,label (classification)
// and x,y,value (regression). Any bytes, read either way, must give either problems by line and
// no points, or points that are all finite (labels small, values finite) and that export to CSV
// which imports back to the same points.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nn_dataset.hpp"

namespace {
void require(bool invariant) {
  if (!invariant) __builtin_trap();
}
}  // namespace

namespace {

void check(std::string_view text, gf::nn::Problem problem) {
  const gf::nn::CsvImport imported = gf::nn::parse_points_csv(text, problem);
  if (!imported.ok()) {
    require(imported.dataset.x1.empty());  // nothing from a file with errors
    for (const gf::nn::CsvProblem& problem_found : imported.problems)
      require(!problem_found.what.empty());
    return;
  }
  const gf::nn::Dataset& points = imported.dataset;
  require(points.problem == problem);
  require(points.x1.size() == points.x2.size() && points.x1.size() == points.label.size() &&
          points.x1.size() == points.value.size());
  for (std::size_t i = 0; i < points.x1.size(); ++i)
    require(std::isfinite(points.x1[i]) && std::isfinite(points.x2[i]) && points.label[i] >= 0 &&
            std::isfinite(points.value[i]));
  const gf::nn::CsvImport again = gf::nn::parse_points_csv(gf::nn::points_to_csv(points), problem);
  require(again.ok() && again.dataset.x1 == points.x1 && again.dataset.x2 == points.x2 &&
          again.dataset.label == points.label && again.dataset.value == points.value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, gf::nn::Problem::Classification);
  check(text, gf::nn::Problem::Regression);
  return 0;
}
