"""Articles in admin.

Content is edited in the form; the workflow is not: ``status`` and ``publish_at`` are
read-only there and change only through the workflow buttons and the bulk actions, both
of which call the services (which check the user's role again). Editors may change
drafts and articles in review; anything scheduled, live or archived is read-only to them
(and so is reverting its history: ``services.article_revert``).

The workflow buttons (提交审核, 立即发布, …) are part of the change form: they submit it
with ``_transition=<action>``, so the edits on the page are saved first and the
transition runs after, in the same request and transaction. A refused transition or a
missing reason is a message on the page, never a server error, and the saved edits stay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.decorators import staff_powers
from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from .. import permissions, services
from ..models import Article, ArticleAttachment, Tag, TopicArticle
from .publications import PrivateFilesReadOnlyMixin

TRANSITION_FIELD = "_transition"


class _FollowsArticleInline(admin.TabularInline):
    """An inline editable exactly when its article is (editors: drafts and articles in
    review; chief editors: always), on top of the inline model's own permissions."""

    def _article_changeable(self, request: HttpRequest, obj: Article | None) -> bool:
        return obj is None or permissions.can_change_article(request.user, obj)

    def has_add_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return super().has_add_permission(request, obj) and self._article_changeable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._article_changeable(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._article_changeable(
            request, obj
        )


class ArticleAttachmentInline(PrivateFilesReadOnlyMixin, _FollowsArticleInline):
    model = ArticleAttachment
    extra = 0
    fields = ("title", "file", "download", "order", "size", "content_type")
    readonly_fields = ("download", "size", "content_type")
    private_file_fields = {"file": "download"}
    # Files are in private storage (no public URL): a plain file input for uploads, and
    # the checked download view for what is already stored.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("下载"))
    def download(self, obj: ArticleAttachment) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.file.name)


class TopicArticleInline(_FollowsArticleInline):
    """The article's topics. Removing the article from a topic is an edit of the article
    (editors have no delete permission on anything): allowed to whoever may change the
    link rows and the article."""

    model = TopicArticle
    extra = 0
    fields = ("topic", "order")
    autocomplete_fields = ("topic",)
    verbose_name = _("所属专题")
    verbose_name_plural = _("所属专题")

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return self.has_change_permission(request, obj)


class WorkflowForm(forms.Form):
    """The workflow part of an article's change form: which button, and its inputs.

    Bound with ``prefix="_transition"`` to the change form's POST: the buttons are
    ``name="_transition" value="<action>"``, the inputs ``_transition-publish_at`` and
    ``_transition-reason``.
    """

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


def workflow_form_bind(post: Any) -> WorkflowForm:
    data = {
        "_transition-action": post.get(TRANSITION_FIELD, ""),
        "_transition-publish_at": post.get("_transition-publish_at", ""),
        "_transition-reason": post.get("_transition-reason", ""),
    }
    return WorkflowForm(data, prefix="_transition")


