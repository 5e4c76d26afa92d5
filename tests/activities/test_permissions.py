"""Who may do what: members read and sign up, the committee runs the calendar, other unions see nothing."""

import pytest

from tests.factories import ActivitySeriesFactory

pytestmark = pytest.mark.django_db

COMMITTEE_PAGES = [
    ("get", "/activities/add/"),
    ("get", "/activities/{pk}/edit/"),
    ("post", "/activities/{pk}/delete/"),
    ("get", "/activities/{pk}/attendance/"),
    ("get", "/activities/{pk}/signin-sheet.xlsx"),
    ("get", "/activities/series/"),
    ("get", "/activities/series/add/"),
    ("get", "/activities/series/{series}/"),
    ("get", "/activities/categories/"),
    ("get", "/activities/2026/festivals/"),
    ("post", "/activities/2026/from-plan/"),
]


@pytest.fixture
def urls(open_activity, union):
    series = ActivitySeriesFactory(union=union)
    return [(method, url.format(pk=open_activity.pk, series=series.pk)) for method, url in COMMITTEE_PAGES]


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
def test_only_the_committee_runs_the_calendar(request, login, urls, role):
    client = login(request.getfixturevalue(role))
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.parametrize("role", ["chair_user", "committee_user"])
def test_chair_and_committee_open_every_committee_page(request, login, urls, role):
    client = login(request.getfixturevalue(role))
    for method, url in urls:
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user", "committee_user"])
def test_everyone_in_the_union_reads_the_calendar_and_signs_up(request, login, open_activity, role):
    client = login(request.getfixturevalue(role))
    assert client.get("/activities/2026/3/").status_code == 200
    assert client.get("/activities/2026/").status_code == 200
    assert client.get(f"/activities/{open_activity.pk}/").status_code == 200
    assert client.post(f"/activities/{open_activity.pk}/signup/").status_code == 302
    assert open_activity.signups.count() == 1


def test_another_unions_activity_is_404_everywhere(login, chair_of_other_union, urls, open_activity):
    client = login(chair_of_other_union)
    assert client.get(f"/activities/{open_activity.pk}/").status_code == 404
    assert client.post(f"/activities/{open_activity.pk}/signup/").status_code == 404
    for method, url in urls:
        if str(open_activity.pk) in url or "/series/" in url and url.rstrip("/").split("/")[-1].isdigit():
            assert getattr(client, method)(url).status_code == 404, url
    assert not open_activity.signups.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, open_activity):
    for url in [f"/activities/{open_activity.pk}/", "/activities/2026/", "/activities/subscribe/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
