"""Spreadsheet export of complaints: ID numbers masked always, names only with PII rights."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.pii import mask_id_number

from .models import Complaint

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Text a spreadsheet could run as a formula is written as plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def complaints_xlsx(complaints: Iterable[Complaint], *, with_pii: bool) -> bytes:
    # openpyxl costs ~15 MB a process: loaded on the first export, not by every web
    # worker at start-up (bench/README.md "Worker memory").
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("投诉")
    headers = [
        _("投诉编号"),
        _("状态"),
        _("程序"),
        _("投诉类别"),
        _("被投诉人"),
        _("提交时间"),
        _("本阶段期限"),
    ]
    if with_pii:
        headers += [_("投诉人姓名"), _("证件号码（脱敏）")]
    sheet.append(headers)
    for c in complaints:
        row: list[object] = [
            c.reference,
            c.get_state_display(),
            c.get_track_display(),
            c.get_category_display(),
            c.respondent_display,
            timezone.localtime(c.submitted_at).replace(tzinfo=None),
            c.due_on,
        ]
        if with_pii:
            row += [c.complainant_name, mask_id_number(c.complainant_id_number)]
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
