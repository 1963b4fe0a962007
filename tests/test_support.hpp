// test_support.hpp — what the tests that run the real programs share: a scratch directory,
// shell quoting, reading a whole file.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gf::testing {

// A directory of this test process's own, created on first use.
inline std::filesystem::path scratch_dir(const std::string& prefix) {
  static std::filesystem::path dir = [&] {
    std::filesystem::path d =
        std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// One argument for /bin/sh, quoted so nothing in it is interpreted.
inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace gf::testing
