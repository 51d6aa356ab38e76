"""Security review of notifications: escaping of context values, redirects after login."""

import pytest
from django.urls import reverse

from apps.notifications.rendering import email_render
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

XSS = '<img src=x onerror="alert(1)">'


def test_html_email_escapes_context_values():
    user = UserFactory(verified=True)
    email = email_render(
        key="notifications_generic",
        context={"subject": f"主题{XSS}", "body": f"正文{XSS}"},
        recipient=user,
        url="/portal/",
    )
    assert email.html is not None
    assert XSS not in email.html
    assert "&lt;img" in email.html


def test_inbox_detail_escapes_context_values(client):
    user = UserFactory(verified=True)
    notification = NotificationFactory(
        recipient=user, context={"subject": f"主题{XSS}", "body": f"正文{XSS}"}
    )
    client.force_login(user)
    response = client.get(reverse("notifications:detail", args=[notification.pk]))
    assert response.status_code == 200
    assert XSS not in response.content.decode()
    inbox = client.get(reverse("notifications:inbox"))
    assert XSS not in inbox.content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_login_ignores_next_off_the_site(client, target):
    user = UserFactory(verified=True, password="Zhi-ye-2026!pass")
    response = client.post(
        reverse("account_login") + f"?next={target}",
        {"login": user.email, "password": "Zhi-ye-2026!pass", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")
