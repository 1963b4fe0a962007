#!/usr/bin/env bash
# fuzz.sh — build the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with clang and run each one for
# a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]        (default 60)
#
# Everything lives under build-fuzz/, never in the repository: the build, the corpora (kept
# between runs, so coverage accumulates), the seeds, the logs and the crash artifacts.
# Seeds: fuzz_document gets the example documents in assets/ plus documents the target writes
# itself from small graphs (always in the current format); fuzz_expr gets a few expressions;
# fuzz_caption_layout both; fuzz_lab_file writes its own seed lab files (GRADFLOW_WRITE_SEEDS).
# Every target also gets a seed of about a megabyte (a long add chain
# as an expression, a document, a session or a CSV) and takes inputs up to max_len bytes, so
# the fuzzers reach depths where a recursion per gate would overflow the stack.
# Prints one line per target. Exits non-zero when a target does not build or finds a crash, a
# timeout (> 10 s for one input) or a memory blow-up (> 2 GB).
set -u -o pipefail

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
mkdir -p "$build"

# [SECTION] Configure and build

if ! cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DGRADFLOW_FUZZ=ON \
    -DGRADFLOW_GUI=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1; then
  echo "configure failed: see $build/configure.log"
  exit 1
fi
targets=$(cd "$root/tests/fuzz" && ls fuzz_*.cpp 2>/dev/null | sed 's/\.cpp$//')
if [[ -z $targets ]]; then
  echo "no fuzz targets in tests/fuzz"
  exit 1
fi

# [SECTION] Seeds

max_len=$((1200 * 1024))  # every target reads inputs of more than a megabyte

# The megabyte seeds: add chains 28,000 and 11,000 gates deep whose every gate has its own
# constant (x+1.000...1+...), as an expression or a document (bare or inside a session).
# Cheaper chains are slower ones: x+x+...+x has 25 times as many gates per byte, and x feeding
# every gate makes the layout route a wire past every layer: seconds per input under the
# sanitizers, where these take under one.
big_chain_of_constants() {  # file
  awk 'BEGIN { printf "x"; for (i = 1; i < 28100; i++) printf "+1.000000000000000000000000000000000001" }' >"$1"
}
big_chain_document() {  # file [session]
  local prefix="" suffix=""
  if [[ ${2:-} == session ]]; then
    prefix='{"format": "gradflow-session", "version": 1, "step": 2, "modified": true, "file": null, "document": '
    suffix='}'
  fi
  awk -v prefix="$prefix" -v suffix="$suffix" 'BEGIN {
    gates = 11000
    printf "%s{\"format\": \"gradflow-graph\", \"version\": 1, \"nodes\": [\n", prefix
    printf "{\"id\": 0, \"op\": \"input\", \"name\": \"x\", \"value\": 2}"
    for (k = 1; k <= gates; k++) {
      printf ",\n{\"id\": %d, \"op\": \"const\", \"value\": 1.5}", 2 * k - 1
      printf ",\n{\"id\": %d, \"op\": \"add\", \"inputs\": [%d, %d]}", 2 * k, 2 * k - 2, 2 * k - 1
    }
    printf "\n], \"output\": %d}%s\n", 2 * gates, suffix
  }' >"$1"
}

seed_expressions() {
  local dir=$1 i=0 expression
  for expression in '(x+y)*z' '1/(1+exp(-(w0*x0+w1*x1+w2)))' 'sigmoid(w0*x0+w1*x1+w2)' \
      '2*(x*y+max(z,w))' '(x+y)*x' '(w*x+b-y)^2' \
      '-(t*log(sigmoid(w*x+b))+(1-t)*log(1-sigmoid(w*x+b)))' 'w2*relu(w1*x)' \
      'min(abs(a), sqrt(b)) / inv(c) - tanh(d)^-1.5' 'pow(copy(x), 2.5e-1) + -.5' \
      'sum(relu([1,-2,3,-1]) * [4,-1,5,9])' '[[2,1,3],[-3,4,2]] @ T(w) + [1,2]' \
      'cross_entropy(softmax(relu(X @ W1 + b1) @ W2), [[0,1],[1,0]])' 'mean([[1e3],[-2.5]])'; do
    printf '%s' "$expression" >"$dir/seed-$i.txt"
    i=$((i + 1))
  done
}

