"""Throughput and latency of the site's pages, served as in production, against a static
file of the same size served by the same stack (the ceiling).

    .venv/bin/python bench/http_bench.py [--db shl_bench] [--seed] [--duration 5]
        [--connections 1,16,64] [--workers N] [--only /,/news/]

Starts gunicorn (DEBUG off, Redis cache, WhiteNoise with the hashed manifest, workers =
CPU count unless --workers) on 127.0.0.1:8765 against ``--db`` (default: the database of
DATABASE_URL). ``--seed`` builds that database once if it is empty (migrate +
``seed_demo --scale city``) and reuses it afterwards. BENCH_SQL_HEADER=1 makes every
response carry ``X-SQL-Queries``; the table shows the queries of a rendered page (the
page cache bypassed with an unknown session cookie, +1 query for the session lookup)
and of the page as served under load (0 on a page-cache hit).

Load generator: ``wrk`` (apt package wrk) when installed, from a second process on
loopback; otherwise a thread pool of keep-alive http.client connections. Each page is
measured at every connection count for --duration seconds. Prints a table (req/s, p50,
p99, errors, bytes, SQL queries rendered/served, ratio to the static ceiling) and
writes bench/results/<UTC date-time>.json with the load average of the machine before
and after. Exit status 1 when any request got an error response (status >= 400 or a
socket error), 2 when the server did not come up.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = "127.0.0.1"
PY = sys.executable


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""
    cacheable: bool = False


@dataclass
class Result:
    page: str
    path: str
    connections: int
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    bytes: int = 0
    sql_rendered: int | None = None  # rendered (page cache bypassed), app caches warm
    sql_served: int | None = None  # as served under load (0 on a page-cache hit)
    x_cache: str = ""
    ratio_to_static: float | None = None
    extra: dict = field(default_factory=dict)


# -- database -------------------------------------------------------------------------


def database_env(db: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if db:
        url = env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shlawyers")
        parts = urllib.parse.urlsplit(url)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path="/" + db))
    return env


def ensure_seeded(env: dict[str, str], db: str, scale: str = "city") -> None:
    """Create, migrate and seed the bench database once; reuse it after. City scale adds
    bench/city_bulk.py's 200,000 articles and pro-bono records, 20,000 complaints and
    1,000 overseas offices (idempotent: a no-op once they are there); the thirtieth scale
    a thirtieth of each (the growth baseline: the same mix at 1:30)."""
    parts = urllib.parse.urlsplit(env["DATABASE_URL"])
    psql = ["psql", "-h", parts.hostname or HOST, "-U", parts.username or "postgres"]
    if not re.fullmatch(r"[a-z0-9_]+", db):
        raise SystemExit("--db: lower-case letters, digits and _ only")
    exists = subprocess.run(
        [*psql, "-Atc", f"select 1 from pg_database where datname='{db}'"],  # noqa: S608
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run([*psql, "-c", f'create database "{db}"'], check=True)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    count = subprocess.run(
        [*psql, "-d", db, "-Atc", "select count(*) from members_lawyer"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if count in ("", "0"):
        print(f"seeding {scale}-scale demo data (once)…", flush=True)
        start = time.monotonic()
        subprocess.run(
            [PY, "manage.py", "seed_demo", "--scale", scale], cwd=ROOT, env=env, check=True
        )
        print(f"seeded in {time.monotonic() - start:.0f} s", flush=True)
    bulk_divide = {"city": 1, "thirtieth": 30}.get(scale)
    if bulk_divide is not None:
        start = time.monotonic()
        subprocess.run(
            [PY, "bench/city_bulk.py", "--divide", str(bulk_divide)], cwd=ROOT, env=env, check=True
        )
        print(f"city bulk data checked/built in {time.monotonic() - start:.0f} s", flush=True)


# -- server ---------------------------------------------------------------------------


def start_server(env: dict[str, str], workers: int) -> subprocess.Popen:
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        BENCH_SQL_HEADER="1",
        PAGECACHE_ENABLED=env.get("PAGECACHE_ENABLED", "true"),
    )
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    return subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "shlawyers.wsgi:application",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def port_in_use(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def wait_for_server(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(2)


def fetch(path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    headers = {"Host": HOST}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


# -- pages ----------------------------------------------------------------------------


def first_link(path: str, pattern: str) -> str | None:
    status, _, body = fetch(path)
    if status != 200:
        return None
    match = re.search(pattern, body.decode("utf-8", "replace"))
    return match.group(1) if match else None


MEMBER_SESSION_CODE = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from apps.members.models import Lawyer

lawyer = (
    Lawyer.objects.filter(user__isnull=False, user__is_staff=False).order_by("pk").first()
    or Lawyer.objects.filter(user__isnull=True).order_by("pk").first()
)
if lawyer.user is None:  # city data has no member accounts: one for the bench
    email = "bench-member@bench.invalid"
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(email=email, password=None)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    lawyer.user = user
    lawyer.save(update_fields=["user"])
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(lawyer.user)
status = client.get("/portal/").status_code
print(f"SESSION={client.cookies['sessionid'].value} STATUS={status}")
"""


