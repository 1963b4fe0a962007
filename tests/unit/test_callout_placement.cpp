// Where the callout goes (app/gui/stepper/callout_placement.cpp), as a pure function of boxes: free
// room nearest its gate, never over an obstacle, the keep-out or the gate, inside the view;
// smaller when only that fits; docked at the view's top or bottom edge when nothing does; just
// outside the view when the picture may grow (the SVG). The expected boxes are worked out here
// from the geometry of each scene.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <span>
#include <vector>

#include "callout_placement.hpp"

using gf::Vec2;
using gf::gui::Box;
using gf::gui::CalloutObstacles;
using gf::gui::CalloutPlacement;
using gf::gui::CalloutRoom;
using gf::gui::place_callout;

namespace {

bool overlaps(const Box& a, const Box& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}
bool inside(const Box& inner, const Box& outer) {
  return inner.min.x >= outer.min.x && inner.min.y >= outer.min.y && inner.max.x <= outer.max.x &&
         inner.max.y <= outer.max.y;
}
Box around(Vec2 center, float half) {
  return {{center.x - half, center.y - half}, {center.x + half, center.y + half}};
}
Vec2 size_of(const Box& box) { return box.max - box.min; }

const Box kView{{0, 0}, {1000, 600}};
const Box kGate = around({500, 300}, 26);
constexpr float kCell = 5;

CalloutPlacement place(Vec2 size, const CalloutObstacles& obstacles, const CalloutRoom& room) {
  const Vec2 sizes[] = {size};
  return place_callout(sizes, kGate, obstacles, room, kCell);
}

}  // namespace

TEST_CASE("callout placement: in an empty view, just below its gate, centred under it") {
  const CalloutPlacement placed = place({200, 60}, {}, {kView, {}, false});
  CHECK(placed.free);
  CHECK(placed.size_index == 0);
  CHECK(inside(placed.box, kView));
  CHECK(size_of(placed.box).x == doctest::Approx(200));
  CHECK(size_of(placed.box).y == doctest::Approx(60));
  // Below the gate, within the leader's gap (14) and one cell of it, centred within a cell.
  CHECK(placed.box.min.y >= kGate.max.y + 14);
  CHECK(placed.box.min.y <= kGate.max.y + 14 + kCell);
  CHECK(std::abs((placed.box.min.x + placed.box.max.x) * 0.5f - 500) <= kCell);
}

TEST_CASE(
    "callout placement: a number below the gate sends it above; numbers on both sides, beside") {
  CalloutObstacles obstacles;
  obstacles.blocked.push_back({{300, 326}, {700, 600}});  // everything below the gate
  CalloutPlacement placed = place({200, 60}, obstacles, {kView, {}, false});
  CHECK(placed.free);
  CHECK(placed.box.max.y <= kGate.min.y - 14);  // above
  CHECK_FALSE(overlaps(placed.box, obstacles.blocked[0]));

  obstacles.blocked.push_back({{300, 0}, {700, 274}});  // and everything above it
  placed = place({200, 60}, obstacles, {kView, {}, false});
  CHECK(placed.free);
  CHECK((placed.box.min.x >= kGate.max.x + 14 || placed.box.max.x <= kGate.min.x - 14));  // beside
  for (const Box& box : obstacles.blocked) CHECK_FALSE(overlaps(placed.box, box));
}

TEST_CASE("callout placement: the keep-out (the canvas's banner) is never covered") {
  CalloutRoom room{kView, {{{0, 0}, {1000, 380}}}, false};  // the whole top, gate included
  CalloutObstacles obstacles;
  obstacles.blocked.push_back({{0, 380}, {420, 600}});  // and the bottom left
  const CalloutPlacement placed = place({300, 80}, obstacles, room);
  CHECK(placed.free);
  CHECK_FALSE(overlaps(placed.box, room.keep_out[0]));
  CHECK_FALSE(overlaps(placed.box, obstacles.blocked[0]));
  CHECK(inside(placed.box, kView));
}

