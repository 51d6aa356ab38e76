"""Every transition from every state: allowed ones pass, all others are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.complaints.models import Complaint, ComplaintEvent, State, Track
from apps.core.exceptions import DomainError

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)

TRANSITIONS = {
    "request_material": (
        lambda c: c.request_material(what="合同复印件", now=NOW),
        {State.RECEIVED},
    ),
    "material_supplied": (lambda c: c.material_supplied(now=NOW), {State.AWAITING_MATERIAL}),
    "triage": (lambda c: c.triage(track=Track.SIMPLE, reason=""), {State.RECEIVED}),
    "accept": (lambda c: c.accept(now=NOW), {State.TRIAGED}),
    "not_accept": (
        lambda c: c.not_accept(reason="超过时效", guidance="请向法院起诉", now=NOW),
        {State.RECEIVED, State.TRIAGED},
    ),
    "start_investigation": (
        lambda c: c.start_investigation(investigator_count=2),
        {State.ACCEPTED},
    ),
    "notify_respondent": (
        lambda c: c.notify_respondent(now=NOW, defence_due_on=dt.date(2026, 6, 15)),
        {State.INVESTIGATION},
    ),
    "schedule_hearing": (lambda c: c.schedule_hearing(), {State.DEFENCE}),
    "decide": (lambda c: c.decide(now=NOW), {State.HEARING}),
    "close": (lambda c: c.close(now=NOW), {State.DECIDED, State.NOT_ACCEPTED}),
    "reopen_for_review": (
        lambda c: c.reopen_for_review(reason="投诉人申请复查"),
        {State.DECIDED, State.CLOSED},
    ),
}


def _complaint(state: str, track: str = Track.COMPLEX) -> Complaint:
    return Complaint(
        reference="TS2026-000001",
        state=state,
        track=track,
        respondent_text="某律师",
        decided_at=NOW if state in (State.DECIDED, State.CLOSED) else None,
        respondent_lawyer_id=1,
    )


CASES = [(name, state) for name in TRANSITIONS for state in State.values]


@pytest.mark.parametrize(("transition", "state"), CASES)
def test_transition_allowed_only_from_its_states(transition, state):
    call, allowed = TRANSITIONS[transition]
    complaint = _complaint(state)
    if state in allowed:
        call(complaint)
    else:
        with pytest.raises(DomainError) as exc:
            call(complaint)
        assert exc.value.code == "illegal_transition"
        assert complaint.state == state  # nothing changed


@pytest.mark.parametrize("state", sorted(set(State.values) - {State.DEFENCE}))
def test_simple_track_decides_only_from_defence(state):
    with pytest.raises(DomainError):
        _complaint(state, Track.SIMPLE).decide(now=NOW)


def test_simple_track_decides_from_defence_without_hearing():
    complaint = _complaint(State.DEFENCE, Track.SIMPLE)
    complaint.decide(now=NOW)
    assert complaint.state == State.DECIDED


def test_complex_track_cannot_skip_the_hearing():
    with pytest.raises(DomainError):
        _complaint(State.DEFENCE, Track.COMPLEX).decide(now=NOW)


def test_simple_track_has_no_hearing():
    with pytest.raises(DomainError) as exc:
        _complaint(State.DEFENCE, Track.SIMPLE).schedule_hearing()
    assert exc.value.code == "hearing_complex"


@pytest.mark.parametrize(
    ("track", "count", "ok"),
    [
        (Track.COMPLEX, 1, False),
        (Track.COMPLEX, 2, True),
        (Track.SIMPLE, 0, False),
        (Track.SIMPLE, 1, True),
    ],
)
def test_investigators_needed_per_track(track, count, ok):
    complaint = _complaint(State.ACCEPTED, track)
    if ok:
        complaint.start_investigation(investigator_count=count)
    else:
        with pytest.raises(DomainError):
            complaint.start_investigation(investigator_count=count)


def test_material_may_be_requested_only_once():
    complaint = _complaint(State.RECEIVED)
    complaint.request_material(what="合同", now=NOW)
    complaint.material_supplied(now=NOW)
    with pytest.raises(DomainError) as exc:
        complaint.request_material(what="再要一次", now=NOW)
    assert exc.value.code == "material_once"


def test_overriding_the_suggested_track_needs_a_reason():
    complaint = _complaint(State.RECEIVED, "")
    complaint.suggested_track = Track.COMPLEX
    with pytest.raises(DomainError):
        complaint.triage(track=Track.SIMPLE, reason="  ")
    complaint.triage(track=Track.SIMPLE, reason="当事人仅反映沟通问题")
    assert complaint.track == Track.SIMPLE


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("state", "teleported"),
        ("reference", "ABC"),
        ("track", "fast"),
    ],
)
def test_database_refuses_impossible_values(complaint, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(**{field: value})


def test_database_refuses_hearing_on_simple_track(complaint):
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(state=State.HEARING, track=Track.SIMPLE)


def test_database_refuses_decided_without_time(complaint):
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(state=State.DECIDED, track=Track.SIMPLE)


def test_timeline_events_are_immutable_even_in_sql(complaint):
    event = ComplaintEvent.objects.filter(complaint=complaint).first()
    with pytest.raises(DomainError):
        event.save()
    with pytest.raises(DomainError):
        event.delete()
    with pytest.raises(Exception, match="immutable"), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(Exception, match="immutable"), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).delete()
    assert timezone.now() >= event.at
