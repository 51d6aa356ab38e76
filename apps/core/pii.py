"""Personal data in the admin: masks, and one mixin that applies them (PIPL-minded).

ID numbers, phones, e-mail addresses and the names of people who are not members
(requesters, detainees, clients) are shown in admin lists, change pages and exports only
to staff whose role needs them; everyone else sees a mask (``310***********123X``,
``139****5678``, ``张*``). One place decides, per admin, who needs them:
:meth:`PersonalDataAdminMixin.may_see_personal_data`.

Usage::

    @admin.register(ConsultationRequest)
    class ConsultationRequestAdmin(PersonalDataAdminMixin, HistoryAdmin):
        personal_fields = {"name": mask_name, "phone": mask_phone, "email": mask_email}
        list_display = ["reference", "name", "phone", ...]   # masked unless allowed
        actions = ["export_csv"]                              # masked unless allowed

The mixin, for staff who may not see the data:

* shows the masked value in the changelist and on the change page (read-only there,
  so the form can never write a mask back);
* drops the fields from search and refuses them as query-string filters (an oracle);
* refuses the history pages (they show old and new values in clear);
* writes masked values in the CSV export (``export_csv``, formula-safe rows).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .spreadsheets import safe_row

Masker = Callable[[str], str]


def mask_id_number(value: str | None) -> str:
    """The first 3 and last 4 characters only: ``310***********123X``."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_phone(value: str | None) -> str:
    """The first 3 and last 4 digits: ``139****5678`` (short numbers: all stars)."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_name(value: str | None) -> str:
    """The family name only: ``张*`` / ``欧阳**`` stays ``欧**`` (one character kept)."""
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_email(value: str | None) -> str:
    """First character of the mailbox and the domain: ``z***@example.cn``."""
    if not value:
        return ""
    local, _sep, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else mask_name(value)


def _display_name(field: str) -> str:
    return f"pii_{field}"


class PersonalDataAdminMixin:
    """Mask ``personal_fields`` for staff who may not see them (see the module doc).

    Put it before the admin base: ``class X(PersonalDataAdminMixin, HistoryAdmin)``.
    """

    #: field name -> mask function
    personal_fields: dict[str, Masker] = {}
    #: columns of the CSV export (model fields or admin/model attributes)
    export_fields: Sequence[str] = ()

    model: type[Model]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field, masker in self.personal_fields.items():
            setattr(self, _display_name(field), self._masked_display(field, masker))

    def _masked_display(self, field: str, masker: Masker) -> Callable[[Any], str]:
        def display(obj: Any) -> str:
            return masker(str(getattr(obj, field) or "")) or "—"

        display.short_description = self.model._meta.get_field(field).verbose_name  # type: ignore[attr-defined]
        display.admin_order_field = field  # type: ignore[attr-defined]
        return display

    # --- who ---------------------------------------------------------------------------

    def may_see_personal_data(self, request: HttpRequest) -> bool:
        """By default the staff who work the rows (change permission): they call the
        person back. View-only staff (audit, statistics) see masks. Override for a
        dedicated permission."""
        opts = self.model._meta
        return bool(request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"))

    def _swap(self, names: Sequence[Any], request: HttpRequest) -> list[Any]:
        if self.may_see_personal_data(request):
            return list(names)
        return [
            _display_name(n) if isinstance(n, str) and n in self.personal_fields else n
            for n in names
        ]

    # --- lists and change pages --------------------------------------------------------

    def get_list_display(self, request: HttpRequest) -> Any:
        return self._swap(super().get_list_display(request), request)  # type: ignore[misc]

    def get_list_display_links(self, request: HttpRequest, list_display: Any) -> Any:
        links = super().get_list_display_links(request, list_display)  # type: ignore[misc]
        return self._swap(links, request) if links else links

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        if self.may_see_personal_data(request):
            return fieldsets
        return [
            (title, {**options, "fields": self._swap(options["fields"], request)})
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if self.may_see_personal_data(request):
            return fields
        masked = [_display_name(f) for f in self.personal_fields]
        return [f for f in fields if f not in self.personal_fields] + masked

    def get_search_fields(self, request: HttpRequest) -> Any:
        fields = super().get_search_fields(request)  # type: ignore[misc]
        if self.may_see_personal_data(request):
            return fields
        return [f for f in fields if f.lstrip("=^@").split("__")[0] not in self.personal_fields]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # ?phone__startswith=139 would be an oracle for the hidden values.
        if lookup.split("__", 1)[0] in self.personal_fields and not self.may_see_personal_data(
            request
        ):
            return False
        return super().lookup_allowed(lookup, value, request)  # type: ignore[misc]

    # --- history pages show old and new values in clear ---------------------------------

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        if not self.may_see_personal_data(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if not self.may_see_personal_data(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]

    # --- export ------------------------------------------------------------------------

    def export_value(self, obj: Any, name: str, request: HttpRequest, clear: bool) -> Any:
        if name in self.personal_fields:
            raw = str(getattr(obj, name) or "")
            return raw if clear else self.personal_fields[name](raw)
        attr = getattr(self, name, None)
        if callable(attr):
            return attr(obj)
        value = getattr(obj, f"get_{name}_display", None)
        if callable(value):
            return value()
        value = getattr(obj, name)
        return "" if value is None else value

    def export_headers(self) -> list[str]:
        headers = []
        for name in self.export_fields:
            try:
                headers.append(str(self.model._meta.get_field(name).verbose_name))
            except Exception:
                attr = getattr(self, name, None)
                headers.append(str(getattr(attr, "short_description", name)))
        return headers

    @admin.action(description=_("导出所选记录（CSV，个人信息按权限脱敏）"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
        clear = self.may_see_personal_data(request)
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM correctly
        writer = csv.writer(out)
        writer.writerow(safe_row(self.export_headers()))
        for obj in queryset.order_by("pk")[:5000]:
            writer.writerow(
                safe_row([self.export_value(obj, n, request, clear) for n in self.export_fields])
            )
        opts = self.model._meta
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{opts.model_name}-{timezone.localdate():%Y%m%d}.csv"'
        )
        return response
