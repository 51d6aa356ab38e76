"""deploy/Caddyfile, run by a real Caddy in front of the live Django server.

The production proxy listens on 443 for SITE_HOST; here the same file serves plain HTTP
on a free port (SITE_HOST=http://127.0.0.1:PORT) with the upstream, static and media
folders pointed at the test's own (UPSTREAM, CADDY_STATIC_ROOT, CADDY_MEDIA_ROOT). What
the stack relies on is then checked on the wire: bodies over the cap are refused before
Django, static files and public media come from disk with their headers, private files
are not there to be served, and Django receives one X-Forwarded-For hop (the client the
proxy saw, whatever the client forged), the scheme, and the Host unchanged.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.signals import request_started

ROOT = Path(__file__).resolve().parents[2]


def _caddy_or_skip() -> str:
    caddy = shutil.which("caddy")
    if caddy is None:
        message = "caddy is not installed (Debian package `caddy`; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return caddy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, *, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def proxy(live_server, tmp_path):
    """Caddy with deploy/Caddyfile in front of live_server; yields its base URL."""
    caddy = _caddy_or_skip()
    static = tmp_path / "static"
    media = tmp_path / "media"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.0123456789ab.css").write_text("body{}", encoding="utf-8")
    (static / "css" / "site.css").write_text("body{}", encoding="utf-8")
    media.mkdir()
    (media / "cover.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "SITE_HOST": f"http://127.0.0.1:{port}",
        "UPSTREAM": live_server.url.removeprefix("http://"),
        "CADDY_STATIC_ROOT": str(static),
        "CADDY_MEDIA_ROOT": str(media),
        "MAX_REQUEST_BODY": "1MB",
    }
    log = (tmp_path / "caddy.log").open("wb")
    process = subprocess.Popen(
        [caddy, "run", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail((tmp_path / "caddy.log").read_text(errors="replace"))
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def upstream_environ():
    """The WSGI environ of each request Django (live_server, this process) receives."""
    seen: list[dict] = []

    def _record(sender, environ, **kwargs):
        seen.append(dict(environ))

    request_started.connect(_record)
    yield seen
    request_started.disconnect(_record)


pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_go_through_to_django_with_its_headers(proxy):
    status, headers, _ = _get(proxy + "/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "Server" not in headers


def _caddy_version() -> tuple[int, int]:
    out = subprocess.run(
        [_caddy_or_skip(), "version"], capture_output=True, text=True, check=True
    ).stdout
    major, minor = out.removeprefix("v").split(".")[:2]
    return int(major), int(minor)


def test_request_bodies_over_the_cap_are_cut_off_at_the_proxy(proxy):
    status, _, body = _get(proxy + "/healthz", data=b"x" * (2 * 1024 * 1024))
    # Caddy stops reading at MAX_REQUEST_BODY and never forwards more. Since 2.7 (the
    # production image is 2.10) it answers 413; Debian's 2.6 answers 502 for the same cut.
    assert status == (413 if _caddy_version() >= (2, 7) else 502)
    assert b'"status": "ok"' not in body


def test_hashed_static_files_are_served_from_disk_and_cached_for_a_year(proxy, upstream_environ):
    status, headers, body = _get(proxy + "/static/css/site.0123456789ab.css")
    assert (status, body) == (200, b"body{}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, _ = _get(proxy + "/static/css/site.css")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=3600"
    assert upstream_environ == []


def test_public_media_is_served_from_disk_as_inert_content(proxy, upstream_environ):
    status, headers, _ = _get(proxy + "/media/cover.svg")
    assert status == 200
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert _get(proxy + "/media/")[0] == 404  # no directory listing
    assert upstream_environ == []


def test_django_sees_one_forwarded_hop_the_scheme_and_the_host(proxy, upstream_environ):
    status, _, _ = _get(
        proxy + "/healthz",
        headers={"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https"},
    )
    assert status == 200
    environ = upstream_environ[-1]
    # The forged hop is dropped: only the address the proxy saw reaches Django, so
    # ALLAUTH_TRUSTED_PROXY_COUNT=1 counts the real visitor.
    assert environ["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"
    # The scheme the proxy saw (plain HTTP in this test), not the one the client claimed.
    assert environ["HTTP_X_FORWARDED_PROTO"] == "http"
    assert environ["HTTP_HOST"] == proxy.removeprefix("http://")
