"""Lawyer activation through allauth's sign-up page: verification by a code typed into the
same session, the lawyer linked only once the address is confirmed, one indistinguishable
answer to every refusal, and a notice to the record's address on every attempt."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY,
)
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.members.forms import LawyerActivationForm
from apps.members.models import LawyerStatus
from apps.members.services import lawyer_activation_complete, lawyer_activation_start
from apps.members.services.accounts import ACTIVATION_NOTICE_KEY, ACTIVATION_SESSION_KEY
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Zhi-ye-2026!pass"
SIGNUP = "/accounts/signup/"
CODE_PAGE = "/accounts/confirm-email/"
NOTICE_SUBJECT = "有人尝试以您的执业证号开通会员门户账户"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's rate limits count in the cache; each test (and each browser below that
    must not be throttled by the one before) starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unlinked(firm):
    return LawyerFactory(firm=firm, name="孙丽", email="sunli@lawyers.example.cn")


def _data(lawyer, **overrides):
    data = {
        "licence_no": lawyer.licence_no,
        "name": lawyer.name,
        "email": lawyer.email,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def _code(client: Client) -> str:
    return client.session[EMAIL_VERIFICATION_CODE_SESSION_KEY]["code"]


def _mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_signup_page_asks_for_licence_and_name(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert isinstance(response.context["form"], LawyerActivationForm)
    assert b'name="licence_no"' in response.content
    assert "激活会员门户账户" in response.content.decode()  # not allauth's "Sign Up"


def test_code_page_url_is_allauths():
    assert reverse("account_email_verification_sent") == CODE_PAGE


def test_codes_live_in_server_side_sessions(settings):
    """The code sits in the session: a cookie-based session would hand it to the client."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


# --- the happy path -----------------------------------------------------------------------


def test_lawyer_is_linked_only_after_the_code_is_typed_into_the_same_session(client, unlinked):
    response = client.post(SIGNUP, _data(unlinked))

    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    user = User.objects.get(email=unlinked.email)
    unlinked.refresh_from_db()
    assert unlinked.user is None, "not linked before the address is confirmed"
    assert not EmailAddress.objects.get(user=user).verified
    code = _code(client)
    code_mail = [m for m in _mails_to(unlinked.email) if code in m.body]
    assert len(code_mail) == 1, "the code goes to the address on record"

    confirmed = client.post(CODE_PAGE, {"code": code})

    assert confirmed.status_code == 302
    unlinked.refresh_from_db()
    assert unlinked.user == user
    assert user.name == "孙丽"
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("members:home")).status_code == 200


def test_suspended_lawyer_may_activate(client, firm):
    suspended = LawyerFactory(firm=firm, status=LawyerStatus.SUSPENDED)
    client.post(SIGNUP, _data(suspended))
    client.post(CODE_PAGE, {"code": _code(client)})
    suspended.refresh_from_db()
    assert suspended.user is not None


def test_code_typed_in_another_browser_verifies_nothing(client, unlinked):
    """The old hole: the attacker signs up with the lawyer's address and their own
    password; the lawyer, mailed a verification, confirms it. Now the code only works in
    the session that signed up — the lawyer's browser has no pending verification."""
    attacker = client
    attacker.post(SIGNUP, _data(unlinked))
    code = _code(attacker)

    real_lawyer = Client()
    response = real_lawyer.post(CODE_PAGE, {"code": code})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    unlinked.refresh_from_db()
    assert unlinked.user is None
    assert not EmailAddress.objects.filter(email=unlinked.email, verified=True).exists()


def test_wrong_codes_run_out_and_link_nothing(client, unlinked):
    client.post(SIGNUP, _data(unlinked))
    for _ in range(3):
        client.post(CODE_PAGE, {"code": "WRONG1"})
    unlinked.refresh_from_db()
    assert unlinked.user is None
    assert EMAIL_VERIFICATION_CODE_SESSION_KEY not in client.session


def test_abandoned_activation_completes_at_a_later_login(client, unlinked):
    client.post(SIGNUP, _data(unlinked))
    cache.clear()  # minutes later: past the one-mail-per-3-minutes limit on the address
    later = Client()
    response = later.post(reverse("account_login"), {"login": unlinked.email, "password": PASSWORD})
    assert response["Location"] == CODE_PAGE
    later.post(CODE_PAGE, {"code": _code(later)})
    unlinked.refresh_from_db()
    assert unlinked.user == User.objects.get(email=unlinked.email)


