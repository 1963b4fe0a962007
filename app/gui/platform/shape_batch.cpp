// shape_batch.cpp — see shape_batch.hpp.
#include "shape_batch.hpp"

#include <epoxy/gl.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstddef>

#include "gl_program.hpp"
#include "shader_sources.hpp"

namespace gf::gui {

namespace {

void float_attribute(GLuint location, GLint count, GLsizei stride, std::size_t offset,
                     bool per_instance) {
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, count, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<const void*>(offset));
  if (per_instance) glVertexAttribDivisor(location, 1);
}

void color_attribute(GLuint location, GLsizei stride, std::size_t offset, bool per_instance) {
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<const void*>(offset));
  if (per_instance) glVertexAttribDivisor(location, 1);
}

}  // namespace

bool ShapeBatch::ready() {
  if (tried_) return program_ != 0 && line_program_ != 0;
  tried_ = true;
  program_ = link_program(shaders::shape_vert, shaders::shape_frag, "shaders/shape", error_);
  line_program_ = link_program(shaders::line_vert, shaders::line_frag, "shaders/line", error_);
  if (program_ == 0 || line_program_ == 0) return false;
  projection_location_ = glGetUniformLocation(program_, "u_projection");
  pixel_location_ = glGetUniformLocation(program_, "u_pixel");
  line_projection_location_ = glGetUniformLocation(line_program_, "u_projection");

  // Shapes: one quad per instance; the corners come from gl_VertexID, the rest per instance.
  glGenVertexArrays(1, &vertex_array_);
  glGenBuffers(1, &instance_buffer_);
  glBindVertexArray(vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, instance_buffer_);
  const GLsizei stride = sizeof(Instance);
  float_attribute(0, 4, stride, offsetof(Instance, center_x), true);
  float_attribute(1, 2, stride, offsetof(Instance, radius), true);
  color_attribute(2, stride, offsetof(Instance, fill), true);
  color_attribute(3, stride, offsetof(Instance, stroke), true);

  // Lines: two vertices each.
  glGenVertexArrays(1, &line_vertex_array_);
  glGenBuffers(1, &line_buffer_);
  glBindVertexArray(line_vertex_array_);
  glBindBuffer(GL_ARRAY_BUFFER, line_buffer_);
  float_attribute(0, 2, sizeof(LineVertex), offsetof(LineVertex, x), false);
  color_attribute(1, sizeof(LineVertex), offsetof(LineVertex, color), false);

  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return true;
}

void ShapeBatch::add(Vec2 center, Vec2 half, float radius, Color fill, Color stroke,
                     float stroke_width) {
  if (fill.a == 0 && (stroke.a == 0 || stroke_width <= 0)) return;
  shapes_.push_back({center.x,
                     center.y,
                     half.x,
                     half.y,
                     radius,
                     stroke.a ? stroke_width : 0.0f,
                     {fill.r, fill.g, fill.b, fill.a},
                     {stroke.r, stroke.g, stroke.b, stroke.a}});
}

void ShapeBatch::add_line(Vec2 a, Vec2 b, Color color) {
  if (color.a == 0) return;
  lines_.push_back({a.x, a.y, {color.r, color.g, color.b, color.a}});
  lines_.push_back({b.x, b.y, {color.r, color.g, color.b, color.a}});
}

void ShapeBatch::submit(ImDrawList* list) {
  if (shapes_.empty() && lines_.empty()) return;
  list->AddCallback(&ShapeBatch::render_callback, this);
  list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void ShapeBatch::render_callback(const ImDrawList*, const ImDrawCmd* command) {
  static_cast<ShapeBatch*>(command->UserCallbackData)->render(*command);
}

namespace {

// ImGui's renderer does not apply a callback's clip rectangle: do it here, as it would. False
// when nothing of the command is left to draw.
bool scissor_to(const ImDrawCmd& command, const ImDrawData& data) {
  const ImVec2 scale = data.FramebufferScale, origin = data.DisplayPos;
  const float framebuffer_height = data.DisplaySize.y * scale.y;
  const float clip_x0 = (command.ClipRect.x - origin.x) * scale.x;
  const float clip_y0 = (command.ClipRect.y - origin.y) * scale.y;
  const float clip_x1 = (command.ClipRect.z - origin.x) * scale.x;
  const float clip_y1 = (command.ClipRect.w - origin.y) * scale.y;
  if (clip_x1 <= clip_x0 || clip_y1 <= clip_y0) return false;
  glScissor(static_cast<GLint>(clip_x0), static_cast<GLint>(framebuffer_height - clip_y1),
            static_cast<GLsizei>(clip_x1 - clip_x0), static_cast<GLsizei>(clip_y1 - clip_y0));
  return true;
}

// Window units to clip space, exactly as ImGui's own renderer maps its vertices.
std::array<float, 16> projection_of(const ImDrawData& data) {
  const float left = data.DisplayPos.x, right = data.DisplayPos.x + data.DisplaySize.x;
  const float top = data.DisplayPos.y, bottom = data.DisplayPos.y + data.DisplaySize.y;
  return {2.0f / (right - left),
          0,
          0,
          0,
          0,
          2.0f / (top - bottom),
          0,
          0,
          0,
          0,
          -1,
          0,
          (right + left) / (left - right),
          (top + bottom) / (bottom - top),
          0,
          1};
}

}  // namespace

void ShapeBatch::render(const ImDrawCmd& command) {
  const ImDrawData* data = ImGui::GetDrawData();
  if (program_ == 0 || data == nullptr) return;
  const ImVec2 scale = data->FramebufferScale;
  if (!scissor_to(command, *data)) return;
  const std::array<float, 16> matrix = projection_of(*data);
  const float* projection = matrix.data();
  if (!lines_.empty()) {
    glUseProgram(line_program_);
    glUniformMatrix4fv(line_projection_location_, 1, GL_FALSE, projection);
    glBindVertexArray(line_vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, line_buffer_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(lines_.size() * sizeof(LineVertex)),
                 lines_.data(), GL_STREAM_DRAW);
    // Opaque lines need no blending, which spares reading every pixel back
    // (docs/ARCHITECTURE.md, "software GL").
    const bool opaque = std::all_of(lines_.begin(), lines_.end(),
                                    [](const LineVertex& v) { return v.color[3] == 255; });
    if (opaque) glDisable(GL_BLEND);
    glDrawArrays(GL_LINES, 0, static_cast<GLsizei>(lines_.size()));
    if (opaque) glEnable(GL_BLEND);
  }
  if (!shapes_.empty()) {
    glUseProgram(program_);
    glUniformMatrix4fv(projection_location_, 1, GL_FALSE, projection);
    glUniform1f(pixel_location_, 1.0f / (scale.x > 0 ? scale.x : 1.0f));
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, instance_buffer_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(shapes_.size() * sizeof(Instance)),
                 shapes_.data(), GL_STREAM_DRAW);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(shapes_.size()));
  }
}

void ShapeBatch::release() {
  for (unsigned* buffer : {&instance_buffer_, &line_buffer_})
    if (*buffer != 0) glDeleteBuffers(1, buffer);
  for (unsigned* array : {&vertex_array_, &line_vertex_array_})
    if (*array != 0) glDeleteVertexArrays(1, array);
  for (unsigned* program : {&program_, &line_program_})
    if (*program != 0) glDeleteProgram(*program);
  instance_buffer_ = line_buffer_ = vertex_array_ = line_vertex_array_ = 0;
  program_ = line_program_ = 0;
  tried_ = false;
}

}  // namespace gf::gui
