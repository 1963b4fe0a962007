// callout_placement.cpp — see callout_placement.hpp.
#include "callout_placement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace gf::gui {

namespace {

// Empty, inverted or not finite (a view of no use).
bool empty(const Box& box) {
  return !(box.max.x > box.min.x && box.max.y > box.min.y) ||
         !std::isfinite(box.max.x - box.min.x) || !std::isfinite(box.max.y - box.min.y);
}

// Cells of the view, with a summed-area table over "covered" so that any box of cells is
// tested in four lookups, whatever the number of obstacles.
class CoverGrid {
 public:
  CoverGrid(Box view, float cell, int cols, int rows)
      : view_(view),
        cell_(cell),
        cols_(cols),
        rows_(rows),
        marks_(static_cast<std::size_t>(cols + 1) * (rows + 1), 0),
        sums_(static_cast<std::size_t>(cols + 1) * (rows + 1), 0) {}

  // Marks every cell a box overlaps (conservative: a box free of marked cells is free). Boxes
  // that only touch do not overlap, so a box ending on a cell's edge leaves that cell free; a
  // point marks its cell.
  void cover(const Box& box) {
    // In cells, clamped just outside the grid before any conversion to int (a box far away,
    // or not a number, must not overflow one).
    auto in_cells = [](float at, float limit) {
      return at >= -1.0f ? (at <= limit + 1.0f ? at : limit + 1.0f) : -1.0f;
    };
    const float cols = static_cast<float>(cols_), rows = static_cast<float>(rows_);
    const float x0 = in_cells((box.min.x - view_.min.x) / cell_, cols);
    const float y0 = in_cells((box.min.y - view_.min.y) / cell_, rows);
    const float x1 = in_cells((box.max.x - view_.min.x) / cell_, cols);
    const float y1 = in_cells((box.max.y - view_.min.y) / cell_, rows);
    const int i0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int j0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int i1 = std::min(
        cols_ - 1, std::max(static_cast<int>(std::floor(x0)), static_cast<int>(std::ceil(x1)) - 1));
    const int j1 = std::min(
        rows_ - 1, std::max(static_cast<int>(std::floor(y0)), static_cast<int>(std::ceil(y1)) - 1));
    if (i0 > i1 || j0 > j1) return;  // outside the view
    // A difference array: +1 at the corner, cancelled past the far edges; summed in finish().
    mark(i0, j0) += 1;
    mark(i1 + 1, j0) -= 1;
    mark(i0, j1 + 1) -= 1;
    mark(i1 + 1, j1 + 1) += 1;
  }

  // After the last cover(): how many boxes lie over each cell (the difference array summed down
  // each column, then along the row), and the summed-area table of the cells covered at all.
  void finish() {
    std::vector<int> down(static_cast<std::size_t>(cols_), 0);
    for (int j = 0; j < rows_; ++j) {
      int across = 0, covered_in_row = 0;
      const int* marks = &marks_[static_cast<std::size_t>(j) * (cols_ + 1)];
      const int* above = &sums_[static_cast<std::size_t>(j) * (cols_ + 1)];
      int* sums = &sums_[static_cast<std::size_t>(j + 1) * (cols_ + 1)];
      for (int i = 0; i < cols_; ++i) {
        down[i] += marks[i];
        across += down[i];
        covered_in_row += across > 0;
        sums[i + 1] = above[i + 1] + covered_in_row;
      }
    }
  }

  // Covered cells in the w × h cells from (i, j).
  int count(int i, int j, int w, int h) const {
    return sum(i + w, j + h) - sum(i, j + h) - sum(i + w, j) + sum(i, j);
  }

 private:
  int& mark(int i, int j) { return marks_[static_cast<std::size_t>(j) * (cols_ + 1) + i]; }
  int sum(int i, int j) const { return sums_[static_cast<std::size_t>(j) * (cols_ + 1) + i]; }