def member_session_cookie(env: dict[str, str]) -> str:
    """A session of a demo lawyer with an account (made for the bench if city data has
    none), signed with the server's SECRET_KEY (same env), as a logged-in member."""
    out = subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", MEMBER_SESSION_CODE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    match = re.search(r"SESSION=(\S+) STATUS=(\d+)", out.stdout)
    if not match or match.group(2) != "200":
        print(f"portal home skipped: no member session ({out.stderr.strip()[-300:]})")
        return ""
    return f"sessionid={match.group(1)}"


def discover_pages(env: dict[str, str]) -> list[Page]:
    q = urllib.parse.quote
    pages = [
        Page("home", "/", cacheable=True),
        Page("news list", "/news/", cacheable=True),
    ]
    channel = first_link(
        "/news/", r'href="(/news/(?!\d+/)(?!rules|magazine|guides|contribute)[a-z0-9-]+/)"'
    )
    if channel:
        pages.append(Page("channel", channel, cacheable=True))
    article = first_link("/news/", r'href="(/news/\d+/)"')
    if article:
        pages.append(Page("article", article, cacheable=True))
    pages += [
        Page("search common", f"/search/?q={q('律师')}"),
        Page("search rare", f"/search/?q={q('仲裁')}"),
        Page("stats", "/stats/", cacheable=True),
        # The commonest surname, so the lookups render a full page of rows at both scales
        # (张伟, used before, matched nobody in the small data: its growth compared an
        # empty page with a full one).
        Page("lookup name", f"/lawyers/?q={q('王')}"),
        Page("lookup pinyin", "/lawyers/?q=wang"),
        Page("lawyers list", "/lawyers/", cacheable=True),
    ]
    firm = first_link("/firms/", r'href="(/firms/\d+/)"')
    if firm:
        pages.append(Page("firm page", firm, cacheable=True))
    pages += [
        Page("overseas", "/overseas/", cacheable=True),
        Page("overseas map", "/overseas/map.json", cacheable=True),
        Page("party", "/party/", cacheable=True),
        Page("complaint tracking", "/complaints/track/"),
    ]
    cookie = member_session_cookie(env)
    if cookie:
        pages.append(Page("portal home", "/portal/", cookie=cookie))
    return pages


