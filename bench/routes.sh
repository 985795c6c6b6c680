#!/usr/bin/env bash
# Routes benchmark: routecov (static) vs django-extensions' show_urls (imports
# the project) on a generated Django project of 10,000 routes.
#
#   bench/routes.sh [RUNS]
#
# RUNS (default 5, or $BENCH_RUNS) timed runs per tool after 1 warm-up.
# MIN_SPEEDUP (default 5) is the speed-up below which the script fails.
# Uses hyperfine when installed, otherwise a perf_counter loop in Python.
#
# Exit status: 0 ok; 1 speed-up below MIN_SPEEDUP; 2 routecov did not build
# or run; 3 the two tools reported different route counts; other: setup error.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

runs="${1:-${BENCH_RUNS:-5}}"
min_speedup="${MIN_SPEEDUP:-5}"
project="target/bench-project"
routecov="target/release/routecov"
py="target/pyenv/bin/python"
generator="bench/gen_project.py"

routecov_cmd="$routecov routes --project $project --format json"
showurls_cmd="$py $project/manage.py show_urls --format json"

unset DJANGO_SETTINGS_MODULE
unset PYTHONDONTWRITEBYTECODE  # let Django cache bytecode, as in real use

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. routecov, release build. A failure is reported, not fatal: show_urls is
#    still timed so the baseline is visible.
routecov_ok=1
echo "== cargo build --release"
if ! cargo build --release; then
  echo "!! routecov: 'cargo build --release' failed; timing show_urls only." >&2
  routecov_ok=0
fi

# 2. Python environment (idempotent).
echo "== scripts/pyenv"
scripts/pyenv

# 3. The project: generated once, regenerated only when the generator changed.
want="$(sha256sum "$generator" | cut -d' ' -f1)"
if [ -f "$project/manage.py" ] && [ "$(cat "$project/.generator.sha256" 2>/dev/null)" = "$want" ]; then
  echo "== reusing $project"
else
  echo "== generating $project"
  "$py" "$generator" "$project"
  echo "$want" > "$project/.generator.sha256"
fi

# 4. One checked run of each tool; its output gives the route count.
count_routes() {
  "$py" - "$1" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
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
print(len(data))
EOF
}

echo "== show_urls: checked run"
$showurls_cmd > "$work/show_urls.json"
showurls_count="$(count_routes "$work/show_urls.json")"

routecov_count="-"
if [ "$routecov_ok" = 1 ]; then
  echo "== routecov: checked run"
  if ! $routecov_cmd > "$work/routecov.json" 2> "$work/routecov.err"; then
    echo "!! routecov: '$routecov_cmd' failed:" >&2
    sed -n 1,20p "$work/routecov.err" >&2
    routecov_ok=0
  elif ! routecov_count="$(count_routes "$work/routecov.json")"; then
    echo "!! routecov: could not count routes in its JSON output; timing show_urls only." >&2
    routecov_count="-"
    routecov_ok=0
  fi
fi

# 5. Timing.
names=(show_urls)
cmds=("$showurls_cmd")
if [ "$routecov_ok" = 1 ]; then
  names=(routecov show_urls)
  cmds=("$routecov_cmd" "$showurls_cmd")
fi

results="$work/times.json"
if command -v hyperfine > /dev/null; then
  echo "== timing with hyperfine ($runs runs, 1 warm-up)"
  args=()
  for i in "${!names[@]}"; do
    args+=(-n "${names[$i]}" "${cmds[$i]} > /dev/null")
  done
  hyperfine --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" "${args[@]}"
  "$py" - "$work/hyperfine.json" "$results" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
json.dump({r["command"]: {"mean": r["mean"], "min": r["min"]} for r in res}, open(sys.argv[2], "w"))
EOF
else
  echo "== timing with a Python loop ($runs runs, 1 warm-up; hyperfine not installed)"
  "$py" - "$runs" "$results" "${names[@]}" -- "${cmds[@]}" <<'EOF'
import json, shlex, statistics, subprocess, sys, time
runs, out = int(sys.argv[1]), sys.argv[2]
rest = sys.argv[3:]
sep = rest.index("--")
names, cmds = rest[:sep], rest[sep + 1:]
times = {}
for name, cmd in zip(names, cmds):
    argv = shlex.split(cmd)
    samples = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        dt = time.perf_counter() - t0
        if i:  # run 0 is the warm-up
            samples.append(dt)
    times[name] = {"mean": statistics.mean(samples), "min": min(samples)}
    print("  %-10s %s" % (name, " ".join("%.3fs" % s for s in samples)))
json.dump(times, open(out, "w"))
EOF
fi

# 6. Report.
"$py" - "$results" "$showurls_count" "$routecov_count" "$min_speedup" "$routecov_ok" <<'EOF'
import json, sys
times = json.load(open(sys.argv[1]))
showurls_count, routecov_count = sys.argv[2], sys.argv[3]
min_speedup, routecov_ok = float(sys.argv[4]), sys.argv[5] == "1"
print()
print("%-10s %10s %10s %8s" % ("tool", "mean", "min", "routes"))
for name, count in (("routecov", routecov_count), ("show_urls", showurls_count)):
    t = times.get(name)
    if t:
        print("%-10s %9.3fs %9.3fs %8s" % (name, t["mean"], t["min"], count))
    else:
        print("%-10s %10s %10s %8s" % (name, "-", "-", count))
if not routecov_ok:
    print("\nroutecov unavailable: no speed-up computed.")
    sys.exit(2)
ratio = times["show_urls"]["mean"] / times["routecov"]["mean"]
print("\nspeed-up (mean show_urls / mean routecov): %.1fx (required: %gx)" % (ratio, min_speedup))
if routecov_count != showurls_count:
    print("route counts differ: routecov %s, show_urls %s" % (routecov_count, showurls_count))
    sys.exit(3)
if ratio < min_speedup:
    print("FAIL: speed-up below %gx" % min_speedup)
    sys.exit(1)
EOF
