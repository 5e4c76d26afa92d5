"""Who may see an activity: its audience, its organiser and the committee, everywhere the activity
shows (its page, the month calendar, the year schedule, the dashboard, the phone calendar feed);
anyone else gets the app's own 404 page."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from activities.models import Audience, FeedToken
from members.models import Member
from tests.activities.test_activity_page import form_data
from tests.factories import ActivityFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


def member_login(union, username, name, gender=Member.Gender.MALE):
    user = UserFactory(username=username, role="member")
    MemberFactory(union=union, user=user, name=name, gender=gender)
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organiser(union):
    return member_login(union, "organiser", "周老师")


@pytest.fixture
def womens_outing(union, categories, organiser):
    """The women's 三八 outing, organised by a man."""
    return ActivityFactory(union=union, category=categories["festival"], title="三八节插花", audience=Audience.WOMEN,
                           organiser=organiser.member, start_date=date(2026, 3, 6), signup_open=True)


def test_the_organiser_of_a_womens_activity_sees_its_page(organiser, womens_outing):
    response = logged_in(organiser).get(f"/activities/{womens_outing.pk}/")
    assert response.status_code == 200
    assert "三八节插花" in response.content.decode()


def test_the_organiser_sees_it_in_his_month_and_his_year(organiser, womens_outing):
    client = logged_in(organiser)
    assert "三八节插花" in client.get("/activities/2026/3/").content.decode()
    assert "三八节插花" in client.get("/activities/2026/").content.decode()


def test_the_organiser_sees_it_in_his_phone_calendar(organiser, womens_outing):
    token = FeedToken.objects.for_member(organiser.member)
    assert "三八节插花" in logged_in(organiser).get(f"/activities/feed/{token.token}.ics").content.decode()


def test_a_treasurer_who_organises_it_sees_it_on_his_dashboard_and_another_does_not(union, womens_outing):
    def treasurer(username, name):
        user = UserFactory(username=username, role="treasurer")
        MemberFactory(union=union, user=user, name=name, gender=Member.Gender.MALE, position="treasurer")
        return user

    organising, other = treasurer("organising", "钱会计"), treasurer("other", "冯会计")
    womens_outing.organiser = organising.member
    womens_outing.save()
    assert "三八节插花" in logged_in(organising).get("/").content.decode()
    assert "三八节插花" not in logged_in(other).get("/").content.decode()


def test_the_organiser_is_not_offered_a_place_among_the_audience(organiser, womens_outing):
    client = logged_in(organiser)
    assert f'action="/activities/{womens_outing.pk}/signup/"' not in client.get(
        f"/activities/{womens_outing.pk}/").content.decode()
    client.post(f"/activities/{womens_outing.pk}/signup/")
    assert not womens_outing.signups.exists()


def test_another_man_gets_the_chinese_404_page(union, womens_outing):
    bystander = member_login(union, "bystander", "吴老师")
    client = logged_in(bystander)
    response = client.get(f"/activities/{womens_outing.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "三八节插花" not in html
    assert client.post(f"/activities/{womens_outing.pk}/signup/").status_code == 404
    assert "三八节插花" not in client.get("/activities/2026/3/").content.decode()
    assert "三八节插花" not in client.get("/activities/2026/").content.decode()
    assert "三八节插花" not in client.get("/").content.decode()
    token = FeedToken.objects.for_member(bystander.member)
    assert "三八节插花" not in client.get(f"/activities/feed/{token.token}.ics").content.decode()


def test_a_woman_of_the_audience_sees_it(union, womens_outing):
    client = logged_in(member_login(union, "teacher", "郑老师", gender=Member.Gender.FEMALE))
    assert client.get(f"/activities/{womens_outing.pk}/").status_code == 200
    assert "三八节插花" in client.get("/activities/2026/3/").content.decode()


def test_the_committee_sees_it_whoever_organises_it(committee_user, womens_outing):
    committee_user.member.gender = Member.Gender.MALE
    committee_user.member.save()
    client = logged_in(committee_user)
    assert client.get(f"/activities/{womens_outing.pk}/").status_code == 200
    assert "三八节插花" in client.get("/activities/2026/3/").content.decode()
    assert "三八节插花" in client.get("/activities/2026/").content.decode()


@pytest.mark.parametrize("organiser_first", [True, False])
def test_the_cached_month_shows_it_to_the_organiser_alone_among_men(union, organiser, womens_outing, organiser_first):
    bystander = logged_in(member_login(union, "bystander", "吴老师"))
    readers = [(logged_in(organiser), True), (bystander, False)]
    for client, sees in readers if organiser_first else readers[::-1]:
        assert ("三八节插花" in client.get("/activities/2026/3/").content.decode()) is sees
        assert ("三八节插花" in client.get("/activities/2026/").content.decode()) is sees


def test_a_new_organiser_sees_it_at_once_and_the_old_one_no_longer(union, login, committee_user, organiser,
                                                                   womens_outing):
    other = member_login(union, "other-organiser", "孙老师")
    old, new = logged_in(organiser), logged_in(other)
    assert "三八节插花" in old.get("/activities/2026/3/").content.decode()
    assert "三八节插花" not in new.get("/activities/2026/3/").content.decode()
    edited = form_data(womens_outing, organiser=other.member.pk)
    assert login(committee_user).post(f"/activities/{womens_outing.pk}/edit/", edited).status_code == 302
    assert "三八节插花" not in old.get("/activities/2026/3/").content.decode()
    assert "三八节插花" in new.get("/activities/2026/3/").content.decode()