  Box view_;
  float cell_;
  int cols_, rows_;
  std::vector<int> marks_, sums_;  // sums_(i, j): covered cells left of i and above j
};

// The gap between two boxes (0 when they touch or overlap).
float distance(const Box& a, const Box& b) {
  const float dx = std::max({a.min.x - b.max.x, b.min.x - a.max.x, 0.0f});
  const float dy = std::max({a.min.y - b.max.y, b.min.y - a.max.y, 0.0f});
  return std::sqrt(dx * dx + dy * dy);
}

// The search keeps at most this many cells: a huge view (an SVG of thousands of nodes) gets
// coarser cells rather than a slower search.
constexpr double kMaxCells = 60000;

// What is covered in one region of the view, on a grid, and the searches over it.
class RegionSearch {
 public:
  RegionSearch(Box region, float cell, Box gate, float gap, const CalloutObstacles& obstacles,
               const CalloutRoom& room)
      : region_(region),
        cell_(cell),
        gate_(gate),
        gap_(gap),
        cols_(static_cast<int>((region.max.x - region.min.x) / cell)),
        rows_(static_cast<int>((region.max.y - region.min.y) / cell)),
        blocked_(region, cell, cols_, rows_),
        wires_(region, cell, cols_, rows_) {
    for (const Box& box : obstacles.blocked) blocked_.cover(box);
    for (const Box& box : room.keep_out) blocked_.cover(box);
    blocked_.cover({gate.min - Vec2{gap, gap}, gate.max + Vec2{gap, gap}});
    blocked_.finish();
    for (Vec2 point : obstacles.wires) wires_.cover({point, point});
    wires_.finish();
  }

  // The free box of `size` with the lowest score (see score()), if any.
  std::optional<Box> nearest_free(Vec2 size) {
    const int w = cells(size.x), h = cells(size.y);
    // Rows and columns nearest the gate first: every score is at least the gap to the gate, so
    // once a free box is found, rows and columns at least that far away need no look.
    rows_by_gap_.clear();
    cols_by_gap_.clear();
    for (int j = 0; j + h <= rows_; ++j) {
      const float top = region_.min.y + j * cell_;
      rows_by_gap_.push_back(
          {std::max({gate_.min.y - (top + size.y), top - gate_.max.y, 0.0f}), j});
    }
    for (int i = 0; i + w <= cols_; ++i) {
      const float left = region_.min.x + i * cell_;
      cols_by_gap_.push_back(
          {std::max({gate_.min.x - (left + size.x), left - gate_.max.x, 0.0f}), i});
    }
    std::sort(rows_by_gap_.begin(), rows_by_gap_.end());
    std::sort(cols_by_gap_.begin(), cols_by_gap_.end());
    float best = std::numeric_limits<float>::max();
    std::optional<Box> chosen;
    for (const auto& [dy, j] : rows_by_gap_) {
      if (dy >= best) break;
      for (const auto& [dx, i] : cols_by_gap_) {
        if (dx * dx + dy * dy >= best * best) break;
        if (blocked_.count(i, j, w, h) != 0) continue;
        const Box box = box_at(i, j, size);
        float s = score(box) + 2.0f * cell_ * static_cast<float>(wires_.count(i, j, w, h));
        if (s < best) s += 2.0f * cell_ * static_cast<float>(leader_crossings(box));
        // Equal scores: the box higher up, then further left (the same whatever the order).
        if (s < best || (s == best && (box.min.y < chosen->min.y ||
                                       (box.min.y == chosen->min.y && box.min.x < chosen->min.x))))
          best = s, chosen = box;
      }
    }
    return chosen;
  }

  // A box of `size` along the region's bottom or top edge over the fewest covered cells.
  Box dock(Vec2 size) const {
    const int w = cells(size.x), h = cells(size.y);
    if (w > cols_ || h > rows_) return {region_.min, region_.min + size};
    int fewest = std::numeric_limits<int>::max();
    float nearest = 0;
    Box chosen{};
    for (int j : {rows_ - h, 0})
      for (int i = 0; i + w <= cols_; ++i) {
        const int covered = blocked_.count(i, j, w, h);
        const Box box = box_at(i, j, size);
        const float s = distance(box, gate_);
        if (covered < fewest || (covered == fewest && s < nearest))
          fewest = covered, nearest = s, chosen = box;
      }
    return chosen;
  }

