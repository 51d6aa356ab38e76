"""The XSS corpus: whatever an editor pastes, nothing executable reaches a page.

The corpus and the check are shared (tests/security/xss_corpus.py); the pages that
render this sanitiser's output are tried in tests/security/test_xss.py."""

import pytest

from apps.news.sanitize import html_sanitize, summary_from_html
from tests.security.xss_corpus import XSS_VECTORS, executable_content


def test_corpus_is_large_enough():
    assert len(XSS_VECTORS) >= 60


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_vector_is_neutralised(vector):
    cleaned = html_sanitize(vector)
    assert executable_content(cleaned) == [], cleaned
    # and cleaning is stable: a second pass changes nothing
    assert html_sanitize(cleaned) == cleaned


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_vector_is_neutralised_inside_ordinary_content(vector):
    cleaned = html_sanitize(f"<p>前文</p>{vector}<p>后文</p>")
    assert executable_content(cleaned) == [], cleaned
    assert "前文" in cleaned


def test_editor_formatting_survives():
    html = (
        "<h2>标题</h2><p><strong>粗</strong><em>斜</em><u>下划线</u><s>删</s></p>"
        '<ul><li>一</li></ul><ol start="3"><li>三</li></ol><blockquote><p>引用</p></blockquote>'
        '<table><tbody><tr><th colspan="2">表头</th></tr>'
        "<tr><td>1</td><td>2</td></tr></tbody></table>"
        '<p><img src="/media/news/body/2026/11/0f3a.png" alt="图" width="800" height="600"></p>'
    )
    assert html_sanitize(html) == html


@pytest.mark.parametrize(
    "src",
    [
        "https://example.cn/a.png",  # hot-linked from another site
        "http://example.cn/a.png",  # and over plain http
        "//example.cn/a.png",  # protocol-relative
        "http://testserver/media/news/body/a.png",  # even our own host: never http
        "/static/img/emblem.svg",  # not from the media storage
        "/media/../settings.py",  # out of the storage
        "/media/news/../../etc/passwd",
        "/media/news/body/a.png?x=1",  # a query or anything unexpected
        "data:image/png;base64,iVBORw0KGgo=",
        "",
    ],
)
def test_img_outside_our_media_storage_is_dropped(src):
    cleaned = html_sanitize(f'<p>前<img src="{src}" alt="外链图">后</p>')
    assert cleaned == "<p>前后</p>"


def test_img_size_attributes_must_be_numbers():
    cleaned = html_sanitize('<img src="/media/news/body/a.png" width="100%" height="12">')
    assert cleaned == '<img src="/media/news/body/a.png" height="12">'


def test_links_keep_safe_schemes_and_get_noopener():
    cleaned = html_sanitize(
        '<a href="https://www.lawyers.org.cn/">协会</a><a href="mailto:tg@example.cn">投稿</a>'
        '<a href="/news/1/">站内</a>'
    )
    assert cleaned == (
        '<a href="https://www.lawyers.org.cn/" rel="noopener noreferrer">协会</a>'
        '<a href="mailto:tg@example.cn" rel="noopener noreferrer">投稿</a>'
        '<a href="/news/1/" rel="noopener noreferrer">站内</a>'
    )


def test_pasted_rel_and_classes_are_replaced():
    cleaned = html_sanitize('<a href="https://a.cn" rel="opener" class="x" id="y">a</a>')
    assert cleaned == '<a href="https://a.cn" rel="noopener noreferrer">a</a>'


def test_empty_editor_output_is_empty():
    assert html_sanitize("<p></p>") == ""
    assert html_sanitize("<p><br></p>") == ""
    assert html_sanitize(None) == ""


def test_summary_is_plain_text_and_short():
    summary = summary_from_html("<p>" + "律师" * 200 + "</p>", length=50)
    assert len(summary) == 50
    assert "<" not in summary
