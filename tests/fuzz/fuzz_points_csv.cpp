// fuzz_points_csv.cpp — libFuzzer target for the classifier lab's point import (x,y,label).
// Any bytes must give either problems by line and no points, or points that are all finite with
// small labels and that export to CSV which imports back to the same points.
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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gf::nn::CsvImport imported = gf::nn::parse_points_csv(text);
  if (!imported.ok()) {
    require(imported.dataset.x1.empty());  // nothing from a file with errors
    for (const gf::nn::CsvProblem& problem : imported.problems) require(!problem.what.empty());
    return 0;
  }
  const gf::nn::Dataset& points = imported.dataset;
  require(points.x1.size() == points.x2.size() && points.x1.size() == points.label.size());
  for (std::size_t i = 0; i < points.x1.size(); ++i)
    require(std::isfinite(points.x1[i]) && std::isfinite(points.x2[i]) && points.label[i] >= 0);
  const gf::nn::CsvImport again = gf::nn::parse_points_csv(gf::nn::points_to_csv(points));
  require(again.ok() && again.dataset.x1 == points.x1 && again.dataset.x2 == points.x2 &&
          again.dataset.label == points.label);
  return 0;
}
