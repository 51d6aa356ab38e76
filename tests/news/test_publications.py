"""Rules with versions, the magazine archive, guides: public pages and query budgets."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.news.models import Article, RuleVersion
from tests.news.factories import (
    ArticleFactory,
    GuideFactory,
    MagazineIssueFactory,
    RuleFactory,
    RuleVersionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _rule_with_history():
    rule = RuleFactory(title="律师执业行为规范", slug="conduct")
    old = RuleVersionFactory(
        rule=rule,
        label="2017年版",
        effective_from=dt.date(2017, 1, 1),
        effective_to=dt.date(2023, 3, 1),
        body="<p>旧版条文</p>",
    )
    current = RuleVersionFactory(
        rule=rule, label="2023年修订", effective_from=dt.date(2023, 3, 1), body="<p>现行条文</p>"
    )
    return rule, old, current


# --- rules ----------------------------------------------------------------------------------


def test_in_force_picks_the_version_valid_on_a_date():
    rule, old, current = _rule_with_history()
    assert rule.in_force() == current
    assert rule.in_force(dt.date(2020, 6, 1)) == old
    assert rule.in_force(dt.date(2016, 1, 1)) is None
    assert rule.in_force(dt.date(2023, 3, 1)) == current  # effective_to is exclusive


def test_overlapping_versions_are_refused():
    rule, _old, _current = _rule_with_history()
    overlapping = RuleVersion(
        rule=rule, label="冲突", effective_from=dt.date(2024, 1, 1), body="<p>x</p>"
    )
    with pytest.raises(ValidationError) as exc:
        overlapping.full_clean()
    assert "effective_from" in exc.value.message_dict


def test_version_dates_must_be_ordered():
    rule = RuleFactory()
    version = RuleVersion(
        rule=rule, label="x", effective_from=dt.date(2024, 1, 1), effective_to=dt.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError):
        version.full_clean()


def test_rule_detail_shows_version_in_force_and_history(client):
    _rule_with_history()
    RuleVersionFactory(rule=RuleFactory(slug="other"), effective_from=TODAY + dt.timedelta(days=30))
    response = client.get(reverse("news:rule_detail", kwargs={"slug": "conduct"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["in_force"].label == "2023年修订"
    assert "现行条文" in html
    for text in ("2017年版", "已失效", "现行有效"):
        assert text in html


def test_rule_not_yet_in_force_says_so(client):
    rule = RuleFactory(slug="future")
    RuleVersionFactory(rule=rule, label="新规", effective_from=TODAY + dt.timedelta(days=10))
    response = client.get(rule.get_absolute_url())
    assert response.status_code == 200
    assert response.context["in_force"] is None
    assert "尚未施行" in response.content.decode()


def test_unpublished_or_unknown_rule_is_404(client):
    RuleFactory(slug="hidden", is_published=False)
    assert client.get(reverse("news:rule_detail", kwargs={"slug": "hidden"})).status_code == 404
    assert client.get(reverse("news:rule_detail", kwargs={"slug": "nope"})).status_code == 404


def test_rule_body_is_sanitised():
    version = RuleVersionFactory(body='<p onclick="x">条文</p><script>alert(1)</script>')
    version.refresh_from_db()
    assert version.body == "<p>条文</p>"


@pytest.mark.parametrize("rows", [2, 20])
def test_rule_list_query_budget(client, django_assert_max_num_queries, rows):
    for i in range(rows):
        rule = RuleFactory()
        RuleVersionFactory(rule=rule, effective_from=dt.date(2020, 1, 1) + dt.timedelta(days=i))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("news:rules"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == rows


# --- magazine ----------------------------------------------------------------------------------


def test_magazine_index_shows_latest_year_and_year_links(client):
    MagazineIssueFactory(year=2024, number=6)
    MagazineIssueFactory(year=2025, number=1, title="《上海律师》2025年第1期")
    response = client.get(reverse("news:magazine"))
    assert response.status_code == 200
    assert response.context["year"] == 2025
    html = response.content.decode()
    assert "《上海律师》2025年第1期" in html
    assert reverse("news:magazine_year", kwargs={"year": 2024}) in html


def test_magazine_unknown_year_is_404(client):
    MagazineIssueFactory(year=2025, number=1)
    assert client.get(reverse("news:magazine_year", kwargs={"year": 1999})).status_code == 404
    url = reverse("news:magazine_issue", kwargs={"year": 2025, "number": 9})
    assert client.get(url).status_code == 404


def test_issue_lists_its_published_articles_only(client, member_user):
    issue = MagazineIssueFactory(year=2025, number=2)
    ArticleFactory(magazine_issue=issue, title="卷首语")
    ArticleFactory(magazine_issue=issue, title="草稿文章", status=Article.Status.DRAFT)
    ArticleFactory(magazine_issue=issue, title="会员专享", visibility=Article.Visibility.MEMBERS)
    response = client.get(issue.get_absolute_url())
    titles = [a.title for a in response.context["page_obj"]]
    assert titles == ["卷首语"]
    client.force_login(member_user)
    titles = [a.title for a in client.get(issue.get_absolute_url()).context["page_obj"]]
    assert sorted(titles) == sorted(["卷首语", "会员专享"])


def test_magazine_issue_numbers_unique_per_year():
    from django.db import IntegrityError

    MagazineIssueFactory(year=2025, number=3)
    with pytest.raises(IntegrityError):
        MagazineIssueFactory(year=2025, number=3)


@pytest.mark.parametrize("rows", [2, 20])
def test_magazine_pages_query_budget(client, django_assert_max_num_queries, rows):
    issues = [MagazineIssueFactory(year=2025, number=n + 1) for n in range(rows)]
    for issue in issues:
        ArticleFactory(magazine_issue=issue)
    for n in range(rows):
        ArticleFactory(magazine_issue=issues[0], title=f"文章{n}")
    with django_assert_max_num_queries(4):
        assert client.get(reverse("news:magazine")).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(issues[0].get_absolute_url()).status_code == 200


# --- guides --------------------------------------------------------------------------------------


def test_guides_list_downloads_grouped_by_series(client):
    GuideFactory(title="进博会法律服务指南（一）", series="进博会小蓝书")
    GuideFactory(title="境外分支机构指引", series="涉外法律服务")
    GuideFactory(title="未公开的指南", is_published=False)
    response = client.get(reverse("news:guides"))
    html = response.content.decode()
    assert "进博会法律服务指南（一）" in html
    assert "境外分支机构指引" in html
    assert "未公开的指南" not in html
    assert "download" in html


@pytest.mark.parametrize("rows", [2, 20])
def test_guide_list_query_budget(client, django_assert_max_num_queries, rows):
    GuideFactory.create_batch(rows)
    # Warm up: site settings and menus are cached once per process, not per page.
    client.get(reverse("news:guides"))
    with django_assert_max_num_queries(3):
        assert client.get(reverse("news:guides")).status_code == 200


def test_publication_pages_keep_working_with_bad_page_numbers(client):
    GuideFactory()
    for url in (reverse("news:guides"), reverse("news:rules")):
        assert client.get(url, {"page": "abc"}).status_code == 200
        assert client.get(url, {"page": "9999"}).status_code == 200
