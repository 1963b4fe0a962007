// lab_widgets.hpp — small ImGui widgets the lab's panels share.
#pragma once

#include <imgui.h>

#include <string>

namespace gf::gui {

// A combo over every value of an enum with a Count_ entry, each shown by `name` (e.g.
// nn::activation_name). True when the user picked another value.
template <class Enum, class Name>
bool enum_combo(const char* id, Enum& value, Name name) {
  bool changed = false;
  if (ImGui::BeginCombo(id, std::string(name(value)).c_str())) {
    for (int i = 0; i < static_cast<int>(Enum::Count_); ++i) {
      const Enum choice = static_cast<Enum>(i);
      if (ImGui::Selectable(std::string(name(choice)).c_str(), choice == value)) {
        value = choice;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace gf::gui
