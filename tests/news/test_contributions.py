"""Member contributions (网上投稿): portal pages, services, the editors' decision."""

import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.exceptions import DomainError
from apps.news import services
from apps.news.models import Article, Contribution
from apps.notifications.models import Notification
from tests.news.factories import MINIMAL_PDF, ChannelFactory, ContributionFactory

pytestmark = pytest.mark.django_db

CONTRIBUTE = "news:contribute"
BODY = "第一段：我参加了进博会法律志愿服务。\n\n第二段：<script>alert(1)</script>收获很多。"


def _post_data(**overrides):
    data = {"title": "志愿服务的一天", "body": BODY, "submit_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


# --- who may use the pages ------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(CONTRIBUTE))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.post(reverse(CONTRIBUTE), _post_data()).status_code == 302
    assert not Contribution.objects.exists()


def test_signed_in_non_lawyer_gets_403(client, reader, editor):
    for user in (reader, editor):
        client.force_login(user)
        assert client.get(reverse(CONTRIBUTE)).status_code == 403
        assert client.post(reverse(CONTRIBUTE), _post_data()).status_code == 403
    assert not Contribution.objects.exists()


def test_lawyer_sees_the_form_with_a_fresh_token(client, member_user):
    client.force_login(member_user)
    response = client.get(reverse(CONTRIBUTE))
    assert response.status_code == 200
    assert 'name="submit_token"' in response.content.decode()
    assert 'enctype="multipart/form-data"' in response.content.decode()


# --- happy path ----------------------------------------------------------------------------------


def test_lawyer_submits_with_attachment_and_sees_it_listed(client, member_user):
    client.force_login(member_user)
    attachment = SimpleUploadedFile("心得.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(reverse(CONTRIBUTE), _post_data(attachment=attachment))
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "news:contribution_detail", kwargs={"pk": contribution.pk}
    )
    assert contribution.author == member_user
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.body.startswith("<p>第一段：我参加了进博会法律志愿服务。</p>")
    assert "<script>" not in contribution.body
    assert "&lt;script&gt;" in contribution.body
    assert contribution.attachment_size == len(MINIMAL_PDF)
    assert contribution.attachment_content_type == "application/pdf"

    listing = client.get(reverse("news:contribution_list"))
    assert "志愿服务的一天" in listing.content.decode()
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "待处理" in detail.content.decode()


def test_double_submit_with_same_token_files_once(client, member_user):
    client.force_login(member_user)
    data = _post_data()
    first = client.post(reverse(CONTRIBUTE), data)
    second = client.post(reverse(CONTRIBUTE), data)
    assert Contribution.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_same_title_again_within_a_minute_is_refused(client, member_user):
    client.force_login(member_user)
    client.post(reverse(CONTRIBUTE), _post_data())
    response = client.post(reverse(CONTRIBUTE), _post_data())
    assert response.status_code == 400
    assert "请勿重复提交" in response.content.decode()
    assert Contribution.objects.count() == 1


# --- invalid input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"title": "   "},
        {"body": "太短"},
        {"body": "字" * 20_001},
        {"submit_token": "not-a-uuid"},
        {"attachment": SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>")},
        {"attachment": SimpleUploadedFile("run.exe", b"MZ\x90\x00")},
    ],
)
def test_invalid_form_is_400_and_saves_nothing(client, member_user, overrides):
    client.force_login(member_user)
    response = client.post(reverse(CONTRIBUTE), _post_data(**overrides))
    assert response.status_code == 400
    assert "提交未成功" in response.content.decode()
    assert not Contribution.objects.exists()


# --- privacy --------------------------------------------------------------------------------------


