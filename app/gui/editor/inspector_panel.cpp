// inspector_panel.cpp — every input's value (drag, or double-click to type), and the selected
// or hovered gate: its rule, its local gradients with the numbers plugged in, full precision,
// and the pattern of gradient flow it teaches.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "caption.hpp"

namespace gf::gui {

namespace {

void full_precision_row(const char* what, double value, const Palette& palette, Color normal) {
  ImGui::TextUnformatted(what);
  ImGui::SameLine(ImGui::GetFontSize() * 6);
  const Color color = std::isfinite(value) ? normal : palette.warning;
  ImGui::TextColored(ImVec4(color.r / 255.f, color.g / 255.f, color.b / 255.f, 1), "%s",
                     format_number(value).c_str());
}

}  // namespace

void App::inspector_panel(Vec2 min, Vec2 size) {
  // Untitled: a filled title bar costs software GL 8,000 pixels a frame; a heading does not.
  begin_panel("##inspector", min, size);
  ImGui::TextDisabled("INSPECTOR");
  ImGui::Separator();
  const Graph& graph = doc_.graph();
  const Palette palette = make_palette(theme_);

  ImGui::TextDisabled("INPUTS");
  // The fields are drawn as a line under the number, not a filled box: a graph with many
  // inputs shows dozens of them, and software GL pays for every filled pixel every frame.
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
  const ImU32 underline = ImGui::GetColorU32(ImGuiCol_FrameBgActive);
  // Names are shown whole: the name column is as wide as the longest name (w1_0_0, h2_1 ...), up
  // to half the panel; a longer name gets its own line above its field, wrapped.
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  const float name_room = ImGui::GetContentRegionAvail().x * 0.5f;
  float name_column = ImGui::GetFontSize() * 2;
  for (NodeId id : graph.input_nodes()) {
    const float width = ImGui::CalcTextSize(graph.name(id).c_str()).x;
    if (width <= name_room) name_column = std::max(name_column, width);
  }
  for (NodeId id : graph.input_nodes()) {
    double value = graph.param(id);
    ImGui::PushID(id);
    const bool own_line = ImGui::CalcTextSize(graph.name(id).c_str()).x > name_room;
    // --dump-labels: each name as a Ui label of its input, with the box it is drawn in.
    auto record_name = [&](ImVec2 min, ImVec2 max) {
      if (record_labels_)
        labels_.push_back({graph.name(id),
                           {LabelKind::Ui, id},
                           {min.x, min.y},
                           {max.x - min.x, max.y - min.y},
                           {}});
    };
    if (own_line) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(graph.name(id).c_str());
      ImGui::PopTextWrapPos();
      record_name(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    ImGui::SetNextItemWidth(own_line ? -1 : -(name_column + spacing));
    // One undo entry per drag (or per typed value), however many frames it lasts.
    const std::string label = own_line ? "##value" : graph.name(id);
    const bool changed = ImGui::DragScalar(label.c_str(), ImGuiDataType_Double, &value, 0.01f,
                                           nullptr, nullptr, "%.4g");
    if (ImGui::IsItemActivated()) edits_.push(edit::BeginGesture{"Set " + graph.name(id)});
    if (changed && std::isfinite(value)) edits_.push(edit::SetParam{id, value});
    if (ImGui::IsItemDeactivated()) edits_.push(edit::EndGesture{});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Drag to change %s, or double-click to type a value",
                        graph.name(id).c_str());
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float label_width =
        own_line ? 0.0f : ImGui::CalcTextSize(graph.name(id).c_str()).x + spacing;
    ImGui::GetWindowDrawList()->AddRectFilled({a.x, b.y - 1}, {b.x - label_width, b.y}, underline);
    if (!own_line) {
      const ImVec2 name = ImGui::CalcTextSize(graph.name(id).c_str());
      const float top = (a.y + b.y - name.y) * 0.5f;
      record_name({b.x - name.x, top}, {b.x, top + name.y});
    }
    ImGui::PopID();
  }
  ImGui::PopStyleColor();
  if (!problem_.empty()) {
    ImGui::Spacing();
    const Color w = palette.warning;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(w.r / 255.f, w.g / 255.f, w.b / 255.f, 1), "%s", problem_.c_str());
    ImGui::PopTextWrapPos();
  }

