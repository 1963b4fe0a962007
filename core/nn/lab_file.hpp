// lab_file.hpp — the classifier lab's whole setup as one versioned JSON file: the data (the
// generator's options AND every point, so clicked and CSV points survive), the network, the
// training settings, the lab's view settings worth keeping, the weights with the optimizer's
// state, and the run's histories. The GUI saves and opens it (Lab menu) and autosaves it with
// the session; `gradflow-cli train --setup F` trains it on.
//
//   {
//     "format": "gradflow-lab",
//     "version": 1,
//     "data": {"generator": {"dataset": "circle", "points": 500, "noise": 0,
//                            "train_fraction": 0.5, "seed": 1},
//              "problem": "classification", "classes": 2, "box": [-6, 6, -6, 6],
//              "points": [[x, y, label or value, 0 train / 1 test], ...]},
//     "network": {"features": ["x1", "x2"], "hidden": [{"neurons": 4, "activation": "tanh"}],
//                 "output_activation": "tanh", "classes": 2, "problem": "classification",
//                 "loss": "mse", "init": "he", "init_seed": 1},
//     "training": {"learning_rate": 0.01, "schedule": "constant", "regularization": "none",
//                  "lambda": 0, "regularize_biases": false, "momentum": 0.9, "batch_size": 25,
//                  "max_steps": 0, "target_loss": null, "seed": 1, "evaluate_every": 10},
//     "view": {"steps_per_frame": 5, "discretize": false, "show_test": true, "click_class": 0},
//     "state": {"step": 300, "parameters": [...], "velocity": [...], "batch_cursor": 50,
//               "batch_epochs": 31, "epochs_before": 0, "points_seen": 7500},
//     "history": {"batch_losses": [...], "evaluations": [[step, train_loss, test_loss,
//                 train_accuracy, test_accuracy], ...]}
//   }
//
// Numbers are written in the shortest text that reads back exactly, so a restored run has the
// same weights bit for bit and trains on exactly as if it had never been saved. In the history a
// number that is not finite (no test points, a diverged step) is null. Optional: "view", "state"
// (absent: the initial weights, step 0), "history", and "shown" (sessions: whether the lab was
// the window's view). Reading is strict, as for documents: anything missing, unknown, mistyped
// or out of range is refused with a reason naming the field ("state.parameters[3] must be a
// number, not a string"); a version newer than this program's is refused as such.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nn_dataset.hpp"
#include "nn_model.hpp"
#include "nn_train.hpp"
#include "result.hpp"

namespace gf::nn {

inline constexpr std::string_view kLabFormat = "gradflow-lab";
inline constexpr int kLabVersion = 1;
// Limits that keep a hostile file from exhausting memory: reading takes about 20 bytes of memory
// per byte of text.
inline constexpr std::size_t kMaxLabBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxLabPoints = 1'000'000;
inline constexpr std::size_t kMaxLabHistory = 2'000'000;  // batch losses, and evaluations
inline constexpr int kMaxLabNesting = 16;

// The lab's view settings a file keeps (the rest of the view follows the window).
struct LabViewSettings {
  int steps_per_frame = 5;  // 1 .. 1000
  bool discretize = false;
  bool show_test = true;
  int click_class = 0;  // the class a click adds (below the data's classes)
  bool operator==(const LabViewSettings&) const = default;
};

struct LabFile {
  DatasetOptions data_options;  // the generator's (after a CSV import: the split's fraction, seed)
  Dataset dataset;
  PlaneBox box;
  ModelSpec model;
  TrainConfig config;
  LabViewSettings view;
  std::optional<TrainerState> state;  // none: the initial weights, step 0
  std::vector<double> batch_losses;   // the trainer's histories (nn_train.hpp)
  std::vector<EvaluationRecord> evaluations;
  std::optional<bool> shown;  // sessions only: the lab was the window's view
};

// The trainer's model, settings, points, state and histories into `file` (the data's options,
// box and view are the caller's). `with_history` false leaves the histories empty.
void capture_run(const Trainer& trainer, LabFile& file, bool with_history = true);
// A trainer for the file's run: its network, settings and points, then its state and histories.
// Refuses (the reason from Trainer::create or restore) a file whose parts do not fit together.
Result<Trainer> restore_run(const LabFile& file);

// The view of a dataset without a generator's box (a CSV file's): the points' bounding square
// with a margin, as the lab shows an import.
PlaneBox fitting_box(const Dataset& dataset);

// The JSON text, ending with a newline. Parameters that are not finite (a diverged run) are
// written as null, which reading refuses: check_savable says so first.
std::string save_lab(const LabFile& file);
Result<LabFile> load_lab(std::string_view json_text);
// Refused when the weights are not finite (a diverged run cannot be continued).
Status check_savable(const LabFile& file);
// Reads a file; refusals start with the path.
Result<LabFile> read_lab_file(const std::string& path);
// check_savable, then writes atomically (write_file_atomically).
Status write_lab_file(const LabFile& file, const std::string& path);

// [SECTION] Importing weights
// The parameters of a lab file, or of the weights JSON the lab exports ("gradflow-mlp-1":
// layers of inputs, outputs, weights [outputs][inputs] and biases), for a network of `model`'s
// shape. Refused, naming both shapes, when the layers' sizes differ ("the file's network is
// 2-8-1, this lab's 2-4-2-1"), or naming the field when the file is broken.
Result<std::vector<double>> read_weights(std::string_view json_text, const ModelSpec& model);
Result<std::vector<double>> read_weights_file(const std::string& path, const ModelSpec& model);

}  // namespace gf::nn
