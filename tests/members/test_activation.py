"""Lawyer activation through allauth's sign-up page (ACCOUNT_FORMS["signup"])."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.models import User
from apps.members.forms import LawyerActivationForm
from apps.members.services import lawyer_account_link
from tests.accounts.factories import UserFactory
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Zhi-ye-2026!pass"


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


def test_signup_page_asks_for_licence_and_name(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert isinstance(response.context["form"], LawyerActivationForm)
    assert b'name="licence_no"' in response.content


def test_activation_links_account_and_requires_email_verification(client, unlinked):
    response = client.post(reverse("account_signup"), _data(unlinked))
    assert response.status_code == 302
    user = User.objects.get(email=unlinked.email)
    unlinked.refresh_from_db()
    assert unlinked.user == user
    assert user.name == "孙丽"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [unlinked.email]
    # Mandatory verification: a login goes to "verify your e-mail", not the portal.
    client.logout()
    login = client.post(reverse("account_login"), {"login": unlinked.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("members:home")).status_code == 302


def test_wrong_name_is_refused_with_a_clear_message(client, unlinked):
    response = client.post(reverse("account_signup"), _data(unlinked, name="孙莉"))
    assert response.status_code == 200
    assert "姓名与执业证号登记的姓名不一致" in response.content.decode()
    assert not User.objects.exists()


def test_malformed_licence_is_refused(client, unlinked):
    response = client.post(reverse("account_signup"), _data(unlinked, licence_no="123"))
    assert response.status_code == 200
    assert "执业证号应为 17 位数字" in response.content.decode()
    assert not User.objects.exists()


def test_unregistered_email_is_refused(client, unlinked):
    response = client.post(reverse("account_signup"), _data(unlinked, email="me@example.cn"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_already_activated_lawyer_is_told_to_log_in(client, lawyer):
    response = client.post(reverse("account_signup"), _data(lawyer, email=lawyer.email))
    assert response.status_code == 200
    assert "请直接登录" in response.content.decode()
    assert User.objects.count() == 1


def _request():
    request = RequestFactory().post(reverse("account_signup"))
    SessionMiddleware(lambda r: None).process_request(request)
    request.session.save()
    request.user = AnonymousUser()
    return request


def test_losing_a_race_saves_nothing_and_says_why(unlinked):
    form = LawyerActivationForm(data=_data(unlinked))
    assert form.is_valid(), form.errors
    # Another sign-up for the same licence commits between validation and save.
    lawyer_account_link(lawyer=unlinked, user=UserFactory(email="first@example.cn"))
    user, response = form.try_save(_request())
    assert user is None
    assert response.status_code == 409
    assert "请直接登录" in response.render().content.decode()
    assert not User.objects.filter(email=unlinked.email).exists()
    assert not EmailAddress.objects.filter(email=unlinked.email).exists()
