from __future__ import annotations

from typing import Any

from django import template

from ..models import LawFirm
from ..selectors import user_administers_firm

register = template.Library()


@register.simple_tag(takes_context=True)
def administers_firm(context: dict[str, Any], firm: LawFirm) -> bool:
    """`{% administers_firm firm as can_manage %}`: may the viewer request roster changes?"""
    request = context.get("request")
    if request is None or firm is None:
        return False
    return user_administers_firm(user=request.user, firm=firm)
