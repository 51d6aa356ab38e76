"""Spreadsheet import for the members admins: all rows or none."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX


class AllOrNothingImportMixin(ImportExportMixin):
    """Import a spreadsheet completely or not at all.

    The preview (dry run) already refuses to offer "confirm" when any row is invalid and
    lists every row's errors. The confirm step re-runs the import; should a row fail
    there (the data changed in between), the whole transaction is rolled back too —
    import-export's default would keep the valid rows.
    """

    formats = [XLSX]

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result: Any, request: HttpRequest) -> HttpResponse:
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _("文件中有无效的行，整个文件均未导入。请修正后重新上传。"),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)
