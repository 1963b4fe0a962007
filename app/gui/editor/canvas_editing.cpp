// canvas_editing.cpp — what the mouse and the keys do to the graph on the canvas: select, box
// select, move, wire and rewire pins, edit names and values in place, the context and "add
// gate" menus, delete, copy/paste/duplicate, auto-layout, undo and redo (canvas_editing.hpp).
//
// Nothing here changes the document: the mouse goes through the editor's state machine
// (canvas_editor.hpp), menus and keys push edit commands (edit_queue.hpp), and the frame applies
// them after drawing.
//
// Index
//   [SECTION] Selection
//   [SECTION] Mouse on the canvas
//   [SECTION] Menus and in-place editing
//   [SECTION] Keys
//   [SECTION] Edits used by menus and keys
#include "canvas_editing.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "caption.hpp"
#include "clipboard.hpp"
#include "graph_drawing.hpp"
#include "palette_panel.hpp"  // palette_label

namespace gf::gui {

// [SECTION] Selection -------------------------------------------------------------------------

void CanvasEditing::reset() {
  selection.clear();
  editor = {};
  layout.progress = 1.0f;
}

bool CanvasEditing::is_selected(NodeId id) const {
  return std::find(selection.begin(), selection.end(), id) != selection.end();
}

// [SECTION] Mouse on the canvas ---------------------------------------------------------------

// ImGui's view of the mouse, as the plain data the editor's state machine reads
// (canvas_editor.hpp); the editor pushes edits, the frame applies them after drawing.
void CanvasEditing::mouse(Vec2 mouse, bool hovered, bool active, const EditingView& view,
                          CanvasTransform& transform, EditQueue& edits) {
  ImGuiIO& io = ImGui::GetIO();
  CanvasPointer pointer;
  pointer.world = transform.to_world(mouse);
  pointer.over_canvas = hovered;
  pointer.pressed = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  pointer.double_clicked = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
  pointer.down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  pointer.dragged = ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f);
  pointer.additive = io.KeyShift || io.KeyCtrl;
  pointer.editing = !view.presentation;  // presentation mode only steps, pans and zooms
  // Pins are small: catch them within ~10 pixels whatever the zoom.
  pointer.pin_radius = std::max(kPinRadius * 2.0f, 10.0f / transform.zoom);
  if (hovered && pointer.pressed && editor.drag == CanvasDrag::None)
    layout.finish(edits);  // a click during the glide lands it at once
  const CanvasReaction reaction = editor.update(pointer, view.doc, selection, edits);
  if (reaction.open_edit_popup) ImGui::OpenPopup("Edit node");
  if (reaction.keep_under_pointer)
    transform.offset = mouse - transform.origin - *reaction.keep_under_pointer * transform.zoom;
  other_buttons(pointer, hovered, active, view.doc.graph(), transform);
}

// Pan with the middle or right button; right-click menus.
void CanvasEditing::other_buttons(const CanvasPointer& pointer, bool hovered, bool active,
                                  const Graph& graph, CanvasTransform& transform) {
  ImGuiIO& io = ImGui::GetIO();
  if (active && (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f) ||
                 ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 3.0f)))
    transform.offset = transform.offset + Vec2{io.MouseDelta.x, io.MouseDelta.y};
  const NodeId node = hovered ? node_at(graph, pointer.world) : kNoNode;
  if (hovered && pointer.editing && ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] < 9.0f) {
    if (node != kNoNode) {
      editor.context_node = node;
      if (!is_selected(node)) selection.assign(1, node);
      ImGui::OpenPopup("Node menu");
    } else {
      editor.add_at = pointer.world;
      editor.add_filter.clear();
      ImGui::OpenPopup("Add gate");
    }
  }
  if (open_add_menu_) {
    open_add_menu_ = false;
    editor.add_at =
        hovered ? pointer.world : transform.to_world(transform.origin + transform.size * 0.5f);
    editor.add_filter.clear();
    ImGui::OpenPopup("Add gate");
  }
}

// [SECTION] Menus and in-place editing ----------------------------------------------------------

