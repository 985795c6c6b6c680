"""Truth for routecov's expected mix: Locust's own scheduling, measured.

    target/pyenv/bin/python tests/python/locust_mix.py FILE_OR_DIR \
        [--tags T ...] [--exclude-tags T ...] [--users N] [--picks K] [--seed S]

Loads the locustfile as locust_model.py does, applies Locust's own tag filter
to every class it would spawn, and runs N users of each class with Locust's
real `User.run` / `TaskSet.run` machinery: tasks are picked by Locust's
`get_next_task` (random, seeded with S), nested TaskSets run their `on_start`
and their own tasks until `interrupt()`, SequentialTaskSets walk their order.
Nothing waits and nothing goes on the network: the client records requests
(locust_model.FakeClient) and `TaskSet._sleep` counts one task pick per wait,
stopping the user after K picks.

JSON on stdout: {"users": [{"name", "picks", "on_start": {KEY: requests per
user}, "tasks": {KEY: requests per pick}}]} with KEY `METHOD name-or-url`
(the query string dropped), the label routecov's model gives the request.
"""
import argparse
import json
import logging
import random
import sys
from collections import Counter

sys.dont_write_bytecode = True

import locust_model as lm  # noqa: E402 - same directory
from locust import TaskSet  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402
from locust.user.task import filter_tasks_by_tags  # noqa: E402


def key(entry):
    label = entry["name"] if entry["name"] is not None else entry["url"].split("?", 1)[0]
    return f"{entry['method']} {label}"


class Budget:
    """Task picks left for the running user."""

    left = 0


def counting_sleep(_self, _seconds):
    Budget.left -= 1
    if Budget.left <= 0:
        raise StopUser()


def simulate(cls, users, picks):
    env = Environment(user_classes=[], host=lm.HOST)
    env.catch_exceptions = True
    cls.host = lm.HOST
    on_start, tasks = Counter(), Counter()
    done = 0
    for _ in range(users):
        user = cls(env)
        client = lm.FakeClient()
        user.client = client
        user.on_start()
        on_start.update(key(e) for e in client.log)
        client.log.clear()
        user.on_start = lambda: None  # already run, once per user as Locust does
        Budget.left = picks
        user.run()
        tasks.update(key(e) for e in client.log)
        done += picks - max(Budget.left, 0)
    return {
        "name": cls.__name__,
        "picks": done,
        "on_start": {k: v / users for k, v in sorted(on_start.items())},
        "tasks": {k: v / max(done, 1) for k, v in sorted(tasks.items())},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("locustfile")
    ap.add_argument("--tags", nargs="*")
    ap.add_argument("--exclude-tags", nargs="*")
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--picks", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    tags = set(args.tags) if args.tags else None
    exclude_tags = set(args.exclude_tags) if args.exclude_tags else None
    logging.disable(logging.CRITICAL)  # task errors are Locust's log lines, not results
    classes = lm.load_users(args.locustfile, args.tags, args.exclude_tags, "")
    TaskSet._sleep = counting_sleep
    random.seed(args.seed)
    out = []
    for name in sorted(classes):
        cls = classes[name]
        if not (cls.weight > 0 or cls.fixed_count > 0):
            continue
        filter_tasks_by_tags(cls, tags, exclude_tags)
        if not cls.tasks:
            continue
        out.append(simulate(cls, args.users, args.picks))
    json.dump({"users": out}, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
