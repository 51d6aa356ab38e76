"""Every five minutes, publish again the report runs whose message the broker lost
(``apps.stats.services.reports.report_runs_sweep``); staff see the schedule in admin."""

from django.db import migrations
from django.utils import timezone

SWEEP = "apps.stats.tasks.report_runs_sweep_task"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_5, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        task=SWEEP,
        defaults={
            "name": "报表：重新发送未被领取的报表任务",
            "interval": every_5,
            "crontab": None,
            "enabled": True,
            "expire_seconds": 4 * 60,
            "description": (
                "Publishes again report runs still queued after two minutes (the broker was "
                "down when they were requested) and re-queues runs stuck after a worker died. "
                "A run is built once however many messages name it."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=SWEEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
