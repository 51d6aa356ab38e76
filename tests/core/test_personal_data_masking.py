"""ID numbers, phones and private persons' names are masked in admin lists and exports
unless the role needs them (issue 14, item 7; apps.core.pii).

For every admin holding such data outside complaints and members (which have their own
tests): staff who only view the rows see masks in the changelist, on the change page and
in the CSV export, and cannot search or filter by the hidden values; member services,
who answer the requests and handle the bookings, see them in clear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apps.core.pii import mask_email, mask_id_number, mask_name, mask_phone
from tests.accounts.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_masks():
    assert mask_id_number("310101197501080157") == "310***********0157"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("021-12345678") == "021*****5678"
    assert mask_name("张伟") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_email("zhangwei@example.cn") == "z***@example.cn"
    assert mask_phone("") == mask_name("") == mask_id_number("") == ""


def _consultation() -> models.Model:
    from apps.legalservices.models import ConsultationRequest
    from apps.members.models import District

    return ConsultationRequest.objects.create(
        reference="ZX2026-000901",
        topic="labour",
        description="公司拖欠工资三个月，如何维权？",
        name="王秀英",
        contact_method="phone",
        phone="13812345678",
        email="wangxiuying@example.cn",
        district=District.objects.get(code="310106"),
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )


def _mediation() -> models.Model:
    from apps.legalservices.models import MediationRequest

    return MediationRequest.objects.create(
        reference="TJ2026-000901",
        name="李建国",
        phone="13712345678",
        other_party="赵德明",
        dispute="装修款结算纠纷。",
    )


def _slot_booking() -> models.Model:
    from apps.legalservices.models import SlotBooking
    from tests.legalservices.factories import EventSlotFactory

    return SlotBooking.objects.create(
        slot=EventSlotFactory(), reference="YY2026-000901", name="陈桂兰", phone="13612345678"
    )


def _visit_booking() -> models.Model:
    from apps.bookings.models import Booking
    from tests.bookings.factories import SlotFactory
    from tests.members.factories import LawyerFactory

    slot = SlotFactory()
    return Booking.objects.create(
        slot=slot,
        lawyer=LawyerFactory(),
        facility=slot.room.facility,
        date=slot.date,
        half=slot.half,
        detainee_name="周志强",
        client_name="周美玲",
        case_reference="涉嫌盗窃罪",
    )


@dataclass(frozen=True)
class Case:
    build: Callable[[], models.Model]
    secrets: dict[str, Callable[[str], str]]  # field -> its mask


CASES = {
    "legalservices.ConsultationRequest": Case(
        _consultation, {"name": mask_name, "phone": mask_phone}
    ),
    "legalservices.MediationRequest": Case(_mediation, {"name": mask_name, "phone": mask_phone}),
    "legalservices.SlotBooking": Case(_slot_booking, {"name": mask_name, "phone": mask_phone}),
    "bookings.Booking": Case(
        _visit_booking, {"detainee_name": mask_name, "client_name": mask_name}
    ),
}


def _viewer(obj: models.Model):
    """Staff who may see the rows but not work them (an auditor, say)."""
    opts = obj._meta
    user = StaffFactory(email=f"viewer-{opts.model_name}@example.cn")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label=opts.app_label, codename=f"view_{opts.model_name}"
        )
    )
    return user


def _urls(obj: models.Model) -> tuple[str, str]:
    opts = obj._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    return reverse(f"{prefix}_changelist"), reverse(f"{prefix}_change", args=[obj.pk])


def _export(client, changelist: str, obj: models.Model) -> str:
    response = client.post(changelist, {"action": "export_csv", "_selected_action": [obj.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("label", list(CASES))
def test_view_only_staff_see_masks_in_list_change_page_and_export(client, label):
    case = CASES[label]
    obj = case.build()
    changelist, change = _urls(obj)
    client.force_login(_viewer(obj))

    pages = {
        "changelist": client.get(changelist).content.decode(),
        "change page": client.get(change).content.decode(),
        "export": _export(client, changelist, obj),
    }
    for field, mask in case.secrets.items():
        value = getattr(obj, field)
        for where, body in pages.items():
            assert value not in body, f"{label}.{field} in clear in the {where}"
        assert mask(value) in pages["changelist"], f"{label}.{field}: no mask in the list"
        assert mask(value) in pages["export"], f"{label}.{field}: no mask in the export"
    if hasattr(obj, "history"):  # old and new values in clear: not for them
        opts = obj._meta
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        assert client.get(history).status_code == 403


@pytest.mark.parametrize("label", list(CASES))
def test_view_only_staff_cannot_filter_on_hidden_values(client, label):
    case = CASES[label]
    obj = case.build()
    changelist, _change = _urls(obj)
    client.force_login(_viewer(obj))
    field = next(iter(case.secrets))
    value = getattr(obj, field)
    response = client.get(changelist, {f"{field}__startswith": value[:1]})
    # Django admin answers a disallowed lookup with 400 (DisallowedModelAdminLookup)
    # or by redirecting with ?e=1; either way no row is filtered by it.
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("label", list(CASES))
def test_member_services_see_the_values_they_work_with(client, member_services, label):
    case = CASES[label]
    obj = case.build()
    changelist, change = _urls(obj)
    client.force_login(member_services)

    listing = client.get(changelist).content.decode()
    export = _export(client, changelist, obj)
    page = client.get(change).content.decode()
    for field in case.secrets:
        value = getattr(obj, field)
        assert value in listing, f"{label}.{field} not in the list"
        assert value in export, f"{label}.{field} not in the export"
        assert value in page, f"{label}.{field} not on the change page"
