"""The production shape's wiring, read from docker-compose.yml and deploy/Caddyfile.

No container engine runs here, so these tests read the files and check the wires that
must hold for the stack to be safe: only the proxy is published; it terminates TLS,
serves /static/ and public /media/ itself, never sees private uploads, caps request
bodies and hands the rest to gunicorn; Django trusts exactly one proxy hop for the client
address and the scheme; the web healthcheck passes with production ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.healthcheck import healthcheck_host

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
ENV_EXAMPLE = dict(
    line.split("=", 1)
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#") and "=" in line
)


def _block(text: str, opening: str) -> str:
    """The body of the Caddyfile block that starts with ``opening`` (braces balanced)."""
    start = text.index(opening)
    depth = 0
    for index in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    raise AssertionError(f"unbalanced block {opening!r}")


def _volumes(service: str) -> list[str]:
    return SERVICES[service].get("volumes", [])


def test_the_stack_has_a_proxy_in_front_of_web_worker_and_beat():
    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "proxy"} <= set(SERVICES)


def test_only_the_proxy_publishes_ports():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {"80:80", "443:443"} <= set(SERVICES["proxy"]["ports"])
    assert SERVICES["web"]["expose"] == ["8000"]


def test_the_proxy_is_caddy_built_from_its_official_image_with_our_caddyfile():
    assert SERVICES["proxy"]["build"]["target"] == "proxy"
    proxy_stage = DOCKERFILE[DOCKERFILE.index("AS proxy") - 40 :]
    assert re.search(r"FROM caddy:2\.\d+-alpine AS proxy", proxy_stage)
    assert "COPY deploy/Caddyfile /etc/caddy/Caddyfile" in proxy_stage
    # The static files are this build's collectstatic output, never a stale volume.
    assert "COPY --from=app /app/staticfiles /srv/static" in proxy_stage
    # A plain `docker build .` still gives the app image.
    assert DOCKERFILE.rstrip().splitlines()[-1] == "FROM app"


def test_the_proxy_terminates_tls_for_the_site_host_and_keeps_its_certificates():
    assert "{$SITE_HOST} {" in CADDYFILE
    assert SERVICES["proxy"]["environment"]["SITE_HOST"].startswith("${SITE_HOST:?")
    assert "caddy_data:/data" in _volumes("proxy")
    assert "Strict-Transport-Security" in CADDYFILE


def test_the_proxy_serves_static_files_from_its_image():
    static = _block(CADDYFILE, "handle_path /static/*")
    assert "root * {$CADDY_STATIC_ROOT:/srv/static}" in static
    assert "file_server" in static
    assert "immutable" in static


def test_public_media_is_served_read_only_and_inert():
    media = _block(CADDYFILE, "handle_path /media/*")
    assert "root * {$CADDY_MEDIA_ROOT:/srv/media}" in media
    assert "file_server" in media
    assert "sandbox" in media
    assert "default-src 'none'" in media
    assert "media:/srv/media:ro" in _volumes("proxy")
    web_media = [v for v in _volumes("web") if v.startswith("media:")]
    assert web_media == ["media:/app/.data/media"]


def test_private_uploads_are_never_reachable_through_the_proxy():
    # Only Django's checked views serve them: the volume is not mounted in the proxy.
    assert not [v for v in _volumes("proxy") if v.startswith("private:")]
    assert "/srv/private" not in CADDYFILE
    assert "private:/app/.data/private" in _volumes("web")


def test_request_bodies_are_capped_before_gunicorn():
    body = _block(CADDYFILE, "request_body")
    match = re.search(r"max_size \{\$MAX_REQUEST_BODY:(\d+)MB\}", body)
    assert match
    assert 20 < int(match.group(1)) <= 100
    # The cap sits in the site block, ahead of every route (Caddy orders request_body first).
    assert CADDYFILE.index("request_body") < CADDYFILE.index("reverse_proxy")


def test_everything_else_goes_to_gunicorn_on_web():
    fallback = _block(CADDYFILE, "\thandle {")
    assert "reverse_proxy {$UPSTREAM:web:8000}" in fallback
    assert SERVICES["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_django_trusts_exactly_one_proxy_hop_for_client_ip_and_scheme(settings):
    web_env = SERVICES["web"]["environment"]
    assert web_env["ALLAUTH_TRUSTED_PROXY_COUNT"] == "1"
    assert web_env["DEBUG"] == "false"
    # Set whenever DEBUG is off (see shlawyers/settings.py); Caddy overwrites the header.
    settings_text = (ROOT / "shlawyers" / "settings.py").read_text(encoding="utf-8")
    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in settings_text
    assert 'env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)' in settings_text
    assert settings.USE_X_FORWARDED_HOST is False


def test_allauth_counts_the_visitor_behind_one_proxy(settings, rf):
    from allauth.core.internal.httpkit import get_client_ip

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # What Caddy sends: the client it saw, whatever X-Forwarded-For the client forged.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="172.18.0.5")
    assert get_client_ip(request) == "203.0.113.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert get_client_ip(request) == "172.18.0.5"


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("lawyers.example.cn", "lawyers.example.cn"),
        ("lawyers.example.cn, www.lawyers.example.cn", "lawyers.example.cn"),
        (".example.cn", "example.cn"),
        ("*", "localhost"),
    ],
)
def test_healthcheck_sends_an_allowed_host(allowed_hosts, host):
    assert healthcheck_host(allowed_hosts) == host


def test_web_healthcheck_passes_with_production_allowed_hosts(client, settings, db):
    assert SERVICES["web"]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
    production = ENV_EXAMPLE["ALLOWED_HOSTS"]
    settings.ALLOWED_HOSTS = [h.strip() for h in production.split(",")]
    assert client.get("/healthz", HTTP_HOST="127.0.0.1").status_code == 400
    response = client.get("/healthz", HTTP_HOST=healthcheck_host(production))
    assert response.status_code == 200
    assert ENV_EXAMPLE["SITE_HOST"] in settings.ALLOWED_HOSTS


def test_every_service_of_the_app_runs_the_same_image_with_debug_off():
    for name in ("migrate", "web", "worker", "beat"):
        assert SERVICES[name]["image"] == "shlawyers:latest"
        assert SERVICES[name]["environment"]["DEBUG"] == "false"


def _caddy_or_skip() -> str:
    caddy = shutil.which("caddy")
    if caddy is None:
        message = "caddy is not installed (Debian package `caddy`; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return caddy


def test_caddy_itself_accepts_the_caddyfile():
    caddy = _caddy_or_skip()
    result = subprocess.run(
        [caddy, "validate", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
        cwd=ROOT,
        env={"SITE_HOST": "lawyers.example.cn", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("allowed_in_env", "exit_code"), [("lawyers.example.cn", 0), ("", 1)])
def test_the_healthcheck_script_passes_only_with_an_allowed_host(
    live_server, settings, allowed_in_env, exit_code
):
    # Production allows the site's name only; the script must send it to get a 200.
    settings.ALLOWED_HOSTS = ["lawyers.example.cn"]
    result = subprocess.run(
        [sys.executable, "deploy/healthcheck.py"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HEALTHCHECK_URL": f"{live_server.url}/healthz",
            "ALLOWED_HOSTS": allowed_in_env,
        },
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == exit_code, result.stderr
