"""Traditional Chinese (/zh-hant/): the interface catalogue generated with OpenCC, content
converted on the way out and cached, Traditional search queries, hreflang alternates, and
the footer's English address."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from apps.core.hant import STANDARD, html_to_hant, to_hans, to_hant
from apps.core.models import SiteSettings
from apps.core.search import search_query_clean
from tests.news.factories import ArticleFactory, ChannelFactory, TopicFactory

LOCALE = Path(settings.BASE_DIR) / "locale"


# --- the catalogue ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hant_po() -> polib.POFile:
    return polib.pofile(str(LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def test_hant_catalogue_has_every_msgid_of_the_english_one(hant_po):
    english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    wanted = {_key(entry) for entry in english if not entry.obsolete}
    have = {_key(entry) for entry in hant_po}
    assert sorted(wanted - have) == [], "run `make hant` (after `make messages`)"
    assert sorted(have - wanted) == [], "run `make hant`: the catalogue has stale messages"


def test_hant_catalogue_is_the_opencc_conversion_of_the_msgids(hant_po):
    wrong = [
        entry.msgid
        for entry in hant_po
        if (entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)
        != to_hant(entry.msgid_plural or entry.msgid)
    ]
    assert wrong == []
    assert f"OpenCC ({STANDARD})" in hant_po.header


def test_hant_compiled_catalogue_matches_the_source(hant_po):
    with (LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        entry.msgid
        for entry in hant_po
        if compiled._catalog.get((_key(entry), 0) if entry.msgid_plural else _key(entry))
        != (entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)
    ]
    assert stale == []


def test_hant_catalogue_check_command_passes_on_the_checked_in_files():
    call_command("hant_catalogue", "--check")


# --- conversion -----------------------------------------------------------------------


def test_to_hant_uses_hong_kong_forms_without_rewording():
    assert to_hant("上海市律师协会") == "上海市律師協會"
    assert to_hant("户口") == "户口"  # Hong Kong form; s2t/s2tw would write 戶口
    assert to_hant("信息") == "信息"  # s2twp would reword this to 資訊


def test_html_conversion_leaves_markup_fields_and_marked_regions_alone():
    html = (
        '<p title="律师">律师</p><input name="a" value="律师">'
        "<textarea>律师</textarea><!--hant:off--><a>简体中文</a><!--hant:on--><b>简体</b>"
    )
    assert html_to_hant(html) == (
        '<p title="律師">律師</p><input name="a" value="律师">'
        "<textarea>律师</textarea><!--hant:off--><a>简体中文</a><!--hant:on--><b>簡體</b>"
    )


def test_long_pages_share_one_cached_conversion_whatever_their_tokens():
    cache.clear()
    body = "<p>律师协会</p>" * 600
    first = html_to_hant(f'<input value="token-1">{body}<meta content="nonce-1">')
    second = html_to_hant(f'<input value="token-2">{body}<meta content="nonce-2">')
    assert "token-2" in second
    assert "nonce-2" in second
    assert first.replace("1", "2") == second
    keys = [key for key in cache._cache if ":core:hant:" in key]  # locmem's own store
    assert len(keys) == 1


# --- pages ----------------------------------------------------------------------------


@pytest.fixture
def article(db):
    channel = ChannelFactory(name="通知公告", slug="notices")
    return ArticleFactory(
        channel=channel,
        title="关于开展律师执业年度考核工作的通知",
        body="<p>各律师事务所：请于规定时间内完成网上申报。</p>",
    )


def test_zh_hant_article_shows_title_body_and_interface_in_traditional(client, article):
    response = client.get(f"/zh-hant{article.get_absolute_url()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hant"' in html
    assert "關於開展律師執業年度考核工作的通知" in html
    assert "各律師事務所：請於規定時間內完成網上申報。" in html
    assert "跳到主要內容" in html  # the skip link, from the catalogue
    # Each language names itself in the switch.
    assert ">简体中文</a>" in html
    assert ">繁體中文</a>" in html
    # The database keeps the one Simplified text.
    article.refresh_from_db()
    assert article.title == "关于开展律师执业年度考核工作的通知"


def test_simplified_page_is_not_converted(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "关于开展律师执业年度考核工作的通知" in html
    assert "關於" not in html


def test_zh_hant_feeds_and_files_are_not_converted(client, article):
    response = client.get("/feeds/news.xml")
    assert response.status_code == 200
    assert "关于开展" in response.content.decode()


def test_zh_hant_admin_shows_staff_the_simplified_originals(client, superuser, article):
    client.force_login(superuser)
    response = client.get("/zh-hant/admin/news/article/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于开展律师执业年度考核工作的通知" in html  # the stored text, as staff edit it
    assert "關於開展" not in html


@pytest.mark.parametrize(
    ("typed", "searched"),
    [("搜尋 律師", "搜索 律师"), ("法律援助", "法律援助"), ("著作權", "著作权"), ("CIIE", "CIIE")],
)
def test_search_query_in_traditional_is_searched_in_simplified(typed, searched):
    assert search_query_clean(typed).text == searched
    assert to_hans(typed) == searched


def test_traditional_search_finds_what_simplified_finds(client, article):
    simplified = client.get("/search/", {"q": "律师执业", "type": "news"})
    traditional = client.get("/zh-hant/search/", {"q": "律師執業", "type": "news"})
    assert simplified.status_code == traditional.status_code == 200
    found = [result.url for result in simplified.context["page_obj"]]
    assert found, "the Simplified query should find the article"
    assert [
        result.url.removeprefix("/zh-hant") for result in traditional.context["page_obj"]
    ] == found
    assert "關於開展律師執業年度考核工作的通知" in traditional.content.decode().replace(
        "<mark>", ""
    ).replace("</mark>", "")


# --- hreflang -------------------------------------------------------------------------


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("prefix", ["", "/zh-hant", "/en"])
def test_every_page_lists_its_three_languages_and_x_default(client, article, prefix):
    path = article.get_absolute_url()
    html = client.get(f"{prefix}{path}").content.decode()
    assert _alternates(html) == {
        "zh-hans": f"http://testserver{path}",
        "zh-hant": f"http://testserver/zh-hant{path}",
        "en": f"http://testserver/en{path}",
        "x-default": f"http://testserver{path}",
    }


def test_not_found_page_has_no_alternates(client, db):
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert _alternates(response.content.decode()) == {}


def test_sitemap_lists_each_page_in_three_languages_with_alternates(client, article):
    TopicFactory()
    xml = client.get("/sitemap-articles.xml").content.decode()
    path = article.get_absolute_url()
    for href in (f"http://testserver{path}", f"http://testserver/zh-hant{path}"):
        assert f"<loc>{href}</loc>" in xml
    assert f'hreflang="zh-hant" href="http://testserver/zh-hant{path}"' in xml
    assert f'hreflang="x-default" href="http://testserver{path}"' in xml
    static = client.get("/sitemap-static.xml").content.decode()
    assert "<loc>http://testserver/en/news/</loc>" in static
    assert 'hreflang="zh-hant" href="http://testserver/zh-hant/news/"' in static


# --- the footer -----------------------------------------------------------------------


def test_english_footer_shows_the_english_address(client, db):
    site = SiteSettings.objects.get(pk=1)
    site.address = "上海市黄浦区示例路100号"
    site.address_en = "100 Shili Road, Huangpu District, Shanghai"
    site.save()
    assert "100 Shili Road, Huangpu District, Shanghai" in client.get("/en/").content.decode()
    chinese = client.get("/").content.decode()
    assert "上海市黄浦区示例路100号" in chinese
    assert "Shili Road" not in chinese


def test_english_footer_falls_back_to_the_chinese_address(client, db):
    site = SiteSettings.objects.get(pk=1)
    site.address, site.address_en = "上海市黄浦区示例路100号", ""
    site.save()
    assert "上海市黄浦区示例路100号" in client.get("/en/").content.decode()
