// number_format.cpp — see number_format.hpp.
#include "number_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

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

namespace {
// "1.2300" -> "1.23", "12.000" -> "12", "-0" -> "0"; leaves an exponent's digits alone.
std::string without_trailing_zeros(std::string text) {
  const std::size_t exponent = text.find('e');
  std::string mantissa = text.substr(0, exponent),
              tail = exponent == std::string::npos ? "" : text.substr(exponent);
  if (mantissa.find('.') != std::string::npos) {
    while (mantissa.back() == '0') mantissa.pop_back();
    if (mantissa.back() == '.') mantissa.pop_back();
  }
  if (mantissa == "-0") mantissa = "0";
  return mantissa + tail;
}
}  // namespace

std::string format_significant(double value, int digits) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (digits < 1) digits = 1;
  if (digits > 12) digits = 12;
  if (value == 0) return "0";
  char buffer[64];
  // Rounded to `digits` first: 999,999.6 at 2 digits is 1e+06, and 0.099996 is 0.1.
  std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value);
  const double rounded = std::strtod(buffer, nullptr);
  const double magnitude = std::fabs(rounded);
  if (magnitude >= 1e6 || magnitude < 1e-4) return without_trailing_zeros(buffer);
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const int decimals = std::max(0, digits - 1 - exponent);
  // Fixed from the value itself: integer digits are never rounded away (123456, not 120000).
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return without_trailing_zeros(buffer);
}

}  // namespace gf