def test_outsider_cannot_see_another_lawyers_contribution(client, member_user, other_member_user):
    contribution = ContributionFactory(author=member_user)
    url = reverse("news:contribution_detail", kwargs={"pk": contribution.pk})
    client.force_login(other_member_user)
    assert client.get(url).status_code == 404
    assert contribution.title not in client.get(reverse("news:contribution_list")).content.decode()
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("rows", [2, 20])
def test_contribution_list_query_budget(client, member_user, django_assert_max_num_queries, rows):
    ContributionFactory.create_batch(rows, author=member_user)
    client.force_login(member_user)
    # Warm up: site settings and menus are cached once per process, not per page.
    client.get(reverse("news:contribution_list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("news:contribution_list"))
    assert response.status_code == 200


# --- editors decide ---------------------------------------------------------------


def test_accept_creates_a_draft_article_and_notifies(
    member_user, editor, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(
        author=member_user,
        attachment=SimpleUploadedFile("附件.pdf", MINIMAL_PDF),
    )
    channel = ChannelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article = services.contribution_accept(
            contribution=contribution, user=editor, channel=channel
        )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.ACCEPTED
    assert contribution.article == article
    assert (article.status, article.channel, article.created_by) == (
        Article.Status.DRAFT,
        channel,
        editor,
    )
    assert article.author == member_user.get_full_name()
    assert article.attachments.get().size == len(MINIMAL_PDF)
    notification = Notification.objects.get(recipient=member_user)
    assert notification.key == "news_contribution_decided"
    assert len(mail.outbox) == 1
    assert "已被采用" in mail.outbox[0].subject


def test_decline_needs_reason_and_notifies_author(
    member_user, editor, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(author=member_user, title="一篇稿件")
    with pytest.raises(DomainError):
        services.contribution_decline(contribution=contribution, user=editor, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_decline(
            contribution=contribution, user=editor, reason="主题与本刊方向不符"
        )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.DECLINED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member_user.email]
    assert "未被采用" in message.subject
    assert "主题与本刊方向不符" in message.body
    assert reverse("news:contribution_detail", kwargs={"pk": contribution.pk}) in message.body


def test_decided_contribution_cannot_be_decided_again(member_user, editor):
    contribution = ContributionFactory(author=member_user)
    services.contribution_decline(contribution=contribution, user=editor, reason="重复")
    with pytest.raises(DomainError):
        services.contribution_accept(
            contribution=contribution, user=editor, channel=ChannelFactory()
        )


def test_only_news_staff_decide(member_user, reader):
    contribution = ContributionFactory(author=member_user)
    for user in (reader, member_user):
        with pytest.raises(DomainError):
            services.contribution_decline(contribution=contribution, user=user, reason="x")


def test_author_sees_decline_reason(client, member_user, editor):
    contribution = ContributionFactory(author=member_user)
    services.contribution_decline(contribution=contribution, user=editor, reason="篇幅过长")
    client.force_login(member_user)
    html = client.get(
        reverse("news:contribution_detail", kwargs={"pk": contribution.pk})
    ).content.decode()
    assert "篇幅过长" in html


def test_editor_decides_through_admin(client, member_user, editor):
    contribution = ContributionFactory(author=member_user)
    channel = ChannelFactory()
    client.force_login(editor)
    url = reverse("admin:news_contribution_decide", args=[contribution.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "accept"})  # no channel: form error
    assert response.status_code == 200
    assert "采用时请选择栏目。" in response.content.decode()
    response = client.post(url, {"decision": "accept", "channel": channel.pk})
    article = Article.objects.get()
    assert response["Location"] == reverse("admin:news_article_change", args=[article.pk])
    # decided: the contribution is read-only from now on
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "decline", "reason": "x"}).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.ACCEPTED


def test_editor_can_edit_a_pending_contribution_in_admin(client, member_user, editor):
    contribution = ContributionFactory(author=member_user)
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_contribution_change", args=[contribution.pk]),
        {"title": "修改后的标题", "body": "<p>修改后<img src=x onerror=alert(1)></p>"},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.title == "修改后的标题"
    assert "onerror" not in contribution.body


def test_service_refuses_non_lawyer(reader):
    with pytest.raises(DomainError):
        services.contribution_submit(author=reader, title="t", body="<p>x</p>")
