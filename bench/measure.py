#!/usr/bin/env python3
"""Timing harness shared by bench/routes.sh and bench/report.sh.

    measure.py rounds --runs N [--warmup 1] --out FILE NAME CMD [NAME CMD ...]
    measure.py count-routes FILE
    measure.py routes-summary [options] RESULT.json ...
    measure.py report-summary [options] RESULT.json

`rounds` runs the commands in turn, one round after another: in each round
every command runs once, the first command of the round rotating from round
to round so that no tool always runs first (right after the other's output
was written, or with the other's pages in the cache). The first WARMUP rounds
are not recorded. Every single run is measured on its own: wall time
(time.perf_counter around the start and os.wait4), CPU time (user + system,
from the rusage os.wait4 returns for that child) and peak resident set size
(GNU time's %M, else ru_maxrss of the os.wait4 rusage; see run_once). A
command is a shell-like string (split with shlex, run without a shell,
standard output to /dev/null). A run that exits otherwise than 0 (or
--ok-exit) stops the measurement: the result file names the command
(`failed`) and the exit status is 4.

The summaries read those result files and print the per-tool medians, the
ratios, the targets ("target met: yes/no") and a Markdown table.

Standard library only.
"""

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

EXIT_RUN_FAILED = 4


# --------------------------------------------------------------------------
# Measuring


GNU_TIME = "/usr/bin/time"


