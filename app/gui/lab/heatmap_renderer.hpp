// heatmap_renderer.hpp — the classifier lab's GL: the decision boundary evaluated per texel by
// a fragment shader (shaders/heatmap.*) into a small offscreen texture, one per run; the CPU
// evaluator's picture uploaded into the same kind of texture when shaders are unavailable; and
// the network diagram's thumbnails as one texture atlas. ImGui then draws each texture as one
// image quad (ImDrawList::AddImage), so the window pays one quad per view, whatever the
// network.
//
// Why offscreen and small: software GL (llvmpipe) pays per covered pixel. A 256×256 target
// costs the network 65,536 times instead of once per window pixel, and bilinear filtering of
// the colours keeps the boundary smooth when the view is larger.
//
// Textures hold the plane with t = 0 at y_min (GL's bottom row): draw them with uv0 = (0, 1)
// at the top-left and uv1 = (1, 0) at the bottom-right.
//
// Render between ImGui::NewFrame and ImGui::Render (the context is current, nothing drawn yet);
// the GL state it touches (framebuffer, viewport, blend, scissor) is restored.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "lab_state.hpp"
#include "painter.hpp"

struct ImDrawList;

namespace gf::gui {

struct HeatStyle {
  Rgb neutral;
  bool discretize = false;
  bool logit = false;       // one score from binary cross-entropy (see heat_color)
  bool regression = false;  // one score that is a value (see heat_color)
};

class HeatmapRenderer {
 public:
  static constexpr int kSlots = LabState::kMaxRuns + 1;
  HeatmapRenderer() = default;
  HeatmapRenderer(const HeatmapRenderer&) = delete;
  HeatmapRenderer& operator=(const HeatmapRenderer&) = delete;

  // False (see error()) once the driver has refused the shader: the CPU picture is used.
  bool ready();
  const std::string& error() const { return error_; }
  // Whether `arrays` fits the shader's uniform arrays (else: the CPU picture).
  static bool fits(const nn::NetworkArrays& arrays);
  // A square resolution that keeps the per-frame cost of a network of `weight_count` weights
  // near a fixed budget on software GL: 256 for small networks, down to 64.
  static int resolution_for(std::size_t weight_count, int max_resolution = 256);

  // The network's boundary into slot `slot` (0 .. kSlots-1), `size`×`size` texels. Returns
  // the colour texture, or 0 when the shader is unavailable or the network does not fit.
  unsigned render(int slot, const nn::NetworkArrays& arrays, const nn::PlaneBox& box, int size,
                  const HeatStyle& style);
  // The predicted class of every texel of the last render of `slot`, read back with
  // glReadPixels: size×size floats, row 0 at the bottom (y_min).
  bool read_classes(int slot, std::vector<float>& classes);
  // RGBA bytes (row 0 at the top, as an image) into slot's colour texture: the CPU picture.
  unsigned upload(int slot, int width, int height, const std::uint8_t* rgba);
  // Slot's colour texture as it is (0 before the first render or upload).
  unsigned texture(int slot) const;
  // The thumbnails' atlas (row 0 at the top); returns its texture.
  unsigned upload_atlas(int width, int height, const std::uint8_t* rgba);
  // The dataset picker's pictures, one atlas (row 0 at the top); returns its texture.
  unsigned upload_dataset_atlas(int width, int height, const std::uint8_t* rgba);

  // Adds to `list` the texture of a boundary as an opaque image over a..b (window units):
  // blending off, so software GL writes its pixels without reading the ones under them.
  static void add_opaque_image(ImDrawList* list, unsigned texture, Vec2 a, Vec2 b);

  // Deletes every GL object; call while the context is current.
  void release();

 private:
  struct Target {
    unsigned framebuffer = 0, color = 0, classes = 0;
    int size = 0;
    // What the texture shows: unchanged weights (a paused run) are not rendered again.
    std::vector<float> weights, biases;
    std::string program;
    float key[8] = {};
  };
  bool ensure_target(Target& target, int size);

  // One program per network shape (see shaders/heatmap.frag), kept while it is in use.
  struct Program {
    std::string shape;  // the constants written into the shader
    unsigned id = 0;
    int box = -1, size = -1, weights = -1, biases = -1, logit = -1, regression = -1,
        discretize = -1;
    int strength = -1, neutral = -1, class_colors = -1;
  };
  const Program* program_for(const nn::NetworkArrays& arrays);

  std::array<Target, kSlots> targets_{};
  std::vector<Program> programs_;
  struct Image {
    unsigned texture = 0;
    int width = 0, height = 0;
  };
  static unsigned upload_image(Image& image, int width, int height, const std::uint8_t* rgba);
  unsigned vertex_array_ = 0;
  Image atlas_, dataset_atlas_;
  bool failed_ = false;
  std::string error_;
  std::vector<float> packed_weights_, packed_biases_;
  std::vector<std::uint8_t> flipped_;
};

}  // namespace gf::gui
