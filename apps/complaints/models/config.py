"""Settings staff edit in admin: triage rules, stage limits, holiday overrides."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .complaint import Category, Track


class Stage(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理审查（自材料齐全起）")
    MATERIAL = "material", _("补正材料（投诉人）")
    RESPONDENT_NOTICE = "respondent_notice", _("通知被投诉人（自受理起）")
    DEFENCE = "defence", _("被投诉人答辩")
    DECISION_SIMPLE = "decision_simple", _("作出决定：简易程序（自受理起）")
    DECISION_COMPLEX = "decision_complex", _("作出决定：普通程序（自受理起）")


# Defaults written by migration 0002; staff change the rows, never this dict at run time.
DEFAULT_STAGE_DAYS: dict[str, int] = {
    Stage.ACCEPTANCE: 7,
    Stage.MATERIAL: 15,
    Stage.RESPONDENT_NOTICE: 10,
    Stage.DEFENCE: 10,
    Stage.DECISION_SIMPLE: 30,
    Stage.DECISION_COMPLEX: 60,
}


class StageLimit(models.Model):
    stage = models.CharField(_("阶段"), max_length=30, choices=Stage.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("期限（工作日）"))

    history = HistoricalRecords(verbose_name=_("办理期限历史"))

    class Meta:
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")
        ordering = ["stage"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__gte=1, working_days__lte=180),
                name="complaints_stage_days_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.working_days}"


class HolidayOverride(models.Model):
    """A day whose working status differs from the default.

    For years the chinese-calendar library knows, it is the source and rows here only
    correct it; for later years (announced each November by the State Council) staff
    enter the holidays and make-up working days here, and until they do weekends are
    the only days off (the dashboard warns).
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("是工作日"), help_text=_("调休上班的周末勾选；节假日不勾选。")
    )
    name = models.CharField(_("说明"), max_length=50, help_text=_("例如：国庆节、国庆调休上班"))

    history = HistoricalRecords(verbose_name=_("节假日调整历史"))

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class TriageRule(models.Model):
    """A rule suggesting a track. Rules are tried in ``order``; the first match wins, and
    a complaint no rule matches is suggested the simple track."""

    name = models.CharField(_("规则名称"), max_length=100)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=100)
    category = models.CharField(
        _("投诉类别"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("留空表示任何类别。"),
    )
    min_prior_complaints = models.PositiveSmallIntegerField(
        _("被投诉人此前被投诉次数至少"),
        null=True,
        blank=True,
        help_text=_("统计同一律师或律所近三年的其他投诉；留空表示不限。"),
    )
    min_complainants = models.PositiveSmallIntegerField(
        _("投诉人数至少"), null=True, blank=True, help_text=_("含共同投诉人；留空表示不限。")
    )
    keyword = models.CharField(
        _("事实经过包含"), max_length=50, blank=True, help_text=_("留空表示不限。")
    )
    track = models.CharField(_("建议程序"), max_length=10, choices=Track.choices)

    history = HistoricalRecords(verbose_name=_("分流规则历史"))

    class Meta:
        verbose_name = _("分流规则")
        verbose_name_plural = _("分流规则")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["active", "order"], name="complaints_rule_order")]

    def __str__(self) -> str:
        return self.name