  const NodeId id = graph.contains(editor_.hovered_node) ? editor_.hovered_node
                    : selection_.empty()                 ? kNoNode
                                                         : selection_.back();
  ImGui::Separator();
  if (!graph.contains(id)) {
    ImGui::TextDisabled("Hover or click a gate to see its rules.");
    ImGui::End();
    return;
  }
  const OpInfo& info = op_info(graph.op(id));
  ImGui::PushTextWrapPos(0);  // long names and rules wrap at the panel's edge
  ImGui::PushFont(fonts_.ui_large);
  ImGui::TextUnformatted(node_caption(graph, id).c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s  (node %d)", std::string(info.name).c_str(), id);
  ImGui::Text("computes  %s", std::string(info.formula).c_str());
  // Nothing the current step has not revealed: a class can be asked for the next number.
  const auto shown = [&](const std::vector<std::uint8_t>& by_node) {
    return evaluation_ && evaluation_->evaluated(id) &&
           static_cast<std::size_t>(id) < by_node.size() && by_node[id] != 0;
  };
  if (shown(view_.value_shown)) {
    full_precision_row("value", evaluation_->value[id], palette, palette.value);
    record_item("value " + format_number(evaluation_->value[id]));
  } else if (evaluation_) {
    ImGui::TextDisabled("value: ? (not computed yet at this step)");
    record_item("value: ?");
  }
  if (shown(view_.grad_shown)) {
    const bool complete = view_.phase == StepPhase::Backward && view_.step == view_.step_count;
    full_precision_row(complete ? "gradient" : "gradient so far", view_.grad_total[id], palette,
                       palette.grad);
    record_item("gradient " + format_number(view_.grad_total[id]));
  } else if (evaluation_) {
    ImGui::TextDisabled("gradient: ? (not reached yet at this step)");
    record_item("gradient: ?");
  }
  if (info.arity > 0) {
    ImGui::Spacing();
    ImGui::TextDisabled("LOCAL GRADIENTS");
    const char* input_names[] = {info.arity == 1 ? "x" : "a", "b"};
    for (int pin = 0; pin < info.arity; ++pin) {
      NodeId in = graph.input(id, pin);
      std::string line = "\u2202/\u2202" + std::string(input_names[pin]) + " = " +
                         std::string(info.local_formula[pin]);
      // The numbers once this gate's backward step has sent them down (as the callout did).
      const bool sent = static_cast<std::size_t>(id) < view_.wire_grad_shown.size() &&
                        view_.wire_grad_shown[id][pin] != 0;
      if (sent && in != kNoNode) {
        const double a = evaluation_->value[graph.input(id, 0)];
        const double b = info.arity == 2 && graph.input(id, 1) != kNoNode
                             ? evaluation_->value[graph.input(id, 1)]
                             : 0.0;
        LocalGrads local =
            op_local_grads(graph.op(id), a, b, evaluation_->value[id], graph.param(id));
        line += " = " + format_number(pin == 0 ? local.wrt_a : local.wrt_b);
      }
      line += "   (" + std::string(input_names[pin]) + " = " +
              (in == kNoNode ? std::string("not wired") : node_caption(graph, in)) + ")";
      ImGui::TextUnformatted(line.c_str());
      record_item(line);
    }
  }
  ImGui::Spacing();
  ImGui::TextDisabled("PATTERN");
  ImGui::Text("%s: %s", std::string(pattern_name(info.pattern)).c_str(),
              std::string(info.pattern_note).c_str());
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace gf::gui
