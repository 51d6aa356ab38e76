"""OpenCC's conversions (s2hk, tw2sp) over compact, memory-mapped marisa tries.

Why not the opencc package's converter: it expands its dictionaries into C++ objects when
a converter is created — s2hk +43 MB resident per process, nearly all of it the 49,000
phrases of STPhrases — which alone would put a web worker over its 150 MB budget
(bench/README.md "Worker memory"). The same dictionaries fit in about 2 MB as tries.

This module reads OpenCC's own configuration (``s2hk.json`` …) and dictionaries (the
``.ocd2`` files of the installed wheel, exported to text once by the wheel's
``opencc_dict`` tool) and applies them the way OpenCC 1.4 does, so the output is OpenCC's
(tests/core/test_chinese_convert.py compares it over the catalogue, the demo content,
random mixes and edge cases):

1. normalisation: each position replaced by the longest match of the ``normalization``
   dictionaries (CJK compatibility ideographs → unified ones), else kept;
2. segmentation (``mmseg``, maximum matching): at each position the longest key of the
   segmentation dictionary is a segment of its own; characters that start no key
   accumulate into one segment;
3. the conversion chain: each step rewrites each segment on its own, left to right, with
   the longest match of its dictionary group (a character without one is kept), and
   passes the result to the next step.

A ``group`` is ``union`` (the longest match among its dictionaries — they are merged into
one trie at build time) or ``short_circuit`` (the first dictionary that matches at all).
A dictionary's value is its first candidate (``鉴 → 鑑 鑒`` gives 鑑).

Known difference: OpenCC stops a segment at a NUL character (C strings) and drops the
rest of it; here NUL is an ordinary character. Pages and catalogues never contain NUL.

Built once per machine in a child process into ``SHL_CACHE_DIR`` (default
``.data/cache``), in a directory named by a hash of the configuration and its dictionary
files, so a new opencc release builds anew.
"""

from __future__ import annotations

import array
import hashlib
import importlib.util
import json
import logging
import mmap
import os
import shutil
import subprocess  # nosec B404 — only our interpreter and the opencc wheel's tool, fixed arguments
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache as memoize
from pathlib import Path
from typing import Any

import marisa_trie  # type: ignore[import-not-found]  # no type hints shipped

logger = logging.getLogger(__name__)

