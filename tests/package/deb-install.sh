#!/usr/bin/env bash
# Installs the built .deb into a scratch root, checks what it declares and ships, and starts the
# installed binary under Xvfb until its first screen reports ready over IPC.
# Usage: tests/package/deb-install.sh [path/to.deb]  (default: the newest in target/{release,debug}/bundle/deb)
set -euo pipefail
cd "$(dirname "$0")/../.."
deb="${1:-$(ls -t target/release/bundle/deb/*.deb target/debug/bundle/deb/*.deb 2>/dev/null | head -n 1)}"
[ -f "$deb" ] || { echo "no .deb found: run scripts/bundle.sh first" >&2; exit 1; }
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass+1)); else echo "not ok - $1"; fail=$((fail+1)); fi; }

root=$(mktemp -d /tmp/aa-deb-root.XXXXXX)
home=$(mktemp -d /tmp/aa-deb-home.XXXXXX)
trap 'rm -rf "$root" "$home"' EXIT
dpkg-deb -x "$deb" "$root"
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version), $(du -h "$deb" | cut -f1); depends: $depends"

check "declares WebKitGTK 4.1" '[[ "$depends" == *libwebkit2gtk-4.1-0* ]]'
check "declares a CJK font" '[[ "$depends" == *fonts-noto-cjk* ]]'
check "declares libspeechd (read-aloud)" '[[ "$depends" == *libspeechd2* ]]'
check "ships the binary" '[ -x "$root/usr/bin/applicant-assistant" ]'
desktop=$(ls "$root"/usr/share/applications/*.desktop 2>/dev/null | head -n 1)
check "ships a desktop entry" '[ -n "$desktop" ]'
check "desktop entry has the Chinese name" 'grep -qx "Name\[zh_CN\]=申请助手" "$desktop"'
check "desktop entry has a category" 'grep -q "^Categories=Office;Education;" "$desktop"'
check "desktop entry starts the installed binary" 'grep -q "^Exec=applicant-assistant" "$desktop"'
check "ships the third-party notices (IJG, OFL)" 'grep -rqs "Independent JPEG Group" "$root"/usr/lib/*/NOTICE'
check "ships the icon" 'ls "$root"/usr/share/icons/hicolor/*/apps/applicant-assistant.png >/dev/null 2>&1'

# Start the installed binary and wait for the UI to report its first screen ready over IPC.
ready=$(HOME="$home" timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  python3 scripts/perf.py --check-start "$root/usr/bin/applicant-assistant" 2>/dev/null | grep '^ready' || true)
check "installed app reaches its first screen ($ready)" '[[ "$ready" == ready* ]]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
