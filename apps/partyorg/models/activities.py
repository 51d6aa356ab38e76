"""Honours, secretary rotation training and regular activities (三会一课 etc.)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HonorLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")


class HonorKind(models.TextChoices):
    OUTSTANDING_MEMBER = "outstanding_member", _("优秀共产党员（党员律师）")
    OUTSTANDING_WORKER = "outstanding_worker", _("优秀党务工作者")
    ADVANCED_ORGANIZATION = "advanced_organization", _("先进基层党组织")
    OTHER = "other", _("其他")


class Honor(models.Model):
    """An honour awarded to an organization or a member, with year and awarding body."""

    level = models.CharField(_("级别"), max_length=10, choices=HonorLevel.choices)
    kind = models.CharField(_("类别"), max_length=24, choices=HonorKind.choices)
    title = models.CharField(_("荣誉名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    awarded_by = models.CharField(_("授予机关"), max_length=120)
    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("获奖组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
    )
    member = models.ForeignKey(
        "partyorg.PartyMember",
        verbose_name=_("获奖党员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
    )

    history = HistoricalRecords(verbose_name=_("荣誉历史"))

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "level", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(member__isnull=False),
                name="partyorg_honour_has_recipient",
            )
        ]
        indexes = [models.Index(fields=["year", "level"], name="partyorg_honour_year_level")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class SecretaryTraining(models.Model):
    """A session of the rotation training for organization secretaries (书记轮训)."""

    title = models.CharField(_("培训名称"), max_length=120)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    location = models.CharField(_("地点"), max_length=120, blank=True)
    hours = models.PositiveSmallIntegerField(_("学时"), default=8)
    attendees = models.ManyToManyField(
        "partyorg.PartyMember",
        through="partyorg.TrainingAttendance",
        verbose_name=_("参训人员"),
        related_name="trainings",
        blank=True,
    )

    history = HistoricalRecords(verbose_name=_("书记轮训历史"))

    class Meta:
        verbose_name = _("书记轮训")
        verbose_name_plural = _("书记轮训")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="partyorg_training_dates"
            )
        ]
        indexes = [models.Index(fields=["starts_on"], name="partyorg_training_start")]

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(models.Model):
    training = models.ForeignKey(
        SecretaryTraining,
        verbose_name=_("培训"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    member = models.ForeignKey(
        "partyorg.PartyMember",
        verbose_name=_("参训人员"),
        on_delete=models.CASCADE,
        related_name="training_attendance",
    )
    completed = models.BooleanField(_("完成培训"), default=True)

    history = HistoricalRecords(verbose_name=_("轮训签到历史"))

    class Meta:
        verbose_name = _("轮训签到")
        verbose_name_plural = _("轮训签到")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "member"], name="partyorg_training_attendance_once"
            )
        ]
        indexes = [models.Index(fields=["member", "training"], name="partyorg_training_member")]

    def __str__(self) -> str:
        return f"{self.training} · {self.member}"


class ActivityKind(models.TextChoices):
    MEMBER_MEETING = "member_meeting", _("党员大会")
    COMMITTEE_MEETING = "committee_meeting", _("支委会")
    GROUP_MEETING = "group_meeting", _("党小组会")
    PARTY_LECTURE = "party_lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    APPRAISAL = "appraisal", _("民主评议党员")


# Expected number of each activity per twelve months (三会一课 and the annual ones).
EXPECTED_PER_YEAR: dict[str, int] = {
    ActivityKind.MEMBER_MEETING: 4,  # 党员大会 每季度一次
    ActivityKind.COMMITTEE_MEETING: 12,  # 支委会 每月一次
    ActivityKind.GROUP_MEETING: 12,  # 党小组会 每月一次
    ActivityKind.PARTY_LECTURE: 4,  # 党课 每季度一次
    ActivityKind.THEME_DAY: 12,  # 主题党日 每月一次
    ActivityKind.LIFE_MEETING: 1,  # 组织生活会 每年一次
    ActivityKind.APPRAISAL: 1,  # 民主评议党员 每年一次
}


class Activity(models.Model):
    """A regular activity of an organization, with who attended."""

    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("主题"), max_length=120)
    attendees = models.ManyToManyField(
        "partyorg.PartyMember",
        through="partyorg.ActivityAttendance",
        verbose_name=_("参加党员"),
        related_name="activities",
        blank=True,
    )

    history = HistoricalRecords(verbose_name=_("组织生活历史"))

    class Meta:
        verbose_name = _("组织生活")
        verbose_name_plural = _("组织生活")
        ordering = ["-held_on"]
        indexes = [
            models.Index(fields=["organization", "held_on"], name="partyorg_activity_org"),
            models.Index(fields=["held_on", "kind"], name="partyorg_activity_date"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class ActivityAttendance(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "partyorg.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.CASCADE,
        related_name="activity_attendance",
    )

    history = HistoricalRecords(verbose_name=_("活动签到历史"))

    class Meta:
        verbose_name = _("活动签到")
        verbose_name_plural = _("活动签到")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="partyorg_activity_attendance_once"
            )
        ]
        indexes = [models.Index(fields=["member", "activity"], name="partyorg_attendance_member")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"
