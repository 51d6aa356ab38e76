"""Chinese full-text search: tokens, the stored vector, ranking, and /search/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.core.search import highlight, search_provider_get, search_query_clean
from apps.news.models import Article
from apps.news.search import index_tokens, parse_query
from apps.news.selectors import article_search
from tests.news.factories import ArticleFactory, ChannelFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


@pytest.fixture(autouse=True)
def news_search_only(monkeypatch):
    """The site search as if news were the only app registering a type: these tests are
    about news's results, whatever other apps (lawyers, firms, offices) add to the page.
    The registry is restored afterwards."""
    from apps.core import search as core_search

    monkeypatch.setattr(core_search, "_registry", {"news": core_search._registry["news"]})


def _titles(response) -> list[str]:
    return [
        result.title.replace("<mark>", "").replace("</mark>", "")
        for result in response.context["page_obj"]
    ]


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def corpus(db):
    """A few articles about legal aid, the CIIE and arbitration, in two channels."""
    news = ChannelFactory(name="协会动态", slug="association")
    service = ChannelFactory(name="服务社会", slug="society")
    return {
        "aid_title": ArticleFactory(
            channel=service,
            title="市律协推进法律援助志愿服务",
            body="<p>律师志愿者深入社区开展咨询。</p>",
            publish_at=_days_ago(30),
        ),
        "aid_body": ArticleFactory(
            channel=news,
            title="年度工作会议召开",
            body="<p>会议回顾了一年来为困难群众提供法律援助的情况。</p>",
            publish_at=_days_ago(1),
        ),
        "ciie": ArticleFactory(
            channel=service,
            title="法律服务志愿者走进展馆",
            body="<p>第七届进博会期间，律师志愿者为CIIE参展企业提供咨询。</p>",
            publish_at=_days_ago(10),
        ),
        "arbitration": ArticleFactory(
            channel=news,
            title="International Arbitration 研讨会举行",
            body="<p>与会律师交流涉外仲裁实务。</p>",
            publish_at=_days_ago(5),
        ),
        "draft": ArticleFactory(
            channel=news,
            title="法律援助草稿",
            status=Article.Status.DRAFT,
        ),
        "members": ArticleFactory(
            channel=news,
            title="会员专享：法律援助办案指引",
            visibility=Article.Visibility.MEMBERS,
            publish_at=_days_ago(2),
        ),
        "future": ArticleFactory(
            channel=news,
            title="法律援助明日发布",
            status=Article.Status.SCHEDULED,
        ),
    }


# --- tokens and queries -----------------------------------------------------------------


def test_index_tokens_keep_words_bigrams_and_lowercased_latin():
    tokens = index_tokens("市律协组织律师参加第七届进博会，CIIE 2025！")
    assert "律协" in tokens  # a bigram, whatever jieba made of 市律协
    assert "进博" in tokens
    assert "博会" in tokens
    assert "第七届" in tokens  # a jieba word
    assert "ciie" in tokens
    assert "2025" in tokens
    assert "，" not in tokens
    assert "！" not in tokens


def test_index_tokens_drop_function_words_but_not_their_bigrams():
    tokens = index_tokens("律师的责任 and the law")
    assert "的" not in tokens
    assert "the" not in tokens
    assert "and" not in tokens
    assert "law" in tokens


def test_parse_query_ands_bigrams_and_ranks_whole_dictionary_words():
    assert parse_query("法律援助").tsquery() == "('法律援助' | '法律' & '律援' & '援助')"
    assert parse_query("进博会").tsquery() == "('进博' & '博会')"
    assert parse_query("律协 ＣＩＩＥ").tsquery() == "'律协' & 'ciie'"
    assert parse_query("律").tsquery() == "'律':*"
    assert parse_query("律师的责任").tsquery() == "'律师' & '责任'"


def test_parse_query_of_only_punctuation_or_function_words_is_empty():
    assert not parse_query("，。！？……")
    assert not parse_query("的 the")


def test_parse_query_keeps_at_most_twelve_words():
    parsed = parse_query(" ".join(f"word{n}" for n in range(20)))
    assert len(parsed.groups) == 12
    assert parsed.dropped == 8


def test_tsquery_is_valid_for_postgres_even_with_quotes_and_backslashes():
    parsed = parse_query("o'brien back\\slash 律师")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsquery('simple', %s)::text", [parsed.tsquery()])
        assert "brien" in cursor.fetchone()[0]


def test_highlight_escapes_before_marking():
    html = highlight("<b>法律援助</b> & 法律", ["法律援助", "法律"])
    assert html == "&lt;b&gt;<mark>法律援助</mark>&lt;/b&gt; &amp; <mark>法律</mark>"


def test_query_clean_explains_empty_and_punctuation_only_queries():
    assert search_query_clean("   ").error
    assert search_query_clean("？！，。").error
    long = search_query_clean("律" * 2000)
    assert long.truncated
    assert len(long.text) == 100
    assert not long.error
    assert search_query_clean("ＣＩＩＥ").text == "CIIE"


# --- the stored vector ------------------------------------------------------------------


def test_saving_an_article_writes_its_vector_with_weights(corpus):
    article = Article.objects.get(pk=corpus["ciie"].pk)
    text = str(article.search_vector)
    assert "'进博':" in text
    assert "'ciie':" in text
    assert "A" in text.split("'志愿者':")[1].split(" ")[0]  # title word, weight A


def test_editing_the_title_reindexes(corpus):
    article = corpus["arbitration"]
    article.title = "涉外仲裁研讨会举行"
    article.save()
    found = article_search(query=parse_query("涉外仲裁"), user=None)
    assert next(a.pk for a in found.articles) == article.pk


def test_news_reindex_command_rebuilds_every_vector(corpus):
    Article.objects.update(search_vector=None)
    call_command("news_reindex", verbosity=0)
    assert not Article.objects.filter(search_vector__isnull=True).exists()


# --- ranking and visibility -------------------------------------------------------------


def test_legal_aid_finds_title_match_before_newer_body_match(client, corpus):
    response = client.get(SEARCH, {"q": "法律援助"})
    assert response.status_code == 200
    titles = _titles(response)
    assert titles[:2] == [corpus["aid_title"].title, corpus["aid_body"].title]


def test_search_excludes_drafts_scheduled_and_members_only_for_visitors(client, corpus):
    titles = _titles(client.get(SEARCH, {"q": "法律援助"}))
    assert corpus["draft"].title not in titles
    assert corpus["future"].title not in titles
    assert corpus["members"].title not in titles


def test_members_find_members_only_articles(client, corpus, member_user):
    client.force_login(member_user)
    titles = _titles(client.get(SEARCH, {"q": "法律援助"}))
    assert corpus["members"].title in titles


def test_ciie_expo_found_although_jieba_splits_it(client, corpus):
    titles = _titles(client.get(SEARCH, {"q": "进博会"}))
    assert titles == [corpus["ciie"].title]


def test_two_character_abbreviation_found_inside_a_longer_run(client, corpus):
    titles = _titles(client.get(SEARCH, {"q": "律协"}))
    assert corpus["aid_title"].title in titles


@pytest.mark.parametrize(
    ("query", "key"), [("CIIE", "ciie"), ("ciie", "ciie"), ("Arbitration", "arbitration")]
)
def test_english_words_are_found_case_insensitively(client, corpus, query, key):
    titles = _titles(client.get(SEARCH, {"q": query}))
    assert titles == [corpus[key].title]


def test_results_show_highlighted_snippets(client, corpus):
    response = client.get(SEARCH, {"q": "进博会"})
    content = response.content.decode()
    assert "<mark>进博会</mark>" in content


def test_html_in_titles_is_escaped_in_results(client, db):
    ArticleFactory(title="<script>alert(1)</script>仲裁规则")
    content = client.get(SEARCH, {"q": "仲裁规则"}).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>仲裁规则</mark>" in content


# --- filters, paging, odd input ---------------------------------------------------------


def test_channel_filter_includes_sub_channels(client, corpus):
    parent = corpus["aid_body"].channel
    child = ChannelFactory(parent=parent, name="区县动态", slug="districts")
    in_child = ArticleFactory(channel=child, title="区律工委法律援助活动")
    response = client.get(SEARCH, {"q": "法律援助", "channel": parent.pk})
    titles = _titles(response)
    assert in_child.title in titles
    assert corpus["aid_body"].title in titles
    assert corpus["aid_title"].title not in titles


def test_date_filter_limits_by_publication_day(client, corpus):
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    titles = _titles(client.get(SEARCH, {"q": "法律援助", "date_from": since}))
    assert titles == [corpus["aid_body"].title]
    until = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    titles = _titles(client.get(SEARCH, {"q": "法律援助", "date_to": until}))
    assert titles == [corpus["aid_title"].title]


def test_invalid_filters_are_a_400_with_the_reason(client, corpus):
    response = client.get(SEARCH, {"q": "法律援助", "date_from": "2025-13-45"})
    assert response.status_code == 400
    assert response.context["filter_form"].errors["date_from"]
    response = client.get(
        SEARCH, {"q": "法律援助", "date_from": "2025-03-01", "date_to": "2025-01-01"}
    )
    assert response.status_code == 400
    response = client.get(SEARCH, {"q": "法律援助", "channel": "999999"})
    assert response.status_code == 400


def test_punctuation_only_query_gets_a_clear_message(client, db):
    response = client.get(SEARCH, {"q": "，。！？——“”"})
    assert response.status_code == 200
    assert "只含标点或符号" in response.content.decode()


def test_function_words_only_query_gets_a_clear_message(client, db):
    response = client.get(SEARCH, {"q": "的"})
    assert response.status_code == 200
    assert "常用虚词" in response.content.decode()


def test_two_thousand_character_query_is_shortened_with_a_notice(client, corpus):
    response = client.get(SEARCH, {"q": "法律援助" * 500})
    assert response.status_code == 200
    assert "搜索词过长" in response.content.decode()


def test_empty_search_page_invites_a_query(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["error"] == ""
    assert client.get(SEARCH, {"q": ""}).context["error"]


def test_paging_through_results_and_past_the_end(client, db):
    channel = ChannelFactory()
    for n in range(25):
        ArticleFactory(channel=channel, title=f"公益法律服务第{n}期", publish_at=_days_ago(n + 1))
    first = client.get(SEARCH, {"q": "公益"})
    assert first.context["page_obj"].paginator.count == 25
    assert len(first.context["page_obj"]) == 10
    third = client.get(SEARCH, {"q": "公益", "page": 3})
    assert len(third.context["page_obj"]) == 5
    beyond = client.get(SEARCH, {"q": "公益", "page": 99})
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == 3
    assert client.get(SEARCH, {"q": "公益", "page": "abc"}).context["page_obj"].number == 1


def test_unknown_type_falls_back_to_the_default_tab(client, corpus):
    response = client.get(SEARCH, {"q": "进博会", "type": "nonsense"})
    assert response.status_code == 200


def test_news_provider_is_registered():
    provider = search_provider_get("news")
    assert provider is not None
    assert str(provider.label) == "新闻资讯"


@pytest.mark.parametrize("rows", [3, 30])
def test_search_query_budget_does_not_grow_with_rows(
    client, db, django_assert_max_num_queries, rows
):
    channel = ChannelFactory()
    for n in range(rows):
        ArticleFactory(channel=channel, title=f"法律援助案例{n}", publish_at=_days_ago(n + 1))
    # The site settings and footer links are cached for every page: warm them first, or
    # the count depends on which test ran before on this worker.
    client.get(SEARCH, {"q": "律师"})
    # session-less anonymous request: channel list for the filter, ranked page (2)
    with django_assert_max_num_queries(4):
        response = client.get(SEARCH, {"q": "法律援助"})
    assert response.status_code == 200


def test_english_search_page_works_under_en_prefix(client, corpus):
    response = client.get("/en/search/", {"q": "CIIE"})
    assert response.status_code == 200
    assert _titles(response) == [corpus["ciie"].title]
    assert response.context["page_obj"][0].url == f"/en/news/{corpus['ciie'].pk}/"


class _FirmsProvider:
    """A second searchable type, as the members app will register one."""

    key = "firms"
    label = "律所"
    order = 20

    def filter_form(self, data):
        return None

    def search(self, query, *, user, filters, limit, offset):
        from apps.core.search import SearchPage, SearchResult, highlight

        results = [
            SearchResult(
                type_label="律所", title=highlight("申衡律师事务所", [query]), url="/firms/1/"
            )
        ]
        return SearchPage(results=results[offset : offset + limit], total=len(results))


@pytest.fixture
def firms_provider(news_search_only):
    from apps.core.search import search_provider_register

    # Into the registry news_search_only set up (and restores afterwards).
    search_provider_register(_FirmsProvider())


def test_all_tab_shows_a_section_per_registered_type(client, corpus, firms_provider):
    response = client.get(SEARCH, {"q": "申衡"})
    assert response.status_code == 200
    assert [tab["key"] for tab in response.context["tabs"]] == ["all", "news", "firms"]
    assert [section["provider"].key for section in response.context["sections"]] == [
        "news",
        "firms",
    ]
    assert "<mark>申衡</mark>律师事务所" in response.content.decode()
    only_firms = client.get(SEARCH, {"q": "申衡", "type": "firms"})
    assert [r.url for r in only_firms.context["page_obj"]] == ["/firms/1/"]
    assert only_firms.context["filter_form"] is None