 private:
  int cells(float length) const { return static_cast<int>(std::ceil(length / cell_)); }
  Box box_at(int i, int j, Vec2 size) const {
    const Vec2 min{region_.min.x + i * cell_, region_.min.y + j * cell_};
    return {min, min + size};
  }
  // Covered cells the leader line from `box` to the gate would cross (callout.cpp draws it from
  // the box's point nearest the gate's centre), outside the gate's own margin: a line across
  // other gates and numbers would point at the wrong thing.
  int leader_crossings(const Box& box) const {
    const Vec2 center = (gate_.min + gate_.max) * 0.5f;
    const Vec2 from{std::clamp(center.x, box.min.x, box.max.x),
                    std::clamp(center.y, box.min.y, box.max.y)};
    const float length = std::hypot(from.x - center.x, from.y - center.y);
    const Box margin{gate_.min - Vec2{gap_, gap_}, gate_.max + Vec2{gap_, gap_}};
    int crossed = 0;
    const int samples = static_cast<int>(length / cell_);
    for (int k = 0; k <= samples; ++k) {
      const float t = samples == 0 ? 0.0f : static_cast<float>(k) / static_cast<float>(samples);
      const Vec2 at = from + (center - from) * t;
      if (at.x >= margin.min.x && at.x <= margin.max.x && at.y >= margin.min.y &&
          at.y <= margin.max.y)
        break;  // from here on the line is in the gate's own margin
      const int i = static_cast<int>(std::floor((at.x - region_.min.x) / cell_));
      const int j = static_cast<int>(std::floor((at.y - region_.min.y) / cell_));
      if (i >= 0 && j >= 0 && i < cols_ && j < rows_) crossed += blocked_.count(i, j, 1, 1);
    }
    return crossed;
  }

  // The gap to the gate, plus a small preference among the sides (below and above first: in a
  // left-to-right graph the wires run sideways, so the sides of a gate hold its wires and
  // their numbers), and for a box centred on the gate.
  float score(const Box& box) const {
    float side = 1.5f;  // left
    if (box.min.y >= gate_.max.y)
      side = 0;
    else if (box.max.y <= gate_.min.y)
      side = 0.5f;
    else if (box.min.x >= gate_.max.x)
      side = 1.0f;
    const Vec2 center = (box.min + box.max) * 0.5f, gate_center = (gate_.min + gate_.max) * 0.5f;
    const float off_axis =
        side < 1.0f ? std::abs(center.x - gate_center.x) : std::abs(center.y - gate_center.y);
    return distance(box, gate_) + side * cell_ + 0.1f * off_axis;
  }

  Box region_;
  float cell_;
  Box gate_;
  float gap_;
  int cols_, rows_;
  CoverGrid blocked_, wires_;
  std::vector<std::pair<float, int>> rows_by_gap_, cols_by_gap_;
};

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
  const Vec2 extent = view.max - view.min;
  // Nothing to measure from (a gate or a size not a number): the view's top-left corner.
  auto finite = [](Vec2 v) { return std::isfinite(v.x) && std::isfinite(v.y); };
  bool sound = finite(gate.min) && finite(gate.max);
  for (Vec2 size : sizes) sound = sound && finite(size) && size.x >= 0 && size.y >= 0;
  if (!sound) return {{view.min, view.min + (finite(sizes[0]) ? sizes[0] : Vec2{0, 0})}, 0, false};
  if (!(cell >= 1e-3f) || !std::isfinite(cell)) cell = std::max(1e-3f, extent.x / 100);
  while (static_cast<double>(extent.x / cell) * (extent.y / cell) > kMaxCells) cell *= 1.5f;
  // A picture that may grow keeps the callout at its own size (outside the view if need be).
  const std::size_t tried = room.may_grow ? 1 : sizes.size();

