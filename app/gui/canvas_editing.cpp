// canvas_editing.cpp — what the mouse and the keys do to the graph on the canvas: select, box
// select, move, wire and rewire pins, edit names and values in place, the context and "add
// gate" menus, delete, copy/paste/duplicate, auto-layout, undo and redo.
//
// Every change goes through EditableDocument, so it is validated (a refused wire changes
// nothing and says why) and undoable: a drag is one gesture, hence one undo entry.
//
// Index
//   [SECTION] Selection
//   [SECTION] Mouse on the canvas
//   [SECTION] Menus and in-place editing
//   [SECTION] Keys
//   [SECTION] Edits used by menus and keys
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "app.hpp"
#include "caption.hpp"
#include "clipboard.hpp"
#include "number_format.hpp"

namespace gf::gui {

// [SECTION] Selection -------------------------------------------------------------------------

bool App::is_selected(NodeId id) const {
  return std::find(selection_.begin(), selection_.end(), id) != selection_.end();
}

void App::select_only(NodeId id) { selection_.assign(1, id); }

void App::select(std::vector<NodeId> ids) { selection_ = std::move(ids); }

// [SECTION] Mouse on the canvas ---------------------------------------------------------------

namespace {

// The pin a wire dragged from `anchor` would end on, near `world`: a pin under the mouse, or,
// dropped on a node's body, that node's nearest suitable pin (forgiving aim).
PinHit wire_target(const Graph& graph, PinHit anchor, Vec2 world, float pin_radius) {
  PinHit pin = pin_at(graph, world, pin_radius);
  if (pin.valid() && pin.is_output() != anchor.is_output()) return pin;
  const NodeId node = node_at(graph, world);
  if (node == kNoNode) return pin;  // possibly a pin of the wrong kind: refused with a reason
  if (!anchor.is_output()) return {node, PinHit::kOutputSlot};
  PinHit best;
  float best_distance = 1e30f;
  for (int slot = 0; slot < arity(graph.op(node)); ++slot) {
    const Vec2 d = input_pin(graph, node, slot) - world;
    const float distance = d.x * d.x + d.y * d.y;
    if (distance < best_distance) best_distance = distance, best = {node, slot};
  }
  return best.valid() ? best : PinHit{node, 0};  // a leaf: refused ("has no input pin")
}

// The value field of the in-place editor: the value or exponent, "" when there is none.
std::string edit_value_text(const Graph& graph, NodeId id) {
  if (op_info(graph.op(id)).param_name.empty()) return "";
  if (graph.op(id) == Op::Input && !graph.has_value(id)) return "";
  return format_number(graph.param(id));
}

}  // namespace

void App::canvas_input(Vec2 mouse, bool canvas_hovered, bool canvas_active) {
  ImGuiIO& io = ImGui::GetIO();
  const Graph& graph = doc_.graph();
  const Vec2 world = canvas_.to_world(mouse);
  // Pins are small: catch them within ~10 pixels whatever the zoom.
  const float pin_radius = std::max(kPinRadius * 2.0f, 10.0f / canvas_.zoom);
  const bool editing = !theme_.presentation;  // presentation mode only steps, pans and zooms
  const PinHit pin = canvas_hovered && editing ? pin_at(graph, world, pin_radius) : PinHit{};
  const NodeId node = canvas_hovered ? node_at(graph, world) : kNoNode;
  if (editor_.drag == CanvasDrag::None) {
    hovered_ = node;
    editor_.hovered_pin = pin;
  }

  // ---- Press ------------------------------------------------------------------------------
  if (canvas_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && editor_.drag == CanvasDrag::None) {
    finish_layout_animation();  // a click during the glide lands it at once
    editor_.press_world = editor_.last_world = world;
    editor_.moved = false;
    editor_.additive = io.KeyShift || io.KeyCtrl;
    editor_.target = editor_.picked_up = {};
    editor_.refusal.clear();
    if (pin.valid()) {
      editor_.drag = CanvasDrag::Wire;
      const NodeId source = pin.is_output() ? kNoNode : graph.input(pin.node, pin.slot);
      if (source != kNoNode) {
        // A wired input pin: its wire's end comes off the pin and follows the mouse.
        editor_.picked_up = pin;
        editor_.anchor = {source, PinHit::kOutputSlot};
        doc_.begin_gesture("Rewire");
        report(doc_.disconnect(pin.node, pin.slot));
      } else {
        editor_.anchor = pin;
      }
    } else if (node != kNoNode) {
      if (editor_.additive) {
        if (is_selected(node)) std::erase(selection_, node);
        else selection_.push_back(node);
      } else if (!is_selected(node)) {
        select_only(node);
      } else {  // already selected: it becomes the one the inspector shows
        std::erase(selection_, node);
        selection_.push_back(node);
      }
      if (editing && is_selected(node)) {
        editor_.drag = CanvasDrag::Move;
        doc_.begin_gesture("Move");
      }
    } else if (editor_.additive && editing) {
      editor_.drag = CanvasDrag::BoxSelect;
    } else {
      editor_.drag = CanvasDrag::Pan;
    }
  }
  if (canvas_hovered && editing && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && node != kNoNode) {
    editor_.editing = node;
    editor_.edit_name = graph.name(node);
    editor_.edit_value = edit_value_text(graph, node);
    editor_.edit_focus = true;
    ImGui::OpenPopup("Edit node");
  }

  // ---- Drag --------------------------------------------------------------------------------
  if (editor_.drag != CanvasDrag::None && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) editor_.moved = true;
    switch (editor_.drag) {
      case CanvasDrag::Pan:
        // The point pressed stays under the mouse (not += MouseDelta: a press that arrives with
        // a jump of the pointer, as from xdotool or a touch screen, would throw the view away).
        if (editor_.moved) canvas_.offset = mouse - canvas_.origin - editor_.press_world * canvas_.zoom;
        break;
      case CanvasDrag::Move:
        if (editor_.moved && (world.x != editor_.last_world.x || world.y != editor_.last_world.y))
          report(doc_.move_nodes(selection_, world - editor_.last_world));
        break;
      case CanvasDrag::Wire: {
        editor_.target = wire_target(graph, editor_.anchor, world, pin_radius);
        editor_.refusal.clear();
        if (editor_.target.valid()) {
          if (editor_.target.is_output() == editor_.anchor.is_output()) {
            editor_.refusal = editor_.anchor.is_output() ? "an output connects to an input pin"
                                                         : "an input pin takes an output";
          } else {
            const PinHit from = editor_.anchor.is_output() ? editor_.anchor : editor_.target;
            const PinHit to = editor_.anchor.is_output() ? editor_.target : editor_.anchor;
            if (Status ok = doc_.check_connect(from.node, to.node, to.slot); !ok)
              editor_.refusal = ok.reason();
          }
        }
        break;
      }
      default:
        break;
    }
    editor_.last_world = world;
  }

