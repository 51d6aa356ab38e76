"""Security headers on every page, the list of pages derived from the URLconf.

Every URL pattern outside /admin/ is requested anonymously — parameters filled with
sample values, plus real objects for the main detail pages — and every response (a 200,
a redirect to the login page, a 404, a 405 for a POST-only action) must carry the
headers: Content-Security-Policy (a nonce for pages, no 'unsafe-inline'/'unsafe-eval'
for scripts, frame-ancestors 'none', object-src 'none', base-uri 'self'),
X-Content-Type-Options, Referrer-Policy, Permissions-Policy, Cross-Origin-Opener-Policy
and X-Frame-Options. Under the production settings (read from shlawyers.settings with
DEBUG off, in a subprocess) every response over HTTPS also carries HSTS and plain HTTP is
redirected to HTTPS. A new URL is covered without editing this file.

``manage.py check --deploy`` with production settings: tests/project/test_settings.py.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ("1", "2026", "sample", "a1b2", str(uuid.UUID(int=1)))
ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()]|\([^()]*\))*)\)")


def _sample_for(regex: str) -> str | None:
    return next((s for s in SAMPLES if re.fullmatch(regex, s)), None)


def _fill_route(pattern: RoutePattern) -> str | None:
    def one(match: re.Match[str]) -> str:
        converter = pattern.converters[match["name"]]
        sample = _sample_for(converter.regex)
        if sample is None:
            raise LookupError(match["name"])
        return sample

    try:
        return ROUTE_PARAM.sub(one, str(pattern))
    except LookupError:
        return None


def _fill_regex(pattern: RegexPattern) -> str | None:
    regex = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")

    def one(match: re.Match[str]) -> str:
        sample = _sample_for(match["body"])
        if sample is None:
            raise LookupError(match["name"])
        return sample

    try:
        url = REGEX_GROUP.sub(one, regex)
    except LookupError:
        return None
    if re.search(r"[\\()\[\]?*+{}|^$]", url):
        return None  # an unnamed group or a quantifier left: cannot be filled by text
    return url


def _fill(pattern) -> str | None:
    if isinstance(pattern, RoutePattern):
        return _fill_route(pattern)
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern)
    return str(pattern)  # LocalePrefixPattern: "" for the default language


def url_conf_paths() -> list[str]:
    """One sample URL per pattern outside /admin/ (those with unfillable parameters
    skipped — there are none today; see test_almost_every_pattern_is_tried)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            part = _fill(entry.pattern)
            if part is None:
                continue
            if isinstance(entry, URLResolver):
                if part.startswith("admin/"):
                    continue
                walk(entry.url_patterns, prefix + part)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + part)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def _count_patterns() -> int:
    total = 0

    def walk(patterns, prefix: str) -> None:
        nonlocal total
        for entry in patterns:
            text = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if text.startswith(("admin/", "^admin/")):
                    continue
                walk(entry.url_patterns, prefix + text)
            else:
                total += 1

    walk(get_resolver().url_patterns, "")
    return total


def _directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


PERMISSIONS_OFF = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def header_problems(response) -> list[str]:
    problems = []
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy"]
    csp = _directives(response)
    script = csp.get("script-src", [])
    if csp.get("default-src") != ["'self'"]:
        problems.append(f"default-src {csp.get('default-src')}")
    if "'unsafe-inline'" in script or "'unsafe-eval'" in script:
        problems.append(f"script-src {script}")
    for name, expected in (
        ("frame-ancestors", ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
    ):
        if csp.get(name) != expected:
            problems.append(f"{name} {csp.get(name)}")
    html = response.get("Content-Type", "").startswith("text/html")
    if html and response.status_code == 200 and not any(v.startswith("'nonce-") for v in script):
        problems.append("an HTML page without a script nonce")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{header}: {response.get(header)!r}")
    policy = response.get("Permissions-Policy", "")
    problems += [f"Permissions-Policy lacks {f}" for f in PERMISSIONS_OFF if f not in policy]
    return problems


@pytest.fixture
def objects(db):
    """Real objects behind the main public detail pages (the samples give 404s there)."""
    from django.urls import reverse

    from tests.members.factories import LawFirmFactory, LawyerFactory
    from tests.news.factories import (
        ArticleFactory,
        MagazineIssueFactory,
        RuleVersionFactory,
        TopicFactory,
    )

    firm = LawFirmFactory()
    lawyer = LawyerFactory(firm=firm)
    return [
        ArticleFactory().get_absolute_url(),
        TopicFactory().get_absolute_url(),
        RuleVersionFactory().rule.get_absolute_url(),
        MagazineIssueFactory().get_absolute_url(),
        reverse("legalservices:firm_detail", args=[firm.pk]),
        reverse("legalservices:lawyer_detail", args=[lawyer.licence_no]),
    ]


def _get_all(client: Client, urls: list[str], **extra) -> dict[str, object]:
    return {url: client.get(url, **extra) for url in urls}


def test_almost_every_pattern_is_tried():
    assert len(url_conf_paths()) >= _count_patterns() * 0.9


def test_every_response_carries_the_security_headers(client, objects):
    urls = url_conf_paths() + objects
    responses = _get_all(client, urls)
    failures = {url: header_problems(r) for url, r in responses.items() if header_problems(r)}
    assert failures == {}
    pages = [
        url
        for url, r in responses.items()
        if r.status_code == 200 and r.get("Content-Type", "").startswith("text/html")
    ]
    # Not only 404s and redirects: the real public pages are among them.
    assert len(pages) >= 30, pages
    assert set(objects) <= set(pages)


def _production_security_settings() -> dict[str, object]:
    names = [
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"v = {{n: getattr(s, n) for n in {names!r}}}; "
        "v['UPGRADE'] = s.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests']; "
        "print(json.dumps(v))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environ.update(
        DJANGO_SETTINGS_MODULE="shlawyers.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    # The policy holds django-csp's NONCE marker (not JSON): ours, with production's flag.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["upgrade-insecure-requests"] = values.pop("UPGRADE")
    values["CONTENT_SECURITY_POLICY"] = policy
    return values


def test_production_settings_send_hsts_and_redirect_plain_http(objects):
    production = _production_security_settings()
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"]
    urls = url_conf_paths() + objects
    with override_settings(**production):
        client = Client()  # a new handler: the middleware reads the overridden settings
        secure = _get_all(client, urls, secure=True)
        plain = _get_all(Client(), ["/", "/news/", "/accounts/login/", objects[0]])
    hsts = "max-age=31536000; includeSubDomains; preload"
    failures = {
        url: [*header_problems(r), r.get("Strict-Transport-Security")]
        for url, r in secure.items()
        if header_problems(r) or r.get("Strict-Transport-Security") != hsts
    }
    assert failures == {}
    assert all("upgrade-insecure-requests" in r["Content-Security-Policy"] for r in secure.values())
    for url, response in plain.items():
        assert response.status_code == 301, url
        assert response["Location"].startswith("https://"), url
