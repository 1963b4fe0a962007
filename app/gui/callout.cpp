// callout.cpp — see callout.hpp.
//
// Index
//   [SECTION] Placement: a grid of the view, free boxes by distance to the gate
//   [SECTION] The callout's lines
//   [SECTION] draw_callout
#include "callout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "caption.hpp"
#include "number_format.hpp"

namespace gf::gui {

// [SECTION] Placement: a grid of the view, free boxes by distance to the gate -----------------

namespace {

bool empty(const Box& box) { return !(box.max.x > box.min.x && box.max.y > box.min.y); }

// Cells of the view, with a summed-area table over "covered" so that any box of cells is
// tested in four lookups, whatever the number of obstacles.
class CoverGrid {
 public:
  CoverGrid(Box view, float cell, int cols, int rows)
      : view_(view), cell_(cell), cols_(cols), rows_(rows),
        sums_(static_cast<std::size_t>(cols + 1) * (rows + 1), 0) {}

  // Marks every cell a box touches (conservative: a box free of marked cells is free).
  void cover(const Box& box) {
    const int i0 = std::max(0, static_cast<int>(std::floor((box.min.x - view_.min.x) / cell_)));
    const int j0 = std::max(0, static_cast<int>(std::floor((box.min.y - view_.min.y) / cell_)));
    const int i1 = std::min(cols_ - 1, static_cast<int>(std::floor((box.max.x - view_.min.x) / cell_)));
    const int j1 = std::min(rows_ - 1, static_cast<int>(std::floor((box.max.y - view_.min.y) / cell_)));
    if (i0 > i1 || j0 > j1) return;  // outside the view
    // A difference array: +1 at the corner, cancelled past the far edges; summed in finish().
    at(i0, j0) += 1;
    at(i1 + 1, j0) -= 1;
    at(i0, j1 + 1) -= 1;
    at(i1 + 1, j1 + 1) += 1;
  }

  // After the last cover(): each cell becomes covered (0/1), then the table sums them.
  void finish() {
    for (int j = 0; j <= rows_; ++j)
      for (int i = 0; i <= cols_; ++i)
        at(i, j) += (i > 0 ? at(i - 1, j) : 0) + (j > 0 ? at(i, j - 1) : 0) -
                    (i > 0 && j > 0 ? at(i - 1, j - 1) : 0);
    // Now at(i, j) is the number of boxes over cell (i, j); shift by one and sum the 0/1 cover.
    std::vector<int> covered(sums_.size(), 0);
    const auto index = [this](int i, int j) { return static_cast<std::size_t>(j) * (cols_ + 1) + i; };
    for (int j = 0; j < rows_; ++j)
      for (int i = 0; i < cols_; ++i)
        covered[index(i + 1, j + 1)] = (at(i, j) > 0 ? 1 : 0) + covered[index(i, j + 1)] +
                                       covered[index(i + 1, j)] - covered[index(i, j)];
    sums_ = std::move(covered);
  }

  // Covered cells in the w × h cells from (i, j).
  int count(int i, int j, int w, int h) const {
    return sum(i + w, j + h) - sum(i, j + h) - sum(i + w, j) + sum(i, j);
  }

 private:
  int& at(int i, int j) { return sums_[static_cast<std::size_t>(j) * (cols_ + 1) + i]; }
  int sum(int i, int j) const { return sums_[static_cast<std::size_t>(j) * (cols_ + 1) + i]; }

