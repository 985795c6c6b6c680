#!/usr/bin/env python
"""Checks routecov's table of third-party views known without their source
(src/extract/known_views.rs, given as a JSON file named by the argument: a list of
{"dotted", "class", "methods", "form"}) against the real packages: imports
each entry, builds the view as a URLconf would, and reads its name and
methods with the resolver walk's own functions (django_routes.py). Prints
{"checked": N, "disagreements": [...]} as JSON."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="known-views-check",
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.sites",
        "rest_framework",
        "rest_framework.authtoken",
        "rest_framework_simplejwt",
        "drf_spectacular",
        "drf_yasg",
        "allauth",
        "allauth.account",
        "allauth.socialaccount",
        "dj_rest_auth",
        "dj_rest_auth.registration",
        "djoser",
    ],
    MIDDLEWARE=["allauth.account.middleware.AccountMiddleware"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    SITE_ID=1,
    ROOT_URLCONF=__name__,
    USE_TZ=True,
)
django.setup()
urlpatterns = []

from importlib import import_module  # noqa: E402

import django_routes  # noqa: E402


def resolve(dotted):
    module, _, attr = dotted.rpartition(".")
    return getattr(import_module(module), attr)


def build(entry):
    """The view callable a URLconf gets from the entry's object."""
    obj = resolve(entry["dotted"])
    form = entry["form"]
    if form == "Class":
        return obj.as_view()
    if form == "Instance":
        return obj
    from drf_yasg import openapi

    schema_view = obj(openapi.Info(title="t", default_version="v1"))
    return {"with_ui": schema_view.with_ui("swagger"), "without_ui": schema_view.without_ui()}


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        table = json.load(fh)
    out = []
    for entry in table:
        try:
            view = build(entry)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            out.append({"dotted": entry["dotted"], "error": f"{type(e).__name__}: {e}"})
            continue
        views = view if isinstance(view, dict) else {entry["form"]: view}
        for how, v in views.items():
            name = django_routes.view_name(v)
            methods = django_routes.view_methods(v)
            if name != entry["class"] or methods != entry["methods"]:
                out.append(
                    {
                        "dotted": entry["dotted"],
                        "form": how,
                        "routecov": [entry["class"], entry["methods"]],
                        "package": [name, methods],
                    }
                )
    json.dump({"checked": len(table), "disagreements": out}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
