import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.models import User
from apps.members.demo import demo_firm
from apps.members.management.commands.seed_demo import demo_seeders
from apps.members.models import (
    DuesInvoice,
    FirmAdministrator,
    LawFirm,
    Lawyer,
    LawyerStatus,
    Membership,
)
from apps.members.selectors import member_counts, user_administers_firm

pytestmark = pytest.mark.django_db

MODELS = (LawFirm, Lawyer, Membership, DuesInvoice, FirmAdministrator)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "areas": Lawyer.practice_areas.through.objects.count()
    }


def test_small_seed_fills_every_portal_page_and_is_idempotent():
    call_command("seed_demo", scale="small", stdout=None)
    first = _counts()
    assert first["LawFirm"] == 30
    assert first["Lawyer"] == 300
    assert first["DuesInvoice"] > 300
    assert first["FirmAdministrator"] >= 20
    call_command("seed_demo", scale="small")
    assert _counts() == first


def test_seeded_records_pass_model_validation():
    call_command("seed_demo", scale="small")
    for firm in LawFirm.objects.all()[:30]:
        firm.full_clean()
    for lawyer in Lawyer.objects.order_by("pk")[:300]:
        lawyer.full_clean()
    assert member_counts()["lawyers"] == Lawyer.objects.individual_members().count() > 250


def test_if_empty_skips_a_database_with_lawyers():
    call_command("seed_demo", scale="small")
    Lawyer.objects.filter(status=LawyerStatus.REVOKED).delete()
    before = _counts()
    call_command("seed_demo", scale="small", if_empty=True)
    assert _counts() == before


def test_members_seed_runs_first():
    labels = [label for label, _seed in demo_seeders()]
    assert labels[0] == "members"


def test_demo_accounts_need_seed_data(settings):
    settings.DEBUG = True  # with DEBUG off it refuses before looking (tests/project)
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("demo_accounts")


def test_demo_accounts_are_idempotent_and_usable(client, capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale="small")
    call_command("demo_accounts")
    first_users = User.objects.count()
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert User.objects.count() == first_users
    # One login per role (other apps' demo data may add users of their own).
    assert User.objects.filter(email__endswith="@demo.shlawyers.cn").count() >= 9
    for email in (
        "admin",
        "lawyer",
        "firmadmin",
        "editor",
        "chief-editor",
        "party",
        "complaints",
        "members",
        "reports",
    ):
        assert User.objects.filter(email=f"{email}@demo.shlawyers.cn").exists(), email
    assert "lawyer@demo.shlawyers.cn" in out
    assert "demo-members-2026" in out
    lawyer = Lawyer.objects.get(user__email="lawyer@demo.shlawyers.cn")
    admin = Lawyer.objects.get(user__email="firmadmin@demo.shlawyers.cn")
    assert lawyer.firm == admin.firm == demo_firm()
    assert user_administers_firm(user=admin.user, firm=admin.firm)
    assert not user_administers_firm(user=lawyer.user, firm=lawyer.firm)
    assert client.login(email="lawyer@demo.shlawyers.cn", password="demo-lawyer-2026")
    assert client.get("/portal/").status_code == 200
    staff = User.objects.get(email="members@demo.shlawyers.cn")
    assert staff.is_staff
    assert staff.has_perm("members.view_lawyer_contact")
    assert User.objects.get(email="admin@demo.shlawyers.cn").is_superuser
