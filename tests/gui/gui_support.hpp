// gui_support.hpp — what the GUI tests that drive a live window share: waiting for its label
// dump (--dump-labels, rewritten whenever what is drawn changes) and xdotool against it.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>

#include "test_support.hpp"

namespace gf::testing {

// A label's box in window pixels, as --dump-labels writes it, with its text and kind.
struct LabelBox {
  LabelBox() = default;
  LabelBox(double x_, double y_, double w_, double h_, std::string text_ = {},
           std::string kind_ = {})
      : x(x_), y(y_), w(w_), h(h_), text(std::move(text_)), kind(std::move(kind_)) {}
  double x = 0, y = 0, w = 0, h = 0;
  std::string text, kind;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};
inline LabelBox label_box(const nlohmann::json& label) {
  return {label["x"].get<double>(),         label["y"].get<double>(),
          label["w"].get<double>(),         label["h"].get<double>(),
          label["text"].get<std::string>(), label["kind"].get<std::string>()};
}
inline bool overlap(const LabelBox& a, const LabelBox& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}
// Within `slack` pixels (texts sit on whole pixels).
inline bool inside(const LabelBox& inner, const LabelBox& outer, double slack = 0.5) {
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack &&
         inner.right() <= outer.right() + slack && inner.bottom() <= outer.bottom() + slack;
}

// xdotool drives the live-window tests; without it they are skipped.
inline bool have_xdotool() { return std::system("command -v xdotool >/dev/null 2>&1") == 0; }

// How long a live-window test waits for what it expects, in tenths of a second. Generous: a
// wait ends as soon as the label file shows it, so only a failing test waits this long, while on
// a busy machine (a build beside ctest -j2, software OpenGL) a window's first frame alone can take
// several seconds.
constexpr int kPatientTenths = 300;

// The label file once `ready` holds for it; an empty JSON after `tenths` tenths of a second.
inline nlohmann::json wait_for_labels(const std::filesystem::path& labels,
                                      const std::function<bool(const nlohmann::json&)>& ready,
                                      int tenths = kPatientTenths) {
  for (int i = 0; i < tenths; ++i) {
    if (std::filesystem::exists(labels)) {
      try {
        nlohmann::json now = nlohmann::json::parse(read_file(labels));
        if (ready(now)) return now;
      } catch (const nlohmann::json::exception&) {  // caught between a write and its rename
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nlohmann::json();
}

// Runs one xdotool command chain against the gradflow window ($W; coordinates are the window's).
inline bool xdo(const std::string& chain) {
  const std::string command =
      "W=$(timeout 30 xdotool search --sync --onlyvisible --name gradflow | head -1) && [ -n "
      "\"$W\" ] && "
      "timeout 30 xdotool windowfocus --sync $W && " +
      chain + " >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

}  // namespace gf::testing
