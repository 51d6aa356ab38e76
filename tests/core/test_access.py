"""Elder-friendly mode (the header switch), QR codes that decode to the page's canonical
URL, and PDFs viewable in the browser."""

from __future__ import annotations

import base64
import io
import re

import pytest
import zxingcpp
from django.core.cache import cache
from PIL import Image

from apps.core.qr import qr_data_uri
from apps.core.views_access import ELDER_COOKIE
from tests.accounts.factories import PASSWORD
from tests.news.factories import ArticleAttachmentFactory, ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


# --- elder mode -----------------------------------------------------------------------


def test_header_offers_elder_mode_as_a_plain_link_back_to_this_page(client):
    html = client.get("/news/?page=2").content.decode()
    assert 'class="elder-switch" href="/elder-mode/?on=1&amp;next=/news/%3Fpage%3D2"' in html
    assert 'class="elder"' not in html
    assert "css/elder.css" not in html


def test_elder_mode_link_sets_a_cookie_and_returns_to_the_page(client):
    response = client.get("/elder-mode/", {"on": "1", "next": "/news/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/news/?page=2"
    cookie = response.cookies[ELDER_COOKIE]
    assert cookie.value == "1"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"


def test_pages_in_elder_mode_load_the_elder_stylesheet_and_offer_the_way_back(client):
    client.cookies[ELDER_COOKIE] = "1"
    html = client.get("/en/news/").content.decode()
    assert '<html lang="en" class="elder">' in html
    assert "css/elder.css" in html
    assert 'href="/en/elder-mode/?on=0&amp;next=/en/news/"' in html


def test_elder_mode_off_deletes_the_cookie(client):
    client.cookies[ELDER_COOKIE] = "1"
    response = client.get("/elder-mode/", {"on": "0", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[ELDER_COOKIE].value == ""
    assert response.cookies[ELDER_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_elder_mode_never_redirects_off_the_site(client, target):
    response = client.get("/elder-mode/", {"on": "1", "next": target})
    assert response["Location"] == "/"


def test_elder_mode_refuses_post(client):
    assert client.post("/elder-mode/", {"on": "1"}).status_code == 405


# --- elder mode on the account ---------------------------------------------------------


def test_switch_while_signed_in_saves_the_choice_on_the_account(client, reader):
    client.force_login(reader)
    response = client.get("/elder-mode/", {"on": "1", "next": "/news/"})
    assert response.cookies[ELDER_COOKIE].value == "1"
    reader.refresh_from_db()
    assert reader.elder_mode is True

    response = client.get("/elder-mode/", {"on": "0", "next": "/news/"})
    assert response.cookies[ELDER_COOKIE]["max-age"] == 0
    reader.refresh_from_db()
    assert reader.elder_mode is False


def test_a_link_on_another_site_switches_the_browser_but_not_the_account(client, reader):
    client.force_login(reader)
    response = client.get("/elder-mode/", {"on": "1"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.cookies[ELDER_COOKIE].value == "1"
    reader.refresh_from_db()
    assert reader.elder_mode is None


def test_the_choice_follows_the_member_to_another_device(client, reader):
    reader.elder_mode = True
    reader.save(update_fields=["elder_mode"])
    client.force_login(reader)  # a new browser: no elder cookie
    response = client.get("/news/")
    html = response.content.decode()
    assert 'class="elder"' in html
    assert "css/elder.css" in html
    # …and the browser's cookie is brought in line, so it stays after signing out.
    assert response.cookies[ELDER_COOKIE].value == "1"


def test_the_account_choice_wins_over_the_browser_cookie(client, reader):
    reader.elder_mode = False
    reader.save(update_fields=["elder_mode"])
    client.cookies[ELDER_COOKIE] = "1"
    client.force_login(reader)
    response = client.get("/news/")
    assert 'class="elder"' not in response.content.decode()
    assert response.cookies[ELDER_COOKIE]["max-age"] == 0


def test_signing_in_applies_the_account_choice_to_this_browser(client, reader):
    reader.elder_mode = True
    reader.save(update_fields=["elder_mode"])
    response = client.post(
        "/accounts/login/", {"login": reader.email, "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert response.cookies[ELDER_COOKIE].value == "1"


def test_an_account_that_never_chose_adopts_the_browsers_choice_at_sign_in(client, reader):
    client.cookies[ELDER_COOKIE] = "1"
    response = client.post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.elder_mode is True


def test_an_account_that_never_chose_follows_the_cookie(client, reader):
    client.force_login(reader)
    assert 'class="elder"' not in client.get("/news/").content.decode()
    client.cookies[ELDER_COOKIE] = "1"
    response = client.get("/news/")
    assert 'class="elder"' in response.content.decode()
    assert ELDER_COOKIE not in response.cookies  # nothing to bring in line


def test_anonymous_pages_set_no_elder_cookie(client):
    client.cookies[ELDER_COOKIE] = "1"
    response = client.get("/news/")
    assert 'class="elder"' in response.content.decode()
    assert ELDER_COOKIE not in response.cookies


# --- QR codes -------------------------------------------------------------------------


def _decode(data_uri: str) -> str:
    png = base64.b64decode(data_uri.removeprefix("data:image/png;base64,"))
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


def _qr_on(html: str) -> tuple[str, str]:
    match = re.search(r'<img src="(data:image/png;base64,[^"]+)"[^>]*data-qr-url="([^"]+)"', html)
    assert match, "the page shows a QR code"
    return match.group(1), match.group(2)


def _canonical(html: str) -> str:
    match = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    assert match
    return match.group(1)


@pytest.mark.parametrize("prefix", ["", "/zh-hant", "/en"])
def test_article_qr_code_decodes_to_its_canonical_url(client, prefix):
    path = ArticleFactory(title="律师公益服务进社区").get_absolute_url()
    html = client.get(prefix + path).content.decode()
    src, shown = _qr_on(html)
    assert _decode(src) == shown == _canonical(html) == f"http://testserver{prefix}{path}"


def test_zh_hant_article_qr_block_is_in_traditional(client):
    article = ArticleFactory()
    html = client.get("/zh-hant" + article.get_absolute_url()).content.decode()
    assert "手機掃碼閲讀" in html or "手機掃碼閱讀" in html


def test_topic_qr_code_decodes_to_the_topic_url(client):
    topic = TopicFactory()
    html = client.get(topic.get_absolute_url()).content.decode()
    src, shown = _qr_on(html)
    assert _decode(src) == shown == f"http://testserver{topic.get_absolute_url()}"


def test_qr_code_is_cached_per_url():
    first = qr_data_uri("https://example.cn/news/1/")
    assert qr_data_uri("https://example.cn/news/1/") == first
    assert any(":core:qr:" in key for key in cache._cache)
    assert qr_data_uri("https://example.cn/news/2/") != first


def test_members_only_article_shows_no_qr_to_a_visitor(client):
    article = ArticleFactory(visibility="members")
    assert "data-qr-url" not in client.get(article.get_absolute_url()).content.decode()


# --- PDFs in the browser --------------------------------------------------------------


def test_pdf_attachment_opens_inline_with_view_and_downloads_without(client):
    attachment = ArticleAttachmentFactory()
    url = attachment.get_absolute_url()
    viewed = client.get(url, {"view": "1"})
    assert viewed.status_code == 200
    assert viewed["Content-Type"] == "application/pdf"
    assert viewed["Content-Disposition"].startswith("inline")
    assert client.get(url)["Content-Disposition"].startswith("attachment")


def test_article_page_links_to_view_the_pdf_online(client):
    attachment = ArticleAttachmentFactory()
    html = client.get(attachment.article.get_absolute_url()).content.decode()
    assert f'href="{attachment.get_absolute_url()}?view=1"' in html
    assert "在线查看" in html
