"""Truth for `routecov tasks`: what the real Locust package makes of a locustfile.

    target/pyenv/bin/python tests/python/locust_model.py FILE_OR_DIR \
        [--tags T ...] [--exclude-tags T ...] [--env NAME=VALUE ...] \
        [--locust-args="ARGS"]

FILE_OR_DIR is anything `locust -f` accepts (a directory means each .py file in
it not starting with "_"). Loading, `abstract`, task lists and tag filtering are
Locust's own code. During the import `sys.argv` is `locust -f FILE_OR_DIR
[--tags ...] [--exclude-tags ...] ARGS...` (ARGS shell-split) and the --env
values are in os.environ; run
it under `env -i` so the calling shell adds nothing. Every on_start and task is
then called once (random seeded with 0) on a user whose client records requests.

JSON on stdout: {"filter", "warnings" (Locust's log warnings while filtering the
classes it would spawn), "users": [{"name", "weight", "fixed_count", "wait_time",
"has_tasks_after_filter", "tasks": [{"path": "User/TaskSet/fn", "kind":
task|taskset|sequential_taskset|on_start, "weight", "tags", "enabled",
"requests": [{"method", "url", "name", "params"?}], "error", and for TaskSets
"wait_time" and (sequential only) "sequence"}]}]}. `weight` = occurrences in the
holder's unfiltered `tasks` (0 for @task(0) and on_start); `enabled` = still
there after filtering; TaskSets carry no tags (Locust pushes them down to their
tasks). Entries are sorted by path components, so children follow their TaskSet.
"""
import argparse
import json
import logging
import os
import random
import shlex
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the fixture directories

from locust import SequentialTaskSet, TaskSet, User  # noqa: E402 - after the line above
from locust.argument_parser import parse_locustfile_paths  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.main import merge_locustfiles_content  # noqa: E402
from locust.user.task import filter_tasks_by_tags  # noqa: E402

HOST = "http://127.0.0.1"
CSRF = "fake-csrf-token"


class AnyJson(dict):
    """A JSON body holding whatever key task code reads (an empty one), as a
    healthy server's answer would: `r.json()["results"]` does not raise."""

    def __missing__(self, _key):
        return AnyJson()


class FakeResponse:
    """Enough of a requests/FastHttp response for typical task code."""

    status_code, ok, reason, history, headers = 200, True, "OK", [], {"Content-Type": "text/html"}
    text = f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{CSRF}"></form>'
    content = text.encode()

    def __init__(self, url):
        self.url = HOST + url if url.startswith("/") else url
        self.cookies = {"csrftoken": CSRF, "sessionid": "fake-session"}

    def json(self):
        return AnyJson()

    def success(self, *_args):
        return None

    failure = raise_for_status = success

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return False


class FakeClient:
    """Records every request; the method names of HttpSession/FastHttpSession."""

    def __init__(self):
        self.log, self.headers, self.base_url = [], {}, HOST
        self.cookies = {"csrftoken": CSRF, "sessionid": "fake-session"}

    def request(self, method, url, name=None, params=None, **_kwargs):
        entry = {"method": str(method).upper(), "url": str(url), "name": name}
        if params is not None:
            entry["params"] = params
        self.log.append(entry)
        return FakeResponse(str(url))

    def _verb(method):  # noqa: N805 - builds get/post/... below
        return lambda self, url, *_args, **kwargs: self.request(method, url, **kwargs)

    get, post, put, patch = _verb("GET"), _verb("POST"), _verb("PUT"), _verb("PATCH")
    delete, head, options = _verb("DELETE"), _verb("HEAD"), _verb("OPTIONS")
    del _verb


class WarningLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = set()

    def emit(self, record):
        self.messages.add(record.getMessage())


def load_users(path, tags, exclude_tags, locust_args):
    sys.argv = ["locust", "-f", path]
    sys.argv += ["--tags", *tags] if tags else []
    sys.argv += ["--exclude-tags", *exclude_tags] if exclude_tags else []
    sys.argv += shlex.split(locust_args)
    return merge_locustfiles_content(parse_locustfile_paths([path]))[0]


def task_name(t):
    return getattr(t, "__name__", None) or f"<{type(t).__name__}>"  # e.g. a stray (fn, n) tuple


def is_taskset(t):
    return isinstance(t, type) and issubclass(t, TaskSet)


def holders_of(user_cls):
    """The user class and every TaskSet class reachable from it."""
    seen, stack = [], [user_cls]
    while stack:
        h = stack.pop()
        if h not in seen:
            seen.append(h)
            stack.extend(t for t in h.tasks if is_taskset(t))
    return seen


def filtered_tasks(user_cls, tags, exclude_tags):
    """Run Locust's filter_tasks_by_tags, return every holder's filtered list, restore the classes."""
    holders = holders_of(user_cls)
    saved = {h: h.tasks for h in holders}
    try:
        filter_tasks_by_tags(user_cls, tags, exclude_tags)
        return {h: list(h.tasks) for h in holders}
    finally:
        for h, tasks in saved.items():
            h.tasks = tasks


