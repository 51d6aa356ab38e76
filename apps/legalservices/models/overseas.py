from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.members.models import Language, LawFirm, PracticeArea

from ..countries import continent_of, country_choices, country_name


class OverseasOfficeQuerySet(models.QuerySet["OverseasOffice"]):
    def public(self) -> OverseasOfficeQuerySet:
        """Listed offices of firms that are still in practice."""
        return self.filter(is_listed=True, firm__status="active")


class OverseasOffice(models.Model):
    """A member firm's office abroad (海外服务网点). Its contacts are the office's
    business contacts, published in the directory; never a person's own phone."""

    firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("律师事务所"),
        on_delete=models.CASCADE,
        related_name="overseas_offices",
    )
    name = models.CharField(_("网点名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    country = models.CharField(_("国家或地区"), max_length=2, choices=country_choices())
    continent = models.CharField(_("大洲"), max_length=16, editable=False)
    city = models.CharField(_("城市"), max_length=60)
    city_en = models.CharField(_("城市（英文）"), max_length=60, blank=True)
    address = models.CharField(_("地址"), max_length=300)
    phone = models.CharField(_("办公电话"), max_length=40, blank=True)
    email = models.EmailField(_("办公邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=3, choices=Language.choices),
        verbose_name=_("服务语言"),
        default=list,
        blank=True,
    )
    practice_areas = models.ManyToManyField(
        PracticeArea, verbose_name=_("业务领域"), related_name="overseas_offices", blank=True
    )
    services = models.TextField(_("服务内容"), blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opened_on = models.DateField(_("设立日期"), null=True, blank=True)
    is_listed = models.BooleanField(_("在黄页公开"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("海外网点历史"))
    objects = OverseasOfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("海外服务网点")
        verbose_name_plural = _("海外服务网点")
        ordering = ["continent", "country", "city", "name"]
        indexes = [
            models.Index(
                fields=["continent", "country", "city", "name"],
                condition=Q(is_listed=True),
                name="ls_office_listed_place",
            ),
            models.Index(fields=["country", "city"], name="ls_office_country_city"),
            models.Index(fields=["firm", "country"], name="ls_office_firm"),
            GinIndex(fields=["languages"], name="ls_office_languages"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "country", "city", "name"], name="ls_office_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.city}）"

    def save(self, *args, **kwargs) -> None:
        self.continent = continent_of(self.country)
        super().save(*args, **kwargs)

    @property
    def country_display(self) -> str:
        return country_name(self.country)
