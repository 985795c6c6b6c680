#!/usr/bin/env python
"""Print every route Django's own resolver knows, as JSON: routecov's
resolver walk, src/cli/commands/django_routes.py (the one `routecov verify`
carries in its binary), run from here so the tests and their sibling scripts
(`import django_routes`) use the very same code. See that file for the
options and conventions."""
import os

_WALK = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "cli", "commands", "django_routes.py"
)
with open(_WALK, encoding="utf-8") as _fh:
    # Defined in this module's namespace: `import django_routes` sees every
    # function, and running this file runs its main().
    exec(compile(_fh.read(), _WALK, "exec"))
