from __future__ import annotations

import pytest
from django.utils import translation

from apps.notifications.rendering import email_render, notification_body, notification_title

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_plain_text_parts_are_not_html_escaped(lawyer, test_email_templates):
    rendered = email_render(
        key="notifications_test_fragment",
        context={"title": "A & B <律所>", "detail": '"引号"'},
        recipient=lawyer.user,
    )

    assert rendered.subject == "测试：A & B <律所>"
    assert rendered.text == 'A & B <律所> & "引号"\n'
    assert "A &amp; B &lt;律所&gt;" in rendered.html


def test_html_fragment_is_wrapped_in_the_common_layout(lawyer, test_email_templates):
    rendered = email_render(
        key="notifications_test_fragment",
        context={"title": "t", "detail": "d"},
        recipient=lawyer.user,
    )

    assert rendered.html.startswith("<!DOCTYPE html>")
    assert '<p class="fragment">t &amp; d</p>' in rendered.html
    assert "上海市律师协会" in rendered.html  # the layout's header: the site name
    assert "<title>测试：t</title>" in rendered.html


def test_subject_is_one_line(lawyer, test_email_templates):
    rendered = email_render(
        key="notifications_test_fragment", context={"title": "一\n二\r\n三"}, recipient=lawyer.user
    )
    assert rendered.subject == "测试：一 二 三"


def test_email_is_written_in_the_recipients_language_not_the_requests(lawyer):
    with translation.override("en"):
        rendered = email_render(
            key="notifications_generic",
            context={"subject": "s", "body": "b"},
            recipient=lawyer.user,
        )
        assert translation.get_language() == "en"  # restored afterwards

    assert '<html lang="zh-hans">' in rendered.html


def test_email_can_be_rendered_in_a_given_language(lawyer):
    rendered = email_render(
        key="notifications_generic",
        context={"subject": "s", "body": "b"},
        recipient=lawyer.user,
        language="en",
    )
    assert '<html lang="en">' in rendered.html


def test_inbox_text_leaves_out_email_only_lines(lawyer):
    notification = NotificationFactory(
        recipient=lawyer.user, context={"subject": "会费提醒", "body": "请按时缴纳。"}
    )

    assert notification_title(notification) == "会费提醒"
    body = notification_body(notification)
    assert body == "请按时缴纳。"


def test_inbox_survives_a_key_whose_templates_were_removed(lawyer):
    notification = NotificationFactory(recipient=lawyer.user, key="retired_key")

    assert notification_title(notification) == "retired_key"
    assert notification_body(notification) == ""