def static_ceiling(size: int) -> str:
    """The hashed static file closest in size to ``size`` (css/js/svg only)."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    best, best_gap = "", None
    for hashed in manifest["paths"].values():
        if not hashed.endswith((".css", ".js", ".svg")):
            continue
        path = ROOT / "staticfiles" / hashed
        if not path.exists():
            continue
        gap = abs(path.stat().st_size - size)
        if best_gap is None or gap < best_gap:
            best, best_gap = hashed, gap
    return "/static/" + best


# -- load -----------------------------------------------------------------------------


def run_wrk(path: str, connections: int, duration: int, cookie: str) -> dict:
    threads = min(2, connections)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-H",
        f"Host: {HOST}",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*cmd, f"http://{HOST}:{PORT}{path}"], capture_output=True, text=True
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return 0.0
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"(\d+) requests in", out).group(1)) if "requests in" in out else 0
    rps = (
        float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        if "Requests/sec" in out
        else 0.0
    )
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(x) for x in m.groups())
    return {
        "requests": requests,
        "rps": rps,
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "errors": errors,
    }


def run_threads(path: str, connections: int, duration: int, cookie: str) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        headers = {"Host": HOST, **({"Cookie": cookie} if cookie else {})}
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                bad = response.status >= 400
            except OSError:
                bad = True
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            with lock:
                latencies.append(time.perf_counter() - start)
                errors += bad

    begin = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        for _ in range(connections):
            pool.submit(worker)
    wall = time.monotonic() - begin
    qs = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": qs[49] * 1000,
        "p99_ms": qs[98] * 1000,
        "errors": errors,
    }


def measure(page: Page, connections: int, duration: int, runner) -> Result:
    status, headers, body = fetch(page.path, page.cookie)
    result = Result(
        page.name, page.path, connections, bytes=len(body), x_cache=headers.get("x-cache", "")
    )
    if status != 200:  # a redirect (lost session) or an error: not the page meant
        result.errors = 1
        result.extra["status"] = status
    result.sql_served = int(headers["x-sql-queries"]) if "x-sql-queries" in headers else None
    for key, value in runner(page.path, connections, duration, page.cookie).items():
        setattr(result, key, value)
    return result


def smaps(pid: int) -> dict[str, float]:
    """RSS, PSS (shared pages divided among their sharers) and USS (private) of a process."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name.strip()] = int(rest.split()[0]) / 1024
    return {
        "rss": round(values.get("Rss", 0), 1),
        "pss": round(values.get("Pss", 0), 1),
        "uss": round(values.get("Private_Clean", 0) + values.get("Private_Dirty", 0), 1),
    }


def _best_of(paths: str) -> tuple[list[dict], dict[tuple[str, int], dict]]:
    """Runs (comma-separated result files) folded per (page, connections): the lowest
    p50 of the runs (a busy machine only ever adds time, so the best of several runs is
    the cost of the page) and the highest SQL count (a count that varies is a finding)."""
    runs = [json.loads(Path(path).read_text()) for path in paths.split(",") if path]
    best: dict[tuple[str, int], dict] = {}
    for run in runs:
        for row in run["results"]:
            key = (row["page"], row["connections"])
            seen = best.get(key)
            if seen is None:
                best[key] = dict(row)
                continue
            seen["p50_ms"] = min(seen["p50_ms"], row["p50_ms"])
            seen["sql_rendered"] = max(seen["sql_rendered"] or 0, row["sql_rendered"] or 0)
    return runs, best


def compare(small_paths: str, city_paths: str) -> int:
    """Growth from small to city scale, page by page: SQL queries of a rendered page and
    p50 at each connection count both runs measured. Run both with PAGECACHE_ENABLED=false
    for the cost of rendering (with the page cache on, cached pages compare cache hits).
    Each side may be several runs (comma-separated files), best p50 of them: alternate
    the two databases a few times on a noisy machine. Exit status 1 when a page's SQL
    count grew or its p50 grew more than 1.5x."""
    small_runs, small = _best_of(small_paths)
    city_runs, city = _best_of(city_paths)
    for label, runs in (("small", small_runs), ("city", city_runs)):
        print(
            f"{label}: "
            + "; ".join(f"{r['database']} {r['date']} (load {r['load_before']})" for r in runs)
        )
    print(
        f"{'page':20} {'conn':>4} {'SQL small':>9} {'SQL city':>8} "
        f"{'p50 small':>9} {'p50 city':>8} {'growth':>7}"
    )
    failed = False
    for key, row in city.items():
        base = small.get(key)
        if base is None:
            continue
        growth = row["p50_ms"] / base["p50_ms"] if base["p50_ms"] else float("nan")
        sql_grew = (row["sql_rendered"] or 0) > (base["sql_rendered"] or 0)
        bad = sql_grew or growth > 1.5
        failed = failed or bad
        print(
            f"{row['page'][:20]:20} {row['connections']:4d} {base['sql_rendered']!s:>9} "
            f"{row['sql_rendered']!s:>8} {base['p50_ms']:9.1f} {row['p50_ms']:8.1f} "
            f"{growth:6.2f}x{' !' if bad else ''}"
        )
    return 1 if failed else 0


