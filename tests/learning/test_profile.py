"""Item 12: the lawyer edits contacts and public profile; regulated fields only via staff.

The page and service live in apps.members (members' services do the writes); the tests
sit with the rest of the member-services work.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.core.exceptions import DomainError
from apps.members.models import PracticeArea
from apps.members.services import lawyer_profile_update

pytestmark = pytest.mark.django_db


def test_lawyer_updates_contacts_languages_and_areas(client, lawyer):
    areas = list(PracticeArea.objects.order_by("order")[:2])
    client.force_login(lawyer.user)
    assert client.get(reverse("members:profile")).status_code == 200
    response = client.post(
        reverse("members:profile"),
        {
            "email": " New@Lawyers.Example.CN ",
            "mobile": "13912345678",
            "languages": ["en", "ja"],
            "practice_areas": [a.pk for a in areas],
        },
    )
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert (lawyer.email, lawyer.mobile, lawyer.languages) == (
        "new@lawyers.example.cn",
        "13912345678",
        ["en", "ja"],
    )
    assert set(lawyer.practice_areas.all()) == set(areas)
    assert lawyer.history.count() >= 2  # the change is in the record's history


def test_regulated_fields_posted_to_the_form_are_ignored(client, lawyer, other_firm):
    client.force_login(lawyer.user)
    name, licence, firm = lawyer.name, lawyer.licence_no, lawyer.firm_id
    client.post(
        reverse("members:profile"),
        {"email": "a@b.cn", "name": "冒名", "licence_no": "1" * 17, "firm": other_firm.pk},
    )
    lawyer.refresh_from_db()
    assert (lawyer.name, lawyer.licence_no, lawyer.firm_id) == (name, licence, firm)


def test_invalid_mobile_is_a_400_and_nothing_changes(client, lawyer):
    client.force_login(lawyer.user)
    before = lawyer.mobile
    response = client.post(reverse("members:profile"), {"email": "a@b.cn", "mobile": "123"})
    assert response.status_code == 400
    lawyer.refresh_from_db()
    assert lawyer.mobile == before


def test_service_refuses_regulated_fields_and_other_people(lawyer, outsider):
    with pytest.raises(DomainError):
        lawyer_profile_update(lawyer=lawyer, actor=lawyer.user, data={"name": "改名"})
    with pytest.raises(PermissionDenied):
        lawyer_profile_update(lawyer=lawyer, actor=outsider.user, data={"mobile": "13900000000"})


def test_user_without_lawyer_record_gets_404(client, reader):
    client.force_login(reader)
    assert client.get(reverse("members:profile")).status_code == 404