def describe_wait(fn):
    from locust import TaskSet

    if fn is None or getattr(fn, "__func__", fn) is TaskSet.wait_time:
        return None
    kind = getattr(fn, "__qualname__", "").split(".")[0]
    closure = getattr(fn, "__closure__", None)
    if kind in ("between", "constant", "constant_pacing", "constant_throughput") and closure:
        values = zip(fn.__code__.co_freevars, (c.cell_contents for c in closure))
        return {"kind": kind, **{k: v for k, v in values if isinstance(v, (int, float))}}
    return {"kind": "custom", "name": getattr(fn, "__qualname__", repr(fn))}


def call_recorded(client, fn):
    """Call fn(); return (requests it made, error text or None)."""
    start, error = len(client.log), None
    random.seed(0)
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - a task's own failure is data here
        error = type(exc).__name__ + (f": {exc}" if str(exc) else "")
    return client.log[start:], error


def overrides_on_start(obj):
    base = User.on_start if isinstance(obj, User) else TaskSet.on_start
    return type(obj).on_start is not base


def walk(holder, instance, path, filtered, client, out, enabled=True, depth=0):
    """Append entries for every task of holder (run against instance) to out."""
    if depth > 20:  # a TaskSet that contains itself
        return
    tasks, kept = holder.tasks, filtered.get(holder, [])
    zero = [v for c in reversed(holder.__mro__) for v in vars(c).values()
            if getattr(v, "locust_task_weight", None) == 0]  # @task(0): in no tasks list
    for t in dict.fromkeys(tasks + zero):  # unique, in Locust's own order
        entry = {
            "path": f"{path}/{task_name(t)}",
            "kind": "task",
            "weight": tasks.count(t),
            "tags": sorted(getattr(t, "locust_tag_set", ())),
            "enabled": enabled and t in kept,
            "requests": [],
            "error": None,
        }
        out.append(entry)
        if not is_taskset(t):
            entry["requests"], entry["error"] = call_recorded(client, lambda: t(instance))
            continue
        entry["kind"] = "sequential_taskset" if issubclass(t, SequentialTaskSet) else "taskset"
        entry["wait_time"] = describe_wait(getattr(t, "wait_time", None))
        if entry["kind"] == "sequential_taskset":
            entry["sequence"] = [task_name(s) for s in t.tasks]
        try:
            child = t(instance)
        except Exception as exc:  # noqa: BLE001
            entry["error"] = type(exc).__name__ + f": {exc}"
            continue
        if overrides_on_start(child):
            out.append(on_start_entry(entry["path"], entry["enabled"], *call_recorded(client, child.on_start)))
        walk(t, child, entry["path"], filtered, client, out, entry["enabled"], depth + 1)


def on_start_entry(path, enabled, requests, error):
    return {"path": f"{path}/on_start", "kind": "on_start", "weight": 0, "tags": [],
            "enabled": enabled, "requests": requests, "error": error}


def describe_user(cls, filtered):
    env = Environment(user_classes=[], host=HOST)
    cls.host = HOST  # what Locust's runner does with --host before spawning
    client = FakeClient()
    user, out = cls(env), []
    user.client = client
    if overrides_on_start(user):
        out.append(on_start_entry(cls.__name__, True, *call_recorded(client, user.on_start)))
    walk(cls, user, cls.__name__, filtered, client, out)
    out.sort(key=lambda e: e["path"].split("/"))
    return {
        "name": cls.__name__,
        "weight": cls.weight,
        "fixed_count": cls.fixed_count,
        "wait_time": describe_wait(cls.wait_time),
        "has_tasks_after_filter": bool(filtered[cls]),
        "tasks": out,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("locustfile")
    ap.add_argument("--tags", nargs="*")
    ap.add_argument("--exclude-tags", nargs="*")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--locust-args", default="", metavar="ARGS")
    args = ap.parse_args()
    for item in args.env:
        name, sep, value = item.partition("=")
        if not sep:
            sys.exit(f"--env expects NAME=VALUE, got {item!r}")
        os.environ[name] = value
    tags = set(args.tags) if args.tags else None  # `--tags` with no values means no filter, as in Locust
    exclude_tags = set(args.exclude_tags) if args.exclude_tags else None
    warnings = WarningLog()
    logging.getLogger().addHandler(warnings)
    logging.getLogger().setLevel(logging.WARNING)
    users = load_users(args.locustfile, args.tags, args.exclude_tags, args.locust_args)
    # Locust filters only the classes it will spawn (weight or fixed_count > 0); so do the
    # warnings. Zero-weight classes are filtered afterwards, for their `enabled` flags only.
    spawned = [n for n, c in users.items() if c.weight > 0 or c.fixed_count > 0]
    filtered = {n: filtered_tasks(users[n], tags, exclude_tags) for n in spawned}
    logging.getLogger().removeHandler(warnings)  # task code may log too; not Locust's verdict
    logging.disable(logging.WARNING)
    filtered.update({n: filtered_tasks(c, tags, exclude_tags) for n, c in users.items() if n not in filtered})
    logging.disable(logging.NOTSET)
    result = {
        "filter": {
            "tags": sorted(tags) if tags else None,
            "exclude_tags": sorted(exclude_tags) if exclude_tags else None,
        },
        "users": [describe_user(users[n], filtered[n]) for n in sorted(users)],
        "warnings": sorted(warnings.messages),
    }
    json.dump(result, sys.stdout, indent=2, sort_keys=True, default=repr)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
