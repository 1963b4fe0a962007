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

}  // namespace gf
