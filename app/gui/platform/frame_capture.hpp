// frame_capture.hpp — what the headless modes write: the framebuffer as PNG, and the texts
// drawn on the canvas as JSON (--dump-labels). Every writer returns the reason it failed, naming
// the path and the cause.
#pragma once

#include <string>
#include <vector>

#include "imgui_painter.hpp"
#include "result.hpp"

namespace gf::gui {

// Whether a file can be written at `path` (checked before the window opens, so that a typo in
// --screenshot DIR/x.png fails at once): not a directory, and in a directory that exists and
// may be written. The reason starts with the path: "/nonexistent/x.png: cannot write there:
// /nonexistent: No such file or directory".
Status check_output_path(const std::string& path);

// Reads the current (back) framebuffer of `width`×`height` pixels and writes it as PNG
// (atomically, as gf::write_file_atomically).
Status write_framebuffer_png(const std::string& path, int width, int height);

// {"size": [W, H], "labels": [{"text", "kind", "x", "y", "w", "h", "color", "node", "edge"}]}
std::string labels_json(const std::vector<RecordedLabel>& labels, int width, int height);

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half;
// without the fsync of gf::write_file_atomically (document.hpp), which user files get: this is
// for --dump-labels, rewritten whenever what is drawn changes.
Status write_scratch_file(const std::string& path, const std::string& text);

}  // namespace gf::gui