def available_actions(article: Article, user: Any) -> list[str]:
    """The workflow buttons this user sees for this article."""
    S = Article.Status
    can_edit = permissions.can_edit_articles
    actions: list[str] = []
    if article.status == S.DRAFT and can_edit(user):
        actions.append("submit")
    if permissions.can_publish_articles(user):
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
        return permissions.can_publish_articles(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_change_article(request.user, obj)

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

    # --- saving ----------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if "cover" in getattr(form, "changed_data", ()):
            services.image_renditions_enqueue(field_file=obj.cover)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """GET shows the earlier version (simple_history's page); POST restores its content
        through ``services.article_revert`` — never its workflow state."""
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            history_id = int(version_id)
            article = services.article_revert(
                article=article, history_id=history_id, user=request.user
            )
        except (DomainError, ValueError) as exc:
            message = exc.message if isinstance(exc, DomainError) else gettext("历史版本无效。")
            self.message_user(request, message, messages.ERROR)
        else:
            self.log_change(request, article, gettext("恢复历史版本"))
            self.message_user(
                request,
                gettext("已恢复“%(title)s”的历史版本（发布状态不变）。") % {"title": article.title},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def revert_disabled(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if obj is not None and obj.pk:
            current = Article.objects.filter(pk=obj.pk).first()
            if current is not None and not self.has_change_permission(request, current):
                return True
        return super().revert_disabled(request, obj)

    # --- workflow buttons (inside the change form) ------------------------------------------

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Article | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and request.POST.get(TRANSITION_FIELD):
            # The change form did not validate: nothing was saved, nothing transitioned.
            self.message_user(
                request,
                gettext("表单有错误，修改尚未保存，发布流程操作也未执行。请改正后再试。"),
                messages.ERROR,
            )
        if obj is not None and obj.pk:
            actions = available_actions(obj, request.user)
            if not self.has_change_permission(request, obj):
                actions = []  # a read-only page has no form to submit
            bound = request.method == "POST" and request.POST.get(TRANSITION_FIELD)
            context.update(
                {
                    "workflow_actions": actions,
                    "workflow_form": workflow_form_bind(request.POST)
                    if bound
                    else WorkflowForm(
                        prefix="_transition",
                        initial={
                            "publish_at": (timezone.localtime() + dt.timedelta(hours=1)).replace(
                                second=0, microsecond=0
                            )
                        },
                    ),
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if request.POST.get(TRANSITION_FIELD):
            self._transition(request, obj)
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def _transition(self, request: HttpRequest, article: Article) -> None:
        """Run the pressed workflow button after the form was saved (same transaction)."""
        form = workflow_form_bind(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(
                        request,
                        gettext("修改已保存，但发布流程操作未执行：%(error)s") % {"error": error},
                        messages.ERROR,
                    )
            return
        try:
            article = run_workflow_action(
                article=article, user=request.user, data=form.cleaned_data
            )
        except DomainError as exc:
            self.message_user(
                request,
                gettext("修改已保存，但发布流程操作未执行：%(error)s") % {"error": exc.message},
                messages.ERROR,
            )
            return
        self.log_change(request, article, gettext("状态改为“%s”") % article.get_status_display())
        self.message_user(
            request,
            gettext("修改已保存，“%(title)s”的状态已改为“%(status)s”。")
            % {"title": article.title, "status": article.get_status_display()},
            messages.SUCCESS,
        )

    # --- preview and body images ----------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/preview/",
                staff_powers(self.admin_site.admin_view(self.preview_view)),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "body-images/",
                staff_powers(self.admin_site.admin_view(self.body_image_upload_view)),
                name="{}_{}_body_image".format(*info),
            ),
            *super().get_urls(),
        ]

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

    def body_image_upload_view(self, request: HttpRequest) -> HttpResponse:
        """POST one image (field ``image``) from the body editor; answers JSON
        ``{"url", "width", "height"}`` or ``{"error"}`` with 400/403/405.

        CSRF-protected and staff-only through ``admin_view``; the image passes the same
        Pillow checks and EXIF stripping as covers, is stored in our media storage under
        an unguessable name, and its renditions are made by a task after commit.
        """
        if request.method != "POST":
            return JsonResponse({"error": gettext("只接受 POST 上传。")}, status=405)
        if not permissions.can_upload_body_images(request.user):
            return JsonResponse({"error": gettext("您没有权限上传图片。")}, status=403)
        upload = request.FILES.get("image")
        if upload is None:
            return JsonResponse({"error": gettext("请选择要上传的图片。")}, status=400)
        try:
            image = services.body_image_upload(upload=upload, user=request.user)
        except DomainError as exc:
            return JsonResponse({"error": exc.message}, status=400)
        return JsonResponse(
            {"url": image.file.url, "width": image.width, "height": image.height}, status=201
        )


@admin.register(Tag)
class TagAdmin(HistoryAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
