"""Register the outbox sweep with django-celery-beat, so staff can see and edit it in admin."""

from django.db import migrations
from django.utils import timezone

SWEEP_NAME = "通知：重发未送出的邮件"
SWEEP_TASK = "apps.notifications.tasks.notifications_sweep"


def add_sweep(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute = IntervalSchedule.objects.filter(
        every=1, period="minutes"
    ).first() or IntervalSchedule.objects.create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        task=SWEEP_TASK,
        defaults={
            "name": SWEEP_NAME,
            "interval": every_minute,
            "enabled": True,
            # A sweep that waited longer than a minute in the queue is superseded by the next.
            "expire_seconds": 55,
            "description": (
                "Re-enqueues notification e-mails that were never sent (broker down, "
                "worker lost, failed attempts due for a retry). Safe to run at any time."
            ),
        },
    )
    # The beat scheduler reloads its schedule when this row's timestamp changes
    # (model signals do not run in migrations).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_sweep(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=SWEEP_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_sweep, remove_sweep)]
