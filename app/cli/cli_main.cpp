// gradflow-cli — gradflow without a window: evaluate, trace, check, convert and benchmark
// computation graphs. Its interface is a contract that tests and users script against:
//   gradflow-cli eval    (--expr EXPR | --graph FILE) [--set NAME=VALUE ...] [--json]
//   gradflow-cli trace   (--expr EXPR | --graph FILE) [--set NAME=VALUE ...] [--json]
//   gradflow-cli check   (--expr EXPR | --graph FILE) [--set ...] [--step H] [--tolerance T] [--json]
//   gradflow-cli convert (--expr EXPR | --graph FILE) [--set ...] (--out FILE.json | --dot)
//   gradflow-cli ops     [--json]
//   gradflow-cli bench eval  [--nodes N] [--runs R] [--seed S] [--json]
//   gradflow-cli train   (--dataset NAME | --csv FILE | --preset micrograd) [--hidden 4,2] ...
//   gradflow-cli bench train [--runs R] [--activation A] [--json]
// Exit status: 0 done; 1 `check` found a gradient that disagrees or is undefined (not finite),
// or `train` diverged; 2 bad usage, a parse error, a variable without a value, an unreadable or
// invalid file (one line on stderr).
#include <CLI/CLI.hpp>
#include <iostream>
#include <new>
#include <optional>
#include <stdexcept>

#include "cli_commands.hpp"
#include "cli_train.hpp"

namespace {

using gf::cli::GraphSource;

// Out of memory is a message, not an abort. Memory held in reserve is given back when an
// allocation first fails: unwinding needs some (nlohmann's destructors allocate a vector as
// wide as the array they free, and an exception leaving a destructor aborts), and so does the
// message. Untouched, the reserve costs address space only.
constexpr std::size_t kMemoryReserveBytes = std::size_t{64} << 20;
char* g_memory_reserve = nullptr;

void release_reserve_and_fail() {
  delete[] g_memory_reserve;
  g_memory_reserve = nullptr;
  throw std::bad_alloc();
}

using gf::cli::OutputOptions;

// --expr/--graph/--set, shared by the subcommands that read a graph.
void add_graph_options(CLI::App& command, GraphSource& source) {
  auto* expr = command.add_option("--expr,-e", source.expression,
                                  "an expression, e.g. \"(x+y)*z\" (start with - as --expr=-x)");
  auto* graph = command.add_option("--graph,-g", source.graph_file, "a gradflow JSON document");
  expr->excludes(graph);
  graph->excludes(expr);
  command.add_option("--set,-s", source.assignments, "NAME=VALUE for an input (repeatable)")
      ->allow_extra_args();
  command.callback([&command, expr, graph] {
    if (expr->count() == 0 && graph->count() == 0)
      throw CLI::ValidationError(command.get_name(), "needs --expr EXPR or --graph FILE");
  });
}

// Every command, its options, and what the command line asked for.
struct Commands {
  CLI::App app{"gradflow-cli: computation graphs and backpropagation, headless", "gradflow-cli"};
  CLI::App *eval, *trace, *check, *convert, *ops, *bench, *bench_eval, *train, *bench_train;
  GraphSource source;
  OutputOptions output;
  double step = 1e-5, tolerance = 1e-6;
  std::string out_file;
  bool dot = false;
  long long bench_nodes = 1'000'000;
  int bench_runs = 7;
  std::string bench_seed = "1";
  gf::cli::TrainOptions train_options;
  int bench_train_runs = 10;
  std::string bench_train_activation = "relu";

  Commands() {
    app.set_version_flag("--version", "gradflow-cli 0.1.0");
    app.require_subcommand(1);
    eval = app.add_subcommand("eval", "evaluate forward and backward; print values and gradients");
    trace = app.add_subcommand("trace", "print every step of the forward and backward pass");
    check = app.add_subcommand(
        "check",
        "compare analytic and numeric gradients (exit 1 if any disagrees or is undefined)");
    convert = app.add_subcommand("convert", "write a laid-out document, or Graphviz DOT");
    ops = app.add_subcommand("ops", "list the gate kinds and their gradient rules");
    bench = app.add_subcommand("bench", "benchmarks");
    bench_eval = bench->add_subcommand("eval", "forward/backward speed on a random graph");
    train = app.add_subcommand("train", "train a classifier on 2D points (the classifier lab)");
    bench_train =
        bench->add_subcommand("train", "training speed on micrograd's demo, and a 256x256 grid");
    bench->require_subcommand(1);
    add_options();
  }

