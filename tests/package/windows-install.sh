#!/usr/bin/env bash
# The Windows installer under Wine, in a scratch Wine prefix (a fresh Windows user profile):
# silent installs in Simplified Chinese, Traditional Chinese and English (one into a folder with a
# Chinese name), the files, Start-menu entry and registry entries each makes, nothing written for
# the whole machine, the installed exe's paths that need no WebView (--hash-pin, a kiosk
# configuration error naming the file, the kiosk configuration under %ProgramData%), and the
# uninstaller removing everything the installer made. Also: without WebView2 (and no network to
# fetch it) the installer stops with exit code 2 and installs nothing.
# Usage: tests/package/windows-install.sh INSTALLER BUILT_EXE
set -euo pipefail
cd "$(dirname "$0")/../.."
installer=$1 built_exe=$2
version=$(sed -n 's/^ *"version": *"\([0-9.]*\)".*/\1/p' src-tauri/tauri.conf.json | head -n 1)
[ -f "$installer" ] || { echo "no installer at $installer: run scripts/windows.sh release first" >&2; exit 1; }
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass+1)); else echo "not ok - $1"; fail=$((fail+1)); fi; }

export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
scratch=$(mktemp -d /tmp/aa-win-install.XXXXXX)
export WINEPREFIX="$scratch/prefix"
trap 'wineserver -k 2>/dev/null || true; rm -rf "$scratch"' EXIT
bash tests/windows/wine-prefix.sh "$WINEPREFIX"
C="$WINEPREFIX/drive_c"
profile=$(ls -d "$C"/users/*/AppData 2>/dev/null | grep -v /Public/ | head -n 1)
[ -n "$profile" ] || { echo "Wine made no user profile in $WINEPREFIX" >&2; exit 1; }
user=$(basename "$(dirname "$profile")")
default_dir="$profile/Local/Programs/Applicant Assistant"
start_menu="$profile/Roaming/Microsoft/Windows/Start Menu/Programs"
UNINSTALL='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.applicant-assistant.app'
APPKEY='HKCU\Software\org.applicant-assistant.app'
WEBVIEW2='Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'

# The values of the installer's two registry keys, exported once after each install (`reg query`
# mangles Chinese; each Wine start is slow): `value KEY NAME` then reads them.
snapshot() {
  local key out
  for key in "$UNINSTALL" "$APPKEY"; do
    out="$scratch/$(echo "$key" | md5sum | cut -c1-8).reg"
    rm -f "$out"
    wine reg export "$key" "$(winepath -w "$out")" /y >/dev/null 2>&1 || true
  done
}
value() {
  local out="$scratch/$(echo "$1" | md5sum | cut -c1-8).reg"
  [ -f "$out" ] || return 0
  iconv -f UTF-16LE -t UTF-8 "$out" | tr -d '\r' | sed -n "s/^\"$2\"=\"\\(.*\\)\"\$/\\1/p; s/^\"$2\"=dword:\\(.*\\)\$/\\1/p"
}
key_exists() { wine reg query "$1" >/dev/null 2>&1; }
# Every program under Wine gets at most two minutes: an exe that waits for a window (no WebView2
# here) fails its check instead of holding the run up.
win() { timeout 120 wine "$@" 2>/dev/null; }

size=$(stat -c %s "$installer")
deb=$(ls -t target/release/bundle/deb/*.deb target/debug/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)
echo "installer: $(basename "$installer"), $((size / 1024)) KiB$( [ -n "$deb" ] && echo "; .deb: $(basename "$deb"), $(( $(stat -c %s "$deb") / 1024 )) KiB")"

check "the installer asks Windows for no administrator rights (asInvoker)" \
  'grep -aq "requestedExecutionLevel level=\"asInvoker\"" "$installer"'

# 1. No WebView2 on the machine and no network to fetch it: stop, install nothing.
set +e; LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 win "$installer" /S; rc=$?; set -e
check "without WebView2 the silent installer stops with exit code 2 (got $rc)" '[ "$rc" = 2 ]'
check "  and installs no file" '[ ! -e "$default_dir" ]'
check "  and makes no uninstall entry" '! key_exists "$UNINSTALL"'

# From here on WebView2 is there, as on Windows 10 21H2 and later, and Windows 11.
wine reg add "HKCU\\$WEBVIEW2" /v pv /d 130.0.2849.80 /f >/dev/null 2>&1

# installs LANG DIR(unix) [/D=windows dir]: one silent install; checks what it made.
install_and_check() {
  local lang=$1 dir=$2 name=$3 langid=$4; shift 4
  set +e; LANG=$lang LC_ALL=$lang win "$installer" /S "$@"; rc=$?; set -e
  snapshot
  check "[$lang] silent install exits 0 (got $rc)" '[ "$rc" = 0 ]'
  check "[$lang] installs the exe built here" 'cmp -s "$dir/applicant-assistant.exe" "$built_exe"'
  check "[$lang] installs WebView2Loader.dll, the notices and the uninstaller" \
    '[ -f "$dir/WebView2Loader.dll" ] && grep -q "Independent JPEG Group" "$dir/NOTICE.txt" && [ -f "$dir/uninstall.exe" ]'
  check "[$lang] Start-menu entry 申请助手 points at the exe" \
    '[ -f "$start_menu/申请助手.lnk" ] && { strings -a "$start_menu/申请助手.lnk"; strings -a -el "$start_menu/申请助手.lnk"; } | grep "applicant-assistant.exe" >/dev/null'
  check "[$lang] uninstall entry for this user named $name" '[ "$(value "$UNINSTALL" DisplayName)" = "$name" ]'
  check "[$lang] uninstall entry has version, location and a quiet uninstall" \
    '[ "$(value "$UNINSTALL" DisplayVersion)" = "$version" ] &&
     [ -n "$(value "$UNINSTALL" InstallLocation)" ] && value "$UNINSTALL" QuietUninstallString | grep "uninstall.exe.* /S$" >/dev/null'
  check "[$lang] installer language $langid remembered for the uninstaller" '[ "$(value "$APPKEY" "Installer Language")" = "$langid" ]'
  check "[$lang] nothing for the whole machine (no HKLM entry, nothing in Program Files)" \
    '! key_exists "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\org.applicant-assistant.app" &&
     ! ls -d "$C"/Program\ Files*/Applicant* "$C"/ProgramData/Microsoft/Windows/Start\ Menu/Programs/申请助手.lnk >/dev/null 2>&1'
}

