// heatmap_renderer.cpp — see heatmap_renderer.hpp.
//
// Index
//   [SECTION] Shader program
//   [SECTION] Render targets
//   [SECTION] The boundary, per texel
//   [SECTION] CPU pictures and the atlas
#include "heatmap_renderer.hpp"

#include <epoxy/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "gl_program.hpp"
#include "shader_sources.hpp"

namespace gf::gui {

namespace {

constexpr int kBiasVectors = 72, kMaxLayers = 9, kMaxFeatures = nn::kFeatureCount;
constexpr std::size_t kMaxShaderWeights = 400;  // micrograd's 2-16-16-1 has 304

// Restores what render() changes, whatever ImGui's renderer had set.
struct SavedState {
  GLint framebuffer = 0, viewport[4] = {}, program = 0, vertex_array = 0;
  GLboolean blend = GL_FALSE, scissor = GL_FALSE;
  SavedState() {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &framebuffer);
    glGetIntegerv(GL_VIEWPORT, viewport);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertex_array);
    blend = glIsEnabled(GL_BLEND);
    scissor = glIsEnabled(GL_SCISSOR_TEST);
  }
  ~SavedState() {
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(framebuffer));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    glUseProgram(static_cast<GLuint>(program));
    glBindVertexArray(static_cast<GLuint>(vertex_array));
    if (blend) glEnable(GL_BLEND);
    if (scissor) glEnable(GL_SCISSOR_TEST);
  }
  SavedState(const SavedState&) = delete;
  SavedState& operator=(const SavedState&) = delete;
};

void set_linear_clamped() {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

// [SECTION] Shader program -------------------------------------------------------------------

bool HeatmapRenderer::ready() {
  if (failed_) return false;
  if (vertex_array_ == 0) glGenVertexArrays(1, &vertex_array_);  // core profile: draws need one
  return true;
}

namespace {

// A weight or bias as the shader reads it: element i of an array packed four to a vec4.
std::string packed(const char* array, int index) {
  return std::string(array) + "[" + std::to_string(index / 4) + "]." + "xyzw"[index % 4];
}

// The network as straight-line GLSL (see shaders/heatmap.frag): mirrors nn::reference_scores,
// b first, then w·x in input order (micrograd's order); features and activations in the GLSL of
// their rows (core/nn/nn_tables.hpp).
std::string network_glsl(const nn::NetworkArrays& arrays) {
  const std::size_t layers = arrays.activations.size();
  const int scores = arrays.layer_sizes.back();
  std::string code = "const int kScoreCount = " + std::to_string(scores) + ";\n";
  code += "uniform vec4 u_weights[" +
          std::to_string(std::max<std::size_t>(1, (arrays.weights.size() + 3) / 4)) + "];\n";
  code += "uniform vec4 u_biases[" +
          std::to_string(std::max<std::size_t>(1, (arrays.biases.size() + 3) / 4)) + "];\n";
  code += "void network(vec2 p, out float score[8]) {\n";
  for (std::size_t i = 0; i < arrays.features.size(); ++i)
    code += "  float n0_" + std::to_string(i) + " = " +
            std::string(nn::feature_info(static_cast<nn::Feature>(arrays.features[i])).glsl) +
            ";\n";
  for (std::size_t l = 0; l < layers; ++l) {
    const int inputs = arrays.layer_sizes[l], outputs = arrays.layer_sizes[l + 1];
    for (int j = 0; j < outputs; ++j) {
      std::string z = packed("u_biases", arrays.bias_offsets[l] + j);
      for (int i = 0; i < inputs; ++i)
        z += " + " + packed("u_weights", arrays.weight_offsets[l] + j * inputs + i) + " * n" +
             std::to_string(l) + "_" + std::to_string(i);
      code += "  float n" + std::to_string(l + 1) + "_" + std::to_string(j) + " = " +
              nn::activation_glsl(static_cast<nn::Activation>(arrays.activations[l]), z) + ";\n";
    }
  }
  for (int k = 0; k < scores; ++k)
    code += "  score[" + std::to_string(k) + "] = n" + std::to_string(layers) + "_" +
            std::to_string(k) + ";\n";
  for (int k = scores; k < 8; ++k) code += "  score[" + std::to_string(k) + "] = 0.0;\n";
  return code + "}\n";
}

}  // namespace

const HeatmapRenderer::Program* HeatmapRenderer::program_for(const nn::NetworkArrays& arrays) {
  // The network's code is also the key of its program (the weights are uniforms).
  std::string shape = network_glsl(arrays);
  for (const Program& program : programs_)
    if (program.shape == shape) return &program;

  std::string fragment_source = shaders::heatmap_frag;
  const std::string marker = "// @network@";
  fragment_source.replace(fragment_source.find(marker), marker.size(), shape);
  Program program;
  program.shape = std::move(shape);
  program.id =
      link_program(shaders::heatmap_vert, fragment_source.c_str(), "shaders/heatmap", error_);
  if (program.id == 0) {
    failed_ = true;  // the driver refuses it: the CPU picture from now on
    return nullptr;
  }
  const auto at = [&](const char* name) { return glGetUniformLocation(program.id, name); };
  program.box = at("u_box");
  program.size = at("u_size");
  program.weights = at("u_weights");
  program.biases = at("u_biases");
  program.logit = at("u_logit");
  program.regression = at("u_regression");
  program.discretize = at("u_discretize");
  program.strength = at("u_strength");
  program.neutral = at("u_neutral");
  program.class_colors = at("u_class_colors");
  // A few shapes at a time (compare mode has up to six): forget the oldest beyond that.
  if (programs_.size() >= 2 * kSlots) {
    glDeleteProgram(programs_.front().id);
    programs_.erase(programs_.begin());
  }
  programs_.push_back(std::move(program));
  return &programs_.back();
}

bool HeatmapRenderer::fits(const nn::NetworkArrays& arrays) {
  // Straight-line code for larger networks takes llvmpipe seconds to compile (1 s at 560, 7 s at 2,200
  // weights): those are drawn by the CPU evaluator at a lower resolution instead.
  return arrays.weights.size() <= kMaxShaderWeights && arrays.biases.size() <= kBiasVectors * 4u &&
         arrays.features.size() <= static_cast<std::size_t>(kMaxFeatures) &&
         arrays.activations.size() <= static_cast<std::size_t>(kMaxLayers);
}

int HeatmapRenderer::resolution_for(std::size_t weight_count, int max_resolution) {
  // About 1.5 million multiply-adds a frame: ~1-2 ms on llvmpipe with two cores (measured: a
  // 2-8-8-1 network at 192x192 costs ~3 ms there).
  const double texels = 1.5e6 / static_cast<double>(std::max<std::size_t>(weight_count, 16));
  const int side = static_cast<int>(std::sqrt(texels)) / 16 * 16;
  return std::clamp(side, 64, max_resolution);
}

// [SECTION] Render targets -------------------------------------------------------------------

bool HeatmapRenderer::ensure_target(Target& target, int size) {
  if (target.framebuffer != 0 && target.size == size) return true;
  if (target.framebuffer == 0) {
    glGenFramebuffers(1, &target.framebuffer);
    glGenTextures(1, &target.color);
    glGenTextures(1, &target.classes);
  }
  target.size = size;
  target.program.clear();  // a new texture: nothing drawn in it yet
  glBindTexture(GL_TEXTURE_2D, target.color);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  set_linear_clamped();
  glBindTexture(GL_TEXTURE_2D, target.classes);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RG32F, size, size, 0, GL_RG, GL_FLOAT, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.color, 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, target.classes, 0);
  const GLenum buffers[2] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, buffers);
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  if (!complete) error_ = "the heatmap's render target is incomplete on this driver";
  return complete;
}

