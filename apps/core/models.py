from __future__ import annotations

import re

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import is_english, localized

SITE_SETTINGS_CACHE_KEY = "core:site-settings:v2"


class SiteSettings(models.Model):
    """The one row of staff-editable site facts shown in every page's footer."""

    site_name = models.CharField(_("站点名称"), max_length=100, default="上海市律师协会")
    site_name_en = models.CharField(
        _("站点名称（英文）"), max_length=150, default="Shanghai Bar Association"
    )
    icp_number = models.CharField(_("ICP 备案号"), max_length=60, blank=True)
    public_security_number = models.CharField(_("公安备案号"), max_length=60, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    address_en = models.CharField(
        _("地址（英文）"),
        max_length=300,
        blank=True,
        help_text=_("英文页面的页脚显示它；留空则显示中文地址。"),
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    copyright_holder = models.CharField(_("版权所有"), max_length=100, blank=True)
    # Not a field: set by apps.core.selectors.site_settings_get, cached with the row.
    footer_links: list[FooterLink]

    class Meta:
        verbose_name = _("站点设置")
        verbose_name_plural = _("站点设置")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="core_sitesettings_singleton")
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SITE_SETTINGS_CACHE_KEY)

    @property
    def display_name(self) -> str:
        """The association's name in the active language."""
        return localized(self, "site_name")

    @property
    def display_address(self) -> str:
        """The address in the active language (the Chinese one when no English is set)."""
        return localized(self, "address")

    @property
    def display_copyright_holder(self) -> str:
        if is_english() and self.site_name_en:
            return self.site_name_en
        return self.copyright_holder or self.site_name

    @property
    def public_security_record_code(self) -> str:
        """The digits of the public-security filing, as beian.gov.cn's lookup expects them."""
        return "".join(re.findall(r"\d+", self.public_security_number))


class FooterLink(models.Model):
    site = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("标题"), max_length=60)
    title_en = models.CharField(_("标题（英文）"), max_length=80, blank=True)
    url = models.URLField(_("链接"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("页脚链接")
        verbose_name_plural = _("页脚链接")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        cache.delete(SITE_SETTINGS_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(SITE_SETTINGS_CACHE_KEY)
        return result

    @property
    def display_title(self) -> str:
        return localized(self, "title")
