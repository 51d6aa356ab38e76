"""One rule picks the demo lawyer (demo_accounts' lawyer@ and every app's demo seed):
a full-time lawyer under 60 practising for years, so the portal shows a real CLE
requirement with partial progress and dues to pay."""

import datetime as dt

import pytest
from django.core.management import call_command
from stdnum.cn import ric

from apps.members.demo import demo_lawyers, demo_lawyers_pick
from apps.members.models import Gender, Lawyer, LawyerCategory
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


def _id_number(birth: dt.date, serial: int) -> str:
    body = f"310101{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "X")


def _lawyer(firm, n, *, born, licensed, category=LawyerCategory.FULL_TIME):
    return LawyerFactory(
        firm=firm,
        gender=Gender.MALE,
        category=category,
        first_licensed=licensed,
        id_number=_id_number(born, 2 * n + 1),
    )


@pytest.mark.parametrize(
    ("first_born", "first_licensed", "first_category", "picked_first"),
    [
        # the old rule's pick (lowest licence number) is 66: passed over
        (dt.date(1960, 5, 1), dt.date(1990, 1, 1), LawyerCategory.FULL_TIME, False),
        # 58 — the CLE requirement is still 40 hours, but not for long
        (dt.date(1968, 5, 1), dt.date(1995, 1, 1), LawyerCategory.FULL_TIME, False),
        # part-time lawyers need 24 hours, not 40
        (dt.date(1985, 5, 1), dt.date(2008, 1, 1), LawyerCategory.PART_TIME, False),
        # licensed last year: dues half price, fewer hours
        (dt.date(1995, 5, 1), dt.date(2025, 9, 1), LawyerCategory.FULL_TIME, False),
        # a full-time lawyer of 41 practising for 18 years: the demo lawyer
        (dt.date(1985, 5, 1), dt.date(2008, 1, 1), LawyerCategory.FULL_TIME, True),
    ],
)
def test_pick_rule(firm, first_born, first_licensed, first_category, picked_first):
    first = _lawyer(firm, 1, born=first_born, licensed=first_licensed, category=first_category)
    second = _lawyer(firm, 2, born=dt.date(1988, 3, 3), licensed=dt.date(2012, 6, 1))
    third = _lawyer(firm, 3, born=dt.date(1990, 3, 3), licensed=dt.date(2014, 6, 1))
    picked = demo_lawyers_pick([third, second, first], TODAY)
    demo = first if picked_first else second
    # the demo lawyer first, the rest by licence number (the next is the administrator)
    rest = sorted({first, second, third} - {demo}, key=lambda lawyer: lawyer.licence_no)
    assert picked == [demo, *rest]


def test_pick_falls_back_to_licence_order_when_nobody_fits(firm):
    old = _lawyer(firm, 1, born=dt.date(1955, 1, 1), licensed=dt.date(1985, 1, 1))
    older = _lawyer(firm, 2, born=dt.date(1950, 1, 1), licensed=dt.date(1986, 1, 1))
    assert demo_lawyers_pick([older, old], TODAY) == [old, older]


def test_everyone_seeds_for_the_same_demo_lawyer(settings):
    """seed_demo + demo_accounts: lawyer@ is the demo lawyer; they are under 60 with
    some CLE hours short of 40, and the other apps' demo data is theirs."""
    from apps.bookings.models import Booking
    from apps.events.models import Registration
    from apps.learning.selectors import progress_for_lawyer

    settings.DEBUG = True
    call_command("seed_demo", scale="small")
    call_command("demo_accounts")
    lawyer = Lawyer.objects.get(user__email="lawyer@demo.shlawyers.cn")
    admin = Lawyer.objects.get(user__email="firmadmin@demo.shlawyers.cn")
    assert [lawyer, admin] == demo_lawyers(limit=2)
    assert lawyer.category == LawyerCategory.FULL_TIME
    progress = progress_for_lawyer(lawyer=lawyer)
    assert progress.required == 40
    assert 0 < progress.earned < 40
    assert Registration.objects.filter(lawyer=lawyer).exists()
    assert Booking.objects.filter(lawyer=lawyer).exists()
    assert lawyer.dues_invoices.filter(amount__gt=0).exists()
