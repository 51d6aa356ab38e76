"""Register the statistics schedules with django-celery-beat (staff see and edit them in
admin): the snapshot refresh, the yearly snapshot and the monthly complaints report."""

from django.db import migrations
from django.utils import timezone

REFRESH = "apps.stats.tasks.stats_snapshot_refresh_task"
YEARLY = "apps.stats.tasks.yearly_snapshots_take_task"
MONTHLY = "apps.stats.tasks.monthly_complaints_report_task"


def add_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_15, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.update_or_create(
        task=REFRESH,
        defaults={
            "name": "统计：刷新公开统计数字缓存",
            "interval": every_15,
            "crontab": None,
            "enabled": True,
            "expire_seconds": 14 * 60,
            "description": (
                "Recomputes the /stats/ snapshot (and the home key figures) for the current "
                "cache version. Data changes also trigger a refresh within 30 seconds."
            ),
        },
    )
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=YEARLY,
        defaults={
            "name": "统计：记录年度快照",
            "crontab": nightly,
            "interval": None,
            "enabled": True,
            "expire_seconds": 23 * 60 * 60,
            "description": (
                "Updates this year's headline numbers (members, firms, party members, "
                "pro-bono services); in January also closes the previous year once. "
                "A closed year's snapshot is never changed."
            ),
        },
    )
    monthly, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="8",
        day_of_week="*",
        day_of_month="1",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=MONTHLY,
        defaults={
            "name": "报表：投诉处理月报（上月）",
            "crontab": monthly,
            "interval": None,
            "enabled": True,
            "expire_seconds": 23 * 60 * 60,
            "description": (
                "Generates last month's complaints report (xlsx + PDF) as a report run; "
                "staff download it from /stats/reports/."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[REFRESH, YEARLY, MONTHLY]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
