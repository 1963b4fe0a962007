// run_settings_flags.hpp — the run settings' flags on a CLI11 command: the one list both
// `gradflow-cli train` and `gradflow --lab` register (run_settings.hpp holds the struct, the
// defaults and their resolution, without CLI11).
#pragma once

#include "run_settings.hpp"

namespace CLI {
class App;
}

namespace gf {

// Every RunSettings flag with its help text (the defaults named from kRunDefaults). --dataset and
// --csv exclude each other, as do --l1 and --l2. Old spellings stay as aliases (kCsvFlag,
// kStepsFlag). `steps_help` says what --steps means to this program.
void add_run_settings_flags(CLI::App& command, RunSettings& settings,
                            const std::string& steps_help);

}  // namespace gf
