"""demo_accounts creates logins with published passwords: it refuses to run with DEBUG off."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.models import User


@pytest.mark.django_db
def test_demo_accounts_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_accounts")
    assert not User.objects.filter(email__endswith="@demo.shlawyers.cn").exists()
