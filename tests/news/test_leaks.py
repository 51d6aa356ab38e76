"""News leaks closed: archived-but-never-published articles, unpublished publications' files,
and members-only content for people who are no longer current members."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.news import services
from apps.news.models import Article, RuleVersion
from tests.accounts.factories import staff_user
from tests.news.factories import (
    MINIMAL_PDF,
    ArticleAttachmentFactory,
    ArticleFactory,
    MagazineIssueFactory,
    pdf_file,
)

pytestmark = pytest.mark.django_db


# --- archiving a scheduled article ---------------------------------------------------------


def _archived_while_scheduled(chief_editor, **kwargs) -> Article:
    article = ArticleFactory(status=Article.Status.REVIEW, title="尚未发布就归档的通知", **kwargs)
    services.article_schedule(
        article=article, user=chief_editor, publish_at=timezone.now() + dt.timedelta(days=1)
    )
    article.refresh_from_db()
    return services.article_archive(article=article, user=chief_editor)


def test_archiving_a_scheduled_article_does_not_publish_it(client, chief_editor, member_user):
    article = _archived_while_scheduled(chief_editor)
    assert article.first_published_at is None

    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(member_user)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_archived_never_published_article_stays_unreadable_after_its_time(client, chief_editor):
    article = _archived_while_scheduled(chief_editor)
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(days=3))

    assert client.get(article.get_absolute_url()).status_code == 404


def test_attachments_of_an_archived_never_published_article_are_not_served(
    client, chief_editor, member_user
):
    article = _archived_while_scheduled(chief_editor)
    attachment = ArticleAttachmentFactory(article=article)

    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 404
    client.force_login(member_user)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_staff_still_preview_an_archived_never_published_article(client, chief_editor, editor):
    article = _archived_while_scheduled(chief_editor)
    client.force_login(editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.context["access"].is_preview


def test_an_article_archived_after_it_was_live_stays_readable(client, chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW, title="曾经发布的文章")
    services.article_publish(article=article, user=chief_editor)
    services.article_archive(article=article, user=chief_editor)
    article.refresh_from_db()
    assert article.first_published_at is not None

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.context["access"].is_archived
    assert "本文已归档" in response.content.decode()


def test_first_publication_is_kept_through_back_to_draft_and_republishing(chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    services.article_publish(article=article, user=chief_editor)
    article.refresh_from_db()
    first = article.first_published_at
    services.article_back_to_draft(article=article, user=chief_editor, reason="更正错字")
    article.refresh_from_db()
    assert article.publish_at is None
    assert article.first_published_at == first


def test_backfill_marks_archived_articles_published_only_if_their_history_says_so(chief_editor):
    once_live = ArticleFactory(status=Article.Status.REVIEW)
    services.article_publish(article=once_live, user=chief_editor)
    services.article_archive(article=once_live, user=chief_editor)
    never_live = _archived_while_scheduled(chief_editor)
    live = ArticleFactory()
    Article.objects.update(first_published_at=None)  # as before the migration

    migration = importlib.import_module(
        "apps.news.migrations.0007_body_images_private_publications_first_published"
    )
    migration.first_published_backfill(django_apps, None)

    once_live.refresh_from_db()
    never_live.refresh_from_db()
    live.refresh_from_db()
    assert once_live.first_published_at is not None
    assert never_live.first_published_at is None
    assert live.first_published_at == live.publish_at


# --- files of unpublished rules, guides and magazine issues --------------------------------


def _rule_version(*, published: bool) -> RuleVersion:
    from apps.news.models import Rule

    rule = Rule.objects.create(
        title="律师执业行为规范", slug=f"conduct-{published}", is_published=published
    )
    return RuleVersion.objects.create(
        rule=rule,
        label="2023年修订",
        effective_from=dt.date(2023, 1, 1),
        file=pdf_file("conduct.pdf"),
    )


def _guide(*, published: bool):
    from apps.news.models import Guide

    return Guide.objects.create(
        title="进博会法律服务指南", file=pdf_file("guide.pdf"), is_published=published
    )


def _issue(*, published: bool):
    return MagazineIssueFactory(pdf=pdf_file("issue.pdf"), is_published=published)


FILES = [
    ("rule", lambda published: _rule_version(published=published), "file_url", "file"),
    ("guide", lambda published: _guide(published=published), "file_url", "file"),
    ("magazine", lambda published: _issue(published=published), "pdf_url", "pdf"),
]


@pytest.mark.parametrize(("kind", "make", "url_attr", "field"), FILES)
def test_publication_files_live_outside_the_public_media_folder(kind, make, url_attr, field):
    obj = make(True)
    path = getattr(obj, field).path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(("kind", "make", "url_attr", "field"), FILES)
def test_anyone_downloads_the_file_of_a_published_publication(client, kind, make, url_attr, field):
    obj = make(True)
    response = client.get(getattr(obj, url_attr))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert "attachment;" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("kind", "make", "url_attr", "field"), FILES)
def test_file_of_an_unpublished_publication_is_not_reachable(
    client, reader, member_user, kind, make, url_attr, field
):
    obj = make(False)
    url = getattr(obj, url_attr)
    assert client.get(url).status_code == 404
    for user in (reader, member_user, staff_user(role=Role.MEMBER_SERVICES)):
        client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(("kind", "make", "url_attr", "field"), FILES)
def test_news_staff_download_the_file_of_an_unpublished_publication(
    client, editor, kind, make, url_attr, field
):
    obj = make(False)
    client.force_login(editor)
    response = client.get(getattr(obj, url_attr))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_publication_pages_link_to_the_checked_downloads(client):
    version = _rule_version(published=True)
    guide = _guide(published=True)
    issue = _issue(published=True)
    assert version.file_url in client.get(version.rule.get_absolute_url()).content.decode()
    assert guide.file_url in client.get(reverse("news:guides")).content.decode()
    assert issue.pdf_url in client.get(issue.get_absolute_url()).content.decode()


def test_missing_publication_file_is_404(client):
    guide = _guide(published=True)
    guide.file.storage.delete(guide.file.name)
    assert client.get(guide.file_url).status_code == 404
    assert client.get(reverse("news:guide_file", args=[999999])).status_code == 404


def test_admin_publication_pages_render_with_private_files(client, chief_editor):
    version = _rule_version(published=False)
    guide = _guide(published=False)
    issue = _issue(published=False)
    client.force_login(chief_editor)
    for url, link in (
        (reverse("admin:news_rule_change", args=[version.rule.pk]), version.file_url),
        (reverse("admin:news_guide_change", args=[guide.pk]), guide.file_url),
        (reverse("admin:news_magazineissue_change", args=[issue.pk]), issue.pdf_url),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert link in response.content.decode()


def test_replacing_a_guide_file_in_admin_keeps_it_private(client, chief_editor):
    guide = _guide(published=True)
    client.force_login(chief_editor)
    response = client.post(
        reverse("admin:news_guide_change", args=[guide.pk]),
        {
            "title": guide.title,
            "series": "",
            "description": "",
            "file": ContentFile(MINIMAL_PDF, name="new.pdf"),
            "published_on": "2025-01-01",
            "is_published": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    guide.refresh_from_db()
    assert guide.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


# --- members-only means current members ------------------------------------------------------


def _set_status(user, status):
    from apps.members.models import Lawyer

    Lawyer.objects.filter(user=user).update(status=status)


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_a_suspended_or_revoked_lawyer_loses_members_only_articles_at_once(
    client, member_user, status
):
    article = ArticleFactory(visibility=Article.Visibility.MEMBERS, body="<p>会员正文</p>")
    attachment = ArticleAttachmentFactory(article=article)
    client.force_login(member_user)
    assert "会员正文" in client.get(article.get_absolute_url()).content.decode()
    assert client.get(attachment.get_absolute_url()).status_code == 200

    _set_status(member_user, status)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200  # the teaser
    assert "会员正文" not in response.content.decode()
    assert not response.context["access"].can_read
    assert client.get(attachment.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_a_suspended_or_revoked_lawyer_loses_the_contribution_pages(client, member_user, status):
    from tests.news.factories import ContributionFactory

    contribution = ContributionFactory(author=member_user, attachment=pdf_file("稿件.pdf"))
    client.force_login(member_user)
    assert client.get(reverse("news:contribute")).status_code == 200
    assert (
        client.get(reverse("news:contribution_detail", args=[contribution.pk])).status_code == 200
    )

    _set_status(member_user, status)

    assert client.get(reverse("news:contribute")).status_code == 403
    assert client.get(reverse("news:contribution_list")).status_code == 403
    assert (
        client.get(reverse("news:contribution_detail", args=[contribution.pk])).status_code == 403
    )
    attachment_url = reverse("news:contribution_attachment", args=[contribution.pk])
    assert client.get(attachment_url).status_code == 404


def test_members_only_articles_leave_a_suspended_lawyers_search_and_issue_lists(
    client, member_user
):
    from apps.news.selectors import magazine_issue_articles

    issue = _issue(published=True)
    article = ArticleFactory(visibility=Article.Visibility.MEMBERS, magazine_issue=issue)
    assert list(magazine_issue_articles(issue=issue, user=member_user)) == [article]
    _set_status(member_user, "suspended")
    from apps.accounts.permissions import is_current_member_forget

    is_current_member_forget(member_user)
    assert list(magazine_issue_articles(issue=issue, user=member_user)) == []


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (Role.EDITOR, True),
        (Role.CHIEF_EDITOR, True),
        (Role.REPORTS, False),
        (Role.MEMBER_SERVICES, False),
        (Role.COMPLAINTS_OFFICER, False),
        (Role.PARTY_AFFAIRS, False),
    ],
)
def test_which_staff_roles_read_members_only_articles(client, role, reads):
    article = ArticleFactory(visibility=Article.Visibility.MEMBERS, body="<p>会员正文</p>")
    client.force_login(staff_user(role=role))
    assert ("会员正文" in client.get(article.get_absolute_url()).content.decode()) is reads


# --- an article from a magazine issue links to it ---------------------------------------------


def test_article_from_a_magazine_issue_links_to_the_issue(client):
    issue = _issue(published=True)
    article = ArticleFactory(magazine_issue=issue)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{issue.get_absolute_url()}"' in html
    assert issue.title in html


def test_article_does_not_link_to_an_unpublished_issue(client):
    issue = _issue(published=False)
    article = ArticleFactory(magazine_issue=issue)
    html = client.get(article.get_absolute_url()).content.decode()
    assert issue.get_absolute_url() not in html


def test_view_only_staff_see_private_files_as_checked_download_links(client):
    version = _rule_version(published=False)
    guide = _guide(published=False)
    issue = _issue(published=False)
    attachment = ArticleAttachmentFactory()
    client.force_login(staff_user(role=Role.REPORTS))
    for url, link in (
        (reverse("admin:news_rule_change", args=[version.rule.pk]), version.file_url),
        (reverse("admin:news_guide_change", args=[guide.pk]), guide.file_url),
        (reverse("admin:news_magazineissue_change", args=[issue.pk]), issue.pdf_url),
        (
            reverse("admin:news_article_change", args=[attachment.article.pk]),
            attachment.get_absolute_url(),
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert link in response.content.decode()
