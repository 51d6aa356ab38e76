"""jieba's dictionary segmentation (HMM off) over a compact, memory-mapped trie.

Why not jieba itself: jieba keeps its dictionary as a Python dict of every word and every
word prefix (about 600,000 entries, +71 MB resident) and ``import jieba`` loads its HMM
tables (+19 MB) that search never uses (it segments with ``HMM=False``). In a web worker
that is most of the 150 MB budget (bench/README.md "Worker memory"). This module gives the
same words from the same data — jieba's own ``dict.txt``, found without importing jieba —
held in a marisa trie of the words (about 5 MB on disk, memory-mapped, so the pages are
the page cache's and shared by every process) and a frequency array beside it.

The algorithm is jieba 0.42.1's, step for step (tests/news/test_segment.py compares the
output with jieba's over all demo content and the catalogue):

* ``cut``: split the text into runs of ``re_han`` (CJK, letters, digits, ``+#&._%-``);
  other text is yielded as whitespace tokens and single characters;
* each run: the DAG of dictionary words starting at each position, the route of highest
  summed log frequency (ties to the longer word), and consecutive single letters or
  digits joined (``__cut_DAG_NO_HMM``);
* ``cut_for_search``: before each word of more than two (three) characters, its
  two-character (three-character) substrings that are dictionary words.

The trie is built once from ``dict.txt`` in a child process (building needs jieba's
dictionary in memory for a moment, which a long-lived process would keep as fragmented
heap) into ``SHL_CACHE_DIR`` (default ``.data/cache`` in the project), named by a hash of
``dict.txt`` so a new jieba release builds a new one; about 3 s, once per machine.
"""

from __future__ import annotations

import array
import hashlib
import importlib.util
import logging
import mmap
import os
import re
import subprocess  # nosec B404 — only our own interpreter, fixed arguments
import sys
import tempfile
import threading
from collections.abc import Iterator
from math import log
from pathlib import Path

import marisa_trie  # type: ignore[import-not-found]  # no type hints shipped

logger = logging.getLogger(__name__)

FORMAT_VERSION = "1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]

# jieba 0.42.1's block and skip patterns (jieba/__init__.py re_han_default, re_skip_default).
_RE_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)
_RE_ENG = re.compile("[a-zA-Z0-9]", re.U)


