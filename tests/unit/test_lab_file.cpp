// The lab file (core/nn/lab_file.hpp): a saved setup comes back bit for bit and trains on as if
// it had never been saved; every broken file is refused with a message naming the field.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lab_file.hpp"

using namespace gf;
using namespace gf::nn;
using Json = nlohmann::json;

namespace {

// Minibatches that end mid-epoch, and momentum: the state besides the weights matters.
LabFile spiral_lab() {
  LabFile file;
  file.data_options = {DatasetKind::Spiral, 230, 0.1, 0.5, 5};
  Result<Dataset> data = make_dataset(file.data_options);
  REQUIRE(data);
  file.dataset = *data;
  file.dataset.add_point(0.25, -1.5, 1, false);  // a clicked point
  file.dataset.add_point(-2.0, 3.0, 0, true);
  file.box = default_box(DatasetKind::Spiral);
  file.model.hidden = {{6, Activation::Tanh}, {4, Activation::Tanh}};
  file.model.init = InitScheme::Xavier;
  file.model.loss = LossKind::SquaredError;
  file.model.output_activation = Activation::Tanh;
  file.model.init_seed = 7;
  file.config.learning_rate = 0.03;
  file.config.momentum = 0.9;
  file.config.batch_size = 7;
  file.config.seed = 3;
  file.view = {12, true, false, 1};
  return file;
}

Trainer trainer_of(const LabFile& file) {
  Result<Trainer> trainer = restore_run(file);
  REQUIRE_MESSAGE(trainer, trainer.reason());
  return std::move(*trainer);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_same_numbers(std::span<const double> a, std::span<const double> b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(same_bits(a[i], b[i]));
  }
}

void check_same_evaluations(const std::vector<EvaluationRecord>& a,
                            const std::vector<EvaluationRecord>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].step == b[i].step);
    for (auto field : {&EvaluationRecord::train_loss, &EvaluationRecord::test_loss,
                       &EvaluationRecord::train_accuracy, &EvaluationRecord::test_accuracy})
      CHECK(same_bits(a[i].*field, b[i].*field));
  }
}

// A saved, trained lab's text.
std::string trained_text(int steps) {
  LabFile file = spiral_lab();
  Trainer trainer = trainer_of(file);
  trainer.train_steps(steps);
  capture_run(trainer, file);
  return save_lab(file);
}

// The reason load_lab gives for the trained lab's JSON after `change`.
template <class Change>
std::string refusal_after(Change change) {
  Json root = Json::parse(trained_text(30));
  change(root);
  Result<LabFile> loaded = load_lab(root.dump());
  REQUIRE_FALSE(loaded);
  return loaded.reason();
}

}  // namespace

TEST_CASE("a lab saved after 137 steps and opened trains on as the run never saved") {
  LabFile file = spiral_lab();
  Trainer original = trainer_of(file);
  original.train_steps(137);
  capture_run(original, file);
  Result<LabFile> loaded = load_lab(save_lab(file));
  REQUIRE_MESSAGE(loaded, loaded.reason());

  // Every part back as it was: points (clicked ones too), settings, view.
  CHECK(loaded->dataset.size() == 232);
  check_same_numbers(loaded->dataset.x1, file.dataset.x1);
  check_same_numbers(loaded->dataset.x2, file.dataset.x2);
  CHECK(loaded->dataset.label == file.dataset.label);
  CHECK(loaded->dataset.is_test == file.dataset.is_test);
  CHECK(loaded->dataset.is_test.back() == 1);
  CHECK(loaded->model.hidden.size() == 2);
  CHECK(loaded->model.hidden[1].neurons == 4);
  CHECK(loaded->model.init == InitScheme::Xavier);
  CHECK(loaded->config.batch_size == 7);
  CHECK(same_bits(loaded->config.learning_rate, 0.03));
  CHECK(loaded->view == LabViewSettings{12, true, false, 1});
  CHECK(loaded->data_options.kind == DatasetKind::Spiral);
  CHECK(loaded->data_options.points == 230);

  Trainer restored = trainer_of(*loaded);
  CHECK(restored.step() == 137);
  check_same_numbers(restored.parameters(), original.parameters());
  check_same_numbers(restored.batch_loss_history(), original.batch_loss_history());
  check_same_evaluations(restored.evaluation_history(), original.evaluation_history());
  CHECK(restored.epochs() == original.epochs());

  // 200 more steps: the same weights, losses and evaluations as the unsaved run's.
  original.train_steps(200);
  restored.train_steps(200);
  check_same_numbers(restored.parameters(), original.parameters());
  check_same_numbers(restored.batch_loss_history(), original.batch_loss_history());
  check_same_evaluations(restored.evaluation_history(), original.evaluation_history());
  CHECK(restored.batch_loss_history().size() == 337);
}

