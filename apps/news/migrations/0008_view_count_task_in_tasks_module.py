"""The view-count flush task moved from apps.news.tasks_views into apps.news.tasks (one
tasks module per app): point its beat schedule at the new name."""

from django.db import migrations
from django.utils import timezone

OLD = "apps.news.tasks_views.news_flush_view_counts"
NEW = "apps.news.tasks.news_flush_view_counts"


def rename(old: str, new: str):
    def run(apps, schema_editor):
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        if PeriodicTask.objects.filter(task=old).update(task=new):
            # The beat scheduler reloads its schedule when this row's timestamp changes.
            PeriodicTasks.objects.update_or_create(
                ident=1, defaults={"last_update": timezone.now()}
            )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_body_images_private_publications_first_published"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
