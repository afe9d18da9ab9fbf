#!/usr/bin/env bash
# Builds the release bundles for Linux: .deb and .rpm (in target/release/bundle/).
# AppImage is built by the release workflow (.github/workflows/release.yml) on GitHub's runners:
# its bundler downloads a helper tool, which this build machine cannot reach.
# Pass other bundle names to override, e.g. `bash scripts/bundle.sh deb`.
#
# `bash scripts/bundle.sh --debug deb` is what scripts/test.sh uses for its package test: the app
# in the dev profile (the dependencies `cargo test` has just built serve it, where a release build
# would compile everything a second time), bundled exactly as the release is (same tauri.conf.json,
# files, desktop entry, dependencies), into target/debug/bundle/. It expects ui/dist built.
set -euo pipefail
cd "$(dirname "$0")/.."
debug=0
[ "${1:-}" = "--debug" ] && { debug=1; shift; }
bash scripts/setup.sh
bundles=("$@")
[ ${#bundles[@]} -gt 0 ] || bundles=(deb rpm)
list=$(IFS=,; echo "${bundles[*]}")
# The Tauri CLI is started in src-tauri/ so that it finds this app's tauri.conf.json and not the
# performance baseline's (tests/perf/hello-tauri).
if [ $debug = 1 ]; then
  [ -f ui/dist/index.html ] || { echo "ui/dist is missing: run npm --prefix ui run build first" >&2; exit 1; }
  # Built the way `cargo test` resolves features (the workspace's default members, with their
  # dev-dependencies), so that the dependencies it has just built serve: `cargo build -p` resolves a
  # narrower set, and every crate whose features differ (about 150, Tauri and GTK among them) was
  # compiled a second time, 12 minutes of test.sh's CPU. An integration test makes cargo build the
  # package's binary; `keychain` is the smallest.
  cargo test --locked --no-run --test keychain
  (cd src-tauri && ../ui/node_modules/.bin/tauri bundle --ci --debug --bundles "$list")
  ls -l target/debug/bundle/*/* 2>/dev/null | grep -E '\.(deb|rpm)$' || true
else
  # The Tauri CLI runs `npm --prefix ui run build` itself (beforeBuildCommand, from the repository
  # root), then cargo.
  (cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles "$list")
  ls -l target/release/bundle/*/* 2>/dev/null | grep -E '\.(deb|rpm|AppImage)$' || true
fi
