"""The firm administrator's compliance dashboard and the reminders they send."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.members.services.dues_rules import fee_year_of
from apps.notifications.models import Notification
from apps.rights.models import ComplianceReminder
from tests.members.factories import AnnualReviewFactory, DuesInvoiceFactory, LawyerFactory

pytestmark = pytest.mark.django_db


def _url(firm):
    return reverse("rights:firm_compliance", args=[firm.pk])


@pytest.fixture
def owing(lawyer):
    year = fee_year_of(timezone.localdate())
    return DuesInvoiceFactory(lawyer=lawyer, year=year, amount=Decimal("2000.00"))


def test_firm_admin_sees_each_lawyers_dues_and_cle(client, firm, firm_admin, lawyer, owing):
    client.force_login(firm_admin.user)
    response = client.get(_url(firm))
    assert response.status_code == 200
    body = response.content.decode()
    assert lawyer.name in body
    assert "欠 2000.00 元" in body
    assert "学时" in body  # CLE progress from apps.learning


def test_firm_admin_sees_each_lawyers_latest_annual_review(client, firm, firm_admin, lawyer):
    this_year = timezone.localdate().year
    AnnualReviewFactory(lawyer=lawyer, year=this_year - 2, result="competent")
    AnnualReviewFactory(lawyer=lawyer, year=this_year - 1, result="basic")
    client.force_login(firm_admin.user)
    body = client.get(_url(firm)).content.decode()
    assert f"{this_year - 1} 年度 基本称职" in body
    assert f"{this_year - 2} 年度" not in body


def test_reminder_is_sent_once_a_day(client, firm, firm_admin, lawyer, owing):
    client.force_login(firm_admin.user)
    client.post(_url(firm), {"lawyer": lawyer.pk})
    client.post(_url(firm), {"lawyer": lawyer.pk})
    assert ComplianceReminder.objects.filter(lawyer=lawyer).count() == 1
    note = Notification.objects.get(recipient=lawyer.user, key="rights_compliance_reminder")
    assert "会费尚欠 2000.00 元" in note.context["topics"]


def test_reminder_for_a_lawyer_of_another_firm_is_refused(client, firm, firm_admin, outsider):
    client.force_login(firm_admin.user)
    response = client.post(_url(firm), {"lawyer": outsider.pk}, follow=True)
    assert "不在本所" in response.content.decode()
    assert not ComplianceReminder.objects.exists()


@pytest.mark.parametrize("persona", ["lawyer", "colleague", "outsider"])
def test_non_administrators_are_refused(client, request, firm, firm_admin, persona):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(_url(firm)).status_code == 403
    assert client.post(_url(firm), {"lawyer": firm_admin.pk}).status_code == 403


def test_missing_firm_is_404(client, firm_admin):
    client.force_login(firm_admin.user)
    assert client.get(reverse("rights:firm_compliance", args=[999_999])).status_code == 404


def test_bad_lawyer_value_is_a_message_not_a_500(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    response = client.post(_url(firm), {"lawyer": "abc"})
    assert response.status_code == 302


@pytest.mark.parametrize("n", [2, 15])
def test_dashboard_query_budget_does_not_grow(
    client, firm, firm_admin, django_assert_max_num_queries, n
):
    year = fee_year_of(timezone.localdate())
    for _ in range(n):
        colleague = LawyerFactory(firm=firm)
        DuesInvoiceFactory(lawyer=colleague, year=year)
        AnnualReviewFactory(lawyer=colleague)
    client.force_login(firm_admin.user)
    with django_assert_max_num_queries(20):
        assert client.get(_url(firm)).status_code == 200
