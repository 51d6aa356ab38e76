from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Apply roles.py once per migrate, after the last app's permissions were created.

    post_migrate is sent once per app, in INSTALLED_APPS order, and auth creates each
    app's permissions in its own receiver; so only at the last app do all exist.
    """
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from apps.accounts.services import roles_sync

    roles_sync(using=using)


def _start_session_clocks(sender: type, request: Any, **kwargs: Any) -> None:
    from .middleware import session_mark_login

    if request is not None:
        session_mark_login(request)


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("账户与角色")

    def ready(self) -> None:
        # The member's own-data download (apps/core/personal_data.py).
        from .personal_data import register as personal_data_register

        personal_data_register()
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts.roles_sync")
        # Staff sessions' idle and absolute clocks start at login (middleware.py).
        user_logged_in.connect(_start_session_clocks, dispatch_uid="accounts.session_clocks")
        # Sign-in successes and failures logged as structured records; a changed second
        # factor ends the other sessions (audit.py).
        from . import audit

        audit.connect()
        # The elder-friendly mode choice kept on the account (elder.py).
        from . import elder

        elder.connect()
        # Django admin's own password-only login would skip allauth's second-factor
        # stage: send /admin/login/ to allauth's login (which asks for the TOTP code).
        admin.site.login = secure_admin_login(admin.site.login)
