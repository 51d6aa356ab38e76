"""Services: submission, the full workflow, deadlines, notifications, concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from apps.complaints import services
from apps.complaints.codes import tracking_code_check
from apps.complaints.models import (
    AttachmentKind,
    ComplainantMail,
    Complaint,
    ComplaintEvent,
    Decision,
    EventKind,
    Stage,
    State,
    Track,
    TriageRule,
)
from apps.complaints.selectors import complaint_track
from apps.core.exceptions import DomainError
from apps.notifications.models import Notification
from tests.complaints.factories import pdf_upload, png_upload, submit_kwargs

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_submit_gives_reference_and_a_code_stored_only_as_hash(respondent):
    submitted = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    complaint = submitted.complaint
    assert complaint.reference.startswith(f"TS{timezone.localdate().year}-")
    assert len(complaint.reference) == 13
    assert submitted.tracking_code not in complaint.tracking_code_hash
    assert tracking_code_check(submitted.tracking_code, complaint.tracking_code_hash)
    assert complaint.respondent_firm == respondent.firm  # filled from the lawyer
    assert complaint.state == State.RECEIVED
    assert list(complaint.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]


def test_references_are_sequential_per_year(respondent):
    first = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
    second = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    other_year = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent), now=at(2027, 1, 4)
    ).complaint
    assert other_year.reference == "TS2027-000001"


def test_acceptance_deadline_is_seven_working_days_after_a_complete_complaint(respondent):
    complaint = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent), now=at(2026, 9, 28)
    ).complaint
    assert complaint.due_stage == Stage.ACCEPTANCE
    assert complaint.due_on == dt.date(2026, 10, 13)  # across National Day and its make-up day


def test_submit_emails_reference_and_code_then_scrubs_the_code(
    respondent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangwei@example.cn"]
    assert submitted.complaint.reference in message.subject
    assert submitted.tracking_code in message.body
    row = ComplainantMail.objects.get()
    assert row.sent_at is not None
    assert submitted.tracking_code not in str(row.context)


def test_double_submit_with_the_same_token_files_one_complaint(respondent):
    import uuid

    token = uuid.uuid4()
    first = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent), submit_token=token
    )
    again = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent), submit_token=token
    )
    assert again.complaint.pk == first.complaint.pk
    assert again.tracking_code == ""
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"consent": False}, "consent"),
        ({"acting_for": True, "principal_name": "张父"}, "poa_required"),
        ({"respondent_text": ""}, "respondent"),
    ],
)
def test_submit_refuses_incomplete_complaints(overrides, code):
    with pytest.raises(DomainError) as exc:
        services.complaint_submit(**submit_kwargs(**overrides))
    assert exc.value.code == code
    assert not Complaint.objects.exists()


def test_acting_for_someone_stores_the_power_of_attorney_privately(respondent, settings):
    complaint = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, acting_for=True, principal_name="张父"),
        power_of_attorney=pdf_upload("委托书.pdf"),
        evidence=[png_upload(), pdf_upload()],
    ).complaint
    kinds = sorted(complaint.attachments.values_list("kind", flat=True))
    assert kinds == sorted(
        [AttachmentKind.POWER_OF_ATTORNEY, AttachmentKind.EVIDENCE, AttachmentKind.EVIDENCE]
    )
    stored = complaint.attachments.first().file.path
    assert stored.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "委托书" not in stored  # random stored names


def test_triage_rules_suggest_the_complex_track(respondent):
    TriageRule.objects.all().delete()
    TriageRule.objects.create(name="多人", order=1, min_complainants=3, track=Track.COMPLEX)
    TriageRule.objects.create(name="态度", order=2, category="attitude", track=Track.SIMPLE)
    many = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, co_complainants=2)
    ).complaint
    attitude = services.complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, category="attitude")
    ).complaint
    assert many.suggested_track == Track.COMPLEX
    assert attitude.suggested_track == Track.SIMPLE


def test_repeat_respondent_rule_counts_prior_complaints(respondent):
    TriageRule.objects.all().delete()
    TriageRule.objects.create(
        name="多次被投诉", order=1, min_prior_complaints=2, track=Track.COMPLEX
    )
    first = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
    services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    third = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
    assert first.suggested_track == Track.SIMPLE
    assert third.suggested_track == Track.COMPLEX


def test_material_request_stops_the_clock_and_a_supplement_restarts_it(complaint, officer):
    services.complaint_request_material(
        complaint=complaint, actor=officer, what="请补充委托合同", now=at(2026, 9, 21)
    )
    complaint.refresh_from_db()
    assert complaint.state == State.AWAITING_MATERIAL
    assert complaint.complete_at is None
    assert complaint.due_stage == Stage.MATERIAL
    services.complaint_supplement(
        complaint=complaint, text="已补充合同", files=[pdf_upload()], now=at(2026, 9, 28)
    )
    complaint.refresh_from_db()
    assert complaint.state == State.RECEIVED
    assert complaint.complete_at == at(2026, 9, 28)
    assert complaint.due_on == dt.date(2026, 10, 13)
    assert complaint.events.filter(kind=EventKind.SUPPLEMENT).exists()


def _officers_journey(complaint, officer, officer2, track=Track.COMPLEX):
    services.complaint_triage(
        complaint=complaint, actor=officer, track=track, reason="涉及多次违规"
    )
    services.complaint_accept(complaint=complaint, actor=officer, now=at(2026, 9, 28))
    services.complaint_start_investigation(
        complaint=complaint, actor=officer, investigators=[officer, officer2]
    )
    services.complaint_notify_respondent(complaint=complaint, actor=officer, now=at(2026, 9, 29))


def test_full_complex_journey_records_every_step(complaint, officer, officer2, respondent):
    _officers_journey(complaint, officer, officer2)
    complaint.refresh_from_db()
    assert complaint.state == State.DEFENCE
    assert complaint.defence_due_on == dt.date(2026, 10, 19)  # 10 working days across the holiday
    assert Notification.objects.filter(
        recipient=respondent.user, key="complaint_respondent_notified"
    ).exists()
    services.complaint_defence_submit(
        complaint=complaint,
        user=respondent.user,
        text="我已尽职，见附件。",
        files=[pdf_upload()],
        now=at(2026, 10, 9),
    )
    services.complaint_schedule_hearing(
        complaint=complaint, actor=officer, scheduled_for=at(2026, 10, 20), place="协会三楼听证室"
    )
    decision = services.complaint_decide(
        complaint=complaint,
        actor=officer,
        outcome="sanction",
        sanction="censure",
        facts="未尽勤勉义务",
        basis="《律师协会会员违规行为处分规则》",
        text="给予公开谴责。",
        publish_until=dt.date(2027, 10, 31),
        now=at(2026, 10, 30),
    )
    services.complaint_close(complaint=complaint, actor=officer)
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED
    assert decision.publish_from == dt.date(2026, 10, 30)
    kinds = list(complaint.events.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        EventKind.SUBMITTED,
        EventKind.TRIAGED,
        EventKind.ACCEPTED,
        EventKind.INVESTIGATION,
        EventKind.RESPONDENT_NOTIFIED,
        EventKind.DEFENCE,
        EventKind.HEARING,
        EventKind.DECIDED,
        EventKind.CLOSED,
    ]
    assert all(e.actor_id for e in complaint.events.exclude(kind=EventKind.SUBMITTED))


def test_review_reopens_and_the_new_decision_supersedes_the_old(
    complaint, officer, officer2, respondent
):
    _officers_journey(complaint, officer, officer2, track=Track.SIMPLE)
    services.complaint_defence_submit(
        complaint=complaint, user=respondent.user, text="答辩", now=at(2026, 10, 9)
    )
    services.complaint_decide(
        complaint=complaint,
        actor=officer,
        outcome="sanction",
        sanction="warning",
        facts="事实",
        basis="依据",
        text="警告",
        now=at(2026, 10, 20),
    )
    services.complaint_reopen_for_review(
        complaint=complaint, actor=officer, reason="被投诉人申请复查"
    )
    complaint.refresh_from_db()
    assert complaint.state == State.INVESTIGATION
    assert complaint.review_round == 1
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    services.complaint_defence_submit(complaint=complaint, user=respondent.user, text="复查答辩")
    services.complaint_decide(
        complaint=complaint,
        actor=officer,
        outcome="no_violation",
        facts="事实",
        basis="依据",
        text="撤销",
    )
    assert Decision.objects.filter(complaint=complaint).count() == 2
    assert Decision.objects.current().get(complaint=complaint).outcome == "no_violation"


def test_complex_track_needs_two_investigators(complaint, officer):
    services.complaint_triage(
        complaint=complaint, actor=officer, track=Track.COMPLEX, reason="复杂"
    )
    services.complaint_accept(complaint=complaint, actor=officer)
    with pytest.raises(DomainError):
        services.complaint_start_investigation(
            complaint=complaint, actor=officer, investigators=[officer]
        )


def test_investigators_must_be_complaints_officers(complaint, officer, member_services):
    services.complaint_triage(complaint=complaint, actor=officer, track=Track.SIMPLE, reason="")
    services.complaint_accept(complaint=complaint, actor=officer)
    with pytest.raises(DomainError):
        services.complaint_start_investigation(
            complaint=complaint, actor=officer, investigators=[member_services]
        )


def test_not_accepting_needs_reason_and_guidance_and_tells_the_complainant(
    complaint, officer, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError):
        services.complaint_not_accept(
            complaint=complaint, actor=officer, reason="超过时效", guidance=""
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_not_accept(
            complaint=complaint,
            actor=officer,
            reason="属于收费合同纠纷",
            guidance="请向人民法院起诉或申请仲裁。",
        )
    complaint.refresh_from_db()
    assert complaint.state == State.NOT_ACCEPTED
    assert any("请向人民法院起诉" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"outcome": "sanction", "sanction": ""}, "sanction_required"),
        ({"outcome": "sanction", "sanction": "suspension", "suspension_months": 13}, "months"),
        ({"outcome": "sanction", "sanction": "suspension", "suspension_months": 0}, "months"),
        ({"outcome": "sanction", "sanction": "criticism"}, "publish"),
    ],
)
def test_decision_rules(complaint, officer, officer2, respondent, kwargs, code):
    _officers_journey(complaint, officer, officer2, track=Track.SIMPLE)
    services.complaint_defence_submit(
        complaint=complaint, user=respondent.user, text="答辩", now=at(2026, 10, 9)
    )
    with pytest.raises(DomainError) as exc:
        services.complaint_decide(
            complaint=complaint, actor=officer, facts="f", basis="b", text="t", **kwargs
        )
    assert exc.value.code == code


def test_decision_waits_for_defence_or_its_deadline(complaint, officer, officer2):
    _officers_journey(complaint, officer, officer2, track=Track.SIMPLE)
    with pytest.raises(DomainError) as exc:
        services.complaint_decide(
            complaint=complaint,
            actor=officer,
            outcome="no_violation",
            facts="f",
            basis="b",
            text="t",
            now=at(2026, 10, 9),
        )
    assert exc.value.code == "defence_pending"


@pytest.mark.parametrize("role_fixture", ["member_services", "reports"])
def test_other_staff_cannot_run_workflow_steps(complaint, request, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        services.complaint_triage(complaint=complaint, actor=actor, track=Track.SIMPLE)


def test_defence_only_by_the_respondent_and_before_the_deadline(
    complaint, officer, officer2, colleague, respondent
):
    from django.http import Http404

    _officers_journey(complaint, officer, officer2, track=Track.SIMPLE)
    with pytest.raises(Http404):
        services.complaint_defence_submit(complaint=complaint, user=colleague.user, text="不是我")
    with pytest.raises(DomainError) as exc:
        services.complaint_defence_submit(
            complaint=complaint, user=respondent.user, text="晚了", now=at(2026, 10, 30)
        )
    assert exc.value.code == "defence_late"


def test_events_of_the_journey_are_public_or_internal_as_intended(complaint, officer, officer2):
    _officers_journey(complaint, officer, officer2)
    internal = set(complaint.events.filter(public=False).values_list("kind", flat=True))
    assert EventKind.TRIAGED in internal  # the officer's triage reasoning is internal


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_reference(respondent):
    from django.db import connections

    errors: list[Exception] = []
    references: list[str] = []

    def submit():
        try:
            references.append(
                services.complaint_submit(
                    **submit_kwargs(respondent_text="某律师")
                ).complaint.reference
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(references)) == 6
    assert connection.vendor == "postgresql"


def test_track_lookup_needs_reference_and_code(respondent):
    submitted = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    ref = submitted.complaint.reference
    assert complaint_track(reference=ref, code=submitted.tracking_code) == submitted.complaint
    assert (
        complaint_track(
            reference=ref.lower(), code=submitted.tracking_code.lower().replace("-", "")
        )
        is not None
    )
    assert complaint_track(reference=ref, code="AAAA-BBBB-CCCC") is None
    assert complaint_track(reference="TS2026-999999", code=submitted.tracking_code) is None


def test_event_count_is_stable(complaint):
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1
