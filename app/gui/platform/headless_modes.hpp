// headless_modes.hpp — what `gradflow` does without a live window, one function per mode, each
// returning the exit status: pictures and exports (--screenshot, --export-svg, the lab's exports),
// every step's labels (--step all), the benchmarks (--bench-frames, printing one JSON line that
// tests and scripts read) and the lab's shader/CPU agreement test.
#pragma once

#include "app.hpp"
#include "frame_loop.hpp"
#include "gui_options.hpp"

namespace gf::gui {

// The mode the options choose, or the live window's loop; the exit status.
int run_mode(App& app, FrameLoop& frames, const GuiOptions& options);

// Settled frames, then the capture and the exports.
int render_settled(App& app, FrameLoop& frames, const GuiOptions& options);
// Every press of "next" from the start, its labels into --dump-labels.
int dump_every_step(App& app, FrameLoop& frames, const GuiOptions& options);
// The stepper playing while the view pans and zooms; the lab training live.
int bench_stepper(App& app, FrameLoop& frames, const GuiOptions& options);
int bench_lab(App& app, FrameLoop& frames, const GuiOptions& options);
// The shader's classes (read back with glReadPixels) against the CPU's, texel by texel.
int lab_agreement_test(App& app, FrameLoop& frames, const GuiOptions& options);

}  // namespace gf::gui