def jieba_dict_path() -> Path:
    """jieba's dict.txt, located without importing jieba (its import loads HMM tables)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: its dict.txt is the dictionary")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def cache_dir() -> Path:
    return Path(os.environ.get("SHL_CACHE_DIR") or PROJECT_ROOT / ".data" / "cache")


def _files_for(dictionary: Path, directory: Path) -> tuple[Path, Path]:
    digest = hashlib.sha256(dictionary.read_bytes()).hexdigest()[:16]
    stem = f"jieba-{FORMAT_VERSION}-{digest}"
    return directory / f"{stem}.marisa", directory / f"{stem}.freq"


def build(dictionary: Path, trie_path: Path, freq_path: Path) -> None:
    """Write the trie of words with a frequency > 0 and their frequencies.

    The .freq file is the dictionary's total (uint64, jieba's ``total``: the sum over
    every line, duplicates included) and then one uint32 frequency per trie key id. A
    word listed twice keeps its last frequency, as in jieba's ``gen_pfdict``.
    """
    frequencies: dict[str, int] = {}
    total = 0
    with dictionary.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip().decode("utf-8")
            try:
                word, freq_text = line.split(" ")[:2]
                freq = int(freq_text)
            except ValueError as exc:
                raise ValueError(
                    f"invalid dictionary entry in {dictionary} at line {lineno}"
                ) from exc
            frequencies[word] = freq
            total += freq
    words = [word for word, freq in frequencies.items() if freq > 0]
    trie = marisa_trie.Trie(words)
    freqs = array.array("I", bytes(4 * len(trie)))
    for word in words:
        freqs[trie.key_id(word)] = frequencies[word]
    header = array.array("Q", [total, max(map(len, words))])
    trie_path.parent.mkdir(parents=True, exist_ok=True)
    for path, write in (
        (trie_path, trie.save),
        (freq_path, lambda name: Path(name).write_bytes(header.tobytes() + freqs.tobytes())),
    ):
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(fd)
        try:
            write(temporary)
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from other users
            os.replace(temporary, path)  # atomic: a concurrent reader sees old or new
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


class Segmenter:
    """jieba's ``cut`` and ``cut_for_search`` with ``HMM=False`` over the built files."""

    def __init__(self, trie_path: Path, freq_path: Path) -> None:
        self._trie = marisa_trie.Trie()
        self._trie.mmap(str(trie_path))
        with freq_path.open("rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        total, self._max_length = view[:16].cast("Q")
        self._freqs = view[16:].cast("I")
        self._logtotal = log(total)

    @classmethod
    def open(cls, dictionary: Path | None = None, directory: Path | None = None) -> Segmenter:
        """The segmenter for `dictionary` (jieba's), building its files on first use."""
        dictionary = dictionary or jieba_dict_path()
        trie_path, freq_path = _files_for(dictionary, _writable(directory or cache_dir()))
        if not (trie_path.exists() and freq_path.exists()):
            _build_in_child(dictionary, trie_path, freq_path)
        return cls(trie_path, freq_path)

    def __contains__(self, word: str) -> bool:
        """True for a dictionary word (frequency > 0), like jieba's ``FREQ.get(word)``."""
        return word in self._trie

    def _route(self, sentence: str) -> list[int]:
        """End index (exclusive) of the word starting at each position of the best route."""
        n = len(sentence)
        prefixes = self._trie.iter_prefixes_with_ids
        freqs = self._freqs
        logtotal = self._logtotal
        longest = self._max_length
        dag: list[list[tuple[int, int]]] = []
        for k in range(n):
            ends = [
                (k + len(word) - 1, freqs[key]) for word, key in prefixes(sentence[k : k + longest])
            ]
            dag.append(ends or [(k, 1)])
        # jieba's calc(): the same float operations in the same order; max() over
        # (score, end) prefers the longer word on a tie, as jieba's does.
        scores = [0.0] * (n + 1)
        ends_at = [0] * n
        for idx in range(n - 1, -1, -1):
            score, end = max((log(freq) - logtotal + scores[x + 1], x) for x, freq in dag[idx])
            scores[idx], ends_at[idx] = score, end + 1
        return ends_at

    def _cut_block(self, sentence: str) -> Iterator[str]:
        ends_at = self._route(sentence)
        x = 0
        n = len(sentence)
        buf = ""
        while x < n:
            y = ends_at[x]
            word = sentence[x:y]
            if len(word) == 1 and _RE_ENG.match(word):
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def cut(self, sentence: str) -> Iterator[str]:
        """jieba.cut(sentence, HMM=False)."""
        for block in _RE_HAN.split(sentence):
            if not block:
                continue
            if _RE_HAN.match(block):
                yield from self._cut_block(block)
                continue
            for piece in _RE_SKIP.split(block):
                if _RE_SKIP.match(piece):
                    yield piece
                else:
                    yield from piece

    def cut_for_search(self, sentence: str) -> Iterator[str]:
        """jieba.cut_for_search(sentence, HMM=False)."""
        trie = self._trie
        for word in self.cut(sentence):
            if len(word) > 2:
                for i in range(len(word) - 1):
                    if word[i : i + 2] in trie:
                        yield word[i : i + 2]
            if len(word) > 3:
                for i in range(len(word) - 2):
                    if word[i : i + 3] in trie:
                        yield word[i : i + 3]
            yield word


def _writable(directory: Path) -> Path:
    """`directory`, or the temporary directory's when it cannot be created."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "shlawyers-cache"
        logger.warning("cannot write %s; the segmenter's files go to %s", directory, fallback)
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback
    return directory


def _build_in_child(dictionary: Path, trie_path: Path, freq_path: Path) -> None:
    """Build in a child process, so this (perhaps long-lived) process never holds jieba's
    dictionary. ``-P``: the script's directory (apps/news, with its ``selectors``
    package) must not shadow the standard library."""
    logger.info("building the segmenter's trie from %s", dictionary)
    subprocess.run(  # noqa: S603  # nosec B603 — our own interpreter and module, fixed arguments
        [sys.executable, "-P", __file__, str(dictionary), str(trie_path), str(freq_path)],
        check=True,
    )


_lock = threading.Lock()
_segmenter: Segmenter | None = None


def segmenter() -> Segmenter:
    """The process's segmenter, opened on first use (milliseconds once built)."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = Segmenter.open()
    return _segmenter


if __name__ == "__main__":  # the child of _build_in_child
    build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
