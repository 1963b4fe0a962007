// headless_modes.cpp — the modes without a live window, and the benchmarks' report.
#include "headless_modes.hpp"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "document.hpp"
#include "frame_capture.hpp"
#include "lab_panel.hpp"

namespace gf::gui {
namespace {

// When the program started: a benchmark's first frame is timed from here.
const Clock::time_point kLaunch = Clock::now();

// [SECTION] The benchmarks' report ---------------------------------------------------------------

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const std::size_t index =
      std::min(samples.size() - 1, static_cast<std::size_t>(p * (samples.size() - 1) + 0.5));
  return samples[index];
}

// Frame times of a --bench-frames run, and the JSON both benchmarks print (the stepper's and
// the lab's): medians and tails of whole frames, the median of each part, triangles.
struct FrameSamples {
  std::vector<double> frame_ms, triangles, ui_ms, render_ms, present_ms;

  // A frame that began at `begin` (measured after a glFinish: the rendering, not just the
  // submission), its parts and the triangles it drew.
  void add(Clock::time_point begin, const FrameSplit& split) {
    glFinish();
    frame_ms.push_back(ms_since(begin));
    ui_ms.push_back(split.ui_ms);
    render_ms.push_back(split.render_ms);
    present_ms.push_back(split.present_ms);
    triangles.push_back(ImGui::GetDrawData()->TotalIdxCount / 3.0);
  }
  nlohmann::ordered_json report(int frames, int nodes, double first_frame_ms) const {
    nlohmann::ordered_json result;
    result["frames"] = frames;
    result["nodes"] = nodes;
    result["median_ms"] = percentile(frame_ms, 0.5);
    result["p95_ms"] = percentile(frame_ms, 0.95);
    result["max_ms"] = percentile(frame_ms, 1.0);
    result["first_frame_ms"] = first_frame_ms;
    // The triangle count explains much of a frame's time on software GL (docs/ARCHITECTURE.md).
    result["triangles"] = percentile(triangles, 0.5);
    // Medians of the parts: building the UI (CPU), rendering it, presenting it (the copy to
    // the screen; under Xvfb an XPutImage of the whole window).
    result["ui_ms"] = percentile(ui_ms, 0.5);
    result["render_ms"] = percentile(render_ms, 0.5);
    result["present_ms"] = percentile(present_ms, 0.5);
    return result;
  }
};

// The lab's exports, as its buttons write them.
Status write_lab_exports(App& app, const GuiOptions& options) {
  LabState& lab_state = app.lab().state;
  Status written = Status::success();
  if (written && !options.lab_weights.empty())
    written = lab_state.export_weights(options.lab_weights);
  if (written && !options.lab_boundary.empty())
    written = lab_state.export_boundary_png(options.lab_boundary, 512,
                                            heat_neutral(options.theme != "light"));
  return written;
}

}  // namespace

// [SECTION] Choosing the mode --------------------------------------------------------------------

int run_mode(App& app, FrameLoop& frames, const GuiOptions& options) {
  int status = 0;
  if (options.lab_agreement)
    status = lab_agreement_test(app, frames, options);
  else if (options.bench_frames > 0 && options.lab)
    status = bench_lab(app, frames, options);
  else if (options.bench_frames > 0)
    status = bench_stepper(app, frames, options);
  else if (options.every_step)
    status = dump_every_step(app, frames, options);
  else if (options.headless)
    status = render_settled(app, frames, options);
  else
    frames.run_until_quit();
  return frames.exit_status(status);
}

// [SECTION] Pictures and labels ------------------------------------------------------------------

int render_settled(App& app, FrameLoop& frames, const GuiOptions& options) {
  // Settled state: two frames for ImGui to lay windows out and fit the view, then the capture.
  for (int frame = 0; frame < 3; ++frame) {
    app.settle();
    if (frame == 1 && options.bench_view == "corner") app.view_corner();  // as benchmarked
    frames.run_frame(frame == 2);
  }
  if (const std::string missing = app.missing_glyphs(); !missing.empty())
    std::fprintf(stderr, "gradflow: warning: %s", missing.c_str());
  int status = 0;
  if (!options.export_svg.empty()) {
    if (const Status written = write_file_atomically(options.export_svg, app.export_svg());
        !written) {
      std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
      status = 1;
    }
  }
  if (!options.lab) return status;
  if (const Status written = write_lab_exports(app, options); !written) {
    std::fprintf(stderr, "gradflow: %s\n", written.reason().c_str());
    status = 1;
  }
  return status;
}

