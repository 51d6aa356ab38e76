"""Daily retention jobs for the other public-facing personal data: consultation and
mediation requests (apps.legalservices) and detainee-visit bookings (apps.bookings).

They sit beside complaints' own purge (0002) so that every retention job is scheduled
in one place, the privacy review's; staff change the times in admin (celery beat).
"""

from django.db import migrations
from django.utils import timezone

SCHEDULES = [
    # (task, name, hour, minute, description)
    (
        "apps.legalservices.tasks.legalservices_retention",
        "法律服务：匿名化超过保存期限的咨询与调解申请",
        "3",
        "25",
        "Anonymises consultation and mediation requests concluded longer than "
        "LEGALSERVICES_RETENTION_DAYS ago (rows and their history); counts stay.",
    ),
    (
        "apps.bookings.tasks.bookings_retention",
        "会见预约：匿名化超过保存期限的预约",
        "3",
        "35",
        "Anonymises detainee and client names of visit bookings older than "
        "BOOKINGS_RETENTION_DAYS; counts stay.",
    ),
]


def add_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for task, name, hour, minute, description in SCHEDULES:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "crontab": schedule, "description": description},
        )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_audit_history"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
