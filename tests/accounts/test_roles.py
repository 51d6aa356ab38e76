from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from apps.accounts.roles import ROLE_GROUP_NAMES, ROLE_PERMISSIONS, Role
from apps.accounts.services import roles_sync
from tests.accounts.factories import staff_user

pytestmark = pytest.mark.django_db

ROLES = list(Role)


def existing_permissions(perms: list[str]) -> set[str]:
    """The subset of "app_label.codename" strings that exist in this database."""
    found = set()
    for perm in Permission.objects.select_related("content_type"):
        key = f"{perm.content_type.app_label}.{perm.codename}"
        if key in perms:
            found.add(key)
    return found


def group_permissions(group: Group) -> set[str]:
    return {
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in group.permissions.select_related("content_type")
    }


def test_every_role_has_a_group_with_its_chinese_name():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "编辑",
        "总编辑",
        "党建工作",
        "投诉处理",
        "会员服务",
        "统计报表",
    }
    assert set(ROLE_GROUP_NAMES) == set(Role)


@pytest.mark.parametrize("role", ROLES)
def test_migrate_gives_each_role_group_exactly_its_mapped_permissions_that_exist(role):
    # No roles_sync() call here: the post_migrate handler ran when the test DB was built.
    group = Group.objects.get(name=ROLE_GROUP_NAMES[role])
    assert group_permissions(group) == existing_permissions(ROLE_PERMISSIONS[role])


def test_every_mapped_permission_of_an_installed_app_exists():
    """A codename that an installed app does not define is a typo or a renamed model:
    fix ROLE_PERMISSIONS in apps/accounts/roles.py."""
    assert roles_sync().unknown == []


@pytest.mark.parametrize("role", ROLES)
def test_staff_in_a_role_has_exactly_its_permissions(role):
    user = staff_user(role=role)
    mine = existing_permissions(ROLE_PERMISSIONS[role])
    everything_mapped = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    others = existing_permissions(list(everything_mapped)) - mine

    assert all(user.has_perm(perm) for perm in mine)
    assert not any(user.has_perm(perm) for perm in others)
    assert user.get_all_permissions() == mine


def test_roles_sync_is_idempotent():
    first = roles_sync()
    before = {group.name: group_permissions(group) for group in Group.objects.all()}

    second = roles_sync()

    assert second.groups_created == []
    assert second.assigned == first.assigned
    assert {group.name: group_permissions(group) for group in Group.objects.all()} == before


def test_roles_sync_removes_permissions_added_to_a_role_by_hand():
    group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.EDITOR])
    group.permissions.add(Permission.objects.get(codename="change_user"))

    roles_sync()

    assert "accounts.change_user" not in group_permissions(group)


def test_roles_sync_recreates_a_deleted_role_group():
    Group.objects.filter(name=ROLE_GROUP_NAMES[Role.REPORTS]).delete()

    result = roles_sync()

    assert result.groups_created == ["统计报表"]
    group = Group.objects.get(name="统计报表")
    assert "django_celery_beat.view_periodictask" in group_permissions(group)


def test_roles_sync_skips_apps_not_installed_and_reports_unknown_codenames(monkeypatch):
    monkeypatch.setitem(
        ROLE_PERMISSIONS,
        Role.EDITOR,
        ["futureapp.view_thing", "accounts.frobnicate_user", "core.view_sitesettings"],
    )

    result = roles_sync()

    assert "futureapp.view_thing" in result.skipped
    assert "futureapp.view_thing" not in result.unknown
    assert result.unknown == ["accounts.frobnicate_user"]
    assert result.assigned[Role.EDITOR] == ["core.view_sitesettings"]
    editor = Group.objects.get(name="编辑")
    assert group_permissions(editor) == {"core.view_sitesettings"}


def test_migrate_reapplies_the_mapping():
    group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.CHIEF_EDITOR])
    group.permissions.clear()

    call_command("migrate", verbosity=0)

    assert group_permissions(group) == existing_permissions(ROLE_PERMISSIONS[Role.CHIEF_EDITOR])
    assert "core.change_sitesettings" in group_permissions(group)


def test_sync_roles_command_reports_what_it_did(capsys):
    Group.objects.filter(name="党建工作").delete()

    call_command("sync_roles")

    out = capsys.readouterr().out
    assert "created group 党建工作" in out
    assert "chief_editor (总编辑):" in out


def test_no_role_may_manage_users_groups_or_second_factors():
    for role, perms in ROLE_PERMISSIONS.items():
        apps_touched = {perm.split(".", 1)[0] for perm in perms}
        assert not apps_touched & {"accounts", "auth", "account", "mfa", "sites"}, role


def test_editor_may_neither_publish_nor_delete():
    editor = ROLE_PERMISSIONS[Role.EDITOR]
    assert "news.publish_article" not in editor
    assert not [perm for perm in editor if ".delete_" in perm]
    assert "news.change_channel" not in editor
    assert {"news.add_article", "news.change_article", "news.view_article"} <= set(editor)


def test_chief_editor_may_publish_and_manage_every_news_model():
    chief = set(ROLE_PERMISSIONS[Role.CHIEF_EDITOR])
    assert "news.publish_article" in chief
    assert {"news.delete_channel", "news.delete_article", "news.change_topic"} <= chief


def test_reports_role_only_reads_except_starting_report_jobs():
    writes = [perm for perm in ROLE_PERMISSIONS[Role.REPORTS] if ".view_" not in perm]
    assert writes == ["stats.add_reportrun"]
    assert "django_celery_beat.view_periodictask" in ROLE_PERMISSIONS[Role.REPORTS]


def test_member_services_keeps_the_member_registry_but_cannot_delete_it():
    perms = ROLE_PERMISSIONS[Role.MEMBER_SERVICES]
    assert {"members.add_lawyer", "members.change_lawfirm", "members.view_duesinvoice"} <= set(
        perms
    )
    assert {perm.split(".")[0] for perm in perms} == {
        "members",
        "notifications",
        "legalservices",
        "learning",
        "events",
        "bookings",
        "rights",
    }
    assert not [perm for perm in perms if ".delete_" in perm]


@pytest.mark.parametrize(
    ("role", "app_label"),
    [(Role.PARTY_AFFAIRS, "partyorg"), (Role.COMPLAINTS_OFFICER, "complaints")],
)
def test_party_and_complaints_roles_keep_their_app_and_only_look_lawyers_up(role, app_label):
    perms = ROLE_PERMISSIONS[role]
    own = [perm for perm in perms if perm.startswith(f"{app_label}.")]
    assert own
    assert set(perms) - set(own) == {"members.view_lawyer", "members.view_lawfirm"}
    assert not any(perm.startswith(f"{app_label}.") for perm in ROLE_PERMISSIONS[Role.REPORTS])


def test_only_member_services_sees_lawyers_contact_details():
    holders = [
        role for role, perms in ROLE_PERMISSIONS.items() if "members.view_lawyer_contact" in perms
    ]
    assert holders == [Role.MEMBER_SERVICES]


@pytest.mark.django_db(transaction=True)
def test_role_groups_survive_a_flush_between_transactional_tests():
    """Browser tests flush the database after each test; the roles must come back."""
    call_command("flush", interactive=False, verbosity=0)

    for role in Role:
        group = Group.objects.get(name=ROLE_GROUP_NAMES[role])
        assert group_permissions(group) == existing_permissions(ROLE_PERMISSIONS[role])
