"""Back office: xlsx import is all-or-nothing, lists are cheap, personal data is guarded."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.roles import Role
from apps.members.models import FirmAdministrator, LawFirm, Lawyer
from apps.notifications.models import Notification
from tests.accounts.factories import SuperuserFactory, staff_user
from tests.members.factories import LawyerFactory, id_number_for, licence_for, uscc_for

pytestmark = pytest.mark.django_db

FIRM_HEADERS = [
    *("统一社会信用代码", "名称", "执业许可证号", "所在区"),
    *("组织形式", "状态", "成立日期", "章程写入党建内容"),
]
LAWYER_HEADERS = [
    *("执业证号", "姓名", "性别", "执业类别", "执业状态", "执业机构统一社会信用代码"),
    *("首次执业日期", "业务领域", "工作语言", "电子邮箱", "手机号码"),
]


def _xlsx(headers, rows, name="import.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _firm_row(n, *, name=None, uscc=None):
    return [
        uscc or uscc_for(500 + n),
        name or f"上海导入{n}号律师事务所",
        f"23101201511{n:06d}",
        "黄浦区",
        "普通合伙",
        "正常执业",
        "2015-06-01",
        "是",
    ]


@pytest.fixture
def member_services_client(client, member_services):
    client.force_login(member_services)
    return client


def _upload(client, model, upload):
    return client.post(
        reverse(f"admin:members_{model}_import"), {"format": "0", "import_file": upload}
    )


def test_valid_firm_file_previews_then_imports(member_services_client):
    client = member_services_client
    preview = _upload(client, "lawfirm", _xlsx(FIRM_HEADERS, [_firm_row(1), _firm_row(2)]))
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert LawFirm.objects.count() == 0  # the preview is a dry run
    response = client.post(reverse("admin:members_lawfirm_process_import"), confirm.initial)
    assert response.status_code == 302
    assert set(LawFirm.objects.values_list("name", flat=True)) == {
        "上海导入1号律师事务所",
        "上海导入2号律师事务所",
    }
    firm = LawFirm.objects.get(name="上海导入1号律师事务所")
    assert firm.district.code == "310101"
    assert firm.charter_includes_party_building is True


def test_firm_file_with_one_bad_uscc_imports_nothing_and_lists_the_row(member_services_client):
    bad = _firm_row(2)
    bad[0] = bad[0][:-1] + ("0" if bad[0][-1] != "0" else "1")  # wrong check digit
    response = _upload(
        member_services_client, "lawfirm", _xlsx(FIRM_HEADERS, [_firm_row(1), bad, _firm_row(3)])
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    body = response.content.decode()
    assert "统一社会信用代码无效" in body
    assert LawFirm.objects.count() == 0


def test_unknown_district_and_choice_are_row_errors_not_crashes(member_services_client):
    row = _firm_row(1)
    row[3] = "闸北区"  # merged into Jing'an in 2015
    row[4] = "有限公司"
    response = _upload(member_services_client, "lawfirm", _xlsx(FIRM_HEADERS, [row]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "没有名为“闸北区”的区" in body
    assert "不是有效选项" in body
    assert LawFirm.objects.count() == 0


def test_rows_failing_at_confirm_roll_back_the_whole_file(member_services_client, firm):
    client = member_services_client
    preview = _upload(client, "lawfirm", _xlsx(FIRM_HEADERS, [_firm_row(1), _firm_row(2)]))
    confirm = preview.context["confirm_form"].initial
    # Between preview and confirm someone registers a firm with row 2's name.
    LawFirm.objects.filter(pk=firm.pk).update(name="上海导入2号律师事务所")
    response = client.post(reverse("admin:members_lawfirm_process_import"), confirm)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:members_lawfirm_import")
    assert not LawFirm.objects.filter(name="上海导入1号律师事务所").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("整个文件均未导入" in m for m in messages)


def _lawyer_row(n, firm, **overrides):
    row = {
        "执业证号": licence_for(700 + n, year=2018, gender="male", category="full_time"),
        "姓名": f"导入律师{n}",
        "性别": "男",
        "执业类别": "专职律师",
        "执业状态": "执业",
        "执业机构统一社会信用代码": firm.uscc,
        "首次执业日期": "2018-07-01",
        "业务领域": "知识产权、刑事辩护",
        "工作语言": "英语",
        "电子邮箱": f"import{n}@lawyers.example.cn",
        "手机号码": f"1381234{n:04d}",
    }
    row.update(overrides)
    return [row[h] for h in LAWYER_HEADERS]


def test_lawyer_file_imports_with_practice_areas_and_languages(member_services_client, firm):
    client = member_services_client
    preview = _upload(client, "lawyer", _xlsx(LAWYER_HEADERS, [_lawyer_row(1, firm)]))
    assert "confirm_form" in preview.context, preview.context["result"].invalid_rows
    client.post(
        reverse("admin:members_lawyer_process_import"), preview.context["confirm_form"].initial
    )
    lawyer = Lawyer.objects.get(name="导入律师1")
    assert lawyer.firm == firm
    assert sorted(a.name for a in lawyer.practice_areas.all()) == ["刑事辩护", "知识产权"]
    assert lawyer.languages == ["en"]


def test_lawyer_file_with_one_bad_licence_imports_nothing(member_services_client, firm):
    rows = [
        _lawyer_row(1, firm),
        _lawyer_row(2, firm, **{"执业证号": "1310120181012345"}),  # 16 digits
        _lawyer_row(3, firm, **{"业务领域": "星际法"}),
        _lawyer_row(4, firm),
    ]
    response = _upload(member_services_client, "lawyer", _xlsx(LAWYER_HEADERS, rows))
    assert "confirm_form" not in response.context
    assert [r.number for r in response.context["result"].invalid_rows] == [2, 3]
    body = response.content.decode()
    assert "执业证号应为 17 位数字" in body
    assert "未知的业务领域：星际法" in body
    assert Lawyer.objects.count() == 0


def test_licence_typed_as_a_number_in_excel_is_accepted(member_services_client, firm):
    licence = licence_for(9, year=2018, gender="male", category="full_time")
    row = _lawyer_row(9, firm, **{"执业证号": int(licence)})
    response = _upload(member_services_client, "lawyer", _xlsx(LAWYER_HEADERS, [row]))
    assert "confirm_form" in response.context


def test_staff_without_change_permission_cannot_import(client, firm):
    client.force_login(staff_user(role=Role.REPORTS))
    response = _upload(client, "lawfirm", _xlsx(FIRM_HEADERS, [_firm_row(1)]))
    assert response.status_code == 403


# --- Lists and personal data ----------------------------------------------------------


def test_lawyer_list_masks_id_numbers(member_services_client, lawyer):
    response = member_services_client.get(reverse("admin:members_lawyer_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert lawyer.id_number not in body
    assert lawyer.id_number[:3] + "*" in body


def test_lawyer_list_query_budget(member_services_client, firm, django_assert_max_num_queries):
    LawyerFactory.create_batch(5, firm=firm)
    url = reverse("admin:members_lawyer_changelist")
    member_services_client.get(url)
    with django_assert_max_num_queries(40) as few:
        member_services_client.get(url)
    LawyerFactory.create_batch(40, firm=firm)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert member_services_client.get(url).status_code == 200


def test_firm_list_query_budget(member_services_client, django_assert_max_num_queries):
    from tests.members.factories import LawFirmFactory

    LawFirmFactory.create_batch(3)
    url = reverse("admin:members_lawfirm_changelist")
    member_services_client.get(url)
    with django_assert_max_num_queries(40) as few:
        member_services_client.get(url)
    LawFirmFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert member_services_client.get(url).status_code == 200


def test_search_by_licence_and_id_number_for_member_services(member_services_client, lawyer):
    url = reverse("admin:members_lawyer_changelist")
    by_licence = member_services_client.get(url, {"q": lawyer.licence_no})
    assert list(by_licence.context["cl"].result_list) == [lawyer]
    by_id = member_services_client.get(url, {"q": lawyer.id_number})
    assert list(by_id.context["cl"].result_list) == [lawyer]


def test_reports_staff_see_no_personal_data(client, lawyer):
    client.force_login(staff_user(role=Role.REPORTS))
    response = client.get(reverse("admin:members_lawyer_change", args=[lawyer.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert lawyer.mobile not in body
    assert lawyer.id_number not in body
    assert client.get(reverse("admin:members_lawyer_export")).status_code == 403
    history = reverse("admin:members_lawyer_history", args=[lawyer.pk])
    assert client.get(history).status_code == 403
    by_id = client.get(reverse("admin:members_lawyer_changelist"), {"q": lawyer.id_number})
    assert list(by_id.context["cl"].result_list) == []


def test_member_services_see_the_audit_trail(member_services_client, lawyer):
    url = reverse("admin:members_lawyer_history", args=[lawyer.pk])
    assert member_services_client.get(url).status_code == 200


def test_member_services_may_export_lawyers(member_services_client, lawyer):
    response = member_services_client.post(
        reverse("admin:members_lawyer_export"),
        {"format": "0", **{f"lawyerresource_{f}": "on" for f in ("licence_no", "name", "email")}},
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert lawyer.licence_no in values
    assert lawyer.id_number not in values


def test_appointing_an_administrator_in_admin_goes_through_the_service(client, firm, colleague):
    client.force_login(SuperuserFactory())
    url = reverse("admin:members_lawfirm_change", args=[firm.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "district": firm.district_id,
            "founded": "2010-05-04",
            "charter_includes_party_building": "on",
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
            "administrator_links-TOTAL_FORMS": "1",
            "administrator_links-INITIAL_FORMS": "0",
            "administrator_links-0-lawyer": colleague.pk,
            "branches_elsewhere-TOTAL_FORMS": "0",
            "branches_elsewhere-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, [
        (f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ]
    assert FirmAdministrator.objects.filter(firm=firm, lawyer=colleague).exists()
    assert Notification.objects.filter(recipient=colleague.user).exists()


def test_mark_paid_action(member_services_client, lawyer):
    from tests.members.factories import DuesInvoiceFactory

    invoice = DuesInvoiceFactory(lawyer=lawyer)
    response = member_services_client.post(
        reverse("admin:members_duesinvoice_changelist"),
        {"action": "mark_paid", "_selected_action": [invoice.pk]},
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.paid_at is not None


def test_id_number_fixture_is_valid():
    assert len(id_number_for(1)) == 18


def test_lawyer_change_form_offers_language_checkboxes(member_services_client, lawyer):
    url = reverse("admin:members_lawyer_change", args=[lawyer.pk])
    page = member_services_client.get(url)
    assert page.status_code == 200
    assert 'type="checkbox" name="languages" value="en"' in page.content.decode()


# --- write paths past the role table: refused outright, nothing changes -----------------


@pytest.mark.parametrize("role", [Role.REPORTS, Role.EDITOR])
def test_forged_mark_paid_post_is_refused_and_changes_nothing(client, lawyer, role):
    from tests.members.factories import DuesInvoiceFactory

    invoice = DuesInvoiceFactory(lawyer=lawyer)
    client.force_login(staff_user(role=role, email=f"{role.value}-forger@example.cn"))
    response = client.post(
        reverse("admin:members_duesinvoice_changelist"),
        {"action": "mark_paid", "_selected_action": [invoice.pk]},
    )
    assert response.status_code == 403
    invoice.refresh_from_db()
    assert invoice.paid_at is None


def test_reports_role_cannot_unlink_a_lawyers_account(client, lawyer):
    client.force_login(staff_user(role=Role.REPORTS, email="reports-forger@example.cn"))
    response = client.post(
        reverse("admin:members_lawyer_changelist"),
        {"action": "unlink_account", "_selected_action": [lawyer.pk]},
    )
    assert response.status_code == 403
    lawyer.refresh_from_db()
    assert lawyer.user_id is not None


def test_reports_role_cannot_save_a_firm_through_the_history_revert_page(client, firm):
    version = firm.history.first()
    firm.name = "上海改名后律师事务所"
    firm.save()
    client.force_login(staff_user(role=Role.REPORTS, email="reports-reverter@example.cn"))
    url = reverse("admin:members_lawfirm_simple_history", args=[firm.pk, version.history_id])
    assert client.get(url).status_code == 200  # may look at the old version
    response = client.post(url, {"name": "被篡改的律师事务所", "uscc": firm.uscc})
    assert response.status_code == 403
    firm.refresh_from_db()
    assert firm.name == "上海改名后律师事务所"


@pytest.mark.parametrize(
    ("url_name", "role", "status"),
    [
        ("admin:members_duesinvoice_export", Role.EDITOR, 403),  # no members permission
        ("admin:members_duesinvoice_export", Role.REPORTS, 200),  # views dues
        ("admin:members_lawfirm_export", Role.PARTY_AFFAIRS, 200),  # looks firms up
        ("admin:members_lawfirm_export", Role.CHIEF_EDITOR, 403),
        ("admin:members_lawfirm_import", Role.REPORTS, 403),  # import writes
        ("admin:members_lawfirm_import", Role.MEMBER_SERVICES, 200),
    ],
)
def test_import_and_export_follow_the_model_permissions(client, url_name, role, status):
    client.force_login(staff_user(role=role, email=f"{role.value}-io@example.cn"))
    assert client.get(reverse(url_name)).status_code == status
