// The canvas's value and gradient colours, as a colour-blind student sees them.
//
// Each pair is passed through Machado, Oliveira & Fernandes (2009)'s dichromacy simulations at
// severity 1 (their published 3×3 matrices, applied to linear RGB), then compared in CIELAB
// (CIE76 ΔE*ab, D65 white) and checked for contrast against the background (WCAG 2 ratio).
//
// Thresholds, and why:
// - ΔE ≥ 40 between values and gradients. ΔE ≈ 2.3 is a just-noticeable difference for large
//   patches side by side; for thin 15-px digits seen apart (one above a wire, one below) the
//   noticeable difference is several times that (Stone, Szafir & Setlur 2014 measure about
//   4-5× for marks of a few pixels), and a class must tell the two at a glance from the back
//   row, so another ×3-4 margin. Red and green under deuteranopia measure about 6.
// - Contrast ≥ 4.5 with normal vision (WCAG AA for body text: the numbers are 15 px at 100%)
//   and ≥ 3 under every simulation (WCAG's large-text level: presentation mode draws them at
//   24 px and more).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "theme.hpp"

using namespace gf::gui;

namespace {

using Rgb = std::array<double, 3>;  // linear RGB, 0..1
using Matrix = std::array<Rgb, 3>;

struct Vision {
  const char* name;
  Matrix simulation;
};

// Machado et al. 2009, Table (severity 1.0).
constexpr Vision kNormal{"normal", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}};
constexpr Vision kProtanopia{"protanopia",
                             {{{0.152286, 1.052583, -0.204868},
                               {0.114503, 0.786281, 0.099216},
                               {-0.003882, -0.048116, 1.051998}}}};
constexpr Vision kDeuteranopia{"deuteranopia",
                               {{{0.367322, 0.860646, -0.227968},
                                 {0.280085, 0.672501, 0.047413},
                                 {-0.011820, 0.042940, 0.968881}}}};
constexpr Vision kTritanopia{"tritanopia",
                             {{{1.255528, -0.076749, -0.178779},
                               {-0.078411, 0.930809, 0.147602},
                               {0.004733, 0.691367, 0.303900}}}};

double to_linear(std::uint8_t channel) {
  const double c = channel / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

Rgb seen(Color color, const Vision& vision) {
  const Rgb linear{to_linear(color.r), to_linear(color.g), to_linear(color.b)};
  Rgb out{};
  for (int row = 0; row < 3; ++row) {
    double sum = 0;
    for (int column = 0; column < 3; ++column)
      sum += vision.simulation[row][column] * linear[column];
    out[row] = std::clamp(sum, 0.0, 1.0);
  }
  return out;
}

double luminance(const Rgb& c) { return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; }

double contrast(const Rgb& a, const Rgb& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::array<double, 3> lab(const Rgb& c) {
  const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
  const double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  const double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
  auto f = [](double t) {
    return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double delta_e(const Rgb& a, const Rgb& b) {
  const auto p = lab(a), q = lab(b);
  return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

std::string describe(const ThemeChoice& choice) {
  return std::string(palette_name(choice.colorblind)) + (choice.dark ? " dark" : " light") +
         (choice.presentation ? " presentation" : "");
}

}  // namespace

TEST_CASE("palette: the simulation and the measures give the published numbers") {
  // Pure red through Machado's deuteranopia matrix is the matrix's first column.
  const Rgb red = seen({255, 0, 0}, kDeuteranopia);
  CHECK(red[0] == doctest::Approx(0.367322));
  CHECK(red[1] == doctest::Approx(0.280085));
  CHECK(red[2] == 0.0);  // -0.0118 clamped
  // White on black is 21:1; CIELAB of white is (100, 0, 0), of black (0, 0, 0).
  CHECK(contrast({1, 1, 1}, {0, 0, 0}) == doctest::Approx(21.0));
  CHECK(delta_e({1, 1, 1}, {0, 0, 0}) == doctest::Approx(100.0).epsilon(0.001));
  // sRGB 50% grey (#777777 ≈ L* 50).
  CHECK(lab(seen({119, 119, 119}, kNormal))[0] == doctest::Approx(50.0).epsilon(0.01));
}

TEST_CASE("palette: the default's red and green are what a deuteranope cannot tell apart") {
  // Why the colour-blind palette exists (issue 12): measured, not assumed.
  const Palette dark = make_palette({.dark = true});
  CHECK(delta_e(seen(dark.value, kDeuteranopia), seen(dark.grad, kDeuteranopia)) < 10);
  CHECK(delta_e(seen(dark.value, kNormal), seen(dark.grad, kNormal)) > 100);
}

TEST_CASE("palette: every palette and theme keeps values and gradients readable and apart") {
  for (bool colorblind : {false, true})
    for (bool dark : {true, false})
      for (bool presentation : {false, true}) {
        const ThemeChoice choice{
            .dark = dark, .presentation = presentation, .colorblind = colorblind};
        CAPTURE(describe(choice));
        const Palette palette = make_palette(choice);
        // The colour-blind palette must hold for every dichromat; the default only for normal
        // vision (its gradients differ by position and the ∂ for everyone else).
        std::vector<Vision> visions{kNormal};
        if (colorblind) visions.insert(visions.end(), {kDeuteranopia, kProtanopia, kTritanopia});
        for (const Vision& vision : visions) {
          CAPTURE(vision.name);
          const Rgb value = seen(palette.value, vision), grad = seen(palette.grad, vision);
          const Rgb background = seen(palette.background, vision);
          CHECK(delta_e(value, grad) >= 40);
          const double readable = vision.name == kNormal.name ? 4.5 : 3.0;
          CHECK(contrast(value, background) >= readable);
          CHECK(contrast(grad, background) >= readable);
        }
        // Readable under simulation too, also in the default palette.
        for (const Vision& vision : {kDeuteranopia, kProtanopia}) {
          CAPTURE(vision.name);
          const Rgb background = seen(palette.background, vision);
          CHECK(contrast(seen(palette.value, vision), background) >= 3.0);
          CHECK(contrast(seen(palette.grad, vision), background) >= 3.0);
        }
      }
}

TEST_CASE("palette: the colour-blind palette changes only what it must") {
  for (bool dark : {true, false}) {
    const Palette normal = make_palette({.dark = dark});
    const Palette safe = make_palette({.dark = dark, .colorblind = true});
    CHECK(safe.background.hex() == normal.background.hex());
    CHECK(safe.wire.hex() == normal.wire.hex());
    CHECK(safe.value.hex() != normal.value.hex());
    CHECK(safe.grad.hex() != normal.grad.hex());
    // The current gate's colour is not the gradients' (both were orange-ish otherwise).
    CHECK(delta_e(seen(safe.highlight, kDeuteranopia), seen(safe.grad, kDeuteranopia)) >= 15);
  }
  CHECK(std::string(palette_name(false)) == "default");
  CHECK(std::string(palette_name(true)) == "colorblind");
}
