"""Each public figure against crafted data: change the data, the figure follows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.legalservices.models import BusinessFeedback, ProBonoKind, RecordStatus
from apps.members.models import District, FirmType, LawyerStatus
from apps.partyorg.models import HonorLevel
from apps.stats.models import YearlySnapshot
from tests.complaints.factories import ComplaintFactory
from tests.legalservices.factories import OverseasOfficeFactory, ProBonoRecordFactory
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory
from tests.partyorg.factories import HonorFactory, own_branch, sector

from .helpers import figure_rows

pytestmark = pytest.mark.django_db


def member_firm(**kwargs):
    firm = LawFirmFactory(**kwargs)
    MembershipFactory(lawyer=None, firm=firm)
    return firm


def member_lawyer(firm, **kwargs):
    lawyer = LawyerFactory(firm=firm, **kwargs)
    MembershipFactory(lawyer=lawyer)
    return lawyer


def test_members_overview_counts_members_practising_suspended_and_firms():
    firm = member_firm()
    a = member_lawyer(firm)
    member_lawyer(firm)
    LawyerFactory(firm=firm, status=LawyerStatus.SUSPENDED)
    LawyerFactory(firm=firm)  # practising, no membership
    rows = figure_rows("members-overview")
    assert rows == {"individual": [2], "practising": [3], "suspended": [1], "group": [1]}

    a.status = LawyerStatus.SUSPENDED
    a.save()
    rows = figure_rows("members-overview")
    assert rows["individual"] == [1]
    assert rows["suspended"] == [2]


def test_members_by_district_counts_lawyers_by_their_firms_district():
    jingan = District.objects.get(code="310106")
    huangpu = District.objects.get(code="310101")
    f1 = member_firm(district=jingan)
    f2 = member_firm(district=huangpu)
    member_firm(district=huangpu)
    member_lawyer(f1)
    member_lawyer(f2)
    member_lawyer(f2)
    rows = figure_rows("members-by-district")
    assert rows["310106"] == [1, 1]
    assert rows["310101"] == [2, 2]
    assert len(rows) == District.objects.count()  # every district listed, zeros included


@pytest.mark.parametrize(
    ("years_ago", "band"),
    [(0, "0-2"), (2, "0-2"), (3, "3-5"), (7, "6-10"), (11, "11-20"), (25, "21+")],
)
def test_members_by_years_of_practice_bands(years_ago, band):
    today = timezone.localdate()
    firm = member_firm()
    member_lawyer(
        firm,
        first_licensed=today.replace(year=today.year - years_ago, day=1)
        if today.day > 1
        else today.replace(year=today.year - years_ago),
    )
    rows = figure_rows("members-by-years")
    assert rows[band] == [1]
    assert sum(v[0] for v in rows.values()) == 1


def test_firms_by_type_and_size():
    small = member_firm(firm_type=FirmType.SOLE)
    big = member_firm(firm_type=FirmType.PARTNERSHIP)
    LawFirmFactory(firm_type=FirmType.STATE)  # not a member firm
    for _ in range(10):
        LawyerFactory(firm=big)
    LawyerFactory(firm=small)
    types = figure_rows("firms-by-type")
    assert types[FirmType.SOLE] == [1]
    assert types[FirmType.PARTNERSHIP] == [1]
    assert types[FirmType.STATE] == [0]
    sizes = figure_rows("firms-by-size")
    assert sizes == {"1-9": [1], "10-29": [1], "30-99": [0], "100-299": [0], "300+": [0]}


def test_party_organizations_and_honours_follow_the_registry():
    top = sector()
    branch = own_branch(top, firm=member_firm())
    rows = figure_rows("party-organizations")
    assert rows["independent_branch"] == [1]
    year = timezone.localdate().year
    HonorFactory(organization=branch, level=HonorLevel.NATIONAL, year=year)
    HonorFactory(organization=branch, level=HonorLevel.MUNICIPAL, year=year)
    honours = figure_rows("party-honours")
    assert honours[year] == [1, 1, 0]
    assert set(figure_rows("party-rates")) == {
        "member_share",
        "org_coverage",
        "work_coverage",
        "charter_coverage",
        "training_rate",
    }


def test_probono_by_year_counts_verified_records_by_type():
    today = timezone.localdate()
    lawyer = member_lawyer(member_firm())
    ProBonoRecordFactory(
        lawyer=lawyer, kind=ProBonoKind.LEGAL_AID, date=today, status=RecordStatus.VERIFIED
    )
    ProBonoRecordFactory(
        lawyer=lawyer, kind=ProBonoKind.LEGAL_AID, date=today, status=RecordStatus.SUBMITTED
    )
    ProBonoRecordFactory(
        lawyer=lawyer,
        kind=ProBonoKind.MEDIATION,
        date=today.replace(year=today.year - 1),
        status=RecordStatus.VERIFIED,
    )
    rows = figure_rows("probono-by-year")
    kinds = ProBonoKind.values
    assert rows[today.year][kinds.index("legal_aid")] == 1
    assert rows[today.year][-1] == 1  # total
    assert rows[today.year - 1][kinds.index("mediation")] == 1
    assert len(rows) == 5


def test_complaints_summary_outcome_and_track_follow_complaints():
    year = timezone.localdate().year
    ComplaintFactory(state="received")
    ComplaintFactory(state="accepted", track="simple", accepted_at=timezone.now())
    ComplaintFactory(state="investigation", track="complex", accepted_at=timezone.now())
    summary = figure_rows("complaints-summary")
    assert summary[year][:3] == [3, 2, 0]
    tracks = figure_rows("complaints-by-track")
    assert tracks["simple"] == [0, 1]
    assert tracks["complex"] == [0, 1]


def test_overseas_offices_by_country_sorted_by_count():
    OverseasOfficeFactory(country="SG")
    OverseasOfficeFactory(country="SG", name="新加坡第二代表处")
    OverseasOfficeFactory(country="JP", city="东京", city_en="Tokyo")
    snapshot_rows = figure_rows("overseas-by-country")
    assert list(snapshot_rows.items()) == [("SG", [2]), ("JP", [1])]


def test_feedback_by_theme_counts_each_theme():
    lawyer = member_lawyer(member_firm())
    for theme in ("filing", "filing", "online"):
        BusinessFeedback.objects.create(
            lawyer=lawyer, theme=theme, title="立案难", description="网上立案退回多次"
        )
    rows = figure_rows("feedback-by-theme")
    assert rows["filing"] == [2]
    assert rows["online"] == [1]
    assert rows["other"] == [0]


def test_cle_compliance_counts_practising_lawyers():
    firm = member_firm()
    member_lawyer(firm)
    member_lawyer(firm)
    rows = figure_rows("cle-compliance")
    year = timezone.localdate().year
    practising, met, short, _pct = rows[year]
    assert practising == 2
    assert met + short == 2


def test_trends_show_closed_years_as_recorded_and_this_year_live():
    year = timezone.localdate().year
    YearlySnapshot.objects.create(
        year=year - 1,
        metric="members",
        value=Decimal(100),
        taken_at=timezone.now() - dt.timedelta(days=300),
    )
    member_lawyer(member_firm())
    rows = figure_rows("trends")
    assert rows[year - 1] == [100, None, None, None]
    assert rows[year][0] == 1
