"""Article attachments are private files served through the article's visibility rules."""

from __future__ import annotations

import pytest
from django.conf import settings

from apps.news.models import Article
from tests.news.factories import ArticleAttachmentFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def download(client, attachment):
    return client.get(attachment.get_absolute_url())


def test_attachment_files_are_stored_outside_the_public_media_folder():
    attachment = ArticleAttachmentFactory()

    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_anyone_downloads_the_attachment_of_a_public_article(client):
    attachment = ArticleAttachmentFactory(title="会费缴纳指引")

    response = download(client, attachment)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]


def test_article_page_links_to_the_checked_download(client):
    attachment = ArticleAttachmentFactory()

    page = client.get(attachment.article.get_absolute_url())

    assert attachment.get_absolute_url() in page.content.decode()


def test_visitor_is_sent_to_login_for_a_members_only_attachment(client):
    article = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    attachment = ArticleAttachmentFactory(article=article)

    response = download(client, attachment)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_non_member_cannot_download_a_members_only_attachment(client, reader):
    attachment = ArticleAttachmentFactory(
        article=ArticleFactory(visibility=Article.Visibility.MEMBERS)
    )
    client.force_login(reader)

    assert download(client, attachment).status_code == 404


def test_member_downloads_a_members_only_attachment(client, member_user):
    attachment = ArticleAttachmentFactory(
        article=ArticleFactory(visibility=Article.Visibility.MEMBERS)
    )
    client.force_login(member_user)

    assert download(client, attachment).status_code == 200


def test_attachment_of_an_unpublished_article_is_not_found(client):
    attachment = ArticleAttachmentFactory(
        article=ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    )

    assert download(client, attachment).status_code == 404


def test_attachment_id_must_belong_to_the_article_in_the_url(client):
    members_only = ArticleAttachmentFactory(
        article=ArticleFactory(visibility=Article.Visibility.MEMBERS)
    )
    public_article = ArticleFactory()

    response = client.get(f"/news/{public_article.pk}/attachments/{members_only.pk}/")

    assert response.status_code == 404


def test_admin_change_page_with_an_attachment_renders_its_download_link(admin_client):
    attachment = ArticleAttachmentFactory()

    response = admin_client.get(f"/admin/news/article/{attachment.article_id}/change/")

    assert response.status_code == 200
    assert attachment.get_absolute_url() in response.content.decode()
