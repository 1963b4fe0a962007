// callout.cpp — see callout.hpp.
//
// Index
//   [SECTION] The callout's lines
//   [SECTION] draw_callout
#include "callout.hpp"

#include <algorithm>
#include <cmath>

#include "caption.hpp"
#include "number_format.hpp"

namespace gf::gui {

// [SECTION] The callout's lines ----------------------------------------------------------------

namespace {

struct CalloutLine {
  std::string text;
  Color color;
};

// Splits text at spaces into lines of at most `width` code points (a word longer stays whole).
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t space = text.find(' ', start);
    if (space == std::string::npos) space = text.size();
    const std::string word = text.substr(start, space - start);
    if (!line.empty() && glyph_count(line) + 1 + glyph_count(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = space + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::vector<CalloutLine> callout_lines(const Graph& graph, const Trace& trace, const StepView& view,
                                       const DrawSettings& settings) {
  const Palette& palette = settings.palette;
  const NodeId id = view.current_node;
  const OpInfo& info = op_info(graph.op(id));
  const int d = settings.digits;
  // Quiz mode asks the step's results: "?" where the next press puts a number.
  auto answer = [&](double number) {
    return settings.question != nullptr ? std::string("?") : format_significant(number, d);
  };
  std::vector<CalloutLine> lines;
  // A caption that is an expression gets parentheses after ∂: ∂f/∂(x+y), not ∂f/∂x+y.
  auto wrt = [](const std::string& caption) {
    return caption.find_first_of("+-*/^ \xc2\xe2") == std::string::npos ? caption
                                                                        : "(" + caption + ")";
  };
  const std::string me = node_caption(graph, id);
  const std::string out = node_caption(graph, graph.output());
  if (view.phase == StepPhase::Forward) {
    const ForwardStep& step = trace.forward[view.current_forward];
    std::string numbers;
    if (info.arity == 2)
      numbers = format_significant(step.input_values[0], d) + " " + gate_symbol(graph, id) + " " +
                format_significant(step.input_values[1], d);
    else
      numbers = gate_symbol(graph, id) + "(" + format_significant(step.input_values[0], d) + ")";
    lines.push_back(
        {"forward: " + me + " = " + numbers + " = " + answer(step.value), palette.callout_text});
    return lines;
  }
  const BackwardStep& step = trace.backward[view.current_backward];
  // The output's seed is asked with its step: the upstream of the first backward step.
  const bool seed_asked = settings.question != nullptr && settings.question->output_grad_asked;
  const std::string upstream = seed_asked ? "?" : format_significant(step.upstream_grad, d);
  if (settings.callout_note)
    for (const std::string& line : wrap(std::string(info.pattern_note), 48))
      lines.push_back({line, palette.muted_text});
  lines.push_back(
      {"upstream \u2202" + out + "/\u2202" + wrt(me) + " = " + upstream, palette.callout_text});
  for (int pin = 0; pin < step.input_count; ++pin) {
    const GradContribution& c = step.to_inputs[pin];
    const std::string who = node_caption(graph, c.input);
    lines.push_back({"\u2192 " + who + ": upstream " + upstream + " \u00d7 local " +
                         format_significant(c.local_grad, d) + " = " + answer(c.downstream_grad),
                     palette.grad});
    // Fan-out: gradients from several consumers add up (+=); show the running sum.
    const double before = c.total_after - c.downstream_grad;
    if (before != 0.0 || graph.wires_out(c.input) > 1)
      lines.push_back({"    \u2202" + out + "/\u2202" + wrt(who) + " += " +
                           answer(c.downstream_grad) + ":  " + format_significant(before, d) +
                           " + " + answer(c.downstream_grad) + " = " + answer(c.total_after),
                       palette.grad});
  }
  return lines;
}

}  // namespace

// [SECTION] draw_callout -------------------------------------------------------------------------

namespace {

// The callout's text at one size: its box and each line's height.
struct CalloutLayout {
  float text_size, line_gap, pad;
  Vec2 box_size;
  std::vector<float> line_heights;
};

// The callout at the size of the numbers, and never under 14 px (more in presentation mode)
// however far the graph is zoomed out; then smaller sizes, as long as the text stays readable
// (12 px, more in presentation mode). Largest first.
std::vector<CalloutLayout> callout_layouts(Painter& painter, const std::vector<CalloutLine>& lines,
                                           const DrawSettings& settings, float number_size) {
  const float pixels_per_unit = std::max(1e-3f, painter.pixels_per_unit());
  const float full =
      std::max(number_size, std::max(15.0f, 14.0f / pixels_per_unit) * settings.text_scale);
  const float smallest_px = 12.0f * settings.text_scale;
  std::vector<CalloutLayout> layouts;
  for (float factor : {1.0f, 0.85f, 0.72f, 0.6f}) {
    if (factor < 1.0f && full * factor * pixels_per_unit < smallest_px) break;
    CalloutLayout layout{full * factor, 4 * factor, 8 * factor, {}, {}};
    float width = 0, height = 0;
    for (const CalloutLine& line : lines) {
      const Vec2 extent = painter.text_size(line.text, layout.text_size);
      width = std::max(width, extent.x);
      layout.line_heights.push_back(extent.y);
      height += extent.y + layout.line_gap;
    }
    layout.box_size = {width + 2 * layout.pad, height - layout.line_gap + 2 * layout.pad};
    layouts.push_back(std::move(layout));
  }
  return layouts;
}

// The leader line from the box to the gate's outline, under the graph's texts (the gate's name
// below it stays readable).
void draw_leader(Painter& painter, const Graph& graph, NodeId id, const Box& box,
                 const CalloutObstacles& obstacles, Color color) {
  const Box gate = node_box(graph, id);
  const Vec2 center = (gate.min + gate.max) * 0.5f;
  std::vector<Vec2> route = leader_route(box, gate, obstacles);
  const Vec2 last = route[route.size() - 2];  // where the last run comes from
  const Vec2 towards = last - center;
  const float length = std::hypot(towards.x, towards.y);
  const float reach = is_leaf(graph.op(id))
                          ? 0.5f * std::min(gate.max.x - gate.min.x, gate.max.y - gate.min.y)
                          : kGateRadius;
  if (length <= reach + 2) return;
  route.back() = center + towards * ((reach + 3) / length);  // stopped at the gate's outline
  painter.polyline(route, color, 1.5f);
  painter.circle(route.back(), 2.5f, color, {}, 0);
}

bool step_in_trace(const Trace& trace, const StepView& view) {
  auto within = [](int index, std::size_t size) {
    return index >= 0 && static_cast<std::size_t>(index) < size;
  };
  if (view.phase == StepPhase::Forward) return within(view.current_forward, trace.forward.size());
  if (view.phase == StepPhase::Backward)
    return within(view.current_backward, trace.backward.size());
  return false;
}

}  // namespace

void draw_callout(Painter& painter, const Graph& graph, const Trace& trace, const StepView& view,
                  const DrawSettings& settings, const CalloutObstacles& obstacles,
                  float number_size) {
  if (view.current_node == kNoNode || !graph.contains(view.current_node)) return;
  if (!step_in_trace(trace, view)) return;
  const NodeId id = view.current_node;
  const std::vector<CalloutLine> lines = callout_lines(graph, trace, view, settings);
  const std::vector<CalloutLayout> layouts = callout_layouts(painter, lines, settings, number_size);
  std::vector<Vec2> sizes;
  for (const CalloutLayout& layout : layouts) sizes.push_back(layout.box_size);
  const float cell = 6.0f / std::max(1e-3f, painter.pixels_per_unit());  // the search grid: 6 px
  const CalloutPlacement place =
      place_callout(sizes, node_box(graph, id), obstacles, painter.callout_room(), cell);
  const Box& box = place.box;
  const CalloutLayout& layout = layouts[place.size_index];

  draw_leader(painter, graph, id, box, obstacles, settings.palette.callout_stroke);
  painter.begin_overlay();  // the box on top of everything
  painter.rect(box.min, box.max, 0, settings.palette.callout_fill, settings.palette.callout_stroke,
               1.5f);
  painter.record(box.min, box.max, "callout", {LabelKind::Shape, id});
  float y = box.min.y + layout.pad;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    painter.text({box.min.x + layout.pad, y}, lines[i].text, layout.text_size, lines[i].color,
                 {LabelKind::Callout, id});
    y += layout.line_heights[i] + layout.line_gap;
  }
}

}  // namespace gf::gui
