"""bench/http_bench.py --compare: the growth table the issue's growth item is read from."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _http_bench():
    spec = importlib.util.spec_from_file_location("http_bench", ROOT / "bench" / "http_bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("http_bench", module)
    spec.loader.exec_module(module)
    return module


def _run(tmp_path: Path, name: str, database: str, rows: list[tuple[str, int, float, int]]):
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {
                "database": database,
                "date": name,
                "load_before": [0.5, 0.5, 0.5],
                "results": [
                    {"page": page, "connections": conn, "p50_ms": p50, "sql_rendered": sql}
                    for page, conn, p50, sql in rows
                ],
            }
        )
    )
    return str(path)


def test_each_side_counts_its_best_run_so_a_busy_moment_is_not_growth(tmp_path, capsys):
    bench = _http_bench()
    small = _run(tmp_path, "s1", "shl_30", [("article", 1, 20.0, 7)])
    city_busy = _run(tmp_path, "c1", "shl_city", [("article", 1, 44.0, 7)])
    city_quiet = _run(tmp_path, "c2", "shl_city", [("article", 1, 24.0, 7)])

    assert bench.compare(small, city_busy) == 1  # 2.2x from one busy run
    assert bench.compare(small, f"{city_busy},{city_quiet}") == 0  # best of two: 1.2x
    assert "1.20x" in capsys.readouterr().out


def test_more_queries_at_city_scale_fail_whatever_the_time(tmp_path):
    bench = _http_bench()
    small = _run(tmp_path, "s1", "shl_30", [("lookup", 1, 20.0, 2)])
    city = _run(tmp_path, "c1", "shl_city", [("lookup", 1, 21.0, 3)])
    assert bench.compare(small, city) == 1
