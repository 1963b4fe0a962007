#!/usr/bin/env bash
# scripts/dev.sh — the README's quick start. Installs the Debian packages that are missing
# (with sudo when not root), builds, then:
#   run        launches gradflow on the (x+y)*z example
#   test       runs every test (unit, CLI, GUI under Xvfb)
#   sanitize   runs every test again under AddressSanitizer + UndefinedBehaviorSanitizer
#   fuzz [S]   runs each libFuzzer target for S seconds (default 60)
#   bench      prints the benchmark numbers
#   format     checks that every C++ file is as clang-format (.clang-format) writes it
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake make pkg-config git
  libimgui-dev libglfw3-dev libepoxy-dev libstb-dev fonts-dejavu-core
  doctest-dev nlohmann-json3-dev libcli11-dev
  xvfb xauth xdotool libgl1-mesa-dri
  clang libclang-rt-14-dev clang-format
)

install_missing() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build DIR [cmake options...]
  local dir="$1"
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

command="${1:-run}"
install_missing
case "$command" in
  run)
    build build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      # f = (x+y)·z at x=-2, y=5, z=-4 (plain `gradflow` would restore the last session instead)
      exec ./build/app/gradflow assets/examples/1_add_mul.json
    fi
    echo "== no display: printing the trace of (x+y)*z instead (the window needs X11 or Wayland)"
    ./build/app/gradflow-cli trace --graph assets/examples/1_add_mul.json
    ;;
  test)
    build build
    ctest --test-dir build -j "$(nproc)" --output-on-failure
    ;;
  sanitize)
    # Debug (-O0). (-O1 was tried: the tests took about 45 s less; the GUI cases mostly wait for
    # Mesa's software GL and the X server.)
    build build-sanitize -DCMAKE_BUILD_TYPE=Debug -DGRADFLOW_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir build-sanitize -j "$(nproc)" --output-on-failure
    ;;
  fuzz)
    bash scripts/fuzz.sh "${2:-60}"
    ;;
  format)
    # Fails on the first file clang-format would change, with its diff; `clang-format -i FILE`
    # fixes it. Files may keep a hand layout between // clang-format off and on (tables).
    git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
    echo "== formatting ok"
    ;;
  bench)
    build build
    ./build/app/gradflow-cli bench eval --json
    ;;
  *)
    echo "usage: scripts/dev.sh [run|test|sanitize|fuzz [SECONDS]|format|bench]" >&2
    exit 2
    ;;
esac
