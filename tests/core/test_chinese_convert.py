"""apps.core.chinese_convert gives exactly OpenCC's conversions (s2hk for pages, tw2sp for
search queries), compared with the opencc package itself — which stays installed as the
source of the dictionaries and the reference here — over every string of the demo
seeders, every msgid of the catalogue, random mixes, runs of dictionary words, and edge
cases."""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from pathlib import Path

import opencc
import polib
import pytest
from django.conf import settings

from apps.core.chinese_convert import Converter, converter
from apps.news.segment import jieba_dict_path

ROOT = Path(settings.BASE_DIR)

EDGE_CASES = [
    "",
    "a",
    "头",
    "头发",
    "发展信息软件，鉴于此",
    "谷氨酸钠与谷氨酰胺",  # keys in both STPhrases and its generated companion
    "丽\uf900豈\ufa0e头发",  # compatibility ideographs: normalised first
    "干部干杯干燥树干",  # one character, several Traditional forms by phrase
    "乾隆皇帝和乾坤",
    "😀头发𠀀𪚥里面",
    "ＡＢＣ１２３，全角、标点。“引号”‘单引号’…",
    "<p class='x'>后来</p>\n\t发现了\r\n",
    "上海市律师协会第七届会员代表大会于2025年召开",
    "著作权、着陆、着手、着急",
    "面条和方面、里面的头发",
]


def _demo_strings() -> list[str]:
    files = sorted(ROOT.glob("apps/*/demo.py")) + sorted(ROOT.glob("apps/*/demo/*.py"))
    strings = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                strings.append(node.value)
    return strings


def _catalogue() -> list[str]:
    entries = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    return [e.msgid for e in entries] + [e.msgid_plural for e in entries if e.msgid_plural]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = EDGE_CASES + _demo_strings() + _catalogue()
    rng = random.Random(29)
    characters = "".join(texts)
    mixes = ["".join(rng.choices(characters, k=rng.randint(1, 60))) for _ in range(2000)]
    words = [line.split(" ")[0] for line in jieba_dict_path().read_text("utf-8").splitlines()]
    runs = ["".join(rng.choices(words, k=rng.randint(1, 10))) for _ in range(3000)]
    return texts + mixes + runs + ["\n".join(texts)]


def _differences(corpus: list[str], config: str) -> list[tuple[str, str, str]]:
    ours, reference = converter(config), opencc.OpenCC(f"{config}.json")
    found = []
    for text in corpus:
        mine, theirs = ours.convert(text), reference.convert(text)
        if mine != theirs:
            found.append((text, mine, theirs))
    return found


def test_corpus_is_real_content():
    assert sum(len(text) for text in _demo_strings()) > 20_000
    assert len(_catalogue()) > 500


def test_s2hk_is_opencc_s2hk(corpus):
    assert _differences(corpus, "s2hk") == []


def test_tw2sp_is_opencc_tw2sp(corpus):
    reference = opencc.OpenCC("s2hk.json")
    traditional = [reference.convert(text) for text in corpus[:3000]]
    taiwan = ["軟體資訊搜尋", "滑鼠和印表機", "計程車、捷運", "頭髮裡面"]
    assert _differences(corpus + traditional + taiwan, "tw2sp") == []


def test_conversion_examples():
    assert converter("s2hk").convert("发展信息软件，头发") == "發展信息軟件，頭髮"
    assert converter("tw2sp").convert("軟體資訊搜尋") == "软件信息搜索"


def test_tables_are_small_and_opened_without_rebuilding(tmp_path):
    first = Converter.open("s2hk", directory=tmp_path)
    (built,) = tmp_path.iterdir()
    size = sum(path.stat().st_size for path in built.iterdir())
    assert size < 3 * 1024 * 1024
    modified = (built / "manifest.json").stat().st_mtime_ns
    second = Converter.open("s2hk", directory=tmp_path)
    assert (built / "manifest.json").stat().st_mtime_ns == modified
    assert second.convert("头发") == first.convert("头发") == "頭髮"


def test_converting_never_loads_the_opencc_package():
    script = (
        "import sys; from apps.core.chinese_convert import converter;"
        "assert converter('s2hk').convert('头发') == '頭髮';"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'opencc']"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
