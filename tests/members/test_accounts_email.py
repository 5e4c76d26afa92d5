"""Email where there is email: password reset by email and a welcome message, only with EMAIL_URL."""

import re

import pytest
from django.core import mail

from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

RESET_URLS = ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/",
              "/accounts/reset/MQ/set-password/"]


@pytest.fixture
def with_email(settings):
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def without_email(settings):
    settings.EMAIL_ENABLED = False


def test_without_email_the_login_page_offers_no_reset(client, without_email):
    page = client.get("/accounts/login/").content.decode()
    assert "忘记密码？" not in page and "/accounts/password_reset/" not in page  # whom to ask instead: test_login_help


@pytest.mark.parametrize("url", RESET_URLS)
def test_without_email_the_reset_pages_do_not_exist(client, without_email, url):
    assert client.get(url).status_code == 404


def test_with_email_the_login_page_offers_a_reset(client, with_email):
    page = client.get("/accounts/login/").content.decode()
    assert "忘记密码" in page and "/accounts/password_reset/" in page


def test_a_member_resets_the_password_by_email(client, with_email, member_user):
    member = member_user.member
    member.email = "liu@example.cn"
    member.must_change_password = True
    member.save()
    page = client.get("/accounts/password_reset/").content.decode()
    assert "工会档案中登记的电子邮箱" in page
    response = client.post("/accounts/password_reset/", {"email": "LIU@example.cn"})
    assert response["Location"] == "/accounts/password_reset/done/"
    [message] = mail.outbox
    assert message.to == ["liu@example.cn"]
    assert "设置工会网站的新密码" in message.subject
    assert member_user.username in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Dragon-boat-2026", "new_password2": "Dragon-boat-2026"})
    assert response["Location"] == "/accounts/reset/done/"
    member.refresh_from_db()
    assert not member.must_change_password  # the member chose their own password
    assert client.post("/accounts/login/", {"username": member_user.username,
                                            "password": "Dragon-boat-2026"}).status_code == 302


def test_an_unknown_or_disabled_address_sends_nothing_and_says_nothing(client, with_email, member_user):
    member = member_user.member
    member.email = "liu@example.cn"
    member.save()
    member_user.is_active = False
    member_user.save()
    for email in ["liu@example.cn", "nobody@example.cn"]:
        assert client.post("/accounts/password_reset/", {"email": email}).status_code == 302
    assert mail.outbox == []


def test_new_logins_get_a_welcome_message_without_the_password(login, with_email, committee_user, union):
    MemberFactory(union=union, name="有邮箱", employee_number="M001", email="you@example.cn")
    MemberFactory(union=union, name="没邮箱", employee_number="M002")
    client = login(committee_user)
    response = client.post("/members/accounts/new/", {"scope": "everyone", "source": "employee_number"}, follow=True)
    assert "已发送 1 封欢迎邮件" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["you@example.cn"]
    assert "第一中学工会" in message.subject
    assert "M001" in message.body and "/accounts/reset/" in message.body and "/accounts/login/" in message.body
    password = next(r["password"] for r in client.session["members.credentials_sheet"]["created"]
                    if r["username"] == "M001")
    assert password not in message.body


def test_no_welcome_message_without_email(login, without_email, committee_user, union):
    MemberFactory(union=union, employee_number="M001", email="you@example.cn")
    login(committee_user).post("/members/accounts/new/", {"scope": "everyone", "source": "employee_number"})
    assert mail.outbox == []


def test_the_committee_keeps_the_email_address_in_the_record(login, committee_user, member_user):
    member = member_user.member
    response = login(committee_user).post(f"/members/{member.pk}/edit/", {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "position": "", "version": member.version, "email": "not-an-address",
    })
    assert response.status_code == 200 and "请输入有效的电子邮箱地址，如 name@example.com" in response.content.decode()
    login(committee_user).post(f"/members/{member.pk}/edit/", {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "position": "", "version": member.version, "email": "liu@example.cn",
    })
    assert Member.objects.get(pk=member.pk).email == "liu@example.cn"
