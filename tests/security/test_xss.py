"""Every page that shows HTML or text written by staff or members, fed the XSS corpus
(tests/security/xss_corpus.py) through its real view: nothing executable reaches the page.

Where rich text is shown (``|safe`` or ``mark_safe`` of sanitised HTML):

* news article bodies (``article_images`` filter), rule versions (``rule_detail.html``),
  members' contributions (their own page and the editors' decision page in the admin) —
  all sanitised by ``apps.news.sanitize.html_sanitize`` on save;
* search snippets (``apps.core.search``: escaped, then ``<mark>`` added).

Everything else staff or members type is plain text, auto-escaped (``|linebreaks`` /
``|linebreaksbr`` escape first); one page of each kind is tried with the whole corpus.
Each vector is wrapped in text markers so that only the user's part of the page is
inspected (the page's own scripts carry the CSP nonce and are tested elsewhere).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.security.xss_corpus import XSS_VECTORS, executable_content, raw_vectors_in, segment

pytestmark = pytest.mark.django_db

BEGIN, END = "XSSBEGIN", "XSSEND"
ALL_VECTORS = "\n".join(XSS_VECTORS)


def _rich(vector: str) -> str:
    return f"<p>{BEGIN}</p>{vector}<p>{END}</p>"


def _plain(text: str = ALL_VECTORS) -> str:
    return f"{BEGIN}\n{text}\n{END}"


def _inert(response) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    part = segment(page, BEGIN, END)
    assert executable_content(part) == [], part[:400]
    assert raw_vectors_in(page) == []


def test_the_check_recognises_the_corpus_as_dangerous():
    # A few vectors are inert to browsers too (comments, alt text, a broken tag name);
    # the rest must be caught when served raw, or the check proves nothing.
    caught = [vector for vector in XSS_VECTORS if executable_content(vector)]
    assert len(caught) >= len(XSS_VECTORS) - 8
    assert executable_content("<p>律师</p>&lt;script&gt;") == []


# --- rich text ------------------------------------------------------------------------


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_article_page_shows_no_executable_body(client, vector):
    from tests.news.factories import ArticleFactory

    article = ArticleFactory(body=_rich(vector))
    _inert(client.get(article.get_absolute_url()))


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_rule_page_shows_no_executable_version(client, vector):
    from tests.news.factories import RuleVersionFactory

    version = RuleVersionFactory(body=_rich(vector))
    _inert(client.get(reverse("news:rule_detail", args=[version.rule.slug])))


@pytest.fixture
def author(lawyer):
    return lawyer.user


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_contribution_page_shows_no_executable_body(client, author, vector):
    from tests.news.factories import ContributionFactory

    contribution = ContributionFactory(author=author, body=_rich(vector))
    client.force_login(author)
    _inert(client.get(reverse("news:contribution_detail", args=[contribution.pk])))


def test_contribution_from_the_service_is_sanitised_too(author):
    from apps.news.models import Contribution
    from apps.news.services.contributions import contribution_submit

    contribution_submit(author=author, title="投稿", body=_rich(ALL_VECTORS))
    stored = Contribution.objects.get(author=author).body
    assert executable_content(stored) == []


@pytest.mark.parametrize("vector", XSS_VECTORS[::4])
def test_editors_decision_page_shows_no_executable_contribution(client, author, editor, vector):
    from tests.news.factories import ContributionFactory

    contribution = ContributionFactory(author=author, body=_rich(vector))
    client.force_login(editor)
    _inert(client.get(reverse("admin:news_contribution_decide", args=[contribution.pk])))


@pytest.mark.parametrize("vector", XSS_VECTORS[::3])
def test_search_snippet_shows_no_executable_text(client, vector):
    from tests.news.factories import ArticleFactory

    ArticleFactory(title=f"律师{vector}", body=_rich(f"律师{vector}"))
    response = client.get(reverse("search"), {"q": "律师", "type": "news"})
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index('<ol class="search-results"')
    assert executable_content(content[start : content.index("</ol>", start)]) == []
    assert raw_vectors_in(content) == []


# --- plain text that staff and members type ---------------------------------------------


def test_article_title_subtitle_and_editors_note(client):
    from tests.news.factories import ArticleFactory

    article = ArticleFactory(editors_note=_plain(), subtitle=ALL_VECTORS[:200])
    _inert(client.get(article.get_absolute_url()))


def test_topic_description(client):
    from tests.news.factories import TopicFactory

    topic = TopicFactory(description=_plain())
    _inert(client.get(reverse("news:topic", args=[topic.slug])))


def test_event_summary(client, lawyer):
    from tests.events.factories import EventFactory

    event = EventFactory(summary=_plain())
    client.force_login(lawyer.user)
    _inert(client.get(reverse("events:event", args=[event.pk])))


def test_course_summary_and_text(client, lawyer):
    from tests.learning.factories import OnlineCourseFactory

    course = OnlineCourseFactory(summary=_plain(), text=_plain())
    client.force_login(lawyer.user)
    _inert(client.get(reverse("learning:course", args=[course.pk])))


def test_rights_report_description(client, lawyer):
    from apps.rights.services import rights_report_submit

    report = rights_report_submit(
        user=lawyer.user,
        kind="meeting_denied",
        occurred_on=timezone.localdate() - dt.timedelta(days=1),
        authority="某区看守所",
        description=_plain(),
    )
    client.force_login(lawyer.user)
    _inert(client.get(reverse("rights:report_detail", args=[report.pk])))


def test_notification_body(client, lawyer):
    from tests.notifications.factories import NotificationFactory

    notification = NotificationFactory(
        recipient=lawyer.user, context={"subject": "主题", "body": _plain()}
    )
    client.force_login(lawyer.user)
    _inert(client.get(reverse("notifications:detail", args=[notification.pk])))
