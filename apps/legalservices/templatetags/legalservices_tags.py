from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from apps.core.links import url_with
from apps.members.models import Language

from ..countries import country_name

register = template.Library()

_LANGUAGES = dict(Language.choices)


def _separator() -> str:
    return ", " if (get_language() or "").startswith("en") else "、"


@register.filter
def language_names(codes: list[str] | None) -> str:
    return _separator().join(str(_LANGUAGES.get(code, code)) for code in codes or [])


@register.filter
def with_chinese(codes: list[str] | None) -> str:
    """Working languages as shown publicly: Chinese first, then the others."""
    return _separator().join([gettext("中文"), *(str(_LANGUAGES.get(c, c)) for c in codes or [])])


@register.filter
def area_names(ids: list[int] | None, areas: dict[int, Any]) -> str:
    return _separator().join(areas[i].display_name for i in ids or [] if i in areas)


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def lawyer_status(code: str) -> str:
    from apps.members.models import LawyerStatus

    return str(dict(LawyerStatus.choices).get(code, code))


@register.filter
def firm_status(code: str) -> str:
    from apps.members.models import FirmStatus

    return str(dict(FirmStatus.choices).get(code, code))


@register.simple_tag
def lawyer_lookup_row(entry: Any, areas: dict[int, Any]) -> SafeString:
    """One row of the lawyer lookup's table (a LawyerSearchEntry with its firm).

    Written in Python rather than in the template: the page shows 20 rows, and each
    row's two ``{% url %}`` and five filters through the template engine cost ~50 µs.
    Every value is escaped by format_html; tests/legalservices/test_lookup.py pins it.
    """
    firm = entry.firm if entry.firm_id else None
    return format_html(
        "<tr>\n    "
        '<th scope="row"><a href="{}">{}</a></th>\n    '
        "<td>{}</td>\n    "
        "<td>{}</td>\n    "
        '<td><span class="badge badge-{}">{}</span></td>\n    '
        "<td>{}</td>\n  </tr>",
        url_with("legalservices:lawyer_detail", entry.licence_no),
        entry.name,
        entry.licence_no,
        format_html(
            '<a href="{}">{}</a>',
            url_with("legalservices:firm_detail", entry.firm_id),
            firm.display_name,
        )
        if firm is not None
        else "—",
        entry.status,
        lawyer_status(entry.status),
        area_names(entry.practice_area_ids, areas) or "—",
    )
