// run_settings.cpp — the run settings' parsers (see run_settings.hpp).
#include "run_settings.hpp"

#include <cstdlib>

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
