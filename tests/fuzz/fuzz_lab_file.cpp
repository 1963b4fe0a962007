// fuzz_lab_file.cpp — libFuzzer target for the lab file (core/nn/lab_file.hpp) and the weights
// import. Any bytes must give a one-line refusal or a lab file that saves to text which loads
// back and saves to the same text; an accepted small file must make a trainer (or be refused
// with a reason) that takes steps without crashing; importing weights from any bytes must
// refuse or give exactly the network's parameter count.
//
// With GRADFLOW_WRITE_SEEDS=DIR in the environment the binary instead writes seed lab files
// (small runs of several datasets, networks and losses, trained a few steps) and exits:
// scripts/fuzz.sh uses it, so the seeds always follow the current format.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "lab_file.hpp"

namespace {

void require(bool invariant) {
  if (!invariant) __builtin_trap();
}

// [SECTION] Seeds

gf::nn::LabFile seed_lab(gf::nn::DatasetKind kind, int points, gf::nn::LossKind loss, int hidden) {
  gf::nn::LabFile file;
  file.data_options = {kind, points, 0.1, 0.5, 3};
  gf::Result<gf::nn::Dataset> data = gf::nn::make_dataset(file.data_options);
  if (!data) return file;
  file.dataset = *data;
  file.box = gf::nn::default_box(kind);
  file.model.problem = file.dataset.problem;
  file.model.classes = std::max(file.dataset.classes, 2);
  file.model.loss =
      file.dataset.problem == gf::nn::Problem::Regression ? gf::nn::LossKind::SquaredError : loss;
  file.model.hidden = {{hidden, gf::nn::Activation::Tanh}};
  file.config.batch_size = 7;
  file.config.momentum = 0.5;
  return file;
}

int write_seeds(const std::string& directory) {
  using gf::nn::DatasetKind;
  using gf::nn::LossKind;
  const struct {
    DatasetKind kind;
    LossKind loss;
    int points, hidden, steps;
  } seeds[] = {{DatasetKind::Circle, LossKind::SquaredError, 20, 3, 5},
               {DatasetKind::Xor, LossKind::Hinge, 12, 2, 0},
               {DatasetKind::Spiral3, LossKind::Softmax, 30, 4, 9},
               {DatasetKind::Plane, LossKind::SquaredError, 16, 2, 3},
               {DatasetKind::Moons, LossKind::CrossEntropy, 10, 1, 2}};
  int written = 0;
  for (const auto& s : seeds) {
    gf::nn::LabFile file = seed_lab(s.kind, s.points, s.loss, s.hidden);
    gf::Result<gf::nn::Trainer> trainer = gf::nn::restore_run(file);
    if (!trainer) continue;
    trainer->train_steps(s.steps);
    gf::nn::capture_run(*trainer, file);
    std::ofstream(directory + "/seed-" + std::to_string(written++) + ".json")
        << gf::nn::save_lab(file);
  }
  return written;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (const char* directory = std::getenv("GRADFLOW_WRITE_SEEDS")) {
    const int written = write_seeds(directory);
    std::printf("wrote %d seed lab files to %s\n", written, directory);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gf::Result<gf::nn::LabFile> loaded = gf::nn::load_lab(text);
  if (!loaded) {
    require(!loaded.reason().empty());
    require(loaded.reason().find('\n') == std::string::npos);  // one line
  } else {
    const std::string saved = gf::nn::save_lab(*loaded);
    gf::Result<gf::nn::LabFile> again = gf::nn::load_lab(saved);
    require(again.ok() || !gf::nn::check_savable(*loaded));  // only non-finite weights refused
    if (again) require(gf::nn::save_lab(*again) == saved);
    if (loaded->dataset.size() <= 2000) {
      gf::Result<gf::nn::Trainer> trainer = gf::nn::restore_run(*loaded);
      if (trainer) trainer->train_steps(2);
    }
  }
  gf::nn::ModelSpec model;  // 2-16-16-1
  gf::Result<std::vector<double>> weights = gf::nn::read_weights(text, model);
  if (weights) require(static_cast<int>(weights->size()) == gf::nn::parameter_count(model));
  return 0;
}
