// frame_capture.cpp — see frame_capture.hpp.
#include "frame_capture.hpp"

#include <epoxy/gl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace gf::gui {

bool write_framebuffer_png(const std::string& path, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque, whatever GL says
  stbi_flip_vertically_on_write(1);  // GL's origin is bottom-left
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

std::string labels_json(const std::vector<RecordedLabel>& labels, int width, int height) {
  nlohmann::ordered_json root;
  root["size"] = {width, height};
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const RecordedLabel& label : labels) {
    nlohmann::ordered_json item;
    item["text"] = label.text;
    item["kind"] = label_kind_name(label.tag.kind);
    item["x"] = label.min.x;
    item["y"] = label.min.y;
    item["w"] = label.size.x;
    item["h"] = label.size.y;
    item["color"] = label.color.hex();
    item["node"] = label.tag.node == kNoNode ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(label.tag.node);
    item["edge"] = label.tag.edge_from == kNoNode
                       ? nlohmann::ordered_json(nullptr)
                       : nlohmann::ordered_json({label.tag.edge_from, label.tag.edge_to});
    list.push_back(std::move(item));
  }
  root["labels"] = std::move(list);
  // Invalid UTF-8 in a label (a name from a hostile file cannot get here, but be safe) is replaced.
  return root.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

bool write_scratch_file(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::remove(temporary.c_str());
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace gf::gui
