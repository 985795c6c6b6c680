"""Checks routecov's figures from a Locust JSON report against Locust itself.

    python locust_json_stats.py REPORT.json ROUTECOV_REPORT.json

REPORT.json is the output of `locust --json-file`; ROUTECOV_REPORT.json is
`routecov report --stats REPORT.json --format json`. For every endpoint of
the routecov report with run figures, the Locust entries of its stats rows
are rebuilt as Locust's own StatsEntry objects (StatsEntry.unserialize) and
combined with StatsEntry.extend, the way a Locust master combines its
workers' entries; then the median, every percentile routecov shows, the
request and failure counts, the mean, the minimum and the maximum must
equal Locust's. Prints one line per endpoint checked and every difference;
exits 1 on a difference, 2 when nothing could be checked.
"""

import json
import sys

from locust.stats import RequestStats, StatsEntry


def entry(stats, data):
    e = StatsEntry.unserialize(data, stats)
    # JSON turned the histogram's integer keys into text; Locust sorts them.
    e.response_times = {int(k): v for k, v in data["response_times"].items()}
    return e


def combined(stats, entries):
    total = StatsEntry(stats, "combined", "", use_response_times_cache=False)
    total.start_time = min(e.start_time for e in entries)
    for e in entries:
        total.extend(e)
    return total


def close(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-6


def main():
    report_path, routecov_path = sys.argv[1], sys.argv[2]
    with open(report_path) as f:
        raw = json.load(f)
    with open(routecov_path) as f:
        routecov = json.load(f)
    stats = RequestStats()
    by_key = {(d["method"] or "", d["name"]): d for d in raw}
    checked = 0
    wrong = []
    for endpoint in routecov["endpoints"]:
        s = endpoint.get("stats")
        if not s:
            continue
        parts = [by_key[((r["method"] or "").upper(), r["name"])] for r in s["rows"]]
        e = combined(stats, [entry(stats, d) for d in parts])
        label = f'{endpoint["method"]} {endpoint["path"]} ({len(parts)} rows)'
        expect = {
            "requests": e.num_requests,
            "failures": e.num_failures,
            "median_ms": e.median_response_time,
            "mean_ms": round(e.avg_response_time, 3),
            "min_ms": e.min_response_time,
            "max_ms": e.max_response_time,
        }
        for p in s["percentiles"]:
            # As the decimal Locust holds in PERCENTILES_TO_REPORT (0.999, not 99.9 / 100).
            expect[p["label"]] = e.get_response_time_percentile(round(p["percent"] / 100, 10))
        got = dict((k, s.get(k)) for k in ("requests", "failures", "median_ms", "mean_ms", "min_ms", "max_ms"))
        got.update((p["label"], p["ms"]) for p in s["percentiles"])
        for k, v in expect.items():
            if not close(float(v), got.get(k)):
                wrong.append(f"{label}: {k} is {got.get(k)}, Locust says {v}")
        checked += 1
        print(f"checked {label}")
    for w in wrong:
        print(w)
    if not checked:
        print("no endpoint with run figures to check")
        sys.exit(2)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
