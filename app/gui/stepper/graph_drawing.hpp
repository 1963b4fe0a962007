// graph_drawing.hpp — the graph as on the CS231n slides, through any Painter: gates as circles
// with their symbol, inputs as named leaves on the left, arrowed wires, values in green above
// each wire and gradients in red below it (after a "∂": hue is never the only cue), the current
// step's gate highlighted with a moving dot on its wires and a callout with the numbers of the
// chain rule.
#pragma once

#include <vector>

#include "eval.hpp"
#include "painter.hpp"
#include "step_view.hpp"
#include "theme.hpp"

namespace gf::gui {

struct DrawSettings {
  Palette palette;
  int digits = 2;           // significant digits of the numbers on wires (format_significant)
  float progress = 1.0f;    // animation of the current step, 0..1; 1 = settled
  float text_scale = 1.0f;  // presentation mode draws larger text
  // Number labels (values, gradients, Σ) are drawn at least this many screen pixels high (line
  // height) when the zoom leaves them smaller, up to kNumberSizeCap world units: the back row
  // reads them after Fit. 0: world-sized only (the SVG export).
  float number_pixels = 0.0f;
  NodeId hovered = kNoNode;
  const std::vector<std::uint8_t>* selected = nullptr;  // by node id
  bool callout = true;
  // The pattern's one-sentence note at the top of a backward callout. The live canvas shows it
  // in its banner instead, which keeps the callout small (docs/ARCHITECTURE.md, "software GL").
  bool callout_note = true;
  // Quiz mode: the numbers the drawn step reveals, drawn as "?" in their place (null: none).
  const StepQuestion* question = nullptr;
  bool pins = false;  // the editor's pins: every input pin and every output, as small dots
  // One pin drawn larger in its own colour: under the mouse, or the end of a wire being dragged
  // (green when it would connect, the warning colour when it would be refused).
  NodeId marked_pin_node = kNoNode;
  int marked_pin_slot = -1;
  Color marked_pin_color;
};

// A pin: input pin `slot` (0 or 1) of a gate, or a node's output (slot kOutputSlot).
struct PinHit {
  static constexpr int kOutputSlot = -1;
  NodeId node = kNoNode;
  int slot = kOutputSlot;
  bool valid() const { return node != kNoNode; }
  bool is_output() const { return slot == kOutputSlot; }
  bool operator==(const PinHit&) const = default;
};

// Geometry in world units, shared by drawing, hit testing and zoom-to-fit.
inline constexpr float kGateRadius = 26.0f;
inline constexpr float kLeafHeight = 36.0f;
inline constexpr float kOutputStub = 90.0f;  // length of the output's wire to the right

Box node_box(const Graph& graph, NodeId id);
Vec2 input_pin(const Graph& graph, NodeId id, int pin);
Vec2 output_pin(const Graph& graph, NodeId id);
// Everything drawn (nodes, output wire, room for labels); empty graph: a box around 0.
Box graph_bounds(const Graph& graph);
// What the shapes cover (nodes, the output's wire and caption at `text_scale`), without room
// for number labels: Fit adds that room in screen pixels, as labels are sized in pixels.
Box drawing_extent(const Graph& graph, float text_scale);
// The font size of number labels, world units, before the text scale (presentation mode's is
// larger) and before they grow to stay readable when zoomed out.
inline constexpr float kNumberFontSize = 15.0f;
// The largest font size, world units, number labels grow to when zoomed out (where room allows:
// beyond, they shrink with the graph).
inline constexpr float kNumberSizeCap = 32.0f;
// The font size, world units, of number labels where one world unit covers `pixels_per_unit`
// screen pixels: 15 × text_scale, or as many units as make `number_pixels` (the font's pixel
// size; DrawSettings::number_pixels) where that is larger, up to kNumberSizeCap. The drawing and
// the camera (what it judges readable) share it.
float number_label_size(float pixels_per_unit, float text_scale, float number_pixels);
// The node under a world point, or kNoNode.
NodeId node_at(const Graph& graph, Vec2 world);
// The pin nearest a world point within `radius` world units, or an invalid PinHit.
PinHit pin_at(const Graph& graph, Vec2 world, float radius);
// Where a pin is, world units.
Vec2 pin_position(const Graph& graph, PinHit pin);
inline constexpr float kPinRadius = 5.0f;
// Where the numbers of the wire into input pin `pin` of `to` sit (the value above this point,
// the gradient below it), world units: the camera keeps them in view (camera_follow.hpp).
Vec2 wire_label_anchor(const Graph& graph, NodeId to, int pin);

// The symbol drawn in a gate (+, ×, σ, ^2 ...), and how many code points a text has.
std::string gate_symbol(const Graph& graph, NodeId id);
std::size_t glyph_count(std::string_view text);

// `evaluation`, `trace` and `view` may be null (an incomplete graph: drawn without numbers).
void draw_graph(Painter& painter, const Graph& graph, const Evaluation* evaluation,
                const Trace* trace, const StepView* view, const DrawSettings& settings);

}  // namespace gf::gui
