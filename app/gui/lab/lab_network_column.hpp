// lab_network_column.hpp — the lab's middle column: the network as TensorFlow Playground draws
// it. The input features on the left (click one to use it or not), each hidden layer a column of
// neurons with +/- buttons and its activation, the output on the right. Every node shows its
// output over the plane as a thumbnail; wires are coloured by the weight's sign (blue +, orange −)
// and as thick as |w|. Hovering a node enlarges its map.
//
// Files: lab_network_column.cpp (the column: heading, layer controls, the hovered node's map),
// network_diagram.cpp (thumbnails, wires, nodes), lab_network_layout.cpp (where everything goes,
// and the edits; no ImGui).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "heatmap_renderer.hpp"
#include "lab_network_layout.hpp"
#include "lab_state.hpp"
#include "lab_widgets.hpp"
#include "shape_batch.hpp"
#include "weight_inspector.hpp"

namespace gf::gui {

class LabNetworkColumn {
 public:
  // Refreshes the thumbnails' atlas from the main run's weights when they changed (GL upload;
  // large networks on their evaluation turn). Reads the lab state; changes only the atlas.
  void update_thumbnails(const LabState& state, const LabFrame& frame, HeatmapRenderer& heatmap);
  // Draws the column in min/size for the main `run`; `boundary` is the output node's texture
  // (0: none). `wires` receives a large network's wires as GL lines. Changes nothing in the
  // lab: a click on a layer control or a feature comes back as the edit to apply after drawing.
  std::optional<NetworkEdit> draw(Vec2 min, Vec2 size, const LabFrame& frame, const LabRun& run,
                                  unsigned boundary, ShapeBatch& wires);
  void release_gpu_resources() { atlas_ = 0; }
  // After the column is drawn: the weight typed this frame (one undoable change).
  void apply_weight_edits(LabState& state) { weights_.apply_pending(state); }
  // Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y: the weight edits back and forth (false: nothing to do).
  bool undo_weight_edit(LabState& state, bool redo) {
    return redo ? weights_.redo(state) : weights_.undo(state);
  }

 private:
  // Every feature is shown, used or not (the first layer reads the used ones).
  // The thumbnails: features, then hidden neurons, in an atlas of kThumb-texel tiles.
  static constexpr int kThumb = 24, kAtlasColumns = 32;
  std::vector<float> neuron_values_;
  nn::DenseScratch dense_scratch_;  // the thumbnails' evaluation (nn_dense.hpp)
  std::vector<std::uint8_t> atlas_pixels_;
  unsigned atlas_ = 0;
  std::vector<double> thumbnail_parameters_;  // what the atlas shows
  int thumbnail_step_ = -1;
  bool thumbnail_dark_ = true;
  WeightInspector weights_;  // the hovered or edited weight (weight_inspector.hpp)

  // What one frame's drawing works with (lab_network_column.cpp, network_diagram.cpp).
  struct Frame {
    const LabFrame& lab;
    const nn::ModelSpec& model;
    std::vector<int> input_of_feature;  // the first layer's input a feature feeds, or -1
    int tile_count = 0;                 // thumbnails: the features and the hidden neurons
    unsigned boundary = 0;
  };
  struct Hover {    // the node under the mouse
    int tile = -2;  // -2: none; -1 the output
    ImVec2 corner{};
    std::string text;
  };
  static std::optional<NetworkEdit> layer_buttons(const Frame& frame, const NetworkColumns& across);
  static std::optional<NetworkEdit> layer_controls(const Frame& frame, const NetworkColumns& across,
                                                   float top);
  static std::optional<NetworkEdit> one_layer_controls(const Frame& frame,
                                                       const NetworkColumns& across, int layer);
  std::optional<NetworkEdit> diagram(const Frame& frame, Vec2 min, Vec2 size, const LabRun& run,
                                     ShapeBatch& wires);
  void draw_thumbnails(const nn::PlaneBox& box, const LabRun& run, bool dark, int width);
  // Draws the wires; returns those drawn (the weakest of many are not) and whether curved.
  std::pair<std::vector<WireSpot>, bool> draw_wires(ImDrawList* list, const Frame& frame,
                                                    const NetworkLayout& layout, const LabRun& run,
                                                    ShapeBatch& wires) const;
  // The bias squares, the hovered parameter (a square, else the nearest wire) and its highlight.
  void weights_under_mouse(ImDrawList* list, ImDrawListSplitter& layers, const Frame& frame,
                           const NetworkLayout& layout, const LabRun& run,
                           const std::pair<std::vector<WireSpot>, bool>& shown);
  void weight_panel(const Frame& frame, const LabRun& run, Vec2 min, Vec2 size,
                    const NetworkLayout& layout, bool node_hovered);
  std::optional<NetworkEdit> draw_nodes(ImDrawList* list, ImDrawListSplitter& layers,
                                        const Frame& frame, const NetworkLayout& layout,
                                        Hover& hover) const;
  void draw_node(ImDrawList* list, ImDrawListSplitter& layers, const Frame& frame,
                 const NetworkLayout& layout, std::size_t column, std::size_t row) const;
  std::string hover_text(const Frame& frame, std::size_t column, std::size_t row) const;
  void draw_hovered_map(const Frame& frame, const Hover& hover, Vec2 min, Vec2 size,
                        float diagram_bottom) const;
  std::pair<ImVec2, ImVec2> tile_uv(int tile, int tile_count) const;  // its corners in the atlas
};

}  // namespace gf::gui
