// Numbers as people read them: exact text for files and tables, and the slides' short form
// (significant digits) for labels on wires.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "number_format.hpp"

using namespace gf;

TEST_CASE("number format: significant digits as on the CS231n slides") {
  // The sigmoid neuron's numbers (DESIGN.md example 2) at two significant digits.
  CHECK(format_significant(0.7310585786300049) == "0.73");
  CHECK(format_significant(0.36787944117144233) == "0.37");
  CHECK(format_significant(1.3678794411714423) == "1.4");
  CHECK(format_significant(-0.5344466) == "-0.53");
  CHECK(format_significant(-0.19661193) == "-0.2");
  CHECK(format_significant(0.39322387) == "0.39");
  CHECK(format_significant(-0.58983580) == "-0.59");
  // Whole numbers stay whole, without a decimal point (example 1: -12, -4, 3).
  CHECK(format_significant(-12) == "-12");
  CHECK(format_significant(3) == "3");
  CHECK(format_significant(2000) == "2000");
  CHECK(format_significant(123456) == "123456");
  CHECK(format_significant(0.0012) == "0.0012");
  CHECK(format_significant(1.2e6) == "1.2e+06");
  CHECK(format_significant(3.5e-7) == "3.5e-07");
  // More digits when asked.
  CHECK(format_significant(0.7310585786300049, 3) == "0.731");
  CHECK(format_significant(1.3678794411714423, 3) == "1.37");
  CHECK(format_significant(0.7310585786300049, 1) == "0.7");  // never "1" for σ = 0.73
  CHECK(format_significant(0.7310585786300049, 0) == "0.7");  // clamped to one digit
  // Rounding that crosses a power of ten.
  CHECK(format_significant(0.099996) == "0.1");
  CHECK(format_significant(999999.6) == "1e+06");
  CHECK(format_significant(9.96) == "10");
  // Zero, negative zero and tiny negatives are never "-0"; specials are named.
  CHECK(format_significant(0.0) == "0");
  CHECK(format_significant(-0.0) == "0");
  CHECK(format_significant(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(format_significant(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_significant(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(format_significant(std::numeric_limits<double>::denorm_min()) == "4.9e-324");
  CHECK(format_significant(-std::numeric_limits<double>::max()) == "-1.8e+308");
}

TEST_CASE("number format: exact text reads back to the same double") {
  for (double value : {0.1, -12.0, 1e-300, 0.7310585786300049, 123456789.125, -0.0}) {
    CAPTURE(value);
    CHECK(std::strtod(format_number(value).c_str(), nullptr) == value);
  }
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "nan");
}