# --- one answer for every refusal ----------------------------------------------------------

# Per-response tokens: the form's and htmx's CSRF token, and the CSP nonce of scripts.
_TOKENS = re.compile(rb'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": |nonce=)"[^"]+"')


def _untokened(content: bytes) -> bytes:
    return _TOKENS.sub(rb'\1"<token>"', content)


def _case_data(case, unlinked, lawyer, firm):
    """The form data of each case; ``matching`` is the one that is accepted."""
    if case == "matching":
        return _data(unlinked)
    if case == "unknown_licence":
        other = LawyerFactory.build(firm=firm)
        return _data(unlinked, licence_no=other.licence_no)
    if case == "wrong_name":
        return _data(unlinked, name="孙莉")
    if case == "wrong_email":
        return _data(unlinked, email="someone@example.cn")
    if case == "already_activated":
        return _data(lawyer, email=lawyer.email)
    if case == "already_activated_other_email":
        return _data(lawyer, email="someone@example.cn")
    if case == "revoked":
        revoked = LawyerFactory(firm=firm, status=LawyerStatus.REVOKED)
        return _data(revoked)
    if case == "address_held_by_fresh_signup":
        UserFactory(email=unlinked.email)
        return _data(unlinked)
    raise AssertionError(case)


CASES = [
    "unknown_licence",
    "wrong_name",
    "wrong_email",
    "already_activated",
    "already_activated_other_email",
    "revoked",
    "address_held_by_fresh_signup",
]


def _answer(case, unlinked, lawyer, firm):
    """POST the sign-up and GET the page it leads to, in a fresh browser; the visible
    bytes of both, with CSRF tokens blanked."""
    data = _case_data(case, unlinked, lawyer, firm)
    cache.clear()
    browser = Client()
    posted = browser.post(SIGNUP, data)
    page = browser.get(posted["Location"]) if posted.status_code == 302 else None
    return {
        "status": posted.status_code,
        "location": posted.get("Location"),
        "content": posted.content,
        "page_status": page.status_code if page else None,
        "page": _untokened(page.content).replace(data["email"].encode(), b"<email>")
        if page
        else None,
    }


@pytest.mark.parametrize("case", CASES)
def test_every_refusal_answers_exactly_like_an_accepted_activation(case, unlinked, lawyer, firm):
    """Byte for byte (minus CSRF tokens and the address the visitor typed, which the page
    repeats back): nothing says which detail was wrong, or that there was anything wrong."""
    accepted = _answer("matching", unlinked, lawyer, firm)
    User.objects.filter(email=unlinked.email).delete()  # let the next case start clean

    refused = _answer(case, unlinked, lawyer, firm)

    assert refused == accepted
    assert accepted["status"] == 302
    assert accepted["location"] == CODE_PAGE
    assert accepted["page_status"] == 200


def _headers(response) -> dict[str, str]:
    """Response headers without the per-response ones (cookies, CSP nonce, clock times)."""
    return {
        k: v
        for k, v in response.headers.items()
        if k.lower() not in {"set-cookie", "content-security-policy", "date", "expires"}
    }


def test_same_address_typed_gives_the_same_bytes_headers_and_message_whatever_the_case(
    unlinked, lawyer, firm
):
    """With the address typed the same, every case — the accepted one included — gives
    the same redirect, the same headers, the same flash message (its signed cookie) and
    the same page, byte for byte but for CSRF tokens and CSP nonces."""
    answers = {}
    for case in ["matching", "unknown_licence", "wrong_name", "revoked", "already_activated"]:
        User.objects.filter(email=unlinked.email).delete()
        cache.clear()
        data = _case_data(case, unlinked, lawyer, firm)
        data["email"] = unlinked.email
        browser = Client()
        posted = browser.post(SIGNUP, data)
        page = browser.get(posted["Location"])
        answers[case] = (
            posted.status_code,
            posted.content,
            tuple(sorted(_headers(posted).items())),
            browser.cookies["messages"].value if "messages" in browser.cookies else None,
            page.status_code,
            tuple(sorted(_headers(page).items())),
            _untokened(page.content),
        )
    accepted = answers.pop("matching")
    assert accepted[0] == 302
    for case, answer in answers.items():
        assert answer == accepted, case