def gnu_time():
    """GNU time's path when it is there and understands -q -f -o."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    try:
        ok = subprocess.run([GNU_TIME, "-q", "-f", "%M", "-o", os.devnull, "true"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        ok = False
    return GNU_TIME if ok else None


def run_once(argv, time_bin, rss_file):
    """Run argv once; return its sample, exit status and standard error.

    Wall time is time.perf_counter around the start and os.wait4; CPU time
    (user + system) comes from the rusage os.wait4 returns for the child,
    which includes the descendants it waited for. The peak RSS comes from
    GNU time's %M when time_bin is given (ru_maxrss of the command itself):
    a process keeps in its ru_maxrss the peak of the memory it had before
    exec, and a child started from this harness starts as a copy of it, so
    os.wait4's ru_maxrss is never below the harness's own RSS (some 15 MB).
    Started from GNU time, the command's floor is GNU time's (about 1.5 MB);
    wall and CPU time then include starting GNU time (about a millisecond).
    Without GNU time, the peak RSS is os.wait4's ru_maxrss.
    """
    full = [time_bin, "-q", "-f", "%M", "-o", rss_file, "--"] + argv if time_bin else argv
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Drain stderr while it runs (a full pipe would block the child), then
    # reap it with wait4 for its rusage (communicate() would reap it with
    # waitpid and lose the rusage).
    err = proc.stderr.read()
    proc.stderr.close()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = ru.ru_maxrss
    if time_bin:
        with open(rss_file, encoding="utf-8") as fh:
            maxrss = int(fh.read().split()[-1])
    sample = {
        "wall_s": wall,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "maxrss_kib": maxrss,
    }
    return sample, proc.returncode, err.decode("utf-8", "replace")


def cmd_rounds(args):
    if len(args.commands) % 2 or not args.commands:
        sys.exit("rounds: give NAME CMD pairs")
    names = args.commands[0::2]
    cmds = [shlex.split(c) for c in args.commands[1::2]]
    result = {
        "runs": args.runs,
        "warmup": args.warmup,
        "commands": dict(zip(names, args.commands[1::2])),
        "samples": {n: [] for n in names},
        "order": [],
        "failed": None,
    }
    ok_exit = {int(c) for c in args.ok_exit.split(",")}
    time_bin = None if args.no_gnu_time else gnu_time()
    rss_file = args.out + ".maxrss"
    result["rss_source"] = "GNU time %M" if time_bin else "os.wait4 ru_maxrss"
    if not time_bin:
        print("  (no GNU time: peak RSS from os.wait4, never below this harness's own RSS)", file=sys.stderr)
    width = max(len(n) for n in names)
    total = args.warmup + args.runs
    for r in range(total):
        k = r % len(names)
        order = list(range(k, len(names))) + list(range(k))
        label = "warm-up" if r < args.warmup else "run %d/%d" % (r - args.warmup + 1, args.runs)
        parts = []
        for i in order:
            sample, code, err = run_once(cmds[i], time_bin, rss_file)
            if code not in ok_exit:
                result["failed"] = {"name": names[i], "exit": code, "stderr": err[-2000:]}
                print("  %s: %s exited %d:\n%s" % (label, names[i], code, err[-2000:]), file=sys.stderr)
                write_json(args.out, result)
                sys.exit(EXIT_RUN_FAILED)
            if r >= args.warmup:
                result["samples"][names[i]].append(sample)
            parts.append(
                "%-*s %7.3f s wall %7.3f s cpu %7.1f MB"
                % (width, names[i], sample["wall_s"], sample["cpu_s"], mb(sample["maxrss_kib"]))
            )
        if r >= args.warmup:
            result["order"].append([names[i] for i in order])
        print("  %-9s %s" % (label, " | ".join(parts)), flush=True)
    write_json(args.out, result)
    if time_bin and os.path.exists(rss_file):
        os.remove(rss_file)


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)
        fh.write("\n")


# --------------------------------------------------------------------------
# Helpers


def mb(kib):
    """KiB (ru_maxrss on Linux) to MB (10^6 bytes)."""
    return kib * 1024 / 1e6


def med(values):
    return statistics.median(values)


def worst(a, b):
    """The exit status that wins: 2 (no routecov) > 3 (counts) > 1 (slow) > 0."""
    rank = {0: 0, 1: 1, 3: 2, 2: 3}
    return a if rank[a] >= rank[b] else b


def yes_no(ok):
    return "yes" if ok else "no"


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = "?"
    return "%s, %d CPUs, %s %s, load average %s" % (
        model or platform.processor() or platform.machine(),
        os.cpu_count() or 0,
        platform.system(),
        platform.release(),
        load,
    )


def count_routes(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        data = json.loads(text)
    except ValueError:
        # JSON Lines: one route object per line.
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        lists = [v for k, v in data.items() if k == "routes" and isinstance(v, list)]
        lists = lists or [v for v in data.values() if isinstance(v, list)]
        if not lists:
            sys.exit("no list of routes in the JSON object (keys: %s)" % ", ".join(data))
        data = lists[0]
    return len(data)


def cmd_count_routes(args):
    print(count_routes(args.file))


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------
# bench/routes.sh


def cmd_routes_summary(args):
    """One RESULT.json per size, named by --size, same order."""
    if len(args.size) != len(args.results) or len(args.size) != len(args.counts):
        sys.exit("routes-summary: one --size and one --counts per result file")
    rows = []
    status = 0
    print()
    print("== results (%s)" % machine())
    for size, path, counts in zip(args.size, args.results, args.counts):
        res = load(path)
        rc_count, su_count = counts.split(":")
        su = res["samples"].get("show_urls", [])
        rc = res["samples"].get("routecov", [])
        print()
        print("-- %s routes (%d pairs after %d warm-up)" % (format(size, ","), len(su), res["warmup"]))
        if res.get("failed"):
            print("   %s failed during timing (exit %s)" % (res["failed"]["name"], res["failed"]["exit"]))
        row = {"size": size, "rc": None, "su": None}
        for name, samples in (("routecov", rc), ("show_urls", su)):
            if not samples:
                print("   %-10s -" % name)
                continue
            s = {
                "wall": med([x["wall_s"] for x in samples]),
                "cpu": med([x["cpu_s"] for x in samples]),
                "rss": med([mb(x["maxrss_kib"]) for x in samples]),
                "rss_max": max(mb(x["maxrss_kib"]) for x in samples),
            }
            row["rc" if name == "routecov" else "su"] = s
            print(
                "   %-10s median wall %.3f s, CPU %.3f s, peak RSS %.1f MB (largest %.1f MB); routes %s"
                % (name, s["wall"], s["cpu"], s["rss"], s["rss_max"], rc_count if name == "routecov" else su_count)
            )
        if not rc or not su or len(rc) != len(su):
            print("   routecov unavailable: no ratios computed.")
            status = worst(status, 2)
            rows.append(row)
            continue
        wall_r = [b["wall_s"] / a["wall_s"] for a, b in zip(rc, su)]
        cpu_r = [b["cpu_s"] / a["cpu_s"] for a, b in zip(rc, su)]
        row["wall_r"] = (med(wall_r), min(wall_r), max(wall_r))
        row["cpu_r"] = med(cpu_r)
        row["mem_r"] = row["su"]["rss"] / row["rc"]["rss"]
        print(
            "   wall-time ratio show_urls/routecov, paired: median %.1fx (min %.1fx, max %.1fx)"
            % row["wall_r"]
        )
        print("   CPU-time ratio, paired: median %.1fx" % row["cpu_r"])
        print("   peak-memory ratio (median RSS): %.1fx" % row["mem_r"])
        counts_ok = rc_count == su_count
        print("   route counts: routecov %s, show_urls %s: %s" % (rc_count, su_count, "agree" if counts_ok else "DIFFER"))
        print("   target met: wall-time ratio >= %gx: %s" % (args.target_wall, yes_no(row["wall_r"][0] >= args.target_wall)))
        print("   target met: CPU-time ratio >= %gx: %s" % (args.target_cpu, yes_no(row["cpu_r"] >= args.target_cpu)))
        print("   target met: peak RSS (largest run) below show_urls' (median): %s"
              % yes_no(row["rc"]["rss_max"] < row["su"]["rss"]))
        if size == args.abs_size:
            print(
                "   target met: routecov under %g s wall (median): %s"
                % (args.target_abs_wall, yes_no(row["rc"]["wall"] < args.target_abs_wall))
            )
            print(
                "   target met: routecov under %g MB peak RSS (largest run): %s"
                % (args.target_abs_rss, yes_no(row["rc"]["rss_max"] < args.target_abs_rss))
            )
        if not counts_ok:
            print("   FAIL: route counts differ")
            status = worst(status, 3)
        if row["wall_r"][0] < args.min_speedup:
            print("   FAIL: median paired speed-up %.1fx below MIN_SPEEDUP %gx" % (row["wall_r"][0], args.min_speedup))
            status = worst(status, 1)
        rows.append(row)

    print()
    pairs = sorted({len(load(p)["samples"].get("show_urls", [])) for p in args.results})
    print("Markdown table (medians of %s pairs per size; ratios: show_urls / routecov):"
          % " or ".join(str(n) for n in pairs))
    print()
    print("| routes | `routecov routes` wall | `show_urls` wall | wall ratio, median (min-max) "
          "| `routecov` CPU | `show_urls` CPU | CPU ratio "
          "| `routecov` peak RSS | `show_urls` peak RSS | memory ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        rc, su = row["rc"], row["su"]

        def cell(s, key, unit, fmt):
            return (fmt % s[key]) + unit if s else "-"

        wall_r = "%.1fx (%.1fx-%.1fx)" % row["wall_r"] if "wall_r" in row else "-"
        cpu_r = "%.1fx" % row["cpu_r"] if "cpu_r" in row else "-"
        mem_r = "%.1fx" % row["mem_r"] if "mem_r" in row else "-"
        print(
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
            % (
                format(row["size"], ","),
                cell(rc, "wall", " s", "%.3f"), cell(su, "wall", " s", "%.3f"), wall_r,
                cell(rc, "cpu", " s", "%.3f"), cell(su, "cpu", " s", "%.3f"), cpu_r,
                cell(rc, "rss", " MB", "%.0f"), cell(su, "rss", " MB", "%.0f"), mem_r,
            )
        )
    print()
    print("Machine: %s." % machine())
    return status


# --------------------------------------------------------------------------
# bench/report.sh


def cmd_report_summary(args):
    res = load(args.result)
    print()
    print("== results (%s)" % machine())
    print()
    targets = {
        "fixture": (args.fixture_wall, None),
        "big": (args.big_wall, args.big_rss),
    }
    rows = []
    for name, samples in res["samples"].items():
        wall = med([x["wall_s"] for x in samples])
        cpu = med([x["cpu_s"] for x in samples])
        rss = med([mb(x["maxrss_kib"]) for x in samples])
        rss_max = max(mb(x["maxrss_kib"]) for x in samples)
        rows.append((name, wall, cpu, rss, len(samples)))
        print(
            "-- %s (%d runs): median wall %.3f s (min %.3f s, max %.3f s), CPU %.3f s, peak RSS %.1f MB (largest %.1f MB)"
            % (name, len(samples), wall, min(x["wall_s"] for x in samples), max(x["wall_s"] for x in samples),
               cpu, rss, rss_max)
        )
        tw, tr = targets.get(name, (None, None))
        if tw is not None:
            limit = "%g ms" % (tw * 1000) if tw < 1 else "%g s" % tw
            print("   target met: under %s wall (median): %s" % (limit, yes_no(wall < tw)))
        if tr is not None:
            print("   target met: under %g MB peak RSS (largest run): %s" % (tr, yes_no(rss_max < tr)))
    print()
    print("| input | runs | wall (median) | CPU (median) | peak RSS (median) |")
    print("|---|---:|---:|---:|---:|")
    labels = dict(label.split("=", 1) for label in args.label)
    for name, wall, cpu, rss, n in rows:
        print("| %s | %d | %.3f s | %.3f s | %.0f MB |" % (labels.get(name, name), n, wall, cpu, rss))
    print()
    print("Machine: %s." % machine())
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("rounds")
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--ok-exit", default="0", help="exit statuses that count as a run (default 0)")
    p.add_argument("--no-gnu-time", action="store_true", help="peak RSS from os.wait4 only")
    p.add_argument("commands", nargs="+")
    p.set_defaults(func=cmd_rounds)

    p = sub.add_parser("count-routes")
    p.add_argument("file")
    p.set_defaults(func=cmd_count_routes)

    p = sub.add_parser("routes-summary")
    p.add_argument("--size", type=int, action="append", default=[])
    p.add_argument("--counts", action="append", default=[], help="ROUTECOV:SHOW_URLS")
    p.add_argument("--min-speedup", type=float, default=5)
    p.add_argument("--target-wall", type=float, default=10)
    p.add_argument("--target-cpu", type=float, default=6)
    p.add_argument("--abs-size", type=int, default=50000)
    p.add_argument("--target-abs-wall", type=float, default=0.6)
    p.add_argument("--target-abs-rss", type=float, default=150)
    p.add_argument("results", nargs="+")
    p.set_defaults(func=cmd_routes_summary)

    p = sub.add_parser("report-summary")
    p.add_argument("--fixture-wall", type=float, default=0.05)
    p.add_argument("--big-wall", type=float, default=1.0)
    p.add_argument("--big-rss", type=float, default=200)
    p.add_argument("--label", action="append", default=[], help="NAME=TEXT: the input's name in the table")
    p.add_argument("result")
    p.set_defaults(func=cmd_report_summary)

    args = ap.parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
