"""The printable overseas guide: requested by staff, built by a Celery job (tasks.py).

Progress is written as the offices are laid out (one small UPDATE per batch), so the
status page shows how far the job is. The PDF embeds ReportLab's built-in STSong-Light
CID font (no font files needed, Chinese text stays extractable); the xlsx is one sheet
with a row per office.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..countries import CONTINENTS, country_name
from ..models import GuideStatus, OverseasGuideRun, OverseasOffice

PERMISSION = "legalservices.view_overseasoffice"
BATCH = 50
CJK_FONT = "STSong-Light"


def guide_request(*, actor: User) -> OverseasGuideRun:
    """Queue a build; one running or queued build per person at a time."""
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        # Lock the requester's row so two clicks cannot queue two builds.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if OverseasGuideRun.objects.filter(
            requested_by=actor, status__in=[GuideStatus.QUEUED, GuideStatus.RUNNING]
        ).exists():
            raise DomainError(_("您的上一份指南还在生成中。"))
        run = OverseasGuideRun.objects.create(requested_by=actor)
        from ..tasks import overseas_guide_build

        pk = run.pk
        transaction.on_commit(lambda: overseas_guide_build.delay(pk))
    return run


def _offices() -> list[OverseasOffice]:
    return list(
        OverseasOffice.objects.public()
        .select_related("firm")
        .prefetch_related("practice_areas")
        .order_by("continent", "country", "city", "name", "pk")
    )


def _set_progress(run_id: int, done: int, total: int) -> None:
    # Layout is ~90 % of the work; saving the files is the rest.
    percent = 5 + int(85 * done / total) if total else 90
    OverseasGuideRun.objects.filter(pk=run_id).update(progress=percent)


def _office_row(office: OverseasOffice) -> list[str]:
    return [
        str(CONTINENTS.get(office.continent, "")),
        country_name(office.country),
        office.city,
        office.name,
        office.firm.name,
        office.address,
        office.phone,
        office.email,
        office.website,
        "、".join(area.name for area in office.practice_areas.all()),
        office.services,
    ]


def _pdf(offices: list[OverseasOffice], progress: Callable[[int], None]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    title = ParagraphStyle("title", fontName=CJK_FONT, fontSize=18, leading=26)
    heading = ParagraphStyle("heading", fontName=CJK_FONT, fontSize=13, leading=20, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=CJK_FONT, fontSize=8.5, leading=12)
    story: list[Any] = [
        Paragraph(_("上海律师事务所海外服务网点指南"), title),
        Paragraph(
            _("截至 %(date)s，共 %(count)s 个网点。")
            % {"date": timezone.localdate().isoformat(), "count": len(offices)},
            cell,
        ),
        Spacer(1, 6 * mm),
    ]
    current = None
    rows: list[list[Any]] = []

    def flush() -> None:
        if rows:
            table = Table(rows, colWidths=[38 * mm, 42 * mm, 50 * mm, 50 * mm], repeatRows=0)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
            rows.clear()

    for index, office in enumerate(offices, start=1):
        place = (office.country, office.city)
        if place != current:
            flush()
            current = place
            story.append(Paragraph(f"{country_name(office.country)} · {office.city}", heading))
        contact = "<br/>".join(
            part for part in (office.phone, office.email, office.website) if part
        )
        rows.append(
            [
                Paragraph(office.name, cell),
                Paragraph(office.firm.name, cell),
                Paragraph(office.address, cell),
                Paragraph(contact or "—", cell),
            ]
        )
        if index % BATCH == 0:
            progress(index)
    flush()
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=_("上海律师事务所海外服务网点指南"), author="shlawyers"
    ).build(story)
    return buffer.getvalue()


def _xlsx(offices: list[OverseasOffice]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("海外服务网点")
    sheet.append(
        [
            _("大洲"),
            _("国家或地区"),
            _("城市"),
            _("网点名称"),
            _("律师事务所"),
            _("地址"),
            _("办公电话"),
            _("办公邮箱"),
            _("网站"),
            _("业务领域"),
            _("服务内容"),
        ]
    )
    for office in offices:
        # Cells that a spreadsheet would read as a formula are written as text.
        sheet.append([f"'{v}" if v[:1] in "=+-@" else v for v in _office_row(office)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def guide_build(*, run_id: int) -> bool:
    """Build the files of a queued run; False if another worker has it (or it is done)."""
    claimed = OverseasGuideRun.objects.filter(pk=run_id, status=GuideStatus.QUEUED).update(
        status=GuideStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return False
    try:
        offices = _offices()
        total = len(offices)
        OverseasGuideRun.objects.filter(pk=run_id).update(office_count=total, progress=5)
        pdf = _pdf(offices, lambda done: _set_progress(run_id, done, total))
        xlsx = _xlsx(offices)
        run = OverseasGuideRun.objects.get(pk=run_id)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        run.pdf.save(f"overseas-guide-{stamp}.pdf", ContentFile(pdf), save=False)
        run.xlsx.save(f"overseas-guide-{stamp}.xlsx", ContentFile(xlsx), save=False)
        run.status = GuideStatus.DONE
        run.progress = 100
        run.finished_at = timezone.now()
        run.save()
    except Exception as error:
        OverseasGuideRun.objects.filter(pk=run_id).update(
            status=GuideStatus.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    return True
