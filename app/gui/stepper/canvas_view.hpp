// canvas_view.hpp — the canvas's view of the graph: where it looks (pan, zoom, Fit, the camera
// that follows the current gate, the minimap) and what it draws, in layers from the grid up: the
// grid, the graph with its numbers (graph_drawing.hpp), the editor's marks (the wire being
// dragged, the selection box), the minimap, the step banner on top.
//
// A panel with its own state: the view (transform, fit, camera, minimap) and its GL batches.
// It reads the frame through a const CanvasScene and changes nothing but its own view; the mouse
// and keys that edit the graph are CanvasEditing's (canvas_editing.hpp), which turns them into
// edits on the queue. App::canvas_panel (canvas_panel.cpp) calls, in order: begin (window,
// camera, Fit), the input, then draw.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "camera_follow.hpp"
#include "canvas_editor.hpp"  // the editor's marks: hovered gate and pin, the wire, the box
#include "document.hpp"
#include "fonts.hpp"
#include "imgui_painter.hpp"
#include "minimap.hpp"
#include "shape_batch.hpp"
#include "step_view.hpp"

namespace gf::gui {

struct BannerLine;  // a line of the step banner (canvas_view.cpp)

// The size of the canvas's text, times that of the drawing (presentation mode draws it larger).
inline float canvas_text_scale(bool presentation) { return presentation ? 1.25f : 1.0f; }

// What the canvas reads this frame.
struct CanvasScene {
  const Document& document;                // the graph, and its title in the banner
  const Evaluation* evaluation = nullptr;  // with its trace, or both null: cannot be stepped
  const Trace* trace = nullptr;
  const StepView& shown;                 // what has been shown: the camera and minimap follow it
  const StepView& drawn;                 // what is drawn: in quiz mode, the step being asked
  const StepQuestion* question;          // while asking: its numbers are drawn as "?"
  const std::string& problem;            // why the graph cannot be stepped, or ""
  const std::vector<NodeId>& selection;  // drawn selected
  const CanvasEditor& editor;            // the editor's marks
  const FontSet& fonts;
  Palette palette;
  float progress = 1.0f;  // of the current step's animation
  int digits = 2;         // significant digits of the numbers
  float scale = 1.0f;     // the UI's scale (the monitor's content scale times --ui-scale)
  bool presentation = false;
  bool fonts_dirty = false;  // the fonts are rebuilt after this frame
  std::vector<RecordedLabel>* record = nullptr;
};

struct CanvasView {
  CanvasTransform transform;  // pan and zoom; origin and size of this frame's canvas
  bool fit_pending = true;    // fit the whole graph at the next frame
  CameraFollow camera;        // after a step, glides to its gate when the graph is too big
  ShapeBatch shapes;          // the gates and leaves, one instanced draw
  ShapeBatch grid;            // the grid lines, under everything

  // The canvas's window at min/size, its view after the camera and a pending Fit. Pair with
  // ImGui::End() after the input and draw().
  void begin(Vec2 min, Vec2 size, const CanvasScene& scene);
  // The minimap's share of the mouse (placed for this frame first): a press in it (while the
  // editor is idle) and its drag centre the view there. True while the minimap has the mouse.
  bool minimap_input(Vec2 mouse, bool canvas_hovered, bool editor_idle, const CanvasScene& scene);
  // The wheel's `wheel` notches: zoom, keeping the point `world` under the mouse.
  void zoom_at(Vec2 mouse, Vec2 world, float wheel);
  void draw(Vec2 mouse, const CanvasScene& scene);  // the layers, clipped to the canvas
  // The whole graph as large as the canvas allows, below the banner.
  void fit(const CanvasScene& scene);
  void view_corner(const Graph& graph, float scale);  // 100% zoom on the graph's top-left corner
  void restore(View view);  // a saved view, kept when the first frame sizes the canvas
  void release() {          // before the GL context goes away
    shapes.release();
    grid.release();
  }

 private:
  void follow_current_gate(const CanvasScene& scene);                        // camera_follow.cpp
  std::optional<MinimapLayout> minimap_now(const CanvasScene& scene) const;  // minimap.cpp
  void draw_minimap(ImDrawList* list, const CanvasScene& scene);
  std::vector<BannerLine> measure_banner(const CanvasScene& scene) const;
  void draw_graph_layer(ImDrawList* list, const CanvasScene& scene,
                        const std::vector<BannerLine>& banner);
  DrawSettings settings(const CanvasScene& scene) const;

  Vec2 last_size_;  // a resized canvas keeps the graph fitted if it was fitted
  // This frame's minimap (placed before the graph is drawn: a callout can keep clear of it), and
  // where it was when a drag in it began.
  std::optional<MinimapLayout> minimap_, minimap_drag_;
  std::vector<std::uint8_t> minimap_cells_;  // which cells of the minimap have a dot
};

// The least height of number labels on screen, pixels: the back row in presentation mode.
float number_pixels(const CanvasScene& scene);
// The room the step banner takes at the top of the canvas at its tallest.
float banner_height(const CanvasScene& scene);

}  // namespace gf::gui
