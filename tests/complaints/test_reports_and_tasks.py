"""Aggregates for the statistics pages, the daily digest, retention purge, mail sweep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from apps.complaints import selectors, services, tasks
from apps.complaints.models import (
    ComplainantMail,
    Complaint,
    ComplaintAttachment,
    EventKind,
    Track,
)
from apps.notifications.models import Notification
from tests.complaints.factories import pdf_upload, submit_kwargs
from tests.members.factories import LawFirmFactory

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d):
    return dt.datetime(y, m, d, 10, tzinfo=SH)


def decided(
    respondent, officer, *, submitted, accepted, decided_on, track=Track.SIMPLE, sanction=""
):
    c = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent), now=submitted
    ).complaint
    services.complaint_triage(complaint=c, actor=officer, track=track, reason="x")
    services.complaint_accept(complaint=c, actor=officer, now=accepted)
    services.complaint_start_investigation(complaint=c, actor=officer, investigators=[officer])
    services.complaint_notify_respondent(complaint=c, actor=officer, now=accepted)
    services.complaint_defence_submit(complaint=c, user=respondent.user, text="答辩", now=accepted)
    services.complaint_decide(
        complaint=c,
        actor=officer,
        outcome="sanction" if sanction else "no_violation",
        sanction=sanction,
        facts="f",
        basis="b",
        text="t",
        now=decided_on,
    )
    return c


def test_counts_by_category_track_outcome_and_month(respondent, officer):
    decided(
        respondent,
        officer,
        submitted=at(2026, 3, 2),
        accepted=at(2026, 3, 4),
        decided_on=at(2026, 3, 20),
    )
    decided(
        respondent,
        officer,
        submitted=at(2026, 4, 1),
        accepted=at(2026, 4, 3),
        decided_on=at(2026, 5, 20),
        sanction="warning",
    )
    services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, category="fees"), now=at(2026, 4, 9)
    )
    assert selectors.counts_by("category", year=2026) == {"diligence": 2, "fees": 1}
    assert selectors.counts_by("track", year=2026) == {"simple": 2}
    assert selectors.counts_by("outcome", year=2026) == {"no_violation": 1, "warning": 1}
    months = dict(selectors.counts_by_month(year=2026))
    assert months[dt.date(2026, 3, 1)] == 1
    assert months[dt.date(2026, 4, 1)] == 2


def test_decision_times_median_p90_and_share_within_limit(respondent, officer):
    decided(
        respondent,
        officer,
        submitted=at(2026, 3, 2),
        accepted=at(2026, 3, 3),
        decided_on=at(2026, 3, 12),
    )
    decided(
        respondent,
        officer,
        submitted=at(2026, 3, 2),
        accepted=at(2026, 3, 3),
        decided_on=at(2026, 3, 22),
    )
    # 30 working days after 3 March 2026 is 14 April: decided 1 June is late.
    decided(
        respondent,
        officer,
        submitted=at(2026, 3, 2),
        accepted=at(2026, 3, 3),
        decided_on=at(2026, 6, 1),
    )
    times = selectors.decision_times(year=2026)
    assert times.decided == 3
    assert times.median_days == 20.0
    assert times.p90_days == pytest.approx(76.8, abs=0.1)
    assert times.within_limit_share == pytest.approx(0.667, abs=0.001)


def test_decision_times_without_decisions():
    assert selectors.decision_times(year=2026).median_days is None


def test_per_firm_counts_published_only_above_the_minimum(respondent, officer, settings, firm):
    settings.COMPLAINTS_PUBLISH_MIN_CASES = 2
    quiet = LawFirmFactory(name="上海少诉律师事务所")
    decided(
        respondent,
        officer,
        submitted=at(2026, 3, 2),
        accepted=at(2026, 3, 3),
        decided_on=at(2026, 3, 12),
    )
    decided(
        respondent,
        officer,
        submitted=at(2026, 3, 2),
        accepted=at(2026, 3, 3),
        decided_on=at(2026, 3, 12),
        sanction="warning",
    )
    single = services.complaint_submit(**submit_kwargs(respondent_firm=quiet)).complaint
    services.complaint_triage(complaint=single, actor=officer, track=Track.SIMPLE)
    services.complaint_accept(complaint=single, actor=officer)
    rows = selectors.firm_counts_published()
    assert rows == [{"firm_id": firm.pk, "firm": firm.name, "accepted": 2, "sanctions": 1}]


def test_daily_digest_reaches_every_officer(complaint, officer, officer2, member_services):
    Complaint.objects.filter(pk=complaint.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert tasks.complaints_officer_digest() == 2
    recipients = set(
        Notification.objects.filter(key="complaint_officer_digest").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {officer.pk, officer2.pk}


def test_digest_is_silent_when_nothing_is_due(officer, settings, monkeypatch):
    monkeypatch.setattr("apps.complaints.workdays.uncovered_years", lambda **kw: [])
    assert tasks.complaints_officer_digest() == 0


def test_purge_forgets_the_complainant_after_retention_but_keeps_the_record(
    respondent, officer, settings, django_capture_on_commit_callbacks
):
    settings.COMPLAINTS_RETENTION_DAYS = 30
    c = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, acting_for=True, principal_name="张父"),
        power_of_attorney=pdf_upload(),
        evidence=[pdf_upload()],
    ).complaint
    services.complaint_not_accept(
        complaint=c, actor=officer, reason="超期", guidance="请起诉", now=at(2026, 1, 5)
    )
    path = c.attachments.first().file.path
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.complaints_purge() == 1
    c.refresh_from_db()
    assert (
        c.complainant_name
        == c.complainant_id_number
        == c.complainant_email
        == c.principal_name
        == ""
    )
    assert c.pii_purged_at is not None
    assert c.facts  # the record stays for statistics
    assert not ComplaintAttachment.objects.filter(complaint=c).exists()
    import os

    assert not os.path.exists(path)
    assert c.events.filter(kind=EventKind.PII_PURGED, public=False).exists()
    assert tasks.complaints_purge() == 0  # idempotent


def test_open_and_recent_complaints_are_not_purged(complaint, settings):
    settings.COMPLAINTS_RETENTION_DAYS = 0
    assert tasks.complaints_purge() == 0


def test_failed_complainant_mail_is_retried_by_the_sweep(
    respondent, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.complaints.test_reports_and_tasks.BrokenBackend"
    services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    row = ComplainantMail.objects.get()
    assert tasks.complainant_mail_send(row.pk) is False
    row.refresh_from_db()
    assert row.sent_at is None
    assert "refused" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ComplainantMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mail.complainant_mails_sweep() == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server refused")
