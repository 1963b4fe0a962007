// run_settings.cpp — the run settings' parsers (see run_settings.hpp).
#include "run_settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <tuple>

namespace gf {

namespace {

// A name from `count` choices, or the refusal listing them ("unknown value 'x'", or "unknown
// dataset 'x'" when `noun` says what the choices are).
template <class Enum, class Lookup, class Name>
Result<Enum> parse_choice(std::string_view flag, const std::string& text, Lookup lookup, Name name,
                          int count, std::string_view noun = "value") {
  if (auto parsed = lookup(text)) return *parsed;
  std::string choices;
  for (int i = 0; i < count; ++i)
    choices += (i ? ", " : "") + std::string(name(static_cast<Enum>(i)));
  return Status::failure(std::string(flag) + ": unknown " + std::string(noun) + " '" + text +
                         "' (one of: " + choices + ")");
}

}  // namespace

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    items.push_back(
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

Result<std::vector<nn::LayerSpec>> parse_hidden_layers(const std::string& text,
                                                       nn::Activation activation) {
  std::vector<nn::LayerSpec> layers;
  if (text == "none" || text.empty()) return layers;
  for (const std::string& item : split_commas(text)) {
    char* end = nullptr;
    const long neurons = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || neurons < 1 || neurons > nn::kMaxNeurons)
      return Status::failure("'" + item + "' is not a neuron count from 1 to " +
                             std::to_string(nn::kMaxNeurons) + " (e.g. 16,16, or none)");
    layers.push_back({static_cast<int>(neurons), activation});
  }
  if (static_cast<int>(layers.size()) > nn::kMaxHiddenLayers)
    return Status::failure("at most " + std::to_string(nn::kMaxHiddenLayers) + " hidden layers");
  return layers;
}

Result<nn::Activation> parse_activation(std::string_view flag, const std::string& text) {
  return parse_choice<nn::Activation>(flag, text, nn::activation_from_name, nn::activation_name,
                                      nn::kActivationCount);
}

Result<nn::LossKind> parse_loss(std::string_view flag, const std::string& text) {
  return parse_choice<nn::LossKind>(flag, text, nn::loss_from_name, nn::loss_name,
                                    static_cast<int>(nn::LossKind::Count_));
}

Result<nn::InitScheme> parse_init(std::string_view flag, const std::string& text) {
  return parse_choice<nn::InitScheme>(flag, text, nn::init_from_name, nn::init_name,
                                      static_cast<int>(nn::InitScheme::Count_));
}

Result<nn::DatasetKind> parse_dataset(std::string_view flag, const std::string& text) {
  return parse_choice<nn::DatasetKind>(flag, text, nn::dataset_from_name, nn::dataset_name,
                                       static_cast<int>(nn::DatasetKind::Count_), "dataset");
}

Result<std::vector<nn::Feature>> parse_features(std::string_view flag, const std::string& text) {
  std::vector<nn::Feature> features;
  for (const std::string& name : split_commas(text)) {
    Result<nn::Feature> feature = parse_choice<nn::Feature>(flag, name, nn::feature_from_name,
                                                            nn::feature_name, nn::kFeatureCount);
    if (!feature) return Status::failure(feature.reason());
    features.push_back(*feature);
  }
  return features;
}

}  // namespace gf

// [SECTION] The settings --------------------------------------------------------------------------

