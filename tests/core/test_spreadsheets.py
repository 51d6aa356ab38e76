"""Exports are data, never formulas: formula-leading text is escaped in every spreadsheet
we write (import-export resources, admin exports, hand-written writers)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib import admin
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX
from import_export.resources import ModelResource

from apps.core.spreadsheets import (
    check_exports_escape_formulae,
    escape_formula,
    safe_row,
    unescape_formula,
)
from apps.members.models import DuesInvoice, Lawyer
from apps.members.resources import DuesInvoiceResource, LawFirmResource, LawyerResource
from tests.members.factories import DuesInvoiceFactory, LawFirmFactory, LawyerFactory

ATTACKS = [
    '=HYPERLINK("http://evil.example","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_leading_text_is_escaped_and_restored(value):
    escaped = escape_formula(value)
    assert escaped == "'" + value
    assert unescape_formula(escaped) == value


@pytest.mark.parametrize(
    "value",
    [
        "张伟",
        "上海市黄浦区",
        "31310000000000001",
        "",
        None,
        42,
        -5,
        Decimal("-1.50"),
        dt.date(2025, 1, 1),
        True,
        "a=b",
        "'quoted",
    ],
)
def test_ordinary_values_are_left_alone(value):
    assert escape_formula(value) == value
    assert unescape_formula(value) == value


def test_safe_row_escapes_each_text_cell_for_csv_writers():
    out = io.StringIO()
    csv.writer(out).writerow(safe_row(["=1+1", "张伟", -3, "@x"]))
    assert out.getvalue().strip() == "'=1+1,张伟,-3,'@x"


def _xlsx_cells(resource, queryset) -> list[list]:
    data = XLSX().export_data(resource.export(queryset))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows()]


@pytest.mark.django_db
def test_lawyer_export_has_no_formula_cells():
    LawyerFactory(name='=HYPERLINK("http://evil.example")', email="x@lawyers.example.cn")
    rows = _xlsx_cells(LawyerResource(), Lawyer.objects.all())
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://evil.example")' in [cell.value for cell in cells]


@pytest.mark.django_db
def test_dues_export_escapes_text_but_keeps_numbers_numbers():
    invoice = DuesInvoiceFactory(number="=1+2", amount=Decimal("2000.00"))
    rows = _xlsx_cells(DuesInvoiceResource(), DuesInvoice.objects.filter(pk=invoice.pk))
    values = [cell.value for cell in rows[1]]
    assert "'=1+2" in values
    assert not [cell for row in rows for cell in row if cell.data_type == "f"]


@pytest.mark.django_db
def test_an_escaped_export_imports_back_unchanged():
    firm = LawFirmFactory(name="+上海某律师事务所")
    row = dict(
        zip(
            LawFirmResource().get_export_headers(),
            LawFirmResource().export_resource(firm),
            strict=True,
        )
    )
    assert "'+上海某律师事务所" in row.values()
    LawFirmResource().before_import_row(row)
    assert "+上海某律师事务所" in row.values()


def test_every_registered_admin_export_escapes_formulae():
    assert check_exports_escape_formulae() == []


def test_an_admin_exporting_with_a_plain_resource_fails_the_check():
    class PlainResource(ModelResource):
        class Meta:
            model = DuesInvoice

    class CarelessAdmin(ExportMixin, admin.ModelAdmin):
        resource_classes = [PlainResource]

    site = admin.site
    saved = site._registry.get(DuesInvoice)
    site._registry[DuesInvoice] = CarelessAdmin(DuesInvoice, site)
    try:
        errors = check_exports_escape_formulae()
    finally:
        site._registry[DuesInvoice] = saved
    assert [error.id for error in errors] == ["core.E003"]


@pytest.mark.django_db
def test_party_registry_export_writes_no_formula(party_affairs):
    from apps.partyorg.services.io import registry_export, roster_export
    from tests.partyorg.factories import member_in, own_branch, sector

    branch = own_branch(sector(), name='=HYPERLINK("http://evil.example")')
    member_in(branch, name="@SUM(1+1)")
    for data in (
        registry_export(actor=party_affairs),
        roster_export(actor=party_affairs, org=branch, on=dt.date(2025, 6, 30)),
    ):
        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert not [text for text in texts if text.startswith(("=", "+", "@"))]
        assert any(text.startswith("'=HYPERLINK") or text.startswith("'@SUM") for text in texts)