TEST_CASE("callout placement: smaller when only that fits, docked at an edge when nothing does") {
  // A free strip 70 high along the bottom: a box 100 high does not fit, one 60 high does.
  CalloutObstacles obstacles;
  obstacles.blocked.push_back({{0, 0}, {1000, 530}});
  const Vec2 sizes[] = {{300, 100}, {240, 60}};
  CalloutPlacement placed = place_callout(sizes, kGate, obstacles, {kView, {}, false}, kCell);
  CHECK(placed.free);
  CHECK(placed.size_index == 1);
  CHECK(placed.box.min.y >= 530);
  CHECK(inside(placed.box, kView));

  // Nothing free: the smallest size, along the bottom or the top edge, inside the view.
  obstacles.blocked = {{{0, 0}, {1000, 600}}};
  placed = place_callout(sizes, kGate, obstacles, {kView, {}, false}, kCell);
  CHECK_FALSE(placed.free);
  CHECK(placed.size_index == 1);
  CHECK(inside(placed.box, kView));
  const bool at_edge =
      placed.box.max.y >= kView.max.y - kCell || placed.box.min.y <= kView.min.y + kCell;
  CHECK(at_edge);
}

TEST_CASE("callout placement: docked over as few things as it can") {
  // The top edge is crowded, the bottom edge has one small label: the dock takes the bottom
  // and steps around the label.
  CalloutObstacles obstacles;
  obstacles.blocked.push_back({{0, 0}, {1000, 560}});
  obstacles.blocked.push_back({{480, 570}, {520, 590}});
  const CalloutPlacement placed = place({400, 100}, obstacles, {kView, {}, false});
  CHECK_FALSE(placed.free);
  CHECK(placed.box.max.y >= kView.max.y - kCell);
  CHECK_FALSE(overlaps(placed.box, obstacles.blocked[1]));
}

TEST_CASE("callout placement: a picture that may grow puts it just outside, at full size") {
  CalloutObstacles obstacles;
  obstacles.blocked = {{{0, 0}, {1000, 600}}};
  const Vec2 sizes[] = {{300, 100}, {240, 60}};
  const CalloutPlacement placed = place_callout(sizes, kGate, obstacles, {kView, {}, true}, kCell);
  CHECK(placed.free);
  CHECK(placed.size_index == 0);
  CHECK(placed.box.min.y > kView.max.y);
  CHECK(size_of(placed.box).x == doctest::Approx(300));
  // Under its gate: the gate's centre (500) within the box's width.
  CHECK(placed.box.min.x <= 500);
  CHECK(placed.box.max.x >= 500);
}

TEST_CASE("callout placement: an empty view (no limits) puts it right of the gate") {
  const CalloutPlacement placed = place({200, 60}, {}, {});
  CHECK(placed.free);
  CHECK(placed.box.min.x > kGate.max.x);
  CHECK(placed.box.min.y < 300);
  CHECK(placed.box.max.y > 300);
}

TEST_CASE("callout placement: odd input places it somewhere in the view, without a crash") {
  const float nan = std::numeric_limits<float>::quiet_NaN(),
              inf = std::numeric_limits<float>::infinity();
  CalloutObstacles far;  // boxes far outside the view, and not numbers at all
  far.blocked = {
      {{-1e30f, -1e30f}, {1e30f, -1e29f}}, {{nan, nan}, {nan, nan}}, {{2e9f, 2e9f}, {inf, inf}}};
  far.wires = {{nan, 0}, {1e30f, 1e30f}};
  CalloutPlacement placed = place({200, 60}, far, {kView, {}, false});
  CHECK(placed.free);
  CHECK(inside(placed.box, kView));
  // A gate or a size that is not a number: the view's corner.
  const Vec2 odd_sizes[] = {{nan, 10}};
  placed = place_callout(odd_sizes, kGate, {}, {kView, {}, false}, kCell);
  CHECK(placed.box.min.x == 0);
  placed = place_callout(std::span<const Vec2>(), kGate, {}, {kView, {}, false}, kCell);  // no size
  const Vec2 sizes[] = {{200, 60}};
  placed = place_callout(sizes, {{nan, nan}, {nan, nan}}, {}, {kView, {}, false}, kCell);
  CHECK(placed.box.min.x == 0);
  // A view smaller than a cell, a view smaller than the box, a cell not a number.
  placed = place_callout(sizes, kGate, {}, {{{0, 0}, {3, 3}}, {}, false}, kCell);
  CHECK(std::isfinite(placed.box.min.x));
  placed = place_callout(sizes, kGate, {}, {{{400, 250}, {600, 350}}, {}, false}, kCell);
  CHECK_FALSE(placed.free);
  placed = place_callout(sizes, kGate, {}, {kView, {}, false}, nan);
  CHECK(inside(placed.box, kView));
  // A huge view: the grid gets coarser, the answer stays in the view.
  const Box huge{{-1e7f, -1e7f}, {1e7f, 1e7f}};
  placed = place_callout(sizes, kGate, {}, {huge, {}, false}, 1);
  CHECK(inside(placed.box, huge));
}

