// heatmap.frag — the classifier lab's network evaluated per texel: the texel's point of the
// plane goes through the features and every layer (weights uploaded each frame as uniforms),
// and the output's class and confidence become TensorFlow Playground's colours (regression: the
// value on Playground's diverging scale, orange −1 through the neutral grey at 0 to blue +1).
//
// Mirrors nn::reference_scores (core/nn/nn_model.cpp) for the numbers and gui::heat_color
// (app/gui/lab/lab_state.cpp) for the colours; a GUI test checks this shader and the CPU agree on
// the class of at least 99.9% of a 256×256 render. Kept lean: it runs per texel
// (docs/ARCHITECTURE.md, "software GL").
#version 330 core

// The network itself is written here by heatmap_renderer.cpp (one program per network shape,
// compiled when the shape changes) as straight-line code: a named float per feature and per
// neuron, each weight a uniform at a constant index: no loop over a size read from a uniform,
// no array indexed by a variable (docs/ARCHITECTURE.md, "software GL"). It defines
//   const int kScoreCount;                         // 1 for two classes, else one per class
//   uniform vec4 u_weights[...], u_biases[...];    // packed four to a vec4
//   void network(vec2 p, out float score[8]);      // fills score[0 .. kScoreCount-1]
// @network@

uniform vec4 u_box;   // x_min, x_max, y_min, y_max of the plane
uniform vec2 u_size;  // the render target, texels
uniform bool u_logit;       // one score that is a logit (binary cross-entropy): tanh(s/2)
uniform bool u_regression;  // one score that is a value: a diverging map, |s| clamped to 1
uniform bool u_discretize;  // full colour on each side of the boundary
uniform float u_strength;   // gui::kHeatStrength
uniform vec3 u_neutral;
uniform vec3 u_class_colors[8];

layout(location = 0) out vec4 out_color;
layout(location = 1) out vec4 out_class;  // predicted class, first score

void main() {
  vec2 t = gl_FragCoord.xy / u_size;  // texel centres: (col + ½) / width
  vec2 p = vec2(mix(u_box.x, u_box.y, t.x), mix(u_box.z, u_box.w, t.y));
  float score[8];
  network(p, score);
  int best = 0;
  float strength;
  if (kScoreCount == 1) {
    best = score[0] > 0.0 ? 1 : 0;
    strength = u_regression ? min(abs(score[0]), 1.0)
                            : abs(tanh(clamp(u_logit ? 0.5 * score[0] : score[0], -15.0, 15.0)));
  } else {
    float top = score[0];
    for (int k = 1; k < kScoreCount; ++k)
      if (score[k] > top) {  // the first of equal scores wins, as nn::predicted_class
        best = k;
        top = score[k];
      }
    // The winner's softmax probability, rescaled so a tie of all k is 0 and certainty 1.
    float sum = 0.0;
    for (int k = 0; k < kScoreCount; ++k) sum += exp(score[k] - top);
    float chance = 1.0 / float(kScoreCount);
    strength = (1.0 / sum - chance) / (1.0 - chance);
  }
  if (u_discretize) strength = 1.0;
  out_color = vec4(mix(u_neutral, u_class_colors[best], u_strength * strength), 1.0);
  out_class = vec4(float(best), score[0], 0.0, 1.0);
}