  // ---- Release -----------------------------------------------------------------------------
  if (editor_.drag != CanvasDrag::None && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    switch (editor_.drag) {
      case CanvasDrag::Pan:
        if (!editor_.moved) selection_.clear();  // a click on empty canvas
        break;
      case CanvasDrag::Move:
        doc_.end_gesture();
        if (!editor_.moved && !editor_.additive && node != kNoNode) select_only(node);
        break;
      case CanvasDrag::BoxSelect: {
        const Vec2 a = editor_.press_world;
        const Vec2 lo{std::min(a.x, world.x), std::min(a.y, world.y)};
        const Vec2 hi{std::max(a.x, world.x), std::max(a.y, world.y)};
        for (NodeId id : graph.node_ids()) {
          const Box box = node_box(graph, id);
          if (box.max.x >= lo.x && box.min.x <= hi.x && box.max.y >= lo.y && box.min.y <= hi.y &&
              !is_selected(id))
            selection_.push_back(id);
        }
        break;
      }
      case CanvasDrag::Wire: {
        const bool accepted = editor_.target.valid() && editor_.refusal.empty();
        if (accepted) {
          const PinHit from = editor_.anchor.is_output() ? editor_.anchor : editor_.target;
          const PinHit to = editor_.anchor.is_output() ? editor_.target : editor_.anchor;
          if (editor_.picked_up.valid() && to == editor_.picked_up) {
            doc_.cancel_gesture();  // put back where it was: no change, no undo entry
          } else {
            report(doc_.connect(from.node, to.node, to.slot));
            if (editor_.picked_up.valid()) doc_.end_gesture();
          }
        } else if (editor_.picked_up.valid()) {
          // Released on empty canvas: the wire is removed. On a refused pin: nothing changes.
          if (editor_.target.valid()) doc_.cancel_gesture();
          else doc_.end_gesture();
        }
        break;
      }
      default:
        break;
    }
    editor_.drag = CanvasDrag::None;
    editor_.target = editor_.picked_up = {};
    editor_.refusal.clear();
  }

