// run_settings.hpp — the classifier lab's run settings as command-line text, read the same way
// by `gradflow-cli train` (cli_train.cpp) and `gradflow --lab` (gui/lab_state.cpp): one set of
// flag names (the other front end's old spelling kept as an alias) and one parser per setting,
// whose refusals all read "--flag: what is wrong". Plain functions over core's types: no CLI11 and
// no GUI here, so both front ends and the tests can use them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nn_dataset.hpp"
#include "nn_model.hpp"
#include "nn_train.hpp"
#include "result.hpp"

namespace gf {

// [SECTION] Flag names
// The name each setting has in both front ends, then its old spelling in the other, as CLI11
// takes them ("--csv,--points-csv"). The CLI said --csv and --steps, the lab --points-csv and
// --train-steps.
inline constexpr const char* kCsvFlag = "--csv,--points-csv";
inline constexpr const char* kStepsFlag = "--steps,--train-steps";

// [SECTION] The settings
// Every run setting both programs take, as the command line gives it (text, checked by
// resolve_*). An empty optional is "not given": it takes the preset's value, else the default
// (kRunDefaults, the lab's). run_settings_flags.cpp registers them on a CLI11 command.
struct RunSettings {
  // Data
  std::string dataset{};          // a generator's name; "" with neither: the preset's, else circle
  std::string csv_file{};         // x,y,label points instead of a generator (regression: x,y,value)
  std::string problem{};          // classification or regression; "": the dataset's (CSV: classes)
  std::optional<int> points{};    // default 500; moons 100
  std::optional<double> noise{};  // default 0; moons 0.1
  std::optional<double> train_fraction{};
  std::string seed = "1";  // the data, the initial weights and the batches
  // Network
  std::optional<std::string> hidden{};             // "4,2"; "none" or "": no hidden layer
  std::optional<std::string> activation{};         // one for every layer, or one per layer
  std::optional<std::string> output_activation{};  // "" = tanh with mse (as TFP), else linear
  std::optional<std::string> features{};
  std::optional<std::string> init{};
  // Training
  std::optional<std::string> loss{};  // "" = the default for the classes (mse; softmax for > 2)
  std::optional<double> learning_rate{};
  std::optional<std::string> lr_schedule{};
  std::optional<double> l1{}, l2{};  // at most one (the flags exclude each other)
  std::optional<bool> regularize_biases{};
  std::optional<double> momentum{};
  std::optional<int> batch{};  // 0: full batch
  // The CLI trains this many steps; the lab trains them before its first frame.
  std::optional<int> steps{};
  std::optional<double> target_loss{};
  std::string preset{};  // "" or a name of kRunPresets
};

// The defaults, the lab's: TensorFlow Playground's network (4,2 tanh, x1 x2) and a training that
// learns every TFP dataset at every seed we measured (tests/cli/test_cli_defaults.cpp: squared
// loss through a tanh output, lr 0.01 with momentum 0.9, batches of 25, He initial weights).
// Playground's own lr 0.03 without momentum left circle seed 4 at 0.91 and spiral's median at
// 0.84 in 1000 steps; momentum gets spiral to 0.94.
extern const RunSettings kRunDefaults;
// What regression takes in place of kRunDefaults where they differ (the classifier's leave ReLUs
// dead and a tanh output short of Playground's ±1.2 plane): 16,16 tanh, Xavier weights, a linear
// output, lr 0.05 with momentum 0.9, full batch (tests/cli/test_cli_regression.cpp measures it).
extern const RunSettings kRegressionDefaults;
// A named set of settings in place of the defaults; flags given still win.
struct RunPreset {
  const char* name;
  const char* description;
  RunSettings settings;
};
// "micrograd": micrograd's demo (demo.ipynb): moons 100 points noise 0.1, every point trains,
// 2-16-16-1 relu, hinge + L2 1e-4 on every parameter, full batch, lr 1.0 − 0.9·k/100, 100 steps.
extern const RunPreset kRunPresets[1];
// The preset's settings, then the defaults (the problem's), under what was given. Refuses an
// unknown preset or problem, and a generator of the other problem type.
Result<RunSettings> with_defaults(const RunSettings& given);
// --problem, else the problem of --dataset's generator, else classification (a CSV file).
Result<nn::Problem> resolve_problem(const RunSettings& given);

// What the settings make, in core's types.
struct RunSetup {
  nn::DatasetOptions data;  // the generator's options (a CSV file: its train fraction and seed)
  nn::ModelSpec model;
  nn::TrainConfig config;  // max_steps = steps (the CLI's limit)
};
// The data settings alone: a CSV file must be read with their split before the model can be
// made (its classes). Refuses, naming the flag, as resolve_run_settings.
Result<nn::DatasetOptions> resolve_data_settings(const RunSettings& given);
// Everything, for data of `classes` classes (the default loss depends on them). Every refusal
// reads "--flag: what is wrong" (or names the flags that clash).
Result<RunSetup> resolve_run_settings(const RunSettings& given, int classes);

// A saved setup's training (a lab file: `gradflow-cli train --setup`) under the training flags
// given (--lr, --lr-schedule, --l1/--l2, --regularize-biases, --momentum, --batch,
// --target-loss); the others keep the file's values. max_steps is the caller's. Refusals read as
// resolve_run_settings's.
Status override_training(const RunSettings& given, nn::TrainConfig& config);

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

// A whole number from 0 to 2^64-1, digits only ("-1", "1e23", "0x10" refused, not misread).
Result<std::uint64_t> parse_seed_text(std::string_view flag, const std::string& text);
// User text made safe to print on a terminal: control bytes shown as \xNN, \u00NN.
std::string terminal_text(std::string_view text);

// "a,b,c" → {"a", "b", "c"}; "" → {""}.
std::vector<std::string> split_commas(const std::string& text);

}  // namespace gf
