// heatmap.vert — one triangle covering the whole render target: the decision boundary is drawn
// into a small offscreen texture (heatmap_renderer.cpp), one fragment per texel.
#version 330 core

void main() {
  // Vertices 0, 1, 2 at (-1,-1), (3,-1), (-1,3): the viewport is inside, with no diagonal seam.
  vec2 corner = vec2(float((gl_VertexID & 1) << 2), float((gl_VertexID & 2) << 1)) - 1.0;
  gl_Position = vec4(corner, 0.0, 1.0);
}