// [SECTION] The boundary, per texel ----------------------------------------------------------

namespace {
// Playground's class colours (class_color) into the shader's u_class_colors.
void upload_class_colors(int location) {
  GLfloat colors[kLabClassColors * 3];
  for (int k = 0; k < kLabClassColors; ++k) {
    const Rgb c = class_color(k);
    colors[k * 3 + 0] = c.r;
    colors[k * 3 + 1] = c.g;
    colors[k * 3 + 2] = c.b;
  }
  glUniform3fv(location, kLabClassColors, colors);
}
}  // namespace

unsigned HeatmapRenderer::render(int slot, const nn::NetworkArrays& arrays, const nn::PlaneBox& box,
                                 int size, const HeatStyle& style) {
  if (slot < 0 || slot >= kSlots || !fits(arrays) || arrays.activations.empty() || !ready())
    return 0;
  const SavedState saved;
  Target& target = targets_[static_cast<std::size_t>(slot)];
  if (!ensure_target(target, size)) return 0;
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer);
  glViewport(0, 0, size, size);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  const Program* program = program_for(arrays);
  if (program == nullptr) return 0;
  const float key[8] = {static_cast<float>(box.x_min),
                        static_cast<float>(box.x_max),
                        static_cast<float>(box.y_min),
                        static_cast<float>(box.y_max),
                        style.neutral.r + 2 * style.neutral.g + 4 * style.neutral.b,
                        style.discretize ? 1.0f : 0.0f,
                        style.logit ? 1.0f : 0.0f,
                        style.regression ? 1.0f : 0.0f};
  if (target.program == program->shape && target.weights == arrays.weights &&
      target.biases == arrays.biases && std::equal(key, key + 8, target.key))
    return target.color;  // the same picture as last time
  target.program = program->shape;
  target.weights = arrays.weights;
  target.biases = arrays.biases;
  std::copy(key, key + 8, target.key);
  glUseProgram(program->id);

  // The weights packed four to a vec4 (uniform slots are vec4-sized: a float array would waste
  // three quarters of them).
  packed_weights_.assign(std::max<std::size_t>(1, (arrays.weights.size() + 3) / 4) * 4, 0.0f);
  std::copy(arrays.weights.begin(), arrays.weights.end(), packed_weights_.begin());
  packed_biases_.assign(std::max<std::size_t>(1, (arrays.biases.size() + 3) / 4) * 4, 0.0f);
  std::copy(arrays.biases.begin(), arrays.biases.end(), packed_biases_.begin());
  glUniform4f(program->box, static_cast<float>(box.x_min), static_cast<float>(box.x_max),
              static_cast<float>(box.y_min), static_cast<float>(box.y_max));
  glUniform2f(program->size, static_cast<float>(size), static_cast<float>(size));
  glUniform4fv(program->weights, static_cast<GLsizei>(packed_weights_.size() / 4),
               packed_weights_.data());
  glUniform4fv(program->biases, static_cast<GLsizei>(packed_biases_.size() / 4),
               packed_biases_.data());
  glUniform1i(program->logit, style.logit ? 1 : 0);
  glUniform1i(program->regression, style.regression ? 1 : 0);
  glUniform1i(program->discretize, style.discretize ? 1 : 0);
  glUniform1f(program->strength, kHeatStrength);
  glUniform3f(program->neutral, style.neutral.r, style.neutral.g, style.neutral.b);
  upload_class_colors(program->class_colors);

  glBindVertexArray(vertex_array_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  return target.color;
}