void CanvasEditing::popups(const EditableDocument& doc, const CanvasTransform& transform,
                           EditQueue& edits) {
  node_menu(doc, edits);
  edit_node_popup(doc.graph(), transform, edits);
  add_gate_popup(edits);
}

// Right-click on a node.
void CanvasEditing::node_menu(const EditableDocument& doc, EditQueue& edits) {
  const Graph& graph = doc.graph();
  if (ImGui::BeginPopup("Node menu")) {
    const NodeId id = editor.context_node;
    if (!graph.contains(id)) {
      ImGui::CloseCurrentPopup();
    } else {
      ImGui::TextDisabled("%s", node_caption(graph, id).c_str());
      if (ImGui::MenuItem("Set as output", nullptr, graph.output() == id))
        edits.push(edit::SetOutput{id});
      if (ImGui::MenuItem("Edit name and value...", "double-click")) {
        editor.start_editing(graph, id);
        open_edit_popup_ = true;
      }
      ImGui::Separator();
      if (ImGui::MenuItem("Copy", "Ctrl+C")) copy_selection(graph);
      if (ImGui::MenuItem("Duplicate", "Ctrl+D")) duplicate_selection(edits);
      if (ImGui::MenuItem("Delete", "Del")) delete_selection(edits);
      ImGui::Separator();
      if (ImGui::MenuItem(selection.size() > 1 ? "Auto-layout selection" : "Auto-layout all", "L"))
        layout_selection_or_all(doc, edits);
    }
    ImGui::EndPopup();
  }
}