  Box view_;
  float cell_;
  int cols_, rows_;
  std::vector<int> sums_;
};

// The gap between two boxes (0 when they touch or overlap).
float distance(const Box& a, const Box& b) {
  const float dx = std::max({a.min.x - b.max.x, b.min.x - a.max.x, 0.0f});
  const float dy = std::max({a.min.y - b.max.y, b.min.y - a.max.y, 0.0f});
  return std::hypot(dx, dy);
}

// The search keeps at most this many cells: a huge view (an SVG of thousands of nodes) gets
// coarser cells rather than a slower search.
constexpr double kMaxCells = 60000;

}  // namespace

CalloutPlacement place_callout(std::span<const Vec2> sizes, Box gate,
                               const CalloutObstacles& obstacles, const CalloutRoom& room,
                               float cell) {
  if (sizes.empty()) return {};
  const float gap = 14.0f;  // between the gate and the box: room for the leader line
  const Vec2 gate_center = (gate.min + gate.max) * 0.5f;
  const Box& view = room.view;
  if (empty(view)) {  // no limits: right of the gate
    const Vec2 size = sizes[0];
    return {{{gate.max.x + gap, gate_center.y - size.y * 0.5f},
             {gate.max.x + gap + size.x, gate_center.y + size.y * 0.5f}}};
  }

  cell = std::max(cell, 1e-3f);
  const Vec2 extent = view.max - view.min;
  while (static_cast<double>(extent.x / cell) * (extent.y / cell) > kMaxCells) cell *= 1.5f;
  const int cols = static_cast<int>(extent.x / cell), rows = static_cast<int>(extent.y / cell);
  CoverGrid blocked(view, cell, cols, rows), wires(view, cell, cols, rows);
  for (const Box& box : obstacles.blocked) blocked.cover(box);
  for (const Box& box : room.keep_out) blocked.cover(box);
  blocked.cover({gate.min - Vec2{gap, gap}, gate.max + Vec2{gap, gap}});
  blocked.finish();
  for (Vec2 point : obstacles.wires) wires.cover({point, point});
  wires.finish();

  auto cells = [cell](float length) { return static_cast<int>(std::ceil(length / cell)); };
  auto box_at = [&](int i, int j, Vec2 size) {
    const Vec2 min{view.min.x + i * cell, view.min.y + j * cell};
    return Box{min, min + size};
  };
  // Score: the gap to the gate, plus a penalty for each cell of wire covered, plus a small
  // preference among the sides (below and above first: in a left-to-right graph the wires run
  // sideways, so the sides of a gate hold its wires and their numbers).
  auto score = [&](const Box& box) {
    float side = 1.5f;  // left
    if (box.min.y >= gate.max.y) side = 0;
    else if (box.max.y <= gate.min.y) side = 0.5f;
    else if (box.min.x >= gate.max.x) side = 1.0f;
    const Vec2 center = (box.min + box.max) * 0.5f;
    const float off_axis = side < 1.0f ? std::abs(center.x - gate_center.x) : std::abs(center.y - gate_center.y);
    return distance(box, gate) + side * cell + 0.1f * off_axis;
  };

  // A picture that may grow keeps the callout at its own size (outside the view if need be).
  const std::size_t tried = room.may_grow ? 1 : sizes.size();
  for (std::size_t index = 0; index < tried; ++index) {
    const Vec2 size = sizes[index];
    const int w = cells(size.x), h = cells(size.y);
    float best = std::numeric_limits<float>::max();
    Box chosen{};
    for (int j = 0; j + h <= rows; ++j)
      for (int i = 0; i + w <= cols; ++i) {
        if (blocked.count(i, j, w, h) != 0) continue;
        const Box box = box_at(i, j, size);
        const float s = score(box) + 2.0f * cell * static_cast<float>(wires.count(i, j, w, h));
        if (s < best) best = s, chosen = box;
      }
    if (best < std::numeric_limits<float>::max()) return {chosen, index, true};
  }

  const Vec2 size = sizes[0];
  if (room.may_grow) {  // just below the view, under the gate: the picture grows to hold it
    const float x = std::clamp(gate_center.x - size.x * 0.5f, view.min.x,
                               std::max(view.min.x, view.max.x - size.x));
    return {{{x, view.max.y + gap}, {x + size.x, view.max.y + gap + size.y}}, 0, true};
  }
  // No free room: docked along the view's bottom or top edge, at the smallest size, over as
  // few cells of the graph as possible.
  const std::size_t smallest = sizes.size() - 1;
  const int w = cells(sizes[smallest].x), h = cells(sizes[smallest].y);
  if (w > cols || h > rows) return {{view.min, view.min + sizes[smallest]}, smallest, false};
  int fewest = std::numeric_limits<int>::max();
  float nearest = 0;
  Box chosen{};
  for (int j : {rows - h, 0})
    for (int i = 0; i + w <= cols; ++i) {
      const int covered = blocked.count(i, j, w, h);
      const Box box = box_at(i, j, sizes[smallest]);
      const float s = distance(box, gate);
      if (covered < fewest || (covered == fewest && s < nearest)) fewest = covered, nearest = s, chosen = box;
    }
  return {chosen, smallest, false};
}

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
    lines.push_back({"forward: " + me + " = " + numbers + " = " + format_significant(step.value, d),
                     palette.callout_text});
    return lines;
  }
  const BackwardStep& step = trace.backward[view.current_backward];
  if (settings.callout_note)
    for (const std::string& line : wrap(std::string(info.pattern_note), 48))
      lines.push_back({line, palette.muted_text});
  lines.push_back({"upstream \u2202" + out + "/\u2202" + wrt(me) + " = " +
                       format_significant(step.upstream_grad, d),
                   palette.callout_text});
  for (int pin = 0; pin < step.input_count; ++pin) {
    const GradContribution& c = step.to_inputs[pin];
    const std::string who = node_caption(graph, c.input);
    lines.push_back({"\u2192 " + who + ": upstream " + format_significant(step.upstream_grad, d) +
                         " \u00d7 local " + format_significant(c.local_grad, d) + " = " +
                         format_significant(c.downstream_grad, d),
                     palette.grad});
    // Fan-out: gradients from several consumers add up (+=); show the running sum.
    const double before = c.total_after - c.downstream_grad;
    if (before != 0.0 || graph.wires_out(c.input) > 1)
      lines.push_back({"    \u2202" + out + "/\u2202" + wrt(who) + " += " +
                           format_significant(c.downstream_grad, d) + ":  " +
                           format_significant(before, d) + " + " +
                           format_significant(c.downstream_grad, d) + " = " +
                           format_significant(c.total_after, d),
                       palette.grad});
  }
  return lines;
}

}  // namespace