bool HeatmapRenderer::read_classes(int slot, std::vector<float>& classes) {
  if (slot < 0 || slot >= kSlots) return false;
  Target& target = targets_[static_cast<std::size_t>(slot)];
  if (target.framebuffer == 0) return false;
  const SavedState saved;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, target.framebuffer);
  glReadBuffer(GL_COLOR_ATTACHMENT1);
  std::vector<float> rg(static_cast<std::size_t>(target.size) * target.size * 2);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, target.size, target.size, GL_RG, GL_FLOAT, rg.data());
  glReadBuffer(GL_BACK);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  classes.resize(rg.size() / 2);
  for (std::size_t i = 0; i < classes.size(); ++i) classes[i] = rg[i * 2];
  return true;
}

// [SECTION] CPU pictures and the atlas -------------------------------------------------------

unsigned HeatmapRenderer::upload(int slot, int width, int height, const std::uint8_t* rgba) {
  if (slot < 0 || slot >= kSlots || width != height) return 0;
  Target& target = targets_[static_cast<std::size_t>(slot)];
  {
    const SavedState saved;
    if (!ensure_target(target, width)) return 0;
  }
  target.program.clear();
  // The textures keep y_min in row 0 (GL's bottom): flip the image's rows.
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  flipped_.resize(row * height);
  for (int y = 0; y < height; ++y)
    std::copy_n(rgba + row * (height - 1 - y), row, flipped_.data() + row * y);
  glBindTexture(GL_TEXTURE_2D, target.color);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE,
                  flipped_.data());
  return target.color;
}

unsigned HeatmapRenderer::texture(int slot) const {
  return slot < 0 || slot >= kSlots ? 0 : targets_[static_cast<std::size_t>(slot)].color;
}

unsigned HeatmapRenderer::upload_image(Image& image, int width, int height,
                                       const std::uint8_t* rgba) {
  if (image.texture == 0) glGenTextures(1, &image.texture);
  glBindTexture(GL_TEXTURE_2D, image.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (width != image.width || height != image.height) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    set_linear_clamped();
    image.width = width;
    image.height = height;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  }
  return image.texture;
}

unsigned HeatmapRenderer::upload_atlas(int width, int height, const std::uint8_t* rgba) {
  return upload_image(atlas_, width, height, rgba);
}

unsigned HeatmapRenderer::upload_dataset_atlas(int width, int height, const std::uint8_t* rgba) {
  return upload_image(dataset_atlas_, width, height, rgba);
}

void HeatmapRenderer::add_opaque_image(ImDrawList* list, unsigned texture, Vec2 a, Vec2 b) {
  list->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
  list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)), {a.x, a.y},
                 {b.x, b.y}, {0, 1}, {1, 0});
  list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // blending back on
}

void HeatmapRenderer::release() {
  for (Target& target : targets_) {
    if (target.framebuffer != 0) glDeleteFramebuffers(1, &target.framebuffer);
    if (target.color != 0) glDeleteTextures(1, &target.color);
    if (target.classes != 0) glDeleteTextures(1, &target.classes);
    target = {};
  }
  for (Image* image : {&atlas_, &dataset_atlas_}) {
    if (image->texture != 0) glDeleteTextures(1, &image->texture);
    *image = {};
  }
  if (vertex_array_ != 0) glDeleteVertexArrays(1, &vertex_array_);
  for (const Program& program : programs_) glDeleteProgram(program.id);
  programs_.clear();
  vertex_array_ = 0;
  failed_ = false;
}

}  // namespace gf::gui
