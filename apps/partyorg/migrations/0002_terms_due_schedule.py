"""Register the term reminder (换届提醒) with django-celery-beat: every day at 08:30
Shanghai time. Staff can change the time in admin."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "党组织：换届到期提醒"
TASK = "apps.partyorg.tasks.partyorg_terms_due_notify"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=TASK,
        defaults={
            "name": TASK_NAME,
            "crontab": morning,
            "interval": None,
            "enabled": True,
            "expire_seconds": 23 * 60 * 60,
            "description": (
                "Tells party-affairs staff which organizations' terms end within 90 days "
                "or are overdue. Each term is announced once; safe to run at any time."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partyorg", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
