// callout_placement.cpp — see callout_placement.hpp.
#include "callout_placement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gf::gui {

namespace {

bool empty(const Box& box) { return !(box.max.x > box.min.x && box.max.y > box.min.y); }

// Cells of the view, with a summed-area table over "covered" so that any box of cells is
// tested in four lookups, whatever the number of obstacles.
class CoverGrid {
 public:
  CoverGrid(Box view, float cell, int cols, int rows)
      : view_(view), cell_(cell), cols_(cols), rows_(rows),
        sums_(static_cast<std::size_t>(cols + 1) * (rows + 1), 0) {}

  // Marks every cell a box overlaps (conservative: a box free of marked cells is free). Boxes
  // that only touch do not overlap, so a box ending on a cell's edge leaves that cell free; a
  // point marks its cell.
  void cover(const Box& box) {
    const float x0 = (box.min.x - view_.min.x) / cell_, y0 = (box.min.y - view_.min.y) / cell_;
    const float x1 = (box.max.x - view_.min.x) / cell_, y1 = (box.max.y - view_.min.y) / cell_;
    const int i0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int j0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int i1 = std::min(cols_ - 1, std::max(static_cast<int>(std::floor(x0)), static_cast<int>(std::ceil(x1)) - 1));
    const int j1 = std::min(rows_ - 1, std::max(static_cast<int>(std::floor(y0)), static_cast<int>(std::ceil(y1)) - 1));
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

}  // namespace gf::gui
