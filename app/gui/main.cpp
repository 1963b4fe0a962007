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
// Reads as a script: 1. options, 2. window and OpenGL, 3. Dear ImGui, 4. the loop (or one of the
// headless modes), 5. cleanup in reverse order.
#include <epoxy/gl.h>
// epoxy first: it must define the GL prototypes before GLFW looks for them.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "display_connect.hpp"
#include "frame_capture.hpp"
#include "lab_panel.hpp"
#include "input_pacing.hpp"
#include "session.hpp"

namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point kLaunch = Clock::now();

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Keys pressed since the last frame (see App::frame).
std::vector<gf::gui::KeyPress> g_keys_pressed;
// Keys, characters and mouse buttons as ImGui sees them: paced, one change per frame
// (input_pacing.hpp), so that a late frame does not merge a quick tap, a double click or a drag.
gf::gui::InputPacing g_input;
void route_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  // Held arrows and page keys repeat (stepping on); other keys toggle once per press.
  const bool repeats = key == GLFW_KEY_RIGHT || key == GLFW_KEY_LEFT || key == GLFW_KEY_UP ||
                       key == GLFW_KEY_DOWN || key == GLFW_KEY_PAGE_UP || key == GLFW_KEY_PAGE_DOWN;
  if (action == GLFW_PRESS || (action == GLFW_REPEAT && repeats)) g_keys_pressed.push_back({key, mods});
  g_input.on_key(window, key, scancode, action, mods);
}
void route_char(GLFWwindow*, unsigned int codepoint) { g_input.on_char(codepoint); }
void route_mouse_button(GLFWwindow*, int button, int action, int) { g_input.on_button(button, action == GLFW_PRESS); }
void track_cursor(GLFWwindow*, double x, double y) { g_input.on_cursor(x, y); }

// Files dropped onto the window, opened by the app one at a time (the last one wins).
std::vector<std::string> g_dropped_files;
void queue_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped_files.emplace_back(paths[i]);
}

void print_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "gradflow: GLFW error %d: %s\n", code, description);
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const std::size_t index = std::min(samples.size() - 1, static_cast<std::size_t>(p * (samples.size() - 1) + 0.5));
  return samples[index];
}

// Frame times of a --bench-frames run, and the JSON both benchmarks print (the stepper's and
// the lab's): medians and tails of whole frames, the median of each part, triangles.
struct FrameSamples {
  std::vector<double> frame_ms, triangles, ui_ms, render_ms, present_ms;
  void add(double frame, double ui, double render, double present, double triangle_count) {
    frame_ms.push_back(frame);
    ui_ms.push_back(ui);
    render_ms.push_back(render);
    present_ms.push_back(present);
    triangles.push_back(triangle_count);
  }
  nlohmann::ordered_json report(int frames, int nodes, double first_frame_ms) const {
    nlohmann::ordered_json result;
    result["frames"] = frames;
    result["nodes"] = nodes;
    result["median_ms"] = percentile(frame_ms, 0.5);
    result["p95_ms"] = percentile(frame_ms, 0.95);
    result["max_ms"] = percentile(frame_ms, 1.0);
    result["first_frame_ms"] = first_frame_ms;
    // Software GL pays per triangle: the count explains much of a frame's time there.
    result["triangles"] = percentile(triangles, 0.5);
    // Medians of the parts: building the UI (CPU), rendering it, presenting it (the copy to
    // the screen; under Xvfb an XPutImage of the whole window).
    result["ui_ms"] = percentile(ui_ms, 0.5);
    result["render_ms"] = percentile(render_ms, 0.5);
    result["present_ms"] = percentile(present_ms, 0.5);
    return result;
  }
};

// What a frame drew, as a number: equal numbers, the same vertices, indices, textures and clip
// rectangles (an idle window: see the loop).
std::size_t hash_of(const ImDrawData* data) {
  std::size_t hash = 0;
  auto mix = [&hash](std::string_view bytes) {
    hash ^= std::hash<std::string_view>()(bytes) + 0x9E3779B97F4A7C15ull + (hash << 6) + (hash >> 2);
  };
  auto bytes_of = [](const auto& vector) {
    return std::string_view(reinterpret_cast<const char*>(vector.Data),
                            static_cast<std::size_t>(vector.Size) * sizeof(vector.Data[0]));
  };
  for (int i = 0; data != nullptr && i < data->CmdListsCount; ++i) {
    const ImDrawList* list = data->CmdLists[i];
    mix(bytes_of(list->VtxBuffer));
    mix(bytes_of(list->IdxBuffer));
    for (const ImDrawCmd& command : list->CmdBuffer) {
      const float fields[] = {command.ClipRect.x, command.ClipRect.y, command.ClipRect.z, command.ClipRect.w,
                              static_cast<float>(command.ElemCount), static_cast<float>(command.IdxOffset)};
      mix(std::string_view(reinterpret_cast<const char*>(fields), sizeof fields));
      const std::intptr_t texture = reinterpret_cast<std::intptr_t>(command.TextureId);
      mix(std::string_view(reinterpret_cast<const char*>(&texture), sizeof texture));
    }
  }
  return hash;
}

}  // namespace

