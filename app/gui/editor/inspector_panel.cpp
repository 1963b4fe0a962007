// inspector_panel.cpp — see inspector_panel.hpp. In the order drawn: the inputs, the problem,
// then the gate (its heading, value and gradient, local gradients, pattern).
#include "inspector_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "caption.hpp"
#include "number_format.hpp"
#include "panel_window.hpp"

namespace gf::gui {

namespace {

ImVec4 to_imvec4(Color c) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1); }

void full_precision_row(const char* what, double value, const Palette& palette, Color normal) {
  ImGui::TextUnformatted(what);
  ImGui::SameLine(ImGui::GetFontSize() * 6);
  const Color color = std::isfinite(value) ? normal : palette.warning;
  ImGui::TextColored(to_imvec4(color), "%s", format_number(value).c_str());
}

// --dump-labels: an input's name as a Ui label of its input, with the box it is drawn in.
void record_name(const InspectorView& in, NodeId id, ImVec2 min, ImVec2 max) {
  if (in.record)
    in.record->push_back({in.graph.name(id),
                          {LabelKind::Ui, id},
                          {min.x, min.y},
                          {max.x - min.x, max.y - min.y},
                          {}});
}

// Names are shown whole: the name column is as wide as the longest name (w1_0_0, h2_1 ...), up
// to `name_room`; a longer name gets its own line above its field, wrapped.
float name_column_width(const Graph& graph, float name_room) {
  float column = ImGui::GetFontSize() * 2;
  for (NodeId id : graph.input_nodes()) {
    const float width = ImGui::CalcTextSize(graph.name(id).c_str()).x;
    if (width <= name_room) column = std::max(column, width);
  }
  return column;
}

// One input's field, drawn as a line under the number (not a filled box: a graph with many
// inputs shows dozens of them; see docs/ARCHITECTURE.md, "software GL"). One undo entry per drag
// or typed value, however many frames it lasts.
void input_row(const InspectorView& in, NodeId id, float name_column, float name_room,
               EditQueue& edits) {
  const Graph& graph = in.graph;
  const std::string& name = graph.name(id);
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  const bool own_line = ImGui::CalcTextSize(name.c_str()).x > name_room;
  if (own_line) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopTextWrapPos();
    record_name(in, id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }
  ImGui::SetNextItemWidth(own_line ? -1 : -(name_column + spacing));
  double value = graph.param(id);
  const std::string label = own_line ? "##value" : name;
  const bool changed = ImGui::DragScalar(label.c_str(), ImGuiDataType_Double, &value, 0.01f,
                                         nullptr, nullptr, "%.4g");
  if (ImGui::IsItemActivated()) edits.push(edit::BeginGesture{"Set " + name});
  if (changed && std::isfinite(value)) edits.push(edit::SetParam{id, value});
  if (ImGui::IsItemDeactivated()) edits.push(edit::EndGesture{});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Drag to change %s, or double-click to type a value", name.c_str());
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float label_width = own_line ? 0.0f : ImGui::CalcTextSize(name.c_str()).x + spacing;
  ImGui::GetWindowDrawList()->AddRectFilled({a.x, b.y - 1}, {b.x - label_width, b.y},
                                            ImGui::GetColorU32(ImGuiCol_FrameBgActive));
  if (!own_line) {
    const ImVec2 extent = ImGui::CalcTextSize(name.c_str());
    const float top = (a.y + b.y - extent.y) * 0.5f;
    record_name(in, id, {b.x - extent.x, top}, {b.x, top + extent.y});
  }
}

void inputs(const InspectorView& in, EditQueue& edits) {
  ImGui::TextDisabled("INPUTS");
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
  const float name_room = ImGui::GetContentRegionAvail().x * 0.5f;
  const float name_column = name_column_width(in.graph, name_room);
  for (NodeId id : in.graph.input_nodes()) {
    ImGui::PushID(id);
    input_row(in, id, name_column, name_room, edits);
    ImGui::PopID();
  }
  ImGui::PopStyleColor();
  if (in.problem.empty()) return;
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(to_imvec4(in.palette.warning), "%s", in.problem.c_str());
  ImGui::PopTextWrapPos();
}

