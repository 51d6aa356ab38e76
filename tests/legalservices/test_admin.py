from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.legalservices.models import MediationRequest, Mediator, ProBonoRecord, RecordStatus
from apps.legalservices.services.mediation import mediator_appoint
from tests.legalservices.factories import (
    EventSlotFactory,
    OverseasOfficeFactory,
    ProBonoEventFactory,
    ProBonoRecordFactory,
)
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "consultationrequest",
    "probonoevent",
    "slotbooking",
    "eventvolunteer",
    "probonorecord",
    "overseasoffice",
    "programme",
    "partneragreement",
    "mediator",
    "mediationrequest",
    "impersonationalert",
    "businessfeedback",
]


@pytest.mark.parametrize("model", MODELS)
def test_member_services_sees_every_list_and_editor_does_not(
    client, member_services, editor, model
):
    url = reverse(f"admin:legalservices_{model}_changelist")
    client.force_login(member_services)
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_verify_action_goes_through_the_service(client, member_services):
    records = ProBonoRecordFactory.create_batch(2)
    client.force_login(member_services)
    response = client.post(
        reverse("admin:legalservices_probonorecord_changelist"),
        {"action": "verify", "_selected_action": [r.pk for r in records]},
    )
    assert response.status_code == 302
    assert set(ProBonoRecord.objects.values_list("status", flat=True)) == {RecordStatus.VERIFIED}
    assert ProBonoRecord.objects.filter(reviewed_by=member_services).count() == 2


def test_staff_see_each_lawyers_hours_with_a_constant_query_count(
    client, member_services, editor, django_assert_max_num_queries
):
    for _ in range(3):
        ProBonoRecordFactory(status=RecordStatus.VERIFIED, date=timezone.localdate())
    url = reverse("admin:legalservices_probonorecord_hours")
    client.force_login(member_services)
    with django_assert_max_num_queries(12):
        response = client.get(url, {"below": "1"})
    assert response.status_code == 200
    for _ in range(20):
        ProBonoRecordFactory(status=RecordStatus.VERIFIED, date=timezone.localdate())
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_event_outcome_page_records_through_the_service(client, member_services):
    event = ProBonoEventFactory(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    url = reverse("admin:legalservices_probonoevent_outcome", args=[event.pk])
    client.force_login(member_services)
    assert client.post(url, {"people_helped": "-1", "consultations_given": "3"}).status_code == 400
    assert (
        client.post(url, {"people_helped": "120", "consultations_given": "80"}).status_code == 302
    )
    event.refresh_from_db()
    assert (event.people_helped, event.outcome_recorded_by) == (120, member_services)
    future = ProBonoEventFactory()
    response = client.post(
        reverse("admin:legalservices_probonoevent_outcome", args=[future.pk]),
        {"people_helped": "1", "consultations_given": "1"},
    )
    assert response.status_code == 400


def test_consultation_queue_shows_the_deadline(client, member_services):
    from apps.legalservices.services.help import consultation_submit
    from apps.members.models import District

    consultation_submit(
        data={
            "topic": "family",
            "description": "离婚财产分割",
            "name": "陈先生",
            "contact_method": "phone",
            "phone": "13900000000",
            "email": "",
            "district": District.objects.first(),
        }
    )
    client.force_login(member_services)
    html = client.get(
        reverse("admin:legalservices_consultationrequest_changelist")
    ).content.decode()
    assert "剩" in html


def test_booking_and_office_admin_pages_load(client, member_services):
    slot = EventSlotFactory()
    office = OverseasOfficeFactory()
    client.force_login(member_services)
    assert (
        client.get(
            reverse("admin:legalservices_probonoevent_change", args=[slot.event_id])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("admin:legalservices_overseasoffice_change", args=[office.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:legalservices_slotbooking_add")).status_code == 403


@pytest.mark.parametrize(("years", "ok"), [(2, False), (3, True), (10, True)])
def test_mediators_need_three_years_in_practice(member_services, years, ok):
    today = timezone.localdate()
    first = today.replace(year=today.year - years) - dt.timedelta(days=1)
    lawyer = LawyerFactory(first_licensed=first)
    if ok:
        mediator_appoint(actor=member_services, lawyer=lawyer)
        assert Mediator.objects.filter(lawyer=lawyer, is_active=True).exists()
    else:
        with pytest.raises(DomainError):
            mediator_appoint(actor=member_services, lawyer=lawyer)


def test_public_mediation_request_gets_a_reference(client):
    response = client.post(
        reverse("legalservices:mediation"),
        {
            "name": "周女士",
            "phone": "13700000000",
            "other_party": "某物业公司",
            "dispute": "物业费争议",
        },
    )
    assert response.status_code == 302
    reference = MediationRequest.objects.get().reference
    assert reference.startswith("TJ")
    assert reference in client.get(response["Location"]).content.decode()
    bad = client.post(reverse("legalservices:mediation"), {"name": "", "phone": "1"})
    assert bad.status_code == 400


def test_staff_mark_a_consultation_answered_only_with_an_answer(client, member_services):
    from apps.legalservices.models import ConsultationRequest
    from apps.legalservices.services.help import consultation_submit
    from apps.members.models import District

    consultation = consultation_submit(
        data={
            "topic": "labour",
            "description": "加班费计算",
            "name": "刘先生",
            "contact_method": "phone",
            "phone": "13900000001",
            "email": "",
            "district": District.objects.first(),
        }
    )
    url = reverse("admin:legalservices_consultationrequest_changelist")
    client.force_login(member_services)
    client.post(url, {"action": "mark_answered", "_selected_action": [consultation.pk]})
    consultation.refresh_from_db()
    assert consultation.status == "new"  # no answer summary yet
    ConsultationRequest.objects.filter(pk=consultation.pk).update(answer="已电话解答，建议先协商。")
    client.post(url, {"action": "mark_answered", "_selected_action": [consultation.pk]})
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    assert consultation.answered_at is not None


def test_agreement_document_must_be_a_real_pdf():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.legalservices.validators import PdfDocumentValidator

    validate = PdfDocumentValidator()
    validate(SimpleUploadedFile("agreement.pdf", b"%PDF-1.7\n..."))
    for name, content in [("agreement.pdf", b"MZ\x90\x00evil"), ("agreement.exe", b"%PDF-1.7")]:
        with pytest.raises(ValidationError):
            validate(SimpleUploadedFile(name, content))
