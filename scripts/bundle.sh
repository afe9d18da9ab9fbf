#!/usr/bin/env bash
# Builds the release bundles for Linux: .deb and .rpm (in target/release/bundle/).
# AppImage is built by the release workflow (.github/workflows/release.yml) on GitHub's runners:
# its bundler downloads a helper tool, which this build machine cannot reach.
# Pass other bundle names to override, e.g. `bash scripts/bundle.sh deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bundles=("$@")
[ ${#bundles[@]} -gt 0 ] || bundles=(deb rpm)
# The Tauri CLI runs `npm --prefix ui run build` itself (beforeBuildCommand, from the repository
# root), then cargo. It is started in src-tauri/ so that it finds this app's tauri.conf.json and not
# the performance baseline's (tests/perf/hello-tauri).
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles "$(IFS=,; echo "${bundles[*]}")")
ls -l target/release/bundle/*/* 2>/dev/null | grep -E '\.(deb|rpm|AppImage)$' || true
