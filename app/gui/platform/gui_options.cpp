// gui_options.cpp — the flags of `gradflow` (in the order --help lists them), then the checks
// that need several flags at once.
#include "gui_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <utility>

#include "frame_capture.hpp"
#include "run_settings_flags.hpp"
#include "session.hpp"

namespace gf::gui {
namespace {

// What the command line says that is not an option of the window itself: read, then resolved.
struct CommandLine {
  std::string positional_file;
  std::string session_file;
  bool no_session = false;
  std::string size_text = "1280x800";
  std::string palette = palette_name(false);
};

// [SECTION] Flags --------------------------------------------------------------------------------

void add_document_flags(CLI::App& cli, StartOptions& start, CommandLine& line) {
  cli.add_option("file", line.positional_file, "a gradflow JSON document to open");
  cli.add_option("--graph,-g", start.graph_file, "a gradflow JSON document to open");
  cli.add_option("--expr,-e", start.expression, "an expression, e.g. \"(x+y)*z\"");
  cli.add_option("--set,-s", start.assignments, "NAME=VALUE for an input (repeatable)")
      ->allow_extra_args();
  cli.add_flag("--new", start.new_document, "start with an empty document");
  cli.add_option("--session", line.session_file,
                 "the autosaved session file (default $XDG_STATE_HOME/gradflow/session.json)");
  cli.add_flag("--no-session", line.no_session, "neither restore nor autosave a session");
  cli.add_option("--random", start.random_nodes, "open a random graph of N nodes (for benchmarks)")
      ->check(CLI::Range(200, 200000));
}

std::string check_step(const std::string& step) {
  const bool number = !step.empty() && step.size() < 10 &&
                      step.find_first_not_of("0123456789") == std::string::npos;
  return number || step == "forward" || step == "end" || step == "all"
             ? ""
             : "expected a step number, 'forward', 'end' or 'all'";
}

void add_view_flags(CLI::App& cli, GuiOptions& options, CommandLine& line) {
  StartOptions& start = options.start;
  cli.add_option("--bench-view", options.bench_view,
                 "with --bench-frames: fit (whole graph) or corner (100%)")
      ->check(CLI::IsMember({"fit", "corner"}));
  cli.add_option("--step", start.step,
                 "start at step N, 'forward' or 'end'; with --dump-labels, 'all' dumps every step")
      ->check(check_step);
  cli.add_flag("--presentation", start.presentation, "large type, high contrast, no side panels");
  cli.add_option("--theme", options.theme, "dark or light")
      ->check(CLI::IsMember({"dark", "light"}));
  cli.add_option("--palette", line.palette,
                 "default (values green, gradients red) or colorblind (blue and orange)")
      ->check(CLI::IsMember({palette_name(false), palette_name(true)}));
  cli.add_flag("--quiz", start.quiz,
               "quiz mode: the next step's numbers as \"?\" first (after --step; with --step all, "
               "every press: each question, then its answers)");
  cli.add_option("--ui-scale", start.ui_scale, "scale of text and panels (times the monitor's)")
      ->check(CLI::Range(0.5f, 4.0f));
  cli.add_option("--size", line.size_text, "window size WxH (default 1280x800)");
}

void add_output_flags(CLI::App& cli, GuiOptions& options) {
  cli.add_option("--screenshot", options.screenshot,
                 "render to this PNG with animations settled, then exit");
  cli.add_option("--dump-labels", options.dump_labels,
                 "write every text drawn on the canvas as JSON");
  cli.add_option("--export-svg", options.export_svg,
                 "write the graph as SVG (with --screenshot, or alone)");
  cli.add_option("--bench-frames", options.bench_frames,
                 "play, pan and zoom for N frames; print timings")
      ->check(CLI::Range(1, 1000000));
}

// The classifier lab: its own group of options, all optional.
void add_lab_group(CLI::App& cli, GuiOptions& options) {
  CLI::Option_group* group = cli.add_option_group("Classifier lab");
  group->add_flag("--lab", options.lab, "open the classifier lab instead of the stepper");
  add_lab_flags(*group, options.lab_options);
  group->add_option("--export-weights", options.lab_weights,
                    "with --screenshot: the trained weights as JSON");
  group->add_option("--export-boundary", options.lab_boundary,
                    "with --screenshot: the boundary and points as PNG (CPU)");
  group
      ->add_flag("--lab-agreement-test", options.lab_agreement,
                 "render the boundary at 256x256 with the shader and the CPU; print how many "
                 "pixels agree as JSON; exit 1 below 99.9%")
      ->group("");  // hidden: for the tests
}

// [SECTION] Checks across flags ------------------------------------------------------------------

Status take_positional_file(StartOptions& start, const std::string& positional_file) {
  if (positional_file.empty()) return Status::success();
  if (!start.graph_file.empty() || !start.expression.empty())
    return Status::failure("give one document: FILE, --graph or --expr");
  start.graph_file = positional_file;
  return Status::success();
}

Status parse_size(const std::string& size_text, GuiOptions& options) {
  int& width = options.width;
  int& height = options.height;
  if (std::sscanf(size_text.c_str(), "%dx%d", &width, &height) != 2 || width < 200 ||
      height < 150 || width > 8192 || height > 8192)
    return Status::failure("--size " + size_text + ": expected WxH, e.g. 1280x800");
  return Status::success();
}

// --step all: every step is settled, drawn and its labels dumped, in one run (the tests check
// sizes and overlaps at every step of every example this way).
Status check_every_step(GuiOptions& options) {
  options.every_step = options.start.step == "all";
  if (!options.every_step) return Status::success();
  if (options.dump_labels.empty() || options.lab || !options.screenshot.empty() ||
      !options.export_svg.empty() || options.bench_frames > 0)
    return Status::failure(
        "--step all goes with --dump-labels alone (the stepper's labels at every step)");
  options.start.step.clear();
  return Status::success();
}

// The files to write are checked before the window opens: a path that cannot be written fails
// now, by name, instead of after the rendering (or never, for a live window's label dump).
Status check_output_paths(const GuiOptions& options) {
  const std::pair<const char*, const std::string&> outputs[] = {
      {"--screenshot", options.screenshot},
      {"--dump-labels", options.dump_labels},
      {"--export-svg", options.export_svg},
      {"--export-weights", options.lab_weights},
      {"--export-boundary", options.lab_boundary}};
  for (const auto& [option, path] : outputs) {
    if (path.empty()) continue;
    if (const Status writable = check_output_path(path); !writable)
      return Status::failure(std::string(option) + " " + writable.reason());
  }
  return Status::success();
}

// Only a live window keeps a session: headless runs must not disturb the user's.
Status choose_session(GuiOptions& options, CommandLine& line) {
  if (options.headless || line.no_session) return Status::success();
  if (line.session_file.empty()) {
    Result<std::string> path = default_session_path();
    if (path)
      line.session_file = *path;
    else
      std::fprintf(stderr, "gradflow: no session autosave: %s\n", path.reason().c_str());
  } else if (Status named = check_named_session_path(line.session_file); !named) {
    return Status::failure("--session " + named.reason());  // nothing touched
  }
  options.start.session_file = line.session_file;  // claimed by the app (a second window: -2)
  return Status::success();
}

Status resolve(GuiOptions& options, CommandLine& line) {
  if (Status taken = take_positional_file(options.start, line.positional_file); !taken)
    return taken;
  options.start.dark = options.theme != "light";
  options.start.colorblind = line.palette == palette_name(true);
  if (Status sized = parse_size(line.size_text, options); !sized) return sized;
  if (options.lab_agreement) options.lab = true;
  if (Status checked = check_every_step(options); !checked) return checked;
  if (Status writable = check_output_paths(options); !writable) return writable;
  options.headless = !options.screenshot.empty() || options.bench_frames > 0 ||
                     !options.export_svg.empty() || options.lab_agreement || options.every_step;
  return choose_session(options, line);
}

}  // namespace

// [SECTION] The lab's run settings ---------------------------------------------------------------

void add_lab_flags(CLI::App& group, LabOptions& lab) {
  add_run_settings_flags(group, lab.settings, "train N steps before the first frame");
  group.add_flag("--compare", lab.compare, "compare mode (hidden neurons 3 / 6 / 20)");
  group.add_flag("--discretize", lab.discretize, "hard boundary, no confidence shading");
  group
      .add_option("--rewind-to", lab.rewind_to,
                  "after --train-steps, rewind the run to this step (its timeline slider)")
      ->check(CLI::NonNegativeNumber);
}

// [SECTION] Parsing ------------------------------------------------------------------------------

ParsedOptions parse_gui_options(int argc, char** argv) {
  ParsedOptions parsed;
  GuiOptions& options = parsed.options;
  CommandLine line;
  CLI::App cli{"gradflow: step through backpropagation on a computation graph", "gradflow"};
  add_document_flags(cli, options.start, line);
  add_view_flags(cli, options, line);
  add_output_flags(cli, options);
  add_lab_group(cli, options);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    parsed.exit_status = cli.exit(e);
    return parsed;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "gradflow: %s (see gradflow --help)\n", e.what());
    parsed.exit_status = 2;
    return parsed;
  }
  if (const Status resolved = resolve(options, line); !resolved) {
    std::fprintf(stderr, "gradflow: %s\n", resolved.reason().c_str());
    parsed.exit_status = 2;
  }
  return parsed;
}

}  // namespace gf::gui
