"""A lawyer's standing on the register: yearly annual reviews (年度考核) and honours (荣誉).

Annual review: every practising lawyer is reviewed once a year on the previous year's
practice (《律师执业年度考核规则》): the firm reviews first, the bar association decides.
The result is one of the three grades 称职 / 基本称职 / 不称职, or 暂缓考核 when the review
is put off (a pending complaint or investigation) — deferred is a state, not a grade, so
it may later be replaced by a grade for the same year (one row a lawyer a year). The
result is public on the lawyer's register page, as the association publishes it.

Honours are awards by the association or another body (优秀律师, 公益之星 …); only those
marked public appear on the public page, the lawyer sees all of theirs in the portal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .lawyers import Lawyer

FIRST_REVIEW_YEAR = 1979  # the register restarted in 1979; nothing is older


class ReviewResult(models.TextChoices):
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")
    DEFERRED = "deferred", _("暂缓考核")


class AnnualReviewQuerySet(models.QuerySet["AnnualReview"]):
    def graded(self) -> AnnualReviewQuerySet:
        """Reviews with a grade (deferred ones are not a result yet)."""
        return self.exclude(result=ReviewResult.DEFERRED)


class AnnualReview(models.Model):
    """The association's decision on one lawyer's practice in one year (考核年度)."""

    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="annual_reviews"
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    result = models.CharField(_("考核结果"), max_length=12, choices=ReviewResult.choices)
    decided_on = models.DateField(_("确定日期"))
    note = models.CharField(
        _("备注"),
        max_length=200,
        blank=True,
        help_text=_("内部备注（如暂缓原因），不在公开页面显示。"),
    )

    history = HistoricalRecords(verbose_name=_("年度考核历史"))
    objects = AnnualReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["-year", "lawyer_id"]
        constraints = [
            models.UniqueConstraint(fields=["lawyer", "year"], name="members_review_lawyer_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_REVIEW_YEAR) & Q(year__lte=2200),
                name="members_review_year_range",
            ),
        ]
        # The unique constraint's index serves "this lawyer's reviews, newest first";
        # staff list a year's results by grade.
        indexes = [models.Index(fields=["year", "result"], name="members_review_year_result")]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_result_display()}"

    def clean(self) -> None:
        super().clean()
        if self.year and self.decided_on and self.decided_on.year <= self.year:
            # A year is reviewed after it ends (the decision comes the next spring).
            raise ValidationError(
                {
                    "decided_on": ValidationError(
                        _("考核结果须在考核年度结束后确定。"), code="decided_early"
                    )
                }
            )


class Honour(models.Model):
    """An honour awarded to a lawyer (e.g. 上海市优秀律师)."""

    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="honours"
    )
    title = models.CharField(_("荣誉称号"), max_length=100)
    title_en = models.CharField(_("英文称号"), max_length=200, blank=True)
    awarded_by = models.CharField(_("授予单位"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("年度"), help_text=_("荣誉所属年度，如“2024 年度优秀律师”填 2024。")
    )
    awarded_on = models.DateField(_("授予日期"), null=True, blank=True)
    is_public = models.BooleanField(
        _("公开"), default=True, help_text=_("公开的荣誉显示在律师查询页面。")
    )

    history = HistoricalRecords(verbose_name=_("律师荣誉历史"))

    class Meta:
        verbose_name = _("律师荣誉")
        verbose_name_plural = _("律师荣誉")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer", "title", "year"], name="members_honour_unique"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_REVIEW_YEAR) & Q(year__lte=2200),
                name="members_honour_year_range",
            ),
        ]
        indexes = [
            models.Index(fields=["lawyer", "is_public", "-year"], name="members_honour_lawyer"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"
