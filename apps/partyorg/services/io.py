"""xlsx import (all or nothing, with a row-by-row report) and export of the registry.

Workbook format (the export writes the same columns, so a file can go round):

* sheet 党组织: 名称 | 类别 | 上级组织 | 覆盖律所 | 成立日期 | 本届开始 | 本届届满
  (类别 is the Chinese label; 上级组织 an existing organization or one earlier in the
  sheet; 覆盖律所 unified social credit codes separated by 、or commas);
* sheet 党员: 姓名 | 执业证号 | 所在律所 | 所属党组织 | 党员类别 | 入党日期 | 转入日期 | 月税后收入
  (a lawyer by licence number; staff who are not lawyers by name and firm code).

The import runs every row through the same services as the admin forms, each in a
savepoint, so every row is checked against every hard rule and gets its own message; if
any row fails, the whole transaction is rolled back and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext

if TYPE_CHECKING:
    from openpyxl import Workbook

from apps.core.exceptions import DomainError
from apps.core.spreadsheets import safe_row
from apps.members.models import LawFirm, Lawyer

from .. import permissions
from ..models import (
    Affiliation,
    CommitteePosition,
    MemberCategory,
    OrgKind,
    PartyOrganization,
    PositionRole,
)
from . import members as member_services
from . import organizations as org_services

ORG_SHEET = "党组织"
MEMBER_SHEET = "党员"
ORG_COLUMNS = ("名称", "类别", "上级组织", "覆盖律所", "成立日期", "本届开始", "本届届满")
MEMBER_COLUMNS = (
    "姓名",
    "执业证号",
    "所在律所",
    "所属党组织",
    "党员类别",
    "入党日期",
    "转入日期",
    "月税后收入",
)
MAX_ROWS = 50_000
SEPARATORS = re.compile(r"[、,，;；\s]+")


@dataclass
class RowResult:
    sheet: str
    row: int
    label: str
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.error_rows


class _Rollback(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise DomainError(gettext("“%(col)s”不能为空。") % {"col": label})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).replace("/", "-").replace(".", "-"))
    except ValueError as exc:
        raise DomainError(
            gettext("“%(col)s”不是有效日期（应为 2024-05-01 格式）。") % {"col": label}
        ) from exc


def _choice(value: Any, choices: Any, label: str) -> str:
    """A choice by its stored value or its Chinese label (the file format's language)."""
    text = _text(value)
    with translation.override("zh-hans"):
        source = {str(choice.label): choice.value for choice in choices}
    if text in source.values():
        return text
    if text in source:
        return source[text]
    raise DomainError(
        gettext("“%(col)s”应为：%(allowed)s。") % {"col": label, "allowed": "、".join(source)}
    )


def _header(sheet: Any, expected: tuple[str, ...]) -> list[str]:
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    found = [_text(v) for v in first[: len(expected)]]
    missing = [col for col in expected if col not in found]
    if missing:
        raise DomainError(
            gettext("工作表“%(sheet)s”缺少列：%(cols)s。")
            % {"sheet": sheet.title, "cols": "、".join(missing)}
        )
    return found


def _rows(sheet: Any, expected: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    header = _header(sheet, expected)
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        rows.append(
            (number, {col: values[i] if i < len(values) else None for i, col in enumerate(header)})
        )
        if len(rows) > MAX_ROWS:
            raise DomainError(gettext("文件行数过多（每个工作表最多50000行）。"))
    return rows


def _org_by_name(name: str, created: dict[str, PartyOrganization]) -> PartyOrganization:
    if name in created:
        return created[name]
    found = list(PartyOrganization.objects.active().filter(name=name)[:2])
    if not found:
        raise DomainError(gettext("找不到党组织“%(name)s”。") % {"name": name})
    if len(found) > 1:
        raise DomainError(gettext("党组织名称“%(name)s”不唯一。") % {"name": name})
    return found[0]


def _firms(codes: str) -> list[LawFirm]:
    wanted = [c.upper() for c in SEPARATORS.split(codes) if c]
    firms = {f.uscc: f for f in LawFirm.objects.filter(uscc__in=wanted)}
    missing = [c for c in wanted if c not in firms]
    if missing:
        raise DomainError(gettext("找不到律所：%(codes)s。") % {"codes": "、".join(missing)})
    return [firms[c] for c in wanted]


def _pending_full_members(member_rows: list[tuple[int, dict[str, Any]]]) -> dict[int, int]:
    """{firm id: full members the members sheet adds}, for the own-organization minimum."""
    licences = {_text(r["执业证号"]) for _n, r in member_rows if _text(r.get("执业证号"))}
    lawyer_firm = dict(
        Lawyer.objects.filter(licence_no__in=licences).values_list("licence_no", "firm_id")
    )
    codes = {_text(r["所在律所"]).upper() for _n, r in member_rows if _text(r.get("所在律所"))}
    firm_ids = dict(LawFirm.objects.filter(uscc__in=codes).values_list("uscc", "pk"))
    counts: dict[int, int] = {}
    for _n, row in member_rows:
        if _text(row.get("党员类别")) not in ("正式党员", MemberCategory.FULL):
            continue
        licence = _text(row.get("执业证号"))
        firm_id = (
            lawyer_firm.get(licence)
            if licence
            else firm_ids.get(_text(row.get("所在律所")).upper())
        )
        if firm_id:
            counts[firm_id] = counts.get(firm_id, 0) + 1
    return counts


def registry_import(*, actor: Any, file: IO[bytes]) -> ImportReport:
    """Import the workbook all or nothing; the report says what each row did or why not."""
    permissions.require(permissions.can_manage(actor) and permissions.can_manage_members(actor))
    report = ImportReport()
    from openpyxl import load_workbook  # lazy: ~15 MB a web worker need not carry

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not xlsx
        report.file_errors.append(gettext("无法读取文件，请上传 .xlsx 格式的工作簿。"))
        return report
    try:
        org_rows = (
            _rows(workbook[ORG_SHEET], ORG_COLUMNS) if ORG_SHEET in workbook.sheetnames else []
        )
        member_rows = (
            _rows(workbook[MEMBER_SHEET], MEMBER_COLUMNS)
            if MEMBER_SHEET in workbook.sheetnames
            else []
        )
    except DomainError as exc:
        report.file_errors.append(exc.message)
        return report
    if not org_rows and not member_rows:
        report.file_errors.append(gettext("文件中没有数据：需要名为“党组织”或“党员”的工作表。"))
        return report
    try:
        with transaction.atomic():
            created: dict[str, PartyOrganization] = {}
            pending = _pending_full_members(member_rows)
            for number, row in org_rows:
                result = RowResult(ORG_SHEET, number, _text(row.get("名称")))
                report.rows.append(result)
                try:
                    with transaction.atomic():
                        org = _import_org(actor, row, created, pending)
                        created[org.name] = org
                except DomainError as exc:
                    result.errors.append(exc.message)
            for number, row in member_rows:
                result = RowResult(
                    MEMBER_SHEET, number, _text(row.get("姓名")) or _text(row.get("执业证号"))
                )
                report.rows.append(result)
                try:
                    with transaction.atomic():
                        _import_member(actor, row, created)
                except DomainError as exc:
                    result.errors.append(exc.message)
            if report.error_rows:
                raise _Rollback
    except _Rollback:
        return report
    report.committed = True
    return report


def _import_org(
    actor: Any, row: dict[str, Any], created: dict[str, PartyOrganization], pending: dict[int, int]
) -> PartyOrganization:
    name = _text(row.get("名称"))
    if not name:
        raise DomainError(gettext("“名称”不能为空。"))
    kind = _choice(row.get("类别"), OrgKind, "类别")
    parent_name = _text(row.get("上级组织"))
    parent = _org_by_name(parent_name, created) if parent_name else None
    firms = _firms(_text(row.get("覆盖律所")))
    extra = pending.get(firms[0].pk, 0) if len(firms) == 1 else 0
    return org_services.organization_create(
        actor=actor,
        name=name,
        kind=kind,
        parent=parent,
        founded=_date(row.get("成立日期"), "成立日期"),  # type: ignore[arg-type]
        firms=firms,
        term_start=_date(row.get("本届开始"), "本届开始", required=False),
        term_planned_end=_date(row.get("本届届满"), "本届届满", required=False),
        pending_full_members=extra,
    )


def _import_member(actor: Any, row: dict[str, Any], created: dict[str, PartyOrganization]) -> None:
    licence = _text(row.get("执业证号"))
    lawyer = None
    staff_firm = None
    if licence:
        lawyer = Lawyer.objects.filter(licence_no=licence).first()
        if lawyer is None:
            raise DomainError(gettext("找不到执业证号为%(no)s的律师。") % {"no": licence})
    else:
        code = _text(row.get("所在律所"))
        if not code:
            raise DomainError(gettext("非律师党员须填写所在律所。"))
        staff_firm = _firms(code)[0]
    org_name = _text(row.get("所属党组织"))
    if not org_name:
        raise DomainError(gettext("“所属党组织”不能为空。"))
    try:
        income = Decimal(_text(row.get("月税后收入")) or "0")
    except InvalidOperation as exc:
        raise DomainError(gettext("“月税后收入”应为数字。")) from exc
    member_services.member_register(
        actor=actor,
        organization=_org_by_name(org_name, created),
        joined_on=_date(row.get("转入日期"), "转入日期"),  # type: ignore[arg-type]
        joined_party_on=_date(row.get("入党日期"), "入党日期"),  # type: ignore[arg-type]
        category=_choice(row.get("党员类别"), MemberCategory, "党员类别"),
        lawyer=lawyer,
        name=_text(row.get("姓名")),
        staff_firm=staff_firm,
        monthly_income=income,
    )


# --- export ---------------------------------------------------------------------------


def _xlsx(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _member_rows(members: Any) -> Any:
    for m in members:
        firm = m.lawyer.firm if m.lawyer_id else m.staff_firm
        yield (
            m.name,
            m.lawyer.licence_no if m.lawyer_id else "",
            firm.uscc if firm and not m.lawyer_id else (firm.name if firm else ""),
            getattr(m, "org_name", "") or "",
            str(MemberCategory(m.category).label),
            m.joined_party_on,
            getattr(m, "entered_on", None),
            m.monthly_income,
        )


def registry_export(*, actor: Any) -> bytes:
    """Every active organization and every current member (party-affairs staff only)."""
    permissions.require(permissions.can_export(actor))
    from openpyxl import Workbook  # lazy: ~15 MB a web worker need not carry

    workbook = Workbook(write_only=True)
    orgs = workbook.create_sheet(ORG_SHEET)
    orgs.append([*ORG_COLUMNS, "状态", "党员人数", "书记"])
    secretary = CommitteePosition.objects.filter(
        organization=OuterRef("pk"), role=PositionRole.SECRETARY, ended_on__isnull=True
    ).values("member__name")[:1]
    rows = (
        PartyOrganization.objects.active()
        .select_related("parent")
        .annotate(
            n=Count("affiliations", filter=Q(affiliations__ended_on__isnull=True)),
            secretary=Subquery(secretary),
        )
        .order_by("tree_id", "lft")
    )
    firm_codes: dict[int, list[str]] = {}
    for org_id, uscc in PartyOrganization.firms.through.objects.values_list(
        "organization_id", "firm__uscc"
    ):
        firm_codes.setdefault(org_id, []).append(uscc)
    for org in rows:
        orgs.append(
            safe_row(
                [
                    org.name,
                    str(OrgKind(org.kind).label),
                    org.parent.name if org.parent_id else "",
                    "、".join(firm_codes.get(org.pk, [])),
                    org.founded,
                    org.term_start,
                    org.term_planned_end,
                    org.get_status_display(),
                    org.n,
                    org.secretary or "",
                ]
            )
        )
    sheet = workbook.create_sheet(MEMBER_SHEET)
    sheet.append(list(MEMBER_COLUMNS))
    stays = (
        Affiliation.objects.filter(ended_on__isnull=True, organization__status="active")
        .select_related(
            "organization", "member", "member__lawyer", "member__lawyer__firm", "member__staff_firm"
        )
        .order_by("organization__tree_id", "organization__lft", "member__name", "member_id")
    )
    for stay in stays.iterator(chunk_size=2000):
        member = stay.member
        # The same two values the roster export annotates in SQL (see _member_rows).
        vars(member).update(org_name=stay.organization.name, entered_on=stay.started_on)
        for values in _member_rows([member]):
            sheet.append(safe_row(values))
    return _xlsx(workbook)


def roster_export(*, actor: Any, org: PartyOrganization, on: dt.date) -> bytes:
    """The roster of one organization (and those below it) on a date."""
    from ..selectors.registry import roster_on

    permissions.require(permissions.can_export(actor))
    from openpyxl import Workbook  # lazy: ~15 MB a web worker need not carry

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(MEMBER_SHEET)
    sheet.append(safe_row([f"{org.name} · {on:%Y-%m-%d}"]))
    sheet.append(list(MEMBER_COLUMNS))
    aff = Affiliation.objects.filter(member=OuterRef("pk"), started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    members = roster_on(org, on, include_descendants=True).annotate(
        org_name=Subquery(aff.values("organization__name")[:1]),
        entered_on=Subquery(aff.values("started_on")[:1]),
    )
    for values in _member_rows(members):
        sheet.append(safe_row(values))
    return _xlsx(workbook)


__all__ = ["ImportReport", "RowResult", "registry_export", "registry_import", "roster_export"]
