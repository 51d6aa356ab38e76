"""HTML sanitising for article bodies, contributions and rule texts.

Everything rich text that reaches a page passes ``html_sanitize`` on save (model
``save()``/``clean()``), whatever path wrote it: admin, services, demo data, imports.
The allow-list is explicit and small — exactly what the admin editor can produce
(see ``PROSE_EXTENSIONS``) — so pasted scripts, event handlers, ``style`` attributes,
iframes, forms and ``javascript:``/``data:``/``vbscript:`` URLs never survive.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4",
        "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "code", "pre",
        "blockquote", "ul", "ol", "li",
        "a",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "figure", "figcaption", "img",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # rel is not listed: nh3 sets rel="noopener noreferrer" on every link itself.
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}

# Relative URLs ("/media/…", "#note") pass; anything with a scheme must be one of these.
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

# Elements removed together with their content (not just unwrapped).
DROP_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
     "textarea", "select", "title", "xmp", "noembed", "noframes", "frameset", "applet"}
)  # fmt: skip

# The editor in admin (django-prose-editor) offers exactly what the allow-list keeps.
PROSE_EXTENSIONS: dict[str, object] = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_EMPTY = re.compile(r"^\s*(<p>\s*(<br>)?\s*</p>\s*)*$")


def html_sanitize(html: str | None) -> str:
    """Return ``html`` reduced to the allow-list. Idempotent; "" for empty editor output."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    return "" if _EMPTY.match(cleaned) else cleaned


def html_to_text(html: str) -> str:
    """Plain text of a sanitised fragment (for summaries, search and e-mails)."""
    text = strip_tags(re.sub(r"</(p|h\d|li|tr|blockquote|figcaption)>|<br\s*/?>", "\n", html))
    return re.sub(r"[ \t\u3000]+", " ", re.sub(r"\n\s*\n+", "\n", unescape(text))).strip()


def summary_from_html(html: str, *, length: int = 120) -> str:
    """A one-paragraph summary: the body's text, collapsed and cut at ``length`` characters."""
    text = re.sub(r"\s+", " ", html_to_text(html)).strip()
    # Chinese needs no space where a paragraph break was.
    text = _CJK_GAP.sub("", text)
    return Truncator(text).chars(length, truncate="…")
