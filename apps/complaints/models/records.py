"""What happens to a complaint: timeline events, files, people, defence, hearing, decision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.exceptions import DomainError
from apps.core.uploads import private_storage

from .complaint import Complaint, Outcome, Sanction


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交投诉")
    MATERIAL_REQUESTED = "material_requested", _("要求补正材料")
    SUPPLEMENT = "supplement", _("投诉人补充材料")
    TRIAGED = "triaged", _("分流")
    ACCEPTED = "accepted", _("受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    INVESTIGATION = "investigation", _("开始调查")
    RESPONDENT_NOTIFIED = "respondent_notified", _("通知被投诉人答辩")
    DEFENCE = "defence", _("被投诉人提交答辩")
    HEARING = "hearing", _("安排听证")
    DECIDED = "decided", _("作出决定")
    CLOSED = "closed", _("结案")
    REVIEW = "review", _("启动复查")
    PII_PURGED = "pii_purged", _("清除个人信息")


class ComplaintEvent(models.Model):
    """One step on a complaint's timeline. Immutable: the model refuses updates and
    deletes, and a database trigger (migration 0002) refuses them for raw SQL as well."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(_("原状态"), max_length=20, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, blank=True)
    reason = models.TextField(_("内部说明"), blank=True)
    public = models.BooleanField(_("投诉人可见"), default=True)
    public_note = models.TextField(_("对投诉人的说明"), blank=True)

    class Meta:
        verbose_name = _("投诉时间线")
        verbose_name_plural = _("投诉时间线")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at", "id"], name="complaints_event_tl")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("Timeline events are immutable.", code="event_immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("Timeline events are immutable.", code="event_immutable")


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("证据材料")
    POWER_OF_ATTORNEY = "poa", _("授权委托书")
    SUPPLEMENT = "supplement", _("补充材料")
    DEFENCE = "defence", _("答辩材料")


def _upload_to(instance: ComplaintAttachment, filename: str) -> str:
    # The stored name is random: the original name (personal data) is kept in a field.
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:6]
    return f"complaints/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to=_upload_to, storage=private_storage)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    # Who handed it in: the complainant (no account needed) or the respondent's user.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("投诉附件")
        verbose_name_plural = _("投诉附件")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["complaint", "kind"], name="complaints_att_kind")]

    def __str__(self) -> str:
        return self.original_name


