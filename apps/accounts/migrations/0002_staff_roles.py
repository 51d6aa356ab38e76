"""Create the staff role groups. Their permissions are applied by roles_sync()
(apps/accounts/services.py) after every migrate, because most of the models they
refer to belong to apps migrated later."""

from django.db import migrations

# Frozen copy of apps.accounts.roles.ROLE_GROUP_NAMES at the time of this migration.
GROUP_NAMES = ["编辑", "总编辑", "党建工作", "投诉处理", "会员服务", "统计报表"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    for name in GROUP_NAMES:
        Group.objects.using(db).get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    Group.objects.using(db).filter(name__in=GROUP_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
