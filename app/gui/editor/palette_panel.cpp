// palette_panel.cpp — every gate of the op table, to drag onto the canvas (or click: it lands
// in the middle of the view). Variables and constants are gates here too. Read from kOps, so a
// new row of the table appears here with no edit.
#include <imgui.h>

#include <cctype>

#include "app.hpp"

namespace gf::gui {

std::string palette_label(Op op) {
  const OpInfo& info = op_info(op);
  if (op == Op::Input) return "x  variable";
  if (op == Op::Const) return "1  constant";
  // "+  add", but just "ReLU" or "max" where the symbol already is the name.
  std::string symbol(info.symbol), name(info.name);
  std::string lower = symbol;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == name ? symbol : symbol + "  " + name;
}

void App::palette_panel(Vec2 min, Vec2 size) {
  begin_panel("##palette", min, size);
  ImGui::TextDisabled("GATES");
  if (ImGui::IsWindowHovered() && !ImGui::IsAnyItemHovered())
    ImGui::SetTooltip("Drag a gate onto the canvas, or click to add it in the middle");
  for (const OpInfo& info : kOps) {
    ImGui::PushID(static_cast<int>(info.op));
    const std::string label = palette_label(info.op);
    if (ImGui::Selectable(label.c_str())) {  // a click: in the middle of the view, staggered
      const Vec2 middle = canvas_.to_world(canvas_.origin + canvas_.size * 0.5f);
      const float stagger = 24.0f * static_cast<float>(doc_.graph().node_count() % 5);
      edits_.push(edit::AddNode{info.op, middle + Vec2{stagger, stagger}});  // selected once added
    }
    if (record_labels_) {  // for tests: where each entry is, by its op name
      const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      labels_.push_back({std::string(info.name),
                         {LabelKind::Palette},
                         {a.x, a.y},
                         {b.x - a.x, b.y - a.y},
                         Color{}});
    }
    if (ImGui::BeginDragDropSource()) {
      ImGui::SetDragDropPayload(kPalettePayload, &info.op, sizeof info.op);
      ImGui::TextUnformatted(label.c_str());
      ImGui::EndDragDropSource();
    } else if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::Text("%s: %s", std::string(info.name).c_str(), std::string(info.formula).c_str());
      if (info.arity > 0) {
        ImGui::TextDisabled("local gradients");
        for (int pin = 0; pin < info.arity; ++pin)
          ImGui::Text("  \u2202/\u2202%s = %s",
                      info.arity == 1 ? "x"
                      : pin == 0      ? "a"
                                      : "b",
                      std::string(info.local_formula[pin]).c_str());
      }
      ImGui::TextDisabled("%s", std::string(info.pattern_note).c_str());
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace gf::gui
