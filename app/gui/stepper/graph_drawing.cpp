// graph_drawing.cpp — see graph_drawing.hpp.
//
// Index
//   [SECTION] Geometry
//   [SECTION] Wires and their labels
//   [SECTION] Nodes
//   [SECTION] Placing the number labels
//   [SECTION] What the callout keeps clear of
//   [SECTION] draw_graph
#include "graph_drawing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "callout.hpp"
#include "caption.hpp"

namespace gf::gui {

// [SECTION] Geometry ------------------------------------------------------------------------

namespace {

std::string leaf_text(const Graph& graph, NodeId id) {
  if (graph.op(id) == Op::Input) return graph.name(id);
  return format_number(graph.param(id));
}

// A rough width for leaf text (DejaVu Sans averages ~0.6 em): geometry must not depend on a
// particular painter, so hit testing and zoom-to-fit agree with what is drawn.
float leaf_width(const Graph& graph, NodeId id) {
  std::size_t glyphs = 0;
  for (unsigned char c : leaf_text(graph, id)) glyphs += (c & 0xC0) != 0x80;
  return std::max(44.0f, 11.0f * static_cast<float>(glyphs) + 24.0f);
}

Vec2 center_of(const Graph& graph, NodeId id) {
  return graph.has_position(id) ? graph.position(id) : Vec2{0, 0};
}

}  // namespace

std::string gate_symbol(const Graph& graph, NodeId id) {
  if (graph.op(id) == Op::Pow) return "^" + format_number(graph.param(id));
  return std::string(op_info(graph.op(id)).symbol);
}

std::size_t glyph_count(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

Box node_box(const Graph& graph, NodeId id) {
  const Vec2 c = center_of(graph, id);
  if (is_leaf(graph.op(id))) {
    const float half_w = leaf_width(graph, id) * 0.5f;
    return {{c.x - half_w, c.y - kLeafHeight * 0.5f}, {c.x + half_w, c.y + kLeafHeight * 0.5f}};
  }
  return {{c.x - kGateRadius, c.y - kGateRadius}, {c.x + kGateRadius, c.y + kGateRadius}};
}

Vec2 input_pin(const Graph& graph, NodeId id, int pin) {
  const Vec2 c = center_of(graph, id);
  if (arity(graph.op(id)) < 2) return {c.x - kGateRadius, c.y};
  const float angle = 0.62f;  // about 35° above and below the horizontal
  const float dy = kGateRadius * std::sin(angle) * (pin == 0 ? -1.0f : 1.0f);
  return {c.x - kGateRadius * std::cos(angle), c.y + dy};
}

Vec2 output_pin(const Graph& graph, NodeId id) {
  const Box box = node_box(graph, id);
  return {box.max.x, (box.min.y + box.max.y) * 0.5f};
}

namespace {

// The union of the node boxes; nullopt for a graph without nodes.
std::optional<Box> nodes_extent(const Graph& graph) {
  std::optional<Box> extent;
  for (NodeId id : graph.node_ids()) {
    const Box box = node_box(graph, id);
    if (!extent) extent = box;
    extent->min = {std::min(extent->min.x, box.min.x), std::min(extent->min.y, box.min.y)};
    extent->max = {std::max(extent->max.x, box.max.x), std::max(extent->max.y, box.max.y)};
  }
  return extent;
}

constexpr Box kEmptyGraphBox{{-200, -150}, {200, 150}};

}  // namespace

Box graph_bounds(const Graph& graph) {
  const std::optional<Box> nodes = nodes_extent(graph);
  if (!nodes) return kEmptyGraphBox;
  Box bounds = *nodes;
  if (graph.output() != kNoNode)
    bounds.max.x = std::max(bounds.max.x, output_pin(graph, graph.output()).x + kOutputStub + 30);
  const float margin = 40;  // labels above and below the outermost wires
  return {{bounds.min.x - margin, bounds.min.y - margin},
          {bounds.max.x + margin, bounds.max.y + margin}};
}

Box drawing_extent(const Graph& graph, float text_scale) {
  const std::optional<Box> nodes = nodes_extent(graph);
  if (!nodes) return kEmptyGraphBox;
  Box extent = *nodes;
  if (graph.output() != kNoNode && graph.contains(graph.output())) {
    // The output's wire, then its caption (DejaVu Sans averages ~0.62 em).
    const float caption = 0.62f * 18.0f * text_scale *
                          static_cast<float>(glyph_count(node_caption(graph, graph.output())));
    extent.max.x =
        std::max(extent.max.x, output_pin(graph, graph.output()).x + kOutputStub + 8 + caption);
  }
  return extent;
}

float number_label_size(float pixels_per_unit, float text_scale, float number_pixels) {
  const float base = kNumberFontSize * text_scale;
  if (number_pixels <= 0 || pixels_per_unit <= 0) return base;
  return std::clamp(number_pixels / pixels_per_unit, base, std::max(base, kNumberSizeCap));
}

NodeId node_at(const Graph& graph, Vec2 world) {
  NodeId best = kNoNode;
  for (NodeId id : graph.node_ids()) {
    const Box box = node_box(graph, id);
    if (world.x >= box.min.x && world.x <= box.max.x && world.y >= box.min.y &&
        world.y <= box.max.y)
      best = id;  // the last drawn is on top
  }
  return best;
}

PinHit pin_at(const Graph& graph, Vec2 world, float radius) {
  PinHit best;
  float best_distance = radius * radius;
  auto consider = [&](PinHit pin) {
    const Vec2 d = pin_position(graph, pin) - world;
    const float distance = d.x * d.x + d.y * d.y;
    if (distance <= best_distance) {
      best_distance = distance;
      best = pin;
    }
  };
  for (NodeId id : graph.node_ids()) {
    const Box box = node_box(graph, id);
    if (world.x < box.min.x - radius || world.x > box.max.x + radius ||
        world.y < box.min.y - radius || world.y > box.max.y + radius)
      continue;
    consider({id, PinHit::kOutputSlot});
    for (int slot = 0; slot < arity(graph.op(id)); ++slot) consider({id, slot});
  }
  return best;
}

Vec2 pin_position(const Graph& graph, PinHit pin) {
  return pin.is_output() ? output_pin(graph, pin.node) : input_pin(graph, pin.node, pin.slot);
}

// [SECTION] Wires and their labels ------------------------------------------------------------

namespace {

struct Bezier {
  Vec2 p0, p1, p2, p3;
  Vec2 at(float t) const {
    const float u = 1 - t;
    return p0 * (u * u * u) + p1 * (3 * u * u * t) + p2 * (3 * u * t * t) + p3 * (t * t * t);
  }
};

// A wire: an S-curve from the source's output pin, then a straight horizontal run into the
// target's pin. The labels sit on the straight run, where they can be read, and each input pin
// has its own run, so fan-out wires never stack their numbers.
struct WirePath {
  Bezier curve;
  Vec2 run_start, run_end;  // the straight, labelled part
  Vec2 pin;                 // where the wire ends (after a short turn from run_end)
  Vec2 label_anchor;
  float curve_share;  // of the path's length, for the moving dot

  Vec2 at(float t) const {
    if (t < curve_share) return curve.at(t / curve_share);
    const float u = (t - curve_share) / std::max(1e-6f, 1.0f - curve_share);
    return run_start + (run_end - run_start) * u;
  }
};

// `lane_y`: the height of the straight run. Binary gates get lanes further apart than their
// pins (±kLaneOffset), so the numbers of the two inputs never overlap; the run then turns into
// the pin over its last few units.
constexpr float kLaneOffset = 31.0f;
constexpr float kLaneEntry = 16.0f;

WirePath wire_path(Vec2 from, Vec2 to, float lane_y) {
  const float entry = lane_y == to.y ? 0.0f : kLaneEntry;
  const Vec2 run_end{to.x - entry, lane_y};
  const float dx = run_end.x - from.x;
  const float run = dx > 0 ? std::min(100.0f, dx * 0.5f) : 0.0f;
  const Vec2 bend{run_end.x - run, lane_y};
  // A wire going leftwards (a folded chain's row to the next) bulges little, near its ends.
  const float reach = std::abs(bend.x - from.x) * 0.45f;
  const float handle = dx > 0 ? std::max(30.0f, reach) : std::clamp(reach, 30.0f, 80.0f);
  WirePath path;
  path.curve = {from, {from.x + handle, from.y}, {bend.x - handle, bend.y}, bend};
  path.run_start = bend;
  path.run_end = run_end;
  path.pin = to;
  const float curve_length = std::hypot(bend.x - from.x, bend.y - from.y) * 1.1f;
  path.curve_share = curve_length / std::max(1.0f, curve_length + run);
  path.label_anchor =
      run >= 40.0f ? Vec2{run_end.x - run * 0.5f - 2.0f, lane_y} : path.curve.at(0.5f);
  return path;
}

// A number label before placement. Every label the walk will show is placed, shown yet or not,
// so that a label does not jump when a later step reveals a neighbour.
struct PendingLabel {
  // Points on the wire, best first: values sit centred above one, gradients (and Σ) below it.
  std::array<Vec2, 10> anchors{};
  int anchor_count = 0;
  bool above = true;
  std::string text;  // empty: not revealed yet, only its room is kept
  Vec2 room;         // the box it keeps, revealed or not
  Color color;
  LabelTag tag;
};

// Boxes bucketed on a uniform grid over `area` (boxes outside land in its edge cells), so that
// placing a screen full of labels costs about their number, not its square.
class BoxGrid {
 public:
  // `pad`: how far apart two boxes still count as touching.
  BoxGrid(Box area, float least_cell, float pad) : area_(area), pad_(pad) {
    const float width = std::max(1.0f, area.max.x - area.min.x);
    const float height = std::max(1.0f, area.max.y - area.min.y);
    columns_ = std::clamp(static_cast<int>(width / std::max(1e-3f, least_cell)), 1, 64);
    rows_ = std::clamp(static_cast<int>(height / std::max(1e-3f, least_cell)), 1, 64);
    cell_ = {width / static_cast<float>(columns_), height / static_cast<float>(rows_)};
    cells_.resize(static_cast<std::size_t>(columns_ * rows_));
  }
  void add(const Box& box) {
    const int id = static_cast<int>(boxes_.size());
    boxes_.push_back(box);
    seen_.push_back(0);
    for_cells(box, [&](std::vector<int>& cell) { cell.push_back(id); });
  }
  void clear() {
    boxes_.clear();
    seen_.clear();
    for (std::vector<int>& cell : cells_) cell.clear();
  }
  // The sum of covered(box, other) over the boxes that may touch `box`, each counted once.
  template <class Covered>
  float sum(const Box& box, Covered&& covered) {
    ++stamp_;
    float total = 0;
    for_cells(box, [&](std::vector<int>& cell) {
      for (int id : cell)
        if (seen_[id] != stamp_) {
          seen_[id] = stamp_;
          total += covered(box, boxes_[id]);
        }
    });
    return total;
  }

 private:
  template <class Visit>
  void for_cells(const Box& box, Visit&& visit) {
    auto column = [&](float x) {
      return std::clamp(static_cast<int>((x - area_.min.x) / cell_.x), 0, columns_ - 1);
    };
    auto row = [&](float y) {
      return std::clamp(static_cast<int>((y - area_.min.y) / cell_.y), 0, rows_ - 1);
    };
    const int c0 = column(box.min.x - pad_), c1 = column(box.max.x + pad_);
    const int r0 = row(box.min.y - pad_), r1 = row(box.max.y + pad_);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) visit(cells_[static_cast<std::size_t>(r * columns_ + c)]);
  }
  Box area_;
  float pad_;
  int columns_ = 1, rows_ = 1;
  Vec2 cell_{1, 1};
  std::vector<std::vector<int>> cells_;
  std::vector<Box> boxes_;
  std::vector<unsigned> seen_;
  unsigned stamp_ = 0;
};

// Placing labels clear of each other is for a screen of them; beyond, they go where the slides
// have them.
constexpr std::size_t kMostPlacedLabels = 2000;

// The wire into input pin `pin` of `to` (from its input's output pin; from the pin itself while
// unconnected). `lane_offset`: how far above and below a binary gate's centre its two straight
// runs lie (kLaneOffset, more when numbers are drawn large).
WirePath wire_into(const Graph& graph, NodeId to, int pin, float lane_offset) {
  const NodeId from = graph.input(to, pin);
  const Vec2 pin_point = input_pin(graph, to, pin);
  const float center_y = center_of(graph, to).y;
  const float lane_y =
      arity(graph.op(to)) == 2 ? center_y + (pin == 0 ? -lane_offset : lane_offset) : pin_point.y;
  return wire_path(from == kNoNode ? pin_point : output_pin(graph, from), pin_point, lane_y);
}

struct Drawer {
  Painter& painter;
  const Graph& graph;
  const Evaluation* ev;
  const Trace* trace;
  const StepView* view;
  const DrawSettings& settings;
  const Palette& palette = settings.palette;
  bool labels_readable = true;          // level of detail: texts only when big enough to read
  bool shapes_tiny = false;             // gates of a few pixels: coarse wires, no arrowheads
  float number_size = kNumberFontSize;  // font size of number labels, world units (set_number_size)
  float number_height = 17.5f;          // their line height, world units
  float lane_offset = kLaneOffset;
  Vec2 placeholder{};       // the room of a number not revealed yet ("-0.00")
  Vec2 grad_placeholder{};  // the same for a gradient ("∂-0.00")
  Vec2 sum_placeholder{};   // and for a fan-out's Σ
  std::vector<PendingLabel> pending{};
  std::vector<Box> obstacles{};  // what labels must not cover: nodes, gate names, output caption
  std::vector<char> value_at_source{};  // per node: its value is shown by its output pin

  float text_size(float base) const { return base * settings.text_scale; }

  // Numbers at least settings.number_pixels high on screen where the zoom leaves them smaller,
  // up to kNumberSizeCap; the two input lanes of a binary gate move apart to keep room for them.
  void set_number_size() {
    const float base = text_size(kNumberFontSize);
    // settings.number_pixels is a line height; a font's line is a little taller than its size.
    const float line_per_size = painter.text_size("0", base).y / base;
    number_size = number_label_size(painter.pixels_per_unit(), settings.text_scale,
                                    settings.number_pixels / std::max(1e-3f, line_per_size));
    number_height = painter.text_size("0", number_size).y;
    lane_offset = std::max(kLaneOffset, number_height + 6.0f);
    // As wide as a typical number at these digits ("-0.27" at 2): the room kept for one not
    // revealed yet.
    const std::string typical =
        "-0." + std::string(static_cast<std::size_t>(std::clamp(settings.digits, 1, 6)), '0');
    placeholder = painter.text_size(typical, number_size);
    grad_placeholder = painter.text_size(kGradPrefix + typical, number_size);
    sum_placeholder = painter.text_size("\u03a3 " + typical, number_size);
  }

  // A label centred on `anchor`, which may slide between slide_min_x and slide_max_x (a
  // straight stretch of wire at the anchor's height) or, when `curve` is given, move back along
  // that curve (the wire's bend) if the straight stretch is taken. `text` is empty until the walk
  // reveals it; its room is the widest of `least_room`, `text` and `final_text` (if known).
  void add_label(Vec2 anchor, bool above, float slide_min_x, float slide_max_x, const Bezier* curve,
                 std::string text, const std::string& final_text, Vec2 least_room, Color color,
                 const LabelTag& tag) {
    PendingLabel label;
    label.room = least_room;
    if (!final_text.empty())
      label.room.x = std::max(label.room.x, painter.text_size(final_text, number_size).x);
    if (!text.empty() && text != final_text)
      label.room.x = std::max(label.room.x, painter.text_size(text, number_size).x);
    auto add = [&label](Vec2 at) {
      if (label.anchor_count < static_cast<int>(label.anchors.size()))
        label.anchors[label.anchor_count++] = at;
    };
    add(anchor);
    for (float slide : {-0.4f, 0.4f, -0.8f, 0.8f}) {
      const float x = anchor.x + slide * label.room.x;
      if (x >= slide_min_x && x <= slide_max_x) add({x, anchor.y});
    }
    if (curve != nullptr)
      for (float t : {0.8f, 0.65f, 0.5f, 0.35f, 0.2f}) add(curve->at(t));
    label.above = above;
    label.text = std::move(text);
    label.color = color;
    label.tag = tag;
    pending.push_back(std::move(label));
  }

  bool value_visible(NodeId id) const {
    if (ev == nullptr || !ev->evaluated(id)) return false;
    return view == nullptr || view->value_shown[id];
  }

  Color number_color(double number, Color normal) const {
    return std::isfinite(number) ? normal : palette.warning;
  }

  // Quiz mode: a number the drawn step reveals is asked, "?" in its colour (never the warning
  // colour, which would give a NaN away). Gradients carry a "∂" in every palette.
  static constexpr const char* kGradPrefix = "\u2202";
  const StepQuestion* asking(NodeId id) const {  // the question, when it covers `id`
    const StepQuestion* q = settings.question;
    return q != nullptr && id >= 0 && static_cast<std::size_t>(id) < q->value_asked.size()
               ? q
               : nullptr;
  }
  bool value_asked(NodeId id) const { return asking(id) && asking(id)->value_asked[id]; }
  bool wire_grad_asked(NodeId to, int pin) const {
    return asking(to) && asking(to)->wire_grad_asked[to][pin];
  }

  // Whether the current step moves something along the wire from → to (pin).
  bool wire_is_current(NodeId from, NodeId to) const {
    if (view == nullptr || view->current_node == kNoNode) return false;
    if (view->phase == StepPhase::Forward) return from == view->current_node;
    if (view->phase == StepPhase::Backward) return to == view->current_node;
    return false;
  }

  void wire(NodeId from, NodeId to, int pin) {
    const WirePath path = wire_into(graph, to, pin, lane_offset);
    const Vec2 a = path.curve.p0, b = path.pin;
    const float label_room = 2 * number_height + 4;
    const Vec2 lo{std::min(a.x, b.x), std::min(a.y, b.y) - label_room};
    const Vec2 hi{std::max(a.x, b.x), std::max(a.y, b.y) + label_room};
    if (!painter.visible(lo, hi)) return;

    const bool current = wire_is_current(from, to);
    const bool has_value = value_visible(from);
    if (!wire_path_drawn(path, current, has_value) || !labels_readable) return;
    // Only numbers that can be on screen: a wire crossing the view (a fan-out of thousands of
    // gates) keeps its numbers off it, and placing them would cost their number squared. When
    // they are off screen, the value is shown by the source instead, if that is on screen.
    const Vec2 reach{placeholder.x * 1.5f, 2 * number_height + 4};
    if (!painter.visible(path.label_anchor - reach, path.label_anchor + reach)) {
      if (ev != nullptr && ev->evaluated(from)) value_by_source(from, has_value);
      return;
    }
    wire_labels(path, from, to, pin, current, has_value);
  }

  // The wire's curve, run and arrowhead, and the current step's moving dot. False when only a
  // coarse line was drawn (gates of a few pixels: no numbers either).
  bool wire_path_drawn(const WirePath& path, bool current, bool has_value) {
    Color color = has_value ? palette.wire : palette.wire_pending;
    if (current) color = palette.highlight;
    const float width = current ? 3.0f : 1.8f;
    const Bezier& c = path.curve;
    if (shapes_tiny && !current) {
      // A whole graph on one screen: gates are dots, and a wire is a straight line between
      // them (its curve and arrowhead would be a pixel): one segment each, since thousands of
      // wires add up (docs/ARCHITECTURE.md, "software GL").
      const Vec2 coarse[] = {c.p0, path.pin};
      painter.polyline(coarse, color, width);
      return false;
    }
    painter.bezier(c.p0, c.p1, c.p2, c.p3, color, width);
    if (path.run_end.x > path.run_start.x) painter.line(path.run_start, path.run_end, color, width);
    if (path.pin.y != path.run_end.y) painter.line(path.run_end, path.pin, color, width);
    arrowhead(path.pin, path.pin.y != path.run_end.y ? path.run_end : path.run_start, color);
    if (current &&
        settings.progress < 1.0f) {  // the moving dot: forward left to right, backward back
      const bool forward = view->phase == StepPhase::Forward;
      const Vec2 dot = path.at(forward ? settings.progress : 1.0f - settings.progress);
      painter.circle(dot, 6.0f, forward ? palette.value : palette.grad, {}, 0);
    }
    return true;
  }

  // The value above the wire and the gradient below it, each once the walk reveals it (a label
  // of the current step once its dot has arrived).
  void wire_labels(const WirePath& path, NodeId from, NodeId to, int pin, bool current,
                   bool has_value) {
    const bool arrived = !current || settings.progress >= 0.999f;
    // The centre may slide along the straight run (a short one: a little either way).
    const float slide_min = std::min(path.run_start.x, path.label_anchor.x - 10);
    const float slide_max = std::max(path.run_end.x, path.label_anchor.x + 10);
    if (ev != nullptr && ev->evaluated(from)) {
      const double value = ev->value[from];
      const bool ask = value_asked(from);
      const std::string text = format_significant(value, settings.digits);
      const bool shown = has_value && (arrived || view->phase != StepPhase::Forward);
      add_label(path.label_anchor, true, slide_min, slide_max, &path.curve,
                shown ? (ask ? "?" : text) : std::string(), text, placeholder,
                ask ? palette.value : number_color(value, palette.value),
                {LabelKind::Value, from, from, to});
    }
    if (view != nullptr && ev != nullptr && ev->evaluated(to)) {
      const bool shown =
          view->wire_grad_shown[to][pin] && (arrived || view->phase != StepPhase::Backward);
      const double grad = view->wire_grad[to][pin];
      const bool ask = wire_grad_asked(to, pin);
      const std::string text =
          kGradPrefix + (ask ? "?" : format_significant(grad, settings.digits));
      add_label(path.label_anchor, false, slide_min, slide_max, &path.curve,
                shown ? text : std::string(), std::string(), grad_placeholder,
                ask ? palette.grad : number_color(grad, palette.grad),
                {LabelKind::Grad, from, from, to});
    }
  }

  // A wire's numbers sit by its consumer. When those are off screen (a long wire, the view
  // following a gate of a big graph), the value is shown once by the source's output pin, so
  // the step that computes it shows it by its gate.
  void value_by_source(NodeId from, bool has_value) {
    if (graph.output() == from) return;  // the output's own wire shows it there already
    if (value_at_source.empty()) value_at_source.assign(graph.id_limit(), 0);
    if (value_at_source[from]) return;
    value_at_source[from] = 1;
    const Vec2 pin = output_pin(graph, from);
    const float reach_y = 2 * number_height + 4;
    if (!painter.visible(pin - Vec2{0, reach_y}, pin + Vec2{placeholder.x + 60, reach_y})) return;
    const bool ask = value_asked(from);
    const std::string text = format_significant(ev->value[from], settings.digits);
    const float reach = placeholder.x + 40;
    const Vec2 anchor{pin.x + reach * 0.5f + 6, pin.y};
    add_label(anchor, true, pin.x + 10, pin.x + reach, nullptr,
              has_value ? (ask ? "?" : text) : std::string(), text, placeholder,
              ask ? palette.value : number_color(ev->value[from], palette.value),
              {LabelKind::Value, from});
  }

  // A filled arrowhead at `tip`, pointing away from `from`.
  void arrowhead(Vec2 tip, Vec2 from, Color color) {
    const float length = 9.0f, half_width = 4.5f;
    Vec2 direction = tip - from;
    const float norm = std::hypot(direction.x, direction.y);
    direction = norm > 1e-3f ? direction * (1.0f / norm) : Vec2{1, 0};
    const Vec2 normal{-direction.y, direction.x};
    const Vec2 base = tip - direction * length;
    painter.triangle(tip, base + normal * half_width, base - normal * half_width, color);
  }

  void output_wire() {
    const NodeId out = graph.output();
    if (out == kNoNode || !graph.contains(out)) return;
    const Vec2 from = output_pin(graph, out);
    const Vec2 to{from.x + kOutputStub, from.y};
    const bool has_value = value_visible(out);
    const bool seeded = view == nullptr ? ev != nullptr : view->output_grad_shown();
    painter.line(from, to, has_value ? palette.wire : palette.wire_pending, 1.8f);
    arrowhead(to, from, has_value ? palette.wire : palette.wire_pending);
    const std::string caption = node_caption(graph, out);
    const Vec2 caption_extent = painter.text_size(caption, text_size(18));
    const Vec2 caption_at{to.x + 6, to.y - caption_extent.y * 0.5f};
    painter.text(caption_at, caption, text_size(18), palette.node_text, {LabelKind::Node, out});
    obstacles.push_back({caption_at, caption_at + caption_extent});
    if (!labels_readable || ev == nullptr || !ev->evaluated(out)) return;
    const Vec2 anchor{(from.x + to.x) * 0.5f, from.y};
    const bool value_ask = value_asked(out);
    const std::string value = format_significant(ev->value[out], settings.digits);
    add_label(anchor, true, from.x, to.x, nullptr,
              has_value ? (value_ask ? "?" : value) : std::string(), value, placeholder,
              value_ask ? palette.value : number_color(ev->value[out], palette.value),
              {LabelKind::Value, out});
    const bool seed_ask = settings.question != nullptr && settings.question->output_grad_asked;
    const std::string seed = kGradPrefix + format_significant(1.0, settings.digits);
    add_label(anchor, false, from.x, to.x, nullptr,
              seeded ? (seed_ask ? kGradPrefix + std::string("?") : seed) : std::string(), seed,
              grad_placeholder, palette.grad, {LabelKind::Grad, out});
  }

  // [SECTION] Nodes ---------------------------------------------------------------------------

  bool is_selected(NodeId id) const {
    return settings.selected != nullptr && id < static_cast<NodeId>(settings.selected->size()) &&
           (*settings.selected)[id];
  }

  void node(NodeId id) {
    const Box box = node_box(graph, id);
    const float label_room = 2 * number_height + 30;
    if (!painter.visible({box.min.x - 40, box.min.y - label_room},
                         {box.max.x + 40, box.max.y + label_room}))
      return;
    if (labels_readable) obstacles.push_back(box);
    painter.record(box.min, box.max, is_leaf(graph.op(id)) ? "leaf" : "gate",
                   {LabelKind::Shape, id});
    if (is_leaf(graph.op(id)))
      leaf_shape(id, box);
    else
      gate_shape(id, box);
    if (settings.pins && !shapes_tiny) pins(id);
    if (labels_readable) name_and_sum(id, box);
  }

  // The outline: the current step's gate highlighted, then the selection, then hover.
  Color node_stroke(NodeId id, Color normal) const {
    const bool current = view != nullptr && view->current_node == id;
    return current ? palette.highlight : is_selected(id) ? palette.selection : normal;
  }
  float node_stroke_width(NodeId id) const {
    const bool current = view != nullptr && view->current_node == id;
    return current || is_selected(id) ? 3.5f : settings.hovered == id ? 2.5f : 1.6f;
  }

  // A variable or constant: a rounded box with its name and value.
  void leaf_shape(NodeId id, const Box& box) {
    painter.rect(box.min, box.max, kLeafHeight * 0.5f, palette.leaf_fill,
                 node_stroke(id, palette.leaf_stroke), node_stroke_width(id));
    if (labels_readable || painter.pixels_per_unit() * 18 > 4) {
      const Vec2 center = (box.min + box.max) * 0.5f;
      const std::string text = leaf_text(graph, id);
      const Vec2 extent = painter.text_size(text, text_size(18));
      painter.text(center - extent * 0.5f, text, text_size(18), palette.node_text,
                   {LabelKind::Node, id});
    }
  }

  // A gate: a circle with its symbol (a halo when it is the current step's), and its
  // unconnected pins marked: the graph cannot be evaluated until they are wired.
  void gate_shape(NodeId id, const Box& box) {
    const Vec2 center = (box.min + box.max) * 0.5f;
    if (view != nullptr && view->current_node == id)
      painter.circle(center, kGateRadius + 7, palette.highlight.with_alpha(0.25f), {}, 0);
    painter.circle(center, kGateRadius, palette.node_fill, node_stroke(id, palette.node_stroke),
                   node_stroke_width(id));
    if (labels_readable) {
      const std::string symbol = gate_symbol(graph, id);
      const std::size_t glyphs = glyph_count(symbol);
      const float size = text_size(glyphs <= 1 ? 24 : glyphs <= 3 ? 17 : 13);
      const Vec2 extent = painter.text_size(symbol, size);
      painter.text(center - extent * 0.5f, symbol, size, palette.node_text, {LabelKind::Node, id});
    }
    for (int pin = 0; pin < arity(graph.op(id)); ++pin)
      if (graph.input(id, pin) == kNoNode)
        painter.circle(input_pin(graph, id, pin), kPinRadius, palette.warning, {}, 0);
  }

  // Under the node: a named gate's name (q, dot, L ...), muted; then, on fan-out, the sum of
  // what its consumers sent back, which is its gradient.
  void name_and_sum(NodeId id, const Box& box) {
    const Vec2 center = (box.min + box.max) * 0.5f;
    float below = 1.0f;  // where the Σ below can start
    if (!is_leaf(graph.op(id)) && !graph.name(id).empty() && id != graph.output()) {
      const Vec2 extent = painter.text_size(graph.name(id), text_size(13));
      const Vec2 at{center.x - extent.x * 0.5f, box.max.y + 2};
      painter.text(at, graph.name(id), text_size(13), palette.muted_text, {LabelKind::Node, id});
      obstacles.push_back({at, at + extent});
      below = 2 + extent.y;
    }
    if (view == nullptr || ev == nullptr || graph.wires_out(id) <= 1 || !ev->evaluated(id)) return;
    const double total = view->grad_total[id];
    const bool ask = asking(id) && asking(id)->grad_total_asked[id];
    const std::string sigma = "\u03a3 ";
    const std::string shown_text =
        view->grad_shown[id] ? sigma + (ask ? "?" : format_significant(total, settings.digits))
                             : std::string();
    const std::string final_text = sigma + format_significant(ev->grad[id], settings.digits);
    add_label({center.x, box.max.y + below}, false, center.x - kGateRadius, center.x + kGateRadius,
              nullptr, shown_text, final_text, sum_placeholder,
              ask ? palette.grad : number_color(total, palette.grad), {LabelKind::Grad, id});
  }

  // The editor's pins: dots where wires start and end, recorded for tests as "pin" labels.
  void pins(NodeId id) {
    auto pin = [&](PinHit hit, const char* name) {
      const Vec2 at = pin_position(graph, hit);
      const bool marked = settings.marked_pin_node == id && settings.marked_pin_slot == hit.slot;
      const bool open = !hit.is_output() && graph.input(id, hit.slot) == kNoNode;
      const float radius = marked ? kPinRadius * 1.6f : kPinRadius * 0.8f;
      if (marked)
        painter.circle(at, radius, settings.marked_pin_color, palette.background, 1.5f);
      else if (!open)
        painter.circle(at, radius, palette.node_fill, palette.wire, 1.5f);
      const float r = kPinRadius * 1.6f;
      painter.record({at.x - r, at.y - r}, {at.x + r, at.y + r}, name, {LabelKind::Pin, id});
    };
    static const char* const kInputNames[] = {"in0", "in1"};
    for (int slot = 0; slot < arity(graph.op(id)); ++slot) pin({id, slot}, kInputNames[slot]);
    pin({id, PinHit::kOutputSlot}, "out");
  }

  // [SECTION] Placing the number labels ----------------------------------------------------------

  // How much two boxes overlap (area), counting boxes `pad` apart as touching: whole-pixel
  // rounding on screen may move two touching boxes a pixel into each other.
  struct PaddedOverlap {
    float pad;
    float operator()(const Box& a, const Box& b) const {
      const float w = std::min(a.max.x, b.max.x) - std::max(a.min.x, b.min.x) + pad;
      const float h = std::min(a.max.y, b.max.y) - std::max(a.min.y, b.min.y) + pad;
      return w > 0 && h > 0 ? w * h : 0.0f;
    }
  };

  // Every place a label may take: its anchors, its room and its moves away from them.
  Box labels_area() const {
    Box area{{1e30f, 1e30f}, {-1e30f, -1e30f}};
    float widest = 0;
    for (const PendingLabel& label : pending) {
      widest = std::max(widest, label.room.x);
      for (int i = 0; i < label.anchor_count; ++i) {
        const Vec2 at = label.anchors[i];
        area.min = {std::min(area.min.x, at.x), std::min(area.min.y, at.y)};
        area.max = {std::max(area.max.x, at.x), std::max(area.max.y, at.y)};
      }
    }
    const float reach = widest + 5 * number_height;
    return {{area.min.x - reach, area.min.y - reach}, {area.max.x + reach, area.max.y + reach}};
  }

  // The box of `label` that overlaps least of what is taken and blocked (and of the outside of
  // the view): where the slides have it, slid along its wire, then moved away from it (values
  // up, gradients down). `resolve` false: where the slides have it. Sets `overlap_left`.
  Box best_place(const PendingLabel& label, bool resolve, BoxGrid& taken, BoxGrid& blocked,
                 const PaddedOverlap& overlap, float& overlap_left) const {
    const float gap = 3.0f;
    const CalloutRoom view_room = painter.callout_room();  // the view (the SVG's may grow)
    const Vec2 room = label.room;
    Box best{};
    overlap_left = 1e30f;
    for (int away = 0; away < (resolve ? 6 : 1) && overlap_left > 0; ++away) {
      for (int i = 0; i < (resolve ? label.anchor_count : 1); ++i) {
        const Vec2 anchor = label.anchors[i];
        const float shift = away * room.y * 0.6f;
        const float top = label.above ? anchor.y - gap - room.y - shift : anchor.y + gap + shift;
        const Box box{{anchor.x - room.x * 0.5f, top}, {anchor.x + room.x * 0.5f, top + room.y}};
        // Off the canvas counts as covered: a number cut at the edge cannot be read.
        const Box& view = view_room.view;
        const bool outside =
            !view_room.may_grow && (box.min.x < view.min.x || box.min.y < view.min.y ||
                                    box.max.x > view.max.x || box.max.y > view.max.y);
        float covered = outside ? room.x * room.y : 0.0f;
        if (resolve) covered += taken.sum(box, overlap) + blocked.sum(box, overlap);
        if (covered < overlap_left) overlap_left = covered, best = box;
        if (covered <= 0) break;
      }
    }
    return best;
  }

  // Places the number labels one by one where they overlap no label placed before them, no node
  // and no gate name (best_place), then draws those revealed.
  void place_labels() {
    if (pending.empty()) return;
    const PaddedOverlap overlap{2.0f / std::max(1e-6f, painter.pixels_per_unit())};
    // More than a screen can hold readably (a graph zoomed out to the last readable size): as
    // the slides have them, unplaced, which stays linear.
    const bool resolve = pending.size() <= kMostPlacedLabels;
    std::vector<Box> placed(pending.size());
    std::vector<std::size_t> order(pending.size());
    std::vector<std::uint8_t> crowded(pending.size());
    const Box area = labels_area();
    BoxGrid taken(area, 2 * number_height, overlap.pad),
        blocked(area, 2 * number_height, overlap.pad);
    if (resolve)
      for (const Box& obstacle : obstacles) blocked.add(obstacle);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Greedy, in wire order; a label left overlapping goes first in the next round (a label
    // placed early may have taken the only room of a later one), at most three rounds.
    for (int round = 0; round < (resolve ? 3 : 1); ++round) {
      std::fill(crowded.begin(), crowded.end(), 0);
      bool any_crowded = false;
      taken.clear();
      for (std::size_t n = 0; n < order.size(); ++n) {
        float overlap_left = 0;
        placed[order[n]] =
            best_place(pending[order[n]], resolve, taken, blocked, overlap, overlap_left);
        if (resolve) taken.add(placed[order[n]]);
        if (overlap_left > 0) crowded[order[n]] = 1, any_crowded = true;
      }
      if (!any_crowded) break;
      std::stable_partition(order.begin(), order.end(),
                            [&crowded](std::size_t i) { return crowded[i] != 0; });
    }
    draw_placed_labels(placed);
  }

  void draw_placed_labels(const std::vector<Box>& placed) {
    for (std::size_t i = 0; i < pending.size(); ++i) {
      const PendingLabel& label = pending[i];
      if (label.text.empty()) continue;
      const Box& box = placed[i];
      const Vec2 extent = painter.text_size(label.text, number_size);
      const float centre_x = (box.min.x + box.max.x) * 0.5f;
      painter.text({centre_x - extent.x * 0.5f, label.above ? box.max.y - extent.y : box.min.y},
                   label.text, number_size, label.color, label.tag);
    }
  }
};

}  // namespace

// [SECTION] What the callout keeps clear of ------------------------------------------------------

namespace {

// A painter that draws nothing and notes where texts and wires would go: the graph is "drawn"
// through it once, settled (every label of the current step in place, no moving dot), so the
// callout's place does not jump when the step's numbers arrive.
class ObstacleCollector final : public Painter {
 public:
  ObstacleCollector(Painter& real, CalloutObstacles& out)
      : real_(real), out_(out), spacing_(10.0f / std::max(1e-3f, real.pixels_per_unit())) {}
  void line(Vec2 a, Vec2 b, Color, float) override {
    const float length = std::hypot(b.x - a.x, b.y - a.y);
    const int steps = std::clamp(static_cast<int>(length / spacing_), 1, 64);
    for (int i = 0; i <= steps; ++i)
      out_.wires.push_back(a + (b - a) * (static_cast<float>(i) / steps));
  }
  void bezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, Color, float) override {
    const Bezier curve{p0, p1, p2, p3};
    const float length = std::abs(p3.x - p0.x) + std::abs(p3.y - p0.y);
    const int steps = std::clamp(static_cast<int>(length / spacing_), 2, 64);
    for (int i = 0; i <= steps; ++i) out_.wires.push_back(curve.at(static_cast<float>(i) / steps));
  }
  void polyline(std::span<const Vec2> points, Color color, float width) override {
    for (std::size_t i = 1; i < points.size(); ++i) line(points[i - 1], points[i], color, width);
  }
  void circle(Vec2, float, Color, Color, float) override {}  // nodes: from node_box
  void rect(Vec2, Vec2, float, Color, Color, float) override {}
  void triangle(Vec2, Vec2, Vec2, Color) override {}
  Vec2 text_size(std::string_view text, float size) override { return real_.text_size(text, size); }
  void text(Vec2 top_left, std::string_view text, float size, Color, const LabelTag&) override {
    // Padded: the screen puts texts on whole pixels.
    const Vec2 pad{spacing_ * 0.2f, spacing_ * 0.2f};
    out_.blocked.push_back({top_left - pad, top_left + real_.text_size(text, size) + pad});
  }
  float pixels_per_unit() const override { return real_.pixels_per_unit(); }
  bool visible(Vec2 min, Vec2 max) const override { return real_.visible(min, max); }
  // The labels are placed as on the real painter (its view), or the callout would avoid
  // places where no label is.
  CalloutRoom callout_room() const override { return real_.callout_room(); }

 private:
  Painter& real_;
  CalloutObstacles& out_;
  float spacing_;
};

}  // namespace

// [SECTION] draw_graph ------------------------------------------------------------------------

void draw_graph(Painter& painter, const Graph& graph, const Evaluation* evaluation,
                const Trace* trace, const StepView* view, const DrawSettings& settings) {
  // Derived state from another version of the graph (ids added since) is not drawn at all.
  const std::size_t ids = static_cast<std::size_t>(graph.id_limit());
  if (evaluation != nullptr && evaluation->value.size() < ids)
    evaluation = nullptr, trace = nullptr, view = nullptr;
  if (view != nullptr && (view->value_shown.size() < ids || view->wire_grad_shown.size() < ids ||
                          view->grad_shown.size() < ids))
    view = nullptr, trace = nullptr;
  auto draw_all = [&](Painter& target, const DrawSettings& with) {
    Drawer drawer{target, graph, evaluation, trace, view, with};
    // Below ~6 px a number cannot be read: drop labels, keep shapes (large graphs zoomed out).
    drawer.labels_readable = target.pixels_per_unit() * kNumberFontSize * with.text_scale >= 6.0f;
    drawer.shapes_tiny = target.pixels_per_unit() * kGateRadius < 6.0f;
    drawer.set_number_size();
    for (NodeId to : graph.node_ids())
      for (int pin = 0; pin < arity(graph.op(to)); ++pin)
        if (NodeId from = graph.input(to, pin); from != kNoNode) drawer.wire(from, to, pin);
    drawer.output_wire();
    for (NodeId id : graph.node_ids()) drawer.node(id);
    if (drawer.labels_readable) drawer.place_labels();
    return drawer.labels_readable ? drawer.number_size : 0.0f;  // 0: numbers too small to draw
  };
  const float number_size = draw_all(painter, settings);
  const bool readable = number_size > 0;
  if (!settings.callout || !readable || view == nullptr || trace == nullptr ||
      view->current_node == kNoNode)
    return;
  // The callout goes where nothing else is: everything drawn once more, settled, through a
  // painter that only notes where (texts, wires), and the nodes on screen by their boxes.
  CalloutObstacles obstacles;
  DrawSettings settled = settings;
  settled.progress = 1.0f;
  ObstacleCollector collector(painter, obstacles);
  draw_all(collector, settled);
  const Vec2 pin_room{kPinRadius * 1.6f, kPinRadius * 1.6f};  // pins stand out of their node
  for (NodeId id : graph.node_ids()) {
    const Box box = node_box(graph, id);
    if (painter.visible(box.min, box.max))
      obstacles.blocked.push_back({box.min - pin_room, box.max + pin_room});
  }
  draw_callout(painter, graph, *trace, *view, settings, obstacles, number_size);
}

Vec2 wire_label_anchor(const Graph& graph, NodeId to, int pin) {
  // The lanes at their usual distance: they spread only for numbers over ~25 world units high,
  // far from the zoom the camera follows at.
  return wire_into(graph, to, pin, kLaneOffset).label_anchor;
}

}  // namespace gf::gui
