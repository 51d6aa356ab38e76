from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

_PUBLIC_STAGE_LABELS = {
    "acceptance": _("决定是否受理"),
    "material": _("请您补正材料"),
    "decision_simple": _("作出处理决定"),
    "decision_complex": _("作出处理决定"),
}

_STEP_LABELS = {
    "material_requested": _("需要您补充材料"),
    "accepted": _("投诉已受理"),
    "not_accepted": _("投诉不予受理"),
    "decided": _("已作出处理决定"),
    "review": _("已启动复查"),
}


@register.filter
def stage_public_label(stage: str) -> str:
    return str(_PUBLIC_STAGE_LABELS.get(stage, ""))


@register.filter
def step_label(step: str) -> str:
    return str(_STEP_LABELS.get(step, _("投诉有新的进展")))
