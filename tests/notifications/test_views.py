from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
MARK_ALL = reverse("notifications:mark_all_read")


def detail_url(n: Notification) -> str:
    return reverse("notifications:detail", args=[n.pk])


def mark_read_url(n: Notification) -> str:
    return reverse("notifications:mark_read", args=[n.pk])


@pytest.fixture
def lawyer_client(client, lawyer):
    client.force_login(lawyer.user)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider.user)
    return client


# --- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, lawyer, method):
    notification = NotificationFactory(recipient=lawyer.user)
    urls = {
        "get": [INBOX, detail_url(notification)],
        "post": [mark_read_url(notification), MARK_ALL],
    }

    for url in urls[method]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url

    assert Notification.objects.get(pk=notification.pk).read_at is None


# --- outsider.user ----------------------------------------------------------------------------


def test_outsider_cannot_open_someone_elses_notification(outsider_client, lawyer):
    notification = NotificationFactory(recipient=lawyer.user)

    assert outsider_client.get(detail_url(notification)).status_code == 404
    assert outsider_client.post(mark_read_url(notification)).status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_outsider_inbox_does_not_list_someone_elses_notification(outsider_client, lawyer):
    NotificationFactory(recipient=lawyer.user, context={"subject": "别人的通知", "body": "x"})

    response = outsider_client.get(INBOX)

    assert response.status_code == 200
    assert "别人的通知" not in response.content.decode()


def test_mark_all_read_leaves_other_peoples_notifications_alone(outsider_client, lawyer):
    notification = NotificationFactory(recipient=lawyer.user)
    outsider_client.post(MARK_ALL)
    assert Notification.objects.get(pk=notification.pk).read_at is None


# --- owner -------------------------------------------------------------------------------


def test_inbox_lists_own_notifications_with_unread_marked(lawyer_client, lawyer):
    NotificationFactory(recipient=lawyer.user, context={"subject": "培训通知", "body": "x"})
    NotificationFactory(
        recipient=lawyer.user, context={"subject": "会费通知", "body": "y"}, read_at=timezone.now()
    )

    response = lawyer_client.get(INBOX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "培训通知" in html
    assert "会费通知" in html
    assert html.count("is-unread") == 1
    assert "您有 1 条未读通知。" in html


def test_inbox_can_show_only_unread(lawyer_client, lawyer):
    NotificationFactory(recipient=lawyer.user, context={"subject": "未读的", "body": "x"})
    NotificationFactory(
        recipient=lawyer.user, context={"subject": "已读的", "body": "y"}, read_at=timezone.now()
    )

    html = lawyer_client.get(INBOX, {"filter": "unread"}).content.decode()

    assert "未读的" in html
    assert "已读的" not in html


def test_inbox_is_paginated(lawyer_client, lawyer):
    now = timezone.now()
    for i in range(25):
        NotificationFactory(
            recipient=lawyer.user,
            context={"subject": f"第{i:02d}号通知", "body": "x"},
            created_at=now - timedelta(minutes=i),
        )

    first = lawyer_client.get(INBOX).content.decode()
    second = lawyer_client.get(INBOX, {"page": 2}).content.decode()

    assert "第00号通知" in first
    assert "第19号通知" in first
    assert "第20号通知" not in first
    assert "第20号通知" in second
    assert "第24号通知" in second


@pytest.mark.parametrize("page", ["abc", "-1", "999", ""])
def test_inbox_shrugs_off_a_bad_page_number(lawyer_client, lawyer, page):
    NotificationFactory(recipient=lawyer.user)
    assert lawyer_client.get(INBOX, {"page": page}).status_code == 200


def test_opening_a_notification_shows_it_and_marks_it_read(lawyer_client, lawyer):
    notification = NotificationFactory(
        recipient=lawyer.user,
        context={"subject": "课程报名成功", "body": "请准时参加。"},
        url="/portal/learning/",
    )

    response = lawyer_client.get(detail_url(notification))

    assert response.status_code == 200
    html = response.content.decode()
    assert "课程报名成功" in html
    assert "请准时参加。" in html
    assert 'href="/portal/learning/"' in html
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_mark_read_marks_and_returns_to_the_inbox_page(lawyer_client, lawyer):
    notification = NotificationFactory(recipient=lawyer.user)

    response = lawyer_client.post(mark_read_url(notification), {"next": f"{INBOX}?page=2"})

    assert response.status_code == 302
    assert response.url == f"{INBOX}?page=2"
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_mark_read_ignores_a_next_url_off_the_site(lawyer_client, lawyer):
    notification = NotificationFactory(recipient=lawyer.user)

    response = lawyer_client.post(mark_read_url(notification), {"next": "https://evil.example/"})

    assert response.url == INBOX


def test_mark_all_read(lawyer_client, lawyer):
    NotificationFactory.create_batch(3, recipient=lawyer.user)

    response = lawyer_client.post(MARK_ALL, follow=True)

    assert response.status_code == 200
    assert not Notification.objects.filter(recipient=lawyer.user, read_at__isnull=True).exists()
    assert "已将 3 条通知标为已读。" in response.content.decode()


# --- invalid requests --------------------------------------------------------------------


def test_marking_read_needs_post(lawyer_client, lawyer):
    notification = NotificationFactory(recipient=lawyer.user)

    assert lawyer_client.get(mark_read_url(notification)).status_code == 405
    assert lawyer_client.get(MARK_ALL).status_code == 405
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_marking_read_needs_the_csrf_token(client, lawyer):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(lawyer.user)
    notification = NotificationFactory(recipient=lawyer.user)

    assert csrf_client.post(mark_read_url(notification)).status_code == 403
    assert csrf_client.post(MARK_ALL).status_code == 403
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_unknown_notification_is_404(lawyer_client):
    assert lawyer_client.get(reverse("notifications:detail", args=[999999])).status_code == 404


# --- query budget ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 40])
def test_inbox_query_count_does_not_grow_with_rows(
    lawyer_client, lawyer, rows, django_assert_max_num_queries
):
    NotificationFactory.create_batch(rows, recipient=lawyer.user)
    lawyer_client.get(INBOX)  # warm the site-settings cache, as on any live server

    # session + user, unread count (header badge and page share it), page count, page rows
    with django_assert_max_num_queries(5):
        response = lawyer_client.get(INBOX)
    assert response.status_code == 200


def test_unread_badge_costs_one_query_however_often_it_is_used(
    rf, lawyer, django_assert_num_queries
):
    from django.template import Context, Template

    NotificationFactory.create_batch(2, recipient=lawyer.user)
    request = rf.get("/")
    request.user = lawyer.user
    template = Template(
        "{% load notifications_tags %}{% notifications_badge %}"
        "{% notifications_unread_count as n %}[{{ n }}]"
    )

    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))

    assert "[2]" in html
    assert 'href="/notifications/"' in html


