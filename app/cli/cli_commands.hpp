// cli_commands.hpp — what each `gradflow-cli` subcommand does, apart from argument parsing.
// Each returns the process exit status: 0 done, 1 `check` found a disagreement, 2 the input
// was unusable (the reason is printed as one line on stderr by the caller, via CliError).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "document.hpp"
#include "matrix_eval.hpp"
#include "run_settings.hpp"

namespace gf::cli {

// A usage, parse or file error: printed as one line on stderr, exit status 2.
struct CliError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Where the graph comes from: --expr or --graph, then --set NAME=VALUE assignments.
struct GraphSource {
  std::string expression;
  std::string graph_file;
  std::vector<std::string> assignments;
};

// Parses or loads the graph and applies the assignments; throws CliError naming the problem.
// `where`, when given, receives how shape errors name a gate: by its text and column for an
// expression ("@ at column 7"), by node for a file.
Document load_source(const GraphSource& source, GateLocator* where = nullptr);

// A seed given as text: a whole number from 0 to 2^64-1, or CliError naming the option.
std::uint64_t parse_seed(const std::string& option, const std::string& text);

using gf::terminal_text;  // (run_settings.hpp)

struct OutputOptions {
  bool json = false;
};

int run_eval(const GraphSource& source, const OutputOptions& options, std::ostream& out);
int run_trace(const GraphSource& source, const OutputOptions& options, std::ostream& out);
int run_check(const GraphSource& source, const OutputOptions& options, double step,
              double tolerance, std::ostream& out);
// Writes the document (laid out when it has no positions) to `out_file`, or DOT to `out`.
int run_convert(const GraphSource& source, const std::string& out_file, bool dot,
                std::ostream& out);
int run_ops(const OutputOptions& options, std::ostream& out);
int run_bench_eval(long long nodes, int runs, std::uint64_t seed, const OutputOptions& options,
                   std::ostream& out);

}  // namespace gf::cli
