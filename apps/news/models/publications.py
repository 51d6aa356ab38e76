"""Publications: the magazine archive, rules with their versions, downloadable guides.

Their files (magazine PDFs, rule texts, guides) live in private storage and are
downloaded through views that check the publication is published, or that the user is
staff who sees it in admin (apps.news.selectors.publications): an unpublished rule's or
guide's file is not reachable by URL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from apps.core.uploads import private_storage

from ..images import field_file_normalize, validate_image_upload
from ..sanitize import PROSE_EXTENSIONS, html_sanitize
from ..validators import validate_attachment, validate_pdf


class MagazineIssue(models.Model):
    """One issue of the association's magazine (《上海律师》), with its articles."""

    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(1980), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(
        _("期号"), validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    title = models.CharField(
        _("标题"), max_length=120, help_text=_("例如：《上海律师》2025年第2期")
    )
    cover = models.ImageField(
        _("封面"),
        upload_to="news/magazine/%Y/",
        null=True,
        blank=True,
        validators=[validate_image_upload],
    )
    pdf = models.FileField(
        _("PDF 版"),
        upload_to="news/magazine/%Y/",
        blank=True,
        validators=[validate_pdf],
        storage=private_storage,
    )
    description = models.TextField(_("本期导读"), blank=True)
    published_on = models.DateField(_("出版日期"), null=True, blank=True)
    is_published = models.BooleanField(_("公开"), default=True)

    history = HistoricalRecords(verbose_name=_("期刊历史"))

    class Meta:
        verbose_name = _("期刊")
        verbose_name_plural = _("期刊")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="news_magazineissue_year_number_unique",
                violation_error_message=_("该年份已有相同期号的期刊。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        field_file_normalize(self.cover)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:magazine_issue", kwargs={"year": self.year, "number": self.number})

    @property
    def pdf_url(self) -> str:
        return reverse("news:magazine_pdf", kwargs={"pk": self.pk}) if self.pdf else ""


class Rule(models.Model):
    """A rule of the association (规章制度); its text lives in dated versions."""

    class Category(models.TextChoices):
        CHARTER = "charter", _("章程")
        DISCIPLINE = "discipline", _("行业规范与惩戒")
        PRACTICE = "practice", _("执业指引")
        MEMBERSHIP = "membership", _("会员管理")
        OTHER = "other", _("其他")

    title = models.CharField(_("名称"), max_length=200)
    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    category = models.CharField(
        _("类别"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    summary = models.TextField(_("简介"), blank=True)
    is_published = models.BooleanField(_("公开"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords(verbose_name=_("规章制度历史"))

    class Meta:
        verbose_name = _("规章制度")
        verbose_name_plural = _("规章制度")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:rule_detail", kwargs={"slug": self.slug})

    def in_force(self, on: dt.date | None = None) -> RuleVersion | None:
        """The version in force on ``on`` (default: today), or None."""
        on = on or timezone.localdate()
        return self.versions.in_force(on).order_by("-effective_from").first()


class RuleVersionQuerySet(models.QuerySet["RuleVersion"]):
    def in_force(self, on: dt.date | None = None) -> RuleVersionQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=on), effective_from__lte=on
        )


class RuleVersion(models.Model):
    """One text of a rule, in force from ``effective_from`` until ``effective_to`` (exclusive)."""

    rule = models.ForeignKey(
        Rule, verbose_name=_("规章制度"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("版本"), max_length=120, help_text=_("例如：2023年修订"))
    adopted_by = models.CharField(
        _("通过机构与日期"),
        max_length=200,
        blank=True,
        help_text=_("例如：第十二届理事会第三次会议通过"),
    )
    effective_from = models.DateField(_("施行日期"))
    effective_to = models.DateField(_("废止日期"), null=True, blank=True)
    body = ProseEditorField(
        _("正文"), extensions=PROSE_EXTENSIONS, sanitize=html_sanitize, blank=True
    )
    file = models.FileField(
        _("文件"),
        upload_to="news/rules/%Y/",
        blank=True,
        validators=[validate_attachment],
        storage=private_storage,
    )

    history = HistoricalRecords(verbose_name=_("规章版本历史"))
    objects = RuleVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("规章版本")
        verbose_name_plural = _("规章版本")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="news_ruleversion_dates_ordered",
                violation_error_message=_("废止日期必须晚于施行日期。"),
            ),
            models.UniqueConstraint(
                fields=["rule", "effective_from"], name="news_ruleversion_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = html_sanitize(self.body)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.body = html_sanitize(self.body)
        if not self.rule_id or not self.effective_from:
            return
        if self.effective_to and self.effective_to <= self.effective_from:
            return  # the check constraint's message covers this
        far = dt.date.max
        overlapping = (
            RuleVersion.objects.filter(rule_id=self.rule_id)
            .exclude(pk=self.pk)
            .filter(effective_from__lt=self.effective_to or far)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=self.effective_from))
        )
        if overlapping.exists():
            raise ValidationError(
                {
                    "effective_from": _(
                        "与该规章的其他版本施行期间重叠；请先为上一版本填写废止日期。"
                    )
                }
            )

    @property
    def file_url(self) -> str:
        return reverse("news:rule_version_file", kwargs={"pk": self.pk}) if self.file else ""

    def is_in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.effective_from <= on and (self.effective_to is None or self.effective_to > on)


class GuideQuerySet(models.QuerySet["Guide"]):
    def published(self) -> GuideQuerySet:
        return self.filter(is_published=True)


class Guide(models.Model):
    """A downloadable guide (e.g. the CIIE "little blue book" series)."""

    title = models.CharField(_("名称"), max_length=200)
    series = models.CharField(_("系列"), max_length=120, blank=True)
    description = models.TextField(_("简介"), blank=True)
    file = models.FileField(
        _("文件"),
        upload_to="news/guides/%Y/",
        validators=[validate_attachment],
        storage=private_storage,
    )
    cover = models.ImageField(
        _("封面"),
        upload_to="news/guides/%Y/",
        null=True,
        blank=True,
        validators=[validate_image_upload],
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    published_on = models.DateField(_("发布日期"), default=timezone.localdate)
    is_published = models.BooleanField(_("公开"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords(verbose_name=_("指南历史"))
    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("指南")
        verbose_name_plural = _("指南")
        ordering = ["series", "order", "-published_on"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file and not getattr(self.file, "_committed", True):
            self.size = self.file.size
        field_file_normalize(self.cover)
        super().save(*args, **kwargs)

    @property
    def file_url(self) -> str:
        return reverse("news:guide_file", kwargs={"pk": self.pk}) if self.file else ""
