"""Publications and member contributions: rules with versions, the magazine archive,
downloadable guides, and 网上投稿. The reads these pages need are the small selectors
at the top of this module; the writes go through apps.news.services.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.exceptions import DomainError

from . import services
from .forms import ContributionForm
from .models import Article, Contribution, Guide, MagazineIssue, Rule, RuleVersion
from .services.contributions import user_is_lawyer

PAGE_SIZE = 20


def _page(request: HttpRequest, object_list: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


# --- selectors ------------------------------------------------------------------------------


def rule_list_published(*, on: dt.date | None = None) -> QuerySet[Rule]:
    """Published rules, each annotated with the label/date of the version in force `on`."""
    on = on or timezone.localdate()
    in_force = (
        RuleVersion.objects.filter(rule=OuterRef("pk")).in_force(on).order_by("-effective_from")
    )
    return (
        Rule.objects.filter(is_published=True)
        .annotate(
            in_force_label=Subquery(in_force.values("label")[:1]),
            in_force_from=Subquery(in_force.values("effective_from")[:1]),
            version_count=Count("versions"),
        )
        .order_by("category", "order", "title")
    )


@dataclass(frozen=True)
class RuleWithVersions:
    rule: Rule
    in_force: RuleVersion | None
    versions: list[RuleVersion]
    upcoming: list[RuleVersion]


def rule_get_published(*, slug: str, on: dt.date | None = None) -> RuleWithVersions:
    on = on or timezone.localdate()
    rule = (
        Rule.objects.filter(is_published=True, slug=slug)
        .prefetch_related(
            Prefetch("versions", queryset=RuleVersion.objects.order_by("-effective_from"))
        )
        .first()
    )
    if rule is None:
        raise Http404
    versions = list(rule.versions.all())
    in_force = next((v for v in versions if v.is_in_force(on)), None)
    upcoming = [v for v in versions if v.effective_from > on]
    return RuleWithVersions(rule=rule, in_force=in_force, versions=versions, upcoming=upcoming)


def magazine_years() -> list[dict[str, int]]:
    return list(
        MagazineIssue.objects.filter(is_published=True)
        .values("year")
        .annotate(issues=Count("pk"))
        .order_by("-year")
    )


def magazine_issues(*, year: int) -> QuerySet[MagazineIssue]:
    return MagazineIssue.objects.filter(is_published=True, year=year).order_by("-number")


def magazine_issue_get(*, year: int, number: int) -> MagazineIssue:
    issue = MagazineIssue.objects.filter(is_published=True, year=year, number=number).first()
    if issue is None:
        raise Http404
    return issue


def magazine_issue_articles(*, issue: MagazineIssue, user: Any) -> QuerySet[Article]:
    return (
        Article.objects.visible_to(user)
        .filter(magazine_issue=issue)
        .select_related("channel")
        .defer("body", "search_vector", "editors_note", "workflow_note")
        .order_by("publish_at", "pk")
    )


def guide_list_published() -> QuerySet[Guide]:
    return Guide.objects.published().order_by("series", "order", "-published_on", "pk")


def contribution_list_for_user(*, user: Any) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(author=user)
        .select_related("article")
        .only(
            "id", "title", "status", "created_at", "decided_at", "article__id",
            "article__status", "article__publish_at", "article__title",
        )
        .order_by("-created_at", "-pk")
    )  # fmt: skip


def contribution_get_for_user(*, user: Any, pk: int) -> Contribution:
    """The user's own contribution; anyone else's is 404 (not even its existence shows)."""
    contribution = (
        Contribution.objects.select_related("article").filter(pk=pk, author=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if contribution is None:
        raise Http404
    return contribution


def _news_staff_reading_contributions(user: Any) -> bool:
    """Staff who see contributions in admin (editors, chief editors, reports)."""
    return bool(user.is_active and user.is_staff and user.has_perm("news.view_contribution"))


def contribution_get_for_download(*, user: Any, pk: int) -> Contribution:
    """A contribution whose attachment `user` may download: their own, or any for staff
    who may view contributions in admin. Everybody else gets 404, as for the page."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    contribution = Contribution.objects.filter(pk=pk).exclude(attachment="").first()
    if contribution is None:
        raise Http404
    if contribution.author_id == user.pk or _news_staff_reading_contributions(user):
        return contribution
    raise Http404


