"""Register the daily dues reminder with django-celery-beat (staff see and edit it in admin).

Runs at 09:30 every day: reminds unpaid payers two weeks before the due date and a week
after it. Each invoice gets each kind of reminder at most once (members.DuesReminder).
"""

from django.db import migrations
from django.utils import timezone

TASK = "apps.members.tasks.dues_reminders_send_task"
NAME = "会费：到期前与逾期提醒"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="9",
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
            "expire_seconds": 23 * 60 * 60,
            "description": (
                "Reminds members with unpaid dues 14 days before the due date and 7 days "
                "after it (inbox and e-mail). Once per invoice and kind; safe to rerun."
            ),
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_duesinvoice_basis_alter_duesinvoice_paid_at_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
