"""Member contributions: editors read, edit, then accept (→ a draft article) or decline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from .. import services
from ..models import Channel, Contribution
from ..permissions import can_review_contributions
from ..sanitize import PROSE_EXTENSIONS, html_sanitize


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=(("accept", _("采用（生成文章草稿）")), ("decline", _("不采用"))),
        widget=forms.RadioSelect,
    )
    channel = forms.ModelChoiceField(
        label=_("发布栏目"), queryset=Channel.objects.active(), required=False
    )
    reason = forms.CharField(
        label=_("未采用原因"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "accept" and not data.get("channel"):
            self.add_error("channel", gettext("采用时请选择栏目。"))
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", gettext("请填写未采用的原因。"))
        return data


class ContributionAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=_("正文"), extensions=PROSE_EXTENSIONS, sanitize=html_sanitize
    )

    class Meta:
        model = Contribution
        fields = ("title", "body")


@admin.register(Contribution)
class ContributionAdmin(HistoryAdmin):
    form = ContributionAdminForm
    list_display = ("title", "author", "status", "created_at", "decided_at", "article_link")
    list_filter = ("status", ("created_at", admin.DateFieldListFilter))
    search_fields = ("title", "author__name", "author__email")
    list_select_related = ("author", "article")
    date_hierarchy = "created_at"
    fields = (
        "author",
        "title",
        "body",
        "attachment_link",
        "status",
        "decline_reason",
        "article_link",
        "decided_by",
        "decided_at",
        "created_at",
        "decide_link",
    )
    readonly_fields = (
        "author",
        "attachment_link",
        "status",
        "decline_reason",
        "article_link",
        "decided_by",
        "decided_at",
        "created_at",
        "decide_link",
    )

    # Decisions go through the decide step (service): the history is the audit trail,
    # an old version is never restored from it.
    history_revert = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # contributions come from the portal

    def has_change_permission(self, request: HttpRequest, obj: Contribution | None = None) -> bool:
        if obj is not None and obj.status != Contribution.Status.SUBMITTED:
            return False  # decided: the article (if any) is edited from now on
        return super().has_change_permission(request, obj)

    @admin.display(description=_("附件"))
    def attachment_link(self, obj: Contribution) -> str:
        # Private storage has no URL: the file is fetched through the checked download view.
        if not obj.attachment:
            return "—"
        url = reverse("news:contribution_attachment", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.attachment_filename)

    @admin.display(description=_("采用文章"))
    def article_link(self, obj: Contribution) -> str:
        if not obj.article_id:
            return "—"
        url = reverse("admin:news_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article)

    @admin.display(description=_("处理"))
    def decide_link(self, obj: Contribution) -> str:
        if not obj.pk or obj.status != Contribution.Status.SUBMITTED:
            return "—"
        url = reverse("admin:news_contribution_decide", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("采用或不采用…"))

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="news_contribution_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        contribution = get_object_or_404(
            Contribution.objects.select_related("author"), pk=object_id
        )
        if not (
            self.has_view_permission(request, contribution)
            and can_review_contributions(request.user)
        ):
            raise PermissionDenied
        change_url = reverse("admin:news_contribution_change", args=[contribution.pk])
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "accept":
                    article = services.contribution_accept(
                        contribution=contribution, user=request.user, channel=data["channel"]
                    )
                    self.message_user(
                        request,
                        gettext("已采用，并生成文章草稿“%(title)s”。") % {"title": article.title},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:news_article_change", args=[article.pk])
                    )
                services.contribution_decline(
                    contribution=contribution, user=request.user, reason=data["reason"]
                )
                self.message_user(request, gettext("已通知投稿人未采用的原因。"), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
            except DomainError as exc:
                form.add_error(None, exc.message)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("处理投稿：%(title)s") % {"title": contribution.title},
            "contribution": contribution,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/news/contribution/decide.html", context)
