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

Usage: python3 scripts/perf.py [--runs N] [--no-build] [--app PATH] [--hello PATH]
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


def measure(binary, settle, with_memory=True):
    home = tempfile.mkdtemp(prefix="aa-perf-")
    env = dict(os.environ, AA_PERF_READY="1", HOME=home, XDG_DATA_HOME=f"{home}/data",
               XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache")
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
        shutil.rmtree(home, ignore_errors=True)
    return ready, mem, phases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--settle", type=float, default=3.0, help="seconds after ready before reading memory")
    ap.add_argument("--no-build", action="store_true")
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
        subprocess.run(["cargo", "build", "--release", "--locked", "-p", "applicant-assistant", "-p", "hello-tauri"],
                       cwd=ROOT, check=True)
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
    results = {}
    runs = {name: ([], [], [], [], []) for name in apps}
    for binary in apps.values():
        measure(binary, 0.5)  # warm the page cache so every measured run is alike
    # Interleaved (app, hello, hello, app, …): on a shared machine the load drifts, and the
    # ratios should compare runs made under the same load.
    names = list(apps)
    for i in range(args.runs):
        for name in (names if i % 2 == 0 else reversed(names)):
            starts, rss, pss, parts, phase_runs = runs[name]
            ms, mem, phases = measure(apps[name], args.settle)
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
    shutil.rmtree(scratch, ignore_errors=True)
    a, h = results["applicant-assistant"], results["hello-tauri"]
    print(f"ratios app/hello: start-up {a[0] / h[0]:.2f}x, RSS {a[1] / h[1]:.2f}x, PSS {a[2] / h[2]:.2f}x")


if __name__ == "__main__":
    main()
