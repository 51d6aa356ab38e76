"""Magazine issues, rules with their versions, guides."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Guide, MagazineIssue, Rule, RuleVersion


@admin.register(MagazineIssue)
class MagazineIssueAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "number", "published_on", "is_published", "article_count")
    list_filter = ("year", "is_published")
    search_fields = ("title",)
    ordering = ("-year", "-number")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MagazineIssue]:
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description=_("文章数"), ordering="_article_count")
    def article_count(self, obj: MagazineIssue) -> int:
        return getattr(obj, "_article_count", 0)


class RuleVersionInline(admin.StackedInline):
    model = RuleVersion
    extra = 0
    fields = ("label", "adopted_by", ("effective_from", "effective_to"), "body", "file")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
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
class GuideAdmin(admin.ModelAdmin):
    list_display = ("title", "series", "published_on", "is_published", "size")
    list_filter = ("series", "is_published")
    search_fields = ("title", "series")
    readonly_fields = ("size",)
