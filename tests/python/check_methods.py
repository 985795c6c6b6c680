#!/usr/bin/env python
"""Check a fixture's expected_methods.json against the running Django app.

    python tests/python/check_methods.py fixtures/estimator [--expected FILE]

For every route django_routes.py lists, the script builds a concrete URL
(sample values for the parameters), logs in as the load-test user, sends
GET, POST, PUT, PATCH and DELETE with Django's test Client, and treats a 405
as "method not accepted". The accepted set must equal the expectation; for
an expectation of ["ANY"] every method must be accepted.

Function views that branch on ``request.method`` and let every other method
fall through to the normal (GET) response accept all methods at run time,
while routecov reports only the compared methods plus GET. Those views are
listed in FALL_THROUGH_VIEWS; for them the expectation must be a subset of
what the app accepts.

The script runs against a throw-away test database (migrations included),
never against db.sqlite3. Exit code 0 when everything agrees, 1 otherwise.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import django_routes  # noqa: E402  (sibling script)

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]

FALL_THROUGH_VIEWS = {
    "dashboard.views.profile",
    "detail_project.views.pages.project_parameters_view",
}

SAMPLE_UUID = "3f2b8c1e-7d4a-4e8b-9c0a-5b6d7e8f9a01"
CONVERTER_SAMPLES = {
    "int": "1",
    "str": "sample",
    "slug": "sample-slug",
    "uuid": SAMPLE_UUID,
    "path": "docs/sample.txt",
    "yyyy": "2026",
}
GROUP_SAMPLES = {"format": "json", "path": "docs/sample.txt"}

LOADTEST_USERNAME = "loadtest"
LOADTEST_PASSWORD = "loadtest-pass"


def concrete_url(route_path, params):
    """Turn a django_routes.py path into a URL that resolves to that route."""

    def converter(match):
        kind, name = match.group(1) or "str", match.group(2)
        if name in params:
            return params[name]
        if kind.startswith("drf_format_suffix"):
            return ".json"
        return CONVERTER_SAMPLES.get(kind, "1")

    url = re.sub(
        r"\(\?P<([^>]+)>(?:[^()]|\([^()]*\))*\)",
        lambda m: params.get(m.group(1), GROUP_SAMPLES.get(m.group(1), "1")),
        route_path,
    )
    url = re.sub(r"<(?:([^:<>]+):)?([^<>]+)>", converter, url)
    url = url.replace("/?$", "").replace("$", "").replace("\\.", ".")
    return url


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir")
    parser.add_argument("--expected", help="default: PROJECT_DIR/expected_methods.json")
    parser.add_argument("--settings")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    project_dir = os.path.abspath(args.project_dir)
    expected_file = args.expected or os.path.join(project_dir, "expected_methods.json")
    with open(expected_file, encoding="utf-8") as fh:
        expected = json.load(fh)

    settings_module = args.settings or django_routes.settings_from_manage_py(project_dir)
    sys.path.insert(0, project_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module

    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 405s and 400s are expected

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import get_resolver, resolve
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failures = []
    try:
        user = get_user_model().objects.get(username=LOADTEST_USERNAME)
        client = Client()
        if not client.login(username=LOADTEST_USERNAME, password=LOADTEST_PASSWORD):
            sys.exit(f"cannot log in as {LOADTEST_USERNAME!r}")
        uidb64 = urlsafe_base64_encode(force_bytes(user.pk))

        routes = []
        django_routes.walk(get_resolver().url_patterns, "", [], routes)
        missing = [r["path"] for r in routes if r["path"] not in expected]
        stale = sorted(set(expected) - {r["path"] for r in routes})
        for path in missing:
            failures.append(f"{path}: no expectation")
        for path in stale:
            failures.append(f"{path}: expectation for a route Django does not have")

        endpoints = 0
        for route in routes:
            if route["path"] not in expected:
                continue
            want = expected[route["path"]]
            endpoints += len(want)
            params = {}
            if route["view"].endswith("PasswordResetConfirmView"):
                # The view swaps the emailed token for a session marker first.
                params = {"uidb64": uidb64, "token": "set-password"}
            url = concrete_url(route["path"], params)
            match = resolve(url.split("?")[0])
            if match.url_name != (route["name"] or "").rsplit(":", 1)[-1] and route["name"]:
                failures.append(f"{route['path']}: sample URL {url} resolves to {match.view_name}")
                continue

            accepted = []
            for method in METHODS:
                client.force_login(user)
                if params:
                    # Logging in changes last_login, which invalidates older tokens.
                    user.refresh_from_db()
                    token = default_token_generator.make_token(user)
                    client.get(concrete_url(route["path"], {"uidb64": uidb64, "token": token}))
                try:
                    response = client.generic(method, url, data=b"{}", content_type="application/json")
                except Exception as exc:  # noqa: BLE001 - report and go on
                    failures.append(f"{method} {url}: {type(exc).__name__}: {exc}")
                    continue
                if args.verbose:
                    print(f"{response.status_code} {method} {url}")
                if response.status_code != 405:
                    accepted.append(method)

            if want == ["ANY"]:
                ok = accepted == METHODS
            elif route["view"] in FALL_THROUGH_VIEWS:
                ok = set(want) <= set(accepted)
            else:
                ok = [m for m in METHODS if m in want] == accepted and set(want) <= set(METHODS)
            if not ok:
                failures.append(f"{route['path']} ({route['view']}): expected {want}, app accepts {accepted}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    for line in failures:
        print("MISMATCH", line)
    print(f"{len(routes)} routes, {endpoints} endpoints checked, {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
