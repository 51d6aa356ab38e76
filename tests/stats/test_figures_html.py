"""/stats/ renders its figures once per statistics snapshot and language.

The figures and their data tables are most of the page's cost and change only with the
snapshot; the page around them (header, language links, CSRF token) is rendered as
usual for every request."""

from __future__ import annotations

import pytest
from django.test import TestCase

from apps.stats import views
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _members(n: int) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        firm = LawFirmFactory()
        MembershipFactory(lawyer=None, firm=firm)
        for _ in range(n):
            MembershipFactory(lawyer=LawyerFactory(firm=firm))


@pytest.fixture
def renders(monkeypatch):
    """The figure templates rendered so far, by language."""
    seen: list[str] = []
    real = views.render_to_string

    def counting(template_name, context=None, *args, **kwargs):
        from django.utils.translation import get_language

        seen.append(get_language())
        return real(template_name, context, *args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", counting)
    return seen


def _figure_table(html: str) -> str:
    start = html.index('<section class="stats-section"')
    return html[start : html.index("</main>", start)]


def test_the_figures_are_rendered_once_per_snapshot_and_served_as_html(client, renders):
    _members(2)
    first = client.get("/stats/").content.decode()
    second = client.get("/stats/").content.decode()

    assert renders == ["zh-hans"]  # the second page reused the first one's figures
    assert _figure_table(second) == _figure_table(first)
    assert '<figure class="stats-figure"' in second  # markup, not escaped text
    assert "&lt;figure" not in second


def test_each_language_has_its_own_figures(client, renders):
    _members(1)
    chinese = client.get("/stats/").content.decode()
    english = client.get("/en/stats/").content.decode()

    assert renders == ["zh-hans", "en"]
    assert 'href="/stats/data/' in chinese
    assert 'href="/en/stats/data/' in english


def test_a_new_snapshot_shows_its_own_figures(client, renders):
    _members(1)
    client.get("/stats/")
    _members(3)  # data changed: the snapshot's version moves on, a new snapshot follows

    page = client.get("/stats/").content.decode()

    assert renders == ["zh-hans", "zh-hans"]
    members = page[page.index('id="members-overview"') :]
    assert 'data-value="4"' in members[: members.index("</figure>")]
