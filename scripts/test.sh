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
npm --prefix ui run check
npm --prefix ui test

say "Rust: format"
cargo fmt --all --check

# Tests never read or leave state in the real home directory.
# Cargo and rustup find their toolchains through HOME unless told where they are.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
SANDBOX=$(mktemp -d /tmp/aa-test.XXXXXX)
trap 'rm -rf "$SANDBOX"' EXIT
export HOME="$SANDBOX/home" XDG_DATA_HOME="$SANDBOX/home/.local/share" XDG_CONFIG_HOME="$SANDBOX/home/.config" \
  XDG_CACHE_HOME="$SANDBOX/home/.cache" XDG_RUNTIME_DIR="$SANDBOX/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

say "Rust: unit and integration tests (keychain tests against a real Secret Service; the hall desk against SQLite and a PostgreSQL server it starts)"
# With the test-only AA_* hooks on (portal simulators, a shorter clipboard delay, a stand-in media
# folder, local content mirrors and test keys): the app, aa-content and hall-desk binaries this
# builds for the integration tests are the ones the end-to-end tests run, so nothing is built twice.
# Release and bundle builds never have the hooks.
dbus-run-session -- bash scripts/with-keyring.sh cargo test --locked --features applicant-assistant/test-hooks
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"

# The release .deb builds in the background, at a lower priority, while the end-to-end tests run:
# they mostly wait on WebKit, and the build takes the CPU they leave. (CI's package needs no fat LTO:
# the release workflow builds the packages that ship with the full release profile.)
PKG_LOG=$(mktemp /tmp/aa-package.XXXXXX)
trap 'rm -rf "$SANDBOX" "$PKG_LOG"; [ -z "${pkg_pid:-}" ] || kill -TERM -- -"$pkg_pid" 2>/dev/null || true' EXIT
setsid nice -n 10 env CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  bash scripts/bundle.sh deb > "$PKG_LOG" 2>&1 &
pkg_pid=$!

say "End-to-end: the built app in a real window, the hall desk's staff page in Chromium"
AA_APP_BIN="$TARGET/debug/applicant-assistant" bash tests/e2e/run.sh

say "Package: the .deb (built meanwhile), installed into a scratch root, the installed app started"
pkg_status=0
wait "$pkg_pid" || pkg_status=$?
pkg_pid=
cat "$PKG_LOG"
[ "$pkg_status" = 0 ] || { echo "the .deb build failed" >&2; exit 1; }
bash tests/package/deb-install.sh

say "All tests passed in $(( $(date +%s) - start )) s"