TEST_CASE(
    "callout placement: 300 random scenes: free boxes never cover anything and stay in view") {
  std::mt19937 random(12);
  std::uniform_real_distribution<float> x(0, 1000), y(0, 600), extent(8, 90);
  int free = 0;
  for (int scene = 0; scene < 300; ++scene) {
    CAPTURE(scene);
    CalloutObstacles obstacles;
    const int count = 5 + scene % 60;
    for (int i = 0; i < count; ++i) {
      const Vec2 at{x(random), y(random)};
      obstacles.blocked.push_back({at, at + Vec2{extent(random), extent(random) * 0.4f}});
    }
    for (int i = 0; i < 40; ++i) obstacles.wires.push_back({x(random), y(random)});
    const CalloutRoom room{kView, {{{0, 0}, {320, 90}}}, false};
    const Vec2 sizes[] = {{260, 90}, {220, 76}, {190, 65}};
    const CalloutPlacement placed = place_callout(sizes, kGate, obstacles, room, kCell);
    const CalloutPlacement again = place_callout(sizes, kGate, obstacles, room, kCell);
    CHECK(again.box.min.x == placed.box.min.x);  // deterministic
    CHECK(again.box.min.y == placed.box.min.y);
    CHECK(inside(placed.box, kView));
    if (!placed.free) continue;
    ++free;
    CHECK_FALSE(overlaps(placed.box, kGate));
    CHECK_FALSE(overlaps(placed.box, room.keep_out[0]));
    for (const Box& box : obstacles.blocked) CHECK_FALSE(overlaps(placed.box, box));
  }
  CHECK(free > 250);  // a few dozen small boxes leave room almost always
}

TEST_CASE(
    "callout leader: straight when nothing is in the way, an elbow around gates when something "
    "is") {
  using gf::gui::leader_route;
  // Sampled every unit along the route: whether a point lies strictly inside `box`.
  auto passes_through = [](const std::vector<Vec2>& route, const Box& box) {
    for (std::size_t k = 0; k + 1 < route.size(); ++k) {
      const Vec2 a = route[k], b = route[k + 1];
      const int steps = static_cast<int>(std::hypot(b.x - a.x, b.y - a.y)) + 1;
      for (int s = 0; s <= steps; ++s) {
        const Vec2 at = a + (b - a) * (static_cast<float>(s) / static_cast<float>(steps));
        if (at.x > box.min.x && at.x < box.max.x && at.y > box.min.y && at.y < box.max.y)
          return true;
      }
    }
    return false;
  };
  const Box callout{{450, 0}, {750, 60}};  // above the gate at (500, 300), reaching right of it
  CalloutObstacles obstacles;
  obstacles.blocked.push_back(
      around({500, 300}, 34));  // the gate's own box (padded): not in the way
  const std::vector<Vec2> clear = leader_route(callout, kGate, obstacles);
  REQUIRE(clear.size() == 2);
  CHECK(clear[0].x == 500);  // from the box's point nearest the gate, straight down to it
  CHECK(clear[0].y == 60);
  CHECK(clear[1].x == 500);
  CHECK(clear[1].y == 300);

  // Two gates of the same column between the box and the gate: the straight line would cross
  // them; the elbow goes down beside them, then across to the gate.
  const Box upper = around({500, 130}, 30), middle = around({500, 220}, 30);
  obstacles.blocked.push_back(upper);
  obstacles.blocked.push_back(middle);
  const std::vector<Vec2> around_them = leader_route(callout, kGate, obstacles);
  REQUIRE(around_them.size() == 3);
  CHECK_FALSE(passes_through(around_them, upper));
  CHECK_FALSE(passes_through(around_them, middle));
  CHECK(around_them.front().y == 60);   // it leaves from the box's bottom edge,
  CHECK(around_them.front().x == 462);  // beside the column (the shorter way: its left part),
  CHECK(around_them[1].y == 300);       // and turns at the gate's height
  CHECK(around_them.back().x == 500);
  CHECK(around_them.back().y == 300);
}