// [SECTION] draw_callout -------------------------------------------------------------------------

void draw_callout(Painter& painter, const Graph& graph, const Trace& trace, const StepView& view,
                  const DrawSettings& settings, const CalloutObstacles& obstacles) {
  if (view.current_node == kNoNode || !graph.contains(view.current_node)) return;
  auto within = [](int index, std::size_t size) { return index >= 0 && static_cast<std::size_t>(index) < size; };
  if (view.phase == StepPhase::Forward ? !within(view.current_forward, trace.forward.size())
      : view.phase == StepPhase::Backward ? !within(view.current_backward, trace.backward.size())
                                          : true)
    return;
  const NodeId id = view.current_node;
  const std::vector<CalloutLine> lines = callout_lines(graph, trace, view, settings);

  // The callout at its own size, or smaller where that finds free room and the text stays
  // readable (12 px, larger in presentation mode).
  const float full = 15.0f * settings.text_scale;
  const float smallest_px = 12.0f * settings.text_scale;
  const float pixels_per_unit = std::max(1e-3f, painter.pixels_per_unit());
  struct Layout {
    float text_size, line_gap, pad;
    Vec2 box_size;
    std::vector<float> line_heights;
  };
  std::vector<Layout> layouts;
  for (float factor : {1.0f, 0.85f, 0.72f, 0.6f}) {
    if (factor < 1.0f && full * factor * pixels_per_unit < smallest_px) break;
    Layout layout{full * factor, 4 * factor, 8 * factor, {}, {}};
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
  std::vector<Vec2> sizes;
  for (const Layout& layout : layouts) sizes.push_back(layout.box_size);
  const Box gate = node_box(graph, id);
  // The grid of the search: 6 screen pixels.
  const float cell = 6.0f / pixels_per_unit;
  const CalloutPlacement place = place_callout(sizes, gate, obstacles, painter.callout_room(), cell);
  const Box& box = place.box;
  const Layout& layout = layouts[place.size_index];

  // The leader line: from the box's point nearest the gate to the gate's outline.
  const Vec2 center = (gate.min + gate.max) * 0.5f;
  const Vec2 from{std::clamp(center.x, box.min.x, box.max.x), std::clamp(center.y, box.min.y, box.max.y)};
  const Vec2 towards = from - center;
  const float length = std::hypot(towards.x, towards.y);
  const float reach = is_leaf(graph.op(id)) ? 0.5f * std::min(gate.max.x - gate.min.x, gate.max.y - gate.min.y)
                                            : kGateRadius;
  if (length > reach + 2) {
    const Vec2 to = center + towards * ((reach + 3) / length);
    painter.line(from, to, settings.palette.callout_stroke, 1.5f);
    painter.circle(to, 2.5f, settings.palette.callout_stroke, {}, 0);
  }
  painter.rect(box.min, box.max, 0, settings.palette.callout_fill, settings.palette.callout_stroke, 1.5f);
  painter.record(box.min, box.max, "callout", {LabelKind::Shape, id});
  float y = box.min.y + layout.pad;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    painter.text({box.min.x + layout.pad, y}, lines[i].text, layout.text_size, lines[i].color,
                 {LabelKind::Callout, id});
    y += layout.line_heights[i] + layout.line_gap;
  }
}

}  // namespace gf::gui