@pytest.mark.parametrize("case", CASES)
def test_refused_code_page_accepts_no_code(case, client, unlinked, lawyer, firm):
    client.post(SIGNUP, _case_data(case, unlinked, lawyer, firm))
    state = client.session[EMAIL_VERIFICATION_CODE_SESSION_KEY]
    response = client.post(CODE_PAGE, {"code": state["code"]})
    assert response.status_code == 200  # "incorrect code", as for any wrong code
    assert response.context["form"].errors["code"]
    lawyer.refresh_from_db()
    unlinked.refresh_from_db()
    assert unlinked.user is None
    assert lawyer.user.email == "wangming@example.cn"


def test_refusal_creates_no_account_and_mails_the_typed_address_a_generic_notice(client, unlinked):
    client.post(SIGNUP, _data(unlinked, name="孙莉", email="typed@example.cn"))
    assert not User.objects.filter(email="typed@example.cn").exists()
    (notice,) = _mails_to("typed@example.cn")
    assert notice.subject.endswith("会员门户账户未能开通")
    assert "不说明具体原因" in notice.body
    assert unlinked.licence_no not in notice.body


def test_malformed_licence_number_is_reported_on_the_form(client, unlinked):
    """Only the number's format is checked on the form: that reveals nothing."""
    response = client.post(SIGNUP, _data(unlinked, licence_no="123"))
    assert response.status_code == 200
    assert "执业证号应为 17 位数字" in response.content.decode()
    assert not User.objects.exists() or not User.objects.filter(email=unlinked.email).exists()


# --- the record's owner hears of every attempt --------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "accepted"),
    [({}, True), ({"name": "孙莉"}, False), ({"email": "attacker@example.cn"}, False)],
)
def test_every_attempt_on_a_record_is_mailed_to_its_address(
    client, unlinked, overrides, accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, _data(unlinked, **overrides))
    notices = [m for m in _mails_to(unlinked.email) if NOTICE_SUBJECT in m.subject]
    assert len(notices) == 1
    body = notices[0].body
    assert "尾号 " + unlinked.licence_no[-4:] in body
    assert ("验证码已另行发送至本邮箱" in body) is accepted
    assert ("未予受理" in body) is (not accepted)
    assert "attacker@example.cn" not in body


def test_attempt_on_an_activated_record_goes_through_the_outbox(
    client, lawyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, _data(lawyer, email="attacker@example.cn"))
    notice = Notification.objects.get(recipient=lawyer.user, key=ACTIVATION_NOTICE_KEY)
    assert notice.context["has_account"] is True
    assert notice.context["accepted"] is False
    (sent,) = [m for m in _mails_to(lawyer.user.email) if NOTICE_SUBJECT in m.subject]
    assert "您已开通门户账户" in sent.body


def test_unknown_licence_mails_no_lawyer(
    client, unlinked, firm, django_capture_on_commit_callbacks
):
    other = LawyerFactory.build(firm=firm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, _data(unlinked, licence_no=other.licence_no))
    assert not [m for m in mail.outbox if NOTICE_SUBJECT in m.subject]


# --- squatting, races, the service on its own ---------------------------------------------


def test_unconfirmed_account_is_discarded_once_its_code_has_expired(client, unlinked):
    squatter = UserFactory(email=unlinked.email)
    User.objects.filter(pk=squatter.pk).update(
        date_joined=timezone.now() - dt.timedelta(minutes=16)
    )

    client.post(SIGNUP, _data(unlinked))
    client.post(CODE_PAGE, {"code": _code(client)})

    assert not User.objects.filter(pk=squatter.pk).exists()
    unlinked.refresh_from_db()
    assert unlinked.user.email == unlinked.email


def test_confirmed_account_holding_the_address_is_never_discarded(unlinked):
    holder = UserFactory(email=unlinked.email, verified=True)
    User.objects.filter(pk=holder.pk).update(date_joined=timezone.now() - dt.timedelta(days=9))
    start = lawyer_activation_start(
        licence_no=unlinked.licence_no, name=unlinked.name, email=unlinked.email
    )
    assert start.lawyer is None
    assert User.objects.filter(pk=holder.pk).exists()


