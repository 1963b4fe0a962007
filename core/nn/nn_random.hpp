// nn_random.hpp — the classifier lab's own random numbers: xoshiro256** seeded by splitmix64,
// uniform doubles from the top 53 bits, normals by Box-Muller.
//
// Why not <random>: the standard fixes the engines' output but not the distributions', so
// std::normal_distribution may give other numbers with another standard library. Datasets,
// initial weights and batch orders must be the same for a seed everywhere (tests, the CLI, a
// class comparing screens), so every draw goes through these few lines.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace gf::nn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    // splitmix64 spreads any seed (0, 1, 2, ...) over the whole 256-bit state.
    for (std::uint64_t& word : state_) {
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = z ^ (z >> 31);
    }
  }
  // A generator for one purpose (data, weights, batch order) derived from one user seed, so that
  // changing how many numbers one purpose draws does not change the others.
  static Rng stream(std::uint64_t seed, std::uint64_t purpose) {
    return Rng(seed ^ (purpose * 0xD1B54A32D192ED03ull));
  }

  std::uint64_t next_u64() {  // xoshiro256** (Blackman and Vigna)
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // [lo, hi), as TensorFlow Playground's randUniform(a, b).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // An integer in [0, n), n > 0, without modulo bias (rejection of the short last interval).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x;
    do x = next_u64();
    while (x >= limit);
    return x % n;
  }

  // Standard normal by Box-Muller; the second value of each pair is kept for the next call.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = 1.0 - uniform();  // (0, 1]: log(u1) is finite
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// Purposes for Rng::stream.
inline constexpr std::uint64_t kDataStream = 1;
inline constexpr std::uint64_t kSplitStream = 2;
inline constexpr std::uint64_t kInitStream = 3;
inline constexpr std::uint64_t kBatchStream = 4;

}  // namespace gf::nn
