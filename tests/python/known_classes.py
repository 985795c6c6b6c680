#!/usr/bin/env python
"""Prints, as JSON, the attributes `dir()` lists for each class named by the
arguments (dotted paths), without the dunders every class has: the truth
for routecov's table of Django's and DRF's view classes
(src/extract/known_classes.rs)."""
import importlib
import json
import sys

import django
from django.conf import settings

settings.configure(SECRET_KEY="known-classes-check")
django.setup()

out = {}
for dotted in sys.argv[1:]:
    module, name = dotted.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    out[dotted] = sorted(n for n in dir(cls) if not (n.startswith("__") and n.endswith("__")))
print(json.dumps(out))
