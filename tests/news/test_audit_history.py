"""Audit history of published content beyond articles: a staff change records who, when
and before/after; superusers see it, roles outside news do not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.news.factories import TagFactory

pytestmark = pytest.mark.django_db


def test_a_staff_change_to_a_tag_is_recorded_and_shown_to_superusers(
    client, editor, superuser, party_affairs
):
    tag = TagFactory(name="律师执业", slug="practice")
    client.force_login(editor)
    url = reverse("admin:news_tag_change", args=[tag.pk])
    response = client.post(url, {"name": "律师执业规范", "slug": "practice"})
    assert response.status_code == 302, response.content.decode()[:2000]

    latest = tag.history.latest()
    assert latest.history_user == editor
    assert latest.history_date is not None
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "律师执业", "律师执业规范")
    ]

    history_url = reverse("admin:news_tag_history", args=[tag.pk])
    client.force_login(superuser)
    page = client.get(history_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "律师执业规范" in html

    client.force_login(party_affairs)  # no news permission
    assert client.get(history_url).status_code == 403
