#!/usr/bin/env bash
# The Windows stage of scripts/test.sh, on Linux: cross-builds the app for x86_64-pc-windows-gnu
# (MinGW-w64), builds the NSIS installer, runs the core and shell tests on the Windows build under
# Wine, and installs, runs (the paths that need no WebView) and uninstalls the installer under Wine.
# Any compiler or makensis warning fails it. Needs `ui/dist` (the exe embeds the front end):
# scripts/test.sh builds it first.
#
# Usage: scripts/windows.sh [ci|release|tests|package]   (default: ci)
#   ci       all of it, standalone: the release exe (the size-tuned build that ships: fat LTO, one
#            codegen unit) and its installer, beside them the core and shell tests built in the
#            dev profile and run under Wine, then the installer under Wine
#   release  the release exe and its installer
#   tests    the core and shell tests, built in the dev profile, under Wine
#   package  the release installer (built by `release`) under Wine
# scripts/test.sh runs `release` and `tests` as two background stages (the release build, with its
# long single-threaded LTO link, at a higher priority so that it overlaps the other stages), then
# `package`.
#
# The Windows builds use their own target dir, target/windows: a cross build also locks the
# host's profile dir (its build scripts and proc macros are built there), so sharing target/
# would make Linux builds of the same profile wait for it.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-ci}

TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="$PWD/target/windows"
# Warnings are errors in the project's crates (dependencies' lints stay capped by cargo).
export RUSTFLAGS="-D warnings"
# lld links the Windows binaries (in MinGW mode): MinGW's own ld takes minutes over the big test
# binaries. setup.sh installs it; without it, MinGW's ld still works.
command -v ld.lld >/dev/null && RUSTFLAGS="$RUSTFLAGS -C link-arg=-fuse-ld=lld"
# The Windows test build carries no debug info: it is only run, never debugged, and MinGW's linker
# is slow on large debug sections. (Panics still name file and line.)
export CARGO_PROFILE_DEV_DEBUG=0
# Nor a symbol table: each test exe carries about 50 MB of symbols otherwise, over 1 GB in all,
# which only a debugger would read.
export CARGO_PROFILE_DEV_STRIP=symbols
# cargo runs the Windows test binaries through Wine; Wine's own chatter and its offers to install
# Mono and Gecko are switched off.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
RELEASE_DIR="$CARGO_TARGET_DIR/$TARGET/release"
VERSION=$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' src-tauri/tauri.conf.json | head -n 1)
# The installer of the exe in profile dir $1.
installer_of() { echo "$CARGO_TARGET_DIR/bundle/$(basename "$1")/Applicant-Assistant_${VERSION}_x64-setup.exe"; }

say() { printf '\n\033[1m==> [windows] %s\033[0m\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# A fresh Wine prefix (a scratch Windows user profile), with what Rust programs need from it.
new_prefix() {
  bash tests/windows/wine-prefix.sh "$1"
  export WINEPREFIX="$1"
}

release() {
  local t0; t0=$(date +%s)
  [ -f ui/dist/index.html ] || { echo "ui/dist is missing: run npm --prefix ui run build first" >&2; exit 1; }
  say "Release cross-build for $TARGET (fat LTO, one codegen unit)"
  time cargo build --release --locked --target "$TARGET" -p applicant-assistant
  echo "release exe: $(du -h "$RELEASE_DIR/applicant-assistant.exe" | cut -f1), built in $(elapsed "$t0")"
  installer "$RELEASE_DIR"
}

# tests PROFILE_DIR [cargo args]: the core and shell tests on the Windows target, run by Wine.
tests() {
  local t0; t0=$(date +%s)
  local dir=$1; shift
  say "Core and shell tests on $TARGET under Wine"
  # The shell's test binaries load WebView2Loader.dll (GNU builds link it dynamically); the build
  # puts it in the profile dir, which WINEPATH adds to the DLL search path.
  time WINEPATH="$(winepath -w "$dir")" \
    cargo test --locked --target "$TARGET" -p assistant-core -p applicant-assistant --lib --tests "$@"
  echo "tests on Windows under Wine: $(elapsed "$t0")"
}

# installer EXE_DIR: the installer (solid LZMA) from the exe in EXE_DIR.
installer() {
  local t0; t0=$(date +%s)
  say "NSIS installer"
  bash scripts/windows-installer.sh "$1" "$(installer_of "$1")"
  echo "installer: $(du -h "$(installer_of "$1")" | cut -f1), built in $(elapsed "$t0")"
}

# package EXE_DIR: the installer under Wine, checked against the exe it should install.
package() {
  local t0; t0=$(date +%s)
  say "Installer under Wine: silent install, files and registry, the exe's non-window paths, uninstall"
  bash tests/package/windows-install.sh "$(installer_of "$1")" "$1/applicant-assistant.exe"
  echo "installer tests under Wine: $(elapsed "$t0")"
}

scratch=$(mktemp -d /tmp/aa-windows.XXXXXX)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$scratch"' EXIT
case "$what" in
  ci)
    # The release build ends in a long single-threaded link (fat LTO): the test build (a second
    # build of the dependencies, unoptimised: LTO over every test binary would take far longer) runs
    # beside it, each with its own log, shown when it ends.
    t0=$(date +%s)
    new_prefix "$scratch/wine"
    (release > "$scratch/release.log" 2>&1) & release_pid=$!
    (tests "$CARGO_TARGET_DIR/$TARGET/debug" > "$scratch/tests.log" 2>&1) & tests_pid=$!
    status=0
    wait "$tests_pid" || status=$?
    cat "$scratch/tests.log"
    [ "$status" = 0 ] || { echo "[windows] the tests failed" >&2; wait "$release_pid" || true; exit 1; }
    wait "$release_pid" || status=$?
    cat "$scratch/release.log"
    [ "$status" = 0 ] || { echo "[windows] the release build failed" >&2; exit 1; }
    package "$RELEASE_DIR"
    say "Windows stage done in $(elapsed "$t0")"
    ;;
  release) release ;;
  tests)
    new_prefix "$scratch/wine"
    tests "$CARGO_TARGET_DIR/$TARGET/debug"
    ;;
  package)
    [ -f "$(installer_of "$RELEASE_DIR")" ] || { echo "no release installer: run scripts/windows.sh release first" >&2; exit 1; }
    new_prefix "$scratch/wine"
    package "$RELEASE_DIR"
    ;;
  *) echo "usage: scripts/windows.sh [ci|release|tests|package]" >&2; exit 2 ;;
esac
