#!/usr/bin/env bash
# Report benchmark: times `routecov report` (release build) on two inputs.
#
#   bench/report.sh [--runs N] [--json FILE]
#
# fixture  the bundled project and its faulty run:
#            report --project fixtures/estimator
#              --locustfile fixtures/locust/estimator_locustfile.py
#              --stats fixtures/runs/faulty_estimator
#              --tags api page phase1 --exclude-tags export admin --format json
# big      a generated project of 1,000 routes (bench/gen_project.py, 5 apps x
#          200 views, in target/bench-report-project) with a generated
#          locustfile requesting about 60% of them and a generated one-hour
#          Locust run (bench/gen_run.py, in target/bench-report-run: stats,
#          failures, exceptions and a ~50 MB stats_history.csv):
#            report --project P --locustfile R/locustfile.py --stats R/run
#              --format json
#
# 1 warm-up round, then N rounds (default 7, or $BENCH_RUNS; a bare number as
# the only argument is N too), the two inputs in turn. Every run is measured
# on its own (bench/measure.py: wall time, CPU time user+sys, peak RSS from
# os.wait4). Reports the median wall, CPU and peak RSS per input, the targets
# as "target met: yes/no" lines, and a Markdown table. --json FILE keeps every
# sample.
#
# Environment (targets; reported, never fatal):
#   TARGET_FIXTURE_WALL_MS (50)   fixture: median wall time
#   TARGET_BIG_WALL_S      (1)    big: median wall time
#   TARGET_BIG_RSS_MB      (200)  big: peak RSS of the largest run (MB = 10^6 bytes)
#
# Exit status: 0 ok; 2 routecov did not build, or a report failed (exit
# status 2, or no JSON on standard output); other: setup error (64: bad
# usage). `report` exits 1 when a coverage floor of the project's
# configuration does not hold; that counts as a run, not a failure.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

usage() { echo "usage: bench/report.sh [--runs N] [--json FILE]" >&2; exit 64; }

runs="${BENCH_RUNS:-7}"
json_out=""
if [ $# = 1 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  runs="$1"; shift
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:?}"; shift 2 ;;
    --runs=*) runs="${1#*=}"; shift ;;
    --json) json_out="${2:?}"; shift 2 ;;
    --json=*) json_out="${1#*=}"; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive integer" >&2; exit 64; }

routecov="target/release/routecov"
py="python3"
measure="bench/measure.py"
project="target/bench-report-project"
run_dir="target/bench-report-run"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== cargo build --release"
if ! cargo build --release; then
  echo "!! routecov: 'cargo build --release' failed" >&2
  exit 2
fi

# The generated inputs: made once, remade only when a generator changed.
want="$(cat bench/gen_project.py bench/gen_run.py | sha256sum | cut -d' ' -f1)"
if [ -f "$run_dir/run_stats_history.csv" ] && [ -f "$project/manage.py" ] \
   && [ "$(cat "$run_dir/.generators.sha256" 2>/dev/null)" = "$want" ]; then
  echo "== reusing $project and $run_dir"
else
  echo "== generating $project and $run_dir"
  "$py" bench/gen_project.py "$project" --apps 5 --views 200
  "$py" bench/gen_run.py "$run_dir" --apps 5 --views 200
  echo "$want" > "$run_dir/.generators.sha256"
fi

fixture_cmd="$routecov report --project fixtures/estimator --locustfile fixtures/locust/estimator_locustfile.py --stats fixtures/runs/faulty_estimator --tags api page phase1 --exclude-tags export admin --format json"
big_cmd="$routecov report --project $project --locustfile $run_dir/locustfile.py --stats $run_dir/run --format json"

# One checked run of each: a report, in JSON (exit 0, or 1 for a floor).
for pair in "fixture|$fixture_cmd" "big|$big_cmd"; do
  name="${pair%%|*}"; cmd="${pair#*|}"
  echo "== $name: checked run"
  rc=0
  $cmd > "$work/$name.json" 2> "$work/$name.err" || rc=$?
  if [ "$rc" -gt 1 ] || ! "$py" - "$work/$name.json" "$name" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
s = r["summary"]
print("   %s: %d endpoints, %d covered (%.1f%%), %d findings, %d unmatched, %d warnings"
      % (sys.argv[2], s["endpoints"], s["covered"], s["coverage_pct"], len(r["findings"]),
         len(r["unmatched"]), len(r.get("warnings", []))))
EOF
  then
    echo "!! routecov: '$cmd' failed (exit $rc):" >&2
    sed -n 1,20p "$work/$name.err" >&2
    exit 2
  fi
done

echo "== timing: 1 warm-up, then $runs rounds of fixture and big"
out="$work/report.json"
rc=0
# `report` exits 1 when a floor does not hold: a run all the same.
"$py" "$measure" rounds --runs "$runs" --warmup 1 --ok-exit 0,1 --out "$out" \
  fixture "$fixture_cmd" big "$big_cmd" || rc=$?
if [ "$rc" != 0 ]; then
  echo "!! routecov report failed during timing" >&2
  exit 2
fi
if [ -n "$json_out" ]; then
  cp "$out" "$json_out"
fi

"$py" "$measure" report-summary \
  --fixture-wall "$("$py" -c 'import sys; print(float(sys.argv[1]) / 1000)' "${TARGET_FIXTURE_WALL_MS:-50}")" \
  --big-wall "${TARGET_BIG_WALL_S:-1}" \
  --big-rss "${TARGET_BIG_RSS_MB:-200}" \
  --label "fixture=fixture (\`faulty_estimator\`)" --label "big=1,000 routes, 50 MB history" \
  "$out"
