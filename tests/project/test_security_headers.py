"""Headers every response carries: Content-Security-Policy (django-csp, nonces) and
Permissions-Policy; no inline script runs without the request's nonce, public pages and
admin alike (the prose editor's import map and django-celery-beat's form script included).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
DATA_BLOCK_TYPES = ("application/json", "application/ld+json")


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _nonce(response) -> str | None:
    for value in _directives(response)["script-src"]:
        if value.startswith("'nonce-"):
            return value[len("'nonce-") : -1]
    return None


def _inline_scripts_without_the_nonce(response) -> list[str]:
    """Inline scripts (not data blocks) whose nonce is missing or not this response's."""
    nonce = _nonce(response)
    offending = []
    for attributes, body in SCRIPT_TAG.findall(response.content.decode()):
        if "src=" in attributes or not body.strip():
            continue
        if any(f'type="{kind}"' in attributes for kind in DATA_BLOCK_TYPES):
            continue  # never executed, so CSP does not apply
        if nonce is None or f'nonce="{nonce}"' not in attributes:
            offending.append(f"<script{attributes}>{body[:60]}")
    return offending


PUBLIC_PAGES = ["/", "/en/", "/news/", "/search/?q=律师", "/accounts/login/", "/no-such-page/"]


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/healthz", "/robots.txt", "/admin/login/"])
def test_every_response_has_a_strict_csp_and_a_permissions_policy(client, url):
    response = client.get(url)
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_run_no_inline_script_without_the_nonce(client, url):
    response = client.get(url)
    assert _nonce(response), "base.html's inline script needs the nonce in the header"
    assert _inline_scripts_without_the_nonce(response) == []


def test_each_response_gets_a_fresh_nonce(client):
    assert _nonce(client.get("/")) != _nonce(client.get("/"))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/news/article/",
        "/admin/news/article/add/",  # prose editor: <script type="importmap">
        "/admin/django_celery_beat/periodictask/add/",  # celery-beat's inline form script
        "/admin/members/lawyer/",
    ],
)
def test_admin_pages_run_no_inline_script_without_the_nonce(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert _inline_scripts_without_the_nonce(response) == []


def test_prose_editor_import_map_carries_the_nonce(admin_client):
    response = admin_client.get("/admin/news/article/add/")
    nonce = _nonce(response)
    assert nonce
    assert re.search(rf'<script type="importmap"[^>]*nonce="{re.escape(nonce)}"', response.text)


def test_development_policy_does_not_force_https(client):
    assert "upgrade-insecure-requests" not in _directives(client.get("/healthz"))


def test_history_revert_form_renders_its_media_with_the_nonce(admin_client):
    from tests.news.factories import ArticleFactory

    article = ArticleFactory()
    history_id = article.history.latest().history_id
    response = admin_client.get(f"/admin/news/article/{article.pk}/history/{history_id}/")
    assert response.status_code == 200
    nonce = _nonce(response)
    assert re.search(rf'<script type="importmap"[^>]*nonce="{re.escape(nonce)}"', response.text)
    assert _inline_scripts_without_the_nonce(response) == []


TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
INLINE_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
SCRIPT_OPEN = re.compile(r"<script\b([^>]*)>", re.I)


def _page_templates():
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        if "emails" in path.parts:  # e-mail bodies never run in the site's pages
            continue
        yield path


@pytest.mark.parametrize(
    "path", list(_page_templates()), ids=lambda p: str(p.relative_to(TEMPLATES_DIR))
)
def test_templates_have_no_inline_script_that_the_csp_would_block(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(text), "inline on…= handler: use a static module"
    assert "javascript:" not in text.lower()
    for attributes in SCRIPT_OPEN.findall(text):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue
        assert "nonce=" in attributes, f"inline <script{attributes}> without the CSP nonce"
