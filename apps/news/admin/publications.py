"""Magazine issues, rules with their versions, guides.

Their files are in private storage (no public URL): a plain file input for uploads, and a
link to the checked download view for what is stored (staff see unpublished ones there).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import HistoryAdmin

from .. import services
from ..models import Guide, MagazineIssue, Rule, RuleVersion

# Files: plain input (private storage has no URL to show); images keep admin's widget.
PRIVATE_FILE_WIDGETS: dict[Any, dict[str, Any]] = {
    models.FileField: {"widget": forms.FileInput},
    models.ImageField: {"widget": AdminFileWidget},
}


def _download_link(url: str, name: str) -> str:
    return format_html('<a href="{}">{}</a>', url, name) if url else "—"


class PrivateFilesReadOnlyMixin:
    """On a read-only page (view permission only) a private file field would be shown
    with its URL, which private storage does not have: show the checked download link
    instead. ``private_file_fields`` maps the file field to that link's readonly field."""

    private_file_fields: dict[str, str] = {}

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        if self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            return fields
        swapped = []
        for field in fields:
            replacement = self.private_file_fields.get(field) if isinstance(field, str) else None
            if replacement and replacement in fields:
                continue  # the link is listed already: just drop the file field
            swapped.append(replacement or field)
        return swapped


@admin.register(MagazineIssue)
class MagazineIssueAdmin(PrivateFilesReadOnlyMixin, HistoryAdmin):
    list_display = ("title", "year", "number", "published_on", "is_published", "article_count")
    list_filter = ("year", "is_published")
    search_fields = ("title",)
    ordering = ("-year", "-number")
    formfield_overrides = PRIVATE_FILE_WIDGETS
    readonly_fields = ("pdf_download",)
    private_file_fields = {"pdf": "pdf_download"}

    @admin.display(description=_("已上传的 PDF"))
    def pdf_download(self, obj: MagazineIssue) -> str:
        return _download_link(obj.pdf_url, obj.pdf.name) if obj.pk else "—"

    def save_model(self, request: HttpRequest, obj: MagazineIssue, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:
            services.image_renditions_enqueue(field_file=obj.cover)

    def get_queryset(self, request: HttpRequest) -> QuerySet[MagazineIssue]:
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description=_("文章数"), ordering="_article_count")
    def article_count(self, obj: MagazineIssue) -> int:
        return getattr(obj, "_article_count", 0)


class RuleVersionInline(PrivateFilesReadOnlyMixin, admin.StackedInline):
    model = RuleVersion
    extra = 0
    fields = (
        "label",
        "adopted_by",
        ("effective_from", "effective_to"),
        "body",
        "file",
        "file_download",
    )
    readonly_fields = ("file_download",)
    formfield_overrides = PRIVATE_FILE_WIDGETS
    private_file_fields = {"file": "file_download"}

    @admin.display(description=_("已上传的文件"))
    def file_download(self, obj: RuleVersion) -> str:
        return _download_link(obj.file_url, obj.file.name) if obj.pk else "—"


@admin.register(Rule)
class RuleAdmin(HistoryAdmin):
    list_display = (
        "title",
        "category",
        "version_in_force",
        "version_count",
        "is_published",
        "order",
    )
    list_filter = ("category", "is_published")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = (RuleVersionInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Rule]:
        today = timezone.localdate()
        in_force = (
            RuleVersion.objects.filter(rule=OuterRef("pk"), effective_from__lte=today)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=today))
            .order_by("-effective_from")
            .values("label")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .annotate(_version_count=Count("versions"), _in_force=Subquery(in_force))
        )

    @admin.display(description=_("现行版本"))
    def version_in_force(self, obj: Rule) -> str:
        return getattr(obj, "_in_force", None) or "—"

    @admin.display(description=_("版本数"), ordering="_version_count")
    def version_count(self, obj: Rule) -> int:
        return getattr(obj, "_version_count", 0)


@admin.register(Guide)
class GuideAdmin(PrivateFilesReadOnlyMixin, HistoryAdmin):
    list_display = ("title", "series", "published_on", "is_published", "size")
    list_filter = ("series", "is_published")
    search_fields = ("title", "series")
    readonly_fields = ("size", "file_download")
    formfield_overrides = PRIVATE_FILE_WIDGETS
    private_file_fields = {"file": "file_download"}

    @admin.display(description=_("已上传的文件"))
    def file_download(self, obj: Guide) -> str:
        return _download_link(obj.file_url, obj.file.name) if obj.pk else "—"

    def save_model(self, request: HttpRequest, obj: Guide, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:
            services.image_renditions_enqueue(field_file=obj.cover)
