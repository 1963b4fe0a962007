// weight_inspector.cpp — see weight_inspector.hpp.
//
// Index
//   [SECTION] The gradient shown
//   [SECTION] Tooltip and panel
//   [SECTION] The editor popup
//   [SECTION] Applying edits, undo
#include "weight_inspector.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace gf::gui {

namespace {

bool is_bias(const nn::ModelSpec& model, int parameter) {
  return nn::parameter_name(model, parameter).rfind('b', 0) == 0;
}

std::string batch_words(const nn::Trainer& trainer) {
  const int train = trainer.dataset().train_count();
  const int batch = trainer.config().batch_size;
  if (batch == 0 || batch >= train) return "the full batch";
  return "a batch of " + std::to_string(batch) + " points";
}

}  // namespace

// [SECTION] The gradient shown -------------------------------------------------------------------

// The last step's gradient while it is that of these weights' step (the trainer keeps it, the
// regularisation's included); else (step 0, after an edit, a rewind) the full batch's at the
// current weights, computed once until they change.
WeightInspector::Gradient WeightInspector::gradient_of(const nn::Trainer& trainer, int parameter) {
  const std::span<const double> parameters = trainer.parameters();
  const std::size_t j = static_cast<std::size_t>(parameter);
  if (trainer.step() > 0 && trainer.trace().last_step() == trainer.step() &&
      trainer.trace().matches_last_update(parameters))
    return {trainer.gradients()[j],
            batch_words(trainer) + " of step " + std::to_string(trainer.step())};
  if (!std::equal(parameters.begin(), parameters.end(), probe_parameters_.begin(),
                  probe_parameters_.end())) {
    probe_.compute(trainer, probe_gradient_);
    probe_parameters_.assign(parameters.begin(), parameters.end());
  }
  return {probe_gradient_[j], "the full batch, these weights"};
}

int WeightInspector::shown(const LabRun& run) const {
  if (!run.trainer) return -1;
  const int count = static_cast<int>(run.trainer->parameters().size());
  const int parameter = hovered_ >= 0 ? hovered_ : selected_;
  return parameter < count ? parameter : -1;
}

// [SECTION] Tooltip and panel --------------------------------------------------------------------

void WeightInspector::tooltip(const LabFrame& frame, const LabRun& run, bool with_panel) {
  const int p = hovered_;
  if (p < 0 || !run.trainer || p >= static_cast<int>(run.trainer->parameters().size())) return;
  const nn::Trainer& trainer = *run.trainer;
  const std::string name = nn::parameter_name(run.model, p);
  const char* symbol = is_bias(run.model, p) ? "\xe2\x88\x82L/\xe2\x88\x82"
                                               "b"
                                             : "\xe2\x88\x82L/\xe2\x88\x82w";
  const Gradient gradient = gradient_of(trainer, p);
  // Above and right of the mouse: the wire goes on under it, the diagram's rows below stay clear.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImGui::SetNextWindowPos({mouse.x + 14 * frame.scale, mouse.y - 10 * frame.scale},
                          ImGuiCond_Always, {0, 1});
  ImGui::BeginTooltip();
  lab_text(frame,
           name + " = " + nn::update_number(trainer.parameters()[static_cast<std::size_t>(p)]),
           frame.palette.node_text);
  lab_text(frame, std::string(symbol) + " = " + nn::update_number(gradient.value),
           frame.palette.node_text);
  lab_text(frame, "over " + gradient.batch, frame.palette.muted_text);
  if (with_panel) {  // no room under the diagram: the panel comes with the tooltip
    ImGui::Separator();
    why_panel(frame, run, 380 * frame.scale);
  }
  lab_text(frame, "click to type a new value", frame.palette.muted_text);
  ImGui::EndTooltip();
}

float WeightInspector::panel_height(const LabFrame& frame) {
  // At most: the heading, the step's line, two lines of update, "then set ... by hand", the
  // sparkline.
  return 5 * ImGui::GetTextLineHeightWithSpacing() + 26 * frame.scale +
         ImGui::GetStyle().ItemSpacing.y;
}