  void add_options() {
    gf::cli::add_train_options(*train, train_options);
    bench_train->add_option("--runs", bench_train_runs,
                            "trainings of 100 steps; the median step is reported (default 10)");
    bench_train->add_option("--activation", bench_train_activation,
                            "the hidden layers' activation: relu (default, as micrograd), tanh, "
                            "sigmoid or linear");
    for (CLI::App* command : {eval, trace, check, convert}) add_graph_options(*command, source);
    for (CLI::App* command : {eval, trace, check, ops, bench_eval, train, bench_train})
      command->add_flag("--json", output.json, "print one JSON object");
    check->add_option("--step", step, "finite-difference step, relative to max(1,|x|)");
    check->add_option("--tolerance", tolerance, "largest accepted relative error");
    convert->add_option("--out,-o", out_file, "write the document (JSON) here");
    convert->add_flag("--dot", dot, "print Graphviz DOT with values and gradients on the wires");
    bench_eval->add_option("--nodes", bench_nodes,
                           "number of nodes, 200 to 10000000 (default 1000000)");
    bench_eval->add_option("--runs", bench_runs,
                           "timed runs, 1 to 1000; the median is reported (default 7)");
    bench_eval->add_option("--seed", bench_seed, "random seed of the graph (0 to 2^64-1)");
  }

  // The exit status when the command line ends the program (help, version, a usage error).
  std::optional<int> parse(int argc, char** argv) {
    // CLI11 would answer an unknown command with "A subcommand is required": name it instead.
    auto is_command = [&](const std::string& name) {
      for (const CLI::App* command : app.get_subcommands({}))
        if (command->check_name(name)) return true;
      return false;
    };
    if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
      std::cerr << "gradflow-cli: unknown command '" << argv[1]
                << "' (commands: eval, trace, check, convert, ops, train, bench)\n";
      return 2;
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      std::cerr << "gradflow-cli: " << e.what() << " (see gradflow-cli --help)\n";
      return 2;
    }
    return std::nullopt;
  }

  int run() const {
    using namespace gf::cli;
    if (*eval) return run_eval(source, output, std::cout);
    if (*trace) return run_trace(source, output, std::cout);
    if (*check) return run_check(source, output, step, tolerance, std::cout);
    if (*convert) return run_convert(source, out_file, dot, std::cout);
    if (*ops) return run_ops(output, std::cout);
    if (*bench_eval)
      return run_bench_eval(bench_nodes, bench_runs, parse_seed("--seed", bench_seed), output,
                            std::cout);
    if (*train) return run_train(train_options, output, std::cout);
    if (*bench_train)
      return run_bench_train(bench_train_runs, bench_train_activation, output, std::cout);
    return 2;
  }

  // What the command works on, for the message when memory runs out.
  std::string too_big() const {
    const std::string what =
        !source.graph_file.empty()
            ? "the graph in " + source.graph_file
            : "the expression (" + std::to_string(source.expression.size()) + " characters)";
    if (*eval) return what + " (evaluating it)";
    if (*trace) return what + " (tracing it)";
    if (*check) return what + " (checking its gradients)";
    if (*convert) return what + " (converting it)";
    if (*bench_eval) return "a benchmark graph of " + std::to_string(bench_nodes) + " nodes";
    if (*train) {
      const gf::RunSettings& s = train_options.settings;
      return "training a " + s.hidden.value_or(*gf::kRunDefaults.hidden) + " network on " +
             (s.csv_file.empty() ? "the " + s.dataset + " points" : "the points in " + s.csv_file) +
             " (try fewer points, a smaller network or --batch)";
    }
    return "this benchmark";
  }
};

}  // namespace

int main(int argc, char** argv) {
  g_memory_reserve = new (std::nothrow) char[kMemoryReserveBytes];
  std::set_new_handler(release_reserve_and_fail);
  Commands commands;
  if (std::optional<int> status = commands.parse(argc, argv)) return *status;
  try {
    return commands.run();
  } catch (const gf::cli::CliError& e) {
    std::cerr << "gradflow-cli: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    // Out of memory is a message, not an abort: what was too big, by the command's input.
    std::cerr << "gradflow-cli: not enough memory for " << commands.too_big() << "\n";
    return 2;
  } catch (const std::length_error&) {
    std::cerr << "gradflow-cli: " << commands.too_big() << " is too large\n";
    return 2;
  }
}
