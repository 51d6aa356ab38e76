from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.core.figures import key_figures_get
from apps.core.panels import panels_render
from apps.legalservices.models import (
    EventVolunteer,
    FeedbackTheme,
    ProBonoKind,
    ProBonoRecord,
    RecordStatus,
)
from apps.legalservices.selectors.probono import (
    feedback_counts_by_theme,
    probono_progress,
    probono_totals,
)
from apps.legalservices.services.help import event_outcome_record, volunteer_sign_up
from apps.legalservices.services.probono import probono_record_review
from apps.members.models import LawyerStatus
from tests.legalservices.factories import ProBonoEventFactory, ProBonoRecordFactory
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def _record_data(**overrides):
    data = {
        "kind": "consultation",
        "date": timezone.localdate().isoformat(),
        "hours": "2.5",
        "people_helped": "4",
        "place": "静安寺街道公共法律服务工作站",
        "summary": "解答居民关于租房押金的咨询",
    }
    data.update(overrides)
    return data


def test_lawyer_logs_a_record_in_the_portal(client, lawyer):
    client.force_login(lawyer.user)
    response = client.post(reverse("legalservices_portal:record_new"), _record_data())
    assert response.status_code == 302
    record = ProBonoRecord.objects.get()
    assert (record.lawyer, record.status, record.hours) == (lawyer, "submitted", Decimal("2.5"))
    page = client.get(reverse("legalservices_portal:probono")).content.decode()
    assert "待核实" in page


