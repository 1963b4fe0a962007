// frame_capture.cpp — see frame_capture.hpp.
#include "frame_capture.hpp"

#include <epoxy/gl.h>
#include <stb_image_write.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "document.hpp"

namespace gf::gui {

namespace {

std::string system_message(int error) { return std::generic_category().message(error); }

}  // namespace

Status check_output_path(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    return Status::failure(path + ": is a directory, not a file");
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  if (::stat(directory.c_str(), &info) != 0)
    return Status::failure(path + ": cannot write there: " + directory + ": " +
                           system_message(errno));
  if (!S_ISDIR(info.st_mode))
    return Status::failure(path + ": cannot write there: " + directory + " is not a directory");
  if (::access(directory.c_str(), W_OK) != 0)
    return Status::failure(path + ": cannot write there: " + directory + ": " +
                           system_message(errno));
  return Status::success();
}

Status write_framebuffer_png(const std::string& path, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque, whatever GL says
  stbi_flip_vertically_on_write(1);                                    // GL's origin is bottom-left
  // Encoded in memory, then written as any other file, so a failure has its cause (stb's own
  // file writing says only that it failed).
  std::string png;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<std::size_t>(size));
  };
  if (stbi_write_png_to_func(append, &png, width, height, 4, pixels.data(), width * 4) == 0)
    return Status::failure(path + ": cannot encode the " + std::to_string(width) + "x" +
                           std::to_string(height) + " picture as PNG");
  return write_file_atomically(path, png);
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

Status write_scratch_file(const std::string& path, const std::string& text) {
  return write_file_atomically(path, text, Durability::Scratch);
}

}  // namespace gf::gui
