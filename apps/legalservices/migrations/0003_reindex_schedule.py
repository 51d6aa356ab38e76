"""Register the nightly lookup reindex with django-celery-beat (03:30 Shanghai time).

Single saves keep the lookup entries current through signals; bulk writes (xlsx import,
seed_demo, SQL fixes) skip signals, and this run catches them. Unchanged entries are not
rewritten, so a quiet night costs only the reading. Staff can change the time in admin.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "公共法律服务：重建律师律所检索条目"
TASK = "apps.legalservices.tasks.search_reindex_all"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=TASK,
        defaults={
            "name": TASK_NAME,
            "crontab": nightly,
            "enabled": True,
            "expire_seconds": 6 * 60 * 60,
            "description": (
                "Rebuilds the lawyer and firm lookup entries that bulk writes left stale, "
                "then VACUUM ANALYZE. Safe to run at any time."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("legalservices", "0002_gin_without_pending_list"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
