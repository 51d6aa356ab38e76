"""xlsx import: every row checked, all or nothing, a row-by-row report."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.partyorg.models import PartyMember, PartyOrganization
from apps.partyorg.services import io as registry_io
from tests.members.factories import LawFirmFactory, LawyerFactory

pytestmark = pytest.mark.django_db


def _xlsx(orgs, members):
    book = Workbook()
    sheet = book.active
    sheet.title = registry_io.ORG_SHEET
    sheet.append(list(registry_io.ORG_COLUMNS))
    for row in orgs:
        sheet.append(row)
    sheet = book.create_sheet(registry_io.MEMBER_SHEET)
    sheet.append(list(registry_io.MEMBER_COLUMNS))
    for row in members:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def workbook_rows(sector):
    firm, small_a, small_b = LawFirmFactory(), LawFirmFactory(), LawFirmFactory()
    lawyers = [LawyerFactory(firm=firm) for _ in range(3)]
    small = LawyerFactory(firm=small_a)
    orgs = [
        ["上海甲所党支部", "党支部", sector.name, firm.uscc, "2024-07-01", "2024-07-01", None],
        [
            "联合党支部一",
            "联合党支部",
            sector.name,
            f"{small_a.uscc}、{small_b.uscc}",
            "2024-07-01",
            None,
            None,
        ],
    ]
    members = [
        [
            lw.name,
            lw.licence_no,
            None,
            "上海甲所党支部",
            "正式党员",
            "2005-07-01",
            "2024-07-02",
            8000,
        ]
        for lw in lawyers
    ]
    members.append(
        [
            small.name,
            small.licence_no,
            None,
            "联合党支部一",
            "预备党员",
            "2024-05-01",
            "2024-07-02",
            3000,
        ]
    )
    members.append(
        [
            "行政主管",
            None,
            small_b.uscc,
            "联合党支部一",
            "正式党员",
            "2001-07-01",
            "2024-07-02",
            None,
        ]
    )
    return orgs, members


def test_import_of_a_valid_workbook_saves_everything(party_staff, workbook_rows):
    orgs, members = workbook_rows
    report = registry_io.registry_import(actor=party_staff, file=_xlsx(orgs, members))
    assert report.committed, [(r.row, r.errors) for r in report.error_rows]
    assert len(report.rows) == 7
    branch = PartyOrganization.objects.get(name="上海甲所党支部")
    assert branch.term_planned_end.isoformat() == "2027-07-01"
    assert branch.affiliations.count() == 3  # three full members: its own branch is allowed
    assert PartyMember.objects.filter(staff_firm__isnull=False).count() == 1


def test_one_bad_row_imports_nothing_and_is_named(party_staff, workbook_rows):
    orgs, members = workbook_rows
    members[3][1] = "99999999999999999"  # no such licence
    members[4][4] = "积极分子"  # not a category
    report = registry_io.registry_import(actor=party_staff, file=_xlsx(orgs, members))
    assert not report.committed
    assert [(r.sheet, r.row) for r in report.error_rows] == [("党员", 5), ("党员", 6)]
    assert "找不到执业证号" in report.error_rows[0].errors[0]
    assert "党员类别" in report.error_rows[1].errors[0]
    assert not PartyOrganization.objects.exclude(
        pk__in=[o.pk for o in PartyOrganization.objects.filter(kind="sector_committee")]
    ).exists()
    assert not PartyMember.objects.exists()


def test_hard_rules_apply_to_imported_rows(party_staff, workbook_rows):
    orgs, members = workbook_rows
    del members[2]  # the firm is left with two full members: no branch of its own
    report = registry_io.registry_import(actor=party_staff, file=_xlsx(orgs, members))
    assert not report.committed
    assert "不足3名" in report.error_rows[0].errors[0]
    assert PartyOrganization.objects.count() == 1  # the sector committee only


def test_import_view_reports_rows_with_400(client, party_staff, workbook_rows):
    orgs, members = workbook_rows
    orgs[1][1] = "党小组"
    client.force_login(party_staff)
    upload = SimpleUploadedFile("registry.xlsx", _xlsx(orgs, members).read())
    response = client.post(reverse("admin:partyorg_import"), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "未导入" in body
    assert "不能设在" in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("registry.csv", b"a,b", "xlsx"),
        ("registry.xlsx", b"not a workbook", "无法读取"),
    ],
)
def test_import_view_refuses_files_that_are_not_workbooks(
    client, party_staff, name, content, message
):
    client.force_login(party_staff)
    response = client.post(
        reverse("admin:partyorg_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_import_needs_party_affairs(member_services, workbook_rows):
    from django.core.exceptions import PermissionDenied

    orgs, members = workbook_rows
    with pytest.raises(PermissionDenied):
        registry_io.registry_import(actor=member_services, file=_xlsx(orgs, members))