def test_start_accepts_spaced_licence_and_address_case(unlinked):
    spaced = " ".join(unlinked.licence_no[i : i + 4] for i in range(0, 17, 4))
    start = lawyer_activation_start(licence_no=spaced, name=" 孙丽 ", email=unlinked.email.upper())
    assert start.lawyer == unlinked


def test_complete_links_nobody_for_staff_or_an_ambiguous_address(firm, staff_user):
    shared = "office@firm.example.cn"
    LawyerFactory(firm=firm, email=shared)
    LawyerFactory(firm=firm, email=shared)
    assert lawyer_activation_complete(user=UserFactory(email=shared), email=shared) is None
    staff = staff_user("editor")
    one = LawyerFactory(firm=firm, email=staff.email)
    assert lawyer_activation_complete(user=staff, email=staff.email) is None
    one.refresh_from_db()
    assert one.user is None


def test_complete_prefers_the_lawyer_named_at_sign_up(firm):
    shared = "office@firm.example.cn"
    first = LawyerFactory(firm=firm, email=shared)
    second = LawyerFactory(firm=firm, email=shared)
    user = UserFactory(email=shared)
    assert lawyer_activation_complete(user=user, email=shared, lawyer_id=second.pk) == second
    first.refresh_from_db()
    assert first.user is None


def test_losing_a_race_for_the_address_answers_like_any_refusal(client, unlinked, monkeypatch):
    """Two sign-ups for one record pass the check at once; the second to save its account
    meets the unique address and gets the same answer as every refusal."""
    from apps.members.forms import activation

    real_start = activation.lawyer_activation_start

    def start_then_lose(**kwargs):
        result = real_start(**kwargs)
        UserFactory(email=unlinked.email)  # the other request commits its account now
        return result

    monkeypatch.setattr(activation, "lawyer_activation_start", start_then_lose)

    response = client.post(SIGNUP, _data(unlinked))

    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    assert User.objects.filter(email=unlinked.email).count() == 1
    assert ACTIVATION_SESSION_KEY not in client.session
    unlinked.refresh_from_db()
    assert unlinked.user is None


def test_notice_task_retries_when_smtp_fails(unlinked, monkeypatch):
    import smtplib

    from celery.exceptions import Retry
    from django.core.mail import EmailMultiAlternatives

    from apps.members.tasks import activation_notice_send

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    context = {"lawyer_name": "孙丽", "licence_tail": "0004", "accepted": False}
    with pytest.raises(Retry):
        activation_notice_send.apply(args=[unlinked.pk, context], throw=True)
    assert activation_notice_send.max_retries * activation_notice_send.retry_backoff_max >= (
        48 * 3600
    )


def test_notice_is_not_sent_to_a_record_without_address(firm):
    from apps.members.services.accounts import lawyer_activation_notice_deliver

    nobody = LawyerFactory(firm=firm, email="")
    assert lawyer_activation_notice_deliver(lawyer_id=nobody.pk, context={}) is False
    assert mail.outbox == []


def test_asking_for_a_new_code_answers_alike_for_accepted_and_refused(unlinked, lawyer, firm):
    pages = []
    for case in ("matching", "wrong_name"):
        User.objects.filter(email=unlinked.email).delete()
        cache.clear()
        browser = Client()
        browser.post(SIGNUP, _case_data(case, unlinked, lawyer, firm))
        cache.clear()  # past the one-mail-per-3-minutes limit
        resent = browser.post(CODE_PAGE, {"action": "resend"})
        page = browser.get(resent["Location"]) if resent.status_code == 302 else resent
        pages.append((resent.status_code, resent.get("Location"), _untokened(page.content)))
    assert pages[0] == pages[1]


def test_migration_unlinks_lawyers_whose_account_never_confirmed_its_address(firm):
    """Links made by the old sign-up before any confirmation are undone (0004)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("apps.members.migrations.0004_unlink_unconfirmed_accounts")
    squatted = LawyerFactory(firm=firm, user=UserFactory())
    confirmed = LawyerFactory(firm=firm, user=UserFactory(verified=True))
    used = LawyerFactory(firm=firm, user=UserFactory(last_login=timezone.now()))

    migration.unlink_unconfirmed(apps, None)

    for lawyer in (squatted, confirmed, used):
        lawyer.refresh_from_db()
    assert squatted.user is None
    assert confirmed.user is not None
    assert used.user is not None
