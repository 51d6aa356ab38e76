"""CSRF is enforced on every form: each page with a POST form is fetched, every form on it
is posted back without the token (Client(enforce_csrf_checks=True)) → 403, and with the
token it is accepted past the CSRF check (not 403)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_FORM_PAGES = [
    "/complaints/new/",
    "/complaints/track/",
    "/legal-help/consultation/",
    "/legal-help/mediation/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
MEMBER_FORM_PAGES = [
    "/portal/profile/",
    "/portal/learning/card/",
    "/portal/learning/",
    "/portal/events/",
    "/portal/legal-services/records/new/",
    "/portal/legal-services/feedback/",
    "/news/contribute/",
    "/notifications/",
    "/accounts/password/change/",
    "/accounts/email/",
]

_FORM = re.compile(r"<form\b([^>]*)>", re.I | re.S)


def _post_actions(html: str, page: str) -> list[str]:
    actions = []
    for attrs in _FORM.findall(html):
        if not re.search(r'method\s*=\s*"?post', attrs, re.I):
            continue
        match = re.search(r'action\s*=\s*"([^"]*)"', attrs)
        action = unescape(match.group(1)) if match and match.group(1) else page
        actions.append(action)
    return actions


def _check(client: Client, page: str) -> list[str]:
    response = client.get(page)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    html = response.content.decode()
    actions = _post_actions(html, page)
    assert actions, f"{page} has no POST form (update the list)"
    assert "csrfmiddlewaretoken" in html, f"{page}: a POST form without the CSRF token"
    refused = []
    for action in actions:
        if action.startswith(("http://", "https://")):
            continue
        status = client.post(action, {"anything": "x"}).status_code
        if status != 403:
            refused.append(f"{page} → POST {action}: {status}")
    return refused


@pytest.mark.parametrize("page", PUBLIC_FORM_PAGES)
def test_public_forms_refuse_a_post_without_the_csrf_token(page):
    assert not _check(Client(enforce_csrf_checks=True), page)


@pytest.mark.parametrize("page", MEMBER_FORM_PAGES)
def test_member_forms_refuse_a_post_without_the_csrf_token(page, lawyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer.user)
    assert not _check(client, page)


def test_a_post_with_the_token_passes_the_csrf_check():
    client = Client(enforce_csrf_checks=True)
    client.get("/complaints/track/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/complaints/track/",
        {"reference": "TS2026-000001", "code": "x", "csrfmiddlewaretoken": token},
    )
    assert response.status_code != 403
