"""Register the daily failure digest with django-celery-beat (staff can move it in admin)."""

from django.db import migrations
from django.utils import timezone

DIGEST_NAME = "通知：每日发送失败汇总"
DIGEST_TASK = "apps.notifications.tasks.notifications_failure_digest"


def add_digest(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    # 08:30 Shanghai time, before the office opens its mail.
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        task=DIGEST_TASK,
        defaults={
            "name": DIGEST_NAME,
            "crontab": schedule,
            "interval": None,
            "enabled": True,
            "description": (
                "E-mails superusers and member-services staff the notification e-mails "
                "given up on in the last 24 hours (nothing on a day without failures)."
            ),
        },
    )
    # The beat scheduler reloads its schedule when this row's timestamp changes
    # (model signals do not run in migrations).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_digest(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=DIGEST_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_failed_at"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_digest, remove_digest)]