uninstall_and_check() {
  local lang=$1 dir=$2 windir
  windir=$(winepath -w "$dir")
  set +e; LANG=$lang LC_ALL=$lang win "$windir\\uninstall.exe" /S; rc=$?; set -e
  wineserver -w   # the uninstaller runs from a copy in %TEMP%: wait for it
  check "[$lang] silent uninstall exits 0 (got $rc)" '[ "$rc" = 0 ]'
  check "[$lang] uninstall removes the files and the folder" '[ ! -e "$dir" ]'
  check "[$lang] uninstall removes the Start-menu entry" '[ ! -e "$start_menu/申请助手.lnk" ]'
  check "[$lang] uninstall removes its registry keys" '! key_exists "$UNINSTALL" && ! key_exists "$APPKEY"'
}

# 2. Simplified Chinese, the default folder (%LOCALAPPDATA%\Programs\Applicant Assistant).
install_and_check zh_CN.UTF-8 "$default_dir" "申请助手" 2052
exe=$(winepath -w "$default_dir/applicant-assistant.exe")

# The installed exe, the paths that need no WebView.
hash=$(echo 2468 | win "$exe" --hash-pin || true)
check "--hash-pin prints the argon2id line for kiosk.toml" '[[ "$hash" == "admin_pin_hash = \"\$argon2id\$"* ]]'
set +e; short=$(echo 12 | timeout 120 wine "$exe" --hash-pin 2>&1 >/dev/null); rc=$?; set -e
check "--hash-pin refuses a 2-digit PIN with a message (exit $rc)" '[ "$rc" = 2 ] && [[ "$short" == *"at least 4"* ]]'

mkdir -p "$profile/大厅配置"
printf 'hall_name = "测试大厅"\nidle_timeout_seconds = 1\n' > "$profile/大厅配置/kiosk.toml"
bad=$(winepath -w "$profile/大厅配置/kiosk.toml")
set +e; msg=$(timeout 120 wine "$exe" --kiosk-config "$bad" 2>&1 >/dev/null); rc=$?; set -e
echo "  (the app said: $msg)"
check "a bad kiosk configuration stops the app (exit 2, got $rc)" '[ "$rc" = 2 ]'
check "  and the message names the file, Chinese folder and all" '[[ "$msg" == *"$bad"* ]]'

mkdir -p "$C/ProgramData/Applicant Assistant"
printf 'hall_name = \n' > "$C/ProgramData/Applicant Assistant/kiosk.toml"
set +e; msg=$(timeout 120 wine "$exe" 2>&1 >/dev/null); rc=$?; set -e
check "a kiosk configuration in %ProgramData%\\Applicant Assistant turns kiosk mode on (exit $rc: $msg)" \
  '[ "$rc" = 2 ] && [[ "$msg" == *'"'"'C:\ProgramData\Applicant Assistant\kiosk.toml'"'"'* ]]'
rm -r "$C/ProgramData/Applicant Assistant"
# (That the path follows %ProgramData% wherever it points is the shell's unit test
# `windows_config_path_is_under_program_data`, run under Wine above: Wine sets ProgramData from its
# own registry for every program it starts, so it cannot be moved from here.)

uninstall_and_check zh_CN.UTF-8 "$default_dir"

# 3. Traditional Chinese, into a folder with a Chinese name; the exe runs from there.
zh_dir="$C/使用者程式/申請助手"
install_and_check zh_TW.UTF-8 "$zh_dir" "申請助手" 1028 "/D=$(winepath -w "$zh_dir")"
hash=$(echo 13579 | win "$(winepath -w "$zh_dir")\\applicant-assistant.exe" --hash-pin || true)
check "[zh_TW] the exe runs from a folder with a Chinese name" '[[ "$hash" == "admin_pin_hash = \"\$argon2id\$"* ]]'
uninstall_and_check zh_TW.UTF-8 "$zh_dir"

# 4. English.
install_and_check en_US.UTF-8 "$default_dir" "申请助手 Applicant Assistant" 1033
uninstall_and_check en_US.UTF-8 "$default_dir"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
