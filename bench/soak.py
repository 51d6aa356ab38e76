"""`make soak`: ten minutes at 64 connections over a realistic mix, against the server
as production runs it. Asserts zero 5xx, no worker memory growth, and that every
complaint and booking the server accepted is in the database afterwards.

    .venv/bin/python bench/soak.py --db shlawyers_bench [--seed] [--seconds 600] \
        [--connections 64] [--workers 2] [--rss-tolerance-mb 40]

The server is bench/http_bench.py's: gunicorn with DEBUG off, the Redis cache, WhiteNoise
and the full-page cache, on 127.0.0.1:8765 against ``--db`` (``--seed`` builds it once at
city scale), plus ``SOAK_MODE=1`` (shlawyers/settings.py), which lifts the per-address
budgets for logins and complaint filings: every simulated visitor comes from 127.0.0.1.

Before the run, ``manage.py shell`` prepares the database (idempotent): 32 lawyers get
portal accounts ``soak-<n>@bench.invalid`` with a password made for this run, and the
detention centres get open slots for the next five workdays with room for many visits.

Each of the 64 connections is a visitor with its own cookies who, until the time is up,
picks (by weight) one of:

    read      78  an anonymous public page (home, news, an article, a channel, statistics,
                  the lawyer and firm registers, overseas, party building, /en/ …)
    search     9  site search or lawyer lookup with a random word or surname
    login      3  the allauth login form (CSRF token, e-mail + password), then the portal
    complaint  5  the public complaint form: reads the proof-of-work challenge from the
                  page, solves it (as the browser's pow.js does), posts the form with a
                  fresh submit token
    booking    5  as a signed-in lawyer, a detention-centre page, then a booking of a
                  random open slot (409 "already booked" answers are fine and counted)

Checks (exit status 1 if any fails): no response ≥ 500 and no socket error; no flow
answered otherwise than a visitor's would (a refused login or filing, a 429); every
complaint answered 302 is in complaints_complaint (by its submit token) and every booking
answered 302 in bookings_booking (by the id in the redirect); each worker's RSS at the end
is within ``--rss-tolerance-mb`` of its RSS after the warm-up (the first 10 % of the run),
and no worker was replaced (a crash or timeout shows as a new pid). Results are printed
and written to bench/results/soak-<UTC date-time>.json with the load average.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import html
import http.client
import http.cookies
import json
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from http_bench import (  # noqa: E402
    HOST,
    PORT,
    PY,
    RESULTS,
    database_env,
    ensure_seeded,
    loadavg,
    start_server,
    wait_for_server,
)

WEIGHTS = {"read": 78, "search": 9, "login": 3, "complaint": 5, "booking": 5}
READS = [
    "/",
    "/news/",
    "/stats/",
    "/lawyers/",
    "/firms/",
    "/overseas/",
    "/party/",
    "/legal-help/",
    "/complaints/track/",
    "/en/",
    "/zh-hant/news/",
]
WORDS = ["律师", "仲裁", "协会", "法律援助", "进博会", "公益", "培训", "Arbitration", "律"]
SURNAMES = ["张伟", "王芳", "李", "zhangwei", "刘", "陈静", "wang"]

SETUP_CODE = """
import datetime as dt, json, os
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from apps.bookings import services
from apps.bookings.models import Facility, HalfDay, Room, Slot
from apps.bookings.workdays import booking_window
from apps.members.models import Lawyer, LawyerStatus

password = os.environ["SOAK_PASSWORD"]
User = get_user_model()
emails = []
for n in range(32):
    email = f"soak-{n}@bench.invalid"
    user = User.objects.filter(email=email).first()
    if user is None:
        lawyer = (
            Lawyer.objects.filter(status=LawyerStatus.PRACTISING, user__isnull=True)
            .order_by("pk")
            .first()
        )
        user = User.objects.create_user(email=email, password=password, name=lawyer.name)
        lawyer.user = user
        lawyer.save(update_fields=["user"])
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    emails.append(email)
days = booking_window(timezone.localdate(), services.WINDOW_WORKDAYS)
for room in Room.objects.all():
    for day in days:
        for half in HalfDay.values:
            slot, _ = Slot.objects.get_or_create(
                room=room, date=day, half=half, defaults={"capacity": 5000}
            )
            if slot.capacity < 5000:
                Slot.objects.filter(pk=slot.pk).update(capacity=5000)
