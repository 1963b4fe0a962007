// shape_batch.hpp — the canvas's filled and outlined circles and rounded boxes, drawn with one
// instanced draw call (shaders/shape.vert, shape.frag) from inside ImGui's draw list; and the
// one-pixel lines of a zoomed-out graph's wires (shaders/line.*), drawn first, under them.
//
// Why (docs/ARCHITECTURE.md, "software GL"): ImGui tessellates a 60-pixel anti-aliased circle
// into ~120 triangles, and an outlined one is two of those, so the gates alone cost milliseconds
// a frame. Here a shape is one quad whose pixels compute their signed distance to the outline:
// fill, stroke and anti-aliased edge in one pass.
//
// Use: queue shapes while building the frame (window coordinates), then submit() at the point
// of the draw list where they belong; ImGui's renderer calls back into render() in order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "painter.hpp"

struct ImDrawList;
struct ImDrawCmd;

namespace gf::gui {

class ShapeBatch {
 public:
  ShapeBatch() = default;
  ShapeBatch(const ShapeBatch&) = delete;
  ShapeBatch& operator=(const ShapeBatch&) = delete;

  // Compiles the shaders on first use (the GL context must be current). False when they
  // cannot be built: the caller then draws shapes with ImGui's own primitives.
  bool ready();
  const std::string& error() const { return error_; }

  void clear() {
    shapes_.clear();
    lines_.clear();
  }
  // A box centred at `center` with half size `half`; `radius` rounds its corners (a circle
  // when it equals both halves). The stroke lies inside the box. Window units.
  void add(Vec2 center, Vec2 half, float radius, Color fill, Color stroke, float stroke_width);
  // A one-pixel line without anti-aliasing, under every shape. Window units.
  void add_line(Vec2 a, Vec2 b, Color color);

  // Adds to `list` a command that draws every shape queued so far, then one that restores
  // ImGui's render state. The batch must stay alive and unchanged until the frame is rendered.
  void submit(ImDrawList* list);

  // Deletes the GL objects; call while the context is still current, before it is destroyed.
  void release();

 private:
  struct Instance {
    float center_x, center_y, half_x, half_y;
    float radius, stroke_width;
    std::uint8_t fill[4], stroke[4];
  };
  struct LineVertex {
    float x, y;
    std::uint8_t color[4];
  };
  static void render_callback(const ImDrawList* list, const ImDrawCmd* command);
  void render(const ImDrawCmd& command);

  std::vector<Instance> shapes_;
  std::vector<LineVertex> lines_;
  unsigned program_ = 0, vertex_array_ = 0, instance_buffer_ = 0;
  int projection_location_ = -1, pixel_location_ = -1;
  unsigned line_program_ = 0, line_vertex_array_ = 0, line_buffer_ = 0;
  int line_projection_location_ = -1;
  bool tried_ = false;
  std::string error_;
};

}  // namespace gf::gui
