#!/usr/bin/env python
"""Print every route Django's own resolver knows, as JSON.

    python tests/python/django_routes.py PROJECT_DIR [--settings MODULE] [--methods] [--sources]
        [--output FILE]

Truth source for routecov's differential tests (run through
tests/python/django_routes.py) and the walk `routecov verify` runs in the
project's Python (this file is built into the binary). Output:

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
  view reads ``app.views.my_function``. A callable instance (a syndication
  ``Feed()``) is named by its class, a ``functools.partial`` by its function.
- routes under the admin site are skipped.

With ``--methods`` each route also has "methods": the HTTP methods the view
object itself declares, read off it without sending a request, or null where
the view does not declare them (a plain function view):

- DRF ViewSet routes: the methods of the router's action map (``actions``);
- class-based views (Django ``view_class``, DRF ``cls``, which includes
  ``@api_view``): the handler methods the class has, in
  ``http_method_names``; null when the view function was not built by
  Django's or DRF's own ``as_view()`` (a class whose ``as_view`` sets the
  handlers per request);
- functions wrapped by ``require_http_methods`` (``require_GET``,
  ``require_POST``, ``require_safe``): the allowed methods, intersected
  along the ``__wrapped__`` chain;
- HEAD and OPTIONS are left out unless they are the only ones; the list is in
  the order GET, POST, PUT, PATCH, DELETE, then others alphabetically.

With ``--sources`` each route also has "urlconf": the URLconf module whose
patterns hold it (for an ``include([...])`` list, the module that includes
it).
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
    if not hasattr(obj, "__qualname__") and hasattr(obj, "func"):  # functools.partial
        obj = obj.func
    if not hasattr(obj, "__qualname__") and not hasattr(obj, "__name__"):
        obj = type(obj)  # a callable instance (a syndication Feed, say): its class
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", repr(obj))
    name = getattr(obj, "__name__", None)
    if name and qualname.rsplit(".", 1)[-1] != name:
        qualname = name
    return f"{getattr(obj, '__module__', None) or type(obj).__module__}.{qualname}"


METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def ordered_methods(methods):
    methods = {m.upper() for m in methods}
    kept = methods - {"HEAD", "OPTIONS"} or methods
    return [m for m in METHOD_ORDER if m in kept] + sorted(kept - set(METHOD_ORDER))


def decorator_methods(callback):
    """Methods allowed by require_http_methods wrappers, or None when none."""
    allowed = None
    func, seen = callback, set()
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        code = getattr(func, "__code__", None)
        closure = getattr(func, "__closure__", None)
        if code is not None and closure and "request_method_list" in code.co_freevars:
            cell = closure[code.co_freevars.index("request_method_list")]
            here = {m.upper() for m in cell.cell_contents}
            allowed = here if allowed is None else allowed & here
        func = getattr(func, "__wrapped__", None)
    return allowed


_AS_VIEW_CODES = None


def as_view_codes():
    """Code objects of the view functions Django's and DRF's as_view() build."""
    global _AS_VIEW_CODES
    if _AS_VIEW_CODES is None:
        from django.views import View

        codes = {View.as_view().__code__}
        try:
            from rest_framework.viewsets import ViewSet
        except ImportError:
            pass
        else:
            view = ViewSet.as_view({"get": "list"})
            codes.add(getattr(view, "__wrapped__", view).__code__)
        _AS_VIEW_CODES = codes
    return _AS_VIEW_CODES


def built_by_as_view(callback):
    func, seen = callback, set()
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        if getattr(func, "__code__", None) in as_view_codes():
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def view_methods(callback):
    """The methods the view declares (see the module doc), or None."""
    actions = getattr(callback, "actions", None)
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if cls is not None and not built_by_as_view(callback):
        # A class whose own as_view() sets its handlers per request.
        methods = None
    elif isinstance(actions, dict) and getattr(callback, "cls", None) is not None:
        methods = set(actions)
    elif cls is not None:
        names = getattr(cls, "http_method_names", [])
        methods = {m for m in names if callable(getattr(cls, m, None))}
    else:
        methods = None
    allowed = decorator_methods(callback)
    if allowed is not None:
        methods = allowed if methods is None else {m.upper() for m in methods} & allowed
    if methods is None:
        return None
    return ordered_methods(methods)


def urlconf_module(urlconf, parent):
    if isinstance(urlconf, str):
        return urlconf
    return getattr(urlconf, "__name__", None) or parent


def walk(patterns, prefix, namespaces, out, methods=False, sources=False, urlconf=None):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        here = prefix + strip_caret(str(p.pattern))
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue
            ns = namespaces + [p.namespace] if p.namespace else namespaces
            inner = urlconf_module(p.urlconf_name, urlconf)
            walk(p.url_patterns, here, ns, out, methods, sources, inner)
        elif isinstance(p, URLPattern):
            name = ":".join(namespaces + [p.name]) if p.name else None
            route = {"path": "/" + here, "name": name, "view": view_name(p.callback)}
            if methods:
                route["methods"] = view_methods(p.callback)
            if sources:
                route["urlconf"] = urlconf
            out.append(route)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir")
    parser.add_argument("--settings", help="settings module (default: the one manage.py sets)")
    parser.add_argument("--methods", action="store_true", help="add each view's declared methods")
    parser.add_argument("--sources", action="store_true", help="add each route's URLconf module")
    parser.add_argument("--output", help="write the JSON to this file (default: standard output)")
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
    resolver = get_resolver()
    walk(resolver.url_patterns, "", [], routes, args.methods, args.sources,
         urlconf_module(resolver.urlconf_name, None))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            json.dump({"routes": routes}, fh, indent=2)
            fh.write("\n")
    else:
        json.dump({"routes": routes}, sys.stdout, indent=2)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
