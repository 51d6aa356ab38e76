"""The admin base classes every ModelAdmin in this project inherits.

Django admin checks the four model permissions on its own views, but two write paths
escape them unless each admin remembers:

* **Actions** run for anyone who can see the changelist unless the action declares
  ``permissions=[...]`` (``allowed_permissions``). Every action here must declare them;
  the system check ``core.E001`` (see :func:`check_admin_actions_declare_permissions`)
  fails ``manage.py check`` — and so the test suite — for any registered admin, ours or
  third-party, whose action does not.
* **History reverts**: django-simple-history's ``…/history/<id>/`` page checks only
  view permission and saves whatever is POSTed. :class:`HistoryAdmin` refuses a POST
  without change permission on that object. Check ``core.E002`` fails for any admin
  that uses ``SimpleHistoryAdmin`` without this base.

Use :class:`BaseAdmin` for a plain admin and :class:`HistoryAdmin` for a model with
``HistoricalRecords``. The services behind actions check the actor as well (defence in
depth: a management command or a task calls the same service).
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.contrib import admin
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from js_asset import Media
from simple_history.admin import SimpleHistoryAdmin


def media_with_csp_nonce(request: HttpRequest, media: forms.Media) -> Media:
    """The form media with the request's CSP nonce on every tag it renders.

    The Content-Security-Policy (settings) runs no inline script without the nonce, and
    some widgets render one: django-prose-editor's ``<script type="importmap">`` maps the
    editor's module names, so without the nonce the editor never loads.
    """
    return Media.from_media(media, nonce=getattr(request, "csp_nonce", ""))


class CSPNonceMediaMixin:
    """Change forms (and history revert forms) render their media with the CSP nonce."""

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if context.get("media") is not None:
            context["media"] = media_with_csp_nonce(request, context["media"])
        return super().render_change_form(request, context, *args, **kwargs)  # type: ignore[misc]


class BaseAdmin(CSPNonceMediaMixin, admin.ModelAdmin):
    """Plain admin. Exists so project-wide admin behaviour has one place to live."""


class HistoryAdmin(CSPNonceMediaMixin, SimpleHistoryAdmin):
    """Admin with a history page whose revert form needs change permission to POST."""

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        # simple_history renders the revert form's media to a string; render it again
        # with the nonce (see media_with_csp_nonce).
        adminform = context.get("adminform")
        if adminform is not None:
            context["media"] = media_with_csp_nonce(request, self.media + adminform.media)
        return super().render_history_view(request, template, context, **kwargs)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            obj = self.get_object(request, admin.utils.unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def _action_name(action: Any) -> str:
    return getattr(action, "__name__", repr(action))


@checks.register(checks.Tags.admin)
def check_admin_actions_declare_permissions(app_configs: Any = None, **kwargs: Any) -> list:
    """core.E001/E002: actions declare permissions; history admins guard reverts."""
    errors: list[checks.CheckMessage] = []
    for model_admin in admin.site._registry.values():
        label = f"{type(model_admin).__module__}.{type(model_admin).__qualname__}"
        for action in model_admin.actions or ():
            func = action if callable(action) else getattr(model_admin, action, None)
            if func is None:
                continue
            if not getattr(func, "allowed_permissions", None):
                errors.append(
                    checks.Error(
                        f"Admin action {_action_name(func)!r} of {label} declares no "
                        "permissions; decorate it with @admin.action(permissions=[...]).",
                        obj=type(model_admin),
                        id="core.E001",
                    )
                )
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(
            model_admin, HistoryAdmin
        ):
            errors.append(
                checks.Error(
                    f"{label} uses SimpleHistoryAdmin directly; inherit "
                    "apps.core.admin_base.HistoryAdmin so reverts need change permission.",
                    obj=type(model_admin),
                    id="core.E002",
                )
            )
    return errors


def _guarded_action(func: Any, permissions: tuple[str, ...]) -> Any:
    @functools.wraps(func)
    def action(modeladmin: Any, request: HttpRequest, queryset: Any) -> Any:
        return func(modeladmin, request, queryset)

    action.allowed_permissions = permissions  # type: ignore[attr-defined]
    return action


def reregister_with_action_permissions(
    model: type[Model], permissions: dict[str, tuple[str, ...]]
) -> None:
    """Re-register a third-party admin with ``permissions`` declared on its actions.

    ``permissions`` maps an action's name to the ModelAdmin permissions it needs
    (``("change",)`` checks ``has_change_permission``). Call from one of our admin
    modules, which Django imports after the third-party apps' own.
    """
    original = type(admin.site._registry[model])
    attrs = {
        name: _guarded_action(getattr(original, name), perms) for name, perms in permissions.items()
    }
    guarded = type(f"Guarded{original.__name__}", (original,), attrs)
    guarded.__module__ = __name__
    admin.site.unregister(model)
    admin.site.register(model, guarded)
