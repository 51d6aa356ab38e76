"""Audit history of the party registry: a staff change records who, when and
before/after; superusers see it, roles outside party affairs do not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.partyorg.factories import HonorFactory, PartyMemberFactory

pytestmark = pytest.mark.django_db


def test_a_staff_change_to_an_honour_is_recorded_and_shown_to_superusers(
    client, party_affairs, superuser, complaints_officer
):
    honour = HonorFactory(title="先进基层党组织", year=2025)
    client.force_login(party_affairs)
    url = reverse("admin:partyorg_honor_change", args=[honour.pk])
    response = client.post(
        url,
        {
            "level": honour.level,
            "kind": honour.kind,
            "title": "五好党支部",
            "year": 2025,
            "awarded_by": honour.awarded_by,
            "organization": honour.organization_id,
            "member": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    latest = honour.history.latest()
    assert latest.history_user == party_affairs
    assert latest.history_date is not None
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("title", "先进基层党组织", "五好党支部")
    ]

    history_url = reverse("admin:partyorg_honor_history", args=[honour.pk])
    client.force_login(superuser)
    page = client.get(history_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "先进基层党组织" in html
    assert "五好党支部" in html

    client.force_login(complaints_officer)  # no partyorg permission
    assert client.get(history_url).status_code == 403


def test_a_new_party_member_has_a_creation_record():
    member = PartyMemberFactory()
    assert member.history.filter(history_type="+").count() == 1
