#!/usr/bin/env python3
"""Generate a synthetic but realistic Django project for the routes benchmark.

    python3 bench/gen_project.py OUT_DIR [--apps 50] [--views 200]

The project has APPS apps, each mounted under its own namespace in
benchproj/urls.py, and each app has VIEWS decorated function views wired to
VIEWS named path() entries, so the project exposes APPS * VIEWS routes
(10,000 with the defaults). No admin, no models: `manage.py check` passes
and `manage.py show_urls` lists exactly APPS * VIEWS routes.

The output is fully deterministic: the same arguments always produce
byte-identical files. Only the standard library is used.
"""

import argparse
import os
import shutil
import sys

# Resource nouns: (singular, plural). Each resource gets five views.
RESOURCES = [
    ("order", "orders"), ("invoice", "invoices"), ("customer", "customers"),
    ("product", "products"), ("category", "categories"), ("shipment", "shipments"),
    ("payment", "payments"), ("refund", "refunds"), ("coupon", "coupons"),
    ("review", "reviews"), ("supplier", "suppliers"), ("warehouse", "warehouses"),
    ("article", "articles"), ("comment", "comments"), ("tag", "tags"),
    ("author", "authors"), ("project", "projects"), ("task", "tasks"),
    ("milestone", "milestones"), ("team", "teams"), ("member", "members"),
    ("ticket", "tickets"), ("attachment", "attachments"), ("event", "events"),
    ("venue", "venues"), ("booking", "bookings"), ("room", "rooms"),
    ("device", "devices"), ("sensor", "sensors"), ("reading", "readings"),
    ("report", "reports"), ("dashboard", "dashboards"), ("widget", "widgets"),
    ("campaign", "campaigns"), ("subscriber", "subscribers"), ("newsletter", "newsletters"),
    ("course", "courses"), ("lesson", "lessons"), ("enrollment", "enrollments"),
    ("certificate", "certificates"),
]

MARKER = ".routecov-bench-project"

ACTIONS = ["list", "detail", "create", "update", "by_slug"]

MANAGE_PY = '''\
#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
'''

SETTINGS_HEAD = '''\
"""Settings for the generated routes benchmark project."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "bench-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_extensions",
'''

SETTINGS_TAIL = '''\
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "benchproj.urls"
WSGI_APPLICATION = "benchproj.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/accounts/login/"
'''

WSGI_PY = '''\
"""WSGI config for the generated routes benchmark project."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproj.settings")

application = get_wsgi_application()
'''

VIEWS_HEAD = '''\
"""Views of {app}."""
import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def _page_params(request):
    page = max(int(request.GET.get("page", 1)), 1)
    size = min(int(request.GET.get("page_size", PAGE_SIZE)), MAX_PAGE_SIZE)
    return page, size


def _payload(request):
    try:
        return json.loads(request.body or b"{{}}")
    except ValueError:
        return None
'''


def resource(i):
    """Resource (singular, plural) for view index i; unique per group of 5."""
    group = i // len(ACTIONS)
    singular, plural = RESOURCES[group % len(RESOURCES)]
    rnd = group // len(RESOURCES)
    if rnd:
        singular = "%s%d" % (singular, rnd + 1)
        plural = "%s%d" % (plural, rnd + 1)
    return singular, plural


