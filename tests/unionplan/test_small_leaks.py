"""Smaller leaks closed: a calendar feed outliving its login, pages kept in a browser's cache, initial
passwords left in a session, and the lock-out counting everyone behind the reverse proxy as one."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from activities.models import FeedToken, PublicCalendar
from members.account_views import SHEET_KEY
from tests.factories import ActivityFactory, AnnualPlanFactory, MemberFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


# -- a personal calendar feed lives only as long as its login -------------------------------------


@pytest.fixture
def feed_url(member_user):
    return f"/activities/feed/{FeedToken.objects.for_member(member_user.member).token}.ics"


def test_a_disabled_login_stops_its_calendar_feed_at_once(client, login, committee_user, member_user, feed_url):
    assert client.get(feed_url).status_code == 200
    committee = login(committee_user)
    committee.post(f"/members/{member_user.member.pk}/account/disable/")
    assert client.get(feed_url).status_code == 404
    committee.post(f"/members/{member_user.member.pk}/account/enable/")
    assert client.get(feed_url).status_code == 200


def test_a_member_marked_as_left_loses_the_feed(client, member_user, feed_url):
    member = member_user.member
    member.status = member.Status.LEFT
    member.save()
    assert client.get(feed_url).status_code == 404


# -- what a logged-in user is sent stays out of caches --------------------------------------------


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


AUTHENTICATED = [
    ("chair_user", "/"),
    ("member_user", "/activities/2026/3/"),
    ("committee_user", "/activities/{activity}/"),
    ("committee_user", "/members/"),
    ("committee_user", "/members/{member}/"),
    ("committee_user", "/members/birthdays/"),
    ("committee_user", "/members/care/"),
    ("committee_user", "/members/accounts/"),
    ("committee_user", "/plans/"),
    ("treasurer_user", "/funds/2026/"),
    ("chair_user", "/summary/2026/"),
    ("member_user", "/accounts/password_change/"),
    ("member_user", "/activities/feed/nope.ics"),  # a 404 page for a logged-in user, too
    # every export
    ("committee_user", "/members/export.xlsx"),
    ("committee_user", "/members/import/template.xlsx"),
    ("committee_user", "/activities/2026/schedule.xlsx"),
    ("committee_user", "/activities/{activity}/signin-sheet.xlsx"),
    ("treasurer_user", "/funds/2026/execution.xlsx"),
    ("treasurer_user", "/funds/2026/arrears.xlsx"),
    ("treasurer_user", "/funds/2026/wages/template.xlsx"),
    ("chair_user", "/summary/2026.xlsx"),
    ("chair_user", "/summary/2026.docx"),
    ("chair_user", "/summary/2026.pdf"),
]


@pytest.mark.parametrize(("role", "path"), AUTHENTICATED)
def test_pages_and_exports_for_a_logged_in_user_are_kept_by_no_cache(request, login, union, member_user, role, path):
    activity = ActivityFactory(union=union)
    client = login(request.getfixturevalue(role))
    response = client.get(path.format(activity=activity.pk, member=member_user.member.pk))
    assert response.status_code == (404 if "nope" in path else 200)
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("path", ["/activities/2026/", "/plans/2026/"])
def test_the_year_schedule_and_the_plan_are_kept_by_the_readers_browser_alone_and_asked_about_again(
    login, union, member_user, path
):
    AnnualPlanFactory(union=union, status="approved")
    response = login(member_user).get(path)
    assert response.status_code == 200
    assert directives(response) == {"private", "no-cache"} and response["ETag"]


def test_the_credentials_sheet_is_kept_by_no_cache(login, committee_user, union):
    MemberFactory(union=union, name="赵一")
    client = login(committee_user)
    client.post("/members/accounts/new/", {"scope": "everyone", "source": "employee_number"})
    for path in ["/members/accounts/sheet/", "/members/accounts/sheet.xlsx"]:
        response = client.get(path)
        assert response.status_code == 200
        assert {"private", "no-store"} <= directives(response)


def test_public_pages_keep_their_own_caching(client, login, union, member_user, feed_url):
    assert directives(client.get("/healthz")) >= {"no-cache", "no-store"}
    assert directives(client.get(feed_url)) == {"private", "max-age=900"}
    # The member's own phone or browser, logged in: the feed still says how long to keep it.
    assert directives(login(member_user).get(feed_url)) == {"private", "max-age=900"}
    shared = PublicCalendar.share(union)
    visitor = Client()
    assert directives(visitor.get(f"/activities/public/{shared.token}.ics")) == {"max-age=900"}
    assert directives(visitor.get(f"/activities/public/{shared.token}/")) == set()
    assert directives(visitor.get("/accounts/login/")) != {"private", "no-store"}


# -- initial passwords leave the session after the hour --------------------------------------------


def test_initial_passwords_leave_the_session_after_an_hour_without_the_sheet(login, committee_user, union):
    MemberFactory(union=union, name="赵一", employee_number="T0001")
    with time_machine.travel(datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI), tick=False) as clock:
        client = login(committee_user)
        client.post("/members/accounts/new/", {"scope": "everyone", "source": "employee_number"})
        [row] = client.session[SHEET_KEY]["created"]
        password = row["password"]
        clock.shift(timedelta(minutes=59))
        client.get("/members/")
        assert SHEET_KEY in client.session  # within the hour the sheet is still there to print
        clock.shift(timedelta(minutes=2))
        assert client.get("/activities/2026/12/").status_code == 200  # any page but the sheet
        stored = dict(client.session.items())
        assert SHEET_KEY not in stored
        assert password not in repr(stored)
        assert client.get("/members/accounts/sheet.xlsx").status_code == 302  # gone for good


# -- behind the reverse proxy the lock-out counts each client on its own ---------------------------


def fail_logins(client, username, times):
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
    return response


def behind_the_proxy(forwarded_for):
    """A browser whose requests reach the app through nginx at 127.0.0.1 (REMOTE_ADDR of every one)."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)


def log_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": "pw-for-tests-1"})


def test_behind_the_proxy_two_clients_are_locked_out_separately(settings, member_user):
    settings.PROXY_COUNT = 1
    forgetful = behind_the_proxy("203.0.113.5")
    assert fail_logins(forgetful, member_user.username, settings.AXES_FAILURE_LIMIT).status_code == 429
    assert log_in(behind_the_proxy("198.51.100.7"), member_user).status_code == 302  # a colleague's phone
    assert log_in(forgetful, member_user).status_code == 429
    # Made-up entries in front of the proxy's own prove nothing: still the same client, still locked.
    assert log_in(behind_the_proxy("10.9.9.9, 203.0.113.5"), member_user).status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(settings, member_user):
    assert settings.PROXY_COUNT == 0  # the default: the app is reached directly
    locked = fail_logins(behind_the_proxy("203.0.113.5"), member_user.username, settings.AXES_FAILURE_LIMIT)
    assert locked.status_code == 429
    assert log_in(behind_the_proxy("198.51.100.7"), member_user).status_code == 429
