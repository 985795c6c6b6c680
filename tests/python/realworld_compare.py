#!/usr/bin/env python3
"""Compare routecov's routes with Django's resolver on one real-world project.

    realworld_compare.py --name NAME --django DJANGO.json --routecov ROUTECOV.json
                         [--version V] [--diff FILE] [--result FILE] ...
    realworld_compare.py summary [--goal PCT] [--output FILE] RESULT.json...

DJANGO.json is tests/python/django_routes.py --methods output, ROUTECOV.json
`routecov routes --format json` output. Measures (standard library only):

- route recall / precision: the routes are compared as multisets of
  (path, name, view) triples; matched = the triples both have (counted with
  multiplicity); recall = matched / Django's routes, precision = matched /
  routecov's routes.
- path recall / precision: the same on paths alone.
- method accuracy: among the matched triples whose Django view declares its
  methods (django_routes.py --methods is not null), the share where routecov's
  method set equals Django's (routecov's ["ANY"] never does). Equal triples
  are paired in resolver order.

The first mode writes the project's Markdown table and its first 20 missing
routes, extra routes and method mismatches (plus the view modules with the
most misses) to --diff, and its numbers to --result as JSON. The summary mode
gathers result files into one JSON summary and prints a Markdown table; with
--goal it exits 1 when a project is below PCT percent on route recall, route
precision or method accuracy (or has no routes from Django).
"""
import argparse
import collections
import datetime
import json
import sys

TOP = 20


def pct(part, whole):
    return round(100.0 * part / whole, 2) if whole else None


def fmt_pct(value):
    return "n/a" if value is None else f"{value:.2f}%"


def triple(route):
    return (route.get("path") or "", route.get("name"), route.get("view") or "")


def one_line(text):
    return " ".join(str(text).split())


def show(route):
    methods = route.get("methods")
    text = f"{route.get('path')}  name={route.get('name')}  view={one_line(route.get('view'))}"
    if methods is not None:
        text += f"  methods={','.join(methods)}"
    return text


def module_of(view):
    parts = (view or "").split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else (view or "?")


def compare(django, routecov):
    d_triples = collections.Counter(triple(r) for r in django)
    r_triples = collections.Counter(triple(r) for r in routecov)
    matched = sum((d_triples & r_triples).values())
    d_paths = collections.Counter(r["path"] for r in django)
    r_paths = collections.Counter(r["path"] for r in routecov)
    matched_paths = sum((d_paths & r_paths).values())

    # Missing and extra routes, in each side's resolver order.
    left = d_triples & r_triples
    budget = collections.Counter(left)
    missing = []
    for r in django:
        t = triple(r)
        if budget[t] > 0:
            budget[t] -= 1
        else:
            missing.append(r)
    budget = collections.Counter(left)
    extra = []
    for r in routecov:
        t = triple(r)
        if budget[t] > 0:
            budget[t] -= 1
        else:
            extra.append(r)

    # Methods on matched triples, paired in order.
    queues = collections.defaultdict(collections.deque)
    for r in routecov:
        queues[triple(r)].append(r)
    known = equal = 0
    mismatches = []
    for r in django:
        queue = queues.get(triple(r))
        if not queue:
            continue
        ours = queue.popleft()
        if r.get("methods") is None:
            continue
        known += 1
        if set(ours.get("methods") or []) == set(r["methods"]):
            equal += 1
        else:
            mismatches.append((r, ours.get("methods")))

    return {
        "django_routes": len(django),
        "routecov_routes": len(routecov),
        "matched_routes": matched,
        "route_recall": pct(matched, len(django)),
        "route_precision": pct(matched, len(routecov)),
        "matched_paths": matched_paths,
        "path_recall": pct(matched_paths, len(django)),
        "path_precision": pct(matched_paths, len(routecov)),
        "django_known_methods": sum(1 for r in django if r.get("methods") is not None),
        "methods_compared": known,
        "methods_equal": equal,
        "method_accuracy": pct(equal, known),
    }, missing, extra, mismatches


TABLE_HEAD = (
    "| project | version | Django routes | routecov routes | route recall | route precision "
    "| path recall | path precision | methods compared | method accuracy |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
)


def table_row(res):
    if res.get("error"):
        return f"| {res['name']} | {res.get('version', '')} | {res['error']} |  |  |  |  |  |  |  |\n"
    ours = res["routecov_routes"]
    if res.get("routecov_error"):
        ours = f"{ours} (failed: {res['routecov_error']})"
    return (
        f"| {res['name']} | {res.get('version', '')} | {res['django_routes']} | {ours} "
        f"| {fmt_pct(res['route_recall'])} | {fmt_pct(res['route_precision'])} "
        f"| {fmt_pct(res['path_recall'])} | {fmt_pct(res['path_precision'])} "
        f"| {res['methods_compared']} | {fmt_pct(res['method_accuracy'])} |\n"
    )


