"""Staff views of the party roster's personal data are logged with who and when
(issue 14, item 7): the member list, a member's record and history, the roster list of
affiliations and the exports. A refused request is not logged as a view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.partyorg.models import RosterAccessLog
from tests.partyorg.factories import member_in, own_branch

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(sector):
    return member_in(own_branch(sector))


def _logged(user, action):
    return list(RosterAccessLog.objects.filter(user=user, action=action))


def test_the_member_list_and_a_members_record_are_logged(client, party_staff, member):
    client.force_login(party_staff)
    assert client.get(reverse("admin:partyorg_partymember_changelist")).status_code == 200
    assert client.get(reverse("admin:partyorg_affiliation_changelist")).status_code == 200
    assert len(_logged(party_staff, "list")) == 2

    change = reverse("admin:partyorg_partymember_change", args=[member.pk])
    assert client.get(change).status_code == 200
    [view] = _logged(party_staff, "view")
    assert view.member == member
    assert view.at is not None

    history = reverse("admin:partyorg_partymember_history", args=[member.pk])
    assert client.get(history).status_code == 200
    [seen] = _logged(party_staff, "history")
    assert seen.member == member


def test_exports_are_logged_with_the_organization(client, party_staff, member):
    org = member.affiliations.get().organization
    client.force_login(party_staff)
    assert client.get(reverse("admin:partyorg_roster_export", args=[org.pk])).status_code == 200
    assert client.get(reverse("admin:partyorg_export")).status_code == 200
    exports = _logged(party_staff, "export")
    assert {e.organization for e in exports} == {org, None}


def test_a_refused_look_is_not_a_view(client, member_services, member):
    client.force_login(member_services)
    change = reverse("admin:partyorg_partymember_change", args=[member.pk])
    assert client.get(change).status_code == 403
    assert client.get(reverse("admin:partyorg_partymember_changelist")).status_code == 403
    assert not RosterAccessLog.objects.exists()


def test_the_log_is_read_only_and_superusers_see_it(client, party_staff, superuser, member):
    client.force_login(party_staff)
    client.get(reverse("admin:partyorg_partymember_change", args=[member.pk]))
    entry = RosterAccessLog.objects.get()

    client.force_login(superuser)
    listing = client.get(reverse("admin:partyorg_rosteraccesslog_changelist"))
    assert listing.status_code == 200
    assert str(party_staff) in listing.content.decode()
    assert client.get(reverse("admin:partyorg_rosteraccesslog_add")).status_code == 403
    delete = reverse("admin:partyorg_rosteraccesslog_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert RosterAccessLog.objects.filter(pk=entry.pk).exists()