prepare_seeds() {  # target seed_dir: fills seed_dir, may write $build/seeds/TARGET.dict
  local target=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir"
  case $target in
    fuzz_document)
      GRADFLOW_WRITE_SEEDS=$dir "$build/tests/fuzz/$target" >/dev/null 2>&1 ||
        echo "warning: $target could not write its seeds" >&2
      local file
      for file in "$root"/assets/*.json "$root"/assets/*/*.json; do
        [[ -f $file ]] && cp "$file" "$dir/"
      done
      big_chain_document "$dir/big-chain.json"
      ;;
    fuzz_expr)
      seed_expressions "$dir"
      big_chain_of_constants "$dir/big-chain.txt"
      ;;
    fuzz_caption_layout)
      seed_expressions "$dir"
      local file
      for file in "$root"/assets/examples/*.json; do
        [[ -f $file ]] && cp "$file" "$dir/"
      done
      big_chain_of_constants "$dir/big-chain.txt"
      big_chain_document "$dir/big-chain.json"
      ;;
    fuzz_points_csv)
      printf 'x,y,label\n0.5,-1,0\n2,3e-2,1\n' >"$dir/seed-0.csv"
      printf '1,2,0\r\n-3.25,4,2\r\n' >"$dir/seed-1.csv"
      awk 'BEGIN { srand(1); print "x,y,label";
                   for (i = 0; i < 60000; i++) printf "%.4f,%.4f,%d\n", rand() * 4 - 2, rand() * 4 - 2, i % 3 }' \
        >"$dir/big.csv"
      ;;
    fuzz_lab_file)
      GRADFLOW_WRITE_SEEDS=$dir "$build/tests/fuzz/$target" >/dev/null 2>&1 ||
        echo "warning: $target could not write its seeds" >&2
      # A megabyte seed: a lab of 30,000 clicked points (the points array is most of a file).
      local first=$dir/seed-0.json
      [[ -f $first ]] && awk 'BEGIN { srand(2) } /"points": \[/ { print; for (i = 0; i < 30000; i++)
          printf "      [%.6f,%.6f,%d,%d],\n", rand() * 12 - 6, rand() * 12 - 6, i % 2, i % 3 == 0; next }
          { print }' "$first" >"$dir/big-lab.json"
      ;;
    fuzz_session)
      local file
      for file in "$root"/assets/examples/*.json; do
        [[ -f $file ]] && cp "$file" "$dir/"
        [[ -f $file ]] && printf '{"format": "gradflow-session", "version": 1, "step": 2, "modified": true, "file": null, "document": %s}' \
          "$(cat "$file")" >"$dir/session-$(basename "$file")"
      done
      big_chain_document "$dir/big-session.json" session
      ;;
  esac
}

# [SECTION] Run

status=0
for target in $targets; do
  log=$build/$target.log
  if ! cmake --build "$build" --target "$target" -j "$(nproc)" >"$build/$target.build.log" 2>&1
  then
    printf '%-14s BUILD FAILED, see %s\n' "$target" "$build/$target.build.log"
    status=1
    continue
  fi
  corpus=$build/corpus/$target
  seeds=$build/seeds/$target
  artifacts=$build/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  prepare_seeds "$target" "$seeds"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -max_len="$max_len" -artifact_prefix="$artifacts/")
  [[ -f $build/seeds/$target.dict ]] && options+=(-dict="$build/seeds/$target.dict")

  # The first corpus directory receives new inputs; the seeds are read only.
  "$build/tests/fuzz/$target" "${options[@]}" "$corpus" "$seeds" >"$log" 2>&1
  result=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  corpus_size=$(find "$corpus" -type f | wc -l)
  if ((result == 0)); then
    printf '%-14s ok: %s runs in %s s, coverage %s, corpus %s inputs\n' "$target" \
      "${runs:-?}" "$seconds" "${coverage:-?}" "$corpus_size"
  else
    kind=crash
    grep -q 'libFuzzer: timeout' "$log" && kind=timeout
    grep -q -e 'libFuzzer: out-of-memory' -e 'malloc limit' "$log" && kind=out-of-memory
    artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/.* to //')
    printf '%-14s FAILED (%s): input %s, log %s\n' "$target" "$kind" "${artifact:-?}" "$log"
    status=1
  fi
done
exit $status
