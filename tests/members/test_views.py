import pytest
from django.urls import reverse
from django.utils import timezone

from apps.members.models import LawyerStatus, PracticeArea
from tests.members.factories import DuesInvoiceFactory, FirmAdministratorFactory, LawyerFactory

pytestmark = pytest.mark.django_db


def _url(name, firm=None):
    return reverse(f"members:{name}", kwargs={"pk": firm.pk} if firm else None)


# --- Portal home ----------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(_url("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_lawyer_sees_practice_record_and_dues(client, lawyer):
    DuesInvoiceFactory(lawyer=lawyer, paid_at=timezone.now())
    client.force_login(lawyer.user)
    response = client.get(_url("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert lawyer.licence_no in body
    assert lawyer.firm.name in body
    assert "年度会费已缴清" in body
    assert "律所管理" not in body  # not an administrator


def test_lawyer_between_firms_without_membership_sees_home(client):
    from tests.accounts.factories import UserFactory

    lawyer = LawyerFactory(firm=None, user=UserFactory())
    client.force_login(lawyer.user)
    response = client.get(_url("home"))
    assert response.status_code == 200
    assert "暂无（转所中）" in response.content.decode()


def test_portal_home_in_english(client, lawyer):
    client.force_login(lawyer.user)
    response = client.get("/en/portal/")
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "en"


def test_firm_admin_home_links_to_firm_pages(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    body = client.get(_url("home")).content.decode()
    assert _url("firm_roster", firm) in body


def test_staff_without_lawyer_record_get_a_helpful_page(client, member_services):
    client.force_login(member_services)
    response = client.get(_url("home"))
    assert response.status_code == 200
    assert reverse("admin:index") in response.content.decode()


def test_portal_home_refuses_post(client, lawyer):
    client.force_login(lawyer.user)
    assert client.post(_url("home")).status_code == 405


# --- Firm record ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["firm_detail", "firm_roster", "firm_dues"])
def test_firm_pages_need_login(client, firm, name):
    response = client.get(_url(name, firm))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["firm_detail", "firm_roster", "firm_dues"])
@pytest.mark.parametrize("persona", ["outsider", "colleague"])
def test_firm_pages_refuse_non_administrators(client, request, firm, firm_admin, name, persona):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(_url(name, firm)).status_code == 403


@pytest.mark.parametrize("name", ["firm_detail", "firm_roster", "firm_dues"])
def test_missing_firm_is_404(client, firm_admin, name):
    client.force_login(firm_admin.user)
    assert client.get(reverse(f"members:{name}", kwargs={"pk": 999_999})).status_code == 404


def test_firm_admin_sees_the_edit_form(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    response = client.get(_url("firm_detail", firm))
    assert response.status_code == 200
    assert b'name="phone"' in response.content
    assert firm.uscc.encode() in response.content


def test_firm_admin_updates_contact_details(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    data = {
        "name_en": "Shenheng Law",
        "address": "上海市静安区南京西路2号",
        "phone": "021-61111111",
        "email": "new@firm.example.cn",
        "website": "firm.example.cn",
    }
    response = client.post(_url("firm_detail", firm), data)
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.phone == "021-61111111"
    assert firm.website == "https://firm.example.cn"
    assert firm.history.first().history_user == firm_admin.user


def test_invalid_firm_update_is_400_with_errors_and_saves_nothing(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    response = client.post(
        _url("firm_detail", firm), {"email": "not an email", "phone": "021-1", "address": "x"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert "form-errors" in response.content.decode()  # the error summary
    firm.refresh_from_db()
    assert firm.phone == "021-62345678"


def test_registration_fields_cannot_be_posted(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    client.post(_url("firm_detail", firm), {"name": "上海改名律师事务所", "phone": "021-2"})
    firm.refresh_from_db()
    assert firm.name == "上海申衡律师事务所"


def test_member_services_reads_firm_without_form_and_cannot_post(client, firm, member_services):
    client.force_login(member_services)
    response = client.get(_url("firm_detail", firm))
    assert response.status_code == 200
    assert b'name="phone"' not in response.content
    assert client.post(_url("firm_detail", firm), {"phone": "021-3"}).status_code == 403


def test_outsider_cannot_post_to_firm(client, firm, outsider):
    client.force_login(outsider.user)
    assert client.post(_url("firm_detail", firm), {"phone": "021-3"}).status_code == 403
    firm.refresh_from_db()
    assert firm.phone == "021-62345678"


# --- Roster ---------------------------------------------------------------------------


def test_roster_shows_lawyers_with_contacts_to_admin(client, firm, firm_admin, lawyer, outsider):
    client.force_login(firm_admin.user)
    response = client.get(_url("firm_roster", firm))
    assert response.status_code == 200
    body = response.content.decode()
    assert lawyer.name in body
    assert lawyer.mobile in body
    assert outsider.name not in body


def test_roster_query_budget_does_not_grow_with_rows(
    client, firm, firm_admin, django_assert_max_num_queries
):
    client.force_login(firm_admin.user)
    client.get(_url("firm_roster", firm))  # warm up session and caches
    LawyerFactory.create_batch(3, firm=firm)
    with django_assert_max_num_queries(12) as small:
        client.get(_url("firm_roster", firm))
    areas = list(PracticeArea.objects.all()[:3])
    LawyerFactory.create_batch(60, firm=firm, practice_areas=areas)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(_url("firm_roster", firm))
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_roster_paginates_and_filters(client, firm, firm_admin):
    LawyerFactory.create_batch(55, firm=firm)
    suspended = LawyerFactory(firm=firm, status=LawyerStatus.SUSPENDED, name="冯停")
    client.force_login(firm_admin.user)
    second = client.get(_url("firm_roster", firm), {"page": 2})
    assert second.status_code == 200
    assert second.context["page_obj"].number == 2
    filtered = client.get(_url("firm_roster", firm), {"status": "suspended"})
    assert list(filtered.context["page_obj"]) == [suspended]
    assert 'rel="next"' not in filtered.content.decode()


def test_roster_tolerates_bad_query_values(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    response = client.get(
        _url("firm_roster", firm), {"page": "abc", "status": "<x>", "q": "x" * 80}
    )
    assert response.status_code == 200


def test_roster_readable_by_member_services(client, firm, member_services, lawyer):
    client.force_login(member_services)
    response = client.get(_url("firm_roster", firm))
    assert response.status_code == 200
    assert lawyer.email in response.content.decode()


# --- Dues -----------------------------------------------------------------------------


def test_firm_dues_page(client, firm, firm_admin, lawyer):
    DuesInvoiceFactory(lawyer=None, firm=firm)
    DuesInvoiceFactory(lawyer=lawyer)
    client.force_login(firm_admin.user)
    response = client.get(_url("firm_dues", firm))
    assert response.status_code == 200
    body = response.content.decode()
    assert lawyer.name in body  # unpaid this year
    assert response.context["summary"].lawyers_total == 1


def test_firm_dues_query_budget(client, firm, firm_admin, django_assert_max_num_queries):
    client.force_login(firm_admin.user)
    for lawyer in LawyerFactory.create_batch(30, firm=firm):
        DuesInvoiceFactory(lawyer=lawyer)
    with django_assert_max_num_queries(12):
        assert client.get(_url("firm_dues", firm)).status_code == 200


def test_admin_of_other_firm_cannot_see_this_firms_dues(client, firm, other_firm, outsider):
    FirmAdministratorFactory(firm=other_firm, lawyer=outsider)
    client.force_login(outsider.user)
    assert client.get(_url("firm_dues", other_firm)).status_code == 200
    assert client.get(_url("firm_dues", firm)).status_code == 403
