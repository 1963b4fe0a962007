// The lab's network diagram layout (app/gui/lab/lab_network_layout.cpp), headless: every node inside
// the column, no two nodes overlapping, the columns apart (the features' column and the first
// layer too), for 1 to 6 hidden layers of 1 to 8 neurons in the columns the lab gives at its
// window sizes; one layout worked out by hand; the lab's areas; and the edits the column's
// controls ask for.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lab_network_layout.hpp"

using gf::Vec2;
using gf::gui::apply_network_edit;
using gf::gui::lay_out_network;
using gf::gui::NetworkEdit;
using gf::gui::NetworkLayout;
using gf::gui::NetworkNode;

namespace {

constexpr int kFeatures = gf::nn::kFeatureCount;  // the lab shows every feature, used or not

struct Column {
  Vec2 min, size;
  float scale;
  std::string name;
};

// The network column as LabPanel::draw cuts it from a window (a 24-pixel menu bar above the lab,
// its toolbar: one row of settings, two when presenting at 1280, as the label dumps show it;
// the data column and the output column from lab_areas), with the diagram starting 130 units
// below the column's top (the heading and layer controls).
Column lab_column(float width, float height, bool presentation) {
  const float s = presentation ? 1.45f : 1.0f;
  const float lab_height = height - 24;
  const float toolbar = presentation && width < 1600 ? 172 : 68 * s;
  const gf::gui::LabAreas areas = gf::gui::lab_areas({width, lab_height}, s, presentation, toolbar);
  const float top = 24 + areas.toolbar;
  return {{areas.left, top},
          {width - areas.left - areas.right, height - top},
          s,
          std::to_string(static_cast<int>(width)) + "x" + std::to_string(static_cast<int>(height)) +
              (presentation ? " presentation" : "")};
}

NetworkLayout lay_out(const Column& column, const std::vector<int>& neurons) {
  const Vec2 top{column.min.x + 14 * column.scale, column.min.y + 130 * column.scale};
  return lay_out_network(column.min, column.size, top, column.scale, kFeatures, neurons);
}

struct Square {
  float left, top, right, bottom;
};
Square square_of(const NetworkLayout& layout, const NetworkNode& node) {
  const float half = layout.half_side(node);
  return {node.center.x - half, node.center.y - half, node.center.x + half, node.center.y + half};
}

}  // namespace

TEST_CASE("lab network layout: one column worked out by hand") {
  // A 560 × 710 column at (250, 90), scale 1, two layers of 4 neurons, the diagram's top-left at
  // (264, 230). Columns: output 64 wide, the other three (560 − 28 − 64) / 3 = 156 each. Pitch:
  // min(52, (760 − 230) / 7) = 52; node: round(min(52 × 0.78, 156 × 0.45)) = round(40.56) = 41.
  const NetworkLayout layout =
      lay_out_network({250, 90}, {560, 710}, {264, 230}, 1.0f, kFeatures, {4, 4});
  CHECK(layout.pitch == doctest::Approx(52));
  CHECK(layout.node == 41);
  CHECK(layout.output_node == 41);  // round(min(56, max(41, 40)))
  CHECK(layout.bottom == 760);
  REQUIRE(layout.columns.size() == 4);
  CHECK(layout.columns[0].size() == 7);
  CHECK(layout.columns[1].size() == 4);
  CHECK(layout.columns[3].size() == 1);
  // Features: right of their 44-unit labels; rows at the pitch's middles.
  CHECK(layout.columns[0][0].center.x == doctest::Approx(264 + 44 + 20.5));
  CHECK(layout.columns[0][6].center.y == doctest::Approx(230 + 52 * 6.5));
  // Layer 1 starts one column right of the features' column (250 + 14 + 156), 4 units in.
  CHECK(layout.columns[1][0].center.x == doctest::Approx(250 + 14 + 156 + 20.5 + 4));
  CHECK(layout.columns[2][3].center.x == doctest::Approx(250 + 14 + 312 + 20.5 + 4));
  CHECK(layout.columns[2][3].center.y == doctest::Approx(230 + 52 * 3.5));
  // Tiles: features 0–6, then the neurons in order; the output has none.
  CHECK(layout.columns[1][0].tile == 7);
  CHECK(layout.columns[2][3].tile == 14);
  CHECK(layout.columns[3][0].tile == -1);
  // The output: centred in its 64-unit column less 10, its top level with the first row's middle.
  CHECK(layout.columns[3][0].center.x == doctest::Approx(250 + 560 - 32 - 10));
  CHECK(layout.columns[3][0].center.y == doctest::Approx(230 + 26 + 20.5));
}

