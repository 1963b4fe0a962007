// run_settings.hpp — the classifier lab's run settings as command-line text, read the same way
// by `gradflow-cli train` (cli_train.cpp) and `gradflow --lab` (gui/lab_state.cpp): one set of
// flag names (the other front end's old spelling kept as an alias) and one parser per setting,
// whose refusals all read "--flag: what is wrong". Plain functions over core's types: no CLI11 and
// no GUI here, so both front ends and the tests can use them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nn_dataset.hpp"
#include "nn_model.hpp"
#include "result.hpp"

namespace gf {

// [SECTION] Flag names
// The name each setting has in both front ends, then its old spelling in the other, as CLI11
// takes them ("--csv,--points-csv"). The CLI said --csv and --steps, the lab --points-csv and
// --train-steps.
inline constexpr const char* kCsvFlag = "--csv,--points-csv";
inline constexpr const char* kStepsFlag = "--steps,--train-steps";

// [SECTION] Parsers
// "4,2" → hidden layers of 4 and 2 neurons with `activation`; "none" or "" → no hidden layer.
// Refuses, naming the item: a count that is not 1 .. kMaxNeurons, more than kMaxHiddenLayers.
Result<std::vector<nn::LayerSpec>> parse_hidden_layers(const std::string& text,
                                                       nn::Activation activation);
// One name of the table, or "--flag: unknown value 'v' (one of: a, b, c)".
Result<nn::Activation> parse_activation(std::string_view flag, const std::string& text);
Result<nn::LossKind> parse_loss(std::string_view flag, const std::string& text);
Result<nn::InitScheme> parse_init(std::string_view flag, const std::string& text);
Result<nn::DatasetKind> parse_dataset(std::string_view flag, const std::string& text);
// "x1,x2,sinx1" → the features in that order (validate() refuses a repeated one).
Result<std::vector<nn::Feature>> parse_features(std::string_view flag, const std::string& text);

// "a,b,c" → {"a", "b", "c"}; "" → {""}.
std::vector<std::string> split_commas(const std::string& text);

}  // namespace gf
