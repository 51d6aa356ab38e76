"""Register the view-count flush with django-celery-beat (every five minutes).

Page views are counted in the cache (apps/news/view_counts.py); this job adds them to
Article.view_count with one UPDATE. Staff can change the interval in admin.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "新闻：写入文章阅读数"
TASK = "apps.news.tasks_views.news_flush_view_counts"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_five_minutes = IntervalSchedule.objects.filter(
        every=5, period="minutes"
    ).first() or IntervalSchedule.objects.create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        task=TASK,
        defaults={
            "name": TASK_NAME,
            "interval": every_five_minutes,
            "enabled": True,
            # A run that waited in the queue past the next one is superseded by it.
            "expire_seconds": 240,
            "description": (
                "Adds the article views counted in the cache to Article.view_count "
                "(one UPDATE per run). Safe to run at any time; counts are never lost."
            ),
        },
    )
    # The beat scheduler reloads its schedule when this row's timestamp changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_publish_due_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
