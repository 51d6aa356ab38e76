"""A self-hosted proof-of-work challenge, the ALTCHA scheme (no third-party service).

The server hands out ``{algorithm, challenge, maxnumber, salt, signature}`` where
``challenge = SHA-256(salt + str(n))`` for a secret random ``n <= maxnumber`` and
``signature = HMAC-SHA-256(SECRET_KEY-derived key, challenge)``. The browser
(static/complaints/pow.js) finds ``n`` by brute force — about a second on a phone — and
posts back base64(JSON) with the number. Verifying costs the server one hash and one
HMAC; the salt carries an expiry and a solved challenge is accepted once (cache).

This is the payload format of the ALTCHA widget's v1 protocol, so the vendored widget
could replace pow.js without server changes. Visitors without JavaScript cannot solve
it; the intake view then applies a stricter rate limit instead of refusing them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

ALGORITHM = "SHA-256"
MAX_NUMBER = 50_000
TTL_SECONDS = 20 * 60


def _key() -> bytes:
    return hashlib.sha256(("complaints-pow:" + settings.SECRET_KEY).encode()).digest()


def _sign(challenge: str) -> str:
    return hmac.new(_key(), challenge.encode(), hashlib.sha256).hexdigest()


def challenge_create(*, max_number: int = MAX_NUMBER, now: float | None = None) -> dict[str, Any]:
    expires = int((now or time.time()) + TTL_SECONDS)
    salt = f"{secrets.token_hex(12)}?expires={expires}"
    number = secrets.randbelow(max_number + 1)
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    return {
        "algorithm": ALGORITHM,
        "challenge": challenge,
        "maxnumber": max_number,
        "salt": salt,
        "signature": _sign(challenge),
    }


def solve(challenge: dict[str, Any]) -> str:
    """What the browser does (used by tests and the bench): the payload to post back."""
    for n in range(int(challenge["maxnumber"]) + 1):
        if hashlib.sha256(f"{challenge['salt']}{n}".encode()).hexdigest() == challenge["challenge"]:
            payload = {**challenge, "number": n}
            payload.pop("maxnumber", None)
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise ValueError("unsolvable challenge")


def verify(payload: str, *, now: float | None = None) -> bool:
    """True once for a correctly solved, unexpired challenge we signed."""
    try:
        data = json.loads(base64.b64decode(payload, validate=True)[:2000])
        salt = str(data["salt"])
        number = int(data["number"])
        challenge = str(data["challenge"])
        signature = str(data["signature"])
        if data.get("algorithm") != ALGORITHM or not 0 <= number <= 10_000_000:
            return False
        expires = int(salt.split("?expires=", 1)[1])
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    if expires < (now or time.time()):
        return False
    if not hmac.compare_digest(_sign(challenge), signature):
        return False
    if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() != challenge:
        return False
    # One use per challenge: the first add() wins, replays find the key taken.
    return cache.add(f"complaints:pow:{challenge}", 1, TTL_SECONDS + 60)
