"""routecov verify: Django's own route map, read in the project's Python.

Run as `python -c <this> OPTIONS_JSON` with the working directory at the
project's module root; standard input holds the resolver walk (routecov's
django_routes.py), executed here under another module name so that its own
command line does not run. Nothing is written: no file, no bytecode cache
(routecov sets PYTHONDONTWRITEBYTECODE).

The one result is a line on standard output starting with the marker and
holding JSON: the routes, or the error that stopped Django's setup with its
traceback. What the project prints itself goes to standard error.
"""
import json
import os
import sys
import traceback

MARKER = "ROUTECOV-VERIFY-JSON "


class Stage:
    """The step being run, named in the error when it fails."""

    name = "start"


def site_packages():
    return [
        p for p in sys.path
        if os.path.basename(p.rstrip("/\\")) in ("site-packages", "dist-packages") and os.path.isdir(p)
    ]


def run(opts, stage):
    stage.name = "reading the resolver walk"
    walker = {"__name__": "routecov_django_routes"}
    exec(compile(sys.stdin.read(), "django_routes.py", "exec"), walker)

    root = opts["root"]
    sys.path.insert(0, root)
    settings = opts.get("settings") or os.environ.get("DJANGO_SETTINGS_MODULE")
    settings = settings or walker["settings_from_manage_py"](root)
    if not settings:
        stage.name = "finding the settings module"
        raise RuntimeError(
            "no settings module: manage.py names none and DJANGO_SETTINGS_MODULE is not set; "
            "give --settings MODULE"
        )
    os.environ["DJANGO_SETTINGS_MODULE"] = settings

    stage.name = "importing Django"
    import django

    stage.name = "setting up Django (django.setup() with settings %s)" % settings
    django.setup()

    stage.name = "loading the root URLconf"
    from django.urls import get_resolver

    resolver = get_resolver(opts.get("urlconf"))
    patterns = resolver.url_patterns

    stage.name = "walking the URL patterns"
    routes = []
    module = walker["urlconf_module"](resolver.urlconf_name, None)
    walker["walk"](patterns, "", [], routes, True, True, module)
    return {
        "python": sys.executable,
        "python_version": sys.version.split()[0],
        "django_version": django.get_version(),
        "settings_module": settings,
        "root_urlconf": module,
        "site_packages": site_packages(),
        "routes": routes,
    }


def main():
    out = sys.stdout
    # The project's own prints must not mix with the result.
    sys.stdout = sys.stderr
    stage = Stage()
    try:
        result = run(json.loads(sys.argv[1]), stage)
    except BaseException as e:  # a settings module may call sys.exit()
        message = str(e) if not isinstance(e, SystemExit) else "exit(%r)" % (e.code,)
        result = {
            "error": {
                "stage": stage.name,
                "type": type(e).__name__,
                "message": message,
                "traceback": traceback.format_exc(),
            }
        }
    out.write(MARKER + json.dumps(result) + "\n")
    out.flush()
    sys.stderr.flush()
    # Done: threads the project started (a scheduler, a file watcher) must
    # not keep the process alive until the time limit.
    os._exit(0)


main()
