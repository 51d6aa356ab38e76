"""What each staff role may open in /admin/, and the User admin (superusers only)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.services import roles_sync
from tests.accounts.factories import SuperuserFactory, UserFactory, staff_user, totp_enroll

pytestmark = pytest.mark.django_db

ROLES = list(Role)


def changelist_url(model: type) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_changelists_its_permissions_allow(client, role):
    """Walks every model registered in the admin, including those of apps added later."""
    granted = set(roles_sync().assigned[role])
    client.force_login(staff_user(role=role))
    assert client.get("/admin/").status_code == 200

    mismatches = []
    for model in admin.site._registry:
        opts = model._meta
        may = {
            f"{opts.app_label}.{get_permission_codename(action, opts)}"
            for action in ("view", "change")
        } & granted
        response = client.get(changelist_url(model), follow=True)
        # A one-row model (site settings) redirects its changelist to the row itself.
        status = response.status_code
        if (status == 200) != bool(may) or status not in (200, 403):
            mismatches.append((changelist_url(model), status, sorted(may)))
    assert mismatches == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/auth/group/",
        "/admin/mfa/authenticator/",
        "/admin/account/emailaddress/",
    ],
)
def test_no_role_manages_users_groups_or_second_factors(client, role, path):
    client.force_login(staff_user(role=role))

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", [role for role in ROLES if role != Role.REPORTS])
def test_only_the_reports_role_sees_beat_schedules(client, role):
    client.force_login(staff_user(role=role))

    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 403


def test_reports_role_may_view_beat_schedules_but_not_change_them(client):
    client.force_login(staff_user(role=Role.REPORTS))

    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 200
    assert client.get("/admin/django_celery_beat/crontabschedule/").status_code == 200
    assert client.get("/admin/django_celery_beat/periodictask/add/").status_code == 403


def test_staff_without_a_role_sees_an_empty_admin(client):
    client.force_login(UserFactory(is_staff=True, verified=True))

    index = client.get("/admin/")
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert client.get("/admin/accounts/user/").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_is_branded(client):
    client.force_login(SuperuserFactory())

    html = client.get("/admin/").content.decode()

    assert "<title>站点管理 | 上海市律师协会 · 管理后台</title>" in html
    assert '<div id="site-name"><a href="/admin/">上海市律师协会 · 管理后台</a></div>' in html


# The User admin ------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(SuperuserFactory(email="root@example.cn"))
    return client


def test_superuser_user_list_shows_roles_and_second_factor(superuser_client):
    editor = staff_user(role=Role.EDITOR, email="editor@example.cn", name="编辑甲")
    totp_enroll(editor)

    response = superuser_client.get("/admin/accounts/user/")

    assert response.status_code == 200
    rows = {user.email: user for user in response.context["cl"].result_list}
    assert rows["editor@example.cn"].totp_enabled
    assert not rows["root@example.cn"].totp_enabled
    assert "编辑甲" in response.content.decode()


def test_user_list_query_count_does_not_grow_with_users(
    superuser_client, django_assert_max_num_queries
):
    for index in range(25):
        user = staff_user(role=list(Role)[index % len(Role)])
        if index % 2:
            totp_enroll(user)

    with django_assert_max_num_queries(12):
        response = superuser_client.get("/admin/accounts/user/")
    assert len(response.context["cl"].result_list) == 26


def test_user_list_searches_email_and_name(superuser_client):
    UserFactory(email="zhang.san@example.cn", name="张三")
    UserFactory(email="li.si@example.cn", name="李四")

    by_name = superuser_client.get("/admin/accounts/user/", {"q": "张三"})
    by_email = superuser_client.get("/admin/accounts/user/", {"q": "li.si"})

    assert [u.email for u in by_name.context["cl"].result_list] == ["zhang.san@example.cn"]
    assert [u.email for u in by_email.context["cl"].result_list] == ["li.si@example.cn"]


def test_user_list_filters_staff_and_groups(superuser_client):
    UserFactory(email="lawyer@example.cn")
    staff_user(role=Role.REPORTS, email="reports@example.cn")

    staff = superuser_client.get("/admin/accounts/user/", {"is_staff__exact": "1"})
    group = superuser_client.get(
        "/admin/accounts/user/", {"groups__id__exact": Group.objects.get(name="统计报表").pk}
    )

    assert "lawyer@example.cn" not in {u.email for u in staff.context["cl"].result_list}
    assert [u.email for u in group.context["cl"].result_list] == ["reports@example.cn"]


def test_superuser_adds_a_user_by_email_and_password(superuser_client):
    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@Example.CN",
            "name": "新同事",
            "usable_password": "true",
            "password1": "a-long-passphrase-7",
            "password2": "a-long-passphrase-7",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.cn")
    assert user.name == "新同事"
    assert user.check_password("a-long-passphrase-7")
    assert not user.is_staff


def test_adding_a_user_with_a_taken_email_shows_an_error(superuser_client):
    UserFactory(email="taken@example.cn")

    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "TAKEN@example.cn",
            "usable_password": "true",
            "password1": "a-long-passphrase-7",
            "password2": "a-long-passphrase-7",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="taken@example.cn").count() == 1


def test_adding_a_user_with_mismatched_passwords_shows_an_error(superuser_client):
    response = superuser_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "x@example.cn",
            "usable_password": "true",
            "password1": "a-long-passphrase-7",
            "password2": "another-passphrase-8",
        },
    )

    assert response.status_code == 200
    assert "password2" in response.context["adminform"].form.errors
    assert not User.objects.filter(email="x@example.cn").exists()


def test_superuser_gives_a_user_a_role(superuser_client):
    user = UserFactory(email="promote@example.cn", name="待定", verified=True)
    editor_group = Group.objects.get(name="编辑")
    address = EmailAddress.objects.get(user=user)

    response = superuser_client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "email": "promote@example.cn",
            "name": "编辑乙",
            "is_active": "on",
            "is_staff": "on",
            "groups": [str(editor_group.pk)],
            "emailaddress_set-TOTAL_FORMS": "1",
            "emailaddress_set-INITIAL_FORMS": "1",
            "emailaddress_set-MIN_NUM_FORMS": "0",
            "emailaddress_set-MAX_NUM_FORMS": "1000",
            "emailaddress_set-0-id": str(address.pk),
            "emailaddress_set-0-user": str(user.pk),
            "emailaddress_set-0-email": "promote@example.cn",
            "emailaddress_set-0-verified": "on",
            "emailaddress_set-0-primary": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.name == "编辑乙"
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["编辑"]


def test_superuser_opens_the_password_change_page(superuser_client):
    user = UserFactory()

    assert superuser_client.get(f"/admin/accounts/user/{user.pk}/password/").status_code == 200
    assert superuser_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MEMBER_SERVICES, 200),
        (Role.REPORTS, 200),
        (Role.COMPLAINTS_OFFICER, 200),
        (Role.EDITOR, 403),
        (Role.CHIEF_EDITOR, 403),
    ],
)
def test_who_may_open_the_lawyer_register(client, role, status):
    client.force_login(staff_user(role=role))

    assert client.get("/admin/members/lawyer/").status_code == status


def test_reports_role_may_not_add_lawyers(client):
    client.force_login(staff_user(role=Role.REPORTS))

    assert client.get("/admin/members/lawyer/add/").status_code == 403
