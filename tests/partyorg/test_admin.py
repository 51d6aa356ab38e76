"""The registry in admin: party-affairs staff only, drag-and-drop through the rules,
bounded queries on the tree and roster lists, export, health report, merge."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.partyorg.models import OrgKind, OrgStatus, PartyOrganization
from tests.members.factories import LawFirmFactory
from tests.partyorg.factories import OrganizationFactory, member_in, own_branch

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:partyorg_partyorganization_changelist",
    "admin:partyorg_partymember_changelist",
    "admin:partyorg_affiliation_changelist",
    "admin:partyorg_membershiptransfer_changelist",
    "admin:partyorg_honor_changelist",
    "admin:partyorg_health",
    "admin:partyorg_import",
    "admin:partyorg_export",
]


@pytest.mark.parametrize("name", PAGES)
def test_party_affairs_staff_may_use_the_registry(client, party_staff, sector, name):
    client.force_login(party_staff)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["member_services", "reports_staff"])
def test_other_staff_roles_are_refused(client, request, sector, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_the_admin_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_roster_export_is_for_party_affairs_only(client, party_staff, member_services, sector):
    org = own_branch(sector)
    member = member_in(org)
    url = reverse("admin:partyorg_roster_export", args=[org.pk])
    client.force_login(member_services)
    assert client.get(url).status_code == 403
    client.force_login(party_staff)
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [member.name]
    assert client.get(url + "?on=not-a-date").status_code == 400
    assert client.get(reverse("admin:partyorg_roster_export", args=[999999])).status_code == 404


def test_registry_export_lists_organizations_and_members(client, party_staff, sector):
    org = own_branch(sector, name="上海锦瀚律师事务所党支部")
    member = member_in(org)
    client.force_login(party_staff)
    response = client.get(reverse("admin:partyorg_export"))
    book = load_workbook(io.BytesIO(response.content))
    orgs = [row[0] for row in book["党组织"].iter_rows(min_row=2, values_only=True)]
    members = [row[:4] for row in book["党员"].iter_rows(min_row=2, values_only=True)]
    assert "上海锦瀚律师事务所党支部" in orgs
    assert (member.name, member.lawyer.licence_no) == members[0][:2]
    assert members[0][3] == org.name


def _move(client, cut, pasted_on, position="last-child"):
    return client.post(
        reverse("admin:partyorg_partyorganization_changelist"),
        {"cmd": "move_node", "cut_item": cut.pk, "pasted_on": pasted_on.pk, "position": position},
    )


def test_drag_and_drop_reparents_through_the_rules(client, party_staff, sector):
    district = OrganizationFactory(parent=sector, kind=OrgKind.DISTRICT)
    branch = own_branch(sector)
    client.force_login(party_staff)
    response = _move(client, branch, district)
    assert response.content == b"OK, moved."
    branch.refresh_from_db()
    assert branch.parent == district
    assert branch.history.count() == 2


def test_drag_and_drop_refuses_an_invalid_parent(client, party_staff, sector):
    a, b = own_branch(sector), own_branch(sector)
    client.force_login(party_staff)
    response = _move(client, a, b)  # a firm's branch under another firm's branch
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.parent == sector


def test_drag_and_drop_needs_change_permission(client, member_services, sector):
    district = OrganizationFactory(parent=sector, kind=OrgKind.DISTRICT)
    branch = own_branch(sector)
    client.force_login(member_services)
    assert _move(client, branch, district).status_code == 403
    branch.refresh_from_db()
    assert branch.parent == sector


def test_admin_form_shows_a_rule_violation_as_an_error(client, party_staff, sector):
    client.force_login(party_staff)
    response = client.post(
        reverse("admin:partyorg_partyorganization_add"),
        {
            "name": "联合党支部",
            "kind": OrgKind.JOINT_BRANCH,
            "parent": sector.pk,
            "covered_firms": [LawFirmFactory().pk],
            "founded": "2024-07-01",
        },
    )
    assert response.status_code == 200
    assert "两家以上" in response.content.decode()
    assert not PartyOrganization.objects.filter(name="联合党支部").exists()


def test_admin_form_creates_a_joint_branch(client, party_staff, sector):
    client.force_login(party_staff)
    firms = [LawFirmFactory().pk, LawFirmFactory().pk]
    response = client.post(
        reverse("admin:partyorg_partyorganization_add"),
        {
            "name": "联合党支部",
            "kind": OrgKind.JOINT_BRANCH,
            "parent": sector.pk,
            "covered_firms": firms,
            "founded": "2024-07-01",
            "term_start": "2024-07-01",
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"]],
    )
    org = PartyOrganization.objects.get(name="联合党支部")
    assert sorted(org.firms.values_list("pk", flat=True)) == sorted(firms)
    assert org.term_planned_end == dt.date(2027, 7, 1)


def test_merge_view_moves_members(client, party_staff, sector):
    a, b = own_branch(sector), own_branch(sector)
    m = member_in(a)
    client.force_login(party_staff)
    url = reverse("admin:partyorg_close", args=[a.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"status": OrgStatus.MERGED, "on": "2024-09-01"})
    assert bad.status_code == 400
    response = client.post(url, {"status": OrgStatus.MERGED, "on": "2024-09-01", "successor": b.pk})
    assert response.status_code == 302
    assert m.affiliations.get(ended_on__isnull=True).organization == b


def test_health_report_links_each_warning_to_its_fix(client, party_staff, sector):
    org = own_branch(sector, name="上海缺书记律师事务所党支部")
    member_in(org)
    client.force_login(party_staff)
    body = client.get(reverse("admin:partyorg_health")).content.decode()
    assert "未配备书记" in body
    assert reverse("admin:partyorg_partyorganization_change", args=[org.pk]) in body


def _tree(sector, n):
    for i in range(n):
        org = own_branch(sector, name=f"上海第{i}所党支部")
        member_in(org)
        member_in(org)


@pytest.mark.parametrize(
    "name",
    [
        "admin:partyorg_partyorganization_changelist",
        "admin:partyorg_partymember_changelist",
        "admin:partyorg_affiliation_changelist",
    ],
)
@pytest.mark.parametrize("size", [2, 25])
def test_tree_and_roster_lists_have_bounded_queries(
    client, party_staff, sector, name, size, django_assert_max_num_queries
):
    _tree(sector, size)
    client.force_login(party_staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200


def test_organization_change_page_shows_compliance(client, party_staff, sector):
    org = own_branch(sector)
    member_in(org)
    client.force_login(party_staff)
    body = client.get(
        reverse("admin:partyorg_partyorganization_change", args=[org.pk])
    ).content.decode()
    assert "主题党日：0 / 12" in body


def test_probation_actions_confirm_and_extend_through_the_rules(client, party_staff, sector):
    from django.utils import timezone

    from apps.partyorg.models import MemberCategory

    org = own_branch(sector)
    due = timezone.localdate()
    confirm = member_in(org, category=MemberCategory.PROBATIONARY, probation_due=due)
    extend = member_in(org, category=MemberCategory.PROBATIONARY, probation_due=due)
    url = reverse("admin:partyorg_partymember_changelist")
    client.force_login(party_staff)
    client.post(url, {"action": "make_full", "_selected_action": [confirm.pk]})
    client.post(url, {"action": "extend_probation", "_selected_action": [extend.pk]})
    confirm.refresh_from_db()
    extend.refresh_from_db()
    assert confirm.category == MemberCategory.FULL
    assert extend.probation_extended
    # A second extension is refused with a message, not an error page.
    response = client.post(
        url, {"action": "extend_probation", "_selected_action": [extend.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "只能延长一次" in response.content.decode()


def test_committee_inline_refuses_a_probationary_secretary(client, party_staff, sector):
    from apps.partyorg.models import MemberCategory, PositionRole

    org = own_branch(sector)
    probationary = member_in(
        org, category=MemberCategory.PROBATIONARY, probation_due=dt.date(2030, 1, 1)
    )
    client.force_login(party_staff)
    url = reverse("admin:partyorg_partyorganization_change", args=[org.pk])
    data = {
        "name": org.name,
        "kind": org.kind,
        "parent": sector.pk,
        "covered_firms": list(org.firms.values_list("pk", flat=True)),
        "founded": "2015-07-01",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-role": PositionRole.SECRETARY,
        "positions-0-member": probationary.pk,
        "positions-0-started_on": "2024-01-01",
        "elections-TOTAL_FORMS": "0",
        "elections-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "书记、副书记须由正式党员担任" in response.content.decode()
    assert not org.positions.exists()
