// lab_widgets.hpp — what the lab's panels share: the frame they draw in (LabFrame), their areas,
// headings and recorded texts (lab_widgets.cpp), and small ImGui widgets.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fonts.hpp"
#include "imgui_painter.hpp"
#include "theme.hpp"

namespace gf::gui {

// What the lab borrows from the App for one frame.
struct LabFrame {
  const FontSet* fonts = nullptr;
  Palette palette;
  bool dark = true;
  float scale = 1.0f;         // presentation mode's larger type included
  bool presentation = false;  // no data column: the network and the boundary get the room
  std::vector<RecordedLabel>* record = nullptr;  // --dump-labels
  bool escape = false;                           // Escape this frame (closes the file dialog)
  bool enter = false;                            // Return or Enter this frame (accepts it)
};

// One of the lab's areas as a borderless ImGui window at min/size (end it with ImGui::End),
// recorded for --dump-labels as "area:NAME" ("##lab_data" → "area:data"). `scrolls`: a
// scrollbar when its content is taller (recorded as "area:NAME scrolls").
void begin_lab_area(const LabFrame& frame, const char* name, Vec2 min, Vec2 size,
                    bool scrolls = false);
void lab_heading(const LabFrame& frame, const char* text);  // large, muted, recorded
// ImGui text, recorded for --dump-labels.
void lab_text(const LabFrame& frame, const std::string& text, Color color);
// The last widget's rectangle, for --dump-labels.
void lab_record_item(const LabFrame& frame, std::string text);

inline ImU32 lab_color(Color c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(c.a * alpha));
}

inline ImTextureID lab_texture(unsigned gl_texture) {
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(gl_texture));
}

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