int main(int argc, char** argv) {
  // ---- 1. Options -----------------------------------------------------------------------------
  CLI::App cli{"gradflow: step through backpropagation on a computation graph", "gradflow"};
  gf::gui::StartOptions start;
  std::string positional_file, screenshot, dump_labels, export_svg, size_text = "1280x800",
                                                                    theme = "dark";
  int bench_frames = 0;
  cli.add_option("file", positional_file, "a gradflow JSON document to open");
  cli.add_option("--graph,-g", start.graph_file, "a gradflow JSON document to open");
  cli.add_option("--expr,-e", start.expression, "an expression, e.g. \"(x+y)*z\"");
  cli.add_option("--set,-s", start.assignments, "NAME=VALUE for an input (repeatable)")
      ->allow_extra_args();
  cli.add_flag("--new", start.new_document, "start with an empty document");
  std::string session_file;
  bool no_session = false;
  cli.add_option("--session", session_file,
                 "the autosaved session file (default $XDG_STATE_HOME/gradflow/session.json)");
  cli.add_flag("--no-session", no_session, "neither restore nor autosave a session");
  cli.add_option("--random", start.random_nodes, "open a random graph of N nodes (for benchmarks)")
      ->check(CLI::Range(200, 200000));
  std::string bench_view = "fit";
  cli.add_option("--bench-view", bench_view, "with --bench-frames: fit (whole graph) or corner (100%)")
      ->check(CLI::IsMember({"fit", "corner"}));
  cli.add_option("--step", start.step,
                 "start at step N, 'forward' or 'end'; with --dump-labels, 'all' dumps every step")
      ->check([](const std::string& step) -> std::string {
        const bool number = !step.empty() && step.size() < 10 &&
                            step.find_first_not_of("0123456789") == std::string::npos;
        return number || step == "forward" || step == "end" || step == "all"
                   ? ""
                   : "expected a step number, 'forward', 'end' or 'all'";
      });
  cli.add_flag("--presentation", start.presentation, "large type, high contrast, no side panels");
  cli.add_option("--theme", theme, "dark or light")->check(CLI::IsMember({"dark", "light"}));
  std::string palette = gf::gui::palette_name(false);
  cli.add_option("--palette", palette,
                 "default (values green, gradients red) or colorblind (blue and orange)")
      ->check(CLI::IsMember({gf::gui::palette_name(false), gf::gui::palette_name(true)}));
  cli.add_flag("--quiz", start.quiz,
               "quiz mode: the next step's numbers as \"?\" first (after --step; with --step all, "
               "every press: each question, then its answers)");
  cli.add_option("--ui-scale", start.ui_scale, "scale of text and panels (times the monitor's)")
      ->check(CLI::Range(0.5f, 4.0f));
  cli.add_option("--size", size_text, "window size WxH (default 1280x800)");
  cli.add_option("--screenshot", screenshot, "render to this PNG with animations settled, then exit");
  cli.add_option("--dump-labels", dump_labels, "write every text drawn on the canvas as JSON");
  cli.add_option("--export-svg", export_svg, "write the graph as SVG (with --screenshot, or alone)");
  cli.add_option("--bench-frames", bench_frames, "play, pan and zoom for N frames; print timings")
      ->check(CLI::Range(1, 1000000));
  // The classifier lab (issue 5): its own options, all optional.
  bool lab = false, lab_agreement = false;
  gf::gui::LabOptions lab_options;
  auto* lab_group = cli.add_option_group("Classifier lab");
  lab_group->add_flag("--lab", lab, "open the classifier lab instead of the stepper");
  lab_group->add_option("--dataset", lab_options.dataset, "circle, xor, gaussian, spiral, moons, spiral3, blobs3, blobs4");
  lab_group->add_option(gf::kCsvFlag, lab_options.points_csv, "x,y,label points from a CSV file");
  lab_group->add_option("--points", lab_options.points, "number of points (default 500; moons 100)");
  lab_group->add_option("--noise", lab_options.noise, "noise of the generator (default 0; moons 0.1)");
  lab_group->add_option("--train-fraction", lab_options.train_fraction, "share of training points (0.5)");
  lab_group->add_option("--hidden", lab_options.hidden, "neurons per hidden layer, e.g. 4,2 (or none)");
  lab_group->add_option("--activation", lab_options.activation, gf::nn::activation_names(", ", " or "));
  lab_group->add_option("--loss", lab_options.loss, "hinge, bce, mse or softmax");
  lab_group->add_option("--features", lab_options.features, "inputs: " + gf::nn::feature_names(",", ","));
  lab_group->add_option("--lr", lab_options.learning_rate, "learning rate (0.1)");
  lab_group->add_option("--batch", lab_options.batch, "batch size (0: full batch)");
  lab_group->add_option("--l2", lab_options.l2, "L2 regularisation lambda");
  lab_group->add_option("--l1", lab_options.l1, "L1 regularisation lambda");
  lab_group->add_option("--seed", lab_options.seed, "seed of the data, the weights and the batches");
  lab_group->add_option(gf::kStepsFlag, lab_options.train_steps, "train N steps before the first frame")
      ->check(CLI::Range(0, 10000000));
  lab_group->add_flag("--compare", lab_options.compare, "compare mode (hidden neurons 3 / 6 / 20)");
  lab_group->add_flag("--discretize", lab_options.discretize, "hard boundary, no confidence shading");
  std::string lab_weights, lab_boundary;
  lab_group->add_option("--export-weights", lab_weights, "with --screenshot: the trained weights as JSON");
  lab_group->add_option("--export-boundary", lab_boundary, "with --screenshot: the boundary and points as PNG (CPU)");
  lab_group->add_flag("--lab-agreement-test", lab_agreement,
                      "render the boundary at 256x256 with the shader and the CPU; print how many "
                      "pixels agree as JSON; exit 1 below 99.9%")
      ->group("");  // hidden: for the tests
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "gradflow: %s (see gradflow --help)\n", e.what());
    return 2;
  }
  if (!positional_file.empty()) {
    if (!start.graph_file.empty() || !start.expression.empty()) {
      std::fprintf(stderr, "gradflow: give one document: FILE, --graph or --expr\n");
      return 2;
    }
    start.graph_file = positional_file;
  }
  start.dark = theme != "light";
  start.colorblind = palette == gf::gui::palette_name(true);
  int width = 0, height = 0;
  if (std::sscanf(size_text.c_str(), "%dx%d", &width, &height) != 2 || width < 200 ||
      height < 150 || width > 8192 || height > 8192) {
    std::fprintf(stderr, "gradflow: --size %s: expected WxH, e.g. 1280x800\n", size_text.c_str());
    return 2;
  }
  if (lab_agreement) lab = true;
  // --step all: every step is settled, drawn and its labels dumped, in one run (the tests check
  // sizes and overlaps at every step of every example this way).
  const bool every_step = start.step == "all";
  if (every_step) {
    if (dump_labels.empty() || lab || !screenshot.empty() || !export_svg.empty() || bench_frames > 0) {
      std::fprintf(stderr, "gradflow: --step all goes with --dump-labels alone (the stepper's labels at every step)\n");
      return 2;
    }
    start.step.clear();
  }
  // The files to write are checked before the window opens: a path that cannot be written fails
  // now, by name, instead of after the rendering (or never, for a live window's label dump).
  for (const auto& [option, path] : {std::pair<const char*, const std::string&>{"--screenshot", screenshot},
                                     {"--dump-labels", dump_labels}, {"--export-svg", export_svg},
                                     {"--export-weights", lab_weights}, {"--export-boundary", lab_boundary}}) {
    if (path.empty()) continue;
    if (const gf::Status writable = gf::gui::check_output_path(path); !writable) {
      std::fprintf(stderr, "gradflow: %s %s\n", option, writable.reason().c_str());
      return 2;
    }
  }
  const bool headless =
      !screenshot.empty() || bench_frames > 0 || !export_svg.empty() || lab_agreement || every_step;
  // Only a live window keeps a session: headless runs must not disturb the user's.
  if (!headless && !no_session) {
    if (session_file.empty()) {
      gf::Result<std::string> path = gf::default_session_path();
      if (path) session_file = *path;
      else std::fprintf(stderr, "gradflow: no session autosave: %s\n", path.reason().c_str());
    } else if (gf::Status named = gf::check_named_session_path(session_file); !named) {
      std::fprintf(stderr, "gradflow: --session %s\n", named.reason().c_str());  // nothing touched
      return 2;
    }
    start.session_file = session_file;  // claimed by the app (a second window takes session-2)
  }

  // ---- 2. Window and OpenGL 3.3 core (through libepoxy) ---------------------------------------
  glfwSetErrorCallback(print_glfw_error);
  if (const gf::Status opened = gf::gui::open_display(); !opened) {  // waits briefly for a display
    std::fprintf(stderr, "gradflow: %s\n", opened.reason().c_str());
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // HiDPI: the window grows with the monitor
  GLFWwindow* window = glfwCreateWindow(width, height, "gradflow", nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "gradflow: cannot create an OpenGL 3.3 core window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(bench_frames > 0 || headless ? 0 : 1);
  float content_scale = 1.0f, unused = 1.0f;
  glfwGetWindowContentScale(window, &content_scale, &unused);

  // ---- 3. Dear ImGui and the app --------------------------------------------------------------
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is the app's, not a file's
  glfwSetDropCallback(window, queue_drop);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetKeyCallback(window, route_key);  // instead of ImGui's: see g_input
  glfwSetCharCallback(window, route_char);
  glfwSetMouseButtonCallback(window, route_mouse_button);
  glfwSetCursorPosCallback(window, track_cursor);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  gf::gui::App app;
  if (!app.start(start, content_scale)) {
    std::fprintf(stderr, "gradflow: %s\n", app.error().c_str());
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 2;
  }
  app.set_record_labels(!dump_labels.empty());
  if (lab) {  // the classifier lab, configured from the command line (issue 5)
    std::string lab_error;
    if (!app.lab().state.configure(lab_options, lab_error)) {
      std::fprintf(stderr, "gradflow: %s\n", lab_error.c_str());
      app.release_gpu_resources();
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
      glfwDestroyWindow(window);
      glfwTerminate();
      return 2;
    }
    app.set_lab_active(true);
  }

  // One frame: UI, draw, optional capture, swap. Returns the framebuffer size.
  Clock::time_point last = Clock::now();
  std::string last_labels, shown_title;
  // A file that could not be written (--screenshot, --dump-labels): said once, and the exit
  // status is 1.
  bool write_failed = false;
  std::string last_write_failure;
  auto report_write = [&](const gf::Status& written) {
    if (written) return;
    write_failed = true;
    if (written.reason() != last_write_failure)
      std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
    last_write_failure = written.reason();
  };
  // With `split` (benchmarks): where a frame's time goes — building the UI, rendering it (with
  // glFinish, so software GL's work is counted), presenting it.
  struct FrameSplit {
    double ui_ms = 0, render_ms = 0, present_ms = 0;
  };
  std::size_t last_drawn = 0;
  ImVec2 shown_size{0, 0};  // the last frame's display size
  int unchanged_frames = 0;  // frames in a row that drew what the one before drew
  Clock::time_point last_input = Clock::now();
  ImVec2 last_mouse{-1, -1};
  // `wait`: an idle window sleeps until an event arrives or this many seconds pass.
  auto run_frame = [&](bool capture_png, FrameSplit* split = nullptr, double wait = 0) {
    if (wait > 0) glfwWaitEventsTimeout(wait);
    const Clock::time_point frame_start = Clock::now();
    if (wait <= 0) glfwPollEvents();
    if (app.fonts_need_rebuild()) {
      app.rebuild_fonts();
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    const Clock::time_point now = Clock::now();
    const float dt = std::chrono::duration<float>(now - last).count();
    last = now;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    const bool paced_input = g_input.deliver(ImGui::GetIO());
    if (headless) {  // a picture must not depend on where the X pointer happens to be
      ImGuiIO& io = ImGui::GetIO();
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      for (bool& down : io.MouseDown) down = false;
      io.MouseWheel = io.MouseWheelH = 0;
    }
    {  // any input this frame (keys, characters, the mouse moving, pressed or scrolled)
      const ImGuiIO& io = ImGui::GetIO();
      bool input = !g_keys_pressed.empty() || paced_input || io.InputQueueCharacters.Size > 0 ||
                   io.MouseWheel != 0 || io.MouseWheelH != 0 || io.MousePos.x != last_mouse.x ||
                   io.MousePos.y != last_mouse.y;
      for (const bool down : io.MouseDown) input |= down;
      if (input) last_input = Clock::now();
      last_mouse = io.MousePos;
    }
    ImGui::NewFrame();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    app.frame({display.x, display.y}, dt, g_keys_pressed);
    g_keys_pressed.clear();
    ImGui::Render();
    const std::size_t drawn = hash_of(ImGui::GetDrawData());
    unchanged_frames = drawn == last_drawn ? unchanged_frames + 1 : 0;
    last_drawn = drawn;
    if (split) split->ui_ms = ms_since(frame_start);
    const Clock::time_point render_start = Clock::now();
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    const gf::gui::Color background = app.background();  // panels and canvas share it
    glClearColor(background.r / 255.f, background.g / 255.f, background.b / 255.f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (split) {
      glFinish();
      split->render_ms = ms_since(render_start);
    }
    const Clock::time_point present_start = Clock::now();
    if (capture_png && !screenshot.empty())
      report_write(gf::gui::write_framebuffer_png(screenshot, fb_width, fb_height));
    if (!app.png_export_request().empty()) {  // F12: a failure is said, but does not end the window
      if (const gf::Status written = gf::gui::write_framebuffer_png(app.png_export_request(), fb_width, fb_height);
          !written)
        std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
      app.png_export_request().clear();
    }
    shown_size = display;
    if (!dump_labels.empty() && !every_step) {  // rewritten whenever what is drawn changes
      std::string labels = gf::gui::labels_json(app.labels(), static_cast<int>(display.x),
                                                static_cast<int>(display.y));
      if (labels != last_labels) {
        report_write(gf::gui::write_scratch_file(dump_labels, labels));
        last_labels = std::move(labels);
      }
    }
    if (app.lab_playing()) {  // the lab's training budget follows the frame's work (lab_state.hpp)
      glFinish();  // the rendering counts; the swap's wait for the display does not
      app.lab().state.report_frame_work(ms_since(frame_start));
    }
    glfwSwapBuffers(window);
    if (split) {
      glFinish();
      split->present_ms = ms_since(present_start);
    }
    if (app.window_title() != shown_title) {
      shown_title = app.window_title();
      glfwSetWindowTitle(window, shown_title.c_str());
    }
  };

  // ---- 4. The loop, or a headless mode -------------------------------------------------------
  int status = 0;
  if (lab_agreement) {
    // The shader's classes (read back with glReadPixels) against the CPU's, texel by texel.
    run_frame(false);
    const gf::gui::LabPanel::Agreement agreement = app.lab().agreement_test(256);
    nlohmann::ordered_json result;
    result["pixels"] = agreement.pixels;
    result["agreeing"] = agreement.agreeing;
    result["fraction"] = agreement.fraction;
    if (!agreement.error.empty()) result["error"] = agreement.error;
    std::printf("%s\n", result.dump().c_str());
    status = agreement.error.empty() && agreement.fraction >= 0.999 ? 0 : 1;
    if (!screenshot.empty()) run_frame(true);
  } else if (bench_frames > 0 && lab) {
    // The lab while training live: every frame trains within its budget and redraws the heatmap.
    run_frame(false);
    const double first_frame_ms = ms_since(kLaunch);
    run_frame(false);
    gf::gui::LabState& lab_state = app.lab().state;
    lab_state.playing = true;
    FrameSamples samples;
    for (int frame = 0; frame < bench_frames; ++frame) {
      if (!lab_state.playing) {  // a finished run restarts
        lab_state.reset();
        lab_state.playing = true;
      }
      FrameSplit split;
      const Clock::time_point begin = Clock::now();
      run_frame(false, &split);
      glFinish();
      // ui_ms includes training and the heatmap's offscreen render.
      samples.add(ms_since(begin), split.ui_ms, split.render_ms, split.present_ms,
                  ImGui::GetDrawData()->TotalIdxCount / 3.0);
    }
    lab_state.finish_training();
    const double result_budget_ms = lab_state.budget_ms;
    const int nodes = lab_state.main.trainer ? lab_state.main.trainer->point_graph().graph.node_count() : 0;
    nlohmann::ordered_json result = samples.report(bench_frames, nodes, first_frame_ms);
    const std::vector<gf::gui::LabRun*> runs = lab_state.active_runs();  // compare: the first
    result["lab_steps"] = !runs.empty() && runs.front()->trainer ? runs.front()->trainer->step() : 0;
    result["lab_budget_ms"] = result_budget_ms;  // where the training budget settled
    std::printf("%s\n", result.dump().c_str());
  } else if (bench_frames > 0) {
    // Warm up (fonts, first layout), then play the trace in a loop while panning and zooming.
    run_frame(false);
    const double first_frame_ms = ms_since(kLaunch);
    run_frame(false);
    app.request_fit();
    run_frame(false);
    if (bench_view == "corner") app.view_corner();
    app.set_playing(true);
    FrameSamples samples;
    gf::gui::CanvasTransform& canvas = app.canvas();
    const gf::Vec2 base_offset = canvas.offset;
    const float base_zoom = canvas.zoom;
    for (int frame = 0; frame < bench_frames; ++frame) {
      const float phase = static_cast<float>(frame) * 0.05f;
      const float zoom = base_zoom * (1.0f + 0.15f * std::sin(phase));
      canvas.zoom = zoom;
      canvas.offset = base_offset + gf::Vec2{30.0f * std::sin(phase * 0.7f), 20.0f * std::cos(phase)};
      if (app.step_count() > 0 && frame % 40 == 0) app.set_step((frame / 40) % (app.step_count() + 1));
      const Clock::time_point begin = Clock::now();
      FrameSplit split;
      run_frame(false, &split);
      glFinish();  // count the rendering, not just the submission
      samples.add(ms_since(begin), split.ui_ms, split.render_ms, split.present_ms,
                  ImGui::GetDrawData()->TotalIdxCount / 3.0);
    }
    const nlohmann::ordered_json result =
        samples.report(bench_frames, app.document().graph.node_count(), first_frame_ms);
    std::printf("%s\n", result.dump().c_str());
  } else if (every_step) {
    // Every press of "next" from the start: with --quiz each question, then its answers.
    std::string steps = "{\"steps\": [\n";
    app.set_step(0);
    const int presses = app.quiz() ? 2 * app.step_count() : app.step_count();
    for (int press = 0; press <= presses; ++press) {
      if (press > 0) app.quiz_next();
      for (int frame = 0; frame < 3; ++frame) {
        app.settle();
        run_frame(false);
      }
      steps += (press > 0 ? ",\n" : "") + gf::gui::labels_json(app.labels(), static_cast<int>(shown_size.x),
                                                               static_cast<int>(shown_size.y));
    }
    report_write(gf::gui::write_scratch_file(dump_labels, steps + "]}\n"));
  } else if (headless) {
    // Settled state: two frames for ImGui to lay windows out and fit the view, then the capture.
    for (int frame = 0; frame < 3; ++frame) {
      app.settle();
      if (frame == 1 && bench_view == "corner") app.view_corner();  // what the benchmark sees
      run_frame(frame == 2);
    }
    if (const std::string missing = app.missing_glyphs(); !missing.empty())
      std::fprintf(stderr, "gradflow: warning: %s", missing.c_str());
    if (!export_svg.empty()) {
      if (const gf::Status written = gf::write_file_atomically(export_svg, app.export_svg()); !written) {
        std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
        status = 1;
      }
    }
    if (lab) {  // the lab's exports, as its buttons write them
      gf::gui::LabState& lab_state = app.lab().state;
      gf::Status written = gf::Status::success();
      if (written && !lab_weights.empty()) written = lab_state.export_weights(lab_weights);
      if (written && !lab_boundary.empty())
        written = lab_state.export_boundary_png(lab_boundary, 512, gf::gui::heat_neutral(theme != "light"));
      if (!written) {
        std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
        status = 1;
      }
    }
  } else {
    while (!app.wants_quit()) {
      if (glfwWindowShouldClose(window)) {  // the close button: the app may ask first
        glfwSetWindowShouldClose(window, GLFW_FALSE);
        app.request_close();
      }
      if (!g_dropped_files.empty()) {
        app.request_open(g_dropped_files.back());
        g_dropped_files.clear();
      }
      // Idle: half a second after the last input, once a few frames in a row drew the same
      // picture and nothing moves on its own (training, an animation, a picture refined over
      // frames), wait for input instead of drawing the same frame 60 times a second; half a
      // second at most, for what changes with time alone (the text cursor's blink). (Half a
      // second: what a click or a key sets going, such as a double click or a field taking
      // focus, plays out over the next frames before the window waits.)
      const bool idle = unchanged_frames >= 3 && ms_since(last_input) > 500 && !app.animating() &&
                        !g_input.pending();
      run_frame(false, nullptr, idle ? 0.5 : 0.0);
    }
  }

  if (write_failed && status == 0) status = 1;

  // ---- 5. Cleanup, in reverse order ----------------------------------------------------------
  app.release_gpu_resources();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
