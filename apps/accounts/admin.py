from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.accounts.forms import UserAdminChangeForm, UserAdminCreationForm
from apps.accounts.models import User
from apps.core.admin_base import BaseAdmin


class EmailAddressInline(admin.TabularInline):
    model = EmailAddress
    extra = 0
    fields = ("email", "verified", "primary")
    verbose_name = _("电子邮箱地址")
    verbose_name_plural = _("电子邮箱地址")


@admin.register(User)
class UserAdmin(DjangoUserAdmin, BaseAdmin):
    """Users are managed by superusers only: no staff role has accounts permissions."""

    add_form_template = "admin/accounts/user/add_form.html"
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("个人信息"), {"fields": ("name",)}),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "name", "role_list", "is_staff", "has_totp", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    ordering = ("email",)
    inlines = (EmailAddressInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        return (
            super()
            .get_queryset(request)
            .annotate(totp_enabled=Exists(totp))
            .prefetch_related("groups")
        )

    def get_inlines(self, request: HttpRequest, obj: User | None) -> tuple:
        return self.inlines if obj is not None else ()

    @admin.display(description=_("角色"))
    def role_list(self, obj: User) -> str:
        return "、".join(sorted(group.name for group in obj.groups.all()))

    @admin.display(description=_("两步验证"), boolean=True, ordering="totp_enabled")
    def has_totp(self, obj: User) -> bool:
        return obj.totp_enabled