def view_source(app, i):
    singular, plural = resource(i)
    action = ACTIONS[i % len(ACTIONS)]
    func = "%s_%s" % (singular, action)
    # Vary the decorator stacks a little beyond the action's defaults so the
    # project mixes every combination.
    variant = (i // len(ACTIONS)) % 4
    if action == "list":
        decorators = ["@require_GET"]
        if variant == 3:
            decorators.insert(0, "@login_required")
        body = [
            "page, size = _page_params(request)",
            "offset = (page - 1) * size",
            'query = request.GET.get("q", "").strip()',
            'items = [{"id": offset + n + 1, "kind": "%s"} for n in range(size)]' % singular,
            'if query:',
            '    items = [item for item in items if query in str(item["id"])]',
            'return JsonResponse({"app": "%s", "results": items, "page": page})' % app,
        ]
        sig = "request"
    elif action == "detail":
        decorators = ["@login_required", "@require_GET"]
        if variant == 1:
            decorators = ["@require_GET"]
        body = [
            "if pk <= 0:",
            '    return JsonResponse({"error": "not found"}, status=404)',
            'data = {"id": pk, "kind": "%s", "owner": request.user.get_username()}' % singular,
            'return JsonResponse(data)',
        ]
        sig = "request, pk"
    elif action == "create":
        decorators = ["@login_required", "@require_POST"]
        if variant == 2:
            decorators = ["@require_POST"]
        body = [
            "payload = _payload(request)",
            "if payload is None:",
            '    return JsonResponse({"error": "invalid JSON"}, status=400)',
            'payload.setdefault("kind", "%s")' % singular,
            'return JsonResponse({"created": payload}, status=201)',
        ]
        sig = "request"
    elif action == "update":
        decorators = ["@login_required", '@require_http_methods(["GET", "POST"])']
        if variant == 0:
            decorators = ['@require_http_methods(["GET", "POST"])']
        body = [
            'if request.method == "GET":',
            '    return JsonResponse({"id": pk, "kind": "%s", "editable": True})' % singular,
            "payload = _payload(request) or {}",
            'payload["id"] = pk',
            'return JsonResponse({"updated": payload})',
        ]
        sig = "request, pk"
    else:  # by_slug
        decorators = ['@require_http_methods(["GET", "HEAD"])']
        if variant in (1, 3):
            decorators = ["@login_required", "@require_GET"]
        body = [
            'normalized = slug.lower().replace("_", "-")',
            'return JsonResponse({"slug": normalized, "kind": "%s"})' % singular,
        ]
        sig = "request, slug"
    lines = ["", ""]
    lines.extend(decorators)
    lines.append("def %s(%s):" % (func, sig))
    doc = {
        "list": "List %s." % plural,
        "detail": "Return one %s." % singular,
        "create": "Create a %s from a JSON body." % singular,
        "update": "Show or update a %s." % singular,
        "by_slug": "Look up a %s by slug." % singular,
    }[action]
    lines.append('    """%s"""' % doc)
    lines.extend("    " + b for b in body)
    return "\n".join(lines) + "\n"


def url_entry(i):
    singular, plural = resource(i)
    action = ACTIONS[i % len(ACTIONS)]
    func = "views.%s_%s" % (singular, action)
    route = {
        "list": "%s/" % plural,
        "detail": "%s/<int:pk>/" % plural,
        "create": "%s/new/" % plural,
        "update": "%s/<int:pk>/edit/" % plural,
        "by_slug": "%s/by-slug/<slug:slug>/" % plural,
    }[action]
    name = "%s-%s" % (singular, action.replace("_", "-"))
    return '    path("%s", %s, name="%s"),\n' % (route, func, name)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def generate(out, n_apps, n_views):
    if os.path.exists(os.path.join(out, MARKER)):
        # Only ever remove a directory this script generated.
        shutil.rmtree(out)
    elif os.path.exists(out) and os.listdir(out):
        sys.exit("refusing to write into %s: not empty and not a generated project" % out)
    apps = ["app%03d" % a for a in range(1, n_apps + 1)]

    write(os.path.join(out, MARKER), "%d apps x %d views\n" % (n_apps, n_views))
    write(os.path.join(out, "manage.py"), MANAGE_PY)
    os.chmod(os.path.join(out, "manage.py"), 0o755)
    write(os.path.join(out, "benchproj", "__init__.py"), "")
    write(os.path.join(out, "benchproj", "wsgi.py"), WSGI_PY)
    write(
        os.path.join(out, "benchproj", "settings.py"),
        SETTINGS_HEAD + "".join('    "%s",\n' % a for a in apps) + SETTINGS_TAIL,
    )
    root_urls = [
        '"""Root URLconf of the generated routes benchmark project."""\n',
        "from django.urls import include, path\n",
        "\n",
        "urlpatterns = [\n",
    ]
    root_urls += [
        '    path("%s/", include(("%s.urls", "%s"), namespace="%s")),\n' % (a, a, a, a)
        for a in apps
    ]
    root_urls.append("]\n")
    write(os.path.join(out, "benchproj", "urls.py"), "".join(root_urls))

    for app in apps:
        d = os.path.join(out, app)
        cls = app.capitalize() + "Config"
        write(os.path.join(d, "__init__.py"), "")
        write(
            os.path.join(d, "apps.py"),
            "from django.apps import AppConfig\n\n\n"
            "class %s(AppConfig):\n"
            '    default_auto_field = "django.db.models.BigAutoField"\n'
            '    name = "%s"\n' % (cls, app),
        )
        views = [VIEWS_HEAD.format(app=app)]
        views += [view_source(app, i) for i in range(n_views)]
        write(os.path.join(d, "views.py"), "".join(views))
        urls = [
            '"""URLconf of %s."""\n' % app,
            "from django.urls import path\n",
            "\n",
            "from . import views\n",
            "\n",
            "urlpatterns = [\n",
        ]
        urls += [url_entry(i) for i in range(n_views)]
        urls.append("]\n")
        write(os.path.join(d, "urls.py"), "".join(urls))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--apps", type=int, default=50)
    ap.add_argument("--views", type=int, default=200)
    args = ap.parse_args(argv)
    if args.apps < 1 or args.views < 1:
        ap.error("--apps and --views must be positive")
    generate(args.out_dir, args.apps, args.views)
    print(
        "generated %s: %d apps x %d views = %d routes"
        % (args.out_dir, args.apps, args.views, args.apps * args.views),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