def growth(args: argparse.Namespace) -> int:
    """Small (a thirtieth of the city, ``seed_demo --scale thirtieth`` + ``city_bulk.py
    --divide 30``) against city, page cache off: the cost of rendering at 30x the data.
    The two databases alternate so a slow spell of the machine falls on both; --compare
    takes each side's best run."""
    if not args.db:
        raise SystemExit("--growth needs --db (the city database)")
    runs: dict[str, list[str]] = {args.growth: [], args.db: []}
    for db, scale in ((args.growth, "thirtieth"), (args.db, "city")):
        ensure_seeded(database_env(db), db, scale)
    env = {**os.environ, "PAGECACHE_ENABLED": "false"}
    for _ in range(args.rounds):
        for db in runs:
            out = subprocess.run(
                [PY, str(Path(__file__).resolve()), "--db", db, "--no-explain"]
                + ["--duration", str(args.duration), "--connections", args.connections]
                + (["--port", str(args.port)] if args.port else [])
                + (["--only", args.only] if args.only else []),
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            print(out.stdout, end="", flush=True)
            wrote = re.search(r"^wrote (\S+)$", out.stdout, re.MULTILINE)
            if wrote is None:
                print(out.stderr[-2000:])
                raise SystemExit(f"the run on {db} wrote no results")
            runs[db].append(str(ROOT / wrote.group(1)))
    return compare(",".join(runs[args.growth]), ",".join(runs[args.db]))


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", ""))
    parser.add_argument("--seed", action="store_true", help="build --db at --scale if empty")
    parser.add_argument("--scale", choices=["small", "thirtieth", "city"], default="city")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("SMALL.json[,...]", "CITY.json[,...]"),
        help="print the growth table of two scales' result files, best p50 of several runs"
        " per side (no server started)",
    )
    parser.add_argument(
        "--growth",
        metavar="SMALL_DB",
        help="the growth measurement: build SMALL_DB at the thirtieth scale and --db at city"
        " scale (once), run both with the page cache off, alternating, --rounds times, and"
        " print --compare of the runs",
    )
    parser.add_argument("--rounds", type=int, default=2, help="with --growth (default 2)")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument(
        "--port", type=int, default=None, help="for gunicorn on 127.0.0.1 (env BENCH_PORT)"
    )
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", default="", help="comma-separated page names or paths")
    parser.add_argument("--client", choices=["auto", "wrk", "threads"], default="auto")
    parser.add_argument(
        "--no-explain",
        action="store_true",
        help="skip bench/explain.py (EXPLAIN of each page's slowest query) after the load",
    )
    args, _ = parser.parse_known_args()
    if args.compare:
        return compare(*args.compare)
    if args.growth:
        return growth(args)

    env = database_env(args.db)
    if args.seed and args.db:
        ensure_seeded(env, args.db, args.scale)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    runner = run_wrk if use_wrk else run_threads
    connections = [int(c) for c in args.connections.split(",")]
    load_before = loadavg()

    global PORT
    PORT = args.port or PORT
    if port_in_use(PORT):
        # Another run (someone's soak or bench) owns it: measuring it would be measuring
        # somebody else's server on another database.
        print(f"127.0.0.1:{PORT} is already in use; pick another with --port")
        return 2
    server = start_server(env, args.workers)
    results: list[Result] = []
    try:
        wait_for_server()
        pages = discover_pages(env)
        if args.only:
            wanted = set(args.only.split(","))
            pages = [p for p in pages if p.name in wanted or p.path in wanted]
        # SQL of a rendered page: a request that bypasses the page cache (an unknown
        # session cookie: anonymous, plus the one query that looks the session up),
        # after warm-up, so the application's own caches (figures, stats) are warm.
        rendered: dict[str, int | None] = {}
        for page in pages:
            for _ in range(5):  # warm caches and every worker
                fetch(page.path, page.cookie)
            _, headers, _ = fetch(page.path, page.cookie or "sessionid=bench-bypass")
            rendered[page.name] = (
                int(headers["x-sql-queries"]) if "x-sql-queries" in headers else None
            )
        sizes = sorted(len(fetch(p.path, p.cookie)[2]) for p in pages)
        static_path = static_ceiling(sizes[len(sizes) // 2] if sizes else 30000)
        pages.insert(0, Page("static ceiling", static_path))

        header = (
            f"{'page':20} {'conn':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'err':>5} "
            f"{'bytes':>7} {'SQL r/s':>8} {'cache':>5} {'÷static':>8}"
        )
        print(
            f"client: {'wrk' if use_wrk else 'threads'}, workers: {args.workers}, "
            f"load before: {load_before}",
            flush=True,
        )
        print(header, flush=True)
        ceiling: dict[int, float] = {}
        for page in pages:
            for conn in connections:
                result = measure(page, conn, args.duration, runner)
                result.sql_rendered = rendered.get(page.name)
                if page.name == "static ceiling":
                    ceiling[conn] = result.rps or 1.0
                result.ratio_to_static = round(result.rps / ceiling.get(conn, result.rps or 1.0), 4)
                result.extra["load"] = loadavg()[0]
                results.append(result)
                sql = (
                    f"{result.sql_rendered if result.sql_rendered is not None else '-'}/"
                    f"{result.sql_served if result.sql_served is not None else '-'}"
                )
                print(
                    f"{page.name[:20]:20} {conn:4d} {result.rps:8.1f} {result.p50_ms:8.1f} "
                    f"{result.p99_ms:8.1f} {result.errors:5d} {result.bytes:7d} {sql:>8} "
                    f"{result.x_cache:>5} {result.ratio_to_static * 100:7.1f}%",
                    flush=True,
                )
        rss = subprocess.run(
            ["ps", "--ppid", str(server.pid), "-o", "rss="],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.split()
        worker_rss_mb = [round(int(x) / 1024, 1) for x in rss]
        memory = {"master": smaps(server.pid), "workers": []}
        for pid in subprocess.run(
            ["ps", "--ppid", str(server.pid), "-o", "pid="],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout.split():
            memory["workers"].append(smaps(int(pid)))
        print(f"worker RSS MB: {worker_rss_mb}; load after: {loadavg()}")
        print(f"memory MB (smaps_rollup): {memory}")
    finally:
        server.terminate()
        server.wait(timeout=15)

    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    out = RESULTS / f"{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "date": stamp,
                "database": env.get("DATABASE_URL", "").rsplit("/", 1)[-1],
                "client": "wrk" if use_wrk else "threads",
                "workers": args.workers,
                "duration_s": args.duration,
                "load_before": load_before,
                "load_after": loadavg(),
                "worker_rss_mb": worker_rss_mb,
                "memory_mb": memory,
                "pagecache": env.get("PAGECACHE_ENABLED", "true"),
                "results": [asdict(r) for r in results],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"wrote {out.relative_to(ROOT)}")
    if not args.no_explain and not args.only:
        # The plan of each page's slowest query, on the same database (after the load, so
        # it does not compete with it): bench/explain/<page>.txt and a summary naming any
        # sequential scan over a large table.
        print("EXPLAIN (ANALYZE, BUFFERS) of each page's slowest query:", flush=True)
        subprocess.run([PY, str(ROOT / "bench" / "explain.py")], cwd=ROOT, env=env, check=False)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
