"""Run every benchmark in bench/ (files named *_bench.py) one after another.

Benchmarks measure throughput and latency on this machine; they are not tests and assert
nothing. Each prints its own table; see bench/README.md for what they measure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("*_bench.py")):
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script), *sys.argv[1:]], cwd=HERE.parent)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