// Double-click (or the node menu): the name and the value, edited in place.
void CanvasEditing::edit_node_popup(const Graph& graph, const CanvasTransform& transform,
                                    EditQueue& edits) {
  if (open_edit_popup_) {
    open_edit_popup_ = false;
    ImGui::OpenPopup("Edit node");
  }

  if (graph.contains(editor.editing)) {
    const NodeId id = editor.editing;
    const Vec2 at = transform.to_screen(node_box(graph, id).max);
    ImGui::SetNextWindowPos({at.x, at.y}, ImGuiCond_Appearing);
  }
  if (ImGui::BeginPopup("Edit node")) {
    const NodeId id = editor.editing;
    if (!graph.contains(id)) {
      ImGui::CloseCurrentPopup();
    } else {
      const OpInfo& info = op_info(graph.op(id));
      ImGui::TextDisabled("%s (node %d)", std::string(info.name).c_str(), id);
      bool enter = false;
      if (editor.edit_focus) ImGui::SetKeyboardFocusHere();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      enter |= ImGui::InputText("name", &editor.edit_name, ImGuiInputTextFlags_EnterReturnsTrue);
      const bool has_param = !info.param_name.empty();
      if (has_param) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        enter |= ImGui::InputText(
            std::string(info.param_name).c_str(), &editor.edit_value,
            ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsScientific);
      }
      editor.edit_focus = false;
      double value = 0;
      const bool value_given = has_param && !editor.edit_value.empty();
      const std::string problem = edit_problem(graph, id, editor, value);
      if (!problem.empty()) ImGui::TextColored({1.0f, 0.45f, 0.35f, 1.0f}, "%s", problem.c_str());
      ImGui::BeginDisabled(!problem.empty());
      const bool ok = ImGui::Button("OK") || (enter && problem.empty());
      ImGui::EndDisabled();
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
      if (ok && problem.empty()) {
        // One undo entry, or nothing at all when one part is refused.
        edits.push(edit::BeginGesture{"Edit " + node_caption(graph, id), true});
        if (editor.edit_name != graph.name(id)) edits.push(edit::Rename{id, editor.edit_name});
        if (value_given && (!graph.has_value(id) || value != graph.param(id)))
          edits.push(edit::SetParam{id, value});
        if (has_param && !value_given && graph.op(id) == Op::Input && graph.has_value(id))
          edits.push(edit::ClearValue{id});
        edits.push(edit::EndGesture{});
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndPopup();
  }
}

// Right-click on empty canvas, or Shift+A: a searchable list of every gate.
void CanvasEditing::add_gate_popup(EditQueue& edits) {
  if (ImGui::BeginPopup("Add gate")) {
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    const bool enter = ImGui::InputTextWithHint("##filter", "search gates", &editor.add_filter,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    std::string filter = editor.add_filter;
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
      edits.push(edit::AddNode{*chosen, editor.add_at});  // selected once added
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

// [SECTION] Keys --------------------------------------------------------------------------------

Status CanvasEditing::key(int key, int mods, const EditingView& view,
                          const CanvasTransform& transform, EditQueue& edits) {
  const bool ctrl = (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
  const bool shift = (mods & GLFW_MOD_SHIFT) != 0;
  if (ctrl) return ctrl_key(key, shift, view, transform, edits);
  if (view.presentation) return Status::success();  // the rest edits: not while presenting
  if (key == GLFW_KEY_DELETE || key == GLFW_KEY_BACKSPACE) delete_selection(edits);
  if (key == GLFW_KEY_A && shift) open_add_menu_ = true;
  if (key == GLFW_KEY_L && !shift) layout_selection_or_all(view.doc, edits);
  if (key == GLFW_KEY_O && !shift && !selection.empty())
    edits.push(edit::SetOutput{selection.back()});
  if (key == GLFW_KEY_ESCAPE) {
    editor.cancel(edits, view.doc.in_gesture());  // a drag in progress snaps back
    if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) selection.clear();
  }
  return Status::success();
}

Status CanvasEditing::ctrl_key(int key, bool shift, const EditingView& view,
                               const CanvasTransform& transform, EditQueue& edits) {
  if (key == GLFW_KEY_Z && !shift) undo(edits);
  if ((key == GLFW_KEY_Z && shift) || key == GLFW_KEY_Y) redo(edits);
  if (view.presentation) return Status::success();  // the rest edits: not while presenting
  const Graph& graph = view.doc.graph();
  if (key == GLFW_KEY_A) select(graph.node_ids());
  if (key == GLFW_KEY_C) copy_selection(graph);
  if (key == GLFW_KEY_X) {
    copy_selection(graph);
    delete_selection(edits);
  }
  if (key == GLFW_KEY_D) duplicate_selection(edits);
  if (key != GLFW_KEY_V) return Status::success();
  const ImGuiIO& io = ImGui::GetIO();
  const Vec2 mouse{io.MousePos.x, io.MousePos.y};
  const bool inside = mouse.x >= transform.origin.x && mouse.y >= transform.origin.y &&
                      mouse.x < transform.origin.x + transform.size.x &&
                      mouse.y < transform.origin.y + transform.size.y;
  return paste(inside ? std::optional<Vec2>(transform.to_world(mouse)) : std::nullopt, edits);
}

// [SECTION] Edits used by menus and keys -----------------------------------------------------

void CanvasEditing::delete_selection(EditQueue& edits) {
  if (selection.empty()) return;
  edits.push(edit::RemoveNodes{selection});
  selection.clear();
  editor.hovered_node = kNoNode;
}

void CanvasEditing::copy_selection(const Graph& graph) const {
  if (selection.empty()) return;
  ImGui::SetClipboardText(gf::copy_selection(graph, selection).c_str());
}

Status CanvasEditing::paste(std::optional<Vec2> at, EditQueue& edits) const {
  const char* text = ImGui::GetClipboardText();
  if (text == nullptr || *text == '\0')
    return Status::failure("cannot paste: the clipboard is empty");
  edits.push(edit::Paste{text, at});  // the pasted nodes are selected once added
  return Status::success();
}

void CanvasEditing::duplicate_selection(EditQueue& edits) const {
  if (selection.empty()) return;
  edits.push(edit::Duplicate{selection});  // the copies are selected once added
}

void CanvasEditing::undo(EditQueue& edits) {
  layout.finish(edits);      // a glide under way lands first
  edits.push(edit::Undo{});  // refused: "nothing to undo"
}

void CanvasEditing::redo(EditQueue& edits) {
  layout.finish(edits);
  edits.push(edit::Redo{});
}

}  // namespace gf::gui
