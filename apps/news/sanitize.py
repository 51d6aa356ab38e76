"""HTML sanitising for article bodies, contributions and rule texts.

Everything rich text that reaches a page passes ``html_sanitize`` on save (model
``save()``/``clean()``), whatever path wrote it: admin, services, demo data, imports.
The allow-list is explicit and small — exactly what the admin editor can produce
(see ``PROSE_EXTENSIONS``) — so pasted scripts, event handlers, ``style`` attributes,
iframes, forms and ``javascript:``/``data:``/``vbscript:`` URLs never survive.

Images are never hot-linked: an ``<img>`` survives only with a ``src`` in our own media
storage (``MEDIA_URL`` + a path, no ``..``), i.e. an image uploaded through the editor
(apps.news.services.body_image_upload) or a stored cover. MEDIA_URL is "/media/" on the
filesystem and the bucket's (or CDN's) ``https://`` address with STORAGE_BACKEND=s3;
any other ``http:``, ``https:`` or protocol-relative source is dropped with the element.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
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

# Paragraph styles editors pick in the editor (NodeClass below), styled site-wide in
# static/css/access.css: first-line indent, and the right-aligned signature and date block
# (落款) of a notice. Any other class is removed.
ALLOWED_CLASSES: dict[str, set[str]] = {"p": {"indent", "signature"}}

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
    "NodeClass": {"cssClasses": {"paragraph": sorted(ALLOWED_CLASSES["p"])}},
}

_MEDIA_PATH = re.compile(r"^[A-Za-z0-9/_.\-]+$")


def _media_url() -> str | None:
    """MEDIA_URL if it is a path ("/media/") or an absolute http(s) address with a host
    and a trailing slash (S3), else None: no other prefix may vouch for an image."""
    media_url = settings.MEDIA_URL or "/media/"
    if media_url.startswith("/") and not media_url.startswith("//"):
        return media_url
    parts = urlsplit(media_url)
    if parts.scheme in ("http", "https") and parts.netloc and media_url.endswith("/"):
        return media_url
    return None


def media_name_from_src(src: str) -> str | None:
    """The storage name behind an ``<img src>`` if it points into our media storage
    ("/media/news/body/2026/11/ab12.jpg" → "news/body/2026/11/ab12.jpg"), else None."""
    media_url = _media_url()
    if media_url is None or not src.startswith(media_url):
        return None
    name = unquote(src[len(media_url) :])
    if not name or not _MEDIA_PATH.match(name) or name.startswith("/"):
        return None
    if posixpath.normpath(name) != name or name.startswith(".."):
        return None
    return name


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img":
        if attribute == "src":
            return value if media_name_from_src(value) else None
        if attribute in ("width", "height"):
            return value if value.isdigit() and len(value) <= 5 else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    attribute_filter=_attribute_filter,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)
# An <img> whose src was refused is dropped whole (it would show nothing).
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_EMPTY = re.compile(r"^\s*(<p>\s*(<br>)?\s*</p>\s*)*$")


def html_sanitize(html: str | None) -> str:
    """Return ``html`` reduced to the allow-list. Idempotent; "" for empty editor output."""
    if not html:
        return ""
    cleaned = _IMG_WITHOUT_SRC.sub("", _cleaner.clean(html)).strip()
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
