"""The month grid and the year schedule are cached fragments (activities/month.html, year.html, keyed by
members.versions): nobody sees them from before a save, and the cache never shows one member what
belongs to another."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from activities.models import Audience
from members.models import Member
from tests.activities.test_activity_page import form_data
from tests.factories import ActivityFactory, ExpenseFactory, MemberFactory, SignupFactory, UserFactory

pytestmark = pytest.mark.usefixtures("fragment_cache")


def month_of(activity):
    return f"/activities/{activity.start_date.year}/{activity.start_date.month}/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_edit_shows_on_the_calendar_at_once(login, member_user, committee_user, open_activity):
    reader = logged_in(member_user)
    assert "教职工羽毛球赛" in reader.get(month_of(open_activity)).content.decode()  # now cached
    edited = form_data(open_activity, title="乒乓球赛")
    saved = login(committee_user).post(f"/activities/{open_activity.pk}/edit/", edited)
    assert saved.status_code == 302
    html = reader.get(month_of(open_activity)).content.decode()
    assert "乒乓球赛" in html and "教职工羽毛球赛" not in html


def test_a_deleted_activity_leaves_the_calendar_at_once(login, member_user, committee_user, open_activity):
    reader = logged_in(member_user)
    assert "教职工羽毛球赛" in reader.get(month_of(open_activity)).content.decode()
    assert login(committee_user).post(f"/activities/{open_activity.pk}/delete/").status_code == 302
    assert "教职工羽毛球赛" not in reader.get(month_of(open_activity)).content.decode()


def test_my_sign_up_is_marked_for_me_and_not_for_the_member_beside_me(union, member_user, open_activity):
    neighbour = UserFactory(username="neighbour", role="member")
    MemberFactory(union=union, user=neighbour, name="邻座会员", gender=member_user.member.gender)
    me, them = logged_in(member_user), logged_in(neighbour)
    assert 'class="mine"' not in me.get(month_of(open_activity)).content.decode()
    assert me.post(f"/activities/{open_activity.pk}/signup/").status_code == 302
    assert 'class="mine"' in me.get(month_of(open_activity)).content.decode()
    assert 'class="mine"' not in them.get(month_of(open_activity)).content.decode()


def test_an_activity_for_women_stays_hidden_from_men_who_open_the_month_after_a_woman(union, open_activity):
    ActivityFactory(union=union, category=open_activity.category, title="三八节插花", audience=Audience.WOMEN,
                    start_date=open_activity.start_date + timedelta(days=1))
    woman, man = UserFactory(username="woman", role="member"), UserFactory(username="man", role="member")
    MemberFactory(union=union, user=woman, name="女会员", gender=Member.Gender.FEMALE)
    MemberFactory(union=union, user=man, name="男会员", gender=Member.Gender.MALE)
    assert "三八节插花" in logged_in(woman).get(month_of(open_activity)).content.decode()
    assert "三八节插花" not in logged_in(man).get(month_of(open_activity)).content.decode()


def test_a_man_made_organiser_of_an_outing_for_women_sees_it_at_once_and_the_man_beside_him_does_not(
        union, open_activity):
    outing = ActivityFactory(union=union, category=open_activity.category, title="三八节插花",
                             audience=Audience.WOMEN, start_date=open_activity.start_date + timedelta(days=1))
    organiser, neighbour = UserFactory(username="organiser", role="member"), UserFactory(username="man", role="member")
    MemberFactory(union=union, user=organiser, name="男组织者", gender=Member.Gender.MALE)
    MemberFactory(union=union, user=neighbour, name="男会员", gender=Member.Gender.MALE)
    assert "三八节插花" not in logged_in(organiser).get(month_of(open_activity)).content.decode()  # now cached
    outing.organiser = organiser.member
    outing.save()
    assert "三八节插花" in logged_in(organiser).get(month_of(open_activity)).content.decode()
    assert "三八节插花" not in logged_in(neighbour).get(month_of(open_activity)).content.decode()


def test_the_year_schedule_is_read_from_the_cache_until_an_activity_changes_and_money_does_not_retire_it(
    member_user, union, open_activity
):
    reader = logged_in(member_user)
    year = f"/activities/{open_activity.start_date.year}/"
    with CaptureQueriesContext(connection) as cold:
        reader.get(year)
    ExpenseFactory(union=union)  # the funds area: not on the schedule
    with CaptureQueriesContext(connection) as cached:
        assert "教职工羽毛球赛" in reader.get(year).content.decode()
    assert len(cached) < len(cold)
    ActivityFactory(union=union, category=open_activity.category, title="读书会",
                    start_date=open_activity.start_date)
    assert "读书会" in reader.get(year).content.decode()


def test_the_year_schedule_shows_an_edit_at_once(login, member_user, committee_user, open_activity):
    reader = logged_in(member_user)
    year = f"/activities/{open_activity.start_date.year}/"
    assert "教职工羽毛球赛" in reader.get(year).content.decode()  # now cached
    edited = form_data(open_activity, title="乒乓球赛")
    assert login(committee_user).post(f"/activities/{open_activity.pk}/edit/", edited).status_code == 302
    html = reader.get(year).content.decode()
    assert "乒乓球赛" in html and "教职工羽毛球赛" not in html


def test_a_rush_of_sign_ups_leaves_the_month_cached_for_its_readers(union, member_user, open_activity):
    others = [MemberFactory(union=union, name=f"报名者{number}") for number in range(3)]
    reader = logged_in(member_user)
    with CaptureQueriesContext(connection) as cold:
        reader.get(month_of(open_activity))
    for member in others:
        SignupFactory(activity=open_activity, member=member)
    with CaptureQueriesContext(connection) as cached:
        assert "教职工羽毛球赛" in reader.get(month_of(open_activity)).content.decode()
    assert len(cached) < len(cold)
