"""Publications: rules with their versions, the magazine archive, downloadable guides.

Unpublished rules, guides and magazine issues are 404 on their pages and their files
(which live in private storage) — except to staff who see that kind of publication in
admin (``permissions.can_preview_publications``), who may download the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from .. import permissions
from ..models import Article, Guide, MagazineIssue, Rule, RuleVersion
from .articles import LIST_DEFER


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


def rule_version_file_get_for_user(*, user: Any, pk: int) -> RuleVersion:
    """A rule version with a file that `user` may download: the rule is published, or
    `user` is staff who sees rules in admin. Otherwise 404 (existence is not revealed)."""
    version = RuleVersion.objects.select_related("rule").filter(pk=pk).exclude(file="").first()
    if version is None:
        raise Http404
    if version.rule.is_published or permissions.can_preview_publications(user, "rule"):
        return version
    raise Http404


def magazine_years() -> list[dict[str, int]]:
    """[{"year": 2025, "issues": 12}, …], newest year first."""
    rows = (
        MagazineIssue.objects.filter(is_published=True)
        .values("year")
        .annotate(issues=Count("pk"))
        .order_by("-year")
    )
    return [{"year": row["year"], "issues": row["issues"]} for row in rows]


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
        .defer(*LIST_DEFER)
        .order_by("publish_at", "pk")
    )


def magazine_pdf_get_for_user(*, user: Any, pk: int) -> MagazineIssue:
    """An issue with a PDF that `user` may download (published, or staff who see issues)."""
    issue = MagazineIssue.objects.filter(pk=pk).exclude(pdf="").first()
    if issue is None:
        raise Http404
    if issue.is_published or permissions.can_preview_publications(user, "magazineissue"):
        return issue
    raise Http404


def guide_list_published() -> QuerySet[Guide]:
    return Guide.objects.published().order_by("series", "order", "-published_on", "pk")


def guide_file_get_for_user(*, user: Any, pk: int) -> Guide:
    """A guide `user` may download: published, or staff who see guides in admin."""
    guide = Guide.objects.filter(pk=pk).exclude(file="").first()
    if guide is None:
        raise Http404
    if guide.is_published or permissions.can_preview_publications(user, "guide"):
        return guide
    raise Http404
