from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, gettext

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
