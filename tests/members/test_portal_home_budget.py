"""The portal home answers in at most 10 queries (issue 13), whatever the lawyer has.

Eleven apps add to the page. The panels that need only numbers or a few rows about the
lawyer annotate them on the page's one lawyer query (apps.core.panels "Facts fetched with
the owner's object"), so the count is the same for a lawyer with nothing and for a firm
administrator with rows in every panel — and what the panels show is still right."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.learning.rules import minutes_to_hours
from apps.legalservices.models import ProBonoKind, RecordStatus
from apps.rights.services import relief_apply, rights_report_submit
from tests.learning.factories import CreditFactory
from tests.legalservices.factories import ProBonoRecordFactory
from tests.members.factories import (
    AnnualReviewFactory,
    DuesInvoiceFactory,
    FirmAdministratorFactory,
    HonourFactory,
    LawyerFactory,
)
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

BUDGET = 10  # issue 13: every uncached page ≤ 10 queries


def _fill(lawyer, colleague, rows: int) -> None:
    """Rows in every panel's tables: reviews, honours, CLE credits, pro-bono records,
    rights reports, relief applications from the firm, dues, notifications."""
    this_year = timezone.localdate().year
    for i in range(rows):
        AnnualReviewFactory(lawyer=lawyer, year=this_year - 1 - i)
        HonourFactory(lawyer=lawyer, title=f"优秀律师{i}", year=this_year - 1 - i)
        CreditFactory(lawyer=lawyer, minutes=60)
        ProBonoRecordFactory(lawyer=lawyer, status=RecordStatus.VERIFIED, hours=Decimal("1.5"))
        NotificationFactory(recipient=lawyer.user)
        LawyerFactory(firm=lawyer.firm, name=f"钱增{i}")
    ProBonoRecordFactory(
        lawyer=lawyer, status=RecordStatus.VERIFIED, kind=ProBonoKind.LEGAL_AID, hours=1
    )
    ProBonoRecordFactory(lawyer=lawyer, status=RecordStatus.SUBMITTED, hours=Decimal("9"))
    DuesInvoiceFactory(lawyer=lawyer)
    for _ in range(min(rows, 3)):
        rights_report_submit(
            user=lawyer.user,
            kind="meeting_denied",
            occurred_on=timezone.localdate() - dt.timedelta(days=1),
            authority="某区看守所",
            description="持三证要求会见，被以“办案单位未同意”为由拒绝。",
        )
    relief_apply(
        user=colleague.user,
        kind="illness",
        event_date=timezone.localdate() - dt.timedelta(days=10),
        description="确诊恶性肿瘤，需长期治疗，暂停执业。",
        amount_requested=Decimal("30000"),
    )


@pytest.mark.parametrize("administrator", [False, True], ids=["lawyer", "firm-administrator"])
@pytest.mark.parametrize("rows", [0, 2, 12])
def test_portal_home_stays_within_ten_queries(
    client, lawyer, colleague, django_assert_max_num_queries, rows, administrator
):
    if administrator:
        FirmAdministratorFactory(firm=lawyer.firm, lawyer=lawyer)
    if rows:
        _fill(lawyer, colleague, rows)
    client.force_login(lawyer.user)
    client.get("/portal/")  # warm the session and the caches
    with django_assert_max_num_queries(BUDGET):
        response = client.get("/portal/")
    assert response.status_code == 200


def test_the_annotated_panels_show_the_lawyers_own_figures(client, lawyer, colleague, firm):
    """CLE minutes, pro-bono hours, reviews, honours, open reports and the firm's relief
    applications awaiting endorsement come from the one lawyer query — and are right."""
    FirmAdministratorFactory(firm=firm, lawyer=lawyer)
    _fill(lawyer, colleague, rows=2)
    # Someone else's rows are not counted.
    other = LawyerFactory(name="孙他人")
    CreditFactory(lawyer=other, minutes=600)
    ProBonoRecordFactory(lawyer=other, status=RecordStatus.VERIFIED, hours=Decimal("40"))
    HonourFactory(lawyer=other, title="他人的荣誉")
    client.force_login(lawyer.user)

    html = client.get("/portal/").content.decode()

    assert f"<strong>{minutes_to_hours(2 * 60)}</strong>" in html  # 2 × 60 CLE minutes
    assert "已核实 4.0 小时" in html  # 2 × 1.5 + 1 verified; the 9 submitted wait
    assert "法律援助 1 件" in html
    assert "优秀律师0" in html
    assert "优秀律师1" in html
    assert "他人的荣誉" not in html
    assert "2 件办理中" in html
    assert "本所 1 件救助金申请待签署意见" in html
    assert f"/rights/firms/{firm.pk}/" in html or "合规看板" in html


def test_practice_areas_are_listed_in_their_order(client, lawyer):
    from apps.members.models import PracticeArea

    areas = list(PracticeArea.objects.order_by("order")[:3])
    lawyer.practice_areas.set(reversed(areas))
    client.force_login(lawyer.user)

    html = client.get("/portal/").content.decode()

    positions = [html.index(area.name) for area in areas]
    assert positions == sorted(positions)


def test_each_member_sees_their_own_record_while_the_query_is_kept_built(client, lawyer, colleague):
    """The page's lawyer query is built once a day per process (apps.core.panels) and
    only filtered per request: one member after another, each gets their own record."""
    from tests.accounts.factories import UserFactory

    for member in (lawyer, colleague, lawyer):
        client.force_login(member.user)
        page = client.get("/portal/")
        assert page.context["lawyer"] == member
        assert member.licence_no in page.content.decode()
    client.force_login(UserFactory(verified=True))  # an account without a lawyer record
    assert "lawyer" not in client.get("/portal/").context
