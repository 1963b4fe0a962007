// canvas_editing.hpp — what the mouse and the keys do to the graph on the canvas: select, box
// select, move, wire and rewire pins, edit names and values in place, the context and "add
// gate" menus, delete, copy/paste/duplicate, auto-layout (and its glide), undo and redo.
//
// A panel struct with its own state: the selection, the mouse's state machine (CanvasEditor,
// canvas_editor.hpp), the popups about to open and the layout glide (layout_glide.hpp). It
// reads the document as const (an EditingView) and changes it only by pushing commands on the
// frame's EditQueue, which App applies after drawing (edit_queue.hpp): each is validated (a
// refused wire changes nothing and says why) and undoable, a drag one gesture, one undo entry.
// Besides its own state and the queue it changes only what its calls name: the canvas's pan
// (`mouse`) and the system clipboard (copy). What it cannot do itself it returns: a notice, as
// a failed Status, for App to show.
//
// App calls, in a frame: `advance_layout` (before drawing), `key` for each key press that is not
// a file key, `mouse` from the canvas's invisible button and `popups` inside the canvas window
// (canvas_panel.cpp), the Edit menu's actions from menu_bar.cpp; then `reset` on a new document.
#pragma once

#include <optional>
#include <vector>

#include "canvas_editor.hpp"
#include "edit_queue.hpp"
#include "history.hpp"
#include "imgui_painter.hpp"  // CanvasTransform
#include "layout_glide.hpp"
#include "result.hpp"

namespace gf::gui {

// What the canvas editing reads this frame.
struct EditingView {
  const EditableDocument& doc;  // the graph, and whether a gesture is open
  bool presentation = false;    // presentation mode only selects, pans and zooms
};

class CanvasEditing {
 public:
  std::vector<NodeId> selection;  // in the order selected; the inspector shows the last
  CanvasEditor editor;            // what the mouse is doing on the canvas
  LayoutGlide layout;             // nodes gliding to an automatic layout

  // A new document: nothing selected, no drag, no glide.
  void reset();

  // The mouse on the canvas (after the palette's drop and the minimap have seen it): the left
  // button through the editor's state machine, the middle and right buttons' pan, right-click
  // menus. May change `transform`'s offset (panning).
  void mouse(Vec2 mouse, bool hovered, bool active, const EditingView& view,
             CanvasTransform& transform, EditQueue& edits);
  // The node menu, the in-place editor, the "add gate" menu (call inside the canvas window).
  void popups(const EditableDocument& doc, const CanvasTransform& transform, EditQueue& edits);
  // One key press (GLFW key and mods) that edits: undo, redo, select all, cut, copy, paste,
  // duplicate, delete, add gate, layout, set output, Escape. A failure names what went wrong.
  Status key(int key, int mods, const EditingView& view, const CanvasTransform& transform,
             EditQueue& edits);

  // ---- Used by the keys, the menus and the Edit menu ----
  bool is_selected(NodeId id) const;
  void select(std::vector<NodeId> ids) { selection = std::move(ids); }
  void open_add_menu() { open_add_menu_ = true; }  // the "add gate" menu opens this frame
  void delete_selection(EditQueue& edits);
  void copy_selection(const Graph& graph) const;  // to the system clipboard
  // Pastes the clipboard at `at` (canvas units) or beside the originals; fails when it is empty.
  Status paste(std::optional<Vec2> at, EditQueue& edits) const;
  void duplicate_selection(EditQueue& edits) const;
  void layout_selection_or_all(const EditableDocument& doc, EditQueue& edits) {
    layout.start(doc, selection, edits);
  }
  void undo(EditQueue& edits);  // a glide under way lands first
  void redo(EditQueue& edits);

 private:
  bool open_add_menu_ = false;    // Shift+A, Edit > Add gate: the menu opens at the next mouse
  bool open_edit_popup_ = false;  // the node menu's "Edit name and value..."

  void other_buttons(const CanvasPointer& pointer, bool hovered, bool active, const Graph& graph,
                     CanvasTransform& transform);
  void node_menu(const EditableDocument& doc, EditQueue& edits);
  void edit_node_popup(const Graph& graph, const CanvasTransform& transform, EditQueue& edits);
  void add_gate_popup(EditQueue& edits);
  Status ctrl_key(int key, bool shift, const EditingView& view, const CanvasTransform& transform,
                  EditQueue& edits);
};

}  // namespace gf::gui
