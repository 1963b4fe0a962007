// ops.cpp — look-ups over the op table (the table itself is in ops.hpp).
#include "ops.hpp"

namespace gf {

std::optional<Op> op_from_name(std::string_view name) {
  for (const OpInfo& info : kOps)
    if (info.name == name) return info.op;
  return std::nullopt;
}

std::string_view pattern_name(FlowPattern pattern) {
  switch (pattern) {
    case FlowPattern::Leaf:
      return "leaf";
    case FlowPattern::Distributor:
      return "distributor";
    case FlowPattern::SwapMultiplier:
      return "swap multiplier";
    case FlowPattern::Router:
      return "router";
    case FlowPattern::Adder:
      return "adder";
    case FlowPattern::Scaler:
      return "scaler";
  }
  return "?";
}

}  // namespace gf
