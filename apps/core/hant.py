"""Traditional Chinese (zh-hant) from the Simplified text, with OpenCC's dictionaries.

Standard: **s2hk** — OpenCC's Simplified → Traditional with Hong Kong character forms,
character by character. Chosen over s2twp (Taiwan phrasing) because s2twp rewrites
vocabulary (发布 → 釋出, 信息 → 資訊, 软件 → 軟體), which changes the wording of notices
and rules; s2hk changes only the script, so a Taiwan reader reads the same words in
familiar characters and a Hong Kong or Macau reader reads them in their own forms.

Three uses, one module:

* ``to_hant(text)`` — the interface catalogue (``make hant`` → locale/zh_Hant) and the
  page content converted on the fly by :class:`apps.core.middleware.HantMiddleware`.
* ``html_to_hant(html)`` — a whole HTML page: only the non-ASCII runs are converted (tags,
  attributes, CSRF tokens and CSP nonces are ASCII and never change), joined into one
  string whose hash is the cache key, so two requests for the same page share the cached
  conversion although their tokens differ. Form fields (``<input>``, ``<textarea>``) and
  regions between ``<!--hant:off-->`` and ``<!--hant:on-->`` are left alone: what a user
  typed or will submit is never rewritten, and the language switch names 简体中文 as
  itself.
* ``to_hans(query)`` — a search query typed in Traditional characters (and Taiwan or Hong
  Kong phrasing: 搜尋 → 搜索) back to Simplified, since the stored text and its index are
  Simplified (the content is never stored twice).

The conversions are OpenCC's configurations and dictionaries applied by
:mod:`apps.core.chinese_convert` over memory-mapped tries — the same output as
``opencc.OpenCC("s2hk.json")`` (tests/core/test_chinese_convert.py), without the 43 MB the
opencc package's converter takes in every web process; about 1.4 µs a character instead of
0.3, and pages of 2,000 characters or more are converted once and cached.
"""

from __future__ import annotations

import hashlib
import re

from django.core.cache import cache

from .chinese_convert import converter

STANDARD = "s2hk"  # see the module docstring
QUERY_STANDARD = "tw2sp"  # Traditional (with TW phrases) → Simplified (mainland phrases)
CACHE_TIMEOUT = 60 * 60 * 24
CACHE_PREFIX = f"core:hant:{STANDARD}:"
# Below this many characters a cache round trip costs more than converting.
CACHE_MIN_LENGTH = 2000

# One pass over the page: a protected region (group 1) or a run of non-ASCII text (group
# 2). Templates write tags in lower case, so no IGNORECASE (it halves the speed).
_PROTECTED_OR_CJK = re.compile(
    r"(<(?:!--hant:off-->.*?<!--hant:on-->|textarea\b.*?</textarea>|input\b[^>]*>))"
    r"|([^\x00-\x7f]+)",
    re.DOTALL,
)
# A separator OpenCC passes through unchanged and the runs never contain (it is ASCII).
_SEPARATOR = "\n"


def to_hant(text: str) -> str:
    """Simplified → Traditional (Hong Kong forms). Plain text, no cache."""
    return converter(STANDARD).convert(text) if text else text


def to_hans(text: str) -> str:
    """Traditional (any regional standard) → Simplified, for search queries."""
    return converter(QUERY_STANDARD).convert(text) if text else text


def _cached_to_hant(text: str) -> str:
    if len(text) < CACHE_MIN_LENGTH:
        return to_hant(text)
    key = CACHE_PREFIX + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    converted = cache.get(key)
    if converted is None:
        converted = to_hant(text)
        cache.set(key, converted, CACHE_TIMEOUT)
    return converted


def html_to_hant(html: str) -> str:
    """The page with its Chinese text in Traditional characters (see module docstring)."""
    spans = [match.span(2) for match in _PROTECTED_OR_CJK.finditer(html) if match.group(2)]
    if not spans:
        return html
    runs = [html[start:end] for start, end in spans]
    converted = _cached_to_hant(_SEPARATOR.join(runs)).split(_SEPARATOR)
    if len(converted) != len(runs):  # never expected; keep the page rather than garble it
        return html
    pieces: list[str] = []
    position = 0
    for (start, end), text in zip(spans, converted, strict=True):
        pieces += (html[position:start], text)
        position = end
    pieces.append(html[position:])
    return "".join(pieces)
