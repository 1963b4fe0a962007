// frame_capture.hpp — what the headless modes write: the framebuffer as PNG, and the texts
// drawn on the canvas as JSON (--dump-labels).
#pragma once

#include <string>
#include <vector>

#include "imgui_painter.hpp"

namespace gf::gui {

// Reads the current (back) framebuffer of `width`×`height` pixels and writes it as PNG.
bool write_framebuffer_png(const std::string& path, int width, int height);

// {"size": [W, H], "labels": [{"text", "kind", "x", "y", "w", "h", "color", "node", "edge"}]}
std::string labels_json(const std::vector<RecordedLabel>& labels, int width, int height);

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half;
// without the fsync of gf::write_file_atomically (document.hpp), which user files get: this is
// for --dump-labels, rewritten whenever what is drawn changes.
bool write_scratch_file(const std::string& path, const std::string& text);

}  // namespace gf::gui
