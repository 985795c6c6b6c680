#!/usr/bin/env python
"""Print every route Django's own resolver knows, as JSON.

    python tests/python/django_routes.py PROJECT_DIR [--settings MODULE]

Truth source for routecov's differential tests. Output:

    {"routes": [{"path": ..., "name": ..., "view": ...}, ...]}

in resolver order, with the conventions routecov uses:

- path: "/" + the str() of every pattern level, each with one leading "^"
  stripped (as Django does when it joins patterns); i18n_patterns keep their
  language prefix ("en-us/"), regex patterns keep their "$" and groups.
- name: namespaces and name joined with ":", or null when unnamed.
- view: "<module>.<qualname>" of the view class for class-based views (Django
  ``view_class``, DRF ``cls``) or of the function otherwise. DRF's
  ``@api_view`` builds a class named ``WrappedAPIView`` and renames it after
  the decorated function (``__name__`` only); when ``__name__`` and the last
  part of ``__qualname__`` disagree like that, ``__name__`` is used, so the
  view reads ``app.views.my_function``.
- routes under the admin site are skipped.
"""
import argparse
import json
import os
import re
import sys


def settings_from_manage_py(project_dir):
    manage = os.path.join(project_dir, "manage.py")
    try:
        with open(manage, encoding="utf-8") as fh:
            source = fh.read()
    except OSError:
        return None
    match = re.search(
        r"""os\.environ\.setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([^"']+)["']""",
        source,
    )
    return match.group(1) if match else None


def strip_caret(text):
    return text[1:] if text.startswith("^") else text


def view_name(callback):
    obj = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", repr(obj))
    name = getattr(obj, "__name__", None)
    if name and qualname.rsplit(".", 1)[-1] != name:
        qualname = name
    return f"{obj.__module__}.{qualname}"


def walk(patterns, prefix, namespaces, out):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        here = prefix + strip_caret(str(p.pattern))
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue
            ns = namespaces + [p.namespace] if p.namespace else namespaces
            walk(p.url_patterns, here, ns, out)
        elif isinstance(p, URLPattern):
            name = ":".join(namespaces + [p.name]) if p.name else None
            out.append({"path": "/" + here, "name": name, "view": view_name(p.callback)})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir")
    parser.add_argument("--settings", help="settings module (default: the one manage.py sets)")
    args = parser.parse_args(argv)

    project_dir = os.path.abspath(args.project_dir)
    settings_module = args.settings or settings_from_manage_py(project_dir)
    if not settings_module:
        parser.error(f"no DJANGO_SETTINGS_MODULE found in {project_dir}/manage.py; pass --settings")
    sys.path.insert(0, project_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module

    import django
    from django.urls import get_resolver

    django.setup()
    routes = []
    walk(get_resolver().url_patterns, "", [], routes)
    json.dump({"routes": routes}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
