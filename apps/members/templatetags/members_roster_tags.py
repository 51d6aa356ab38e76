from __future__ import annotations

from typing import Any

from django import template

from ..models import LawFirm
from ..permissions import can_manage_firm

register = template.Library()


@register.simple_tag(takes_context=True)
def administers_firm(context: dict[str, Any], firm: LawFirm) -> bool:
    """`{% administers_firm firm as can_manage %}`: may the viewer request roster changes?"""
    request = context.get("request")
    if request is None or firm is None:
        return False
    return can_manage_firm(request.user, firm)
