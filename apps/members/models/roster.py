from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .firms import LawFirm
from .lawyers import Lawyer


class RosterChangeKind(models.TextChoices):
    JOIN = "join", _("加入本所")
    LEAVE = "leave", _("离开本所")


class RosterChangeStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已撤回")


class RosterChange(models.Model):
    """A firm administrator's request to add a lawyer to, or remove one from, the roster.

    Nothing changes on the roster until member-services staff approve it (the services in
    apps.members.services.roster apply it). A lawyer has at most one pending change, which
    the partial unique constraint enforces even against concurrent submissions.
    """

    firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("律师事务所"),
        on_delete=models.CASCADE,
        related_name="roster_changes",
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("律师"),
        on_delete=models.CASCADE,
        related_name="roster_changes",
    )
    kind = models.CharField(_("变更类型"), max_length=8, choices=RosterChangeKind.choices)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=RosterChangeStatus.choices,
        default=RosterChangeStatus.PENDING,
    )
    reason = models.TextField(_("申请说明"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.TextField(_("处理意见"), max_length=500, blank=True)

    history = HistoricalRecords(verbose_name=_("名册变更申请历史"))

    class Meta:
        verbose_name = _("名册变更申请")
        verbose_name_plural = _("名册变更申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer"],
                condition=Q(status="pending"),
                name="members_rosterchange_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RosterChangeKind.values),
                name="members_rosterchange_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RosterChangeStatus.values),
                name="members_rosterchange_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="members_rosterchange_decided_at_set",
            ),
        ]
        indexes = [
            models.Index(fields=["firm", "-created_at"], name="members_rosterchange_firm"),
            models.Index(fields=["status", "-created_at"], name="members_rosterchange_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.lawyer} · {self.firm}"

    @property
    def is_pending(self) -> bool:
        return self.status == RosterChangeStatus.PENDING
