"""The dues reminder e-mail's "open your dues statement" link (issue #10 item 10): signed,
expiring, good for one opening without logging in.

GET only asks (mail scanners prefetch links); the POST opens that invoice's statement and
uses the link up; a second opening, an expired or a forged link get a clear 4xx page that
points to the portal.
"""

import datetime as dt
import re
import threading
import time
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.members.links import DUES_LINK_MAX_AGE, LinkError, dues_link_path
from apps.members.models import DuesStatementLink
from apps.members.services import (
    dues_reminders_send,
    dues_statement_link_create,
    dues_statement_link_use,
)
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


def test_reminder_mail_link_opens_the_statement_once_without_login(
    client, lawyer, invoice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert dues_reminders_send(today=TODAY) == 1
    path = _link_from_mail(lawyer.user.email)

    asked = client.get(path)
    assert asked.status_code == 200
    assert invoice.number not in asked.content.decode()  # a scanner's GET shows nothing
    assert asked["X-Robots-Tag"] == "noindex"

    opened = client.post(path)
    assert opened.status_code == 200
    body = opened.content.decode()
    assert invoice.number in body
    assert "2400.00" in body
    assert "no-store" in opened["Cache-Control"] or "no-cache" in opened["Cache-Control"]

    again = client.post(path)
    assert again.status_code == 410
    assert "只能使用一次" in again.content.decode()
    assert invoice.number not in again.content.decode()
    assert client.get(path).status_code == 410


def test_each_recipient_and_each_reminder_gets_its_own_link(lawyer, invoice):
    first = dues_statement_link_create(invoice=invoice, recipient=lawyer.user)
    second = dues_statement_link_create(invoice=invoice, recipient=lawyer.user)
    assert first != second
    assert DuesStatementLink.objects.filter(invoice=invoice).count() == 2


def test_the_inbox_shows_no_link(lawyer, invoice):
    dues_reminders_send(today=TODAY)
    notification = Notification.objects.get(recipient=lawyer.user, key="members_dues_reminder")
    assert notification.context["statement_url"].startswith("/portal/dues/link/")
    assert "/portal/dues/link/" not in notification_body(notification)


def test_expired_link_gets_410_with_a_clear_message(client, lawyer, invoice, monkeypatch):
    long_ago = time.time() - DUES_LINK_MAX_AGE.total_seconds() - 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: long_ago)
        path = dues_statement_link_create(invoice=invoice, recipient=lawyer.user)
    response = client.post(path)
    assert response.status_code == 410
    body = response.content.decode()
    assert "已过期" in body
    assert invoice.number not in body
    assert reverse("members:dues") in body
    assert DuesStatementLink.objects.get().used_at is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "9999:" + token.partition(":")[2],  # another link, same signature
        lambda token: "garbage",
        lambda token: signing.TimestampSigner(salt="events.cancel").sign("1:x"),  # other salt
    ],
    ids=["signature", "other-link", "garbage", "other-salt"],
)
def test_forged_link_gets_400_with_a_clear_message(client, lawyer, invoice, forge):
    token = dues_statement_link_create(invoice=invoice, recipient=lawyer.user).split("/")[-2]
    for method in (client.get, client.post):
        response = method(reverse("members:dues_link", args=[forge(token)]))
        assert response.status_code == 400
        body = response.content.decode()
        assert "不完整或已被改动" in body
        assert invoice.number not in body


def test_a_signed_token_with_the_wrong_nonce_is_refused(client, lawyer, invoice):
    link_path = dues_statement_link_create(invoice=invoice, recipient=lawyer.user)
    link = DuesStatementLink.objects.get()
    guessed = dues_link_path(link_id=link.pk, nonce="guessed")
    assert client.post(guessed).status_code == 400
    assert client.post(link_path).status_code == 200


def test_firm_invoice_link_shows_the_firm_invoice(client, firm, firm_admin):
    invoice = DuesInvoiceFactory(lawyer=None, firm=firm, year=2026, number="HF2026-FIRM")
    path = dues_statement_link_create(invoice=invoice, recipient=firm_admin.user)
    response = client.post(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "HF2026-FIRM" in body
    assert reverse("members:firm_dues", args=[firm.pk]) in body


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_open_it_once(lawyer, invoice):
    path = dues_statement_link_create(invoice=invoice, recipient=lawyer.user)
    token = path.split("/")[-2]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def click() -> None:
        try:
            barrier.wait(timeout=30)
            dues_statement_link_use(token=token)
            outcomes.append("opened")
        except LinkError as exc:
            outcomes.append(exc.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["opened", "used"]


def test_the_statement_page_needs_no_session(lawyer, invoice):
    path = dues_statement_link_create(invoice=invoice, recipient=lawyer.user)
    fresh = Client(enforce_csrf_checks=False)
    assert fresh.post(path).status_code == 200
