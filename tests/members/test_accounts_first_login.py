"""First login: a member with an initial password chooses their own before anything else."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import accounts
from tests.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(union, committee_user):
    """A member whose login was just created; returns (member, initial password)."""
    member = MemberFactory(union=union, name="新会员", employee_number="N0001")
    batch = accounts.create_logins(
        union, type(member).objects.filter(pk=member.pk), source="employee_number", actor=committee_user
    )
    member.refresh_from_db()
    return member, batch.created[0].password


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_every_page_leads_to_the_password_form_first(client, newcomer):
    member, password = newcomer
    response = log_in(client, "N0001", password)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/password_change/")
    for url in ["/activities/2026/3/", f"/members/{member.pk}/", "/plans/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/password_change/?next=")


def test_a_post_elsewhere_is_not_carried_out(client, newcomer, union):
    _member, password = newcomer
    open_activity = ActivityFactory(union=union, start_date=timezone.localdate() + timedelta(days=7),
                                    signup_open=True)
    log_in(client, "N0001", password)
    response = client.post(f"/activities/{open_activity.pk}/signup/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password_change/"
    assert not open_activity.signups.exists()


def test_the_form_asks_only_for_the_new_password_in_chinese(client, newcomer):
    _member, password = newcomer
    log_in(client, "N0001", password)
    page = client.get("/accounts/password_change/").content.decode()
    assert "设置您的密码" in page and "欢迎您，新会员" in page
    assert 'name="old_password"' not in page and 'name="new_password1"' in page


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short", "密码太短，至少需要 8 个字符。"),
        ("12345678905", "密码只包含数字。"),
        ("password123", "这个密码太常见了。"),
    ],
)
def test_djangos_password_rules_apply_in_chinese(client, newcomer, new_password, message):
    _member, password = newcomer
    log_in(client, "N0001", password)
    response = client.post(
        "/accounts/password_change/", {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_after_the_change_the_member_lands_on_the_calendar_and_the_initial_password_is_gone(client, newcomer):
    member, password = newcomer
    log_in(client, "N0001", password)
    response = client.post(
        "/accounts/password_change/",
        {"new_password1": "Spring-lantern-2026", "new_password2": "Spring-lantern-2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith("/activities/")
    assert "密码已设置，欢迎使用" in response.content.decode()
    member.refresh_from_db()
    assert not member.must_change_password
    assert client.get("/activities/2026/3/").status_code == 200  # still logged in, no more redirects
    client.logout()
    assert log_in(client, "N0001", password).status_code == 200  # refused: the form again
    assert log_in(client, "N0001", "Spring-lantern-2026").status_code == 302


def test_the_page_asked_for_first_is_where_the_member_goes_after(client, newcomer):
    _member, password = newcomer
    log_in(client, "N0001", password)
    response = client.get("/activities/2026/5/")
    response = client.post(
        response["Location"],
        {"new_password1": "Spring-lantern-2026", "new_password2": "Spring-lantern-2026",
         "next": "/activities/2026/5/"},
    )
    assert response["Location"] == "/activities/2026/5/"


def test_a_foreign_next_address_is_ignored(client, newcomer):
    _member, password = newcomer
    log_in(client, "N0001", password)
    response = client.post(
        "/accounts/password_change/",
        {"new_password1": "Spring-lantern-2026", "new_password2": "Spring-lantern-2026",
         "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_logging_out_and_the_language_switch_stay_possible(client, newcomer):
    _member, password = newcomer
    log_in(client, "N0001", password)
    assert client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}).status_code == 302
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


def test_pages_without_login_are_not_redirected(client, newcomer, union):
    _member, password = newcomer
    log_in(client, "N0001", password)
    assert client.get("/healthz").status_code == 200


def test_a_member_who_chose_a_password_gets_the_ordinary_form(login, member_user):
    page = login(member_user).get("/accounts/password_change/").content.decode()
    assert 'name="old_password"' in page and "修改密码" in page


def test_the_ordinary_change_keeps_working(login, member_user):
    response = login(member_user).post(
        "/accounts/password_change/",
        {"old_password": "pw-for-tests-1", "new_password1": "Autumn-moon-2026", "new_password2": "Autumn-moon-2026"},
    )
    assert response["Location"] == "/accounts/password_change/done/"


def test_the_check_costs_no_query(member_user, settings):
    """The flag rides on the member row that UnionMiddleware loads anyway."""

    def queries():
        client = Client()  # a new client loads the middleware as the settings say now
        client.force_login(member_user)
        client.get("/activities/2026/3/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/activities/2026/3/").status_code == 200
        return len(captured)

    with_the_check = queries()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("PasswordChangeRequiredMiddleware")]
    assert queries() == with_the_check