TEST_CASE("lab network layout: nodes inside the column, apart, features clear of layer 1") {
  const std::vector<Column> columns = {lab_column(1024, 700, false), lab_column(1280, 800, false),
                                       lab_column(1920, 1080, false), lab_column(1280, 800, true),
                                       lab_column(1920, 1080, true)};
  for (const Column& column : columns)
    for (int layers = 1; layers <= 6; ++layers)
      for (int neurons = 1; neurons <= 8; ++neurons) {
        // Every layer as wide, then widths that change from layer to layer.
        for (const bool mixed : {false, true}) {
          std::vector<int> sizes;
          for (int l = 0; l < layers; ++l)
            sizes.push_back(mixed ? 1 + (neurons + l * 3) % 8 : neurons);
          const NetworkLayout layout = lay_out(column, sizes);
          CAPTURE(column.name);
          CAPTURE(layers);
          CAPTURE(neurons);
          CAPTURE(mixed);
          REQUIRE(layout.columns.size() == static_cast<std::size_t>(layers) + 2);
          float previous_right = -1e9f;
          for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            float left = 1e9f, right = -1e9f, previous_bottom = -1e9f;
            for (const NetworkNode& node : layout.columns[c]) {
              const Square box = square_of(layout, node);
              CHECK(box.left >= column.min.x);
              CHECK(box.right <= column.min.x + column.size.x);
              CHECK(box.top >= column.min.y);
              CHECK(box.bottom <= layout.bottom);
              CHECK(box.top > previous_bottom);  // apart from the node above
              previous_bottom = box.bottom;
              left = std::min(left, box.left);
              right = std::max(right, box.right);
            }
            // Columns apart: room for the wires between them (4 units at least). The features
            // and the first layer: the next test case.
            if (c >= 2) CHECK(left - previous_right >= 4 * column.scale);
            previous_right = right;
          }
          CHECK(layout.bottom <= column.min.y + column.size.y);
        }
      }
}

