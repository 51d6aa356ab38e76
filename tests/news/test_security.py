"""Security review of news: private contribution attachments, members-only leaks, escaping."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import Role
from apps.news.models import Article, Contribution
from tests.accounts.factories import UserFactory, staff_user
from tests.news.factories import MINIMAL_PDF, ArticleFactory, ChannelFactory, ContributionFactory

pytestmark = pytest.mark.django_db

SECRET = "会员专享机密内容"


def _contribution_with_file(author) -> Contribution:
    return ContributionFactory(
        author=author, attachment=SimpleUploadedFile("心得.pdf", MINIMAL_PDF)
    )


def _download_url(contribution: Contribution) -> str:
    return reverse("news:contribution_attachment", kwargs={"pk": contribution.pk})


# --- contribution attachments are private ----------------------------------------------


def test_contribution_attachment_is_stored_outside_media_root(member_user):
    contribution = _contribution_with_file(member_user)
    path = Path(contribution.attachment.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        contribution.attachment.url  # noqa: B018 - no public URL exists


def test_author_downloads_own_attachment_as_a_nosniff_download(client, member_user):
    contribution = _contribution_with_file(member_user)
    client.force_login(member_user)
    response = client.get(_download_url(contribution))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_anonymous_is_sent_to_login_for_an_attachment(client, member_user):
    contribution = _contribution_with_file(member_user)
    response = client.get(_download_url(contribution))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_other_lawyer_and_plain_user_get_404_for_an_attachment(
    client, member_user, other_member_user, reader
):
    contribution = _contribution_with_file(member_user)
    for user in (other_member_user, reader, staff_user(role=Role.MEMBER_SERVICES)):
        client.force_login(user)
        assert client.get(_download_url(contribution)).status_code == 404


def test_staff_without_role_gets_404_for_an_attachment(client, member_user):
    contribution = _contribution_with_file(member_user)
    client.force_login(UserFactory(is_staff=True, verified=True))
    assert client.get(_download_url(contribution)).status_code == 404


def test_editor_downloads_attachment_and_admin_links_to_the_view(client, member_user, editor):
    contribution = _contribution_with_file(member_user)
    client.force_login(editor)
    assert client.get(_download_url(contribution)).status_code == 200
    for url in (
        reverse("admin:news_contribution_change", args=[contribution.pk]),
        reverse("admin:news_contribution_decide", args=[contribution.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert _download_url(contribution) in response.content.decode()
        assert "/media/news/contributions" not in response.content.decode()


def test_contribution_without_attachment_download_is_404(client, member_user):
    contribution = ContributionFactory(author=member_user)
    client.force_login(member_user)
    assert client.get(_download_url(contribution)).status_code == 404


def test_author_page_links_to_the_download_view(client, member_user):
    contribution = _contribution_with_file(member_user)
    client.force_login(member_user)
    page = client.get(reverse("news:contribution_detail", kwargs={"pk": contribution.pk}))
    assert _download_url(contribution) in page.content.decode()


def test_accepting_copies_the_private_attachment_into_the_article(member_user, editor):
    from apps.news import services

    contribution = _contribution_with_file(member_user)
    article = services.contribution_accept(
        contribution=contribution, user=editor, channel=ChannelFactory()
    )
    assert article.attachments.get().file.read() == MINIMAL_PDF


# --- members-only articles do not leak ----------------------------------------------------


@pytest.fixture
def members_article(db):
    return ArticleFactory(
        title="会员文章标题",
        summary=f"{SECRET}摘要",
        body=f"<p>{SECRET}正文</p>",
        editors_note=f"{SECRET}编者按",
        visibility=Article.Visibility.MEMBERS,
    )


def test_members_article_body_summary_and_note_hidden_from_visitors(
    client, reader, members_article
):
    for user in (None, reader):
        if user:
            client.force_login(user)
        response = client.get(members_article.get_absolute_url())
        assert response.status_code == 200
        assert SECRET not in response.content.decode()


def test_members_article_not_in_feeds_or_sitemap(client, members_article):
    for url in ("/feeds/news.xml", "/feeds/news.atom", "/sitemap-articles.xml", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code in (200, 404)
        assert members_article.get_absolute_url() not in response.content.decode()
        assert SECRET not in response.content.decode()


def test_members_article_not_on_home_and_no_summary_in_lists(client, members_article):
    neighbour = ArticleFactory(channel=members_article.channel)
    for url in (
        "/",
        reverse("news:index"),
        members_article.channel.get_absolute_url(),
        neighbour.get_absolute_url(),  # related articles and previous/next links
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url


def test_search_does_not_find_members_article_for_visitors(
    client, reader, member_user, members_article
):
    client.force_login(reader)
    response = client.get(reverse("search"), {"q": "机密", "type": "news"})
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "会员文章标题" not in response.content.decode()
    client.force_login(member_user)
    response = client.get(reverse("search"), {"q": "机密", "type": "news"})
    assert "会员文章标题" in response.content.decode()


# --- escaping ---------------------------------------------------------------------------------

XSS = '<script>alert("x")</script>'


def test_title_subtitle_and_editors_note_are_escaped(client):
    article = ArticleFactory(title=f"标题{XSS}", subtitle=f"副标题{XSS}", editors_note=f"按{XSS}")
    content = client.get(article.get_absolute_url()).content.decode()
    assert XSS not in content
    assert "&lt;script&gt;" in content


def test_search_snippet_escapes_before_marking(client):
    ArticleFactory(title=f"律师{XSS}", body="<p>律师&lt;img src=x onerror=alert(1)&gt;</p>")
    content = client.get(reverse("search"), {"q": "律师", "type": "news"}).content.decode()
    assert "<mark>律师</mark>" in content
    assert XSS not in content
    assert "<img src=x" not in content


def test_contribution_body_is_sanitised(member_user):
    contribution = ContributionFactory(
        author=member_user,
        body='<p onclick="x()">好</p><script>alert(1)</script><a href="javascript:x">l</a>',
    )
    contribution.refresh_from_db()
    assert "<script" not in contribution.body
    assert "onclick" not in contribution.body
    assert "javascript:" not in contribution.body
