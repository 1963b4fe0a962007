// lab_timeline.cpp — the rewind slider, and LabState's rewinding (see lab_timeline.hpp).
//
// Index
//   [SECTION] Rewinding the main run
//   [SECTION] The slider
#include "lab_timeline.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

namespace gf::gui {

// [SECTION] Rewinding the main run ---------------------------------------------------------------

void LabState::rewind_to(int step, double budget_ms) {
  finish_training();
  if (compare || !main.trainer) return;
  playing = false;
  divergence_.clear();  // (back at the divergence's step, check_divergence finds it again)
  rewind_target_ = step;
  const auto budget = std::chrono::nanoseconds(static_cast<long long>(budget_ms * 1e6));
  if (main.timeline.seek(*main.trainer, step, budget)) rewind_target_ = -1;
  check_divergence();
  advance();  // the weights for the views, the metrics of the step
}

// A rewind's replay that did not fit its frame goes on, a frame's budget at a time.
void LabState::continue_rewind() {
  if (rewind_target_ < 0 || playing || compare || !main.trainer) return;
  const auto budget = std::chrono::nanoseconds(static_cast<long long>(kRewindBudgetMs * 1e6));
  if (main.timeline.seek(*main.trainer, rewind_target_, budget)) rewind_target_ = -1;
  check_divergence();
}

// [SECTION] The slider ---------------------------------------------------------------------------

std::string timeline_note(const nn::RunTimeline& timeline, int step) {
  char text[64];
  if (timeline.forked_at() >= 0)
    std::snprintf(text, sizeof text, "forked at step %d", timeline.forked_at());
  else if (step < timeline.latest_step())
    std::snprintf(text, sizeof text, "Play forks here");
  else if (timeline.first_step() > 0)  // settings, points or a weight changed there
    std::snprintf(text, sizeof text, "kept from step %d", timeline.first_step());
  else
    std::snprintf(text, sizeof text, "drag to rewind");
  return text;
}

void draw_timeline(const LabFrame& frame, LabState& state, float width) {
  if (state.compare || !state.main.trainer) return;
  const nn::RunTimeline& timeline = state.main.timeline;
  const float s = frame.scale;
  const int first = timeline.first_step();
  const int latest = std::max(timeline.latest_step(), state.main.trainer->step());
  int step = state.rewind_target() >= 0 ? state.rewind_target() : state.main.trainer->step();
  const std::string note = timeline_note(timeline, step);
  const float note_w = ImGui::CalcTextSize(note.c_str()).x;
  // The note beside the slider when the slider keeps most of the width, else under it.
  const bool beside = width - note_w - 10 * s >= 0.6f * width;
  char format[48];
  std::snprintf(format, sizeof format, "step %%d / %d", latest);
  ImGui::SetNextItemWidth(beside ? width - note_w - 10 * s : width);
  ImGui::BeginDisabled(latest <= first);  // nothing to go back to yet
  const bool moved = ImGui::SliderInt("##rewind", &step, first, std::max(latest, first + 1), format,
                                      ImGuiSliderFlags_AlwaysClamp);
  ImGui::EndDisabled();
  char shown[48];
  std::snprintf(shown, sizeof shown, format, step);
  lab_record_item(frame, shown);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Rewind: drag to take the weights, the boundary, the neurons and the curves\n"
        "back to any step of this run. Play or Step from there forks a new run\n"
        "(the later steps are dropped). New settings, points or weights start the\n"
        "timeline again from their step. Snapshots every %d steps, %d of at most %d kept.",
        timeline.interval(), timeline.snapshot_count(), timeline.capacity());
  if (beside) ImGui::SameLine(0, 10 * s);
  lab_text(frame, note,
           timeline.forked_at() >= 0 ? frame.palette.warning : frame.palette.muted_text);
  if (moved && latest > first) state.rewind_to(std::min(step, latest));
}

}  // namespace gf::gui
