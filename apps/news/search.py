"""Chinese full-text search for articles: tokens, the stored vector, the query.

How Chinese text becomes searchable
-----------------------------------
PostgreSQL's parser does not segment Chinese, so we hand it tokens separated by spaces and
use the 'simple' configuration (lower-casing only; no stemming, no extension needed).
For each field the tokens are

* jieba's search-mode words (`cut_for_search`, dictionary only — HMM off, so that the same
  characters segment the same way wherever they occur), minus a few function words —
  computed by `apps.news.segment` from jieba's dictionary over a shared memory-mapped trie,
  word for word what jieba gives, without jieba's 90 MB in every web worker; and
* every CJK character *bigram* of the text.

The bigrams are what makes recall dependable: jieba segments by context, so the query 律协
is one word on its own but part of 市律协 inside a sentence, and 进博会 is 进 + 博会.
Because every bigram of the text is in the vector, a query matches whenever its characters
occur together, whatever the segmenter did. Queries therefore match on bigrams (a
two-character word *is* its bigram); jieba's words still add to the rank when a query is
one dictionary word (法律援助 as a word counts more than its three bigrams scattered about).
A single CJK character is matched as a prefix (律 → every bigram starting with 律).
Letters and digits are separate tokens, lower-cased: CIIE, Arbitration, 2025.

The vector is ``A`` title and subtitle, ``B`` summary, editor's note and author, ``C`` the
body with its HTML removed. It is written with one UPDATE by `article_search_vectors_update`
— from the post_save signal (apps.news.apps) and from ``manage.py news_reindex``.

Ranking (bounded, see DESIGN.md "News") lives in `apps.news.selectors.article_search`;
the /search/ provider (filters, snippets) in `apps.news.search_provider`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection

from .segment import segmenter

if TYPE_CHECKING:
    from .models import Article

# CJK unified ideographs (+ extension A and compatibility ideographs).
_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"(?P<cjk>[{_CJK_CLASS}]+)|(?P<alnum>[^\W_{_CJK_CLASS}]+)")
_TAGS = re.compile(r"<[^>]*>")
_BLOCK_SPACING = re.compile(r"\s+")

# Tokens longer than this are noise (pasted hashes, URLs without separators).
MAX_TOKEN_LENGTH = 40
# A query keeps at most this many groups (words); more are dropped with a notice.
MAX_QUERY_GROUPS = 12

# Single-character function words: dropped from jieba's words and split queries
# (律师的责任 searches 律师 and 责任). Bigrams of the text keep them, so recall is unaffected.
STOPWORDS_ZH = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "也",
        "都",
        "就",
        "而",
        "之",
        "其",
        "着",
        "呢",
        "吗",
        "啊",
        "吧",
        "这",
        "那",
        "个",
        "得",
    ]
)
STOPWORDS_EN = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "with",
    ]
)


def normalise(text: str) -> str:
    """NFKC (full-width → half-width, compatibility ideographs → unified) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def html_to_text(value: str) -> str:
    """Visible text of sanitised HTML: tags become spaces (paragraphs do not run together)."""
    text = html.unescape(_TAGS.sub(" ", value or ""))
    return _BLOCK_SPACING.sub(" ", text).strip()


def _runs(text: str) -> Iterator[tuple[str, str]]:
    """("cjk" | "alnum", run) for each run of Chinese characters or of letters/digits."""
    for match in _RUNS.finditer(text):
        kind = match.lastgroup or "alnum"
        yield kind, match.group(0)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """The tokens stored for `text` (see the module docstring), in text order."""
    tokens: list[str] = []
    for kind, run in _runs(normalise(text)):
        if kind == "alnum":
            if run not in STOPWORDS_EN and len(run) <= MAX_TOKEN_LENGTH:
                tokens.append(run)
            continue
        words = [
            word
            for word in segmenter().cut_for_search(run)
            if word not in STOPWORDS_ZH and len(word) != 2  # two-character words are bigrams
        ]
        tokens.extend(words)
        tokens.extend(_bigrams(run))
    return tokens


def index_document(*texts: str) -> str:
    """Space-separated tokens of `texts`, ready for to_tsvector('simple', …)."""
    return " ".join(token for text in texts for token in index_tokens(text))


# --- Writing the vector -------------------------------------------------------------

_UPDATE_SQL = """
UPDATE news_article AS a
SET search_vector =
    setweight(to_tsvector('simple', v.a), 'A')
    || setweight(to_tsvector('simple', v.b), 'B')
    || setweight(to_tsvector('simple', v.c), 'C')
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, a, b, c)
WHERE a.id = v.id
"""