TEST_CASE("lab network layout: the column's edits change the model within its limits") {
  gf::nn::ModelSpec model;
  model.features = {gf::nn::Feature::X1, gf::nn::Feature::X2};
  model.hidden = {{4, gf::nn::Activation::Relu}};
  using Kind = NetworkEdit::Kind;

  CHECK(apply_network_edit({Kind::AddLayer}, model));  // as wide as the last, same activation
  REQUIRE(model.hidden.size() == 2);
  CHECK(model.hidden[1].neurons == 4);
  CHECK(model.hidden[1].activation == gf::nn::Activation::Relu);
  CHECK(apply_network_edit({Kind::AddNeuron, 1}, model));
  CHECK(model.hidden[1].neurons == 5);
  CHECK(apply_network_edit({Kind::SetActivation, 0, gf::nn::Activation::Sigmoid}, model));
  CHECK(model.hidden[0].activation == gf::nn::Activation::Sigmoid);
  CHECK_FALSE(apply_network_edit({Kind::AddNeuron, 7}, model));  // no such layer

  model.hidden[0].neurons = 1;
  CHECK_FALSE(apply_network_edit({Kind::RemoveNeuron, 0}, model));  // a layer keeps one neuron
  model.hidden[0].neurons = gf::nn::kMaxNeurons;
  CHECK_FALSE(apply_network_edit({Kind::AddNeuron, 0}, model));

  // Features stay in the table's order; the last one cannot go.
  CHECK(apply_network_edit({Kind::ToggleFeature, 4}, model));  // x1·x2 on
  CHECK(model.features ==
        std::vector{gf::nn::Feature::X1, gf::nn::Feature::X2, gf::nn::Feature::X1X2});
  CHECK(apply_network_edit({Kind::ToggleFeature, 0}, model));  // x1 off
  CHECK(apply_network_edit({Kind::ToggleFeature, 1}, model));  // x2 off
  CHECK(model.features == std::vector{gf::nn::Feature::X1X2});
  CHECK_FALSE(apply_network_edit({Kind::ToggleFeature, 4}, model));
  CHECK(model.features == std::vector{gf::nn::Feature::X1X2});

  // Layers: none left after removing both; at most kMaxHiddenLayers.
  CHECK(apply_network_edit({Kind::RemoveLayer}, model));
  CHECK(apply_network_edit({Kind::RemoveLayer}, model));
  CHECK_FALSE(apply_network_edit({Kind::RemoveLayer}, model));
  CHECK(apply_network_edit({Kind::AddLayer}, model));  // from none: 4 tanh neurons
  CHECK(model.hidden[0].neurons == 4);
  CHECK(model.hidden[0].activation == gf::nn::Activation::Tanh);
  while (model.hidden.size() < static_cast<std::size_t>(gf::nn::kMaxHiddenLayers))
    CHECK(apply_network_edit({Kind::AddLayer}, model));
  CHECK_FALSE(apply_network_edit({Kind::AddLayer}, model));
}

// Where the features' column (44-unit labels, then thumbnails) ends and the first hidden layer
// begins: at least 4 units apart (room for the input wires), for 1 to 6 layers of 1 to 8 neurons
// at every window size the lab is tried at, presenting or not (a narrow network column gives the
// features their room and the layers the rest: network_columns).
TEST_CASE("lab network layout: the features' column and the first layer keep a gap") {
  const std::vector<Column> columns = {lab_column(1024, 700, false),  lab_column(1280, 800, false),
                                       lab_column(1920, 1080, false), lab_column(1024, 700, true),
                                       lab_column(1280, 800, true),   lab_column(1920, 1080, true)};
  for (const Column& column : columns)
    for (int layers = 1; layers <= 6; ++layers)
      for (int neurons = 1; neurons <= 8; ++neurons) {
        const NetworkLayout layout = lay_out(column, std::vector<int>(layers, neurons));
        float features_right = -1e9f, layer_left = 1e9f;
        for (const NetworkNode& node : layout.columns[0])
          features_right = std::max(features_right, square_of(layout, node).right);
        for (const NetworkNode& node : layout.columns[1])
          layer_left = std::min(layer_left, square_of(layout, node).left);
        CAPTURE(column.name);
        CAPTURE(layers);
        CAPTURE(neurons);
        CHECK(layer_left - features_right >= 4 * column.scale);
      }
}

// The output column grows with a tall window (the plane with it), up to 40% of the width, and
// keeps its 470 units at 1280×800: 1920×1080 under a 24-pixel menu bar: min(max(470, 1056 −
// 330), 768) = 726.
TEST_CASE("lab areas: the output column grows at 1920x1080, not at 1280x800") {
  CHECK(gf::gui::lab_areas({1280, 776}, 1.0f, false, 68).right == 470);
  CHECK(gf::gui::lab_areas({1920, 1056}, 1.0f, false, 68).right == 726);
  CHECK(gf::gui::lab_areas({1024, 676}, 1.0f, false, 120).right == 410);  // 40% of 1024
  CHECK(gf::gui::lab_areas({1280, 776}, 1.0f, false, 68).left == 250);
  CHECK(gf::gui::lab_areas({1280, 776}, 1.45f, true, 172).left == 0);
}