class ComplaintInvestigator(models.Model):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="investigators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调查人员"),
        on_delete=models.PROTECT,
        related_name="complaint_investigations",
    )
    assigned_at = models.DateTimeField(_("指派时间"), default=timezone.now)

    class Meta:
        verbose_name = _("调查人员")
        verbose_name_plural = _("调查人员")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "user"], name="complaints_investigator_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Defence(models.Model):
    """The respondent's answer (one per review round)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="defences"
    )
    review_round = models.PositiveSmallIntegerField(_("复查轮次"), default=0)
    text = models.TextField(_("答辩意见"), max_length=10000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("答辩")
        verbose_name_plural = _("答辩")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "review_round"], name="complaints_defence_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint} #{self.review_round}"


class Hearing(models.Model):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="hearings"
    )
    scheduled_for = models.DateTimeField(_("听证时间"))
    place = models.CharField(_("地点"), max_length=200)
    minutes = models.TextField(_("听证笔录摘要"), blank=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["scheduled_for"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.scheduled_for:%Y-%m-%d}"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def current(self) -> DecisionQuerySet:
        return self.filter(superseded_at__isnull=True)

    def published_on(self, day: Any) -> DecisionQuerySet:
        """Public sanctions whose publication period includes ``day``."""
        return self.current().filter(
            outcome=Outcome.SANCTION,
            publish_until__isnull=False,
            publish_from__lte=day,
            publish_until__gte=day,
        )


class Decision(models.Model):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.PROTECT, related_name="decisions"
    )
    review_round = models.PositiveSmallIntegerField(_("复查轮次"), default=0)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices)
    sanction = models.CharField(_("处分"), max_length=20, choices=Sanction.choices, blank=True)
    suspension_months = models.PositiveSmallIntegerField(_("中止月数"), null=True, blank=True)
    facts = models.TextField(_("认定事实"), max_length=10000)
    basis = models.TextField(_("处分依据"), max_length=5000)
    text = models.TextField(_("决定书正文"), max_length=20000)
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    publish_from = models.DateField(_("公开起始日"), null=True, blank=True)
    publish_until = models.DateField(_("公开截止日"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被复查决定取代时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("处理决定历史"))
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("处理决定")
        verbose_name_plural = _("处理决定")
        ordering = ["-decided_at"]
        indexes = [
            models.Index(
                fields=["outcome", "publish_until"],
                condition=Q(superseded_at__isnull=True),
                name="complaints_decision_public",
            ),
            models.Index(fields=["decided_at"], name="complaints_decision_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(superseded_at__isnull=True),
                name="complaints_one_current_decision",
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.NO_VIOLATION, sanction="")
                | Q(outcome=Outcome.SANCTION, sanction__in=Sanction.values),
                name="complaints_decision_sanction_matches_outcome",
            ),
            models.CheckConstraint(
                condition=Q(
                    sanction=Sanction.SUSPENSION,
                    suspension_months__gte=1,
                    suspension_months__lte=12,
                )
                | (~Q(sanction=Sanction.SUSPENSION) & Q(suspension_months__isnull=True)),
                name="complaints_decision_suspension_months",
            ),
            models.CheckConstraint(
                condition=Q(
                    sanction__in=[
                        Sanction.CRITICISM,
                        Sanction.CENSURE,
                        Sanction.SUSPENSION,
                        Sanction.EXPULSION,
                    ],
                    publish_from__isnull=False,
                    publish_until__isnull=False,
                    publish_until__gte=models.F("publish_from"),
                )
                | (
                    ~Q(
                        sanction__in=[
                            Sanction.CRITICISM,
                            Sanction.CENSURE,
                            Sanction.SUSPENSION,
                            Sanction.EXPULSION,
                        ]
                    )
                    & Q(publish_from__isnull=True, publish_until__isnull=True)
                ),
                name="complaints_decision_publication_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} · {self.get_sanction_display() or self.get_outcome_display()}"


class Supplement(models.Model):
    """Information the complainant added through the tracking page."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="supplements"
    )
    text = models.TextField(_("补充说明"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("补充材料")
        verbose_name_plural = _("补充材料")
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.submitted_at:%Y-%m-%d}"


class AccessLog(models.Model):
    """Every time a staff member opened a complaint (admin change/history pages, exports)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="access_logs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    action = models.CharField(_("操作"), max_length=30)
    with_pii = models.BooleanField(_("含个人信息"), default=False)

    class Meta:
        verbose_name = _("投诉查阅记录")
        verbose_name_plural = _("投诉查阅记录")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["complaint", "-at"], name="complaints_access_tl"),
            models.Index(fields=["user", "-at"], name="complaints_access_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.complaint_id}"


class InterviewKind(models.TextChoices):
    INTERVIEW = "interview", _("约谈")
    JOINT = "joint", _("双约谈（主任与党组织书记）")


class Interview(models.Model):
    """约谈: the association summons a problem firm's head (and, 双约谈, its party secretary)."""

    firm = models.ForeignKey(
        "members.LawFirm",
        verbose_name=_("律师事务所"),
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    kind = models.CharField(_("类型"), max_length=12, choices=InterviewKind.choices)
    held_on = models.DateField(_("约谈日期"))
    head_name = models.CharField(_("律所主任"), max_length=50)
    party_secretary_name = models.CharField(_("党组织书记"), max_length=50, blank=True)
    reason = models.TextField(_("约谈事由"), max_length=5000)
    outcome = models.TextField(_("约谈情况及整改要求"), max_length=5000, blank=True)
    complaints = models.ManyToManyField(
        Complaint, verbose_name=_("相关投诉"), blank=True, related_name="interviews"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("约谈记录历史"), m2m_fields=["complaints"])

    class Meta:
        verbose_name = _("约谈记录")
        verbose_name_plural = _("约谈记录")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["firm", "-held_on"], name="complaints_interview_firm")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="joint") | ~Q(party_secretary_name=""),
                name="complaints_joint_interview_has_secretary",
            )
        ]

    def __str__(self) -> str:
        return f"{self.firm} {self.get_kind_display()} {self.held_on}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.kind == InterviewKind.JOINT and not self.party_secretary_name.strip():
            raise ValidationError(
                {"party_secretary_name": _("双约谈须填写律所党组织书记。")}, code="secretary"
            )