def article_index_texts(article: Article) -> tuple[str, str, str]:
    """Token strings for weights A, B and C of one article."""
    return (
        index_document(article.title, article.subtitle or ""),
        index_document(article.summary or "", article.editors_note or "", article.author or ""),
        index_document(html_to_text(article.body or "")),
    )


def article_search_vectors_update(articles: Iterable[Article]) -> int:
    """Write the search vector of each article with one UPDATE; returns the rows written.

    A plain UPDATE: no save(), so no post_save signal, no history row, no recursion.
    """
    ids: list[int] = []
    columns: tuple[list[str], list[str], list[str]] = ([], [], [])
    for article in articles:
        ids.append(article.pk)
        for column, text in zip(columns, article_index_texts(article), strict=True):
            column.append(text)
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE_SQL, [ids, *columns])
        return cursor.rowcount


# Fields whose change needs a new vector (a save listing only other fields skips it).
INDEXED_FIELDS = frozenset(
    {"title", "subtitle", "summary", "editors_note", "author", "body", "search_vector"}
)


def reindex_needed(update_fields: Iterable[str] | None) -> bool:
    return update_fields is None or bool(INDEXED_FIELDS.intersection(update_fields))


# --- The query ----------------------------------------------------------------------


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class QueryGroup:
    """One word of the query: all its lexemes must match (AND).

    `text` is the word as typed (for highlighting), `lexemes` the bigrams or the
    lower-cased letters/digits, `prefix` True for a lone Chinese character, `word` the
    jieba word when the group is a single dictionary word of three or more characters
    (an OR alternative that only adds to the rank).
    """

    text: str
    lexemes: tuple[str, ...]
    prefix: bool = False
    word: str = ""

    def tsquery(self, weight: str = "") -> str:
        # '律':*A (prefix, in weight A), '律师':A, or plain '律师'.
        suffix = (":*" + weight) if self.prefix else (":" + weight if weight else "")
        conjunction = " & ".join(_quote(lexeme) + suffix for lexeme in self.lexemes)
        if self.word:
            return f"({_quote(self.word)}{suffix} | {conjunction})"
        return f"({conjunction})" if len(self.lexemes) > 1 else conjunction


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[QueryGroup, ...]
    dropped: int = 0  # groups beyond MAX_QUERY_GROUPS

    def __bool__(self) -> bool:
        return bool(self.groups)

    def tsquery(self) -> str:
        """Every group must match, anywhere in the article."""
        return " & ".join(group.tsquery() for group in self.groups)

    def title_tsquery(self) -> str:
        """Every group must match in the title or subtitle (weight A)."""
        return " & ".join(group.tsquery("A") for group in self.groups)

    def highlight_terms(self) -> list[str]:
        return [group.text for group in self.groups]

    def fallback_terms(self) -> list[str]:
        """The bigrams, for snippets where the whole word does not occur."""
        return [lexeme for group in self.groups for lexeme in group.lexemes]


def parse_query(text: str) -> ParsedQuery:
    """Groups for a cleaned query (see apps.core.search.search_query_clean)."""
    groups: list[QueryGroup] = []
    seen: set[tuple[str, ...]] = set()
    for kind, run in _runs(normalise(text)):
        for group in _groups_for_run(kind, run):
            if group.lexemes not in seen:
                seen.add(group.lexemes)
                groups.append(group)
    dropped = max(0, len(groups) - MAX_QUERY_GROUPS)
    return ParsedQuery(groups=tuple(groups[:MAX_QUERY_GROUPS]), dropped=dropped)


def _groups_for_run(kind: str, run: str) -> Iterator[QueryGroup]:
    if kind == "alnum":
        if run not in STOPWORDS_EN and len(run) <= MAX_TOKEN_LENGTH:
            yield QueryGroup(text=run, lexemes=(run,))
        return
    # Function words split the run: 律师的责任 → 律师, 责任.
    parts: list[str] = []
    current = ""
    for word in segmenter().cut(run):
        if word in STOPWORDS_ZH:
            parts.append(current)
            current = ""
        else:
            current += word
    parts.append(current)
    for part in filter(None, parts):
        if len(part) == 1:
            yield QueryGroup(text=part, lexemes=(part,), prefix=True)
            continue
        words = list(segmenter().cut(part))
        word = part if len(words) == 1 and len(part) >= 3 else ""
        yield QueryGroup(text=part, lexemes=tuple(dict.fromkeys(_bigrams(part))), word=word)
