#!/usr/bin/env python3
"""Performance baseline (not a CI test): cold start to first interactive screen and memory.

Builds the release app and a bare Tauri hello-world (tests/perf/hello-tauri) and, in the same
run under Xvfb, starts each several times, alternating between the two. Start-up = from spawn to the UI's `ui_ready` IPC
call (printed as `AA_READY`). Memory = RSS and PSS of the main process plus its WebKit
children, read from /proc after the first screen has settled. Prints medians and ratios.

Phases: the app prints a line as it reaches each start-up phase (main, setup, window,
page-load-started, page-loaded) and, with AA_READY, the page's own times since its navigation
began (html-received, dom-interactive, script, prefs, mounted). The script time-stamps each line
on arrival and prints the median of each phase, page times placed after page-load-started.

Content packs (--pack): the app is built with the test-hooks feature, so that it trusts a
signing key made for the run (AA_TEST_CONTENT_KEY), and started three ways: without a pack; with a
pack installed as the app leaves it after a start (validated by this app version before); and with
a pack no start of this app version has validated yet (the first start after an app update, when
the whole pack is validated again). The pack is the bundled content with the version raised,
built and signed with the maintainers' tool (aa-content).

Usage: python3 scripts/perf.py [--runs N] [--no-build] [--pack] [--app PATH] [--hello PATH]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APPS = {
    "applicant-assistant": os.path.join(ROOT, "target/release/applicant-assistant"),
    "hello-tauri": os.path.join(ROOT, "target/release/hello-tauri"),
}


def descendants(pid):
    """pid and every process below it."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_kib(pid):
    """{process name: (rss, pss)} in KiB for the tree under pid."""
    result = {}
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
            rss = pss = 0
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss = int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss = int(line.split()[1])
            prev = result.get(name, (0, 0))
            result[name] = (prev[0] + rss, prev[1] + pss)
        except OSError:
            pass
    return result


IDENTIFIER = "org.applicant-assistant.app"  # src-tauri/tauri.conf.json


