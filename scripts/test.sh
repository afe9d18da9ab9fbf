#!/usr/bin/env bash
# Sets up what is missing and runs every test: Rust (core, shell, real OS keychain), the UI's
# type check and unit tests, and the end-to-end tests that drive the built app in a real
# WebKit window under Xvfb. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --test

say "Front end: build, type check, unit tests"
npm --prefix ui run build

# The Windows stage (release cross-build, installer, tests under Wine) needs only the built front
# end. It runs in the background from here on at a lower priority, so it takes the CPU the stages
# below leave idle (the end-to-end tests mostly wait on WebKit; fat LTO links on one core), and
# is waited for at the end. Its output goes to a log that is shown then.
# setsid: its own process group, so that a failure here stops all of it (cargo, Wine) at once.
WINDOWS_LOG=$(mktemp /tmp/aa-windows-stage.XXXXXX)
setsid nice -n 10 bash -c 't0=$(date +%s); bash scripts/windows.sh ci; rc=$?
  echo "$(( $(date +%s) - t0 ))" > "$0.seconds"; exit $rc' "$WINDOWS_LOG" > "$WINDOWS_LOG" 2>&1 &
windows_pid=$!
stop_windows() { [ "$windows_pid" = 0 ] || kill -TERM -- -"$windows_pid" 2>/dev/null || true; }
trap 'stop_windows; rm -f "$WINDOWS_LOG" "$WINDOWS_LOG.seconds"' EXIT

npm --prefix ui run check
npm --prefix ui test

say "Rust: format"
cargo fmt --all --check

# Tests never read or leave state in the real home directory.
# Cargo and rustup find their toolchains through HOME unless told where they are.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
SANDBOX=$(mktemp -d /tmp/aa-test.XXXXXX)
trap 'stop_windows; rm -rf "$SANDBOX" "$WINDOWS_LOG" "$WINDOWS_LOG.seconds"' EXIT
export HOME="$SANDBOX/home" XDG_DATA_HOME="$SANDBOX/home/.local/share" XDG_CONFIG_HOME="$SANDBOX/home/.config" \
  XDG_CACHE_HOME="$SANDBOX/home/.cache" XDG_RUNTIME_DIR="$SANDBOX/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

say "Rust: unit and integration tests (keychain tests against a real Secret Service)"
dbus-run-session -- bash scripts/with-keyring.sh cargo test --locked

say "End-to-end: the built app in a real window"
cargo build --locked -p applicant-assistant
bash tests/e2e/run.sh

say "Package: build the .deb, install it into a scratch root, start the installed app"
bash scripts/bundle.sh deb
bash tests/package/deb-install.sh

say "Windows: release cross-build, installer, tests under Wine (started after the front-end build)"
linux_done=$(date +%s)
windows_status=0
wait "$windows_pid" || windows_status=$?
windows_pid=0
cat "$WINDOWS_LOG"
echo "Windows stage: $(cat "$WINDOWS_LOG.seconds" 2>/dev/null || echo '?') s in the background; the run waited $(( $(date +%s) - linux_done )) s for it after the Linux stages"
[ "$windows_status" = 0 ] || { echo "the Windows stage failed" >&2; exit 1; }

say "All tests passed in $(( $(date +%s) - start )) s"
