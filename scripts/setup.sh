#!/usr/bin/env bash
# Installs whatever is missing to build and run the app (and, with --test, to test it).
# Safe to run again: each step checks first. Debian/Ubuntu get their packages from apt-get
# (through sudo when not root); macOS and Windows need the prerequisites listed in the README.
set -euo pipefail
cd "$(dirname "$0")/.."

# --test: also what the tests need. --test-build: only what compiling the tests needs on top of
# the app's own packages (scripts/test.sh installs the rest with --test while it compiles).
want_test=0 want_test_build=0
[ "${1:-}" = "--test" ] && want_test=1 && want_test_build=1
[ "${1:-}" = "--test-build" ] && want_test_build=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Build and run: WebKitGTK and friends (Tauri 2 on Linux) and a CJK font for Chinese text.
# Read-aloud (语音阅读) links libspeechd through the `tts` crate, whose bindings need libclang to build.
APT_RUN=(libwebkit2gtk-4.1-dev build-essential libxdo-dev libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libsecret-1-dev pkg-config file fonts-noto-cjk dbus gnome-keyring libspeechd-dev libclang-dev)
# Tests: a virtual display, a window manager and input tool (kiosk Alt+F4, issue 19; X focus in the
# single-instance test), the WebKit WebDriver, a session bus, keychain tools, screenshots; HEIC tools
# (phone photos converted as a phone would) and an independent .ics parser (issue 22). Read-aloud is
# heard by speech-dispatcher running espeak-ng. For the portal simulators a TLS toolkit, the CA
# store and `ip` (the e2e run's own network namespace). For the hall desk (hall-desk/) a PostgreSQL
# server and Chromium with its WebDriver for the staff page.
APT_TEST=(xvfb xdotool openbox curl xclip procps poppler-utils webkit2gtk-driver dbus-x11 libsecret-tools imagemagick x11-utils xauth python3-aiosmtpd openssl
  libheif-examples python3-icalendar speech-dispatcher espeak-ng iproute2 ca-certificates
  postgresql chromium chromium-driver)
# Compiling the tests: mold links the many test binaries that link Tauri and WebKit (scripts/test.sh).
APT_TEST_BUILD=(mold)
# The Windows stage (scripts/windows.sh): MinGW-w64 and lld (its linker, much faster than MinGW's
# ld on the big test binaries), Wine to run the Windows build, NSIS,
# and the locales that give Wine a Chinese or English Windows (the installer's language test).
APT_WINDOWS=(gcc-mingw-w64-x86-64 lld wine wine64 nsis locales)
WINDOWS_LOCALES=(zh_CN zh_TW en_US)

if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null; then
  pkgs=("${APT_RUN[@]}")
  [ $want_test_build = 1 ] && pkgs+=("${APT_TEST_BUILD[@]}")
  [ $want_test = 1 ] && pkgs+=("${APT_TEST[@]}" "${APT_WINDOWS[@]}")
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
elif [ "$(uname -s)" = "Linux" ]; then
  say "Not a Debian/Ubuntu system: install WebKitGTK 4.1, libsecret and a CJK font yourself (see README)."
fi

command -v cargo >/dev/null || { echo "Rust is missing: install it from rustup (see README)." >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ and npm are missing (see README)." >&2; exit 1; }

# npm packages, from the lock files; reinstalled only when a lock file changed.
npm_install() {
  local dir=$1 stamp="$1/node_modules/.aa-lock.sha256"
  local want; want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing npm packages in $dir"
    # `npm install` from the lock file (not `npm ci`): with omit-lockfile-registry-resolved set,
    # npm ci rejects locks whose optional per-platform packages (the Tauri CLI binaries) lack entries.
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}
npm_install ui
if [ $want_test = 1 ]; then
  npm_install tests/e2e
  # The Windows cross-build's standard library (scripts/windows.sh).
  if [ "$(uname -s)" = "Linux" ] && command -v localedef >/dev/null; then
    for l in "${WINDOWS_LOCALES[@]}"; do
      if ! locale -a 2>/dev/null | grep -qix "$l.utf-\?8"; then
        say "Generating the locale $l.UTF-8"
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO localedef -i "$l" -f UTF-8 "$l.UTF-8"
      fi
    done
  fi
  if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
    say "Installing the Rust target x86_64-pc-windows-gnu"
    rustup target add x86_64-pc-windows-gnu
  fi
  # tauri-driver bridges WebDriver to WebKitWebDriver for the end-to-end tests.
  TAURI_DRIVER_VERSION=2.0.6
  if ! command -v tauri-driver >/dev/null || ! cargo install --list | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
    say "Installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
  fi
fi
