#!/usr/bin/env bash
# Sets up what is missing and runs every test: Rust (core, shell, real OS keychain), the UI's
# type check and unit tests, the end-to-end tests that drive the built app in a real WebKit window
# under Xvfb, the .deb, and the Windows stage (cross-build, installer, tests under Wine). Exits
# non-zero on the first failure.
#
# The machine has two cores; the stages are laid out so that the CPU is never idle: what waits
# (package downloads, WebKit, Wine) runs beside what compiles. In the foreground: the front end, the
# Rust tests, the end-to-end tests (two runs in parallel); in the background, at a lower priority:
# the rest of the setup and then the Windows stage, and the .deb once the Rust tests are built.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Disk: a run from scratch writes about 11 GiB (target/ for Linux and Windows, the Wine prefix, the
# test sandbox; measured), and on a fresh machine setup.sh adds the packages and toolchains. Said at
# the start, so that a run that stops with "No space left on device" is explained by its first lines.
need_gib=12
# (Where target/ does not exist yet, the disk of the repository.)
target_disk=$PWD
[ -d "${CARGO_TARGET_DIR:-}" ] && target_disk=$CARGO_TARGET_DIR
free_gib=$(df -Pk "$target_disk" 2>/dev/null | awk 'NR==2 {printf "%d", $4 / 1048576}')
echo "disk: $free_gib GiB free where target/ is written (a run from scratch needs about $need_gib GiB)"
[ "$free_gib" -ge $need_gib ] 2>/dev/null || echo "warning: less than $need_gib GiB free; the build may stop with \"No space left on device\"" >&2
# Incremental compilation off: a test run builds from scratch (or from what the last run left),
# where incremental state gains little and costs about 2 GiB of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# What compiling needs comes first; the rest (test tools, browsers, Wine, the Windows target, the
# e2e packages) installs in the background while the front end and the Rust tests compile.
bash scripts/setup.sh --test-build
REAL_HOME=$HOME

# Tests never read or leave state in the real home directory.
# Cargo and rustup find their toolchains through HOME unless told where they are.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
SANDBOX=$(mktemp -d /tmp/aa-test.XXXXXX)
LOGS="$SANDBOX/logs"
mkdir -p "$LOGS"
bg_pids=()
trap 'for p in "${bg_pids[@]}"; do kill -TERM -- -"$p" 2>/dev/null || true; done; rm -rf "$SANDBOX"' EXIT
export HOME="$SANDBOX/home" XDG_DATA_HOME="$SANDBOX/home/.local/share" XDG_CONFIG_HOME="$SANDBOX/home/.config" \
  XDG_CACHE_HOME="$SANDBOX/home/.cache" XDG_RUNTIME_DIR="$SANDBOX/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# bg NAME CMD...: a background stage at a lower priority (the foreground keeps the CPU it needs;
# the background takes what it leaves), its output in its own log, shown when it is waited for.
# Its own session (so that it can be stopped as a whole), whose scheduling group gets the lower
# priority too: with the kernel's autogroups a plain `nice` counts only inside a session.
# BG_NICE=N sets another priority (default 10).
bg() {
  local name=$1; shift
  setsid bash -c 'echo "$0" > /proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "${BG_NICE:-10}" "$@" \
    > "$LOGS/$name.log" 2>&1 &
  bg_pids+=($!); eval "pid_$name=$!"
}
# wait_bg NAME TITLE: waits for stage NAME, shows its log, fails the run if it failed.
wait_bg() {
  local pid_var="pid_$1" status=0; say "$2"
  wait "${!pid_var}" || status=$?
  cat "$LOGS/$1.log"
  [ "$status" = 0 ] || { echo "$2: failed (exit $status)" >&2; exit 1; }
}
# wait_for NAME: waits until the background chain has marked NAME done (or failed).
wait_for() {
  while [ ! -e "$LOGS/$1.ok" ]; do
    [ -e "$LOGS/$1.failed" ] && { cat "$LOGS/$1.log" 2>/dev/null; echo "$1 failed" >&2; exit 1; }
    sleep 1
  done
}

# The background chain: the rest of the setup (with the real home, as setup always runs), then,
# once the front end is built (the exe embeds it), the Windows tests (scripts/windows.sh tests:
# built in the dev profile and run under Wine). Beside it, the Windows release exe and its installer
# (scripts/windows.sh release) at the foreground's priority: it ends in a long single-threaded LTO
# link, which must overlap the other stages rather than run after them. Both use their own target
# dir, sharing nothing with the Linux builds.
export REAL_HOME LOGS
bg windows bash -c '
  if HOME="$REAL_HOME" bash scripts/setup.sh --test > "$LOGS/setup.log" 2>&1; then touch "$LOGS/setup.ok"
  else touch "$LOGS/setup.failed"; exit 1; fi
  while [ ! -e "$LOGS/ui.ok" ]; do sleep 1; done
  exec bash scripts/windows.sh tests'
