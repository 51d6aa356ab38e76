"""Register the "publish due articles" job with django-celery-beat (every minute)."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "新闻：发布到期的定时文章"
TASK = "apps.news.tasks.news_publish_due"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute = IntervalSchedule.objects.filter(
        every=1, period="minutes"
    ).first() or IntervalSchedule.objects.create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        task=TASK,
        defaults={
            "name": TASK_NAME,
            "interval": every_minute,
            "enabled": True,
            # A run that waited over a minute in the queue is superseded by the next one.
            "expire_seconds": 55,
            "description": (
                "Publishes scheduled articles whose publish time has come. Idempotent: "
                "safe to run at any time and from several workers."
            ),
        },
    )
    # The beat scheduler reloads when this timestamp changes (no model signals here).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