// With --quiz: each question, then its answers.
int dump_every_step(App& app, FrameLoop& frames, const GuiOptions& options) {
  std::string steps = "{\"steps\": [\n";
  app.set_step(0);
  const int presses = app.quiz() ? 2 * app.step_count() : app.step_count();
  for (int press = 0; press <= presses; ++press) {
    if (press > 0) app.quiz_next();
    for (int frame = 0; frame < 3; ++frame) {
      app.settle();
      frames.run_frame(false);
    }
    const ImVec2 size = frames.shown_size();
    steps += (press > 0 ? ",\n" : "") +
             labels_json(app.labels(), static_cast<int>(size.x), static_cast<int>(size.y));
  }
  frames.report_write(write_scratch_file(options.dump_labels, steps + "]}\n"));
  return 0;
}

// [SECTION] Benchmarks ---------------------------------------------------------------------------

// Warm up (fonts, first layout), then play the trace in a loop while panning and zooming.
int bench_stepper(App& app, FrameLoop& frames, const GuiOptions& options) {
  frames.run_frame(false);
  const double first_frame_ms = ms_since(kLaunch);
  frames.run_frame(false);
  app.request_fit();
  frames.run_frame(false);
  if (options.bench_view == "corner") app.view_corner();
  app.set_playing(true);
  FrameSamples samples;
  CanvasTransform& canvas = app.canvas();
  const Vec2 base_offset = canvas.offset;
  const float base_zoom = canvas.zoom;
  for (int frame = 0; frame < options.bench_frames; ++frame) {
    const float phase = static_cast<float>(frame) * 0.05f;
    canvas.zoom = base_zoom * (1.0f + 0.15f * std::sin(phase));
    canvas.offset = base_offset + Vec2{30.0f * std::sin(phase * 0.7f), 20.0f * std::cos(phase)};
    if (app.step_count() > 0 && frame % 40 == 0)
      app.set_step((frame / 40) % (app.step_count() + 1));
    const Clock::time_point begin = Clock::now();
    FrameSplit split;
    frames.run_frame(false, &split);
    samples.add(begin, split);
  }
  const nlohmann::ordered_json result =
      samples.report(options.bench_frames, app.document().graph.node_count(), first_frame_ms);
  std::printf("%s\n", result.dump().c_str());
  return 0;
}

// The lab while training live: every frame trains within its budget and redraws the heatmap
// (its ui_ms includes training and the heatmap's offscreen render).
int bench_lab(App& app, FrameLoop& frames, const GuiOptions& options) {
  frames.run_frame(false);
  const double first_frame_ms = ms_since(kLaunch);
  frames.run_frame(false);
  LabState& lab_state = app.lab().state;
  lab_state.playing = true;
  FrameSamples samples;
  for (int frame = 0; frame < options.bench_frames; ++frame) {
    if (!lab_state.playing) {  // a finished run restarts
      lab_state.reset();
      lab_state.playing = true;
    }
    FrameSplit split;
    const Clock::time_point begin = Clock::now();
    frames.run_frame(false, &split);
    samples.add(begin, split);
  }
  lab_state.finish_training();
  const LabRun& main_run = lab_state.main;
  const int nodes = main_run.trainer ? main_run.trainer->point_graph().graph.node_count() : 0;
  nlohmann::ordered_json result = samples.report(options.bench_frames, nodes, first_frame_ms);
  const std::vector<LabRun*> runs = lab_state.active_runs();  // compare: the first
  result["lab_steps"] = !runs.empty() && runs.front()->trainer ? runs.front()->trainer->step() : 0;
  result["lab_budget_ms"] = lab_state.budget_ms;  // where the training budget settled
  std::printf("%s\n", result.dump().c_str());
  return 0;
}

// [SECTION] The lab's agreement test -------------------------------------------------------------

int lab_agreement_test(App& app, FrameLoop& frames, const GuiOptions& options) {
  frames.run_frame(false);
  const LabPanel::Agreement agreement = app.lab().agreement_test(256);
  nlohmann::ordered_json result;
  result["pixels"] = agreement.pixels;
  result["agreeing"] = agreement.agreeing;
  result["fraction"] = agreement.fraction;
  if (!agreement.error.empty()) result["error"] = agreement.error;
  std::printf("%s\n", result.dump().c_str());
  const int status = agreement.error.empty() && agreement.fraction >= 0.999 ? 0 : 1;
  if (!options.screenshot.empty()) frames.run_frame(true);
  return status;
}

}  // namespace gf::gui
