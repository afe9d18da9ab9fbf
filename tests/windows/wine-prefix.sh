#!/usr/bin/env bash
# Makes a fresh Wine prefix (a scratch Windows user profile) at $1 for the Windows tests; source it
# or run it. Without a display; Wine's chatter and its offers to install Mono and Gecko are off.
# Where Wine lacks bcryptprimitives.dll (Wine 8.0, Debian 12), the stand-in in
# tests/windows/bcryptprimitives.c is built into the prefix: every Rust program needs it.
set -euo pipefail
prefix=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
rm -rf "$prefix"
mkdir -p "$prefix"
wineboot -i >/dev/null 2>&1 || true
wineserver -w
system32="$prefix/drive_c/windows/system32"
[ -d "$system32" ] || { echo "wineboot made no Wine prefix in $prefix" >&2; exit 1; }
if [ ! -e "$system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -Wall -Werror -o "$system32/bcryptprimitives.dll" \
    "$here/bcryptprimitives.c" -ladvapi32
fi
