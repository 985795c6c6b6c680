#!/usr/bin/env python
"""Truth for `routecov report`: endpoint coverage computed with Locust and Django themselves.

    python tests/python/resolve_requests.py PROJECT_DIR LOCUSTFILE [STATS_CSV] \
        [--tags T ...] [--exclude-tags T ...] --methods expected_methods.json \
        [--intended INTENDED_METHODS.toml]

1. tests/python/locust_model.py imports the locustfile with the real `locust`
   package under the tag filter and calls every task and on_start once with a
   recording client: concrete URLs, methods and `name=` labels per task.
2. Every recorded URL is resolved with `django.urls.resolve` (the project's own
   settings); the route is named as django_routes.py names it ("/" + the joined
   pattern strings). The methods a view accepts come from expected_methods.json,
   which tests/python/check_methods.py checks against the running app; a
   request whose method the view rejects reaches no endpoint. A view Django
   serves to any method ("ANY") whose hand-written intended methods
   (INTENDED_METHODS.toml) are known has those as its endpoints; a request
   with another method reaches none of them ("unintended").
3. Each stats row (Locust's `Type`/`Name`/`Request Count`) is joined to the
   recorded requests Locust would have named that way (`name=`, else the path
   and query it sent); a name no request carries is resolved itself, `[x]`
   standing for a value and a missing leading prefix of a route allowed.

Output JSON: {"endpoints": {"METHOD /path/": "exercised|declared|disabled"},
"rows": [{"method", "name", "requests", "endpoints": [...], "reason": null |
"no_route" | "method" | "unintended" | "external" | "no_request" | "ambiguous"}]}.
Endpoints not listed are untested.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
from urllib.parse import urlencode, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import django_routes  # noqa: E402  (sibling script)


def route_path(match):
    route = match.route or ""
    return "/" + (route[1:] if route.startswith("^") else route)


def locust_model(locustfile, tags, exclude):
    cmd = [sys.executable, os.path.join(HERE, "locust_model.py"), locustfile]
    if tags is not None:
        cmd += ["--tags", *tags]
    if exclude is not None:
        cmd += ["--exclude-tags", *exclude]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def recorded(model):
    """(method, url, label, runs) for every recorded request."""
    out = []
    for u in model["users"]:
        spawned = (u.get("weight") or 0) > 0 or (u.get("fixed_count") or 0) > 0
        entries = {t["path"]: t for t in u["tasks"]}
        for t in u["tasks"]:
            parts = t["path"].split("/")
            if t["kind"] == "on_start":
                # A TaskSet's on_start runs when its TaskSet runs.
                holder = "/".join(parts[:-1])
                runs = spawned and (holder == u["name"] or runs_entry(entries, holder))
            else:
                runs = spawned and runs_entry(entries, t["path"])
            for r in t["requests"]:
                url = r["url"]
                split = urlsplit(url)
                label = r.get("name")
                if not label:
                    label = split.path + (("?" + split.query) if split.query else "")
                    if r.get("params"):
                        label += ("&" if split.query else "?") + urlencode(r["params"], doseq=True)
                out.append((r["method"].upper(), split.path, label, runs))
    return out


def runs_entry(entries, path):
    """A task runs when it and every TaskSet above it are kept and weighted."""
    parts = path.split("/")
    for i in range(2, len(parts) + 1):
        e = entries.get("/".join(parts[:i]))
        if e is None:
            continue
        if not e["enabled"] or e["weight"] <= 0:
            return False
    return True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("project")
    p.add_argument("locustfile")
    p.add_argument("stats", nargs="?")
    p.add_argument("--tags", nargs="*")
    p.add_argument("--exclude-tags", nargs="*")
    p.add_argument("--methods", required=True)
    p.add_argument("--intended")
    a = p.parse_args()

    model = locust_model(a.locustfile, a.tags, a.exclude_tags)
    with open(a.methods, encoding="utf-8") as fh:
        accepted = json.load(fh)
    intended = {}
    if a.intended:
        import tomllib

        with open(a.intended, "rb") as fh:
            intended = tomllib.load(fh).get("intended", {})

    project = os.path.abspath(a.project)
    sys.path.insert(0, project)
    os.environ["DJANGO_SETTINGS_MODULE"] = django_routes.settings_from_manage_py(project)
    import django
    from django.urls import Resolver404, get_resolver, resolve

    django.setup()
    routes = []
    django_routes.walk(get_resolver().url_patterns, "", [], routes)
    known = {r["path"] for r in routes}
    prefixes = set()
    for r in routes:
        segs = [s for s in r["path"].split("/") if s]
        acc = ""
        for s in segs[:-1]:
            if re.search(r"[<>()\[\]?*+\\^$|{}.]", s):
                break
            acc += "/" + s
            prefixes.add(acc)
    prefixes = sorted(prefixes, key=lambda x: (len(x), x))

    def endpoint(method, path):
        """(endpoint or None, reason)."""
        try:
            m = resolve(path)
        except Resolver404:
            return None, "no_route"
        rp = route_path(m)
        if rp not in known:
            return None, "external"  # the admin site, not counted
        methods = accepted.get(rp)
        if methods is None:
            return None, "external"
        if methods == ["ANY"]:
            meant = intended.get(rp) or []
            if not meant:
                return "ANY " + rp, None
            if method in meant:
                return f"{method} {rp}", None
            return None, "unintended"
        if method in methods:
            return f"{method} {rp}", None
        return None, "method"

    status = {}

    def raise_to(ep, level):
        order = ["exercised", "declared", "disabled"]
        if ep not in status or order.index(level) < order.index(status[ep]):
            status[ep] = level

    reqs = recorded(model)
    for method, path, _label, runs in reqs:
        ep, _ = endpoint(method, path)
        if ep:
            raise_to(ep, "declared" if runs else "disabled")

    rows = []
    if a.stats:
        with open(a.stats, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                name, method = row["Name"], (row.get("Type") or "").upper()
                if name == "Aggregated":
                    continue
                count = int(row["Request Count"])
                eps, reasons = set(), []
                carriers = [r for r in reqs if r[0] == method and r[2] == name]
                if carriers:
                    for m, path, _l, _r in carriers:
                        ep, why = endpoint(m, path)
                        if ep:
                            eps.add(ep)
                        else:
                            reasons.append(why)
                elif not name.startswith("/"):
                    reasons.append("no_request")
                else:
                    path = re.sub(r"\[[^\]]*\]", "1", urlsplit(name).path)
                    found = {}
                    for cand in [path] + [p + path for p in prefixes]:
                        try:
                            resolve(cand)
                        except Resolver404:
                            continue
                        ep, why = endpoint(method, cand)
                        found[ep or why] = (ep, why)
                        if cand == path:
                            break
                    if len(found) == 1:
                        ep, why = next(iter(found.values()))
                        if ep:
                            eps.add(ep)
                        else:
                            reasons.append(why)
                    else:
                        reasons.append("ambiguous" if found else "no_request")
                if count > 0:
                    for ep in eps:
                        raise_to(ep, "exercised")
                rows.append({
                    "method": method,
                    "name": name,
                    "requests": count,
                    "endpoints": sorted(eps),
                    "reason": None if eps else (reasons[0] if reasons else "no_request"),
                })
    json.dump({"endpoints": status, "rows": rows}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
