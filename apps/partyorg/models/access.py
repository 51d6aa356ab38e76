"""Who looked at the roster's personal data, and when (as complaints' AccessLog does)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RosterAccessLog(models.Model):
    """One staff view of party members' personal data: the roster list, a member's
    record or history, an export. Written by apps.partyorg.services.roster_access_log;
    read-only for everyone (append-only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    action = models.CharField(_("操作"), max_length=30)
    member = models.ForeignKey(
        "partyorg.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("党员名册查阅记录")
        verbose_name_plural = _("党员名册查阅记录")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["user", "-at"], name="partyorg_access_user"),
            models.Index(fields=["member", "-at"], name="partyorg_access_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
