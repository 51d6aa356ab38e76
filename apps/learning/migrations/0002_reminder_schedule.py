"""Register the CLE reminder with django-celery-beat, so staff can see and edit it in admin.

Runs at 09:00 on the 1st of November, December, February and March: before the on-site
year closes (31 December) and before the online window closes (31 March). Each run
reminds a lawyer at most once (learning.Reminder is unique per lawyer, year and month).
"""

from django.db import migrations
from django.utils import timezone

TASK = "apps.learning.tasks.cle_reminders_send"
NAME = "继续教育：提醒学时不足的律师"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="9",
        day_of_week="*",
        day_of_month="1",
        month_of_year="2,3,11,12",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=TASK,
        defaults={
            "name": NAME,
            "crontab": schedule,
            "interval": None,
            "enabled": True,
            "expire_seconds": 23 * 60 * 60,
            "description": (
                "Reminds practising lawyers who are short of CLE hours for the open year "
                "(inbox and e-mail). Once per lawyer and month; safe to run at any time."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
