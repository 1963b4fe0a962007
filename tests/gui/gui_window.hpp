// gui_window.hpp — a live gradflow window for the GUI tests that drive it with xdotool: started
// with a session file and a live label dump (--dump-labels, rewritten whenever the drawing
// changes), and the mouse and key helpers that act on it where its labels say things are.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gui_support.hpp"

namespace gf::testing {

// Starts gradflow at 1280x800 in `directory` (where Save As starts, where F12 writes) with a
// live label dump in `labels` (removed first) and `args`; returns its process id.
inline pid_t spawn_window(const std::filesystem::path& directory,
                          const std::filesystem::path& labels, std::vector<std::string> args) {
  std::filesystem::remove(labels);
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(directory.c_str()) != 0) _exit(126);
    std::vector<std::string> all = {GRADFLOW_GUI, "--dump-labels", labels.string(), "--size",
                                    "1280x800"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(GRADFLOW_GUI, argv.data());
    _exit(127);
  }
  return pid;
}

class LiveWindow {
 public:
  // With the session file `session`, in `directory` (see spawn_window).
  LiveWindow(const std::filesystem::path& session, const std::filesystem::path& labels,
             std::vector<std::string> args, const std::filesystem::path& directory)
      : labels_(labels) {
    args.insert(args.begin(), {"--session", session.string()});
    pid_ = spawn_window(directory, labels, std::move(args));
  }
  LiveWindow(const LiveWindow&) = delete;
  LiveWindow& operator=(const LiveWindow&) = delete;
  ~LiveWindow() { stop(SIGTERM); }
  // Sends `signal` and waits for the process; its exit status (-1 when it was not running).
  int stop(int signal) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  bool running() const { return pid_ > 0; }

  // The label file once `ready` holds for it.
  nlohmann::json wait_for(const std::function<bool(const nlohmann::json&)>& ready,
                          int tenths = kPatientTenths) const {
    return wait_for_labels(labels_, ready, tenths);
  }

 private:
  std::filesystem::path labels_;
  pid_t pid_ = -1;
};

struct Point {
  int x = 0, y = 0;
};

inline Point centre(const nlohmann::json& label) {
  return {static_cast<int>(label["x"].get<double>() + label["w"].get<double>() / 2),
          static_cast<int>(label["y"].get<double>() + label["h"].get<double>() / 2)};
}

inline std::string mouse_to(Point p) {
  return "xdotool mousemove --window $W " + std::to_string(p.x) + " " + std::to_string(p.y) +
         " && sleep 0.08";
}

// Mouse down at `from`, move there in steps (ImGui sees a drag), up at `to`.
inline bool drag(Point from, Point to) {
  std::string chain = mouse_to(from) + " && xdotool mousedown 1 && sleep 0.08";
  for (int i = 1; i <= 6; ++i)
    chain +=
        " && " + mouse_to({from.x + (to.x - from.x) * i / 6, from.y + (to.y - from.y) * i / 6});
  chain += " && sleep 0.1 && xdotool mouseup 1 && sleep 0.15";
  return xdo(chain);
}

inline bool click(Point p, int clicks = 1) {
  return xdo(mouse_to(p) + " && xdotool click --repeat " + std::to_string(clicks) +
             " --delay 60 1 && sleep 0.15");
}

inline bool keys(const std::string& sequence) {
  return xdo("xdotool key --delay 60 " + sequence + " && sleep 0.15");
}
// Types text key by key (xdotool's `type` takes "-2" for an option).
inline bool type(const std::string& text) {
  std::string sequence;
  for (char c : text) {
    if (c == '-')
      sequence += " minus";
    else if (c == '.')
      sequence += " period";
    else if (c == '/')
      sequence += " slash";
    else if (c == '_')
      sequence += " underscore";
    else if (c == '*')
      sequence += " asterisk";
    else if (c == '+')
      sequence += " plus";
    else
      sequence += " " + std::string(1, c);
  }
  return keys(sequence);
}

inline const nlohmann::json* find_label(const nlohmann::json& labels, const std::string& kind,
                                        const std::string& text, int node = -2) {
  for (const nlohmann::json& label : labels["labels"])
    if (label["kind"] == kind && label["text"] == text &&
        (node == -2 || (label["node"].is_number() && label["node"] == node)))
      return &label;
  return nullptr;
}

// The first label of `kind` whose text contains `part`.
inline const nlohmann::json* find_label_containing(const nlohmann::json& labels,
                                                   const std::string& kind,
                                                   const std::string& part) {
  for (const nlohmann::json& label : labels["labels"])
    if (label["kind"] == kind && label["text"].get<std::string>().find(part) != std::string::npos)
      return &label;
  return nullptr;
}

inline int count(const nlohmann::json& labels, const std::string& kind) {
  int n = 0;
  for (const nlohmann::json& label : labels["labels"]) n += label["kind"] == kind;
  return n;
}

}  // namespace gf::testing
