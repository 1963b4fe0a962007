// number_format.cpp — see number_format.hpp.
#include "number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace gf {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::string format_display(double value, int decimals) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (decimals < 0) decimals = 0;
  if (decimals > 12) decimals = 12;
  const double magnitude = std::fabs(value);
  char buffer[64];
  if (magnitude >= 1e6 || (magnitude > 0 && magnitude < 0.5 * std::pow(10.0, -decimals))) {
    std::snprintf(buffer, sizeof buffer, "%.2e", value);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

}  // namespace gf
