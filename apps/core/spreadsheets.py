"""Spreadsheets we write are data, never formulas (CSV/formula injection).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some programs skip before reading one of those) is run as a formula when staff open
an export in Excel or WPS — a lawyer's name or an address typed as ``=HYPERLINK(...)``
would then act on the staff member's machine. Every export escapes such text the way
OWASP recommends: a leading apostrophe, which spreadsheet programs show as text. Numbers,
dates and booleans stay typed values (a negative number is a number, not text).

* django-import-export: every ``Resource`` an admin exports inherits
  :class:`SafeExportResourceMixin` (system check ``core.E003`` fails ``manage.py check``
  otherwise). On import the mixin removes the apostrophe again, so an exported file
  imports back unchanged.
* Hand-written writers: pass every row through :func:`safe_row` before
  ``worksheet.append(...)`` (openpyxl) or ``csv.writer(...).writerow(...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from django.contrib import admin
from django.core import checks

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_formula(value: Any) -> Any:
    """``value`` as a spreadsheet shows it literally: text starting like a formula gets a
    leading apostrophe; anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return ESCAPE + value
    return value


def unescape_formula(value: Any) -> Any:
    """Undo :func:`escape_formula` on a value read back from one of our exports."""
    if (
        isinstance(value, str)
        and value.startswith(ESCAPE)
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """One row for ``worksheet.append`` or ``csv.writer.writerow``, formulas escaped."""
    return [escape_formula(value) for value in values]


class SafeExportResourceMixin:
    """For import-export ``Resource`` classes: exported text never starts a formula."""

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))  # type: ignore[misc]

    def get_export_headers(self, *args: Any, **kwargs: Any) -> list[str]:
        headers = super().get_export_headers(*args, **kwargs)  # type: ignore[misc]
        return [escape_formula(header) for header in headers]

    def before_import_row(self, row: MutableMapping[str, Any], **kwargs: Any) -> None:
        for key, value in list(row.items()):
            row[key] = unescape_formula(value)
        super().before_import_row(row, **kwargs)  # type: ignore[misc]


def _export_resource_classes(model_admin: admin.ModelAdmin) -> list[type]:
    """The resource classes an import-export admin exports with (empty for other admins)."""
    getter = getattr(model_admin, "get_export_resource_classes", None)
    if getter is None:
        return []
    try:
        return list(getter(None))
    except TypeError:  # older signature without the request
        return list(getter())


@checks.register(checks.Tags.admin)
def check_exports_escape_formulae(app_configs: Any = None, **kwargs: Any) -> list:
    """core.E003: every admin export resource escapes formula-leading text."""
    errors: list[checks.CheckMessage] = []
    for model_admin in admin.site._registry.values():
        for resource_class in _export_resource_classes(model_admin):
            if not issubclass(resource_class, SafeExportResourceMixin):
                label = f"{type(model_admin).__module__}.{type(model_admin).__qualname__}"
                errors.append(
                    checks.Error(
                        f"{label} exports with {resource_class.__qualname__}, which does not "
                        "escape formula-leading text; inherit "
                        "apps.core.spreadsheets.SafeExportResourceMixin first.",
                        obj=type(model_admin),
                        id="core.E003",
                    )
                )
    return errors
