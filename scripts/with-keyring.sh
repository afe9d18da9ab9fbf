#!/usr/bin/env bash
# Runs a command with an unlocked gnome-keyring (a real Secret Service) on the current
# session bus. Call it inside `dbus-run-session`.
set -euo pipefail
eval "$(printf 'test-only-password' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
