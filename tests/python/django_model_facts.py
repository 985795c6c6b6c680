"""Facts of the installed Django that routecov knows without reading it:
the bases of each model field class, `dir(models.Model)`, and the options,
fields and attributes of the django.contrib models it knows. Prints JSON."""
import json
import sys

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={},
)
django.setup()

from django.db import models  # noqa: E402
from django.db.models.fields import AutoFieldMixin  # noqa: E402
from django.db.models.fields.related import RelatedField  # noqa: E402

names = sys.argv[1].split(",")
targets = {n: getattr(models, n, None) for n in names}
targets["AutoFieldMixin"] = AutoFieldMixin
targets["RelatedField"] = RelatedField
subclass = {
    a: sorted(b for b, cb in targets.items() if issubclass(ca, cb))
    for a, ca in targets.items()
    if ca is not None
}
base = set(dir(models.Model))
known = {}
for label, name in [("auth", "User"), ("auth", "Group"), ("auth", "Permission"), ("contenttypes", "ContentType")]:
    from django.apps import apps

    m = apps.get_model(label, name)
    opts = m._meta
    known[f"{m.__module__}.{m.__name__}"] = {
        "app_label": opts.app_label,
        "object_name": opts.object_name,
        "verbose_name": str(opts.verbose_name),
        "verbose_name_plural": str(opts.verbose_name_plural),
        "fields": [[f.name, type(f).__name__] for f in opts.get_fields() if f.concrete],
        "attrs": sorted(n for n in set(dir(m)) - base if not n.startswith("__")),
    }
print(json.dumps({
    "subclass": subclass,
    "model_attrs": sorted(n for n in base if not n.startswith("__")),
    "known": known,
}))
