"""Hostile input on every public form and search endpoint never breaks a page (no 5xx).

Hypothesis draws query strings and form bodies from random Unicode (control characters
and NUL included), huge values and a corpus of SQL / template / HTML injection strings;
each endpoint gets a bounded number of examples so the suite stays fast. A view that
raises is reported by the test client as the exception itself, so a failure names it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE accounts_user; --",
    "' UNION SELECT password FROM accounts_user --",
    "%' AND 1=CAST((SELECT version()) AS int) --",
    "\\",
    "'",
    '"',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load log %}{% get_admin_log 10 as log %}",
    "${7*7}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "\u202e\u200b\ufeff",
    "&",
    "*",
    ":*",
    "!",
    "|",
    "(",
    "王明 & | ! ( ) : *",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
]

# Random text: every code point except lone surrogates (not encodable in a request at
# all), so control characters, NUL and unassigned code points are all in play.
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
VALUES = st.one_of(
    _TEXT,
    st.sampled_from(INJECTIONS),
    st.builds(
        lambda s, n: s * n, st.sampled_from(["律", "a", "'", "\x00", "%"]), st.integers(1000, 12000)
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no example database on disk: the shared tree stays clean
)


def _params(names: list[str]):
    """A dict over the endpoint's own parameter names plus one random extra name."""
    fixed = st.fixed_dictionaries({}, optional=dict.fromkeys(names, VALUES))
    return st.tuples(fixed, st.dictionaries(_TEXT.filter(bool), VALUES, max_size=1)).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def _ok(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.fixture
def data(lawyer, outsider):
    """A few real rows so searches match something and run their ranking paths."""
    return lawyer


# --- GET: search and lookup endpoints ----------------------------------------------------

GET_ENDPOINTS = {
    "/search/": ["q", "type", "page", "all"],
    "/lawyers/": ["q", "firm", "area", "district", "language", "status", "page"],
    "/firms/": ["q", "district", "type", "page"],
    "/overseas/": ["continent", "country", "city", "area", "language", "q", "page"],
    "/overseas/map.json": ["continent", "country", "city", "area", "language"],
    "/legal-help/": ["page"],
    "/legal-help/alerts/": ["q", "page"],
    "/legal-help/programmes/": ["page"],
    "/api/v1/lawyers/": ["q", "firm", "page", "page_size", "status", "format"],
    "/api/v1/firms/": ["q", "district", "page", "page_size"],
    "/news/": ["page", "q"],
    "/stats/": ["year"],
    "/complaints/track/": ["reference", "code"],
    "/events/": ["page", "kind"],
    "/en/lawyers/": ["q", "page"],
}


@pytest.mark.parametrize("path", sorted(GET_ENDPOINTS))
def test_search_and_lookup_never_fail_on_hostile_query(data, path):
    client = Client()

    @FUZZ
    @given(params=_params(GET_ENDPOINTS[path]))
    def run(params):
        _ok(client.get(path, params), f"GET {path} {params!r}"[:300])

    run()


@pytest.mark.parametrize(
    "path",
    ["/lawyers/{}/", "/api/v1/lawyers/{}/", "/firms/{}/", "/overseas/{}/", "/news/{}/"],
)
def test_object_urls_never_fail_on_hostile_ids(data, path):
    client = Client()

    @FUZZ
    @given(value=st.one_of(st.integers(0, 10**30).map(str), st.sampled_from(INJECTIONS)))
    def run(value):
        from urllib.parse import quote

        _ok(client.get(path.format(quote(value, safe=""))), f"GET {path} {value!r}")

    run()


# --- POST: public forms ------------------------------------------------------------------

POST_FORMS = {
    "/complaints/new/": [
        "complainant_name",
        "id_type",
        "id_number",
        "phone",
        "email",
        "address",
        "acting_for",
        "principal_name",
        "co_complainants",
        "respondent_lawyer_name",
        "respondent_lawyer_licence",
        "respondent_firm_name",
        "category",
        "facts",
        "request",
        "consent",
        "pow",
        "submit_token",
    ],
    "/complaints/": ["is_member", "in_practice", "crime", "only_money", "over_two_years"],
    "/complaints/track/": ["reference", "code"],
    "/legal-help/consultation/": ["name", "phone", "email", "topic", "question", "consent"],
    "/legal-help/mediation/": ["name", "phone", "email", "summary", "consent"],
    "/accounts/login/": ["login", "password", "remember"],
    "/accounts/signup/": ["email", "password1", "password2", "licence_no", "name"],
    "/accounts/password/reset/": ["email"],
    "/accounts/confirm-email/": ["code"],
}


@pytest.mark.parametrize("path", sorted(POST_FORMS))
def test_public_forms_never_fail_on_hostile_input(data, path):
    client = Client()

    @FUZZ
    @given(body=_params(POST_FORMS[path]))
    def run(body):
        _ok(client.post(path, body), f"POST {path} {body!r}"[:300])

    run()


@pytest.mark.parametrize(
    "path", ["/portal/profile/", "/portal/learning/check-in/", "/portal/events/check-in/"]
)
def test_portal_forms_never_fail_on_hostile_input(data, path):
    client = Client()
    client.force_login(data.user)

    @FUZZ
    @given(body=_params(["code", "phone", "email", "mobile", "languages", "practice_areas"]))
    def run(body):
        _ok(client.post(path, body), f"POST {path} {body!r}"[:300])

    run()
