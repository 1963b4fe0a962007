// gradflow — the window: step through backpropagation gate by gate.
//
//   gradflow [FILE.json] [--graph FILE | --expr EXPR [--set NAME=VALUE ...]] [--new]
//            [--presentation] [--theme dark|light] [--ui-scale S] [--size WxH]
//   gradflow --screenshot OUT.png [document options] [--step N|forward|end] [--dump-labels F]
//   gradflow --bench-frames N [document options] [--size WxH]
//   gradflow --export-svg FILE [document options] [--step ...]
//   gradflow --lab [--dataset NAME] [--train-steps N] [--hidden 4,2] [--activation tanh] ...
//            (with --screenshot, --bench-frames, or --lab-agreement-test: the classifier lab)
//
// Keys: Right/Down/PageDown next step, Left/Up/PageUp back, Space play/pause, Home/End,
// F zoom to fit, P (or F5) presentation mode, T dark/light theme.
//
// Reads as a script: 1. options, 2. window, OpenGL and Dear ImGui, 3. the app, 4. the loop or one
// of the headless modes, 5. cleanup in reverse order. Each step's details live in the file named.
#include <cstdio>
#include <string>

#include "app.hpp"
#include "frame_loop.hpp"
#include "gui_options.hpp"
#include "gui_window.hpp"
#include "headless_modes.hpp"
#include "lab_panel.hpp"

namespace {

// The document (or the lab) the options name; the reason when it cannot be opened.
gf::Status start_app(gf::gui::App& app, const gf::gui::GuiOptions& options, float content_scale) {
  if (!app.start(options.start, content_scale)) return gf::Status::failure(app.error());
  app.set_record_labels(!options.dump_labels.empty());
  if (!options.lab) return gf::Status::success();
  std::string lab_error;  // the classifier lab, configured from the command line
  if (!app.lab().state.configure(options.lab_options, lab_error))
    return gf::Status::failure(lab_error);
  app.set_lab_active(true);
  return gf::Status::success();
}

}  // namespace

int main(int argc, char** argv) {
  // ---- 1. Options (gui_options.hpp): --help or a bad flag ends here, before any window ------
  const gf::gui::ParsedOptions parsed = gf::gui::parse_gui_options(argc, argv);
  if (parsed.exit_status) return *parsed.exit_status;
  const gf::gui::GuiOptions& options = parsed.options;

  // ---- 2. Window, OpenGL 3.3 core and Dear ImGui (gui_window.hpp): closed by its destructor --
  gf::gui::GuiWindow window(options.width, options.height, /*vsync=*/!options.headless);
  if (!window.opened()) {
    std::fprintf(stderr, "gradflow: %s\n", window.opened().reason().c_str());
    return 1;
  }

  // ---- 3. The app, on the document or the lab the options name ------------------------------
  gf::gui::App app;
  int status = 2;  // unless the app starts
  if (const gf::Status started = start_app(app, options, window.content_scale()); !started) {
    std::fprintf(stderr, "gradflow: %s\n", started.reason().c_str());
  } else {
    // ---- 4. The loop, or a headless mode (frame_loop.hpp, headless_modes.hpp) ---------------
    gf::gui::FrameLoop frames(app, window, options);
    status = gf::gui::run_mode(app, frames, options);
  }

  // ---- 5. Cleanup, in reverse order: the app's GL objects here, then the window's destructor
  app.release_gpu_resources();
  return status;
}
