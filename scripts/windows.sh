#!/usr/bin/env bash
# The Windows stage of scripts/test.sh, on Linux: cross-builds the release app for
# x86_64-pc-windows-gnu (MinGW-w64), builds the NSIS installer, runs the core and shell tests on
# the Windows build under Wine, and installs, runs (the paths that need no WebView) and uninstalls
# the installer under Wine. Any compiler or makensis warning fails it. Needs `ui/dist` (the release
# exe embeds the front end): scripts/test.sh builds it first.
#
# Usage: scripts/windows.sh [release|tests|package|all]   (default: all; `package` needs `release`)
#   release  the release exe and the installer
#   tests    `cargo test` on the Windows target, run by Wine
#   package  tests/package/windows-install.sh on the installer
#
# The Windows builds use their own target dir, target/windows: a cross build also locks the
# host's profile dir (its build scripts and proc macros are built there), so sharing target/
# would make Linux builds of the same profile wait for it.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="$PWD/target/windows"
# Warnings are errors in the project's crates (dependencies' lints stay capped by cargo).
export RUSTFLAGS="-D warnings"
# cargo runs the Windows test binaries through Wine; Wine's own chatter and its offers to install
# Mono and Gecko are switched off.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
RELEASE_DIR="$CARGO_TARGET_DIR/$TARGET/release"
VERSION=$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' src-tauri/tauri.conf.json | head -n 1)
INSTALLER="$CARGO_TARGET_DIR/bundle/Applicant-Assistant_${VERSION}_x64-setup.exe"

say() { printf '\n\033[1m==> [windows] %s\033[0m\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# A fresh Wine prefix (a scratch Windows user profile) under the given directory.
new_prefix() {
  export WINEPREFIX="$1"
  rm -rf "$WINEPREFIX"
  mkdir -p "$WINEPREFIX"
  wineboot -i >/dev/null 2>&1 || true
  wineserver -w
  [ -d "$WINEPREFIX/drive_c/windows/system32" ] || { echo "wineboot did not make a Wine prefix in $WINEPREFIX" >&2; exit 1; }
}

release() {
  local t0; t0=$(date +%s)
  [ -f ui/dist/index.html ] || { echo "ui/dist is missing: run npm --prefix ui run build first" >&2; exit 1; }
  say "Release cross-build for $TARGET (fat LTO, one codegen unit)"
  cargo build --release --locked --target "$TARGET" -p applicant-assistant
  echo "release exe: $(du -h "$RELEASE_DIR/applicant-assistant.exe" | cut -f1), built in $(elapsed "$t0")"
  say "NSIS installer"
  bash scripts/windows-installer.sh "$RELEASE_DIR" "$INSTALLER"
}

tests() {
  local t0; t0=$(date +%s)
  say "Core and shell tests on $TARGET under Wine"
  # The shell's test binaries load WebView2Loader.dll (GNU builds link it dynamically); the build
  # puts it in the profile dir, which WINEPATH adds to the DLL search path.
  local debug_dir="$CARGO_TARGET_DIR/$TARGET/debug"
  WINEPATH="$(winepath -w "$debug_dir" 2>/dev/null || echo "Z:${debug_dir//\//\\}")" \
    cargo test --locked --target "$TARGET" -p assistant-core -p applicant-assistant \
    --lib --tests "$@"
  echo "tests on Windows under Wine: $(elapsed "$t0")"
}

package() {
  say "Installer under Wine: silent install, files and registry, the exe's non-window paths, uninstall"
  bash tests/package/windows-install.sh "$INSTALLER" "$RELEASE_DIR/applicant-assistant.exe"
}

scratch=$(mktemp -d /tmp/aa-windows.XXXXXX)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$scratch"' EXIT
case "$what" in
  release) release ;;
  tests) new_prefix "$scratch/wine"; tests ;;
  package) package ;;
  all)
    # The release build ends in a long single-threaded link (fat LTO): the test build runs beside
    # it, each with its own log, shown when it ends.
    t0=$(date +%s)
    new_prefix "$scratch/wine"
    (release > "$scratch/release.log" 2>&1) & release_pid=$!
    (tests > "$scratch/tests.log" 2>&1) & tests_pid=$!
    status=0
    wait "$tests_pid" || status=$?
    cat "$scratch/tests.log"
    [ "$status" = 0 ] || { echo "[windows] the tests failed" >&2; wait "$release_pid" || true; exit 1; }
    wait "$release_pid" || status=$?
    cat "$scratch/release.log"
    [ "$status" = 0 ] || { echo "[windows] the release build failed" >&2; exit 1; }
    package
    say "Windows stage done in $(elapsed "$t0")"
    ;;
  *) echo "usage: scripts/windows.sh [release|tests|package|all]" >&2; exit 2 ;;
esac