# --- publications ------------------------------------------------------------------------------


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("新闻资讯"), reverse("news:index")), *items]


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/publications/rule_list.html",
        {
            "page_obj": _page(request, rule_list_published(), per_page=50),
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs((_("规章制度"), "")),
        },
    )


@require_GET
def rule_detail(request: HttpRequest, slug: str) -> HttpResponse:
    data = rule_get_published(slug=slug)
    return render(
        request,
        "news/publications/rule_detail.html",
        {
            "rule": data.rule,
            "in_force": data.in_force,
            "versions": data.versions,
            "upcoming": data.upcoming,
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs((_("规章制度"), reverse("news:rules")), (data.rule.title, "")),
        },
    )


@require_GET
def magazine_index(request: HttpRequest) -> HttpResponse:
    years = magazine_years()
    year = years[0]["year"] if years else None
    return _magazine_page(request, years=years, year=year)


@require_GET
def magazine_year(request: HttpRequest, year: int) -> HttpResponse:
    years = magazine_years()
    if year not in {y["year"] for y in years}:
        raise Http404
    return _magazine_page(request, years=years, year=year)


def _magazine_page(
    request: HttpRequest, *, years: list[dict[str, int]], year: int | None
) -> HttpResponse:
    issues = list(magazine_issues(year=year)) if year else []
    return render(
        request,
        "news/publications/magazine.html",
        {
            "years": years,
            "year": year,
            "issues": issues,
            "breadcrumbs": _crumbs((_("《上海律师》"), "")),
        },
    )


@require_GET
def magazine_issue(request: HttpRequest, year: int, number: int) -> HttpResponse:
    issue = magazine_issue_get(year=year, number=number)
    return render(
        request,
        "news/publications/magazine_issue.html",
        {
            "issue": issue,
            "page_obj": _page(request, magazine_issue_articles(issue=issue, user=request.user)),
            "breadcrumbs": _crumbs(
                (_("《上海律师》"), reverse("news:magazine")),
                (str(issue.year), reverse("news:magazine_year", kwargs={"year": issue.year})),
                (issue.title, ""),
            ),
        },
    )


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/publications/guide_list.html",
        {
            "page_obj": _page(request, guide_list_published()),
            "breadcrumbs": _crumbs((_("指南下载"), "")),
        },
    )


# --- contributions (网上投稿) ----------------------------------------------------------------


def _require_lawyer(request: HttpRequest) -> None:
    if not user_is_lawyer(request.user):
        raise PermissionDenied(_("网上投稿仅向已关联律师身份的会员开放。"))


def _contribution_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    # The portal home is /portal/ by the URL contract (members' "members:home").
    return [
        (_("会员门户"), reverse("members:home")),
        (_("网上投稿"), reverse("news:contribute")),
        *items,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest) -> HttpResponse:
    _require_lawyer(request)
    status = 200
    if request.method == "POST":
        form = ContributionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                contribution = services.contribution_submit(
                    author=request.user, **form.service_kwargs()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("投稿已提交，编辑部处理后会通知您。"))
                return redirect("news:contribution_detail", pk=contribution.pk)
        status = 400
    else:
        form = ContributionForm(initial={"submit_token": uuid.uuid4()})
    return render(
        request,
        "news/contributions/form.html",
        {
            "form": form,
            "recent": contribution_list_for_user(user=request.user)[:5],
            "breadcrumbs": _contribution_crumbs((_("我要投稿"), "")),
        },
        status=status,
    )


@login_required
@require_GET
def contribution_list(request: HttpRequest) -> HttpResponse:
    _require_lawyer(request)
    return render(
        request,
        "news/contributions/list.html",
        {
            "page_obj": _page(request, contribution_list_for_user(user=request.user)),
            "breadcrumbs": _contribution_crumbs((_("我的投稿"), "")),
        },
    )


@login_required
@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "news/contributions/detail.html",
        {
            "contribution": contribution,
            "breadcrumbs": _contribution_crumbs(
                (_("我的投稿"), reverse("news:contribution_list")), (contribution.title, "")
            ),
        },
    )


@login_required
@require_GET
def contribution_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The attachment of a contribution, from private storage, always as a download."""
    contribution = contribution_get_for_download(user=request.user, pk=pk)
    try:
        handle = contribution.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=contribution.attachment_filename,
        content_type=contribution.attachment_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
