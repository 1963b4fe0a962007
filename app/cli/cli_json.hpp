// cli_json.hpp — how gradflow-cli writes numbers in JSON, shared by every command's report.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

#include "number_format.hpp"

namespace gf::cli {

using Json = nlohmann::ordered_json;

// JSON has no NaN or infinity: those are written as the strings "nan", "inf", "-inf".
inline Json json_number(double value) {
  if (std::isfinite(value)) return value;
  return format_number(value);
}

}  // namespace gf::cli
