"""Publications: rules with versions, the magazine archive, downloadable guides — and
their files, which live in private storage and are downloaded through the checks in
apps.news.selectors.publications (unpublished ones only for staff who see them in admin).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.decorators import staff_powers

from .. import selectors
from ..validators import attachment_content_type
from ._common import news_crumbs, page, private_download

# Published files may sit in browsers' caches for a day; never in shared caches, so a file
# withdrawn by staff stops being served by proxies at once.
PUBLIC_FILE_CACHE = "private, max-age=86400"


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/publications/rule_list.html",
        {
            "page_obj": page(request, selectors.rule_list_published(), per_page=50),
            "today": timezone.localdate(),
            "breadcrumbs": news_crumbs((_("规章制度"), "")),
        },
    )


@require_GET
def rule_detail(request: HttpRequest, slug: str) -> HttpResponse:
    data = selectors.rule_get_published(slug=slug)
    return render(
        request,
        "news/publications/rule_detail.html",
        {
            "rule": data.rule,
            "in_force": data.in_force,
            "versions": data.versions,
            "upcoming": data.upcoming,
            "today": timezone.localdate(),
            "breadcrumbs": news_crumbs(
                (_("规章制度"), reverse("news:rules")), (data.rule.title, "")
            ),
        },
    )


@staff_powers
@require_GET
def rule_version_file(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.rule_version_file_get_for_user(user=request.user, pk=pk)
    ext = version.file.name.rsplit(".", 1)[-1].lower() if "." in version.file.name else ""
    name = f"{version.rule.title}（{version.label}）"
    return private_download(
        version.file,
        filename=f"{name}.{ext}" if ext else name,
        content_type=attachment_content_type(version.file.name),
        cache_control=PUBLIC_FILE_CACHE if version.rule.is_published else "private, no-store",
    )


@require_GET
def magazine_index(request: HttpRequest) -> HttpResponse:
    years = selectors.magazine_years()
    year = years[0]["year"] if years else None
    return _magazine_page(request, years=years, year=year)


@require_GET
def magazine_year(request: HttpRequest, year: int) -> HttpResponse:
    years = selectors.magazine_years()
    if year not in {y["year"] for y in years}:
        raise Http404
    return _magazine_page(request, years=years, year=year)


def _magazine_page(
    request: HttpRequest, *, years: list[dict[str, int]], year: int | None
) -> HttpResponse:
    issues = list(selectors.magazine_issues(year=year)) if year else []
    return render(
        request,
        "news/publications/magazine.html",
        {
            "years": years,
            "year": year,
            "issues": issues,
            "breadcrumbs": news_crumbs((_("《上海律师》"), "")),
        },
    )


@require_GET
def magazine_issue(request: HttpRequest, year: int, number: int) -> HttpResponse:
    issue = selectors.magazine_issue_get(year=year, number=number)
    articles = selectors.magazine_issue_articles(issue=issue, user=request.user)
    return render(
        request,
        "news/publications/magazine_issue.html",
        {
            "issue": issue,
            "page_obj": page(request, articles),
            "breadcrumbs": news_crumbs(
                (_("《上海律师》"), reverse("news:magazine")),
                (str(issue.year), reverse("news:magazine_year", kwargs={"year": issue.year})),
                (issue.title, ""),
            ),
        },
    )


@staff_powers
@require_GET
def magazine_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.magazine_pdf_get_for_user(user=request.user, pk=pk)
    return private_download(
        issue.pdf,
        filename=f"{issue.title}.pdf",
        content_type="application/pdf",
        cache_control=PUBLIC_FILE_CACHE if issue.is_published else "private, no-store",
    )


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/publications/guide_list.html",
        {
            "page_obj": page(request, selectors.guide_list_published()),
            "breadcrumbs": news_crumbs((_("指南下载"), "")),
        },
    )


@staff_powers
@require_GET
def guide_file(request: HttpRequest, pk: int) -> HttpResponse:
    guide = selectors.guide_file_get_for_user(user=request.user, pk=pk)
    ext = guide.file.name.rsplit(".", 1)[-1].lower() if "." in guide.file.name else ""
    return private_download(
        guide.file,
        filename=f"{guide.title}.{ext}" if ext else guide.title,
        content_type=attachment_content_type(guide.file.name),
        cache_control=PUBLIC_FILE_CACHE if guide.is_published else "private, no-store",
    )
