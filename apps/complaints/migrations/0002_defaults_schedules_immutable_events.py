"""Defaults staff then edit (stage limits, triage rules), the beat schedules, and a trigger
that makes timeline events immutable for any SQL, not just the ORM."""

from django.db import migrations
from django.utils import timezone

STAGE_DAYS = {
    "acceptance": 7,
    "material": 15,
    "respondent_notice": 10,
    "defence": 10,
    "decision_simple": 30,
    "decision_complex": 60,
}

# (order, name, category, min_prior, min_complainants, keyword, track)
RULES = [
    (10, "多人共同投诉", "", None, 3, "", "complex"),
    (20, "被投诉人三年内多次被投诉", "", 2, None, "", "complex"),
    (30, "妨碍司法或违规会见", "justice", None, None, "", "complex"),
    (40, "利益冲突", "conflict", None, None, "", "complex"),
    (50, "泄露秘密", "confidentiality", None, None, "", "complex"),
    (60, "涉及伪造证据", "", None, None, "伪造", "complex"),
    (90, "服务态度与沟通问题", "attitude", None, None, "", "simple"),
]

SCHEDULES = [
    # (task, name, hour, minute, description)
    (
        "apps.complaints.tasks.complaints_officer_digest",
        "投诉：每日超期与临期提醒",
        "8",
        "40",
        "E-mails complaints officers the complaints overdue or due within 3 working days.",
    ),
    (
        "apps.complaints.tasks.complaints_purge",
        "投诉：清除超过保存期限的投诉人个人信息",
        "3",
        "15",
        "Blanks complainants' identity and files on complaints closed longer than COMPLAINTS_RETENTION_DAYS.",
    ),
]
SWEEP_TASK = "apps.complaints.tasks.complainant_mails_sweep"

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION complaints_event_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'complaint timeline events are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaints_event_no_update
    BEFORE UPDATE OR DELETE ON complaints_complaintevent
    FOR EACH ROW EXECUTE FUNCTION complaints_event_immutable();
"""
TRIGGER_REVERSE = """
DROP TRIGGER IF EXISTS complaints_event_no_update ON complaints_complaintevent;
DROP FUNCTION IF EXISTS complaints_event_immutable();
"""


def add_defaults(apps, schema_editor):
    StageLimit = apps.get_model("complaints", "StageLimit")
    TriageRule = apps.get_model("complaints", "TriageRule")
    for stage, days in STAGE_DAYS.items():
        StageLimit.objects.get_or_create(stage=stage, defaults={"working_days": days})
    if not TriageRule.objects.exists():
        for order, name, category, prior, people, keyword, track in RULES:
            TriageRule.objects.create(
                order=order,
                name=name,
                category=category,
                min_prior_complaints=prior,
                min_complainants=people,
                keyword=keyword,
                track=track,
            )

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
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
            task=task,
            defaults={"name": name, "crontab": schedule, "interval": None, "enabled": True, "description": description},
        )
    every5 = IntervalSchedule.objects.filter(every=5, period="minutes").first() or IntervalSchedule.objects.create(
        every=5, period="minutes"
    )
    PeriodicTask.objects.update_or_create(
        task=SWEEP_TASK,
        defaults={
            "name": "投诉：补发未送达的投诉人邮件",
            "interval": every5,
            "crontab": None,
            "enabled": True,
            "expire_seconds": 240,
            "description": "Re-enqueues complainant e-mails whose first send failed or was lost.",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[s[0] for s in SCHEDULES] + [SWEEP_TASK]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunSQL(TRIGGER_SQL, TRIGGER_REVERSE),
        migrations.RunPython(add_defaults, remove_schedules),
    ]
