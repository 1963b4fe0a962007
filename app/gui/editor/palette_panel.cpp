// palette_panel.cpp — see palette_panel.hpp.
#include "palette_panel.hpp"

#include <imgui.h>

#include <cctype>

#include "panel_window.hpp"

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

namespace {

// A gate's rule and local gradients, from its row of the op table.
void gate_tooltip(const OpInfo& info) {
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

void entry(const OpInfo& info, const PaletteView& in, EditQueue& edits) {
  const std::string label = palette_label(info.op);
  if (ImGui::Selectable(label.c_str())) {  // a click: in the middle of the view, staggered
    const Vec2 middle = in.canvas.to_world(in.canvas.origin + in.canvas.size * 0.5f);
    const float stagger = 24.0f * static_cast<float>(in.node_count % 5);
    edits.push(edit::AddNode{info.op, middle + Vec2{stagger, stagger}});
  }
  if (in.record) {  // for tests: where each entry is, by its op name
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    in.record->push_back({std::string(info.name),
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
    gate_tooltip(info);
  }
}

}  // namespace

void PalettePanel::draw(Vec2 min, Vec2 size, const PaletteView& in, EditQueue& edits) const {
  begin_panel("##palette", min, size, in.border);
  ImGui::TextDisabled("GATES");
  if (ImGui::IsWindowHovered() && !ImGui::IsAnyItemHovered())
    ImGui::SetTooltip("Drag a gate onto the canvas, or click to add it in the middle");
  for (const OpInfo& info : kOps) {
    // The matrix gates (@, T, sum, softmax ...) join once the stepper draws matrix values; on the
    // scalars the canvas holds they would only show 1×1 special cases (softmax = 1).
    if (is_matrix_gate(info.op)) continue;
    ImGui::PushID(static_cast<int>(info.op));
    entry(info, in, edits);
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace gf::gui
