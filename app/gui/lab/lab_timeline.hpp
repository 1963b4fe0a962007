// lab_timeline.hpp — the lab's rewind slider (issue 14): under the loss curves, from the main
// run's first kept step to its latest. Dragging it takes the weights, the boundary, the neurons'
// thumbnails and the curves back to that step, live (LabState::rewind_to: the nearest snapshot of
// the run's nn::RunTimeline, then at most a few ms of replayed steps a frame); Play or Step from
// there forks a new run, and the slider's note says where. Compare mode's tiles have no timeline:
// their output has no slider (the toolbar's note says so).
#pragma once

#include "lab_state.hpp"
#include "lab_widgets.hpp"

namespace gf::gui {

// The slider and its note across `width`, at the cursor (one row, or two where the note does not
// fit beside a usable slider). Changes the lab at once (a rewind), as the plane's clicks do.
void draw_timeline(const LabFrame& frame, LabState& state, float width);

// The note beside the slider: where the run forked, or how the timeline is used.
std::string timeline_note(const nn::RunTimeline& timeline, int step);

}  // namespace gf::gui
