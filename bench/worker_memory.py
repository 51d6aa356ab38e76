"""Memory of gunicorn workers, measured the way the kernel shares it.

    .venv/bin/python bench/worker_memory.py --db shlawyers_bench [--no-preload] \
        [--workers 2] [--rounds 20] [--imports] [--steps]

Starts gunicorn as bench/http_bench.py does (DEBUG off, Redis cache) on 127.0.0.1:8766,
requests a set of public pages ``--rounds`` times each, then reads
``/proc/<pid>/smaps_rollup`` of the master and of every worker and prints

* RSS — what ``ps`` shows; counts pages shared with the master (and the other workers)
  once per process, so it overstates what a worker costs;
* PSS — each shared page divided among the processes sharing it (sums to the real total);
* USS — private pages only: what killing that worker would give back.

With gunicorn.conf.py's ``preload_app`` the app is imported once in the master and the
workers share those pages copy-on-write; ``--no-preload`` measures each worker importing
it itself. ``--imports`` also prints what importing each heavy third-party package adds to
a fresh interpreter's RSS (the candidates for lazy imports); ``--steps`` the RSS of one
fresh process after ``django.setup()`` and after each step of apps.core.prefork.warm()
(what the master holds before it forks).
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
PORT = 8766
HOST = "127.0.0.1"
PAGES = [
    "/",
    "/news/",
    "/search/?q=" + urllib.parse.quote("律师"),
    "/stats/",
    "/lawyers/?q=zhangwei",
    "/lawyers/?q=" + urllib.parse.quote("张伟"),
    "/lawyers/",
    "/firms/",
    "/overseas/",
    "/overseas/map.json",
    "/party/",
    "/complaints/track/",
    "/en/",
    "/zh-hant/news/",
]
HEAVY = [
    "pypinyin",
    "pypdf",
    "openpyxl",
    "icalendar",
    "qrcode",
    "PIL.Image",
    "reportlab.pdfgen.canvas",
    "jieba",
    "opencc",
    "marisa_trie",
    "psycopg",
    "redis",
    "celery",
]


def smaps(pid: int) -> dict[str, float]:
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name.strip()] = int(rest.split()[0]) / 1024
    return {
        "rss": round(values["Rss"], 1),
        "pss": round(values["Pss"], 1),
        "uss": round(values["Private_Clean"] + values["Private_Dirty"], 1),
        "shared": round(values["Shared_Clean"] + values["Shared_Dirty"], 1),
    }


def import_costs() -> list[tuple[str, float]]:
    code = (
        "import sys\n"
        "def rss():\n"
        "    return int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0]"
        ".split()[1]) / 1024\n"
        "base = rss(); __import__(sys.argv[1]); print(rss() - base)\n"
    )
    costs = []
    for name in HEAVY:
        out = subprocess.run(
            [sys.executable, "-c", code, name], capture_output=True, text=True, cwd=ROOT
        )
        if out.returncode == 0:
            costs.append((name, round(float(out.stdout.strip()), 1)))
    return costs


def warm_steps(env: dict[str, str]) -> list[tuple[str, float]]:
    """RSS (MB) of one process after django.setup() and after each warm-up step."""
    code = (
        "import django, json\n"
        "def rss():\n"
        "    return int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0]"
        ".split()[1]) / 1024\n"
        "steps = [('python', rss())]\n"
        "django.setup(); steps.append(('django.setup', rss()))\n"
        "from apps.core.prefork import warm\n"
        "warm(after_step=lambda name: steps.append((name, rss())))\n"
        "print(json.dumps(steps))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "shlawyers.settings"},
        check=True,
    )
    return [(name, round(mb, 1)) for name, mb in json.loads(out.stdout.strip().splitlines()[-1])]


def get(path: str) -> int:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    conn.request("GET", path, headers={"Host": HOST, "User-Agent": "Mozilla/5.0 bench"})
    response = conn.getresponse()
    response.read()
    return response.status


def main() -> int:
    from http_bench import database_env

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-preload", action="store_true")
    parser.add_argument("--imports", action="store_true")
    parser.add_argument("--steps", action="store_true")
    args = parser.parse_args()

    env = database_env(args.db)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        PAGECACHE_ENABLED="false",  # every request renders: the worst case for memory
        BENCH_SQL_HEADER="1",  # also lifts the per-address lookup rate limit
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "shlawyers.wsgi:application",
        "--bind",
        f"{HOST}:{PORT}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    if args.no_preload:
        env["GUNICORN_PRELOAD"] = "false"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not come up")
                    return 2
                time.sleep(0.3)
        statuses: dict[str, int] = {}
        for _ in range(args.rounds):
            for path in PAGES:
                statuses[path] = get(path)
        children = subprocess.run(
            ["ps", "--ppid", str(server.pid), "-o", "pid="],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.split()
        report = {
            "preload": not args.no_preload,
            "rounds": args.rounds,
            "statuses": statuses,
            "master": smaps(server.pid),
            "workers": [smaps(int(pid)) for pid in children],
        }
        if args.imports:
            report["import_rss_mb"] = import_costs()
        if args.steps:
            report["warm_steps_rss_mb"] = warm_steps(env)
        for name, row in [("master", report["master"])] + [
            (f"worker {n}", row) for n, row in enumerate(report["workers"], 1)
        ]:
            print(f"{name:9s} " + "  ".join(f"{k.upper()} {v:6.1f} MB" for k, v in row.items()))
        for name, mb in report.get("import_rss_mb", []):
            print(f"  import {name:25s} +{mb:5.1f} MB RSS")
        for name, mb in report.get("warm_steps_rss_mb", []):
            print(f"  after {name:26s} {mb:6.1f} MB RSS")
        print(json.dumps(report, ensure_ascii=False))
        bad = {p: s for p, s in statuses.items() if s >= 500}
        return 1 if bad else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
