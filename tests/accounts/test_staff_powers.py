"""Every view marked ``@staff_powers`` holds staff without a second factor out, as /admin/
does. The marked views are found by walking the URLconf, so a view marked later by any app
is covered here without a new test."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.decorators import STAFF_POWERS_ATTR
from apps.accounts.roles import Role
from tests.accounts.factories import staff_user, totp_enroll

pytestmark = pytest.mark.django_db

ACTIVATE_TOTP = "/accounts/2fa/totp/activate/"
mfa_required = override_settings(ADMIN_REQUIRE_MFA=True)

# Views that must be marked (staff see more there than a member): the firm's portal
# pages with lawyers' contacts, private downloads staff may fetch before publication.
MUST_BE_MARKED = {
    "members:firm_detail",
    "members:firm_roster",
    "members:firm_dues",
    "members:firm_roster_changes",
    "news:contribution_attachment",
    "news:article_attachment",
}

_SAMPLE = {"int": 1, "str": "x", "slug": "x", "path": "x/y", "uuid": str(uuid.uuid4())}


def _sample_kwargs(pattern) -> dict[str, object]:
    converters = getattr(pattern, "converters", {}) or {}
    kwargs: dict[str, object] = {}
    for name, converter in converters.items():
        kind = converter.__class__.__name__.replace("Converter", "").lower()
        kwargs[name] = _SAMPLE.get(kind, 1)
    return kwargs


def _marked_views() -> dict[str, str]:
    """{"namespace:name": sample URL} of every named URL whose view is marked."""
    found: dict[str, str] = {}

    def walk(patterns, namespaces: tuple[str, ...], kwargs: dict[str, object]) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
                walk(entry.url_patterns, ns, {**kwargs, **_sample_kwargs(entry.pattern)})
            elif (
                isinstance(entry, URLPattern)
                and entry.name
                and getattr(entry.callback, STAFF_POWERS_ATTR, False)
            ):
                name = ":".join((*namespaces, entry.name))
                found[name] = reverse(
                    name, kwargs={**kwargs, **_sample_kwargs(entry.pattern)} or None
                )

    walk(get_resolver().url_patterns, (), {})
    return found


def test_views_with_staff_powers_are_marked():
    missing = MUST_BE_MARKED - set(_marked_views())
    assert not missing, f"not marked @staff_powers: {sorted(missing)}"


@mfa_required
@pytest.mark.parametrize("role", [Role.MEMBER_SERVICES, Role.EDITOR, Role.REPORTS])
def test_staff_without_second_factor_are_sent_to_enrol_from_every_marked_view(client, role):
    client.force_login(staff_user(role=role))
    marked = _marked_views()
    assert marked
    for name, url in marked.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"] == ACTIVATE_TOTP, name


@mfa_required
def test_staff_with_second_factor_pass_the_mark(client, firm):
    user = staff_user(role=Role.MEMBER_SERVICES)
    totp_enroll(user)
    client.force_login(user)
    response = client.get(reverse("members:firm_roster", args=[firm.pk]))
    assert response.status_code == 200


@mfa_required
def test_members_are_never_sent_to_enrol_a_second_factor(client, firm_admin, firm):
    client.force_login(firm_admin.user)
    for name, url in _marked_views().items():
        response = client.get(url)
        assert response.get("Location") != ACTIVATE_TOTP, name
    assert client.get(reverse("members:firm_roster", args=[firm.pk])).status_code == 200


def test_the_mark_survives_the_usual_decorators():
    from apps.members.views import firm_roster

    assert getattr(firm_roster, STAFF_POWERS_ATTR, False) is True


@pytest.mark.parametrize(
    ("who", "required", "redirected"),
    [
        ("staff", True, True),
        ("staff", False, False),
        ("staff_with_totp", True, False),
        ("member", True, False),
        ("anonymous", True, False),
    ],
)
def test_conditional_check_for_views_that_are_staff_powers_only_sometimes(
    rf, settings, lawyer, who, required, redirected
):
    """``staff_second_factor_redirect`` answers as the middleware would, for views such as
    the public article page, which is a staff power only when it shows a preview."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage

    from apps.accounts.decorators import staff_second_factor_redirect

    settings.ADMIN_REQUIRE_MFA = required
    request = rf.get("/news/1/")
    request.session = {}
    request._messages = FallbackStorage(request)
    if who == "anonymous":
        request.user = AnonymousUser()
    elif who == "member":
        request.user = lawyer.user
    else:
        request.user = staff_user(role=Role.EDITOR)
        if who == "staff_with_totp":
            totp_enroll(request.user)
    response = staff_second_factor_redirect(request)
    assert (response is not None) is redirected
    if redirected:
        assert response["Location"] == ACTIVATE_TOTP


# --- the public article page: a staff power only when it shows a preview ------------------


@mfa_required
def test_staff_without_second_factor_see_no_preview_of_an_unpublished_article(client, editor):
    from apps.news.models import Article
    from tests.news.factories import ArticleFactory

    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP
    totp_enroll(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


@mfa_required
def test_staff_without_second_factor_still_read_published_articles(client, reports):
    from tests.news.factories import ArticleFactory

    live = ArticleFactory()
    client.force_login(reports)

    assert client.get(live.get_absolute_url()).status_code == 200
