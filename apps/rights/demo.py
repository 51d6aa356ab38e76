"""Demo data for rights: a few practice-rights reports at different steps and relief
applications (one awaiting the firm, one approved), written in the association's voice."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.members.demo import demo_lawyers

from .models import ReliefApplication, ReliefStatus, ReportStatus, RightsReport, RightsReportEvent
from .services import acknowledge_deadline

REPORTS = [
    (
        "meeting_denied",
        "浦东新区某看守所",
        "持律师执业证、委托书和律师事务所证明要求会见，被告知须经办案单位同意，当日未能会见。",
        "close",
        "经协会致函协调，看守所已于次日安排会见，并重申依法保障律师会见权。",
    ),
    (
        "files_withheld",
        "某区人民法院刑事审判庭",
        "向法院提交阅卷申请三次，均被告知案卷正在使用，开庭前仍未能查阅全部证据材料。",
        "act",
        "已与法院立案庭联系，约定本周内安排阅卷。",
    ),
    (
        "evidence_refused",
        "某区市场监督管理局",
        "持调查令申请调取企业登记档案，窗口以内部规定为由拒绝出具。",
        "ack",
        "",
    ),
    (
        "speech_restricted",
        "某区人民法院",
        "庭审辩论阶段发言多次被打断，书面意见未被记入笔录。",
        "",
        "",
    ),
]
RELIEF = [
    (
        "injury",
        20,
        "前往外区开庭途中遭遇交通事故，腿部骨折，需休养三个月。",
        Decimal("15000"),
        True,
    ),
    ("illness", 35, "确诊重大疾病，需住院手术及后续治疗，暂时无法执业。", Decimal("40000"), False),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def seed_rights(*, scale: str, rng: random.Random) -> None:
    """Rows written directly (the demo lawyers get their accounts only afterwards, from
    ``demo_accounts``); the steps and dates follow the same rules as the services."""
    if RightsReport.objects.exists() or ReliefApplication.objects.exists():
        return
    # Members' shared rule: the demo lawyer, the firm administrator, colleagues.
    lawyers = demo_lawyers(limit=6)
    if len(lawyers) < 3:
        return
    today = timezone.localdate()
    with transaction.atomic():
        for i, (kind, authority, text, step, note) in enumerate(REPORTS):
            # The demo lawyer has two of them; colleagues the rest.
            lawyer = lawyers[0] if i < 2 else lawyers[2 + i % (len(lawyers) - 2)]
            occurred = today - dt.timedelta(days=3 + i * 5)
            submitted = _at(occurred + dt.timedelta(days=1), 10)
            report = RightsReport.objects.create(
                reference=f"WQ{submitted:%Y%m%d}-{rng.randrange(16**6):06X}",
                lawyer=lawyer,
                kind=kind,
                occurred_on=occurred,
                authority=authority,
                description=text,
                submitted_at=submitted,
                acknowledge_by=acknowledge_deadline(submitted),
            )
            events = [(ReportStatus.SUBMITTED, "", submitted)]
            if step in ("ack", "act", "close"):
                ack = submitted + dt.timedelta(hours=5)
                report.status, report.acknowledged_at = ReportStatus.ACKNOWLEDGED, ack
                events.append((ReportStatus.ACKNOWLEDGED, "已受理，正在了解情况。", ack))
            if step in ("act", "close"):
                act = submitted + dt.timedelta(days=1, hours=2)
                report.status = ReportStatus.ACTING
                events.append(
                    (ReportStatus.ACTING, note if step == "act" else "已致函有关机关。", act)
                )
            if step == "close":
                closed = submitted + dt.timedelta(days=2)
                report.status, report.outcome, report.closed_at = ReportStatus.CLOSED, note, closed
                events.append((ReportStatus.CLOSED, note, closed))
            report.save()
            RightsReportEvent.objects.bulk_create(
                RightsReportEvent(report=report, status=s, note=n, at=at) for s, n, at in events
            )
        for i, (kind, days_ago, text, amount, decided) in enumerate(RELIEF):
            lawyer = lawyers[0] if i == 0 else lawyers[2]
            submitted = _at(today - dt.timedelta(days=max(days_ago - 5, 1)), 9)
            application = ReliefApplication(
                reference=f"JZ{submitted:%Y%m%d}-{rng.randrange(16**6):06X}",
                lawyer=lawyer,
                firm_id_at_application=lawyer.firm_id,
                kind=kind,
                event_date=today - dt.timedelta(days=days_ago),
                description=text,
                amount_requested=amount,
                submitted_at=submitted,
            )
            if decided:
                application.status = ReliefStatus.APPROVED
                application.endorsed_at = submitted + dt.timedelta(days=1)
                application.endorsement_note = "情况属实，同意申请。"
                application.decided_at = submitted + dt.timedelta(days=3)
                application.amount_granted = (amount * Decimal("0.8")).quantize(Decimal("1"))
                application.decision_note = "按执业受伤标准核定。"
            application.save()
