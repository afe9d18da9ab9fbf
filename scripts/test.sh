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
dbus-run-session -- bash scripts/with-keyring.sh cargo test --locked

say "End-to-end: the built app in a real window, the hall desk's staff page in Chromium"
# The e2e binary has the test-only AA_* hooks (portal simulators, a shorter clipboard delay, a
# stand-in media folder, local content mirrors and test keys); release and bundle builds do not.
# `cargo test` above built hall-desk and the content tool; this only checks they are current.
cargo build --locked -p applicant-assistant --features applicant-assistant/test-hooks -p content-pack -p hall-desk
AA_APP_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/applicant-assistant" bash tests/e2e/run.sh

say "Package: build the .deb, install it into a scratch root, start the installed app"
bash scripts/bundle.sh deb
bash tests/package/deb-install.sh

say "All tests passed in $(( $(date +%s) - start )) s"
