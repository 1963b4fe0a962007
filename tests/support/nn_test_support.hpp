// nn_test_support.hpp — the lab engine's tests' shared steps: a trainer that must build, and its
// weights as a vector to compare bit for bit.
#pragma once

#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "nn_train.hpp"

namespace gf::testing {

inline nn::Trainer make_trainer(const nn::ModelSpec& spec, const nn::TrainConfig& config,
                                const nn::Dataset& data) {
  Result<nn::Trainer> trainer = nn::Trainer::create(spec, config, data);
  REQUIRE_MESSAGE(trainer, trainer.reason());
  return std::move(*trainer);
}

inline std::vector<double> weights_of(const nn::Trainer& trainer) {
  return {trainer.parameters().begin(), trainer.parameters().end()};
}

}  // namespace gf::testing
