"""The dues reminder e-mail's signed "open your dues statement" link: it opens the
statement after login for the account it was sent to only; another lawyer gets 404;
an expired or forged link a clear 4xx page."""

import datetime as dt
import re
import time
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.urls import reverse

from apps.members.links import DUES_LINK_MAX_AGE, dues_link_path
from apps.members.services import dues_reminders_send
from apps.notifications.models import Notification
from apps.notifications.rendering import notification_body
from tests.members.factories import DuesInvoiceFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 20)


@pytest.fixture
def invoice(lawyer):
    return DuesInvoiceFactory(
        lawyer=lawyer,
        year=2026,
        number="HF2026-LINK-01",
        amount=Decimal("2400.00"),
        issued_on=dt.date(2026, 7, 10),
        due_date=dt.date(2026, 9, 30),
    )


def _link_from_mail(address: str) -> str:
    (message,) = [m for m in mail.outbox if address in m.to]
    match = re.search(r"https?://[^/\s]+(/portal/dues/link/[^\s]+/)", message.body)
    assert match, message.body
    html = message.alternatives[0][0]
    assert match.group(1) in html
    return match.group(1)


def test_reminder_mail_carries_the_link_and_it_opens_my_statement(
    client, lawyer, invoice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert dues_reminders_send(today=TODAY) == 1
    path = _link_from_mail(lawyer.user.email)
    client.force_login(lawyer.user)
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "我的会费" in body
    assert invoice.number in body
    # Not single-use: it shows only what the portal shows this lawyer anyway.
    assert client.get(path).status_code == 200


def test_the_inbox_shows_no_link(lawyer, invoice):
    dues_reminders_send(today=TODAY)
    notification = Notification.objects.get(recipient=lawyer.user, key="members_dues_reminder")
    assert notification.context["statement_url"].startswith("/portal/dues/link/")
    assert "/portal/dues/link/" not in notification_body(notification)


def test_anonymous_logs_in_first_then_sees_the_statement(client, lawyer, invoice):
    path = dues_link_path(invoice_id=invoice.pk, user_id=lawyer.user.pk)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    client.force_login(lawyer.user)
    assert invoice.number in client.get(path).content.decode()


@pytest.mark.parametrize("who", ["colleague", "outsider", "firm_admin", "member_services"])
def test_anyone_else_logged_in_gets_404(client, request, lawyer, invoice, who):
    path = dues_link_path(invoice_id=invoice.pk, user_id=lawyer.user.pk)
    other = request.getfixturevalue(who)
    client.force_login(getattr(other, "user", other))
    response = client.get(path)
    assert response.status_code == 404
    assert invoice.number not in response.content.decode()


def test_a_link_sent_to_me_for_someone_elses_invoice_gets_404(client, lawyer, colleague):
    theirs = DuesInvoiceFactory(lawyer=colleague, year=2026, number="HF2026-THEIRS")
    path = dues_link_path(invoice_id=theirs.pk, user_id=lawyer.user.pk)
    client.force_login(lawyer.user)
    assert client.get(path).status_code == 404


def test_expired_link_gets_410_with_a_clear_message(client, lawyer, invoice, monkeypatch):
    long_ago = time.time() - DUES_LINK_MAX_AGE.total_seconds() - 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: long_ago)
        path = dues_link_path(invoice_id=invoice.pk, user_id=lawyer.user.pk)
    client.force_login(lawyer.user)
    response = client.get(path)
    assert response.status_code == 410
    body = response.content.decode()
    assert "已过期" in body
    assert invoice.number not in body
    assert reverse("members:dues") in body


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "9999." + token.partition(".")[2],  # another invoice, same signature
        lambda token: "garbage",
        lambda token: signing.TimestampSigner(salt="events.cancel").sign("1.1"),  # other salt
    ],
)
def test_forged_link_gets_400_with_a_clear_message(client, lawyer, invoice, forge):
    token = dues_link_path(invoice_id=invoice.pk, user_id=lawyer.user.pk).split("/")[-2]
    client.force_login(lawyer.user)
    response = client.get(reverse("members:dues_link", args=[forge(token)]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "不完整或已被改动" in body
    assert invoice.number not in body


def test_firm_invoice_link_takes_an_administrator_to_the_firm_dues(
    client, firm, firm_admin, colleague
):
    invoice = DuesInvoiceFactory(lawyer=None, firm=firm, year=2026, number="HF2026-FIRM")
    path = dues_link_path(invoice_id=invoice.pk, user_id=firm_admin.user.pk)
    client.force_login(firm_admin.user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:firm_dues", args=[firm.pk])
    client.force_login(colleague.user)
    assert client.get(path).status_code == 404