  // Each size first in the neighbourhood of the gate, where the callout nearly always finds
  // room (a grid of the whole view costs more than the rest of the frame's drawing), then in
  // the whole view: a callout at its own size further away reads better than a smaller one.
  Vec2 reach{0, 0};
  for (std::size_t index = 0; index < tried; ++index)
    reach = {std::max(reach.x, sizes[index].x), std::max(reach.y, sizes[index].y)};
  reach = reach * 2.0f + Vec2{gap, gap};
  const Box near{
      {std::max(view.min.x, gate.min.x - reach.x), std::max(view.min.y, gate.min.y - reach.y)},
      {std::min(view.max.x, gate.max.x + reach.x), std::min(view.max.y, gate.max.y + reach.y)}};
  std::optional<RegionSearch> nearby, everywhere;
  if (!empty(near)) nearby.emplace(near, cell, gate, gap, obstacles, room);
  for (std::size_t index = 0; index < tried; ++index) {
    if (nearby)
      if (std::optional<Box> box = nearby->nearest_free(sizes[index])) return {*box, index, true};
    if (!everywhere) everywhere.emplace(view, cell, gate, gap, obstacles, room);
    if (std::optional<Box> box = everywhere->nearest_free(sizes[index])) return {*box, index, true};
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
  if (!everywhere) everywhere.emplace(view, cell, gate, gap, obstacles, room);
  return {everywhere->dock(sizes[smallest]), smallest, false};
}

namespace {

// Whether the segment a–b passes through `box` (Liang–Barsky clipping).
bool crosses(Vec2 a, Vec2 b, const Box& box) {
  float t0 = 0, t1 = 1;
  const Vec2 d = b - a;
  const float p[4] = {-d.x, d.x, -d.y, d.y};
  const float q[4] = {a.x - box.min.x, box.max.x - a.x, a.y - box.min.y, box.max.y - a.y};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return false;
      continue;
    }
    const float t = q[k] / p[k];
    if (p[k] < 0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

}  // namespace

std::vector<Vec2> leader_route(const Box& box, const Box& gate, const CalloutObstacles& obstacles) {
  const Vec2 center = (gate.min + gate.max) * 0.5f;
  const Vec2 nearest{std::clamp(center.x, box.min.x, box.max.x),
                     std::clamp(center.y, box.min.y, box.max.y)};
  // The routes: straight; down (or up) from the box's bottom (top) edge, then across; across
  // from its side, then down (or up). Each elbow leaves from near either end of the edge.
  const float inset =
      std::min(12.0f, 0.25f * std::min(box.max.x - box.min.x, box.max.y - box.min.y));
  const float edge_y = center.y > box.max.y ? box.max.y : box.min.y;
  const float edge_x = center.x > box.max.x ? box.max.x : box.min.x;
  std::vector<std::vector<Vec2>> routes{{nearest, center}};
  for (float x : {box.min.x + inset, box.max.x - inset})
    if (center.y > box.max.y || center.y < box.min.y)
      routes.push_back({{x, edge_y}, {x, center.y}, center});
  for (float y : {box.min.y + inset, box.max.y - inset})
    if (center.x > box.max.x || center.x < box.min.x)
      routes.push_back({{edge_x, y}, {center.x, y}, center});
  // The gate's own box (however padded) and its name under it: every route ends there.
  const float own_reach = 1.8f * std::max(gate.max.x - gate.min.x, gate.max.y - gate.min.y) * 0.5f;
  auto own = [&](const Box& blocked) {
    const Vec2 middle = (blocked.min + blocked.max) * 0.5f;
    return std::hypot(middle.x - center.x, middle.y - center.y) <= own_reach;
  };
  auto cost = [&](const std::vector<Vec2>& route) {
    int crossed = 0;
    float length = 0;
    for (std::size_t k = 0; k + 1 < route.size(); ++k) {
      length += std::hypot(route[k + 1].x - route[k].x, route[k + 1].y - route[k].y);
      for (const Box& blocked : obstacles.blocked)
        if (!own(blocked)) crossed += crosses(route[k], route[k + 1], blocked);
    }
    return std::pair{crossed, length};
  };
  std::size_t best = 0;
  auto best_cost = cost(routes[0]);
  for (std::size_t r = 1; r < routes.size(); ++r)
    if (const auto c = cost(routes[r]); c < best_cost)
      best = r, best_cost = c;  // fewest, then shortest
  return routes[best];
}

}  // namespace gf::gui
