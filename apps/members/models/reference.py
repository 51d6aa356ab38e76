"""Reference data: Shanghai's districts and the practice areas lawyers declare.

Rows come from fixtures/members_*.json through a data migration, so they exist after
`migrate` and forms can rely on them. Staff may add practice areas later in admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import BilingualNameMixin


class District(BilingualNameMixin, models.Model):
    """One of Shanghai's 16 districts, keyed by its GB/T 2260 code (e.g. 310101)."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=40)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class PracticeArea(BilingualNameMixin, models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=80)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("业务领域")
        verbose_name_plural = _("业务领域")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)
