from __future__ import annotations

from typing import Any

from django import template

from apps.members.models import Language

from ..countries import country_name

register = template.Library()

_LANGUAGES = dict(Language.choices)


@register.filter
def language_names(codes: list[str] | None) -> str:
    return "、".join(str(_LANGUAGES.get(code, code)) for code in codes or [])


@register.filter
def area_names(ids: list[int] | None, areas: dict[int, Any]) -> str:
    return "、".join(areas[i].display_name for i in ids or [] if i in areas)


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
