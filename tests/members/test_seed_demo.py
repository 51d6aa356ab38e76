import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

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


def test_copy_insert_writes_what_bulk_create_would():
    """members.demo.copy_insert (COPY for the city-scale tables): choices stored by value,
    arrays, auto_now stamps, ids in the objects' order, conflicts skipped on request."""
    import datetime as dt

    from apps.members.demo import copy_insert
    from apps.members.models import Gender, Language, LawyerCategory

    from .factories import LawyerFactory, id_number_for, licence_for

    existing = LawyerFactory()

    def build(n: int, **extra) -> Lawyer:
        fields = {
            "name": f"测试{n}",
            "gender": Gender.FEMALE,
            "licence_no": licence_for(
                900 + n, year=2015, gender=Gender.FEMALE, category=LawyerCategory.FULL_TIME
            ),
            "category": LawyerCategory.FULL_TIME,
            "status": LawyerStatus.PRACTISING,
            "first_licensed": dt.date(2015, 3, 1),
            "languages": [Language.ENGLISH] if n % 2 else [],
            "id_number": id_number_for(900 + n, male=False),
            "firm": existing.firm,
        } | extra
        return Lawyer(**fields)

    rows = [build(1), build(2), build(3, licence_no=existing.licence_no)]  # 3rd conflicts
    copy_insert(Lawyer, rows, ignore_conflicts=True)
    stored = list(Lawyer.objects.exclude(pk=existing.pk).order_by("pk"))
    assert [lawyer.name for lawyer in stored] == ["测试1", "测试2"]
    first, second = stored
    assert first.gender == "female"
    assert first.status == "practising"
    assert first.languages == ["en"]
    assert second.languages == []
    assert first.firm_id == existing.firm_id
    assert first.created_at is not None
    first.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_insert(Lawyer, [build(4, licence_no=existing.licence_no)], ignore_conflicts=False)


def test_seeded_invoices_are_settled_exactly_when_their_payments_cover_them():
    from django.db.models import Sum

    from apps.members.models import DuesPayment

    call_command("seed_demo", scale="small")
    paid = dict(
        DuesPayment.objects.values("invoice")
        .annotate(total=Sum("amount"))
        .values_list("invoice", "total")
    )
    assert paid
    for invoice in DuesInvoice.objects.all():
        covered = invoice.amount == 0 or paid.get(invoice.pk, 0) >= invoice.amount
        assert (invoice.paid_at is not None) == covered, invoice.number


def test_seed_demo_resets_synchronous_commit():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        before = cursor.fetchone()[0]
    call_command("seed_demo", scale="small")
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == before


def test_seed_demo_leaves_the_planner_statistics_fresh():
    from django.db import connection

    call_command("seed_demo", scale="small")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'members_lawyer'")
        assert cursor.fetchone()[0] == Lawyer.objects.count()


@pytest.mark.parametrize(
    ("module", "tables"),
    [
        ("apps.partyorg.demo", ("SCALES",)),
        ("apps.complaints.demo", ("SCALE_COUNTS",)),
        ("apps.learning.demo", ("SAMPLE",)),
        ("apps.legalservices.demo", ("OFFICES", "RECORDS")),
        ("apps.notifications.demo", ("PER_USER", "MAX_USERS")),
    ],
)
def test_every_demo_module_sizes_every_scale_seed_demo_offers(module, tables):
    """A scale added to seed_demo (members' SCALES: small, thirtieth, city) must be sized
    by every app, or seeding it would stop half-way with a KeyError."""
    import importlib

    from apps.members.demo import SCALES

    demo = importlib.import_module(module)
    for table in tables:
        assert set(getattr(demo, table)) == set(SCALES), f"{module}.{table}"


def test_thirtieth_scale_is_a_thirtieth_of_the_city():
    from apps.members.demo import SCALES

    thirtieth, city = SCALES["thirtieth"], SCALES["city"]
    assert thirtieth.lawyers * 30 == city.lawyers
    assert thirtieth.firms * 30 == city.firms
