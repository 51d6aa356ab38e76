"""Search terms for names: Chinese characters, pinyin and initials, as tsvector lexemes.

A lawyer's name 张伟 gives the lexemes ``张伟 张 伟 zhangwei zhang wei zw``; a firm's name
gives its characters and character bigrams (so any two-character substring matches)
plus the pinyin of its distinctive part. A surname read differently from its character's
everyday reading (单 Shan, usually dan) is indexed under both.

A query is split the same way; each Latin or digit piece becomes a *prefix* match
(``zhangw:*``) and each CJK piece (one character or a bigram) an exact one, so
``zhangwei``, ``zhang wei``, ``zw``, ``张伟``, ``伟`` and a licence-number prefix all find
张伟. Only letters, digits and CJK characters reach ``to_tsquery``; everything else is
dropped, so a query can never inject tsquery syntax.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

MAX_READINGS = 4


def _pinyin(text: str) -> list[list[str]]:
    """pypinyin's tone-less readings. Imported on first use: its dictionaries take ~55 MB
    and only indexing (a task, an admin save) needs them — a lookup query never does."""
    from pypinyin import Style, pinyin

    result: Any = pinyin(text, style=Style.NORMAL, errors="ignore")
    return result


# Bump when the lexemes below change: services.search rebuilds entries of older versions.
INDEX_VERSION = 2
MAX_QUERY_TERMS = 6

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(r"[0-9a-z]+|[\u3400-\u9fff\uf900-\ufaff]+")
# Words that every firm name has and nobody searches for.
FIRM_NAME_NOISE = (
    "（特殊普通合伙）",
    "(特殊普通合伙)",
    "上海市",
    "上海",
    "律师事务所",
    "事务所",
    "律所",
)


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


# Surnames read differently from the character's everyday reading (单 is Shan, not Dan).
# Both readings are indexed, because people type either. Every other character keeps its
# usual reading only: indexing all heteronyms made "wang" find 方 (fāng/páng/wǎng/fēng).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "盖": "ge",
    "乐": "yue",
    "缪": "miao",
    "覃": "qin",
    "翟": "zhai",
    "种": "chong",
    "员": "yun",
    "秘": "bi",
    "召": "shao",
    "折": "she",
    "黑": "he",
    "繁": "po",
    "尉": "yu",
    "长": "zhang",
    "重": "chong",
    "薄": "bo",
    "隗": "wei",
    "藏": "zang",
    "宿": "su",
    "眭": "sui",
}


def readings(text: str) -> list[list[str]]:
    """The usual pinyin reading of `text` (tone-less), plus the surname reading of its
    first character where that differs (at most MAX_READINGS)."""
    usual = [s[0] for s in _pinyin(text) if s]
    if not usual:
        return []
    result = [usual]
    surname = SURNAME_READINGS.get(text[:1])
    if surname and surname != usual[0]:
        result.append([surname, *usual[1:]])
    return result[:MAX_READINGS]


def primary_pinyin(text: str) -> str:
    """The usual reading, syllables joined by spaces (``zhang wei``), for sorting."""
    return " ".join(s[0] for s in _pinyin(text) if s)


def _chars_and_bigrams(text: str) -> set[str]:
    chars = [ch for ch in text if _CJK.match(ch)]
    out = set(chars)
    out.update(a + b for a, b in itertools.pairwise(chars))
    return out


def person_lexemes(name: str) -> set[str]:
    name = name.strip()
    lexemes = {name} | _chars_and_bigrams(name) if name else set()
    for reading in readings(name):
        lexemes.add("".join(reading))
        lexemes.update(reading)
        lexemes.add("".join(s[0] for s in reading))
    return {lexeme.lower() for lexeme in lexemes if lexeme}


def firm_core_name(name: str) -> str:
    core = name
    for noise in FIRM_NAME_NOISE:
        core = core.replace(noise, "")
    return core.strip() or name


def firm_lexemes(name: str, name_en: str = "") -> set[str]:
    lexemes = _chars_and_bigrams(name)
    core = firm_core_name(name)
    lexemes.add(core)
    for reading in readings(core):
        lexemes.add("".join(reading))
        lexemes.update(reading)
        lexemes.add("".join(s[0] for s in reading))
    lexemes.update(_TOKEN.findall(name_en.lower()))
    return {lexeme.lower() for lexeme in lexemes if lexeme}


def query_terms(query: str) -> list[str]:
    """The pieces of a query, each to be matched as a prefix; CJK runs become bigrams."""
    terms: list[str] = []
    for token in _TOKEN.findall(query.lower()):
        if _CJK.match(token):
            if len(token) <= 2:
                terms.append(token)
            else:
                terms.extend(a + b for a, b in itertools.pairwise(token))
        else:
            terms.append(token)
    unique = list(dict.fromkeys(terms))
    return unique[: MAX_QUERY_TERMS * 3]


def tsquery(query: str) -> str:
    """A raw tsquery (``'zhang':* & 'wei':*``), empty when nothing is searchable."""
    # Latin letters and digits are prefixes (``zhangw``, a licence number's first digits);
    # a CJK piece is matched exactly: every character and bigram of a name is a lexeme
    # already, and an exact lexeme is a far cheaper GIN lookup than a prefix scan.
    return " & ".join(
        f"'{term}'" if _CJK.match(term) else f"'{term}':*" for term in query_terms(query)
    )


def tsvector_text(lexemes: set[str]) -> str:
    """The lexemes as a tsvector literal (each quoted; they contain no quotes)."""
    return " ".join(f"'{lexeme}'" for lexeme in sorted(lexemes) if "'" not in lexeme)
