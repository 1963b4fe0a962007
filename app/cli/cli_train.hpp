// cli_train.hpp — `gradflow-cli train` and `gradflow-cli bench train`: the classifier lab
// without a window. Option values arrive as text from CLI11 (cli_main.cpp) and are checked here;
// a bad one throws CliError naming the option (one line on stderr, exit 2).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cli_commands.hpp"
#include "run_settings.hpp"

namespace CLI {
class App;
}

namespace gf::cli {

struct TrainOptions {
  RunSettings settings;   // the run settings the lab takes too (run_settings.hpp)
  std::string graph_out;  // write the graph of one point's loss here
  int point = 0;          // ... of this point
  // A lab file (core/nn/lab_file.hpp) to train on: its data, network, settings, weights and
  // step; the training flags given replace its settings, --steps counts steps from its step.
  std::string setup;
  std::string save_setup;  // write the trained run as a lab file here
};

// Registers train's options on its CLI11 subcommand: the run settings' flags
// (run_settings_flags.hpp) and its own (--json is added by the caller).
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
