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

What the bases add, so that no admin has to remember it:

* an action the user may not run (its ``allowed_permissions`` fail) is refused with 403
  when POSTed, instead of Django's quiet "no action selected";
* import and export of django-import-export admins follow the model permissions — import
  needs add and change, export needs view (or change) — instead of import-export's
  default of "any staff member" (an admin that defines its own rule keeps it);
* third-party admins (auth groups, sites, allauth, MFA, celery-beat) are re-registered on
  :class:`BaseAdmin` by :func:`adopt_registered_admins` (called from ``apps.core.admin``),
  and check ``core.E004`` fails for any registered admin that inherits neither base.

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
from simple_history.models import ModelChange


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


def _posted_action_name(request: HttpRequest) -> str | None:
    """The action a changelist POST asks for, picked as Django's ``response_action`` does."""
    try:
        index = int(request.POST.get("index", 0))
    except ValueError:
        index = 0
    names = request.POST.getlist("action")
    return names[index] if 0 <= index < len(names) else None


def _import_permission(self: Any, request: HttpRequest) -> bool:
    return bool(self.has_add_permission(request) and self.has_change_permission(request))


def _export_permission(self: Any, request: HttpRequest) -> bool:
    return bool(self.has_view_or_change_permission(request))


def _import_export_follow_model_permissions(cls: type) -> None:
    """Replace import-export's "any staff member may" defaults on ``cls`` (see module doc)."""
    try:
        from import_export.admin import ExportMixin, ImportMixin
    except ImportError:  # pragma: no cover - import-export is a dependency
        return
    if getattr(cls, "has_import_permission", None) is ImportMixin.has_import_permission:
        cls.has_import_permission = _import_permission  # type: ignore[attr-defined]
    if getattr(cls, "has_export_permission", None) is ExportMixin.has_export_permission:
        cls.has_export_permission = _export_permission  # type: ignore[attr-defined]


class BaseAdmin(CSPNonceMediaMixin, admin.ModelAdmin):
    """Plain admin. Exists so project-wide admin behaviour has one place to live."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _import_export_follow_model_permissions(cls)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Django drops an action the user may not run from the menu and, when POSTed,
        # answers "no action selected" (or nothing, if the user has no action at all).
        # Refuse it: a forged POST is a forbidden request, not a slip of the hand.
        if request.method == "POST" and "action" in request.POST:
            name = _posted_action_name(request)
            known = {action_name for _func, action_name, _desc in self._get_base_actions()}
            if name in known and name not in self.get_actions(request):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


class HistoryAdmin(SimpleHistoryAdmin, BaseAdmin):
    """Admin with a history page whose revert form needs change permission to POST.

    Set ``history_revert = False`` on an admin whose model changes only through workflow
    services (a complaint, a contribution's decision): its history is an audit trail
    (who, when, before/after) and an old version is never restored from it.
    """

    history_revert = True

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.history_revert or super().revert_disabled(request, obj)

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records: Any, foreign_keys_are_objs: bool = True
    ) -> None:
        """The before/after of every tracked field, not only the editable ones:
        simple_history's diff leaves out ``editable=False`` fields, which are exactly
        those a workflow service changes (a complaint's state, a contribution's decision)."""
        previous = None
        for current in historical_records:
            if previous is None:
                previous = current
                continue
            delta = previous.diff_against(current, foreign_keys_are_objs=foreign_keys_are_objs)
            for field in previous.tracked_fields:
                if field.editable:
                    continue
                old, new = getattr(current, field.attname), getattr(previous, field.attname)
                if old != new:
                    delta.changes.append(ModelChange(field.name, old, new))
                    delta.changed_fields.append(field.name)
            delta.changes.sort(key=lambda change: change.field)
            helper = self.get_historical_record_context_helper(request, previous)
            previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

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
            if not self.history_revert:
                raise PermissionDenied
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


def adopt_registered_admins(site: admin.AdminSite | None = None) -> None:
    """Re-register every admin registered so far that is not ours on our base class.

    Call once from ``apps.core.admin``: Django imports the third-party apps' admin modules
    first (they come first in INSTALLED_APPS) and ours after, so at that point the
    registry holds exactly the third-party admins (and core's own).
    """
    site = site or admin.site
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, BaseAdmin):
            continue
        original = type(model_admin)
        base = HistoryAdmin if isinstance(model_admin, SimpleHistoryAdmin) else BaseAdmin
        adopted = type(original.__name__, (original, base), {"__module__": original.__module__})
        site.unregister(model)
        site.register(model, adopted)


@checks.register(checks.Tags.admin)
def check_admins_inherit_the_base(app_configs: Any = None, **kwargs: Any) -> list:
    """core.E004: every registered admin inherits BaseAdmin (HistoryAdmin does too)."""
    return [
        checks.Error(
            f"{type(model_admin).__module__}.{type(model_admin).__qualname__} does not "
            "inherit apps.core.admin_base.BaseAdmin (or HistoryAdmin).",
            obj=type(model_admin),
            id="core.E004",
        )
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, BaseAdmin)
    ]