BG_NICE=0 bg winrelease bash -c '
  while [ ! -e "$LOGS/setup.ok" ]; do [ -e "$LOGS/setup.failed" ] && exit 1; sleep 1; done
  while [ ! -e "$LOGS/ui.ok" ]; do sleep 1; done
  exec bash scripts/windows.sh release'

say "Front end: build, type check, unit tests"
npm --prefix ui run build
touch "$LOGS/ui.ok"
npm --prefix ui run check
npm --prefix ui test

say "Rust: format"
cargo fmt --all --check

say "Rust: unit and integration tests (keychain tests against a real Secret Service; the hall desk against SQLite and a PostgreSQL server it starts)"
# Linking: mold (dozens of test binaries link Tauri and WebKit).
command -v mold >/dev/null && export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C link-arg=-fuse-ld=mold"
# With the test-only AA_* hooks on (portal simulators, a shorter clipboard delay, a stand-in media
# folder, local content mirrors and test keys): the app, aa-content and hall-desk binaries this
# builds for the integration tests are the ones the end-to-end tests run, so nothing is built twice.
# Release and bundle builds never have the hooks. Compiled first; run once the setup is complete.
cargo test --locked --features applicant-assistant/test-hooks --no-run
wait_for setup
say "Setup (ran in the background)"
cat "$LOGS/setup.log"
dbus-run-session -- bash scripts/with-keyring.sh cargo test --locked --features applicant-assistant/test-hooks
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
E2E_BIN="$SANDBOX/e2e-bin"
mkdir -p "$E2E_BIN"
cp "$TARGET/debug/applicant-assistant" "$TARGET/debug/aa-content" "$TARGET/debug/hall-desk" "$E2E_BIN/"

# The package test's .deb: the app without the test hooks, in the dev profile on the dependencies
# just built (target/debug/applicant-assistant is rebuilt for it, hence the copies above), bundled
# exactly as the release is. The packages that ship come from the release workflow.
bg package bash scripts/bundle.sh --debug deb

say "End-to-end: the built app in a real window, the hall desk's staff page in Chromium (two runs in parallel)"
# Each run has its own namespace, display, session bus and home; they share one queue of test files.
# A file that fails is run once more (session.sh); what failed, at either attempt, is in the report.
mkdir -p "$SANDBOX/e2e-queue" "$SANDBOX/e2e-report"
e2e_pids=()
for i in 1 2; do
  (AA_APP_BIN="$E2E_BIN/applicant-assistant" AA_DESK_BIN="$E2E_BIN/hall-desk" AA_E2E_QUEUE="$SANDBOX/e2e-queue" \
    AA_E2E_REPORT="$SANDBOX/e2e-report" AA_E2E_DISPLAY_FROM=$((40 + 50 * i)) bash tests/e2e/run.sh 2>&1 |
    sed -u "s/^/[e2e $i] /") &
  e2e_pids+=($!)
done
e2e_status=0
for p in "${e2e_pids[@]}"; do wait "$p" || e2e_status=1; done
# The failures, short, where a reader of the log's tail sees them: each failing test's name and
# the first lines of its error.
e2e_report() {
  local log
  for log in "$SANDBOX"/e2e-report/*.log; do
    [ -e "$log" ] || continue
    echo "--- $(basename "$log" .log) (file.attempt): failing tests ---"
    awk '/^not ok|^    not ok/ {n=14} n>0 {print; n--}' "$log" | grep -v '^ *\.\.\.$' | head -n 40
  done
  cat "$SANDBOX/e2e-report/summary" 2>/dev/null || true
}
if [ "$e2e_status" != 0 ]; then
  say "End-to-end: what failed"
  e2e_report
  echo "the end-to-end tests failed" >&2
  exit 1
fi

wait_bg package "Package: the .deb (built meanwhile), installed into a scratch root, the installed app started"
bash tests/package/deb-install.sh "$(ls -t "$TARGET"/debug/bundle/deb/*.deb | head -n 1)"

wait_bg winrelease "Windows: the release exe and its installer, cross-built (meanwhile)"
wait_bg windows "Windows: the core and shell tests under Wine (run meanwhile)"
say "Windows: the installer under Wine (silent install, files and registry, the exe's non-window paths, uninstall)"
bash scripts/windows.sh package

if [ -s "$SANDBOX/e2e-report/summary" ]; then
  say "End-to-end: files that failed once and passed when run again"
  e2e_report
fi

say "All tests passed in $(( $(date +%s) - start )) s"
