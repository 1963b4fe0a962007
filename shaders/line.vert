// line.vert — the one-pixel wires of a zoomed-out graph, as GL_LINES: no texture, no
// anti-aliasing fringe. With thousands of wires on screen, software GL (llvmpipe) spends most
// of a frame on every 4×4 pixel block each wire crosses; this is the cheapest way to cross it.
#version 330 core

layout(location = 0) in vec2 a_position;  // window units
layout(location = 1) in vec4 a_color;     // RGBA, normalised from bytes

uniform mat4 u_projection;

out vec4 v_color;

void main() {
  v_color = a_color;
  gl_Position = u_projection * vec4(a_position, 0.0, 1.0);
}