  // ---- Other buttons: pan with the middle or right button; right-click menus ------------------
  if (canvas_active && (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f) ||
                        ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 3.0f)))
    canvas_.offset = canvas_.offset + Vec2{io.MouseDelta.x, io.MouseDelta.y};
  if (canvas_hovered && editing && ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] < 9.0f) {
    if (node != kNoNode) {
      editor_.context_node = node;
      if (!is_selected(node)) select_only(node);
      ImGui::OpenPopup("Node menu");
    } else {
      editor_.add_at = world;
      editor_.add_filter.clear();
      ImGui::OpenPopup("Add gate");
    }
  }
  if (open_add_menu_) {
    open_add_menu_ = false;
    editor_.add_at = canvas_hovered ? world : canvas_.to_world(canvas_.origin + canvas_.size * 0.5f);
    editor_.add_filter.clear();
    ImGui::OpenPopup("Add gate");
  }
}

// [SECTION] Menus and in-place editing ----------------------------------------------------------

namespace {

bool parse_double(const std::string& text, double& value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end && *begin == ' ') ++begin;
  while (end > begin && end[-1] == ' ') --end;
  if (begin < end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

}  // namespace

void App::canvas_popups(Vec2 mouse_world) {
  (void)mouse_world;
  const Graph& graph = doc_.graph();
  // ---- Right-click on a node ----
  if (ImGui::BeginPopup("Node menu")) {
    const NodeId id = editor_.context_node;
    if (!graph.contains(id)) {
      ImGui::CloseCurrentPopup();
    } else {
      ImGui::TextDisabled("%s", node_caption(graph, id).c_str());
      if (ImGui::MenuItem("Set as output", nullptr, graph.output() == id)) report(doc_.set_output(id));
      if (ImGui::MenuItem("Edit name and value...", "double-click")) {
        editor_.editing = id;
        editor_.edit_name = graph.name(id);
        editor_.edit_value = edit_value_text(graph, id);
        editor_.edit_focus = true;
        open_edit_popup_ = true;
      }
      ImGui::Separator();
      if (ImGui::MenuItem("Copy", "Ctrl+C")) copy_selection_to_clipboard();
      if (ImGui::MenuItem("Duplicate", "Ctrl+D")) duplicate_selection_now();
      if (ImGui::MenuItem("Delete", "Del")) delete_selection();
      ImGui::Separator();
      if (ImGui::MenuItem(selection_.size() > 1 ? "Auto-layout selection" : "Auto-layout all", "L"))
        layout_selection_or_all();
    }
    ImGui::EndPopup();
  }
  if (open_edit_popup_) {
    open_edit_popup_ = false;
    ImGui::OpenPopup("Edit node");
  }

  // ---- Double-click: the name and the value, edited in place ----
  if (graph.contains(editor_.editing)) {
    const NodeId id = editor_.editing;
    const Vec2 at = canvas_.to_screen(node_box(graph, id).max);
    ImGui::SetNextWindowPos({at.x, at.y}, ImGuiCond_Appearing);
  }
  if (ImGui::BeginPopup("Edit node")) {
    const NodeId id = editor_.editing;
    if (!graph.contains(id)) {
      ImGui::CloseCurrentPopup();
    } else {
      const OpInfo& info = op_info(graph.op(id));
      ImGui::TextDisabled("%s (node %d)", std::string(info.name).c_str(), id);
      bool enter = false;
      if (editor_.edit_focus) ImGui::SetKeyboardFocusHere();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      enter |= ImGui::InputText("name", &editor_.edit_name, ImGuiInputTextFlags_EnterReturnsTrue);
      const bool has_param = !info.param_name.empty();
      if (has_param) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        enter |= ImGui::InputText(std::string(info.param_name).c_str(), &editor_.edit_value,
                                  ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsScientific);
      }
      editor_.edit_focus = false;
      // Checked as the user types: a name must be valid and free, a value a finite number.
      std::string problem;
      if (editor_.edit_name != graph.name(id)) {
        if (editor_.edit_name.empty() && graph.op(id) == Op::Input) problem = "a variable needs a name";
        else if (!editor_.edit_name.empty() && !is_valid_name(editor_.edit_name))
          problem = "'" + editor_.edit_name + "' is not a name (letters, digits, _; not a function)";
        else if (NodeId other = graph.find_name(editor_.edit_name); other != kNoNode && other != id)
          problem = "'" + editor_.edit_name + "' is taken";
      }
      double value = 0;
      const bool value_given = has_param && !editor_.edit_value.empty();
      if (problem.empty() && value_given && !parse_double(editor_.edit_value, value))
        problem = "'" + editor_.edit_value + "' is not a finite number";
      if (problem.empty() && has_param && !value_given && graph.op(id) != Op::Input)
        problem = std::string(info.param_name) + " is needed";
      if (!problem.empty()) ImGui::TextColored({1.0f, 0.45f, 0.35f, 1.0f}, "%s", problem.c_str());
      ImGui::BeginDisabled(!problem.empty());
      const bool ok = ImGui::Button("OK") || (enter && problem.empty());
      ImGui::EndDisabled();
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
      if (ok && problem.empty()) {
        doc_.begin_gesture("Edit " + node_caption(graph, id));
        Status status = Status::success();
        if (editor_.edit_name != graph.name(id)) status = doc_.rename(id, editor_.edit_name);
        if (status && value_given && (!graph.has_value(id) || value != graph.param(id)))
          status = doc_.set_param(id, value);
        if (status && has_param && !value_given && graph.op(id) == Op::Input && graph.has_value(id))
          status = doc_.clear_value(id);
        if (status) {
          doc_.end_gesture();
        } else {
          doc_.cancel_gesture();
          report(status);
        }
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndPopup();
  }

  // ---- Right-click on empty canvas, or Shift+A: a searchable list of every gate ----
  if (ImGui::BeginPopup("Add gate")) {
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    const bool enter = ImGui::InputTextWithHint("##filter", "search gates", &editor_.add_filter,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    std::string filter = editor_.add_filter;
    std::transform(filter.begin(), filter.end(), filter.begin(), [](unsigned char c) { return std::tolower(c); });
    std::optional<Op> chosen;
    bool first = true;
    for (const OpInfo& info : kOps) {
      const std::string label = palette_label(info.op);
      std::string haystack = label + " " + std::string(info.formula);
      std::transform(haystack.begin(), haystack.end(), haystack.begin(), [](unsigned char c) { return std::tolower(c); });
      if (!filter.empty() && haystack.find(filter) == std::string::npos) continue;
      if (ImGui::Selectable(label.c_str(), first && !filter.empty()) || (enter && first)) chosen = info.op;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(info.formula).c_str());
      first = false;
    }
    if (first) ImGui::TextDisabled("no gate matches");
    if (chosen) {
      Result<NodeId> added = doc_.add_node(*chosen, editor_.add_at);
      if (added) select_only(*added);
      else message_ = added.reason();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

// [SECTION] Keys --------------------------------------------------------------------------------

void App::edit_keys(const std::vector<KeyPress>& keys_pressed) {
  ImGuiIO& io = ImGui::GetIO();
  if (typing()) return;
  for (const KeyPress& press : keys_pressed) {
    const bool ctrl = (press.mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
    const bool shift = (press.mods & GLFW_MOD_SHIFT) != 0;
    const int key = press.key;
    if (ctrl) {
      if (key == GLFW_KEY_Z && !shift) undo();
      if ((key == GLFW_KEY_Z && shift) || key == GLFW_KEY_Y) redo();
      if (key == GLFW_KEY_N) ask_then({PendingAction::New, ""});
      if (key == GLFW_KEY_O) ask_then({PendingAction::Open, ""});
      if (key == GLFW_KEY_S && !shift) save_or_ask();
      if (key == GLFW_KEY_S && shift) ask_save_as();
      if (key == GLFW_KEY_Q) request_close();
      if (theme_.presentation) continue;  // the rest edits: not while presenting
      if (key == GLFW_KEY_A) select(doc_.graph().node_ids());
      if (key == GLFW_KEY_C) copy_selection_to_clipboard();
      if (key == GLFW_KEY_X) {
        copy_selection_to_clipboard();
        delete_selection();
      }
      if (key == GLFW_KEY_V) {
        const Vec2 mouse{io.MousePos.x, io.MousePos.y};
        const bool inside = mouse.x >= canvas_.origin.x && mouse.y >= canvas_.origin.y &&
                            mouse.x < canvas_.origin.x + canvas_.size.x &&
                            mouse.y < canvas_.origin.y + canvas_.size.y;
        paste_from_clipboard(inside ? std::optional<Vec2>(canvas_.to_world(mouse)) : std::nullopt);
      }
      if (key == GLFW_KEY_D) duplicate_selection_now();
      continue;
    }
    if (theme_.presentation) continue;
    if (key == GLFW_KEY_DELETE || key == GLFW_KEY_BACKSPACE) delete_selection();
    if (key == GLFW_KEY_A && shift) open_add_menu_ = true;
    if (key == GLFW_KEY_L && !shift) layout_selection_or_all();
    if (key == GLFW_KEY_O && !shift && !selection_.empty()) report(doc_.set_output(selection_.back()));
    if (key == GLFW_KEY_ESCAPE) {
      if (doc_.in_gesture()) doc_.cancel_gesture();  // a drag in progress snaps back
      editor_.drag = CanvasDrag::None;
      editor_.target = editor_.picked_up = {};
      editor_.refusal.clear();
      if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) selection_.clear();
    }
  }
}

// [SECTION] Edits used by menus and keys -----------------------------------------------------

void App::report(const Status& status) {
  if (!status) message_ = status.reason();
}

void App::delete_selection() {
  if (selection_.empty()) return;
  report(doc_.remove_nodes(selection_));
  selection_.clear();
  hovered_ = kNoNode;
}

void App::copy_selection_to_clipboard() {
  if (selection_.empty()) return;
  ImGui::SetClipboardText(copy_selection(doc_.graph(), selection_).c_str());
}

void App::paste_from_clipboard(std::optional<Vec2> at) {
  const char* text = ImGui::GetClipboardText();
  if (text == nullptr || *text == '\0') {
    message_ = "cannot paste: the clipboard is empty";
    return;
  }
  Result<std::vector<NodeId>> pasted = paste_text(doc_, text, at);
  if (pasted) select(std::move(*pasted));
  else message_ = pasted.reason();
}

void App::duplicate_selection_now() {
  if (selection_.empty()) return;
  Result<std::vector<NodeId>> copies = duplicate_selection(doc_, selection_);
  if (copies) select(std::move(*copies));
  else message_ = copies.reason();
}

void App::layout_selection_or_all() {
  const Graph& graph = doc_.graph();
  layout_to_ = selection_.size() > 1 ? planned_layout_nodes(graph, selection_) : planned_layout_all(graph);
  layout_from_.clear();
  for (const auto& [id, to] : layout_to_)
    layout_from_.push_back({id, graph.has_position(id) ? graph.position(id) : to});
  if (layout_to_.empty()) return;
  // The nodes glide there (advance_animation); the whole glide is one undo entry.
  if (doc_.in_gesture()) doc_.end_gesture();
  doc_.begin_gesture("Auto-layout");
  layout_animation_ = 0.0f;
}

void App::undo() {
  if (layout_animation_ < 1.0f) finish_layout_animation();
  if (!doc_.undo()) message_ = "nothing to undo";
}

void App::redo() {
  if (layout_animation_ < 1.0f) finish_layout_animation();
  if (!doc_.redo()) message_ = "nothing to redo";
}

}  // namespace gf::gui
