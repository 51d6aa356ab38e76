"""Register the event reminder with django-celery-beat (staff see and edit it in admin).

Hourly: everyone registered for an event starting within 48 hours is reminded once
(``Registration.reminded_at`` is set in the same transaction as the outbox row).
"""

from django.db import migrations
from django.utils import timezone

TASK = "apps.events.tasks.event_reminders_send"
NAME = "活动：提醒已报名的律师"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="5",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=TASK,
        defaults={
            "name": NAME,
            "crontab": schedule,
            "interval": None,
            "enabled": True,
            "expire_seconds": 50 * 60,
            "description": (
                "Reminds lawyers registered for an event that starts within 48 hours "
                "(inbox and e-mail with a one-use cancel link). Once per registration."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
