// line.vert — the one-pixel wires of a zoomed-out graph, as GL_LINES: no texture, no
// anti-aliasing fringe: the cheapest way to draw thousands of wires (docs/ARCHITECTURE.md,
// "software GL").
#version 330 core

layout(location = 0) in vec2 a_position;  // window units
layout(location = 1) in vec4 a_color;     // RGBA, normalised from bytes

uniform mat4 u_projection;

out vec4 v_color;

void main() {
  v_color = a_color;
  gl_Position = u_projection * vec4(a_position, 0.0, 1.0);
}
