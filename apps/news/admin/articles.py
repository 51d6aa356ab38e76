"""Articles in admin.

Content is edited in the form; the workflow is not: ``status`` and ``publish_at`` are
read-only there and change only through the buttons on the change page and the bulk
actions, both of which call the services (which check the user's role again). Editors
may change drafts and articles in review; anything scheduled, live or archived is
read-only to them (and so is reverting its history).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from .. import services
from ..models import Article, ArticleAttachment, Tag, TopicArticle
from ..services.articles import can_edit, can_publish

WORKFLOW_FIELDS = ("status", "publish_at", "workflow_note")
EDITABLE_BY_EDITORS = (Article.Status.DRAFT, Article.Status.REVIEW)


class ArticleAttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 0
    fields = ("title", "file", "download", "order", "size", "content_type")
    readonly_fields = ("download", "size", "content_type")
    # Files are in private storage (no public URL): a plain file input for uploads, and
    # the checked download view for what is already stored.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("下载"))
    def download(self, obj: ArticleAttachment) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.file.name)


class TopicArticleInline(admin.TabularInline):
    model = TopicArticle
    extra = 0
    fields = ("topic", "order")
    autocomplete_fields = ("topic",)
    verbose_name = _("所属专题")
    verbose_name_plural = _("所属专题")


class WorkflowForm(forms.Form):
    """The buttons on an article's change page (outside the content form)."""

    ACTIONS = (
        ("submit", _("提交审核")),
        ("publish", _("立即发布")),
        ("schedule", _("定时发布")),
        ("archive", _("归档")),
        ("back_to_draft", _("退回草稿")),
    )
    action = forms.ChoiceField(choices=ACTIONS)
    publish_at = forms.DateTimeField(
        label=_("发布时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    reason = forms.CharField(label=_("退回原因"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "schedule" and not data.get("publish_at"):
            self.add_error("publish_at", gettext("请填写定时发布的时间。"))
        if data.get("action") == "back_to_draft" and not (data.get("reason") or "").strip():
            self.add_error("reason", gettext("退回草稿时请填写原因。"))
        return data


def available_actions(article: Article, user: Any) -> list[str]:
    """The workflow buttons this user sees for this article."""
    S = Article.Status
    actions: list[str] = []
    if article.status == S.DRAFT and can_edit(user):
        actions.append("submit")
    if can_publish(user):
        if article.status in (S.REVIEW, S.SCHEDULED):
            actions += ["publish", "schedule"]
        if article.status in (S.PUBLISHED, S.SCHEDULED):
            actions.append("archive")
        if article.status != S.DRAFT:
            actions.append("back_to_draft")
    elif article.status == S.REVIEW and can_edit(user):
        actions.append("back_to_draft")
    return actions


def run_workflow_action(*, article: Article, user: Any, data: dict[str, Any]) -> Article:
    action = data["action"]
    if action == "submit":
        return services.article_submit(article=article, user=user)
    if action == "publish":
        return services.article_publish(article=article, user=user)
    if action == "schedule":
        return services.article_schedule(article=article, user=user, publish_at=data["publish_at"])
    if action == "archive":
        return services.article_archive(article=article, user=user)
    return services.article_back_to_draft(article=article, user=user, reason=data["reason"])


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    change_form_template = "admin/news/article/change_form.html"
    list_display = (
        "title",
        "channel",
        "status",
        "visibility",
        "is_pinned",
        "is_featured",
        "publish_at",
        "updated_at",
    )
    list_filter = (
        "status",
        ("channel", admin.RelatedOnlyFieldListFilter),
        "visibility",
        "is_pinned",
        "is_featured",
        ("publish_at", admin.DateFieldListFilter),
    )
    date_hierarchy = "publish_at"
    search_fields = ("title", "subtitle")
    list_select_related = ("channel",)
    list_per_page = 50
    autocomplete_fields = ("channel", "tags", "magazine_issue")
    inlines = (ArticleAttachmentInline, TopicArticleInline)
    readonly_fields = (
        "status",
        "publish_at",
        "workflow_note",
        "created_by",
        "created_at",
        "updated_at",
        "view_count",
        "preview_link",
    )
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "channel", "editors_note", "body", "summary")}),
        (_("封面"), {"fields": ("cover", "cover_alt")}),
        (
            _("来源"),
            {"fields": ("author", "source_name", "source_issue", "source_url", "magazine_issue")},
        ),
        (_("分类与展示"), {"fields": ("tags", "visibility", "is_pinned", "is_featured")}),
        (
            _("发布流程"),
            {
                "fields": (
                    "status",
                    "publish_at",
                    "workflow_note",
                    "preview_link",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "view_count",
                )
            },
        ),
    )
    actions = ("submit_selected", "publish_selected", "archive_selected")
    history_list_display = ("status",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # --- permissions -------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and obj.status not in EDITABLE_BY_EDITORS:
            return can_publish(request.user)
        return True

    # --- list --------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("body", "search_vector")

    @admin.display(description=_("预览"))
    def preview_link(self, obj: Article) -> str:
        if not obj.pk:
            return "—"
        url = reverse("admin:news_article_preview", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, gettext("预览文章页面")
        )

    def _bulk(self, request: HttpRequest, queryset: QuerySet[Article], run, done_msg: str) -> None:
        done, refused = 0, []
        for article in queryset:
            try:
                run(article)
                done += 1
            except DomainError as exc:
                refused.append(exc.message)
        if done:
            self.message_user(request, done_msg % {"count": done}, messages.SUCCESS)
        for message in refused[:10]:
            self.message_user(request, message, messages.WARNING)
        if len(refused) > 10:
            self.message_user(
                request,
                gettext("另有 %(count)d 篇未处理。") % {"count": len(refused) - 10},
                messages.WARNING,
            )

    @admin.action(description=_("提交所选文章审核"), permissions=["change"])
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(
            request,
            queryset,
            lambda a: services.article_submit(article=a, user=request.user),
            gettext("已提交审核 %(count)d 篇。"),
        )

    @admin.action(description=_("立即发布所选文章"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(
            request,
            queryset,
            lambda a: services.article_publish(article=a, user=request.user),
            gettext("已发布 %(count)d 篇。"),
        )

    @admin.action(description=_("归档所选文章"), permissions=["publish"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(
            request,
            queryset,
            lambda a: services.article_archive(article=a, user=request.user),
            gettext("已归档 %(count)d 篇。"),
        )

    # --- saving --------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        if getattr(request, "_news_reverting", False) and obj.pk:
            # Reverting restores the content of an earlier version, never its workflow
            # state: that would let anyone re-publish an old version past the chief editor.
            current = Article.objects.filter(pk=obj.pk).values(*WORKFLOW_FIELDS).first() or {}
            for name, value in current.items():
                setattr(obj, name, value)
            obj._change_reason = gettext("恢复历史版本")
        super().save_model(request, obj, form, change)
        if "cover" in getattr(form, "changed_data", ()):
            services.image_renditions_enqueue(field_file=obj.cover)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        current = get_object_or_404(Article, pk=object_id)
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        request._news_reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if obj is not None and obj.pk:
            current = Article.objects.filter(pk=obj.pk).first()
            if current is not None and not self.has_change_permission(request, current):
                return True
        return super().revert_disabled(request, obj)

    # --- workflow buttons and preview ------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context["workflow_actions"] = available_actions(article, request.user)
            extra_context["workflow_form"] = WorkflowForm(
                initial={
                    "publish_at": (timezone.localtime() + dt.timedelta(hours=1)).replace(
                        second=0, microsecond=0
                    )
                }
            )
            extra_context["workflow_url"] = reverse(
                "admin:news_article_workflow", args=[article.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:news_article_change", args=[article.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            article = run_workflow_action(
                article=article, user=request.user, data=form.cleaned_data
            )
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.log_change(
                request, article, gettext("状态改为“%s”") % article.get_status_display()
            )
            self.message_user(
                request,
                gettext("“%(title)s”的状态已改为“%(status)s”。")
                % {"title": article.title, "status": article.get_status_display()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The public article page as it will look, for an article not yet (or no longer) live."""
        from ..views import article_detail

        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        response = article_detail(request, pk=article.pk)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