// Wires and bias squares (issue 14, weights you can touch), on a diagram placed by hand: two
// features at (0, 0) and (0, 100), one hidden neuron at (200, 50), the output at (300, 50), all
// 20 units square. Parameters (nn_model.hpp): w1_0_0, w1_0_1, b1_0, w2_0_0, b2_0.
TEST_CASE("lab network layout: each weight's wire and bias square, and the one under the mouse") {
  NetworkLayout layout;
  layout.node = layout.output_node = 20;
  layout.columns = {{{{0, 0}, 0}, {{0, 100}, 1}}, {{{200, 50}, 2}}, {{{300, 50}, -1}}};
  gf::nn::ModelSpec spec;
  spec.features = {gf::nn::Feature::X1, gf::nn::Feature::X2};
  spec.hidden = {{1, gf::nn::Activation::Tanh}};
  const std::vector<gf::nn::LayerShape> shapes = gf::nn::layer_shapes(spec);
  const std::vector<gf::gui::WireSpot> wires = gf::gui::network_wires(layout, shapes, {0, 1});
  REQUIRE(wires.size() == 3);
  CHECK(wires[0].parameter == 0);
  CHECK(wires[0].from == Vec2{10, 0});
  CHECK(wires[0].to == Vec2{190, 50});
  CHECK(wires[1].parameter == 1);
  CHECK(wires[1].from == Vec2{10, 100});
  CHECK(wires[2].parameter == 3);
  CHECK(wires[2].from == Vec2{210, 50});
  CHECK(wires[2].to == Vec2{290, 50});

  // The Bézier's middle: (a + 3b + 3c + d)/8 with b = (100, 0), c = (100, 50): (100, 25).
  const Vec2 middle = gf::gui::wire_point(wires[0], true, 0.5f);
  CHECK(middle.x == doctest::Approx(100));
  CHECK(middle.y == doctest::Approx(25));
  CHECK(gf::gui::nearest_wire(wires, true, {100, 27}, 4) == 0);
  CHECK(gf::gui::nearest_wire(wires, true, {100, 50}, 4) == -1);  // between the two: none near
  // The nearest wins: wire 1 passes at (100, 75).
  CHECK(gf::gui::nearest_wire(wires, true, {100, 45}, 40) == 0);
  CHECK(gf::gui::nearest_wire(wires, true, {100, 58}, 40) == 1);
  // A quarter along: (27a + 27b + 9c + d)/64 = (63.44, 7.81). The straight line from (10, 0) to
  // (190, 50) passes 6.8 units from there: hit on the curve, not on the line.
  CHECK(gf::gui::nearest_wire(wires, true, {63.44f, 7.81f}, 4) == 0);
  CHECK(gf::gui::nearest_wire(wires, false, {63.44f, 7.81f}, 4) == -1);
  CHECK(gf::gui::nearest_wire(wires, false, {250, 52}, 4) == 2);

  // A feature the first layer does not read has no wire (x2 only: the first layer's input 0).
  spec.features = {gf::nn::Feature::X2};
  const std::vector<gf::gui::WireSpot> x2_only =
      gf::gui::network_wires(layout, gf::nn::layer_shapes(spec), {-1, 0});
  REQUIRE(x2_only.size() == 2);
  CHECK(x2_only[0].from == Vec2{10, 100});
  CHECK(x2_only[0].parameter == 0);

  // Biases: side max(4, round(min(9, 0.24·20))) = 5, 2 units left of the neuron's lower left.
  const std::vector<gf::gui::BiasSpot> biases = gf::gui::network_biases(layout, shapes, 1.0f);
  REQUIRE(biases.size() == 2);
  CHECK(biases[0].parameter == 2);
  CHECK(biases[0].min == Vec2{183, 55});
  CHECK(biases[0].max == Vec2{188, 60});
  CHECK(biases[1].parameter == 4);
  CHECK(biases[1].min == Vec2{283, 55});
  CHECK(gf::gui::bias_at(biases, {185, 57}, 0) == 0);
  CHECK(gf::gui::bias_at(biases, {190, 57}, 0) == -1);
  CHECK(gf::gui::bias_at(biases, {190, 57}, 2) == 0);
  CHECK(gf::gui::bias_at(biases, {286, 58}, 0) == 1);
}