TEST_CASE("a lab file is written to disk and read back, regression values included") {
  LabFile file;
  file.data_options = {DatasetKind::Plane, 60, 0, 0.5, 2};
  Result<Dataset> data = make_dataset(file.data_options);
  REQUIRE(data);
  file.dataset = *data;
  file.dataset.add_valued_point(1.0, 2.0, -0.1, true);
  file.model.problem = Problem::Regression;
  file.model.loss = LossKind::SquaredError;
  file.model.hidden = {{3, Activation::Tanh}};
  file.shown = true;
  Trainer trainer = trainer_of(file);
  trainer.train_steps(25);
  capture_run(trainer, file);
  const std::string path =
      (std::filesystem::temp_directory_path() / "gradflow-test-lab-file.json").string();
  REQUIRE(write_lab_file(file, path));
  Result<LabFile> read = read_lab_file(path);
  std::filesystem::remove(path);
  REQUIRE_MESSAGE(read, read.reason());
  CHECK(read->dataset.problem == Problem::Regression);
  CHECK(read->dataset.value.back() == -0.1);
  check_same_numbers(read->dataset.value, file.dataset.value);
  check_same_numbers(read->state->parameters, file.state->parameters);
  CHECK(read->shown == std::optional<bool>(true));
  // The test points give no accuracy: NaN in the history survives as null.
  CHECK(std::isnan(read->evaluations.front().train_accuracy));
}

TEST_CASE("a lab file without state or history opens at step 0 with the initial weights") {
  Json root = Json::parse(trained_text(5));
  root.erase("state");
  root.erase("history");
  root.erase("view");
  Result<LabFile> loaded = load_lab(root.dump());
  REQUIRE_MESSAGE(loaded, loaded.reason());
  Trainer trainer = trainer_of(*loaded);
  CHECK(trainer.step() == 0);
  check_same_numbers(trainer.parameters(), initial_parameters(loaded->model));
  CHECK(loaded->view == LabViewSettings{});
}

TEST_CASE("a diverged run is not saved: its weights are not numbers") {
  LabFile file = spiral_lab();
  Trainer trainer = trainer_of(file);
  capture_run(trainer, file);
  file.state->parameters[2] = std::nan("");
  Status savable = check_savable(file);
  REQUIRE_FALSE(savable);
  CHECK(savable.reason().find("diverged") != std::string::npos);
  CHECK_FALSE(write_lab_file(file, "/nonexistent-dir/x.json"));
}

