#!/usr/bin/env bash
# Starts a virtual display, a session bus with an unlocked keychain and tauri-driver, then runs
# every `*.test.mjs` here with node's test runner against the built debug binary.
# Screenshots land in target/e2e-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export AA_APP_BIN="${AA_APP_BIN:-$ROOT/target/debug/applicant-assistant}"
TOOL_BIN="$(dirname "$AA_APP_BIN")/aa-content"
export AA_SCREENSHOTS="$ROOT/target/e2e-screenshots"
mkdir -p "$AA_SCREENSHOTS"
[ -x "$AA_APP_BIN" ] || { echo "build the app first: cargo build -p applicant-assistant" >&2; exit 1; }

# Fresh, throw-away home for the app under test.
# Cargo and rustup find their toolchains through HOME unless told where they are.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
E2E_HOME=$(mktemp -d /tmp/aa-e2e.XXXXXX)
export HOME="$E2E_HOME" XDG_DATA_HOME="$E2E_HOME/.local/share" XDG_CONFIG_HOME="$E2E_HOME/.config" \
  XDG_CACHE_HOME="$E2E_HOME/.cache" XDG_RUNTIME_DIR="$E2E_HOME/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export AA_E2E_HOME="$E2E_HOME"
# The run uses its own copy of the binary: a rebuild while the tests run (another checkout sharing
# the target dir, an editor's cargo check) cannot swap the app between two tests.
# (Outside the app's home, which the privacy tests scan; session.sh removes it at the end.)
export AA_E2E_BIN_DIR=$(mktemp -d /tmp/aa-e2e-bin.XXXXXX)
cp "$AA_APP_BIN" "$AA_E2E_BIN_DIR/applicant-assistant"
export AA_APP_BIN="$AA_E2E_BIN_DIR/applicant-assistant"
# The maintainers' content-pack tool, for the content-pack tests (built with the app).
[ -x "$TOOL_BIN" ] || { echo "build the content tool first: cargo build -p content-pack" >&2; exit 1; }
cp "$TOOL_BIN" "$AA_E2E_BIN_DIR/aa-content"
export AA_CONTENT_TOOL="$AA_E2E_BIN_DIR/aa-content"
# Temporary files too (kiosk session dirs), so the scans in the tests see all the app wrote.
export TMPDIR="$E2E_HOME/tmp"
mkdir -p "$TMPDIR"

exec dbus-run-session -- bash "$ROOT/tests/e2e/session.sh"
