"""Public pages: scope checker, intake, confirmation, tracking — and hostile input."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.complaints import pow as pow_challenge
from apps.complaints.models import Complaint, State
from apps.complaints.services import complaint_request_material, complaint_submit, complaint_triage
from tests.complaints.factories import jpeg_upload, pdf_upload, png_upload, submit_kwargs, valid_id

pytestmark = pytest.mark.django_db

NEW = "/complaints/new/"
TRACK = "/complaints/track/"
TEXT_FIELDS = (
    "complainant_name",
    "id_number",
    "phone",
    "address",
    "principal_name",
    "respondent_lawyer_name",
    "respondent_lawyer_licence",
    "respondent_firm_name",
    "facts",
    "request",
)


def form_data(**overrides):
    data = {
        "complainant_name": "李华",
        "id_type": "resident",
        "id_number": valid_id(11),
        "phone": "13800001111",
        "email": "lihua@example.cn",
        "address": "上海市黄浦区中山东一路1号",
        "co_complainants": "0",
        "respondent_lawyer_name": "刘洋",
        "respondent_firm_name": "上海明律律师事务所",
        "category": "diligence",
        "facts": "律师收取代理费后三个月未立案，多次询问均未答复。",
        "request": "请协会督促并处理。",
        "consent": "on",
        "pow": pow_challenge.solve(pow_challenge.challenge_create(max_number=2000)),
    }
    data.update(overrides)
    return data


def test_scope_checker_without_answers_shows_the_questions(client):
    response = client.get("/complaints/")
    assert response.status_code == 200
    assert "投诉前自查" in response.content.decode()


def test_scope_checker_sends_fee_disputes_to_court(client):
    answers = {
        "is_member": "yes",
        "in_practice": "yes",
        "crime": "no",
        "only_money": "yes",
        "over_two_years": "no",
    }
    page = client.get("/complaints/", answers).content.decode()
    assert "人民法院" in page
    assert "仍然提交投诉" in page


def test_scope_checker_says_yes_when_in_scope(client):
    answers = {
        "is_member": "yes",
        "in_practice": "yes",
        "crime": "no",
        "only_money": "no",
        "over_two_years": "no",
    }
    page = client.get("/complaints/", answers).content.decode()
    assert "本会可以受理您的投诉" in page


def test_intake_form_is_open_to_anonymous_visitors(client):
    response = client.get(NEW)
    assert response.status_code == 200
    assert "data-pow-challenge" in response.content.decode()


def test_intake_form_is_prefilled_for_logged_in_users(client, respondent):
    client.force_login(respondent.user)
    page = client.get(NEW).content.decode()
    assert 'value="liuyang@example.cn"' in page


def test_filing_links_the_registry_and_shows_reference_and_code_once(client, respondent):
    response = client.post(NEW, form_data(evidence=[png_upload(), pdf_upload()]))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.respondent_lawyer == respondent
    assert complaint.attachments.count() == 2
    done = client.get(response["Location"]).content.decode()
    assert complaint.reference in done
    assert "接下来会发生什么" in done
    assert client.get(response["Location"]).status_code == 302  # shown once


def test_unknown_respondent_is_kept_as_free_text(client, db):
    client.post(NEW, form_data(respondent_lawyer_name="王某", respondent_firm_name="某某律所"))
    complaint = Complaint.objects.get()
    assert complaint.respondent_lawyer is None
    assert "王某" in complaint.respondent_text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "310101197501120230"}, "居民身份证号码无效"),
        ({"id_type": "passport", "id_number": "!!"}, "证件号码格式不正确"),
        ({"phone": "abc"}, "请填写有效的电话号码"),
        ({"consent": ""}, "必填"),
        ({"acting_for": "on", "principal_name": "李父"}, "授权委托书"),
        (
            {"respondent_lawyer_name": "", "respondent_firm_name": ""},
            "请填写被投诉的律师或律师事务所",
        ),
        ({"respondent_lawyer_licence": "123"}, "17 位数字"),
    ],
)
def test_invalid_intake_is_refused_with_a_message(client, db, overrides, message):
    response = client.post(NEW, form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "field", ["complainant_name", "facts", "request", "address", "respondent_firm_name"]
)
def test_ten_thousand_characters_are_refused_not_crashed(client, db, field):
    response = client.post(NEW, form_data(**{field: "长" * 10_000}))
    assert response.status_code == 400
    assert (
        "确保该变量包含不超过" in response.content.decode()
        or "Ensure this value" in response.content.decode()
    )
    assert not Complaint.objects.exists()


def test_script_in_every_text_field_is_stored_as_text_and_escaped(client, respondent):
    script = "<script>alert(1)</script>"
    data = form_data(
        **{
            f: f"刘洋{script}" if f == "respondent_lawyer_name" else script
            for f in ("facts", "request", "address")
        }
    )
    data["complainant_name"] = f"李{script}"[:50]
    response = client.post(NEW, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.facts == script
    hostile = form_data(**dict.fromkeys(TEXT_FIELDS, script), consent="on")
    page = client.post(NEW, hostile).content.decode()
    assert script not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "fake.png", b"this is not an image at all", content_type="image/png"
            ),
            "不符",
        ),
        (
            SimpleUploadedFile(
                "fake.pdf", b"%PDF-1.4 truncated garbage", content_type="application/pdf"
            ),
            "不符",
        ),
        (
            SimpleUploadedFile(
                "macro.docm", b"PK\x03\x04", content_type="application/octet-stream"
            ),
            "类型不支持",
        ),
        (
            SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
            "类型不支持",
        ),
        (SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"), ""),
    ],
)
def test_fake_or_wrong_files_are_refused(client, db, upload, message):
    response = client.post(NEW, form_data(evidence=[upload]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_png_renamed_to_jpg_is_refused(client, db):
    png = png_upload("photo.jpg")
    response = client.post(NEW, form_data(evidence=[png]))
    assert response.status_code == 400


def test_oversized_file_is_refused(client, db):
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(NEW, form_data(evidence=[big]))
    assert response.status_code == 400
    assert "超过 10 MB" in response.content.decode()


def test_too_many_files_are_refused(client, db):
    response = client.post(NEW, form_data(evidence=[jpeg_upload(f"p{i}.jpg") for i in range(11)]))
    assert response.status_code == 400
    assert "最多上传 10 个文件" in response.content.decode()


def test_replayed_proof_of_work_is_refused(client, db):
    payload = pow_challenge.solve(pow_challenge.challenge_create(max_number=2000))
    assert client.post(NEW, form_data(pow=payload)).status_code == 302
    response = client.post(NEW, form_data(pow=payload))
    assert response.status_code == 400
    assert "人机验证未通过" in response.content.decode()


def test_forged_proof_of_work_is_refused(client, db):
    response = client.post(NEW, form_data(pow="eyJmb28iOiAxfQ=="))
    assert response.status_code == 400


def test_without_javascript_two_complaints_a_day_then_429(client, db):
    assert client.post(NEW, form_data(pow="")).status_code == 302
    assert client.post(NEW, form_data(pow="")).status_code == 302
    response = client.post(NEW, form_data(pow=""))
    assert response.status_code == 429
    assert Complaint.objects.count() == 2


def test_with_proof_of_work_five_an_hour_then_429(client, db):
    for _ in range(5):
        assert client.post(NEW, form_data()).status_code == 302
    assert client.post(NEW, form_data()).status_code == 429


# --- tracking -----------------------------------------------------------------------------


@pytest.fixture
def filed(respondent, officer):
    submitted = complaint_submit(
        **submit_kwargs(
            respondent_lawyer=respondent, complainant_name="保密人", phone="13955556666"
        )
    )
    complaint_triage(
        complaint=submitted.complaint, actor=officer, track="simple", reason="内部备注：态度问题"
    )
    return submitted


def test_tracking_shows_public_steps_and_nothing_personal(
    client, filed, django_assert_max_num_queries
):
    response = client.post(
        TRACK, {"reference": filed.complaint.reference, "code": filed.tracking_code}
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(8):
        page = client.get(response["Location"]).content.decode()
    assert filed.complaint.reference in page
    assert "已分流" in page  # state
    for secret in ("保密人", "13955556666", "zhangwei@example.cn", valid_id(7), "内部备注", "刘洋"):
        assert secret not in page


def test_wrong_code_and_unknown_reference_get_the_same_answer(client, filed):
    wrong = client.post(TRACK, {"reference": filed.complaint.reference, "code": "AAAA-BBBB-CCCC"})
    unknown = client.post(TRACK, {"reference": "TS2026-999999", "code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == unknown.status_code == 400
    strip = lambda html: html.replace(filed.complaint.reference, "X").replace("TS2026-999999", "X")  # noqa: E731
    import re

    def body(r):
        text = strip(r.content.decode())
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
        return re.sub(r'nonce="[^"]+"', "", text)

    a, b = body(wrong), body(unknown)
    if a != b:  # show the first difference
        i = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
        raise AssertionError(f"{a[i - 80 : i + 80]!r} != {b[i - 80 : i + 80]!r}")


def test_wrong_codes_are_rate_limited(client, filed):
    for _ in range(10):
        client.post(TRACK, {"reference": filed.complaint.reference, "code": "AAAA-BBBB-CCCC"})
    response = client.post(
        TRACK, {"reference": filed.complaint.reference, "code": filed.tracking_code}
    )
    assert response.status_code == 429


def test_status_page_needs_a_tracked_session(client, filed):
    response = client.get("/complaints/track/status/")
    assert response.status_code == 302
    assert response["Location"].endswith(TRACK)


def test_complainant_supplies_requested_material_and_the_clock_restarts(
    client, respondent, officer
):
    submitted = complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    complaint_request_material(complaint=submitted.complaint, actor=officer, what="请上传委托合同")
    client.post(
        TRACK, {"reference": submitted.complaint.reference, "code": submitted.tracking_code}
    )
    page = client.get("/complaints/track/status/").content.decode()
    assert "请上传委托合同" in page
    response = client.post(
        "/complaints/track/status/", {"text": "补充合同", "files": [pdf_upload()]}
    )
    assert response.status_code == 302
    submitted.complaint.refresh_from_db()
    assert submitted.complaint.state == State.RECEIVED
    assert submitted.complaint.complete_at is not None


def test_empty_supplement_is_refused(client, filed):
    client.post(TRACK, {"reference": filed.complaint.reference, "code": filed.tracking_code})
    response = client.post("/complaints/track/status/", {"text": ""})
    assert response.status_code == 400
    assert "请填写补充说明或上传文件" in response.content.decode()


def test_english_pages_render(client, db):
    assert client.get("/en/complaints/new/").status_code == 200
    assert client.get("/en/complaints/track/").status_code == 200


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "127.0.0.1"),  # no proxy: the header is ignored
        (1, "6.6.6.6, 2.2.2.2", "2.2.2.2"),  # forged left part is ignored
        (1, "", "127.0.0.1"),
    ],
)
def test_rate_limit_counts_the_client_behind_the_proxy(rf, settings, trusted, forwarded, expected):
    from apps.complaints.ratelimit import client_address

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == expected


def test_status_page_query_count_does_not_grow_with_the_timeline(
    client, respondent, officer, django_assert_max_num_queries
):
    from apps.complaints.services import complaint_supplement

    submitted = complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    client.post(
        TRACK, {"reference": submitted.complaint.reference, "code": submitted.tracking_code}
    )
    with django_assert_max_num_queries(8) as first:
        client.get("/complaints/track/status/")
    for i in range(8):
        complaint_supplement(complaint=submitted.complaint, text=f"补充说明{i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get("/complaints/track/status/").content.decode()
    assert page.count("投诉人补充材料") == 8
