// lab_columns.hpp — the lab's panels besides the network (lab_network_column.hpp): the toolbar,
// the data column, the output column and the boundary plane they and the compare tiles share.
// Each panel draws in the rectangle it is given; its parameters say what it reads (const) and
// what it may change; a file dialog or a point's graph comes back as a request that LabPanel
// carries out after drawing.
//
// Files: lab_toolbar.cpp, lab_data_column.cpp, lab_plots.cpp (output column, loss curves,
// confusion matrix), lab_plane.cpp (the plane; compare tiles).
#pragma once

#include <optional>

#include "heatmap_renderer.hpp"
#include "lab_state.hpp"
#include "lab_widgets.hpp"
#include "shape_batch.hpp"

namespace gf::gui {

// The file dialogs the lab opens (LabPanel::open_file_dialog).
enum class LabFile {
  ImportCsv,
  ExportCsv,
  ExportWeights,
  ExportPng,
  SaveLab,
  OpenLab,
  ImportWeights
};

// Play, step, reset, the main run's training settings (learning rate, activation,
// regularisation, loss, batch, speed) and the view switch: it changes them in the lab's state.
// The settings go in rows right of the step counter: as many rows as the width needs (a narrow
// window, or presentation mode's large type), so that every control stays. Presentation mode,
// which has no data column, adds the dataset. Compare mode: the tiles keep their own settings,
// so the settings are disabled with a note.
struct LabToolbar {
  // Its height at this width (call with the lab's font and scale, as draw).
  float height(const LabFrame& frame, float width, LabState& state) const;
  void draw(Vec2 min, Vec2 size, const LabFrame& frame, LabState& state) const;

 private:
  struct Grid {
    float start_x = 0, pitch = 0, row_h = 0, top = 0;
    int per_row = 1, rows = 1;
  };
  Grid grid(const LabFrame& frame, float width, LabState& state) const;
  void transport(const LabFrame& frame, LabState& state) const;  // Reset, Play/Pause, Step
  void step_counter(const LabFrame& frame, const LabState& state) const;
  void settings(const LabFrame& frame, LabState& state, const Grid& grid) const;
  void view_switch(const LabFrame& frame, LabState& state, const Grid& grid) const;
};

// A dataset picked (the data column's pictures, presentation mode's toolbar): its default size
// and noise, new points, every run restarts.
void choose_dataset(LabState& state, nn::DatasetKind kind);

// Play or pause (a diverged run starts afresh); single view or compare (the first time with the
// hidden-neurons preset). The toolbar's buttons and the keys Space and C.
void toggle_play(LabState& state);
void toggle_compare(LabState& state);

// The datasets, the points' settings, what a click adds, import/export and the training
// settings Playground keeps out of its toolbar. Changes the data and the main run's settings;
// owns the dataset picker's thumbnails.
class LabDataColumn {
 public:
  std::optional<LabFile> draw(Vec2 min, Vec2 size, const LabFrame& frame, LabState& state,
                              HeatmapRenderer& heatmap);
  void release_gpu_resources() { dataset_atlas_ = 0; }

 private:
  static constexpr int kDataThumb = 48;  // the dataset picker's pictures, texels
  unsigned dataset_atlas_ = 0;
  bool dataset_atlas_dark_ = true;
  void update_dataset_atlas(const LabFrame& frame, HeatmapRenderer& heatmap);
  std::optional<nn::DatasetKind> dataset_picker(const LabFrame& frame, const LabState& state,
                                                float width, HeatmapRenderer& heatmap);
  void data_settings(const LabFrame& frame, LabState& state, float width, HeatmapRenderer& heatmap);
  static void click_classes(LabState& state);
  static std::optional<LabFile> files(const LabFrame& frame, LabState& state, float width);
  static void training_settings(LabState& state, float width);
};

// What a click on the plane asks for (applied at once, before anything else reads the points).
struct PlaneClick {
  enum class Kind { Add, Erase, Choose } kind = Kind::Add;
  double x = 0, y = 0, radius = 0;  // where (plane units); Erase: within radius
  int point = -1;                   // Choose: the point picked (-1 none)
};
void apply_plane_click(const PlaneClick& click, LabState& state);

// The decision boundary in a side×side square at min: `texture` (0: the run's error instead),
// the points on top through `points`, ticks and the mouse when interactive. Reads the lab state;
// a click comes back.
std::optional<PlaneClick> draw_plane(Vec2 min, float side, const LabFrame& frame,
                                     const LabState& state, const LabRun& run, unsigned texture,
                                     bool interactive, ShapeBatch& points);
// A run's train and test loss over its steps.
void draw_loss_plot(const LabFrame& frame, const LabRun& run, Vec2 min, Vec2 size, bool legend);

// Loss, the boundary plane, accuracy, the confusion matrices, exports and "graph of a point".
// Changes the lab only through the plane's clicks; the rest comes back as requests.
struct LabOutputColumn {
  struct Requests {
    std::optional<LabFile> file;
    bool graph = false;  // the chosen point's scalar graph, for the stepper
  };
  Requests draw(Vec2 min, Vec2 size, const LabFrame& frame, LabState& state, unsigned boundary,
                ShapeBatch& points) const;

 private:
  struct Rows {  // a narrow column: short words, the exports under the matrices
    bool short_accuracy = false, exports_below = false;
    bool diverged = false;  // the main run's: no accuracy, no matrices
  };
  static Rows fit_rows(const LabFrame& frame, const nn::Metrics& metrics, float width);
  static void losses(const LabFrame& frame, const LabState& state, float width);
  static void plane(const LabFrame& frame, LabState& state, unsigned boundary, ShapeBatch& points,
                    float width, float bottom, const Rows& rows);
  static void accuracy(const LabFrame& frame, const nn::Metrics& metrics, const Rows& rows);
  static Requests exports(const LabFrame& frame, const LabState& state, bool in_a_row);
  static void confusion_matrix(const LabFrame& frame, const nn::Metrics& metrics, bool test);
};

}  // namespace gf::gui