void WeightInspector::why_panel(const LabFrame& frame, const LabRun& run, float width) {
  const int p = shown(run);
  if (p < 0) return;
  const nn::Trainer& trainer = *run.trainer;
  const std::string name = nn::parameter_name(run.model, p);
  const double now = trainer.parameters()[static_cast<std::size_t>(p)];
  const nn::WeightTrace& trace = trainer.trace();
  const nn::ParameterUpdate update = trace.last_update(p);
  lab_text(frame, "Why did " + name + " move?", frame.palette.muted_text);
  if (update.step == 0) {
    lab_text(frame,
             "No step yet: " + name + " = " + nn::update_number(now) + ". Step (S) to see one.",
             frame.palette.node_text);
  } else {
    char head[96];
    std::snprintf(head, sizeof head, "step %d, over %s:", update.step,
                  batch_words(trainer).c_str());
    lab_text(frame, head, frame.palette.muted_text);
    for (const std::string& line : nn::write_update(name, update))
      lab_text(frame, line, frame.palette.node_text);
    if (now != update.after)
      lab_text(frame, "then set to " + nn::update_number(now) + " by hand", frame.palette.warning);
  }
  // The history: the last trace depth's values (steps, edits, a reset's start).
  spark_.resize(static_cast<std::size_t>(std::max(trace.depth(), 1)));
  const int n = trace.history(p, spark_);
  if (n < 2) return;
  float low = spark_[0], high = spark_[0];
  for (int e = 1; e < n; ++e) {
    low = std::min(low, spark_[static_cast<std::size_t>(e)]);
    high = std::max(high, spark_[static_cast<std::size_t>(e)]);
  }
  const float pad = std::max((high - low) * 0.1f, 1e-6f);
  // Oldest to newest, as the line runs; written above the line, never over it.
  const std::string range = "its last " + std::to_string(n) +
                            " values: " + nn::update_number(spark_[0]) + " → " +
                            nn::update_number(spark_[static_cast<std::size_t>(n - 1)]);
  lab_text(frame, range, frame.palette.node_text);
  ImGui::PlotLines("##weight_history", spark_.data(), n, 0, nullptr, low - pad, high + pad,
                   {std::min(width, 320 * frame.scale), 26 * frame.scale});
  lab_record_item(frame, "weight history " + range);
}

// [SECTION] The editor popup ---------------------------------------------------------------------

void WeightInspector::open_editor(const LabRun& run) {
  if (hovered_ < 0 || !run.trainer) return;
  editing_ = selected_ = hovered_;
  std::snprintf(field_, sizeof field_, "%.6g",
                run.trainer->parameters()[static_cast<std::size_t>(hovered_)]);
  field_error_.clear();
  open_requested_ = focus_field_ = true;
}

void WeightInspector::editor_popup(const LabFrame& frame, const LabRun& run) {
  if (open_requested_) ImGui::OpenPopup("##weight_editor");
  open_requested_ = false;
  if (!ImGui::BeginPopup("##weight_editor")) {
    editing_ = -1;
    return;
  }
  const bool valid =
      run.trainer && editing_ >= 0 && editing_ < static_cast<int>(run.trainer->parameters().size());
  if (!valid) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  lab_text(frame, "New value of " + nn::parameter_name(run.model, editing_) + " (Enter applies)",
           frame.palette.node_text);
  if (focus_field_) ImGui::SetKeyboardFocusHere();
  focus_field_ = false;
  ImGui::SetNextItemWidth(200 * frame.scale);
  const bool entered =
      ImGui::InputText("##weight_value", field_, sizeof field_,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  lab_record_item(frame, "weight value field");
  if (!field_error_.empty()) lab_text(frame, field_error_, frame.palette.warning);
  if (entered) {
    char* end = nullptr;
    const double value = std::strtod(field_, &end);
    while (end != nullptr && *end == ' ') ++end;
    if (end == field_ || end == nullptr || *end != '\0') {
      field_error_ = "'" + std::string(field_) + "' is not a number";
    } else if (!std::isfinite(value)) {
      field_error_ = "'" + std::string(field_) + "' is not a finite number";
    } else {
      const double before = run.trainer->parameters()[static_cast<std::size_t>(editing_)];
      pending_ = Change{editing_, before, value, run.trainer->parameters().size()};
      ImGui::CloseCurrentPopup();
    }
    focus_field_ = !field_error_.empty();  // typing on after a refusal
  }
  if (frame.escape) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// [SECTION] Applying edits, undo -----------------------------------------------------------------

bool WeightInspector::set_parameter(LabState& state, int parameter, double value,
                                    std::size_t count) {
  state.finish_training();
  if (!state.main.trainer) return false;
  std::vector<double> parameters(state.main.trainer->parameters().begin(),
                                 state.main.trainer->parameters().end());
  if (parameters.size() != count || parameter < 0 ||
      static_cast<std::size_t>(parameter) >= parameters.size())
    return false;
  parameters[static_cast<std::size_t>(parameter)] = value;
  if (!state.main.trainer->set_parameters(parameters)) return false;
  state.main.trainer->export_network(state.main.arrays);
  return true;
}

void WeightInspector::apply_pending(LabState& state) {
  if (!pending_) return;
  const Change change = *pending_;
  pending_.reset();
  if (!set_parameter(state, change.parameter, change.after, change.parameter_count)) return;
  undo_.push_back(change);
  if (undo_.size() > kUndoDepth) undo_.erase(undo_.begin());
  redo_.clear();
}

bool WeightInspector::undo(LabState& state) {
  if (undo_.empty()) return false;
  const Change change = undo_.back();
  undo_.pop_back();
  // (a network rebuilt since: its parameters are others, the edits no longer apply)
  if (!set_parameter(state, change.parameter, change.before, change.parameter_count)) {
    undo_.clear();
    redo_.clear();
    return false;
  }
  redo_.push_back(change);
  selected_ = change.parameter;
  return true;
}

bool WeightInspector::redo(LabState& state) {
  if (redo_.empty()) return false;
  const Change change = redo_.back();
  redo_.pop_back();
  if (!set_parameter(state, change.parameter, change.after, change.parameter_count)) {
    undo_.clear();
    redo_.clear();
    return false;
  }
  undo_.push_back(change);
  selected_ = change.parameter;
  return true;
}

}  // namespace gf::gui