def make_pack(tool, scratch):
    """A signed pack of the bundled content with its version raised, and the public key."""
    src = os.path.join(scratch, "pack-src")
    for part in ("data", "guides"):
        shutil.copytree(os.path.join(ROOT, "src-tauri/core", part), os.path.join(src, part))
    manifest_path = os.path.join(src, "data/content.toml")
    with open(manifest_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    version = None
    for i, line in enumerate(lines):
        if line.startswith("version = ") and version is None:
            version = int(line.split("=")[1]) + 1
            lines[i] = f"version = {version}"
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    key_dir = os.path.join(scratch, "key")
    pack = os.path.join(scratch, f"content-{version}.pack")
    subprocess.run([tool, "keygen", "--out", key_dir], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([tool, "build", "--source", src, "--out", pack], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([tool, "sign", "--key", os.path.join(key_dir, "content.key"), pack], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(key_dir, "content.pub"), encoding="utf-8") as f:
        public = f.read().split("\n")[1].strip()
    return version, pack, public


def pack_template(version, pack, scratch):
    """The app's content folder with the pack installed and not yet validated by this app."""
    content = os.path.join(scratch, "content-unvalidated")
    os.makedirs(os.path.join(content, "packs"))
    shutil.copy2(pack, os.path.join(content, "packs", f"{version}.pack"))
    shutil.copy2(pack + ".minisig", os.path.join(content, "packs", f"{version}.pack.minisig"))
    with open(os.path.join(content, "state.json"), "w", encoding="utf-8") as f:
        f.write(f'{{"active": {version}, "last_good": null}}')
    return content


def install_content(template):
    """A `prepare` for measure(): copies a content folder into the fresh home."""
    def prepare(home):
        shutil.copytree(template, os.path.join(home, "data", IDENTIFIER, "content"))
    return prepare


def measure(binary, settle, with_memory=True, prepare=None, extra_env=None, keep_home=None):
    home = tempfile.mkdtemp(prefix="aa-perf-")
    if prepare:
        prepare(home)
    env = dict(os.environ, AA_PERF_READY="1", HOME=home, XDG_DATA_HOME=f"{home}/data",
               XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache", **(extra_env or {}))
    t0 = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready = None
    phases, page = {}, {}
    # A start that never prints would block readline() for ever: kill it after the deadline.
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        deadline = t0 + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            now = (time.monotonic() - t0) * 1000
            if line.startswith("AA_PHASE "):
                phases.setdefault(line.split()[1], now)
            elif line.startswith("AA_PAGE "):
                _, name, ms = line.split()
                page[name] = float(ms)
            elif line.startswith("AA_READY"):
                ready = now
                break
        if "page-load-started" in phases:
            for name, ms in page.items():
                phases[f"page:{name}"] = phases["page-load-started"] + ms
        if ready is not None:
            phases["ready"] = ready
        if ready is None:
            raise RuntimeError(f"{binary} never reported ready")
        time.sleep(settle)
        # Memory is read from /proc (Linux); the start check also runs on Windows and macOS.
        mem = memory_kib(proc.pid) if with_memory else {}
    finally:
        watchdog.cancel()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if keep_home:
            keep_home(home)
        shutil.rmtree(home, ignore_errors=True)
    return ready, mem, phases


def page_times(phase_runs):
    """Each run's page-load-started -> ready in ms: the page's own part of the start-up."""
    return [p["ready"] - p["page-load-started"] for p in phase_runs if "ready" in p and "page-load-started" in p]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--settle", type=float, default=3.0, help="seconds after ready before reading memory")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--pack", action="store_true", help="also start with an installed content pack (see above)")
    ap.add_argument("--tool", help="the aa-content binary (default target/release/aa-content)")
    ap.add_argument("--app", help="the app binary to measure (default target/release/applicant-assistant)")
    ap.add_argument("--hello", help="the bare app binary (default target/release/hello-tauri)")
    ap.add_argument("--check-start", metavar="BINARY",
                    help="start BINARY once, print its start-up time and exit non-zero if it never gets ready")
    args = ap.parse_args()
    if args.check_start:
        try:
            ms, _, _ = measure(args.check_start, 0, with_memory=False)
        except RuntimeError as e:
            sys.exit(str(e))
        print(f"ready after {ms:.0f} ms")
        return
    if not args.no_build:
        subprocess.run(["npm", "--prefix", "ui", "run", "build"], cwd=ROOT, check=True)
        build = ["cargo", "build", "--release", "--locked", "-p", "applicant-assistant", "-p", "hello-tauri"]
        if args.pack:
            build += ["-p", "content-pack", "--features", "applicant-assistant/test-hooks"]
        subprocess.run(build, cwd=ROOT, check=True)
    if not os.environ.get("DISPLAY"):
        sys.exit("run under a display, e.g.: xvfb-run -a dbus-run-session -- python3 scripts/perf.py")
    apps = dict(APPS)
    if args.app:
        apps["applicant-assistant"] = args.app
    if args.hello:
        apps["hello-tauri"] = args.hello
    # Measure copies: the target dir may be shared, and a rebuild must not swap a binary mid-run.
    scratch = tempfile.mkdtemp(prefix="aa-perf-bin-")
    for name, binary in apps.items():
        apps[name] = shutil.copy2(binary, os.path.join(scratch, name))
    # name -> (binary, prepare, environment)
    starts_of = {name: (binary, None, None) for name, binary in apps.items()}
    if args.pack:
        tool = args.tool or os.path.join(ROOT, "target/release/aa-content")
        version, pack, public = make_pack(tool, scratch)
        unvalidated = pack_template(version, pack, scratch)
        env = {"AA_TEST_CONTENT_KEY": public}
        app = apps["applicant-assistant"]
        # One start validates the pack and records it, as every start after an install does.
        validated = os.path.join(scratch, "content-validated")
        measure(app, 0.5, prepare=install_content(unvalidated), extra_env=env,
                keep_home=lambda home: shutil.copytree(os.path.join(home, "data", IDENTIFIER, "content"), validated))
        with open(os.path.join(validated, "state.json"), encoding="utf-8") as f:
            if str(version) not in f.read():
                sys.exit("the app did not load the test pack (was it built with --features applicant-assistant/test-hooks?)")
        starts_of["applicant-assistant"] = (app, None, env)
        starts_of["app+pack"] = (app, install_content(validated), env)
        starts_of["app+pack-first-start"] = (app, install_content(unvalidated), env)
    apps = {name: b for name, (b, _, _) in starts_of.items()}
    results = {}
    runs = {name: ([], [], [], [], []) for name in apps}
    for name, (binary, prepare, env) in starts_of.items():
        measure(binary, 0.5, prepare=prepare, extra_env=env)  # warm the page cache so every measured run is alike
    # Interleaved (app, hello, hello, app, …): on a shared machine the load drifts, and the
    # ratios should compare runs made under the same load.
    names = list(apps)
    for i in range(args.runs):
        for name in (names if i % 2 == 0 else reversed(names)):
            starts, rss, pss, parts, phase_runs = runs[name]
            binary, prepare, env = starts_of[name]
            ms, mem, phases = measure(binary, args.settle, prepare=prepare, extra_env=env)
            phase_runs.append(phases)
            starts.append(ms)
            rss.append(sum(v[0] for v in mem.values()) / 1024)
            pss.append(sum(v[1] for v in mem.values()) / 1024)
            parts.append(mem)
    for name, binary in apps.items():
        starts, rss, pss, parts, phase_runs = runs[name]
        results[name] = (statistics.median(starts), statistics.median(rss), statistics.median(pss), parts[-1])
        size = os.path.getsize(binary) / 1e6
        print(f"{name}: binary {size:.1f} MB; start-up to ready median {results[name][0]:.0f} ms "
              f"(runs: {', '.join(f'{s:.0f}' for s in starts)}); RSS {results[name][1]:.0f} MiB; PSS {results[name][2]:.0f} MiB")
        print("   by process (RSS MiB): " + ", ".join(f"{k} {v[0] / 1024:.0f}" for k, v in sorted(parts[-1].items())))
        names = sorted({n for p in phase_runs for n in p}, key=lambda n: statistics.median(p[n] for p in phase_runs if n in p))
        if len(names) > 1:
            print("   phases (median ms from spawn): " + ", ".join(
                f"{n} {statistics.median(p[n] for p in phase_runs if n in p):.0f}" for n in names))
        page_ms = page_times(phase_runs)
        results[name] += (statistics.median(page_ms) if page_ms else None,)
        if page_ms:
            print(f"   page-load-started -> ready median {statistics.median(page_ms):.1f} ms "
                  f"(runs: {', '.join(f'{s:.0f}' for s in page_ms)})")
    shutil.rmtree(scratch, ignore_errors=True)
    a, h = results["applicant-assistant"], results["hello-tauri"]
    print(f"ratios app/hello: start-up {a[0] / h[0]:.2f}x, RSS {a[1] / h[1]:.2f}x, PSS {a[2] / h[2]:.2f}x")
    if a[4] is not None and h[4]:
        # The page's own part (what the app's front end controls), far less noisy than the whole
        # start, which follows how long WebKit's process takes to start.
        print(f"page-load-started -> ready app/hello: {a[4]:.1f} / {h[4]:.1f} ms, {a[4] / h[4]:.2f}x "
              f"(the app's page takes {a[4] - h[4]:+.1f} ms)")
    for name in ("app+pack", "app+pack-first-start"):
        if name in results:
            p = results[name]
            print(f"{name}: start-up {p[0] - a[0]:+.0f} ms against the app without a pack ({p[0] / a[0]:.2f}x)")


if __name__ == "__main__":
    main()
