"""A complainant on a phone (375 px): checks the scope, files a complaint with the
proof-of-work solved by the page's own script, and tracks it with reference + code;
an officer triages, accepts, assigns and notifies in admin; the respondent answers in the
portal; the officer decides in admin."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from apps.complaints.models import Complaint, State
from tests.accounts.factories import staff_user
from tests.browser.conftest import (  # noqa: F401 - browser, open_page: fixtures
    assert_accessible,
    assert_clean,
    assert_no_horizontal_overflow,
    browser,
    open_page,
)
from tests.complaints.factories import valid_id
from tests.members.factories import LawFirmFactory, LawyerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_and_track_a_complaint_on_a_phone(open_page):  # noqa: F811
    from apps.accounts.roles import Role
    from tests.accounts.factories import UserFactory

    firm = LawFirmFactory(name="上海明律律师事务所")
    lawyer = LawyerFactory(firm=firm, name="刘洋")
    lawyer.user = UserFactory(email="liuyang@example.cn", verified=True)
    lawyer.save(update_fields=["user"])

    page = open_page(
        "/complaints/?is_member=yes&in_practice=yes&crime=no&only_money=no&over_two_years=no",
        width=375,
    )
    assert "本会可以受理您的投诉" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="填写投诉表").click()
    page.wait_for_url("**/complaints/new/")
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    page.get_by_label("姓名", exact=True).fill("李华")
    page.get_by_label("证件号码").fill(valid_id(21))
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label("电子邮箱").fill("lihua@example.cn")
    page.get_by_label("被投诉律师姓名").fill("刘洋")
    page.get_by_label("律师事务所名称").fill("上海明律律师事务所")
    page.get_by_label("怠于履行职责").check()
    page.get_by_label("事实经过").fill("律师收取代理费后三个月未立案，多次询问均未答复。")
    page.get_by_label("投诉请求").fill("请协会督促并处理。")
    page.locator("#id_consent").check()
    # The page's own script solves the proof-of-work (CSP forbids eval, so poll the field).
    expect(page.locator("input[name=pow]")).not_to_have_value("", timeout=60_000)
    expect(page.locator("[data-pow-status]")).to_contain_text("人机验证已完成")
    page.get_by_role("button", name="提交投诉").click()
    page.wait_for_url("**/complaints/new/done/")
    assert_accessible(page)
    codes = page.locator(".complaints-codes .code").all_inner_texts()
    reference, code = codes
    assert re.fullmatch(r"TS\d{4}-\d{6}", reference)
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.respondent_lawyer == lawyer
    assert code not in complaint.tracking_code_hash

    page.get_by_role("link", name="查询投诉进度").click()
    page.get_by_label("投诉编号").fill(reference)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/complaints/track/status/")
    assert "已收到" in page.content()
    assert "李华" not in page.content()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    assert_clean(page)

    # The officer works the case in admin: triage, accept, investigators, notice.
    officer = staff_user(role=Role.COMPLAINTS_OFFICER, email="officer@example.cn")
    admin = open_page(f"/admin/complaints/complaint/{complaint.pk}/change/", user=officer)
    assert "李华" in admin.content()  # officers see the complainant

    def step(label, fill=None):
        admin.get_by_role("link", name=label, exact=True).click()
        if fill:
            fill()
        admin.locator("input[type=submit]").click()
        admin.wait_for_url(f"**/complaints/complaint/{complaint.pk}/change/")

    step("分流", lambda: admin.get_by_label("简易程序").check())
    step("受理")
    step("指派调查人员", lambda: admin.get_by_label(str(officer)).check())
    step("通知被投诉人答辩")
    complaint.refresh_from_db()
    assert complaint.state == State.DEFENCE

    portal = open_page(f"/portal/complaints/{complaint.pk}/", width=375, user=lawyer.user)
    assert "多次询问均未答复" in portal.content()
    assert "李华" not in portal.content()
    portal.get_by_label("答辩意见").fill("已于上月立案，附立案通知书。")
    portal.get_by_role("button", name="提交答辩").click()
    portal.wait_for_selector("text=答辩已提交")
    assert_accessible(portal)
    complaint.refresh_from_db()
    assert complaint.defences.count() == 1

    admin.reload()
    step(
        "作出决定",
        lambda: (
            admin.get_by_label("不构成违规").check(),
            admin.get_by_label("认定事实").fill("律师已按约立案，未见违规。"),
            admin.get_by_label("处分依据").fill("《会员违规行为处分规则》"),
            admin.get_by_label("决定书正文").fill("不构成违规。"),
        ),
    )
    complaint.refresh_from_db()
    assert complaint.state == State.DECIDED
