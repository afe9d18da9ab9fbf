#!/usr/bin/env bash
# Builds the Windows installer (NSIS) from a built exe: packaging/windows/installer.nsi with makensis.
# Usage: scripts/windows-installer.sh EXE_DIR OUTFILE [WEBVIEW2_BOOTSTRAPPER]
#   EXE_DIR  the folder with applicant-assistant.exe (and WebView2Loader.dll for GNU builds)
#   OUTFILE  where the installer goes
# Works with Debian's makensis (this repository's CI) and with NSIS on Windows (the release workflow).
# Any makensis warning fails the build (-WX).
set -euo pipefail
cd "$(dirname "$0")/.."
exe_dir=$1 out=$2 bootstrapper=${3:-}
[ -f "$exe_dir/applicant-assistant.exe" ] || { echo "no applicant-assistant.exe in $exe_dir" >&2; exit 1; }
version=$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' src-tauri/tauri.conf.json | head -n 1)
[ -n "$version" ] || { echo "no version in src-tauri/tauri.conf.json" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# makensis takes Windows paths on Windows and POSIX paths elsewhere.
winpath() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
defines=(-DVERSION="$version" -DSRCDIR="$(winpath "$(cd "$exe_dir" && pwd)")" -DOUTFILE="$(winpath "$(cd "$(dirname "$out")" && pwd)/$(basename "$out")")"
  -DROOT="$(winpath "$PWD")")
[ -n "$bootstrapper" ] && defines+=(-DWEBVIEW2_BOOTSTRAPPER="$(winpath "$(cd "$(dirname "$bootstrapper")" && pwd)/$(basename "$bootstrapper")")")
makensis=${MAKENSIS:-makensis}
"$makensis" -V2 -WX -INPUTCHARSET UTF8 "${defines[@]}" "$(winpath "$PWD/packaging/windows/installer.nsi")"
ls -l "$out"
