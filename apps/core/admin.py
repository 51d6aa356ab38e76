from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import PeriodicTask

from .admin_base import BaseAdmin, adopt_registered_admins, reregister_with_action_permissions
from .models import FooterLink, SiteSettings
from .selectors import site_settings_invalidate


class FooterLinkInline(admin.TabularInline):
    model = FooterLink
    extra = 1
    fields = ["title", "title_en", "url", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SiteSettings)
class SiteSettingsAdmin(BaseAdmin):
    """The one row of site settings: edited in place, never added twice or deleted."""

    inlines = [FooterLinkInline]
    fieldsets = [
        (_("名称"), {"fields": ["site_name", "site_name_en", "copyright_holder"]}),
        (
            _("备案信息"),
            {
                "fields": ["icp_number", "public_security_number"],
                "description": _(
                    "显示在每个页面的页脚：ICP 备案号链接到工信部备案系统，"
                    "公安备案号链接到全国互联网安全管理服务平台。"
                ),
            },
        ),
        (_("联系方式"), {"fields": ["address", "address_en", "phone", "email"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: SiteSettings | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        # There is only one row: go straight to it.
        settings_ = SiteSettings.objects.first()
        # Only a GET: a POST (an action) goes through the base class's permission checks.
        if (
            request.method == "GET"
            and settings_ is not None
            and self.has_view_or_change_permission(request, settings_)
        ):
            return HttpResponseRedirect(
                reverse("admin:core_sitesettings_change", args=[settings_.pk])
            )
        return super().changelist_view(request, extra_context)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Inline deletions do not pass through FooterLink.save(); drop the cached footer.
        site_settings_invalidate()


# Third-party admins whose actions declare no permissions: every one of them writes.
reregister_with_action_permissions(
    PeriodicTask,
    {
        "enable_tasks": ("change",),
        "disable_tasks": ("change",),
        "toggle_tasks": ("change",),
        # Running a task now is a write power too (a report job, a mass notification).
        "run_tasks": ("change",),
    },
)
reregister_with_action_permissions(EmailAddress, {"make_verified": ("change",)})

# Every admin registered so far that is not ours (auth groups, sites, allauth, MFA,
# celery-beat) gets the project's base: refused actions answer 403, core.E004 holds.
adopt_registered_admins()
