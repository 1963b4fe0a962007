// gl_program.hpp — compiling and linking the app's GLSL programs (shaders/, embedded at build
// time), with the driver's log in the error when it refuses.
#pragma once

#include <string>

namespace gf::gui {

// The linked program, or 0 with "NAME: <driver log>" appended to `error`. The GL context must
// be current.
unsigned link_program(const char* vertex_source, const char* fragment_source, const char* name,
                      std::string& error);

}  // namespace gf::gui
