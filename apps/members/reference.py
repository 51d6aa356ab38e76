"""Reference data (districts, practice areas) from fixtures/members_*.json.

Loaded by the data migration 0002 and again after every flush (post_migrate), so that a
database emptied by a transactional test still has the rows forms and factories rely on.
Rows are matched by code and updated in place, so foreign keys to them survive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REFERENCE_FILES = (
    ("District", "members_districts.json"),
    ("PracticeArea", "members_practice_areas.json"),
)


def reference_data_load(apps: Any) -> None:
    """`apps` is the app registry: the real one, or a migration's historical one."""
    for model_name, file_name in REFERENCE_FILES:
        model = apps.get_model("members", model_name)
        rows = json.loads((FIXTURES / file_name).read_text(encoding="utf-8"))
        for row in rows:
            code = row.pop("code")
            model.objects.update_or_create(code=code, defaults=row)


def reference_data_ensure(sender: Any = None, **kwargs: Any) -> None:
    """post_migrate receiver: load the reference rows when they are missing."""
    from django.apps import apps

    district = apps.get_model("members", "District")
    if not district.objects.using(kwargs.get("using", "default")).exists():
        reference_data_load(apps)