@pytest.mark.parametrize(
    "overrides",
    [
        {"date": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
        {"hours": "0"},
        {"hours": "30"},
        {"kind": "shopping"},
        {"summary": ""},
    ],
)
def test_invalid_record_is_400_and_saves_nothing(client, lawyer, overrides):
    client.force_login(lawyer.user)
    response = client.post(reverse("legalservices_portal:record_new"), _record_data(**overrides))
    assert response.status_code == 400
    assert not ProBonoRecord.objects.exists()


def test_anonymous_is_sent_to_login_and_non_lawyer_gets_404(client, member_services):
    url = reverse("legalservices_portal:probono")
    assert client.get(url).status_code == 302
    client.force_login(member_services)
    assert client.get(url).status_code == 404


def test_member_services_verifies_and_totals_count_only_verified(member_services, lawyer):
    verified = ProBonoRecordFactory(lawyer=lawyer, kind=ProBonoKind.LEGAL_AID)
    ProBonoRecordFactory(lawyer=lawyer)  # still submitted
    probono_record_review(actor=member_services, record=verified, verified=True)
    totals = probono_totals(year=verified.date.year)
    assert totals.by_kind["legal_aid"] == 1
    assert totals.by_kind["consultation"] == 0
    with pytest.raises(DomainError):
        probono_record_review(actor=member_services, record=verified, verified=False)


def test_other_roles_cannot_verify(editor, lawyer):
    record = ProBonoRecordFactory(lawyer=lawyer)
    with pytest.raises(PermissionDenied):
        probono_record_review(actor=editor, record=record, verified=True)


def test_totals_add_event_outcomes(member_services):
    event = ProBonoEventFactory(
        starts_at=timezone.now() - dt.timedelta(days=1),
        ends_at=timezone.now() - dt.timedelta(hours=20),
    )
    year = event.starts_at.year
    event_outcome_record(
        actor=member_services, event=event, people_helped=250, consultations_given=180
    )
    ProBonoRecordFactory(status=RecordStatus.VERIFIED, date=dt.date(year, 6, 1))
    totals = probono_totals(year=year)
    assert (totals.event_people, totals.total) == (250, 251)


def test_event_outcome_only_after_the_event_and_by_staff(member_services, editor):
    event = ProBonoEventFactory()  # next week
    with pytest.raises(DomainError):
        event_outcome_record(
            actor=member_services, event=event, people_helped=1, consultations_given=1
        )
    with pytest.raises(PermissionDenied):
        event_outcome_record(actor=editor, event=event, people_helped=1, consultations_given=1)


@pytest.mark.parametrize(
    ("records", "met", "percent"),
    [
        ([("consultation", "10")], False, 20),
        ([("consultation", "30"), ("petition", "20")], True, 100),
        ([("legal_aid", "3"), ("legal_aid", "2")], True, 100),
        ([("legal_aid", "3")], False, 6),
    ],
)
def test_progress_is_fifty_hours_or_two_legal_aid_cases(lawyer, records, met, percent):
    for kind, hours in records:
        ProBonoRecordFactory(
            lawyer=lawyer,
            kind=kind,
            hours=Decimal(hours),
            status=RecordStatus.VERIFIED,
            date=timezone.localdate(),
        )
    ProBonoRecordFactory(
        lawyer=lawyer, hours=Decimal("20"), date=timezone.localdate()
    )  # unverified
    progress = probono_progress(lawyer=lawyer)
    assert (progress.met, progress.percent, progress.pending) == (met, percent, 1)


def test_home_key_figure_counts_services_this_year():
    ProBonoRecordFactory.create_batch(3, status=RecordStatus.VERIFIED, date=timezone.localdate())
    figures = {figure.key: figure for figure in key_figures_get()}
    assert figures["legalservices.probono"].value == 3


def test_portal_home_panel_shows_the_lawyers_hours(lawyer):
    ProBonoRecordFactory(
        lawyer=lawyer,
        hours=Decimal("12.5"),
        status=RecordStatus.VERIFIED,
        date=timezone.localdate(),
    )
    request = RequestFactory().get("/portal/")
    request.user = lawyer.user
    html = "".join(panels_render("portal.home", request, lawyer))
    assert "12.5" in html


def test_volunteer_sign_up_rules(lawyer, colleague):
    event = ProBonoEventFactory(volunteers_needed=1)
    volunteer_sign_up(lawyer=lawyer, event_id=event.pk)
    with pytest.raises(DomainError):
        volunteer_sign_up(lawyer=lawyer, event_id=event.pk)  # twice
    with pytest.raises(DomainError):
        volunteer_sign_up(lawyer=colleague, event_id=event.pk)  # full
    suspended = LawyerFactory(status=LawyerStatus.SUSPENDED)
    with pytest.raises(DomainError):
        volunteer_sign_up(lawyer=suspended, event_id=ProBonoEventFactory().pk)
    assert EventVolunteer.objects.count() == 1


def test_volunteer_from_the_portal(client, lawyer):
    event = ProBonoEventFactory()
    client.force_login(lawyer.user)
    response = client.post(reverse("legalservices_portal:volunteer", args=[event.pk]))
    assert response.status_code == 302
    assert EventVolunteer.objects.filter(event=event, lawyer=lawyer).exists()
    assert client.get(reverse("legalservices_portal:volunteer", args=[event.pk])).status_code == 405


def test_business_feedback_from_the_portal_and_counts_by_theme(client, lawyer):
    client.force_login(lawyer.user)
    data = {
        "theme": "access",
        "title": "看守所会见预约难",
        "description": "周一上午预约系统长时间无号。",
    }
    assert client.post(reverse("legalservices_portal:feedback"), data).status_code == 302
    assert (
        client.post(reverse("legalservices_portal:feedback"), {**data, "theme": "x"}).status_code
        == 400
    )
    counts = feedback_counts_by_theme()
    assert counts[FeedbackTheme.ACCESS] == 1
    assert sum(counts.values()) == 1


def test_totals_follow_a_verification_at_once(member_services, django_capture_on_commit_callbacks):
    record = ProBonoRecordFactory(date=timezone.localdate())
    assert probono_totals().total == 0  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        probono_record_review(actor=member_services, record=record, verified=True)
    assert probono_totals().total == 1
