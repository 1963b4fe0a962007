// gl_program.cpp — see gl_program.hpp.
#include "gl_program.hpp"

#include <epoxy/gl.h>

namespace gf::gui {

namespace {

GLuint compile_stage(GLenum stage, const char* source, const char* name, std::string& error) {
  const GLuint shader = glCreateShader(stage);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) return shader;
  char log[1024] = {};
  glGetShaderInfoLog(shader, sizeof log, nullptr, log);
  error += std::string(name) + ": " + log;
  glDeleteShader(shader);
  return 0;
}

}  // namespace

unsigned link_program(const char* vertex_source, const char* fragment_source, const char* name,
                      std::string& error) {
  const GLuint vertex = compile_stage(GL_VERTEX_SHADER, vertex_source, name, error);
  const GLuint fragment = compile_stage(GL_FRAGMENT_SHADER, fragment_source, name, error);
  GLuint program = 0;
  if (vertex != 0 && fragment != 0) {
    program = glCreateProgram();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    GLint ok = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
      char log[1024] = {};
      glGetProgramInfoLog(program, sizeof log, nullptr, log);
      error += std::string(name) + " (link): " + log;
      glDeleteProgram(program);
      program = 0;
    }
  }
  if (vertex != 0) glDeleteShader(vertex);
  if (fragment != 0) glDeleteShader(fragment);
  return program;
}

}  // namespace gf::gui
