// number_format.hpp — how numbers are written for people and for files.
#pragma once

#include <string>

namespace gf {

// Shortest text that reads back to exactly the same double ("0.1", "-12", "1e-300"), or "nan",
// "inf", "-inf". For tables, messages and anything that must be exact.
std::string format_number(double value);

// For display on wires and slides: `decimals` places ("3.00", "-0.54"), switching to 3
// significant digits in scientific form when fixed notation would hide the number
// (|v| ≥ 1e6, or 0 < |v| < 0.5·10^-decimals). "nan", "inf", "-inf" as such; never "-0.00".
std::string format_display(double value, int decimals = 2);

// As on the slides: `digits` significant digits (1 to 12), trailing zeros dropped: 0.73, -12,
// 0.0012, 1.4, 2000; scientific from 1e6 up and below 1e-4 (1.2e+06, 3.5e-07). Below 1e6 the
// integer digits are never rounded away (123456, never 1.2e+05). "nan", "inf", "-inf"; never
// "-0".
std::string format_significant(double value, int digits = 2);

}  // namespace gf
