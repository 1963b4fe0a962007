// lab_panel.hpp — the classifier lab's window area (issue 5): data on the left, the network in
// the middle, the output (loss curves, the decision boundary with the points, accuracy, the
// confusion matrix) on the right; compare mode puts up to six boundaries side by side.
//
// LabPanel lays the panels out, renders the boundaries' textures, applies what the panels ask
// for after drawing them, and owns the keys, file dialogs and headless checks (lab_panel.cpp).
// Panels: lab_columns.hpp (toolbar, data column, output column, the boundary plane),
// lab_network_column.hpp (the network); compare tiles: lab_plane.cpp, compare_settings.cpp.
// State: lab_state.hpp; GL: heatmap_renderer.hpp.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "file_dialog.hpp"
#include "fonts.hpp"
#include "heatmap_renderer.hpp"
#include "imgui_painter.hpp"
#include "lab_columns.hpp"
#include "lab_network_column.hpp"
#include "lab_state.hpp"
#include "lab_widgets.hpp"
#include "shape_batch.hpp"
#include "theme.hpp"

namespace gf::gui {

class LabPanel {
 public:
  LabState state;

  // The lab in the area min/size (window units). Renders the heatmaps' textures first (GL).
  void draw(Vec2 min, Vec2 size, const LabFrame& frame);
  // Headless captures: what is drawn is complete at once (no picture refined over frames).
  void settle() { settled_ = true; }
  bool refining() const { return refining_; }  // the picture still improves over frames
  // Space play/pause, Right or S one step, R reset, D discretize, C compare.
  void on_key(int glfw_key);
  // Ctrl+Z (redo: Ctrl+Shift+Z, Ctrl+Y): the network diagram's weight edits.
  void on_undo_key(bool redo);
  // The point whose scalar graph the user asked to see (taken once; the App opens it).
  std::optional<nn::PointGraph> take_graph_request();
  // The Lab menu's files (save or open a lab file, import weights): a file dialog.
  void ask_file(LabFile file) { open_file_dialog(file); }

  // Headless: renders the main run's boundary at size×size with the shader, reads its classes
  // back with glReadPixels, evaluates the same grid on the CPU, and counts the texels whose
  // class agrees. Needs the GL context.
  struct Agreement {
    int pixels = 0, agreeing = 0;
    double fraction = 0;
    std::string error;  // shader unavailable, network too large ...
  };
  Agreement agreement_test(int size);
  void release_gpu_resources();

 private:
  // lab_panel.cpp
  void file_dialogs();
  void open_file_dialog(LabFile file);
  void heading(const char* text) { lab_heading(frame_, text); }
  void text_label(const std::string& text, Color color) { lab_text(frame_, text, color); }
  void record_item(std::string text) { lab_record_item(frame_, std::move(text)); }
  void divergence_popup(Vec2 min, Vec2 size);
  void request_graph();
  void render_heatmaps();
  unsigned boundary_texture(int slot) const;  // this frame's, or 0
  // lab_plane.cpp: compare mode
  void compare_view(Vec2 min, Vec2 size);
  void compare_presets();
  enum class TileAction { None, Edit, Remove };
  TileAction compare_tile(int run, Vec2 at, float side, float curve_h);
  // compare_settings.cpp: a compare tile's settings, edited as a draft
  struct SettingsDraft {
    int run = -1;
    char name[64] = {}, hidden[64] = {};
    nn::Activation activation = nn::Activation::Tanh;  // every hidden layer's
    nn::ModelSpec model;
    nn::TrainConfig config;
    std::string error;  // why Apply was refused
  };
  SettingsDraft draft_;
  void open_settings(int run);  // at the compare window's ID level (the popup's)
  void settings_popup();
  Result<std::vector<nn::LayerSpec>> draft_network_fields();
  void draft_training_fields();
  bool apply_draft(const std::vector<nn::LayerSpec>& layers);

  LabToolbar toolbar_;
  LabDataColumn data_column_;
  LabNetworkColumn network_;
  LabOutputColumn output_column_;
  LabFrame frame_;
  HeatmapRenderer heatmap_;
  std::vector<unsigned> textures_;  // per active run, this frame's boundary texture
  // The CPU picture of a network the shader does not take (over ~400 weights): while the
  // weights change, a small one every frame; once they stop, the full resolution, computed in
  // bands of rows over the next frames so that no frame stalls.
  struct CpuPicture {
    std::vector<double> parameters;  // what the texture shows (or the job computes)
    std::array<float, 6> style{};    // and with what box and colours
    int shown_side = 0;              // the texture's resolution
    int job_side = 0, job_rows = 0;  // the full picture in progress: rows done so far
    std::vector<std::uint8_t> pixels;
  };
  std::array<CpuPicture, HeatmapRenderer::kSlots> cpu_pictures_;
  bool refining_ = false;  // a CPU picture is being refined over the next frames
  unsigned cpu_picture(int slot, LabRun& run, const HeatStyle& style, int full_side);
  ShapeBatch points_;  // the points of every plane view, one draw
  ShapeBatch wires_;   // a large network's wires as one-pixel GL lines

  FileDialog dialog_;
  LabFile purpose_{};  // what the open file dialog is for
  std::optional<nn::PointGraph> graph_request_;
  bool divergence_popup_shown_ = false;
  bool settled_ = false;
};

}  // namespace gf::gui
