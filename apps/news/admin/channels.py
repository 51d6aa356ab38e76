"""Channels as a drag-and-drop tree; topics with their ordered articles."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from apps.core.admin_base import HistoryAdmin

from ..models import Channel, Topic, TopicArticle


@admin.register(Channel)
class ChannelAdmin(HistoryAdmin, DraggableMPTTAdmin):
    list_display = (
        "tree_actions",
        "indented_title",
        "slug",
        "name_en",
        "is_active",
        "article_count",
    )
    list_display_links = ("indented_title",)
    list_filter = ("is_active",)
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    fields = ("name", "name_en", "slug", "parent", "description", "order", "is_active")
    expand_tree_by_default = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Channel]:
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description=_("文章数"), ordering="_article_count")
    def article_count(self, obj: Channel) -> int:
        return getattr(obj, "_article_count", 0)


class TopicArticleInline(admin.TabularInline):
    model = TopicArticle
    extra = 0
    fields = ("order", "article")
    autocomplete_fields = ("article",)
    ordering = ("order", "pk")
    verbose_name = _("专题文章")
    verbose_name_plural = _("专题文章（按顺序）")


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ("title", "slug", "is_active", "order", "article_count", "created_at")
    list_filter = ("is_active",)
    list_editable = ("order",)
    search_fields = ("title", "title_en", "slug")
    ordering = ("order", "-created_at", "pk")  # also the autocomplete's order
    prepopulated_fields = {"slug": ("title_en",)}
    fields = ("title", "title_en", "slug", "banner", "description", "is_active", "order")
    inlines = (TopicArticleInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return super().get_queryset(request).annotate(_article_count=Count("topic_articles"))

    @admin.display(description=_("文章数"), ordering="_article_count")
    def article_count(self, obj: Topic) -> int:
        return getattr(obj, "_article_count", 0)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if "banner" in form.changed_data:
            from ..services import image_renditions_enqueue

            image_renditions_enqueue(field_file=obj.banner)