TEST_CASE("every broken lab file is refused with a message naming the field") {
  struct Case {
    const char* what;
    void (*change)(Json&);
    const char* expected;
  };
  const Case cases[] = {
      {"missing", [](Json& r) { r["network"].erase("loss"); }, "network.loss is missing"},
      {"missing part", [](Json& r) { r.erase("data"); }, "data is missing"},
      {"wrong type", [](Json& r) { r["training"]["learning_rate"] = "0.1"; },
       "training.learning_rate must be a number, not a string"},
      {"negative count", [](Json& r) { r["data"]["generator"]["points"] = -5; },
       "data.generator.points must be from 2 to 100000"},
      {"negative step", [](Json& r) { r["state"]["step"] = -1; }, "state.step must be from 0"},
      {"NaN as a string", [](Json& r) { r["state"]["parameters"][3] = "NaN"; },
       "state.parameters[3] must be a number, not a string"},
      {"missing weight", [](Json& r) { r["state"]["parameters"].erase(0); },
       "state.parameters has 50 numbers, not the 51 the network has"},
      {"extra velocity", [](Json& r) { r["state"]["velocity"].push_back(0.5); },
       "state.velocity has 52 numbers, not the 51"},
      {"future version", [](Json& r) { r["version"] = 999; },
       "version 999 is newer than this gradflow reads (1)"},
      {"other format", [](Json& r) { r["format"] = "gradflow-graph"; }, "not a gradflow lab file"},
      {"unknown field", [](Json& r) { r["training"]["speed"] = 3; },
       "unknown field \"speed\" in training"},
      {"label beyond the classes", [](Json& r) { r["data"]["points"][4][2] = 5; },
       "data.points[4][2] must be from 0 to 1"},
      {"short point", [](Json& r) { r["data"]["points"][1].erase(3); },
       "data.points[1] must hold 4 values"},
      {"fractional layer", [](Json& r) { r["network"]["hidden"][0]["neurons"] = 2.5; },
       "network.hidden[0].neurons must be a whole number"},
      {"unknown activation", [](Json& r) { r["network"]["hidden"][1]["activation"] = "gelu"; },
       "network.hidden[1].activation: unknown name \"gelu\""},
      {"too many losses", [](Json& r) { r["history"]["batch_losses"].push_back(1.0); },
       "history.batch_losses has 31 entries, more than the state's 30 steps"},
      {"evaluation after the step", [](Json& r) { r["history"]["evaluations"][0][0] = 31; },
       "history.evaluations[0][0] must be from 0 to 30"},
      {"bad momentum", [](Json& r) { r["training"]["momentum"] = 1.5; }, "training: "},
      {"problems disagree", [](Json& r) { r["network"]["problem"] = "regression"; },
       "data.problem is classification but network.problem is regression"},
      {"click class", [](Json& r) { r["view"]["click_class"] = 2; },
       "view.click_class must be from 0 to 1"},
      {"box",
       [](Json& r) {
         r["data"]["box"] = Json::array({1, 0, 0, 1});
       },
       "data.box must have x_min < x_max"},
      {"not an object", [](Json& r) { r = Json::array({1}); }, "the file must be an object"},
  };
  for (const Case& c : cases) {
    const std::string what = c.what;
    CAPTURE(what);
    const std::string reason = refusal_after(c.change);
    CAPTURE(reason);
    CHECK(reason.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("hostile lab files: huge arrays, deep nesting, not JSON, too large") {
  // A million and one points: refused by count, naming the array.
  std::string text = trained_text(3);
  const std::size_t points_at = text.find("\"points\": [\n");
  REQUIRE(points_at != std::string::npos);
  std::string many;
  many.reserve(kMaxLabPoints * 10 + 16);
  for (std::size_t i = 0; i <= kMaxLabPoints; ++i) many += "[0,0,0,0],";
  text.insert(points_at + std::strlen("\"points\": [\n"), many);
  Result<LabFile> huge = load_lab(text);
  REQUIRE_FALSE(huge);
  CHECK(huge.reason().find("data.points has 1000") != std::string::npos);

  Result<LabFile> deep = load_lab(std::string(100, '[') + std::string(100, ']'));
  REQUIRE_FALSE(deep);
  CHECK(deep.reason().find("nest deeper than 16") != std::string::npos);
  Result<LabFile> broken = load_lab("{\"format\": \"gradflow-lab\",");
  REQUIRE_FALSE(broken);
  CHECK(broken.reason().find("not valid JSON") != std::string::npos);
  Result<LabFile> large = load_lab(std::string(kMaxLabBytes + 1, ' '));
  REQUIRE_FALSE(large);
  CHECK(large.reason().find("more than the 64 MiB") != std::string::npos);
  Result<LabFile> missing = read_lab_file("/nonexistent-gradflow/lab.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.reason().find("/nonexistent-gradflow/lab.json") == 0);
}

TEST_CASE("weights import from the lab's weights JSON and from a lab file when shapes match") {
  ModelSpec model;  // 2 - 3 - 1
  model.hidden = {{3, Activation::Tanh}};
  // Parameters are laid out layer by layer: W [outputs][inputs] row-major, then the biases.
  const char* mlp = R"({"format": "gradflow-mlp-1", "features": ["x1", "x2"], "classes": 2,
    "loss": "mse", "step": 4, "layers": [
      {"inputs": 2, "outputs": 3, "activation": "tanh", "weights": [[1, 2], [3, 4], [5, 6]],
       "biases": [7, 8, 9]},
      {"inputs": 3, "outputs": 1, "activation": "tanh", "weights": [[10, 11, 12]],
       "biases": [13]}], "train_accuracy": 0.5, "test_accuracy": null})";
  Result<std::vector<double>> weights = read_weights(mlp, model);
  REQUIRE_MESSAGE(weights, weights.reason());
  CHECK(*weights == std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});

  ModelSpec wider = model;
  wider.hidden = {{4, Activation::Tanh}, {2, Activation::Tanh}};
  Result<std::vector<double>> refused = read_weights(mlp, wider);
  REQUIRE_FALSE(refused);
  CHECK(refused.reason() ==
        "the file's network is 2-3-1, this lab's 2-4-2-1: the weights do not fit");

  // A lab file's weights: its state's parameters.
  LabFile file = spiral_lab();
  Trainer trainer = trainer_of(file);
  trainer.train_steps(9);
  capture_run(trainer, file);
  Result<std::vector<double>> from_lab = read_weights(save_lab(file), file.model);
  REQUIRE_MESSAGE(from_lab, from_lab.reason());
  check_same_numbers(*from_lab, trainer.parameters());
  Result<std::vector<double>> lab_refused = read_weights(save_lab(file), model);
  REQUIRE_FALSE(lab_refused);
  CHECK(lab_refused.reason().find("the file's network is 2-6-4-1, this lab's 2-3-1") == 0);

  Result<std::vector<double>> bad = read_weights(R"({"format": "gradflow-mlp-1", "layers": [
      {"inputs": 2, "outputs": 3, "weights": [[1, 2], [3, "x"], [5, 6]], "biases": [7, 8, 9]},
      {"inputs": 3, "outputs": 1, "weights": [[10, 11, 12]], "biases": [13]}]})",
                                                 model);
  REQUIRE_FALSE(bad);
  CHECK(bad.reason() == "layers[0].weights[1][1] must be a number, not a string");
}

TEST_CASE("restore_histories refuses histories beyond the step") {
  LabFile file = spiral_lab();
  Trainer trainer = trainer_of(file);
  trainer.train_steps(3);
  const std::vector<double> four{1, 2, 3, 4};
  CHECK_FALSE(trainer.restore_histories(four, {}));
  const std::vector<EvaluationRecord> backwards{{2, 0, 0, 0, 0}, {1, 0, 0, 0, 0}};
  CHECK_FALSE(trainer.restore_histories({}, backwards));
  const std::vector<double> two{0.5, 0.25};
  REQUIRE(trainer.restore_histories(two, {}));
  CHECK(trainer.batch_loss_history() == two);
}
