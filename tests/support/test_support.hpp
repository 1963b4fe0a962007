// test_support.hpp — what the tests that run the real programs share: a scratch directory,
// shell quoting, reading a whole file, long add chains.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gf::testing {

// A directory of this test process's own, created on first use.
inline std::filesystem::path scratch_dir(const std::string& prefix) {
  static std::filesystem::path dir = [&] {
    std::filesystem::path d =
        std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// One argument for /bin/sh, quoted so nothing in it is interpreted.
inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// What a command run through /bin/sh printed on its standard output, and its exit status (-1
// when it did not exit normally: a signal, say).
struct CommandRun {
  int status = -1;
  std::string out;
};
inline CommandRun run_command(const std::string& command) {
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    run.out.append(buffer, n);
  const int raw = pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return run;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Long chains: optimised builds a million gates; Debug and sanitizer builds (tens of times
// slower) 60,000, still deeper than any stack lets a recursion go (one frame per gate crashed
// at about 22,000 in an optimised build, and sanitizers' frames are larger).
// gradflow-cli with these arguments, as a user runs it: its exit status, stdout and stderr (kept
// in a file in `scratch`, so that stdout stays clean for JSON).
struct CliRun {
  int status = -1;
  std::string out, err;
};
#ifdef GRADFLOW_CLI  // (the targets that run gradflow-cli define its path)
inline CliRun run_cli(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  std::string command = shell_quote(GRADFLOW_CLI);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  const auto err_file = scratch / "stderr.txt";
  command += " 2>" + shell_quote(err_file.string()) + " </dev/null";
  const CommandRun ran = run_command(command);
  return {ran.status, ran.out, read_file(err_file)};
}

// A refusal as the CLI promises it: exit 2, nothing on stdout, one line on stderr naming `expected`.
inline void check_refused(const std::vector<std::string>& args, const std::string& expected,
                          const std::filesystem::path& scratch) {
  const CliRun run = run_cli(args, scratch);
  CAPTURE(run.err);
  CHECK(run.status == 2);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("gradflow-cli: ", 0) == 0);
  CHECK(run.err.find('\n') == run.err.size() - 1);
  CHECK(run.err.find(expected) != std::string::npos);
}
#endif

#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
inline constexpr int kLongChainGates = 1'000'000;
#else
inline constexpr int kLongChainGates = 60'000;
#endif

// "x+x+...+x" with `terms` terms.
inline std::string add_chain_expression(int terms) {
  std::string text = "x";
  for (int i = 1; i < terms; ++i) text += "+x";
  return text;
}

// A document of x+x+...+x as the parser builds it, without positions: node 0 is x = x_value,
// node 1 = x + x, node k = node k−1 + x, the output node `gates`. So f = (gates+1)·x_value and
// ∂f/∂x = gates+1.
inline void write_add_chain_document(const std::filesystem::path& path, int gates, double x_value) {
  std::ofstream out(path, std::ios::binary);
  out << "{\"format\": \"gradflow-graph\", \"version\": 1, \"nodes\": [\n"
      << "{\"id\": 0, \"op\": \"input\", \"name\": \"x\", \"value\": " << x_value << "}";
  for (int k = 1; k <= gates; ++k)
    out << ",\n{\"id\": " << k << ", \"op\": \"add\", \"inputs\": [" << (k - 1) << ", 0]}";
  out << "\n], \"output\": " << gates << "}\n";
}

}  // namespace gf::testing
