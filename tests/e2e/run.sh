#!/usr/bin/env bash
# Starts a virtual display, a session bus with an unlocked keychain and tauri-driver, then runs
# every `*.test.mjs` here with node's test runner against the debug binary built with the
# `test-hooks` feature (the AA_* environment hooks; release builds ignore them). It builds that
# binary first (quick when nothing changed); AA_APP_BIN=path uses another one instead.
# Screenshots land in target/e2e-screenshots/.
#
# The whole run happens in its own mount and network namespace (namespace.sh): no network but
# loopback, and the portals' real host names served by the simulators (simulator.mjs) over HTTPS
# with a test CA that only this namespace trusts. So the app opens its real official addresses,
# its http→https upgrade is exercised, and parallel runs cannot collide on ports 443/80. As root
# (CI) a plain `unshare`; otherwise inside a user namespace mapped to root.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
if [ -z "${AA_APP_BIN:-}" ]; then
  cargo build --locked -p applicant-assistant --features applicant-assistant/test-hooks -p content-pack
  AA_APP_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/applicant-assistant"
fi
export AA_APP_BIN
TOOL_BIN="$(dirname "$AA_APP_BIN")/aa-content"
export AA_SCREENSHOTS="$ROOT/target/e2e-screenshots"
mkdir -p "$AA_SCREENSHOTS"
[ -x "$AA_APP_BIN" ] || { echo "no app binary at $AA_APP_BIN" >&2; exit 1; }

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
# The "USB stick" of the kiosk tests (the test-only AA_MEDIA_ROOT hook): outside the scanned home,
# as an applicant's own stick is; session.sh removes it at the end.
export AA_MEDIA_ROOT=$(mktemp -d /tmp/aa-e2e-media.XXXXXX)
# The maintainers' content-pack tool, for the content-pack tests (built with the app).
[ -x "$TOOL_BIN" ] || { echo "build the content tool first: cargo build -p content-pack" >&2; exit 1; }
cp "$TOOL_BIN" "$AA_E2E_BIN_DIR/aa-content"
export AA_CONTENT_TOOL="$AA_E2E_BIN_DIR/aa-content"
# Temporary files too (kiosk session dirs), so the scans in the tests see all the app wrote.
export TMPDIR="$E2E_HOME/tmp"
mkdir -p "$TMPDIR"

# The portals' certificate, CA bundle and hosts file for this run.
export AA_SIM_TLS_DIR="$AA_E2E_BIN_DIR/tls"
bash "$ROOT/tests/e2e/tls.sh" "$AA_SIM_TLS_DIR"

if [ "$(id -u)" -eq 0 ]; then
  exec unshare --mount --net --propagation private -- bash "$ROOT/tests/e2e/namespace.sh"
else
  exec unshare --user --map-root-user --mount --net --propagation private -- bash "$ROOT/tests/e2e/namespace.sh"
fi
