// canvas_editing.cpp — what the mouse and the keys do to the graph on the canvas: select, box
// select, move, wire and rewire pins, edit names and values in place, the context and "add
// gate" menus, delete, copy/paste/duplicate, auto-layout, undo and redo.
//
// Nothing here changes the document: the mouse goes through the editor's state machine
// (canvas_editor.hpp), menus and keys push edit commands (edit_queue.hpp), and the frame applies
// them after drawing, through EditableDocument, so each is validated (a refused wire changes
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

namespace gf::gui {

// [SECTION] Selection -------------------------------------------------------------------------

bool App::is_selected(NodeId id) const {
  return std::find(selection_.begin(), selection_.end(), id) != selection_.end();
}

void App::select_only(NodeId id) { selection_.assign(1, id); }

void App::select(std::vector<NodeId> ids) { selection_ = std::move(ids); }

// [SECTION] Mouse on the canvas ---------------------------------------------------------------

// ImGui's view of the mouse, as the plain data the editor's state machine reads
// (canvas_editor.hpp); the editor pushes edits, the frame applies them after drawing.
void App::canvas_input(Vec2 mouse, bool canvas_hovered, bool canvas_active) {
  ImGuiIO& io = ImGui::GetIO();
  CanvasPointer pointer;
  pointer.world = canvas_.transform.to_world(mouse);
  pointer.over_canvas = canvas_hovered;
  pointer.pressed = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  pointer.double_clicked = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
  pointer.down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  pointer.dragged = ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f);
  pointer.additive = io.KeyShift || io.KeyCtrl;
  pointer.editing = !theme_.presentation;  // presentation mode only steps, pans and zooms
  // Pins are small: catch them within ~10 pixels whatever the zoom.
  pointer.pin_radius = std::max(kPinRadius * 2.0f, 10.0f / canvas_.transform.zoom);
  if (canvas_hovered && pointer.pressed && editor_.drag == CanvasDrag::None)
    finish_layout_animation();  // a click during the glide lands it at once
  const CanvasReaction reaction = editor_.update(pointer, doc_, selection_, edits_);
  if (reaction.open_edit_popup) ImGui::OpenPopup("Edit node");
  if (reaction.keep_under_pointer)
    canvas_.transform.offset =
        mouse - canvas_.transform.origin - *reaction.keep_under_pointer * canvas_.transform.zoom;
  other_buttons(pointer, canvas_hovered, canvas_active);
}

// Pan with the middle or right button; right-click menus.
void App::other_buttons(const CanvasPointer& pointer, bool canvas_hovered, bool canvas_active) {
  ImGuiIO& io = ImGui::GetIO();
  if (canvas_active && (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f) ||
                        ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 3.0f)))
    canvas_.transform.offset = canvas_.transform.offset + Vec2{io.MouseDelta.x, io.MouseDelta.y};
  const NodeId node = canvas_hovered ? node_at(doc_.graph(), pointer.world) : kNoNode;
  if (canvas_hovered && pointer.editing && ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] < 9.0f) {
    if (node != kNoNode) {
      editor_.context_node = node;
      if (!is_selected(node)) select_only(node);
      ImGui::OpenPopup("Node menu");
    } else {
      editor_.add_at = pointer.world;
      editor_.add_filter.clear();
      ImGui::OpenPopup("Add gate");
    }
  }
  if (open_add_menu_) {
    open_add_menu_ = false;
    editor_.add_at =
        canvas_hovered
            ? pointer.world
            : canvas_.transform.to_world(canvas_.transform.origin + canvas_.transform.size * 0.5f);
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

// What is wrong with the in-place editor's fields, checked as the user types ("" = nothing): a
// name must be valid and free, a value a finite number (then in `value`).
std::string edit_problem(const Graph& graph, NodeId id, const CanvasEditor& editor, double& value) {
  const std::string& name = editor.edit_name;
  if (name != graph.name(id)) {
    if (name.empty() && graph.op(id) == Op::Input) return "a variable needs a name";
    if (!name.empty() && !is_valid_name(name))
      return "'" + name + "' is not a name (letters, digits, _; not a function)";
    if (NodeId other = graph.find_name(name); other != kNoNode && other != id)
      return "'" + name + "' is taken";
  }
  const std::string_view param_name = op_info(graph.op(id)).param_name;
  const bool value_given = !param_name.empty() && !editor.edit_value.empty();
  if (value_given && !parse_double(editor.edit_value, value))
    return "'" + editor.edit_value + "' is not a finite number";
  if (!param_name.empty() && !value_given && graph.op(id) != Op::Input)
    return std::string(param_name) + " is needed";
  return "";
}

}  // namespace

void App::canvas_popups() {
  node_menu();
  edit_node_popup();
  add_gate_popup();
}

