"""Smaller leaks closed: a calendar feed outliving its login, pages kept in a browser's cache, initial
passwords left in a session, and the lock-out counting everyone behind the reverse proxy as one."""

import pytest

from activities.models import FeedToken

pytestmark = pytest.mark.django_db


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
