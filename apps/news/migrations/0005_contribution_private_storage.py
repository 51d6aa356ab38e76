"""Contribution attachments move out of MEDIA_ROOT (served publicly at /media/) into
PRIVATE_MEDIA_ROOT; files already uploaded are moved along (same relative name)."""

from django.core.files.storage import default_storage
from django.db import migrations, models

from apps.news.storage import PrivateStorage
from apps.news.validators import validate_attachment


def move_to_private(apps, schema_editor):
    Contribution = apps.get_model("news", "Contribution")
    private = PrivateStorage()
    names = Contribution.objects.exclude(attachment="").values_list("attachment", flat=True)
    for name in names.iterator():
        if not default_storage.exists(name) or private.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            private._save(name, source)
        default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_search_title_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contribution",
            name="attachment",
            field=models.FileField(
                blank=True,
                storage=PrivateStorage(),
                upload_to="news/contributions/%Y/%m/",
                validators=[validate_attachment],
                verbose_name="附件",
            ),
        ),
        migrations.RunPython(move_to_private, migrations.RunPython.noop),
    ]