FORMAT_VERSION = "2"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def opencc_dir() -> Path:
    """The installed opencc package, located without importing it (that loads its C++)."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("opencc is not installed: its dictionaries are the data")
    return Path(next(iter(spec.submodule_search_locations)))


def _share() -> Path:
    return opencc_dir() / "clib" / "share" / "opencc"


def cache_dir() -> Path:
    return Path(os.environ.get("SHL_CACHE_DIR") or PROJECT_ROOT / ".data" / "cache")


# --- Building ------------------------------------------------------------------------


def _ocd2_files(node: Any) -> list[str]:
    if isinstance(node, dict):
        if node.get("type") == "ocd2":
            return [node["file"]]
        return [name for value in node.values() for name in _ocd2_files(value)]
    if isinstance(node, list):
        return [name for value in node for name in _ocd2_files(value)]
    return []


def _read_text_dict(ocd2: Path, workdir: Path) -> list[tuple[str, str]]:
    """(key, first value) pairs, in the file's order, via the wheel's opencc_dict tool."""
    tool = opencc_dir() / "clib" / "bin" / "opencc_dict"
    out = workdir / (ocd2.stem + ".txt")
    subprocess.run(  # noqa: S603  # nosec B603 — the wheel's own tool, fixed arguments
        [str(tool), "-i", str(ocd2), "-o", str(out), "-f", "ocd2", "-t", "text"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pairs = []
    for line in out.read_text(encoding="utf-8").split("\n"):
        if line:
            key, _, values = line.partition("\t")
            pairs.append((key, values.split(" ")[0]))
    return pairs


def _write_table(pairs: list[tuple[str, str]], path: Path) -> None:
    """``path``.marisa (the keys) and ``path``.values (uint32 count, offsets, UTF-8 blob)."""
    merged: dict[str, str] = {}
    for key, value in pairs:
        merged.setdefault(key, value)  # a union's first dictionary wins a shared key
    trie = marisa_trie.Trie(list(merged))
    values = [b""] * len(trie)
    for key, text in merged.items():
        values[trie.key_id(key)] = text.encode("utf-8")
    offsets = array.array("I", [0])
    for encoded in values:
        offsets.append(offsets[-1] + len(encoded))
    trie.save(str(path.with_suffix(".marisa")))
    header = array.array("I", [len(values)])
    blob = header.tobytes() + offsets.tobytes() + b"".join(values)
    path.with_suffix(".values").write_bytes(blob)
    facts = {
        "longest": max(map(len, merged), default=0),
        "starts": "".join(sorted({k[0] for k in merged})),
    }
    path.with_suffix(".json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")


def _plan(
    node: dict[str, Any],
    tables: dict[tuple[str, ...], list[tuple[str, str]]],
    read: Callable[[str], list[tuple[str, str]]],
) -> Any:
    """The dictionary node as nested lists of table names (see Converter._match); the same
    dictionary (or union) used twice is one table."""
    kind = node.get("type")
    if kind == "ocd2":
        files: tuple[str, ...] = (node["file"],)
    elif kind == "group" and node.get("match_policy", "union") == "union":
        if any(child.get("type") != "ocd2" for child in node["dicts"]):
            raise ValueError(f"unsupported union {node}")  # never in OpenCC's configurations
        files = tuple(child["file"] for child in node["dicts"])
    elif kind == "group":  # short_circuit
        return [_plan(child, tables, read) for child in node["dicts"]]
    else:
        raise ValueError(f"unsupported dictionary {node}")
    if files not in tables:
        tables[files] = [pair for name in files for pair in read(name)]
    return list(tables).index(files)


def build(config: str, target: Path) -> None:
    """Write ``target``/manifest.json and the tables of OpenCC configuration `config`."""
    spec = json.loads((_share() / f"{config}.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as workdir:
        cache: dict[str, list[tuple[str, str]]] = {}

        def read(name: str) -> list[tuple[str, str]]:
            if name not in cache:
                cache[name] = _read_text_dict(_share() / name, Path(workdir))
            return cache[name]

        tables: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        manifest = {
            "config": config,
            "normalization": [
                _plan(step["dict"], tables, read) for step in spec.get("normalization", [])
            ],
            "segmentation": _plan(spec["segmentation"]["dict"], tables, read),
            "chain": [_plan(step["dict"], tables, read) for step in spec["conversion_chain"]],
        }
        if spec["segmentation"].get("type") != "mmseg":
            raise ValueError(f"unsupported segmentation in {config}")
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=target.name + "."))
        try:
            for number, pairs in enumerate(tables.values()):
                _write_table(pairs, staging / f"t{number}")
            (staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            staging.chmod(0o755)
            try:
                staging.rename(target)  # atomic; a concurrent builder may have won
            except OSError:
                if not (target / "manifest.json").exists():
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)


# --- Converting ----------------------------------------------------------------------


class _Table:
    """One dictionary: longest key starting at a position, and its value."""

    def __init__(self, path: Path) -> None:
        self._trie = marisa_trie.Trie()
        self._trie.mmap(str(path.with_suffix(".marisa")))
        with path.with_suffix(".values").open("rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        count = int.from_bytes(self._map[:4], sys.byteorder)
        self._offsets = memoryview(self._map)[4 : 8 + 4 * count].cast("I")
        self._blob = 8 + 4 * count
        # Written at build time, so opening never lists the 49,000 keys of STPhrases.
        facts = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        self._longest = facts["longest"]
        # Characters that start a key: most positions need no trie look-up at all.
        self.starts = frozenset(facts["starts"])
        # Single-character keys only (character tables): a plain dict is the fastest.
        self.chars: dict[str, str] | None = None
        if self._longest == 1:
            self.chars = {key: self._value(key_id) for key, key_id in self._trie.iteritems()}

    def _value(self, key_id: int) -> str:
        start = self._blob + self._offsets[key_id]
        return self._map[start : self._blob + self._offsets[key_id + 1]].decode("utf-8")

    def match(self, text: str, position: int) -> tuple[int, str] | None:
        char = text[position]
        if char not in self.starts:
            return None
        if self.chars is not None:
            return 1, self.chars[char]
        found = None
        for key, key_id in self._trie.iter_prefixes_with_ids(
            text[position : position + self._longest]
        ):
            found = key, key_id  # shortest first: the last one is the longest
        if found is None:
            return None
        return len(found[0]), self._value(found[1])


class Converter:
    """``opencc.OpenCC(f"{config}.json").convert`` over the built tables."""

    def __init__(self, directory: Path) -> None:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        count = len(list(directory.glob("t*.marisa")))
        tables = [_Table(directory / f"t{number}") for number in range(count)]

        def resolve(node: Any) -> list[_Table]:
            # A short_circuit group is a list tried in order; a union is one merged table.
            if isinstance(node, list):
                return [table for child in node for table in resolve(child)]
            return [tables[node]]

        self.config = manifest["config"]
        self._normalization = [resolve(node) for node in manifest["normalization"]]
        segmentation = resolve(manifest["segmentation"])
        if len(segmentation) != 1:
            raise ValueError("segmentation by a short_circuit group is not supported")
        self._segmentation_table = segmentation[0]
        self._chain = [resolve(node) for node in manifest["chain"]]

    @classmethod
    def open(cls, config: str, directory: Path | None = None) -> Converter:
        """The converter for OpenCC configuration `config`, built on first use."""
        share = _share()
        spec_file = share / f"{config}.json"
        digest = hashlib.sha256(spec_file.read_bytes())
        for name in sorted(set(_ocd2_files(json.loads(spec_file.read_text(encoding="utf-8"))))):
            digest.update(name.encode() + (share / name).read_bytes())
        base = _writable(directory or cache_dir())
        target = base / f"opencc-{config}-{FORMAT_VERSION}-{digest.hexdigest()[:16]}"
        if not (target / "manifest.json").exists():
            logger.info("building the %s tables from %s", config, share)
            subprocess.run(  # noqa: S603  # nosec B603 — our own interpreter and module, fixed arguments
                [sys.executable, "-P", __file__, config, str(target)],
                check=True,
            )
        return cls(target)

    @staticmethod
    def _match(group: list[_Table], text: str, position: int) -> tuple[int, str] | None:
        for table in group:
            found = table.match(text, position)
            if found is not None:
                return found
        return None

    def _rewrite(self, group: list[_Table], text: str) -> str:
        """One conversion step over one segment (OpenCC's Conversion::Convert)."""
        if not group or _starts(group).isdisjoint(text):
            return text
        translation = _translation(group)
        if translation is not None:
            return text.translate(translation)
        pieces = []
        position = 0
        n = len(text)
        while position < n:
            found = self._match(group, text, position)
            if found is None:
                pieces.append(text[position])
                position += 1
            else:
                pieces.append(found[1])
                position += found[0]
        return "".join(pieces)

    def _segments(self, text: str) -> Iterator[tuple[str, str | None]]:
        """OpenCC's MaxMatchSegmentation: (segment, its value when it is a key)."""
        start = position = 0
        n = len(text)
        match = self._segmentation_table.match
        while position < n:
            found = match(text, position)
            if found is None:
                position += 1
                continue
            if start < position:
                yield text[start:position], None
            yield text[position : position + found[0]], found[1]
            position += found[0]
            start = position
        if start < n:
            yield text[start:], None

    def convert(self, text: str) -> str:
        for group in self._normalization:
            text = self._rewrite(group, text)
        first, rest = self._chain[0], self._chain[1:]
        # When the first step's first dictionary is the segmentation's (s2hk: STPhrases),
        # a segment that is a key converts to its value, and a segment of characters that
        # start no key never matches that dictionary: the rest of the group decides.
        fused = first[0] is self._segmentation_table
        converted = []
        for segment, value in self._segments(text):
            if fused:
                segment = value if value is not None else self._rewrite(first[1:], segment)
            else:
                segment = self._rewrite(first, segment)
            for group in rest:
                segment = self._rewrite(group, segment)
            converted.append(segment)
        return "".join(converted)


@memoize
def _starts_of(tables: tuple[_Table, ...]) -> frozenset[str]:
    return frozenset().union(*(table.starts for table in tables))


def _starts(group: list[_Table]) -> frozenset[str]:
    """Characters at which some dictionary of `group` has a key."""
    return _starts_of(tuple(group))


@memoize
def _translation_of(tables: tuple[_Table, ...]) -> dict[int, str] | None:
    translation: dict[int, str] = {}
    for table in reversed(tables):  # the first dictionary wins (short_circuit)
        if table.chars is None:
            return None
        translation.update({ord(char): value for char, value in table.chars.items()})
    return translation


def _translation(group: list[_Table]) -> dict[int, str] | None:
    """str.translate's table when every dictionary of `group` has single characters only."""
    return _translation_of(tuple(group))


def _writable(directory: Path) -> Path:
    """`directory`, or the temporary directory's when it cannot be created."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "shlawyers-cache"
        logger.warning("cannot write %s; the conversion tables go to %s", directory, fallback)
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback
    return directory


_lock = threading.Lock()
_converters: dict[str, Converter] = {}


def converter(config: str) -> Converter:
    """The process's converter for `config`, opened on first use."""
    if config not in _converters:
        with _lock:
            if config not in _converters:
                _converters[config] = Converter.open(config)
    return _converters[config]


if __name__ == "__main__":  # the child of Converter.open
    build(sys.argv[1], Path(sys.argv[2]))
