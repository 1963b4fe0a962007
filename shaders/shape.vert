// shape.vert — one instance per shape (a circle or a rounded box), drawn as a quad: the canvas's
// gates and leaves cost two triangles each instead of a hundred tessellated ones, and cover
// no pixel outside the shape's box (docs/ARCHITECTURE.md, "software GL").
#version 330 core

layout(location = 0) in vec4 a_box;     // centre.xy and half size.zw, in window units
layout(location = 1) in vec2 a_shape;   // corner radius, stroke width (window units)
layout(location = 2) in vec4 a_fill;    // RGBA, normalised from bytes
layout(location = 3) in vec4 a_stroke;

uniform mat4 u_projection;  // window units to clip space (as ImGui's own renderer)
uniform float u_pixel;      // one framebuffer pixel in window units (HiDPI: below 1)

out vec2 v_local;  // position relative to the centre, window units
flat out vec4 v_box;
flat out vec2 v_shape;
flat out vec4 v_fill;
flat out vec4 v_stroke;

void main() {
  // Vertices 0..3 of a triangle strip: the quad's corners.
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)) * 2.0 - 1.0;
  vec2 extent = a_box.zw + vec2(u_pixel);  // a pixel of margin for the anti-aliased edge
  v_local = corner * extent;
  v_box = a_box;
  v_shape = a_shape;
  v_fill = a_fill;
  v_stroke = a_stroke;
  gl_Position = u_projection * vec4(a_box.xy + v_local, 0.0, 1.0);
}
