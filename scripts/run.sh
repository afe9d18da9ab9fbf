#!/usr/bin/env bash
# Sets up what is missing, builds the front end and starts 申请助手 (Applicant Assistant).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm --prefix ui run build
# The release build: no devtools and no test hooks (a debug build has devtools on).
exec cargo run --release -p applicant-assistant -- "$@"