# --- e-mail language preference ----------------------------------------------------------

EMAIL_LANGUAGE = reverse("notifications:email_language")


def test_inbox_offers_the_email_language_with_the_current_choice(lawyer_client):
    response = lawyer_client.get(INBOX)

    form = response.context["language_form"]
    assert form.initial == {"language": "zh-hans"}
    html = response.content.decode()
    assert 'id="email-settings"' in html
    assert 'value="en"' in html


def test_lawyer_switches_their_emails_to_english(lawyer_client, lawyer):
    response = lawyer_client.post(EMAIL_LANGUAGE, {"language": "en"}, follow=True)

    assert response.status_code == 200
    lawyer.user.refresh_from_db()
    assert lawyer.user.language == "en"
    assert "已保存通知邮件语言。" in response.content.decode()


@pytest.mark.parametrize("posted", [{"language": "fr"}, {"language": ""}, {}])
def test_unsupported_email_language_is_a_400_with_a_message(lawyer_client, lawyer, posted):
    response = lawyer_client.post(EMAIL_LANGUAGE, posted)

    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
    lawyer.user.refresh_from_db()
    assert lawyer.user.language == "zh-hans"


def test_email_language_changes_only_the_signed_in_users_own(lawyer_client, lawyer, outsider):
    lawyer_client.post(EMAIL_LANGUAGE, {"language": "en", "user": outsider.user.pk})

    outsider.user.refresh_from_db()
    assert outsider.user.language == "zh-hans"


def test_anonymous_cannot_set_an_email_language(anonymous):
    response = anonymous.post(EMAIL_LANGUAGE, {"language": "en"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_email_language_needs_post(lawyer_client):
    assert lawyer_client.get(EMAIL_LANGUAGE).status_code == 405


@pytest.mark.parametrize(
    ("request_language", "expected"), [("en", "en"), ("zh-hans", "zh-hans"), ("zh-hant", "zh-hans")]
)
def test_new_account_writes_in_the_language_it_signed_up_in(rf, request_language, expected):
    from allauth.account.signals import user_signed_up

    from tests.accounts.factories import UserFactory

    user = UserFactory()
    request = rf.post("/accounts/signup/")
    request.LANGUAGE_CODE = request_language

    user_signed_up.send(sender=type(user), request=request, user=user)

    user.refresh_from_db()
    assert user.language == expected
