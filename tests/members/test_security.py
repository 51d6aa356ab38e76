"""Security review of members: personal data in admin, firm pages after leaving, rate limits."""

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.members.models import LawyerStatus
from tests.accounts.factories import UserFactory, staff_user
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db

ROLES_WITHOUT_CONTACTS = (Role.REPORTS, Role.PARTY_AFFAIRS, Role.COMPLAINTS_OFFICER)
FIRM_PAGES = ("members:firm_detail", "members:firm_roster", "members:firm_dues")


# --- admin: personal data only with members.view_lawyer_contact -------------------------


@pytest.mark.parametrize("role", ROLES_WITHOUT_CONTACTS)
def test_lookup_roles_see_no_contacts_anywhere_in_lawyer_admin(client, lawyer, role):
    client.force_login(staff_user(role=role))
    change = client.get(reverse("admin:members_lawyer_change", args=[lawyer.pk]))
    assert change.status_code == 200
    listing = client.get(reverse("admin:members_lawyer_changelist"))
    assert listing.status_code == 200
    for response in (change, listing):
        body = response.content.decode()
        assert lawyer.email not in body
        assert lawyer.mobile not in body
        assert lawyer.id_number not in body
    assert client.get(reverse("admin:members_lawyer_export")).status_code == 403
    assert client.post(reverse("admin:members_lawyer_export"), {"format": "0"}).status_code == 403
    assert client.get(reverse("admin:members_lawyer_history", args=[lawyer.pk])).status_code == 403
    version = lawyer.history.latest()
    history_form = reverse(
        "admin:members_lawyer_simple_history", args=[lawyer.pk, version.history_id]
    )
    assert client.get(history_form).status_code == 403


@pytest.mark.parametrize("role", ROLES_WITHOUT_CONTACTS)
@pytest.mark.parametrize("field", ["id_number", "mobile", "email"])
def test_lookup_roles_cannot_probe_personal_data_with_query_string_filters(
    client, lawyer, role, field
):
    """?id_number__startswith=… would otherwise answer yes/no, digit by digit."""
    client.force_login(staff_user(role=role))
    prefix = getattr(lawyer, field)[:6]
    response = client.get(
        reverse("admin:members_lawyer_changelist"), {f"{field}__startswith": prefix}
    )
    # Django answers a refused lookup with a redirect to ?e=1 (invalid filter), never data.
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "e=1" in response["Location"]


def test_member_services_may_filter_by_personal_data(client, member_services, lawyer):
    LawyerFactory(firm=lawyer.firm)
    client.force_login(member_services)
    response = client.get(
        reverse("admin:members_lawyer_changelist"), {"id_number__startswith": lawyer.id_number}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [lawyer]


def test_autocomplete_does_not_search_id_numbers_without_permission(client, lawyer):
    client.force_login(staff_user(role=Role.REPORTS))
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "members",
            "model_name": "membership",
            "field_name": "lawyer",
            "term": lawyer.id_number,
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_staff_without_a_role_sees_nothing_in_admin(client, lawyer):
    client.force_login(UserFactory(is_staff=True, verified=True))
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert not index.context["app_list"]
    for url in (
        reverse("admin:members_lawyer_changelist"),
        reverse("admin:members_lawyer_change", args=[lawyer.pk]),
        reverse("admin:news_article_changelist"),
        reverse("admin:notifications_notification_changelist"),
    ):
        assert client.get(url).status_code == 403, url


# --- portal: firm pages ---------------------------------------------------------------


@pytest.mark.parametrize("name", FIRM_PAGES)
def test_firm_admin_who_left_the_firm_loses_access(client, firm, other_firm, firm_admin, name):
    client.force_login(firm_admin.user)
    assert client.get(reverse(name, args=[firm.pk])).status_code == 200
    firm_admin.firm = other_firm
    firm_admin.save(update_fields=["firm"])
    assert client.get(reverse(name, args=[firm.pk])).status_code == 403
    assert client.get(reverse(name, args=[other_firm.pk])).status_code == 403


@pytest.mark.parametrize("name", FIRM_PAGES)
def test_suspended_firm_admin_loses_access(client, firm, firm_admin, name):
    firm_admin.status = LawyerStatus.SUSPENDED
    firm_admin.save(update_fields=["status"])
    client.force_login(firm_admin.user)
    assert client.get(reverse(name, args=[firm.pk])).status_code == 403


def test_firm_admin_of_a_cannot_read_or_change_firm_b(client, firm, other_firm, firm_admin):
    client.force_login(firm_admin.user)
    for name in FIRM_PAGES:
        assert client.get(reverse(name, args=[other_firm.pk])).status_code == 403
    before = other_firm.email
    response = client.post(
        reverse("members:firm_detail", args=[other_firm.pk]), {"email": "taken@example.cn"}
    )
    assert response.status_code == 403
    other_firm.refresh_from_db()
    assert other_firm.email == before


def test_roster_never_shows_id_numbers_even_to_firm_admins(client, firm, firm_admin, lawyer):
    client.force_login(firm_admin.user)
    body = client.get(reverse("members:firm_roster", args=[firm.pk])).content.decode()
    assert lawyer.email in body  # contacts: yes, for the firm's administrators
    assert lawyer.id_number not in body
    assert firm_admin.id_number not in body


def test_portal_home_shows_own_contacts_but_no_id_number(client, lawyer):
    client.force_login(lawyer.user)
    body = client.get(reverse("members:home")).content.decode()
    assert lawyer.mobile in body
    assert lawyer.id_number not in body


# --- activation (allauth sign-up) is rate limited ---------------------------------------


def test_activation_signup_is_rate_limited_per_ip(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    url = reverse("account_signup")
    data = {"licence_no": "1" * 17, "name": "某人", "email": "x@example.cn"}
    codes = [client.post(url, data, REMOTE_ADDR="203.0.113.9").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429


def test_activation_rate_limit_is_configured():
    from django.conf import settings

    assert settings.ACCOUNT_RATE_LIMITS["signup"]
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"]