def one(args):
    with open(args.django, encoding="utf-8") as fh:
        django = json.load(fh)["routes"]
    with open(args.routecov, encoding="utf-8") as fh:
        ours_doc = json.load(fh)
    routecov = ours_doc.get("routes", [])
    res, missing, extra, mismatches = compare(django, routecov)
    res.update(
        name=args.name,
        version=args.version,
        install_seconds=args.install_seconds,
        django_seconds=args.django_seconds,
        routecov_seconds=args.routecov_seconds,
        routecov_warnings=len(ours_doc.get("warnings", [])),
        routecov_external_includes=len(ours_doc.get("external_includes", [])),
    )
    if ours_doc.get("error"):
        res["routecov_error"] = ours_doc["error"]

    lines = [f"# {args.name} {args.version}\n\n", TABLE_HEAD, table_row(res), "\n"]
    lines.append(
        f"routecov: {res['routecov_warnings']} warnings, "
        f"{res['routecov_external_includes']} external includes\n\n"
    )
    lines.append(f"## Missing: in Django, not in routecov ({len(missing)}; first {TOP})\n\n")
    lines += [f"- {show(r)}\n" for r in missing[:TOP]]
    lines.append(f"\n## Extra: in routecov, not in Django ({len(extra)}; first {TOP})\n\n")
    lines += [f"- {show(r)}\n" for r in extra[:TOP]]
    lines.append(f"\n## Method mismatches ({len(mismatches)}; first {TOP})\n\n")
    lines += [
        f"- {r['path']}  view={one_line(r['view'])}  Django={','.join(r['methods'])}  "
        f"routecov={','.join(ours or [])}\n"
        for r, ours in mismatches[:TOP]
    ]
    counts = collections.Counter(r.get("urlconf") or one_line(module_of(r.get("view"))) for r in missing)
    lines.append("\n## URLconf modules with the most missing routes (Django's)\n\n")
    lines += [f"- {n} {mod}\n" for mod, n in counts.most_common(15)]
    counts = collections.Counter((r.get("source") or {}).get("file") or "?" for r in extra)
    lines.append("\n## Files with the most extra routes (routecov's)\n\n")
    lines += [f"- {n} {mod}\n" for mod, n in counts.most_common(15)]
    near = [r for r in missing if r["path"] in {x["path"] for x in routecov}]
    lines.append(
        f"\n## Missing routes whose path routecov has, with another name or view "
        f"({len(near)}; first {TOP})\n\n"
    )
    by_path = collections.defaultdict(list)
    for r in routecov:
        by_path[r["path"]].append(r)
    for r in near[:TOP]:
        others = "; ".join(
            f"name={o.get('name')} view={one_line(o.get('view'))}" for o in by_path[r["path"]]
        )
        lines.append(f"- {show(r)}\n    routecov: {others}\n")
    text = "".join(lines)
    if args.diff:
        with open(args.diff, "w", encoding="utf-8") as fh:
            fh.write(text)
    if args.result:
        with open(args.result, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=2)
            fh.write("\n")
    sys.stdout.write(text)
    return 0


def summary(args):
    projects = []
    for path in args.results:
        with open(path, encoding="utf-8") as fh:
            projects.append(json.load(fh))
    doc = {
        "date": datetime.date.today().isoformat(),
        "routecov": args.routecov,
        "commit": args.commit,
        "goal_percent": args.goal,
        "projects": projects,
    }
    failed = []
    if args.goal is not None:
        for res in projects:
            for key in ("route_recall", "route_precision", "method_accuracy"):
                value = res.get(key)
                if res.get("django_routes", 0) == 0 or value is None or value < args.goal:
                    failed.append(f"{res['name']}: {key} {fmt_pct(value)} < {args.goal}%")
    doc["goal_missed"] = failed
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2)
            fh.write("\n")
    sys.stdout.write(TABLE_HEAD + "".join(table_row(r) for r in projects))
    for line in failed:
        print(f"goal missed: {line}", file=sys.stderr)
    return 1 if failed else 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "summary":
        parser = argparse.ArgumentParser(prog="realworld_compare.py summary")
        parser.add_argument("results", nargs="*")
        parser.add_argument("--goal", type=float)
        parser.add_argument("--output")
        parser.add_argument("--routecov", default="")
        parser.add_argument("--commit", default="")
        return summary(parser.parse_args(argv[1:]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", default="")
    parser.add_argument("--django", required=True)
    parser.add_argument("--routecov", required=True)
    parser.add_argument("--diff")
    parser.add_argument("--result")
    parser.add_argument("--install-seconds", type=int, default=0)
    parser.add_argument("--django-seconds", type=int, default=0)
    parser.add_argument("--routecov-seconds", type=int, default=0)
    return one(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
