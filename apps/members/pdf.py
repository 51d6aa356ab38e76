"""The receipt for one dues payment (会费收据) as a PDF.

Uses ReportLab's built-in ``STSong-Light`` CID font like the site's other PDFs (see
apps.learning.pdf): no font file to ship, and the Chinese text stays extractable.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DuesPayment
from .services.dues_rules import fee_year_label

CJK_FONT = "STSong-Light"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def dues_receipt_pdf(*, payment: DuesPayment, paid_before: Any, outstanding: Any) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    invoice = payment.invoice
    title_style = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16)
    payer = invoice.lawyer or invoice.firm
    payer_id = invoice.lawyer.licence_no if invoice.lawyer else invoice.firm.uscc  # type: ignore[union-attr]
    rows = [
        [_("收据号"), payment.number, _("缴费单号"), invoice.number],
        [_("缴费人"), str(payer), _("执业证号 / 统一社会信用代码"), payer_id],
        [_("会费年度"), fee_year_label(invoice.year), _("应缴金额（元）"), str(invoice.amount)],
        [_("本次缴费（元）"), str(payment.amount), _("缴费方式"), payment.get_method_display()],
        [_("缴费日期"), payment.paid_on.isoformat(), _("凭证号"), payment.reference or "—"],
        [_("此前已缴（元）"), str(paid_before), _("尚欠金额（元）"), str(outstanding)],
    ]
    table = Table(
        [[Paragraph(str(c), body) for c in row] for row in rows],
        colWidths=[32 * mm, 58 * mm, 42 * mm, 58 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                ("BACKGROUND", (2, 0), (2, -1), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    recorder = payment.recorded_by.get_full_name() or payment.recorded_by.email
    story: list[Any] = [
        Paragraph(_("上海市律师协会"), ParagraphStyle("org", parent=body, alignment=1)),
        Spacer(1, 2 * mm),
        Paragraph(_("会费收据"), title_style),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 5 * mm),
        Paragraph(
            _("登记人：%(who)s　登记时间：%(when)s　打印时间：%(now)s")
            % {
                "who": recorder,
                "when": timezone.localtime(payment.recorded_at).strftime("%Y-%m-%d %H:%M"),
                "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            },
            body,
        ),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A5),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=_("会费收据") + " " + payment.number,
    )
    doc.build(story)
    return buffer.getvalue()
