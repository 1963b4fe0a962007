// cli_train.hpp — `gradflow-cli train` and `gradflow-cli bench train`: the classifier lab
// without a window. Option values arrive as text from CLI11 (cli_main.cpp) and are checked here;
// a bad one throws CliError naming the option (one line on stderr, exit 2).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cli_commands.hpp"

namespace CLI {
class App;
}

namespace gf::cli {

struct TrainOptions {
  std::string problem;          // classification or regression; "" : the dataset's (CSV: classes)
  std::string dataset;          // a generator name, or empty with csv_file
  std::string csv_file;         // points from x,y,label CSV
  std::optional<int> points;    // default 500; moons 100
  std::optional<double> noise;  // default 0; moons 0.1
  double train_fraction = 0.5;
  std::string hidden = "16,16";     // neurons per hidden layer; "" or "none": no hidden layer
  std::string activation = "relu";  // one for every layer, or one per layer: "relu,tanh"
  std::string output_activation = "linear";
  std::string features = "x1,x2";
  std::string loss;  // default hinge (2 classes), softmax (more)
  std::string init = "uniform";
  std::optional<double> learning_rate;  // default 0.1; 1.0 with the micrograd schedule
  std::string lr_schedule = "constant";
  std::optional<double> l1, l2;
  bool regularize_biases = false;
  double momentum = 0;
  int batch = 0;  // 0: full batch
  int steps = 100;
  std::optional<double> target_loss;
  std::string seed = "1";  // checked by parse_seed: a whole number from 0 to 2^64-1
  std::string graph_out;   // write the graph of one point's loss here
  int point = 0;           // ... of this point
};

// Registers train's options on its CLI11 subcommand (--json is added by the caller).
void add_train_options(CLI::App& command, TrainOptions& options);

// Exit status: 0 trained; 1 the run diverged (the JSON still says where); 2 bad options.
int run_train(const TrainOptions& options, const OutputOptions& output, std::ostream& out);
// micrograd's demo configuration; `runs` trainings of 100 steps give the median step time, and
// the trained network's 256×256 grid through the tape and through the dense float layers.
// `activation` is the hidden layers' (micrograd's: relu). The text output also compares the two
// grids for 8 hidden layers of 32 tanh neurons.
int run_bench_train(int runs, const std::string& activation, const OutputOptions& output,
                    std::ostream& out);

}  // namespace gf::cli
