"""Render a ReportContent as an xlsx workbook (openpyxl, formula-escaped text) and as a
PDF (ReportLab, built-in STSong-Light CID font as the site's other PDFs, a bar chart
drawn with reportlab.graphics)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.spreadsheets import safe_row

from .report_content import ReportContent

CJK_FONT = "STSong-Light"


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", title)[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]}({n})"
        n += 1
    used.add(name)
    return name


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return ""
    return value


def report_xlsx(content: ReportContent) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = _("概要")
    used = {summary.title}
    bold = Font(bold=True)
    summary.append(safe_row([content.title]))
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(safe_row([content.subtitle]))
    summary.append(
        safe_row(
            [_("生成时间"), timezone.localtime(content.generated_at).strftime("%Y-%m-%d %H:%M")]
        )
    )
    summary.append([])
    summary.append(safe_row([_("表格")]))
    for table in content.tables:
        summary.append(safe_row([table.title]))
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append(safe_row([table.title]))
        sheet["A1"].font = bold
        sheet.append(safe_row(table.columns))
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            sheet.append(safe_row([_cell(v) for v in row]))
        sheet.column_dimensions["A"].width = 28
        for letter in "BCDEFGHI":
            sheet.column_dimensions[letter].width = 16
    summary.column_dimensions["A"].width = 40
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _bar_chart(content: ReportContent, font: str, width: float) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    chart_data = content.chart
    assert chart_data is not None
    drawing = Drawing(width, 200)
    drawing.add(String(0, 188, chart_data.title, fontName=font, fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 40
    chart.width, chart.height = width - 60, 135
    chart.data = [chart_data.values or [0]]
    chart.categoryAxis.categoryNames = chart_data.labels or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(chart_data.labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(chart_data.labels) > 6 else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#9e1b20")
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def report_pdf(content: ReportContent) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=17, leading=24, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15)
    heading = ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=content.title,
        author=_("上海市律师协会"),
    )
    story: list[Any] = [
        Paragraph(_("上海市律师协会"), ParagraphStyle("org", parent=body, alignment=1)),
        Spacer(1, 2 * mm),
        Paragraph(content.title, title_style),
        Spacer(1, 2 * mm),
        Paragraph(content.subtitle, ParagraphStyle("sub", parent=body, alignment=1)),
        Paragraph(
            _("生成时间：%(time)s")
            % {"time": timezone.localtime(content.generated_at).strftime("%Y-%m-%d %H:%M")},
            ParagraphStyle("time", parent=body, alignment=1, fontSize=8.5),
        ),
        Spacer(1, 6 * mm),
    ]
    if content.chart is not None:
        story += [_bar_chart(content, font, doc.width), Spacer(1, 4 * mm)]
    for table in content.tables:
        story.append(Paragraph(table.title, heading))
        data = [[Paragraph(str(c), cell) for c in table.columns]]
        data += [
            [Paragraph(str(_cell(v)) if v != "" else "—", cell) for v in row] for row in table.rows
        ]
        if len(data) == 1:
            data.append([Paragraph(_("（无数据）"), cell)] + [""] * (len(table.columns) - 1))
        first = doc.width * (0.34 if len(table.columns) > 2 else 0.6)
        rest = (doc.width - first) / max(len(table.columns) - 1, 1)
        grid = Table(data, colWidths=[first] + [rest] * (len(table.columns) - 1), repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e7e7")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story += [grid, Spacer(1, 3 * mm)]
    doc.build(story)
    return out.getvalue()