facilities = list(Facility.objects.values_list("pk", flat=True))
print("SOAK_SETUP=" + json.dumps({"emails": emails, "facilities": facilities}))
"""


def resident_id(rng: random.Random) -> str:
    from stdnum.cn import ric

    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))
    body = f"310101{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "X")  # stdnum wants 18 characters


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: collections.Counter[tuple[str, int]] = collections.Counter()
        self.server_errors: list[str] = []
        self.socket_errors: list[str] = []
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.complaints: list[str] = []
        self.bookings: list[int] = []
        self.unexpected: collections.Counter[str] = collections.Counter()

    def record(self, kind: str, path: str, status: int, seconds: float) -> None:
        with self.lock:
            self.status[(kind, status)] += 1
            self.latencies[kind].append(seconds)
            if status >= 500:
                self.server_errors.append(f"{status} {path}")


class Visitor:
    """One connection: its own cookies, keep-alive where the server allows it."""

    def __init__(self, stats: Stats, setup: dict, password: str, seed: int) -> None:
        self.stats = stats
        self.setup = setup
        self.password = password
        self.rng = random.Random(seed)  # noqa: S311 - load mix, not security  # nosec B311
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
        self.email = setup["emails"][seed % len(setup["emails"])]
        self.signed_in = False

    # -- HTTP ---------------------------------------------------------------------------

    def request(
        self, kind: str, method: str, path: str, form: dict | None = None
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": f"{HOST}:{PORT}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{PORT}"
            headers["Referer"] = f"http://{HOST}:{PORT}{path}"
        start = time.monotonic()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            with self.stats.lock:
                self.stats.socket_errors.append(f"{method} {path}: {exc!r}")
            return 0, {}, ""
        self.stats.record(kind, path, response.status, time.monotonic() - start)
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
        headers_out = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers_out, data.decode("utf-8", "replace")

    def unexpected(self, what: str) -> None:
        with self.stats.lock:
            self.stats.unexpected[what] += 1

    @staticmethod
    def csrf(page: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return match.group(1) if match else ""

    # -- actions ------------------------------------------------------------------------

    def read(self) -> None:
        self.request("read", "GET", self.rng.choice(READS))

    def search(self) -> None:
        if self.rng.random() < 0.5:
            path = "/search/?q=" + urllib.parse.quote(self.rng.choice(WORDS))
        else:
            path = "/lawyers/?q=" + urllib.parse.quote(self.rng.choice(SURNAMES))
        self.request("search", "GET", path)

    def login(self) -> None:
        self.cookies.pop("sessionid", None)
        status, _, page = self.request("login", "GET", "/accounts/login/")
        if status != 200:
            return
        form = {
            "csrfmiddlewaretoken": self.csrf(page),
            "login": self.email,
            "password": self.password,
        }
        status, _, _ = self.request("login", "POST", "/accounts/login/", form)
        if status == 302:
            self.signed_in = True
            self.request("login", "GET", "/portal/")
        else:
            self.unexpected(f"login answered {status}")

    def complaint(self) -> None:
        status, _, page = self.request("complaint", "GET", "/complaints/new/")
        match = re.search(r'data-pow-challenge="([^"]+)"', page)
        if status != 200 or not match:
            self.unexpected("complaint form without a challenge")
            return
        challenge = json.loads(html.unescape(match.group(1)))
        token = str(uuid.uuid4())
        form = {
            "csrfmiddlewaretoken": self.csrf(page),
            "complainant_name": self.rng.choice("王李张刘陈杨黄赵吴周") + "某某",
            "id_type": "resident",
            "id_number": resident_id(self.rng),
            "phone": f"139{self.rng.randrange(10**8):08d}",
            "email": f"soak-{token[:8]}@bench.invalid",
            "address": "上海市黄浦区中山东一路1号",
            "co_complainants": "0",
            "respondent_lawyer_name": "刘洋",
            "respondent_firm_name": "上海明律律师事务所",
            "category": "diligence",
            "facts": "律师收取代理费后三个月未立案，多次询问均未答复。（soak）",
            "request": "请协会督促并处理。",
            "consent": "on",
            "pow": solve(challenge),
            "submit_token": token,
        }
        status, _, _ = self.request("complaint", "POST", "/complaints/new/", form)
        if status == 302:
            with self.stats.lock:
                self.stats.complaints.append(token)
        else:
            self.unexpected(f"complaint answered {status}")

    def booking(self) -> None:
        if not self.signed_in:
            self.login()
            if not self.signed_in:
                return
        facility = self.rng.choice(self.setup["facilities"])
        path = f"/portal/bookings/facilities/{facility}/"
        status, _, page = self.request("booking", "GET", path)
        slots = re.findall(r'<input type="radio" name="slot" value="(\d+)" id="slot-\d+">', page)
        if status != 200 or not slots:
            self.unexpected(f"facility page {status} with {len(slots)} open slots")
            return
        form = {
            "csrfmiddlewaretoken": self.csrf(page),
            "slot": self.rng.choice(slots),
            "detainee_name": "在押人" + secrets.token_hex(4),
            "client_name": self.rng.choice("王李张刘陈") + "某某",
            "case_reference": "涉嫌诈骗罪",
        }
        status, headers, _ = self.request("booking", "POST", path + "book/", form)
        match = re.search(r"/portal/bookings/(\d+)/", headers.get("location", ""))
        if status == 302 and match:
            with self.stats.lock:
                self.stats.bookings.append(int(match.group(1)))
        elif status != 409:  # 409: this lawyer already has a visit in that half-day
            self.unexpected(f"booking answered {status}")

    def run(self, deadline: float) -> None:
        kinds = list(WEIGHTS)
        weights = list(WEIGHTS.values())
        while time.monotonic() < deadline:
            getattr(self, self.rng.choices(kinds, weights)[0])()


def solve(challenge: dict) -> str:
    """The browser's pow.js: find n with SHA-256(salt + n) == challenge."""
    import base64
    import hashlib

    for n in range(int(challenge["maxnumber"]) + 1):
        digest = hashlib.sha256(f"{challenge['salt']}{n}".encode()).hexdigest()
        if digest == challenge["challenge"]:
            payload = {**challenge, "number": n}
            payload.pop("maxnumber", None)
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise ValueError("unsolvable challenge")