// Right-click on a node.
void App::node_menu() {
  const Graph& graph = doc_.graph();
  if (ImGui::BeginPopup("Node menu")) {
    const NodeId id = editor_.context_node;
    if (!graph.contains(id)) {
      ImGui::CloseCurrentPopup();
    } else {
      ImGui::TextDisabled("%s", node_caption(graph, id).c_str());
      if (ImGui::MenuItem("Set as output", nullptr, graph.output() == id))
        edits_.push(edit::SetOutput{id});
      if (ImGui::MenuItem("Edit name and value...", "double-click")) {
        editor_.start_editing(graph, id);
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
}

// Double-click (or the node menu): the name and the value, edited in place.
void App::edit_node_popup() {
  const Graph& graph = doc_.graph();
  if (open_edit_popup_) {
    open_edit_popup_ = false;
    ImGui::OpenPopup("Edit node");
  }

  if (graph.contains(editor_.editing)) {
    const NodeId id = editor_.editing;
    const Vec2 at = canvas_.transform.to_screen(node_box(graph, id).max);
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
        enter |= ImGui::InputText(
            std::string(info.param_name).c_str(), &editor_.edit_value,
            ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsScientific);
      }
      editor_.edit_focus = false;
      double value = 0;
      const bool value_given = has_param && !editor_.edit_value.empty();
      const std::string problem = edit_problem(graph, id, editor_, value);
      if (!problem.empty()) ImGui::TextColored({1.0f, 0.45f, 0.35f, 1.0f}, "%s", problem.c_str());
      ImGui::BeginDisabled(!problem.empty());
      const bool ok = ImGui::Button("OK") || (enter && problem.empty());
      ImGui::EndDisabled();
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
      if (ok && problem.empty()) {
        // One undo entry, or nothing at all when one part is refused.
        edits_.push(edit::BeginGesture{"Edit " + node_caption(graph, id), true});
        if (editor_.edit_name != graph.name(id)) edits_.push(edit::Rename{id, editor_.edit_name});
        if (value_given && (!graph.has_value(id) || value != graph.param(id)))
          edits_.push(edit::SetParam{id, value});
        if (has_param && !value_given && graph.op(id) == Op::Input && graph.has_value(id))
          edits_.push(edit::ClearValue{id});
        edits_.push(edit::EndGesture{});
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndPopup();
  }
}

// Right-click on empty canvas, or Shift+A: a searchable list of every gate.
void App::add_gate_popup() {
  if (ImGui::BeginPopup("Add gate")) {
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    const bool enter = ImGui::InputTextWithHint("##filter", "search gates", &editor_.add_filter,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    std::string filter = editor_.add_filter;
    std::transform(filter.begin(), filter.end(), filter.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::optional<Op> chosen;
    bool first = true;
    for (const OpInfo& info : kOps) {
      const std::string label = palette_label(info.op);
      std::string haystack = label + " " + std::string(info.formula);
      std::transform(haystack.begin(), haystack.end(), haystack.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (!filter.empty() && haystack.find(filter) == std::string::npos) continue;
      if (ImGui::Selectable(label.c_str(), first && !filter.empty()) || (enter && first))
        chosen = info.op;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(info.formula).c_str());
      first = false;
    }
    if (first) ImGui::TextDisabled("no gate matches");
    if (chosen) {
      edits_.push(edit::AddNode{*chosen, editor_.add_at});  // selected once added
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
      if (key == GLFW_KEY_S && shift) files_.ask_save_as(doc_.file_path());
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
        const bool inside = mouse.x >= canvas_.transform.origin.x &&
                            mouse.y >= canvas_.transform.origin.y &&
                            mouse.x < canvas_.transform.origin.x + canvas_.transform.size.x &&
                            mouse.y < canvas_.transform.origin.y + canvas_.transform.size.y;
        paste_from_clipboard(inside ? std::optional<Vec2>(canvas_.transform.to_world(mouse))
                                    : std::nullopt);
      }
      if (key == GLFW_KEY_D) duplicate_selection_now();
      continue;
    }
    if (theme_.presentation) continue;
    if (key == GLFW_KEY_DELETE || key == GLFW_KEY_BACKSPACE) delete_selection();
    if (key == GLFW_KEY_A && shift) open_add_menu_ = true;
    if (key == GLFW_KEY_L && !shift) layout_selection_or_all();
    if (key == GLFW_KEY_O && !shift && !selection_.empty())
      edits_.push(edit::SetOutput{selection_.back()});
    if (key == GLFW_KEY_ESCAPE) {
      editor_.cancel(edits_, doc_.in_gesture());  // a drag in progress snaps back
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
  edits_.push(edit::RemoveNodes{selection_});
  selection_.clear();
  editor_.hovered_node = kNoNode;
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
  edits_.push(edit::Paste{text, at});  // the pasted nodes are selected once added
}

void App::duplicate_selection_now() {
  if (selection_.empty()) return;
  edits_.push(edit::Duplicate{selection_});  // the copies are selected once added
}

void App::layout_selection_or_all() {
  const Graph& graph = doc_.graph();
  layout_to_ =
      selection_.size() > 1 ? planned_layout_nodes(graph, selection_) : planned_layout_all(graph);
  layout_from_.clear();
  for (const auto& [id, to] : layout_to_)
    layout_from_.push_back({id, graph.has_position(id) ? graph.position(id) : to});
  if (layout_to_.empty()) return;
  // The nodes glide there (advance_animation); the whole glide is one undo entry.
  if (doc_.in_gesture()) edits_.push(edit::EndGesture{});
  edits_.push(edit::BeginGesture{"Auto-layout"});
  layout_animation_ = 0.0f;
}

void App::undo() {
  if (layout_animation_ < 1.0f) finish_layout_animation();
  edits_.push(edit::Undo{});  // refused: "nothing to undo"
}

void App::redo() {
  if (layout_animation_ < 1.0f) finish_layout_animation();
  edits_.push(edit::Redo{});
}

}  // namespace gf::gui
