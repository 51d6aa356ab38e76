"""The search segmenter (apps.news.segment) gives exactly jieba's words (HMM off).

jieba stays installed: its dict.txt is the segmenter's data, and jieba itself is the
reference these tests compare with — over every string of the demo seeders, every msgid
of the catalogue, random mixes of their characters, and edge cases.
"""

from __future__ import annotations

import ast
import logging
import random
import subprocess
import sys
from pathlib import Path

import jieba
import polib
import pytest
from django.conf import settings

from apps.news.segment import Segmenter, jieba_dict_path, segmenter

ROOT = Path(settings.BASE_DIR)

EDGE_CASES = [
    "",
    "律",
    "a",
    "7",
    " ",
    "\r\n",
    "的的的",
    "上海市律师协会第七届会员代表大会",
    "CIIE 2025年进博会，ABC-123 x+y=z 100%。\r\n\t 你好  世界",
    "我们在上海市浦东新区开会abc12 3d_e#f&g.h",
    "C++与C#，Node.js和.NET；email@example.com",
    "ＡＢＣ１２３全角字母",
    "🙂律师😀𠀀𪚥",  # astral characters: outside jieba's blocks, one token each
    "\u9fd6\u9fff律",  # past jieba's \u9fd5 range
    "第１２３条　第二款",
    "《中华人民共和国律师法》第四十七条、第四十八条",
    "“法律援助”——‘公益’…",
    "a\u0000b\u3000c",
]


def _demo_strings() -> list[str]:
    """Every string literal of the demo seeders (what seed_demo writes is built from them)."""
    files = sorted(ROOT.glob("apps/*/demo.py")) + sorted(ROOT.glob("apps/*/demo/*.py"))
    assert len(files) >= 10
    strings = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                strings.append(node.value)
    return strings


def _catalogue_msgids() -> list[str]:
    catalogue = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    return [entry.msgid for entry in catalogue] + [
        e.msgid_plural for e in catalogue if e.msgid_plural
    ]


@pytest.fixture(scope="module")
def reference():
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = EDGE_CASES + _demo_strings() + _catalogue_msgids()
    characters = "".join(texts)
    rng = random.Random(13)
    shuffled = ["".join(rng.choices(characters, k=rng.randint(1, 60))) for _ in range(3000)]
    return texts + shuffled + ["\n".join(texts)]


def _differences(corpus, ours, theirs) -> list[tuple[str, list[str], list[str]]]:
    found = []
    for text in corpus:
        mine, reference = list(ours(text)), list(theirs(text))
        if mine != reference:
            found.append((text, mine, reference))
    return found


def test_corpus_is_real_demo_content_and_catalogue():
    strings = _demo_strings()
    assert sum(len(s) for s in strings) > 20_000
    assert any("律师" in s for s in strings)
    assert len(_catalogue_msgids()) > 500


def test_cut_is_jiebas_cut_without_hmm(reference, corpus):
    ours = segmenter()
    assert _differences(corpus, ours.cut, lambda text: reference.cut(text, HMM=False)) == []


def test_cut_for_search_is_jiebas_without_hmm(reference, corpus):
    ours = segmenter()
    differences = _differences(
        corpus, ours.cut_for_search, lambda text: reference.cut_for_search(text, HMM=False)
    )
    assert differences == []


def test_words_known_to_the_dictionary_and_segmentation_examples():
    ours = segmenter()
    assert "律师" in ours
    assert "律" in ours  # single characters are words too
    assert "协会会" not in ours
    assert list(ours.cut("上海市律师协会")) == ["上海市", "律师协会"]
    assert list(ours.cut_for_search("上海市律师协会")) == [
        "上海",
        "海市",  # a dictionary word too: search mode adds every 2- and 3-gram that is one
        "上海市",
        "律师",
        "协会",
        "律师协会",
    ]
    assert list(ours.cut("abc 12")) == ["abc", " ", "12"]


def test_a_built_trie_is_small_and_opens_without_rebuilding(tmp_path):
    first = Segmenter.open(directory=tmp_path)
    files = sorted(tmp_path.iterdir())
    assert [path.suffix for path in files] == [".freq", ".marisa"]
    assert sum(path.stat().st_size for path in files) < 4 * 1024 * 1024
    modified = [path.stat().st_mtime_ns for path in files]
    second = Segmenter.open(directory=tmp_path)
    assert [path.stat().st_mtime_ns for path in files] == modified
    assert list(second.cut("法律援助中心")) == list(first.cut("法律援助中心"))


def test_a_changed_dictionary_builds_its_own_files(tmp_path):
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("律师 10 n\n协会 5 n\n律师协 1 n\n律师 20 n\n", encoding="utf-8")
    small = Segmenter.open(dictionary=dictionary, directory=tmp_path / "cache")
    assert list(small.cut("律师协会")) == ["律师", "协会"]
    assert "律师协" in small
    dictionary.write_text("律师协 100 n\n", encoding="utf-8")
    changed = Segmenter.open(dictionary=dictionary, directory=tmp_path / "cache")
    assert list(changed.cut("律师协会")) == ["律师协", "会"]
    assert len(list((tmp_path / "cache").glob("*.marisa"))) == 2


def test_dictionary_is_found_without_importing_jieba():
    script = (
        "import sys; from apps.news.segment import jieba_dict_path, segmenter;"
        "assert jieba_dict_path().name == 'dict.txt';"
        "assert list(segmenter().cut('律师协会')) == ['律师协会'];"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'jieba']"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    assert jieba_dict_path().is_file()