namespace gf {

namespace {

// Every optional setting, once: with_defaults fills each from the preset, then the defaults.
constexpr auto kOptionalSettings = std::make_tuple(
    &RunSettings::points, &RunSettings::noise, &RunSettings::train_fraction, &RunSettings::hidden,
    &RunSettings::activation, &RunSettings::output_activation, &RunSettings::features,
    &RunSettings::init, &RunSettings::loss, &RunSettings::learning_rate, &RunSettings::lr_schedule,
    &RunSettings::l1, &RunSettings::l2, &RunSettings::regularize_biases, &RunSettings::momentum,
    &RunSettings::batch, &RunSettings::steps, &RunSettings::target_loss);

// --problem, else the generator's, else classification (a CSV file); the dataset already filled.
Result<nn::Problem> problem_of(const RunSettings& s) {
  std::optional<nn::Problem> asked;
  if (!s.problem.empty()) {
    asked = nn::problem_from_name(s.problem);
    if (!asked)
      return Status::failure("--problem: unknown value '" + terminal_text(s.problem) +
                             "' (one of: classification, regression)");
  }
  const std::optional<nn::DatasetKind> kind = nn::dataset_from_name(s.dataset);
  if (!kind) return asked.value_or(nn::Problem::Classification);  // a CSV file, or a bad name
  const nn::Problem made = nn::dataset_problem(*kind);
  if (asked && *asked != made)
    return Status::failure("--dataset " + s.dataset + " is a " +
                           std::string(nn::problem_name(made)) + " dataset; for --problem " +
                           s.problem + " use one of: " + nn::dataset_names(*asked));
  return made;
}

Status check_range(bool ok, const std::string& message) {
  return ok ? Status::success() : Status::failure(message);
}

}  // namespace

// (designated initializers: in RunSettings' order)
const RunSettings kRunDefaults{.dataset = "circle",
                               .train_fraction = 0.5,
                               .hidden = "4,2",
                               .activation = "tanh",
                               .output_activation = "",
                               .features = "x1,x2",
                               .init = "he",
                               .loss = "",
                               .learning_rate = 0.01,
                               .lr_schedule = "constant",
                               .regularize_biases = false,
                               .momentum = 0.9,
                               .batch = 25,
                               .steps = 100};

// sin(x1), sin(x2) among the inputs: the multi-gaussian's six bumps, two rows 5 apart and three
// columns 4 apart, are nearly periodic, and with x1, x2 alone 2,000 steps end at 0.4-0.6 of the
// baseline RMSE (seeds 1-3) where these reach 0.11-0.16; the plane stays at 0.2-0.4% of its range.
const RunSettings kRegressionDefaults{.hidden = "16,16",
                                      .activation = "tanh",
                                      .output_activation = "linear",
                                      .features = "x1,x2,sinx1,sinx2",
                                      .init = "xavier",
                                      .loss = "mse",
                                      .learning_rate = 0.1,
                                      .momentum = 0.9,
                                      .batch = 0};

const RunPreset kRunPresets[1] = {
    {"micrograd", "micrograd's demo: moons, 16,16 relu, hinge + L2, lr 1 → 0.1, 100 steps",
     RunSettings{.dataset = "moons",
                 .train_fraction = 1.0,
                 .hidden = "16,16",
                 .activation = "relu",
                 .output_activation = "linear",
                 .init = "uniform",
                 .loss = "hinge",
                 .learning_rate = 1.0,
                 .lr_schedule = "micrograd",
                 .l2 = 1e-4,
                 .regularize_biases = true,
                 .momentum = 0.0,
                 .batch = 0,
                 .steps = 100}}};

Result<RunSettings> with_defaults(const RunSettings& given) {
  RunSettings preset;
  if (!given.preset.empty()) {
    const RunPreset* found = nullptr;
    for (const RunPreset& p : kRunPresets)
      if (given.preset == p.name) found = &p;
    if (!found) {
      std::string names;
      for (const RunPreset& p : kRunPresets)
        names += (names.empty() ? "" : ", ") + std::string(p.name);
      return Status::failure("--preset: unknown preset '" + given.preset + "' (one of: " + names +
                             ")");
    }
    preset = found->settings;
  }
  // The data and the regularisation given replace the preset's as a whole.
  if (!given.dataset.empty() || !given.csv_file.empty()) preset.dataset.clear();
  if (given.l1 || given.l2) preset.l1 = preset.l2 = std::nullopt;
  RunSettings settings = given;
  if (settings.dataset.empty() && settings.csv_file.empty())
    settings.dataset = preset.dataset.empty() ? kRunDefaults.dataset : preset.dataset;
  Result<nn::Problem> problem = problem_of(settings);
  if (!problem) return Status::failure(problem.reason());
  const bool regression = *problem == nn::Problem::Regression;
  std::apply(
      [&](auto... field) {
        ((settings.*field = (given.*field                               ? given.*field
                             : preset.*field                            ? preset.*field
                             : regression && kRegressionDefaults.*field ? kRegressionDefaults.*field
                                                                        : kRunDefaults.*field)),
         ...);
      },
      kOptionalSettings);
  return settings;
}

Result<nn::Problem> resolve_problem(const RunSettings& given) {
  Result<RunSettings> settings = with_defaults(given);
  if (!settings) return Status::failure(settings.reason());
  return problem_of(*settings);
}

Result<nn::DatasetOptions> resolve_data_settings(const RunSettings& given) {
  Result<RunSettings> settings = with_defaults(given);
  if (!settings) return Status::failure(settings.reason());
  const RunSettings& s = *settings;
  if (!s.dataset.empty() && !s.csv_file.empty())
    return Status::failure("--dataset and --csv: give one of them");
  nn::DatasetOptions data;
  if (!s.dataset.empty()) {
    Result<nn::DatasetKind> kind = parse_dataset("--dataset", s.dataset);
    if (!kind) return Status::failure(kind.reason());
    data.kind = *kind;
  }
  const double fraction = *s.train_fraction;
  if (Status ok = check_range(std::isfinite(fraction) && fraction >= 0 && fraction <= 1,
                              "--train-fraction must be a number from 0 to 1");
      !ok)
    return ok;
  if (!s.csv_file.empty() && s.points)
    return Status::failure("--points: not with --csv (the file has its points)");
  if (!s.csv_file.empty() && s.noise)
    return Status::failure("--noise: not with --csv (the file has its points)");
  if (s.points && (*s.points < 2 || *s.points > 100000))
    return Status::failure("--points must be from 2 to 100000");
  if (s.noise && (!std::isfinite(*s.noise) || *s.noise < 0 || *s.noise > 10))
    return Status::failure("--noise must be a number from 0 to 10");
  const bool moons = data.kind == nn::DatasetKind::Moons;  // micrograd's demo: 100, noise 0.1
  data.points = s.points.value_or(moons ? 100 : 500);
  data.noise = s.noise.value_or(moons ? 0.1 : 0.0);
  data.train_fraction = fraction;
  Result<std::uint64_t> seed = parse_seed_text("--seed", s.seed);
  if (!seed) return Status::failure(seed.reason());
  data.seed = *seed;
  if (Status valid = nn::validate(data); !valid) return valid;
  return data;
}

namespace {

Status resolve_model(const RunSettings& s, int classes, nn::ModelSpec& spec) {
  spec.classes = classes;
  Result<std::vector<nn::Feature>> features = parse_features("--features", *s.features);
  if (!features) return Status::failure(features.reason());
  spec.features = std::move(*features);
  Result<std::vector<nn::LayerSpec>> hidden = parse_hidden_layers(*s.hidden, nn::Activation::Tanh);
  if (!hidden) return Status::failure("--hidden: " + hidden.reason());
  spec.hidden = std::move(*hidden);
  const std::vector<std::string> activations = split_commas(*s.activation);
  if (activations.size() != 1 && activations.size() != spec.hidden.size())
    return Status::failure("--activation: give one activation, or one per hidden layer (" +
                           std::to_string(spec.hidden.size()) + ")");
  for (std::size_t i = 0; i < std::max<std::size_t>(activations.size(), spec.hidden.size()); ++i) {
    // (one activation is checked even with no hidden layer)
    Result<nn::Activation> activation =
        parse_activation("--activation", activations[activations.size() == 1 ? 0 : i]);
    if (!activation) return Status::failure(activation.reason());
    if (i < spec.hidden.size()) spec.hidden[i].activation = *activation;
  }
  spec.problem = *problem_of(s);  // (checked by with_defaults)
  if (spec.problem == nn::Problem::Regression && !s.loss->empty() &&
      *s.loss != nn::loss_name(nn::LossKind::SquaredError))
    return Status::failure("--loss: regression fits values with the squared error (mse), not " +
                           terminal_text(*s.loss));
  if (s.loss->empty()) {
    spec.loss = classes > 2 ? nn::LossKind::Softmax : nn::LossKind::SquaredError;
  } else {
    Result<nn::LossKind> loss = parse_loss("--loss", *s.loss);
    if (!loss) return Status::failure(loss.reason());
    spec.loss = *loss;
  }
  // TFP's squared loss compares a tanh output with ±1; other losses read a linear score.
  if (s.output_activation->empty()) {
    spec.output_activation =
        spec.loss == nn::LossKind::SquaredError ? nn::Activation::Tanh : nn::Activation::Linear;
  } else {
    Result<nn::Activation> output = parse_activation("--output-activation", *s.output_activation);
    if (!output) return Status::failure(output.reason());
    spec.output_activation = *output;
  }
  Result<nn::InitScheme> init = parse_init("--init", *s.init);
  if (!init) return Status::failure(init.reason());
  spec.init = *init;
  Result<std::uint64_t> seed = parse_seed_text("--seed", s.seed);
  if (!seed) return Status::failure(seed.reason());
  spec.init_seed = *seed;
  return nn::validate(spec);
}

Status resolve_training(const RunSettings& s, nn::TrainConfig& config) {
  if (*s.lr_schedule == "micrograd")
    config.schedule = nn::LrSchedule::Micrograd;
  else if (*s.lr_schedule == "constant")
    config.schedule = nn::LrSchedule::Constant;
  else
    return Status::failure("--lr-schedule: unknown value '" + *s.lr_schedule +
                           "' (one of: constant, micrograd)");
  config.learning_rate = *s.learning_rate;
  if (!std::isfinite(config.learning_rate) || config.learning_rate <= 0)
    return Status::failure("--lr must be a positive number");
  if (s.l1 && s.l2) return Status::failure("--l1 and --l2: give one of them");
  config.regularization = s.l1   ? nn::Regularization::L1
                          : s.l2 ? nn::Regularization::L2
                                 : nn::Regularization::None;
  config.lambda = s.l1 ? *s.l1 : s.l2.value_or(0.0);
  if (!std::isfinite(config.lambda) || config.lambda < 0)
    return Status::failure(std::string(s.l1 ? "--l1" : "--l2") + " must be a non-negative number");
  config.regularize_biases = *s.regularize_biases;
  if (!std::isfinite(*s.momentum) || *s.momentum < 0 || *s.momentum >= 1)
    return Status::failure("--momentum must be a number in [0, 1)");
  config.momentum = *s.momentum;
  if (*s.batch < 0) return Status::failure("--batch must be 0 (full batch) or a positive number");
  config.batch_size = *s.batch;
  if (*s.steps < 1 || *s.steps > 10'000'000)
    return Status::failure("--steps must be from 1 to 10000000");
  config.max_steps = *s.steps;
  if (s.target_loss && !std::isfinite(*s.target_loss))
    return Status::failure("--target-loss must be a number");
  config.target_loss = s.target_loss;
  Result<std::uint64_t> seed = parse_seed_text("--seed", s.seed);
  if (!seed) return Status::failure(seed.reason());
  config.seed = *seed;
  return nn::validate(config);
}

}  // namespace

Status override_training(const RunSettings& given, nn::TrainConfig& config) {
  // The file's settings as flags would give them, then the flags given over them.
  RunSettings s;
  s.lr_schedule = config.schedule == nn::LrSchedule::Micrograd ? "micrograd" : "constant";
  s.learning_rate = config.learning_rate;
  if (config.regularization == nn::Regularization::L1) s.l1 = config.lambda;
  if (config.regularization == nn::Regularization::L2) s.l2 = config.lambda;
  s.regularize_biases = config.regularize_biases;
  s.momentum = config.momentum;
  s.batch = config.batch_size;
  s.steps = 1;  // (checked by resolve_training; the caller sets max_steps)
  s.target_loss = config.target_loss;
  s.seed = std::to_string(config.seed);
  if (given.lr_schedule) s.lr_schedule = given.lr_schedule;
  if (given.learning_rate) s.learning_rate = given.learning_rate;
  if (given.l1 || given.l2) std::tie(s.l1, s.l2) = std::tie(given.l1, given.l2);
  if (given.regularize_biases) s.regularize_biases = given.regularize_biases;
  if (given.momentum) s.momentum = given.momentum;
  if (given.batch) s.batch = given.batch;
  if (given.target_loss) s.target_loss = given.target_loss;
  const int max_steps = config.max_steps;
  Status resolved = resolve_training(s, config);
  config.max_steps = max_steps;
  return resolved;
}

Result<RunSetup> resolve_run_settings(const RunSettings& given, int classes) {
  RunSetup setup;
  Result<nn::DatasetOptions> data = resolve_data_settings(given);
  if (!data) return Status::failure(data.reason());
  setup.data = *data;
  const RunSettings settings = *with_defaults(given);  // (checked by resolve_data_settings)
  if (Status ok = resolve_training(settings, setup.config); !ok) return ok;
  if (Status ok = resolve_model(settings, classes, setup.model); !ok) return ok;
  return setup;
}

// [SECTION] Seeds and terminal text ----------------------------------------------------------------

std::string terminal_text(std::string_view text) {
  // Control bytes would move the cursor, clear the screen or retitle the window: shown as \xNN
  // (C0 and DEL) or \u00NN (C1, which UTF-8 spells C2 80 .. C2 9F).
  constexpr char kHex[] = "0123456789abcdef";
  std::string shown;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c1 = byte == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (byte < 0x20 || byte == 0x7F) {
      shown += "\\x";
      shown += kHex[byte >> 4];
      shown += kHex[byte & 0xF];
    } else if (c1) {
      const auto next = static_cast<unsigned char>(text[++i]);
      shown += "\\u00";
      shown += kHex[next >> 4];
      shown += kHex[next & 0xF];
    } else {
      shown += static_cast<char>(byte);
    }
  }
  return shown;
}

Result<std::uint64_t> parse_seed_text(std::string_view flag, const std::string& text) {
  // Digits only: "-1", "1e23" or "0x10" are refused rather than wrapped, rounded or misread.
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  auto [parsed_end, error] = std::from_chars(text.data(), end, seed);
  const bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!digits_only || error != std::errc() || parsed_end != end)
    return Status::failure(std::string(flag) + ": '" + terminal_text(text.substr(0, 40)) +
                           "' is not a seed (a whole number from 0 to 18446744073709551615)");
  return seed;
}

}  // namespace gf