def worker_rss(master: int) -> dict[int, float]:
    out = subprocess.run(
        ["ps", "--ppid", str(master), "-o", "pid=,rss="],  # noqa: S607
        capture_output=True,
        text=True,
    ).stdout.split()
    pairs = zip(out[::2], out[1::2], strict=True)
    return {int(pid): round(int(rss) / 1024, 1) for pid, rss in pairs}


def database_check(env: dict[str, str], stats: Stats) -> dict[str, int]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        complaints = conn.execute(
            "SELECT count(*) FROM complaints_complaint WHERE submit_token = ANY(%s::uuid[])",
            [stats.complaints],
        ).fetchone()[0]
        bookings = conn.execute(
            "SELECT count(*) FROM bookings_booking WHERE id = ANY(%s)", [stats.bookings]
        ).fetchone()[0]
    return {"complaints_found": complaints, "bookings_found": bookings}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", ""))
    parser.add_argument("--seed", action="store_true", help="build --db at city scale if empty")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", 600)))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rss-tolerance-mb", type=float, default=40.0)
    args = parser.parse_args()

    env = database_env(args.db)
    if args.seed and args.db:
        ensure_seeded(env, args.db)
    password = secrets.token_urlsafe(18)
    out = subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", SETUP_CODE],
        cwd=ROOT,
        env={**env, "SOAK_PASSWORD": password},
        capture_output=True,
        text=True,
    )
    match = re.search(r"SOAK_SETUP=(.*)", out.stdout)
    if not match:
        print(out.stdout[-2000:], out.stderr[-3000:])
        return 2
    setup = json.loads(match.group(1))

    env["SOAK_MODE"] = "1"
    load_before = loadavg()
    server = start_server(env, args.workers)
    stats = Stats()
    report: dict = {}
    try:
        wait_for_server()
        started = time.monotonic()
        deadline = started + args.seconds
        visitors = [Visitor(stats, setup, password, n) for n in range(args.connections)]
        threads = [threading.Thread(target=v.run, args=(deadline,), daemon=True) for v in visitors]
        for thread in threads:
            thread.start()
        time.sleep(max(5.0, args.seconds * 0.1))  # warm-up: caches filled, workers busy
        rss_start = worker_rss(server.pid)
        print(f"warm-up done; worker RSS MB {rss_start}; load {loadavg()}", flush=True)
        while any(t.is_alive() for t in threads):
            time.sleep(min(30.0, max(1.0, deadline - time.monotonic())))
            done = sum(stats.status.values())
            elapsed = time.monotonic() - started
            print(
                f"{elapsed:5.0f} s  {done} requests ({done / elapsed:.1f}/s)  "
                f"5xx {len(stats.server_errors)}  socket errors {len(stats.socket_errors)}  "
                f"complaints {len(stats.complaints)}  bookings {len(stats.bookings)}  "
                f"load {loadavg()[0]}",
                flush=True,
            )
            if time.monotonic() > deadline + 180:
                print("visitors did not stop within 3 minutes of the deadline")
                break
        elapsed = time.monotonic() - started
        rss_end = worker_rss(server.pid)
        load_after = loadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)

    found = database_check(env, stats)
    growth = {pid: round(rss_end[pid] - mb, 1) for pid, mb in rss_start.items() if pid in rss_end}
    replaced = sorted(set(rss_start) ^ set(rss_end))
    total = sum(stats.status.values())
    by_kind: dict[str, dict] = {}
    for kind in WEIGHTS:
        latencies = sorted(stats.latencies.get(kind, []))
        statuses = {str(s): n for (k, s), n in sorted(stats.status.items()) if k == kind}
        by_kind[kind] = {
            "requests": len(latencies),
            "statuses": statuses,
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1) if latencies else None,
        }
    failures = []
    if stats.server_errors:
        failures.append(f"{len(stats.server_errors)} responses ≥ 500")
    if stats.socket_errors:
        failures.append(f"{len(stats.socket_errors)} socket errors")
    if found["complaints_found"] != len(stats.complaints):
        failures.append(f"complaints: {found['complaints_found']}/{len(stats.complaints)} in DB")
    if found["bookings_found"] != len(stats.bookings):
        failures.append(f"bookings: {found['bookings_found']}/{len(stats.bookings)} in DB")
    if stats.unexpected:
        failures.append(f"flows that did not go as a visitor's would: {dict(stats.unexpected)}")
    if replaced:
        failures.append(f"workers replaced during the run: {replaced}")
    if any(g > args.rss_tolerance_mb for g in growth.values()):
        failures.append(f"worker RSS grew beyond {args.rss_tolerance_mb} MB: {growth}")

    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    report = {
        "date": stamp,
        "database": env.get("DATABASE_URL", "").rsplit("/", 1)[-1],
        "seconds": round(elapsed),
        "connections": args.connections,
        "workers": args.workers,
        "weights": WEIGHTS,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "by_kind": by_kind,
        "server_errors": stats.server_errors[:50],
        "socket_errors": stats.socket_errors[:50],
        "unexpected": dict(stats.unexpected),
        "complaints_filed": len(stats.complaints),
        "bookings_made": len(stats.bookings),
        **found,
        "worker_rss_mb_start": rss_start,
        "worker_rss_mb_end": rss_end,
        "worker_rss_growth_mb": growth,
        "rss_tolerance_mb": args.rss_tolerance_mb,
        "load_before": load_before,
        "load_after": load_after,
        "failures": failures,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"soak-{stamp}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "by_kind"}, ensure_ascii=False))
    for kind, row in by_kind.items():
        print(f"  {kind:10} {row}")
    print(f"wrote {path.relative_to(ROOT)}")
    print("FAILED: " + "; ".join(failures) if failures else "soak passed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
