// shape.frag — a rounded box (a circle when the radius is half its size) from its signed
// distance: fill, an inner stroke, and a one-pixel anti-aliased edge, in one pass.
#version 330 core

in vec2 v_local;
flat in vec4 v_box;
flat in vec2 v_shape;
flat in vec4 v_fill;
flat in vec4 v_stroke;

uniform float u_pixel;

out vec4 out_color;

// Signed distance to a box of half size `half_size` with corners rounded by `radius`.
float rounded_box_distance(vec2 p, vec2 half_size, float radius) {
  vec2 q = abs(p) - half_size + vec2(radius);
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - radius;
}

void main() {
  float d = rounded_box_distance(v_local, v_box.zw, v_shape.x) / u_pixel;  // framebuffer pixels
  float coverage = clamp(0.5 - d, 0.0, 1.0);
  float inside_stroke = clamp(0.5 - (d + v_shape.y / u_pixel), 0.0, 1.0);
  // Mixed premultiplied, so a transparent fill does not darken the stroke's inner edge.
  vec4 stroke = vec4(v_stroke.rgb * v_stroke.a, v_stroke.a);
  vec4 fill = vec4(v_fill.rgb * v_fill.a, v_fill.a);
  vec4 color = v_shape.y > 0.0 ? mix(stroke, fill, inside_stroke) : fill;
  out_color = vec4(color.rgb / max(color.a, 1e-4), color.a * coverage);
}
