// gui_options.hpp — the command line of the `gradflow` window, parsed into one struct.
//
// Every check a flag needs happens here, before a window opens: a bad flag, a file that cannot
// be written or a session path that cannot be one ends the program with status 2 and a message
// naming the flag. The lab's own settings are added by add_lab_flags alone, so that one parser
// of run settings can replace it.
#pragma once

#include <optional>
#include <string>

#include "app.hpp"
#include "lab_state.hpp"

namespace CLI {
class App;
}

namespace gf::gui {

struct GuiOptions {
  StartOptions start;         // what the app opens and how it looks
  int width = 0, height = 0;  // --size
  // Outputs of the headless modes ("" = none).
  std::string screenshot, dump_labels, export_svg;
  int bench_frames = 0;            // --bench-frames N: a benchmark of N frames
  std::string bench_view = "fit";  // fit or corner
  std::string theme = "dark";
  // The classifier lab.
  bool lab = false;
  bool lab_agreement = false;  // --lab-agreement-test (implies --lab)
  LabOptions lab_options;
  std::string lab_weights, lab_boundary;  // --export-weights, --export-boundary
  // Derived: --step all (every step's labels in one run), and any mode without a live window.
  bool every_step = false;
  bool headless = false;
};

// The options, or the exit status to end with at once: 0 after --help (printed), 2 after a
// message on stderr that names the bad flag.
struct ParsedOptions {
  GuiOptions options;
  std::optional<int> exit_status;
};
ParsedOptions parse_gui_options(int argc, char** argv);

// The lab's run settings (dataset, network, training) into `lab`, on `group`.
void add_lab_flags(CLI::App& group, LabOptions& lab);

}  // namespace gf::gui
