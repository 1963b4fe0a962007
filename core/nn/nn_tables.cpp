// nn_tables.cpp — look-ups over the lab's tables (the tables themselves are in nn_tables.hpp).
#include "nn_tables.hpp"

#include <vector>

namespace gf::nn {

namespace {

template <class Row, std::size_t N>
std::string joined(const std::array<Row, N>& rows, bool (*wanted)(const Row&),
                   std::string_view separator, std::string_view last_separator) {
  std::vector<std::string_view> names;
  for (const Row& row : rows)
    if (wanted(row)) names.push_back(row.name);
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? last_separator : separator;
    text += names[i];
  }
  return text;
}

}  // namespace

std::optional<Feature> feature_from_name(std::string_view name) {
  for (const FeatureInfo& info : kFeatures)
    if (info.name == name) return info.feature;
  return std::nullopt;
}

std::optional<Activation> activation_from_name(std::string_view name) {
  for (const ActivationInfo& info : kActivations)
    if (info.name == name) return info.activation;
  return std::nullopt;
}

std::string feature_names(std::string_view separator, std::string_view last_separator) {
  return joined<FeatureInfo>(
      kFeatures, [](const FeatureInfo&) { return true; }, separator, last_separator);
}

std::string activation_names(std::string_view separator, std::string_view last_separator) {
  return joined<ActivationInfo>(
      kActivations, [](const ActivationInfo&) { return true; }, separator, last_separator);
}

std::string output_activation_names() {
  // Linear (ModelSpec's default) first, then the others in the table's order.
  return std::string(activation_name(Activation::Linear)) + " or " +
         joined<ActivationInfo>(
             kActivations,
             [](const ActivationInfo& row) {
               return row.keeps_sign && row.activation != Activation::Linear;
             },
             ", ", " or ");
}

std::string activation_glsl(Activation activation, std::string_view z) {
  constexpr std::string_view kArgument = "{z}";
  const std::string_view code = activation_info(activation).glsl;
  std::string text;
  std::size_t start = 0;
  for (std::size_t at = code.find(kArgument); at != std::string_view::npos;
       at = code.find(kArgument, start)) {
    text.append(code.substr(start, at - start)).append(z);
    start = at + kArgument.size();
  }
  return text.append(code.substr(start));
}

}  // namespace gf::nn
