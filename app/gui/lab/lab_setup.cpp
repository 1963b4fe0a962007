// lab_setup.cpp — the lab's whole setup as a lab file (core/nn/lab_file.hpp): captured for Save
// lab and the session's autosave, restored from Open lab and after a restart, and weights
// imported into the current network (see lab_state.hpp).
#include <algorithm>

#include "lab_state.hpp"

namespace gf::gui {

nn::LabFile LabState::capture(bool with_history) const {
  finish_training();
  nn::LabFile file;
  file.data_options = data_options;
  file.box = box;
  file.view = {std::clamp(steps_per_frame, 1, 1000), discretize, show_test,
               std::clamp(click_class, 0, std::max(dataset.classes, 1) - 1)};
  if (main.trainer) {
    nn::capture_run(*main.trainer, file, with_history);
  } else {  // an invalid setting: the file keeps the settings, the run starts afresh
    file.model = main.model;
    file.dataset = dataset;
  }
  file.config = main.config;  // what the toolbar shows
  return file;
}

Status LabState::restore(const nn::LabFile& file) {
  finish_training();
  // The run first: a file whose parts do not fit changes nothing.
  Result<nn::Trainer> trainer = nn::restore_run(file);
  if (!trainer) return Status::failure(trainer.reason());
  playing = false;
  compare = false;
  forget_pacing();
  divergence_.clear();
  data_options = file.data_options;
  dataset = file.dataset;
  box = file.box;
  main.model = trainer->model();
  main.config = file.config;
  if (main.model.problem == nn::Problem::Classification) classification_loss = main.model.loss;
  main.error.clear();
  main.trainer.emplace(std::move(*trainer));
  main.metrics = nn::Metrics{};  // computed again by advance()
  main.trainer->export_network(main.arrays);
  steps_per_frame = file.view.steps_per_frame;
  discretize = file.view.discretize;
  show_test = file.view.show_test;
  click_class = file.view.click_class;
  chosen_point = -1;
  for (LabRun& run : runs) run.rebuild(dataset);
  advance();
  return Status::success();
}

Status LabState::save_lab(const std::string& path) const {
  return nn::write_lab_file(capture(), path);
}

Status LabState::open_lab(const std::string& path) {
  Result<nn::LabFile> file = nn::read_lab_file(path);
  if (!file) return Status::failure(file.reason());
  if (Status restored = restore(*file); !restored)
    return Status::failure(path + ": " + restored.reason());
  return Status::success();
}

Status LabState::import_weights(const std::string& path) {
  finish_training();
  if (!main.trainer) return Status::failure("no network to import into: " + main.error);
  Result<std::vector<double>> weights = nn::read_weights_file(path, main.trainer->model());
  if (!weights) return Status::failure(weights.reason());
  if (Status set = main.trainer->set_parameters(*weights); !set) return set;
  divergence_.clear();
  main.metrics = nn::Metrics{};
  advance();
  return Status::success();
}

}  // namespace gf::gui