// The gate's value and gradient, or "?" while the current step has not revealed them.
void value_and_gradient(const InspectorView& in) {
  const NodeId id = in.gate;
  const StepView& view = in.view;
  const auto shown = [&](const std::vector<std::uint8_t>& by_node) {
    return in.evaluation && in.evaluation->evaluated(id) &&
           static_cast<std::size_t>(id) < by_node.size() && by_node[id] != 0;
  };
  if (shown(view.value_shown)) {
    full_precision_row("value", in.evaluation->value[id], in.palette, in.palette.value);
    record_last_item(in.record, "value " + format_number(in.evaluation->value[id]));
  } else if (in.evaluation) {
    ImGui::TextDisabled("value: ? (not computed yet at this step)");
    record_last_item(in.record, "value: ?");
  }
  if (shown(view.grad_shown)) {
    const bool complete = view.phase == StepPhase::Backward && view.step == view.step_count;
    full_precision_row(complete ? "gradient" : "gradient so far", view.grad_total[id], in.palette,
                       in.palette.grad);
    record_last_item(in.record, "gradient " + format_number(view.grad_total[id]));
  } else if (in.evaluation) {
    ImGui::TextDisabled("gradient: ? (not reached yet at this step)");
    record_last_item(in.record, "gradient: ?");
  }
}

// "∂/∂a = b = -4   (a = x + y)": each pin's rule, with its number once this gate's backward
// step has sent it down (as the callout did).
void local_gradients(const InspectorView& in, const OpInfo& info) {
  const Graph& graph = in.graph;
  const NodeId id = in.gate;
  ImGui::Spacing();
  ImGui::TextDisabled("LOCAL GRADIENTS");
  const char* input_names[] = {info.arity == 1 ? "x" : "a", "b"};
  for (int pin = 0; pin < info.arity; ++pin) {
    const NodeId input = graph.input(id, pin);
    std::string line = "\u2202/\u2202" + std::string(input_names[pin]) + " = " +
                       std::string(info.local_formula[pin]);
    const bool sent = static_cast<std::size_t>(id) < in.view.wire_grad_shown.size() &&
                      in.view.wire_grad_shown[id][pin] != 0;
    if (sent && input != kNoNode) {
      const std::vector<double>& value = in.evaluation->value;
      const double a = value[graph.input(id, 0)];
      const double b =
          info.arity == 2 && graph.input(id, 1) != kNoNode ? value[graph.input(id, 1)] : 0.0;
      const LocalGrads local = op_local_grads(graph.op(id), a, b, value[id], graph.param(id));
      line += " = " + format_number(pin == 0 ? local.wrt_a : local.wrt_b);
    }
    line += "   (" + std::string(input_names[pin]) + " = " +
            (input == kNoNode ? std::string("not wired") : node_caption(graph, input)) + ")";
    ImGui::TextUnformatted(line.c_str());
    record_last_item(in.record, line);
  }
}

void gate(const InspectorView& in) {
  const OpInfo& info = op_info(in.graph.op(in.gate));
  ImGui::PushTextWrapPos(0);  // long names and rules wrap at the panel's edge
  ImGui::PushFont(in.title_font);
  ImGui::TextUnformatted(node_caption(in.graph, in.gate).c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s  (node %d)", std::string(info.name).c_str(), in.gate);
  ImGui::Text("computes  %s", std::string(info.formula).c_str());
  value_and_gradient(in);
  if (info.arity > 0) local_gradients(in, info);
  ImGui::Spacing();
  ImGui::TextDisabled("PATTERN");
  ImGui::Text("%s: %s", std::string(pattern_name(info.pattern)).c_str(),
              std::string(info.pattern_note).c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace

void InspectorPanel::draw(Vec2 min, Vec2 size, const InspectorView& in, EditQueue& edits) const {
  // Untitled: a filled title bar is paid for pixel by pixel (docs/ARCHITECTURE.md, "software
  // GL"); a heading is not.
  begin_panel("##inspector", min, size, in.palette.grid_strong);
  ImGui::TextDisabled("INSPECTOR");
  ImGui::Separator();
  inputs(in, edits);
  ImGui::Separator();
  if (in.graph.contains(in.gate))
    gate(in);
  else
    ImGui::TextDisabled("Hover or click a gate to see its rules.");
  ImGui::End();
}

}  // namespace gf::gui
