"""Lawyers linked to an account whose address was never confirmed are unlinked.

Before activation by code, sign-up linked the lawyer at once, with a password the signer
chose, and the account waited for a click on a link mailed to the lawyer. Such accounts
(abandoned, or opened by someone who knew the lawyer's address) never proved anything;
the new rule is that a lawyer is linked only once the address is confirmed. Unlinking lets
the real lawyer activate afresh (the stale account is discarded by that sign-up). Accounts
that ever logged in or have a confirmed address are left alone.
"""

from django.db import migrations


def unlink_unconfirmed(apps, schema_editor):
    Lawyer = apps.get_model("members", "Lawyer")
    EmailAddress = apps.get_model("account", "EmailAddress")
    confirmed = EmailAddress.objects.filter(verified=True).values("user_id")
    Lawyer.objects.filter(user__isnull=False, user__last_login__isnull=True).exclude(
        user_id__in=confirmed
    ).update(user=None)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_roster_change"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(unlink_unconfirmed, migrations.RunPython.noop)]
