// canvas_panel.cpp — App's hook for the canvas: the scene it reads this frame, its view
// (CanvasView, canvas_view.hpp) begun, the input, then the layers drawn. Follows the canvas
// recipe of Dear ImGui's demo: one invisible button takes all input (what the mouse does with
// it: CanvasEditing, canvas_editing.hpp), drawing is clipped.
#include <imgui.h>

#include <algorithm>

#include "app.hpp"

namespace gf::gui {

CanvasScene App::canvas_scene() {
  const bool ready = evaluation_.has_value() && trace_.has_value();
  return {doc_.document(),
          ready ? &*evaluation_ : nullptr,
          ready ? &*trace_ : nullptr,
          stepping_.view,
          stepping_.drawn(),
          stepping_.asking ? &stepping_.question : nullptr,
          problem_,
          editing_.selection,
          editing_.editor,
          fonts_,
          make_palette(theme_),
          stepping_.progress,
          timeline_.digits,
          content_scale_ * ui_scale_,
          theme_.presentation,
          fonts_dirty_,
          record_labels_ ? &labels_ : nullptr};
}

void App::canvas_panel(Vec2 min, Vec2 size) {
  const CanvasScene scene = canvas_scene();
  canvas_.begin(min, size, scene);
  const Vec2 mouse = canvas_mouse(size, scene);
  canvas_.draw(mouse, scene);
  editing_.popups(doc_, canvas_.transform, edits_);
  ImGui::End();
}

// One invisible button takes all input: a gate dropped from the palette, the minimap, the
// canvas editing (canvas_editing.hpp), the wheel's zoom around the cursor. Returns the mouse.
Vec2 App::canvas_mouse(Vec2 size, const CanvasScene& scene) {
  ImGui::InvisibleButton("canvas", {std::max(size.x, 1.0f), std::max(size.y, 1.0f)},
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  ImGuiIO& io = ImGui::GetIO();
  const bool canvas_hovered = ImGui::IsItemHovered();
  const bool canvas_active = ImGui::IsItemActive();
  const Vec2 mouse{io.MousePos.x, io.MousePos.y};
  const Vec2 mouse_world = canvas_.transform.to_world(mouse);
  if (ImGui::BeginDragDropTarget()) {  // a gate dragged from the palette lands here
    if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kPalettePayload)) {
      const Op op = *static_cast<const Op*>(payload->Data);
      edits_.push(edit::AddNode{op, mouse_world});  // selected once added
    }
    ImGui::EndDragDropTarget();
  }
  const bool on_minimap =
      canvas_.minimap_input(mouse, canvas_hovered, editing_.editor.drag == CanvasDrag::None, scene);
  editing_.mouse(mouse, canvas_hovered && !on_minimap, canvas_active && !on_minimap,
                 {doc_, theme_.presentation}, canvas_.transform, edits_);
  if (canvas_hovered && io.MouseWheel != 0.0f) canvas_.zoom_at(mouse, mouse_world, io.MouseWheel);
  return mouse;
}

}  // namespace gf::gui
