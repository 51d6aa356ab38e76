"""The certificate of CLE hours (学时证明) as a PDF.

The font: Noto Sans CJK from Debian's ``fonts-noto-cjk`` cannot be embedded by ReportLab
(its outlines are CFF, ReportLab embeds TrueType only), so the certificate uses ReportLab's
built-in ``STSong-Light`` CID font like the other PDFs of the site (apps.news demo media,
the overseas guide): no font file needed, and the Chinese text stays extractable.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.members.models import Lawyer

from .models import CreditEntry
from .selectors import Progress

CJK_FONT = "STSong-Light"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def certificate_pdf(*, lawyer: Lawyer, progress: Progress, credits: list[CreditEntry]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=13)
    title = _("律师继续教育学时证明")
    firm = lawyer.firm.name if lawyer.firm else "—"
    story: list[Any] = [
        Paragraph(_("上海市律师协会"), ParagraphStyle("org", parent=body, alignment=1)),
        Spacer(1, 3 * mm),
        Paragraph(title, title_style),
        Spacer(1, 8 * mm),
        Paragraph(
            _(
                "兹证明 %(name)s 律师（执业证号 %(licence)s，执业机构 %(firm)s）"
                "%(year)s 年度已取得继续教育学时 %(earned)s 学时"
                "（现场 %(onsite)s 学时，线上 %(online)s 学时），本年度应修 %(required)s 学时。"
            )
            % {
                "name": lawyer.name,
                "licence": lawyer.licence_no,
                "firm": firm,
                "year": progress.year,
                "earned": progress.earned,
                "onsite": progress.onsite,
                "online": progress.online,
                "required": progress.required,
            },
            body,
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            _(
                "现场学时按自然年计算，线上学时按 %(year)s 年 4 月 1 日至次年 3 月 31 日计算；"
                "45 分钟折合 1 学时。"
            )
            % {"year": progress.year},
            cell,
        ),
        Spacer(1, 6 * mm),
    ]
    rows: list[list[Any]] = [
        [Paragraph(text, cell) for text in (_("日期"), _("学习内容"), _("方式"), _("学时"))]
    ]
    for credit in credits:
        rows.append(
            [
                Paragraph(credit.credited_on.isoformat(), cell),
                Paragraph(credit.title, cell),
                Paragraph(str(credit.get_mode_display()), cell),
                Paragraph(str(credit.hours), cell),
            ]
        )
    if len(rows) == 1:
        rows.append([Paragraph("—", cell)] * 4)
    table = Table(rows, colWidths=[28 * mm, 92 * mm, 30 * mm, 20 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e9e9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 10 * mm),
        Paragraph(
            _("出具日期：%(date)s") % {"date": timezone.localdate().isoformat()},
            ParagraphStyle("date", parent=body, alignment=2),
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=_("上海市律师协会"),
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()
