"""The XSS corpus: whatever an editor pastes, nothing executable reaches a page."""

import re

import pytest

from apps.news.sanitize import html_sanitize, summary_from_html

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
    "</mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<p onmouseover="alert(1)">悬停</p>',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '"><script>alert(1)</script>',
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<a href="//evil.example/%0aalert(1)" xlink:href="javascript:alert(1)">x</a>',
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|style|svg|math|form|input|button|meta|base|link|body"
    r"|video|source|noscript|details)\b|\bon[a-z]+\s*=|javascript:|vbscript:|data:|style\s*=|"
    r"expression\(|xlink:|formaction|srcdoc|target\s*=",
    re.IGNORECASE,
)


def test_corpus_is_large_enough():
    assert len(XSS_VECTORS) >= 20


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_vector_is_neutralised(vector):
    cleaned = html_sanitize(vector)
    assert not DANGEROUS.search(cleaned), cleaned
    # and cleaning is stable: a second pass changes nothing
    assert html_sanitize(cleaned) == cleaned


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_vector_is_neutralised_inside_ordinary_content(vector):
    cleaned = html_sanitize(f"<p>前文</p>{vector}<p>后文</p>")
    assert not DANGEROUS.search(cleaned), cleaned
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
