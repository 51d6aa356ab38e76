"""Load the districts and practice areas from fixtures/members_*.json.

Forms need the reference rows right after `migrate`, so they are data, not demo data.
Rows are matched by code and updated in place: re-running after editing the JSON (in a
later migration that calls `load_reference_data` again) updates names without losing the
foreign keys that point at them.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def load_reference_data(apps, schema_editor):
    for model_name, file_name in (
        ("District", "members_districts.json"),
        ("PracticeArea", "members_practice_areas.json"),
    ):
        model = apps.get_model("members", model_name)
        rows = json.loads((FIXTURES / file_name).read_text(encoding="utf-8"))
        for row in rows:
            code = row.pop("code")
            model.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
