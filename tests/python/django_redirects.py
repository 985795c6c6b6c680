#!/usr/bin/env python
"""How Django's own middleware answers requests, and where Locust's client ends up.

    python tests/python/django_redirects.py PROJECT_DIR SETTINGS_MODULE METHOD:PATH ...

Each request is sent with Django's test client (the project's settings and
middleware, no redirect followed). When the answer is a redirect, the method
Locust's HttpUser client sends next is what `requests` itself computes
(`Session.rebuild_method`), and that request is sent to the `Location`; the
route reached is named by the view name of the resolver match.

Output JSON: [{"method", "path", "status", "location" (null unless a
redirect), "next_method" (null unless a redirect), "reached" (view name of
the route finally reached, or null)}], in argument order.
"""
import json
import os
import sys


def main():
    project, settings = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.abspath(project))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
    import requests
    from django.test import Client

    client = Client(raise_request_exception=False)
    session = requests.Session()
    out = []
    for arg in sys.argv[3:]:
        method, path = arg.split(":", 1)
        response = client.generic(method, path)
        entry = {
            "method": method,
            "path": path,
            "status": response.status_code,
            "location": None,
            "next_method": None,
            "reached": None,
        }
        final = response
        if response.status_code in (301, 302, 303, 307, 308):
            entry["location"] = response["Location"]
            prepared = requests.Request(method, "http://testserver" + path).prepare()
            fake = requests.Response()
            fake.status_code = response.status_code
            session.rebuild_method(prepared, fake)
            entry["next_method"] = prepared.method
            final = client.generic(prepared.method, response["Location"])
        match = getattr(final, "resolver_match", None)
        if final.status_code < 400 and match is not None:
            entry["reached"] = match.view_name
        out.append(entry)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
