"""Signing up and cancelling: places, the deadline, audiences, and never two sign-ups for one member."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from activities.models import Activity, Audience, Signup
from activities.signups import SignupRefused, cancel_signup, sign_up
from members.models import Member
from tests.factories import ActivityFactory, MemberFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_member_signs_up_and_sees_signed_up(login, member_user, open_activity):
    client = login(member_user)
    response = client.post(f"/activities/{open_activity.pk}/signup/", follow=True)
    html = response.content.decode()
    assert "已报名" in html and "取消报名" in html
    assert Signup.objects.filter(activity=open_activity, member=member_user.member).count() == 1


def test_signing_up_twice_keeps_one_signup(login, member_user, open_activity):
    client = login(member_user)
    client.post(f"/activities/{open_activity.pk}/signup/")
    response = client.post(f"/activities/{open_activity.pk}/signup/", follow=True)
    assert "您已经报名了" in response.content.decode()
    assert Signup.objects.filter(activity=open_activity).count() == 1


def test_the_database_refuses_a_second_signup_of_the_same_member(open_activity, member_user):
    Signup.objects.create(union=open_activity.union, activity=open_activity, member=member_user.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(union=open_activity.union, activity=open_activity, member=member_user.member)


def test_a_full_activity_refuses_more_signups(login, member_user, open_activity, union):
    for _ in range(3):
        SignupFactory(activity=open_activity)
    response = login(member_user).post(f"/activities/{open_activity.pk}/signup/", follow=True)
    assert "名额已满" in response.content.decode()
    assert open_activity.signups.count() == 3


def test_the_page_shows_places_left(login, member_user, open_activity):
    SignupFactory(activity=open_activity)
    html = login(member_user).get(f"/activities/{open_activity.pk}/").content.decode()
    assert "已报名1人，共3个名额，剩余2个" in html and "我要报名" in html


def test_signup_after_the_deadline_is_refused(login, member_user, open_activity):
    open_activity.signup_deadline = timezone.now() - timedelta(minutes=1)
    open_activity.save()
    response = login(member_user).post(f"/activities/{open_activity.pk}/signup/", follow=True)
    assert "报名已于" in response.content.decode()
    assert not open_activity.signups.exists()


def test_without_a_deadline_signup_closes_when_the_activity_starts(member_user, union, categories, today):
    started = ActivityFactory(
        union=union, category=categories["sports"], start_date=today, start_time=time(0, 0), signup_open=True
    )
    with pytest.raises(SignupRefused):
        sign_up(started, member_user.member)
    tomorrow = ActivityFactory(
        union=union, category=categories["sports"], start_date=today + timedelta(days=1), signup_open=True
    )
    assert sign_up(tomorrow, member_user.member)


def test_cancel_frees_the_place_and_allows_signing_up_again(login, member_user, open_activity):
    client = login(member_user)
    client.post(f"/activities/{open_activity.pk}/signup/")
    response = client.post(f"/activities/{open_activity.pk}/cancel-signup/", follow=True)
    assert "已取消报名" in response.content.decode()
    assert not open_activity.signups.exists()
    client.post(f"/activities/{open_activity.pk}/signup/")
    assert open_activity.signups.count() == 1


def test_cancelling_after_the_deadline_is_refused(member_user, open_activity):
    SignupFactory(activity=open_activity, member=member_user.member)
    open_activity.signup_deadline = timezone.now() - timedelta(hours=1)
    open_activity.save()
    with pytest.raises(SignupRefused):
        cancel_signup(open_activity, member_user.member)
    assert open_activity.signups.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"signup_open": False},
        {"status": Activity.Status.CANCELLED},
        {"status": Activity.Status.DONE},
        {"start_date": None, "year": 2026, "month": 12},
    ],
)
def test_no_signup_when_the_activity_takes_none(member_user, open_activity, change):
    for field, value in change.items():
        setattr(open_activity, field, value)
    open_activity.save()
    with pytest.raises(SignupRefused):
        sign_up(open_activity, member_user.member)


def test_a_member_outside_the_audience_cannot_sign_up(login, union, open_activity):
    from tests.conftest import _user_with_member

    open_activity.audience = Audience.WOMEN
    open_activity.save()
    man = _user_with_member(union, "member", "王老师", gender=Member.Gender.MALE)
    assert login(man).post(f"/activities/{open_activity.pk}/signup/").status_code == 404
    assert not open_activity.signups.exists()


def test_signup_needs_post(login, member_user, open_activity):
    assert login(member_user).get(f"/activities/{open_activity.pk}/signup/").status_code == 405


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_overfill_nor_double(union, categories):
    """Ten members twice each, at once, for five places: five sign-ups, nobody twice."""
    activity = ActivityFactory(
        union=union,
        category=categories["sports"],
        signup_open=True,
        capacity=5,
        start_date=timezone.localdate() + timedelta(days=5),
    )
    members = [MemberFactory(union=union) for _ in range(10)]
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt(member):
        try:
            barrier.wait()
            sign_up(activity, member)
            outcomes.append("ok")
        except SignupRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in members for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 5
    assert Signup.objects.filter(activity=activity).count() == 5
    assert Signup.objects.filter(activity=activity).values("member").distinct().count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_the_same_member_twice_at_once_gets_one_signup(union, categories):
    activity = ActivityFactory(
        union=union,
        category=categories["sports"],
        signup_open=True,
        start_date=timezone.localdate() + timedelta(days=5),
    )
    member = MemberFactory(union=union)
    barrier = threading.Barrier(8)

    def attempt():
        try:
            barrier.wait()
            sign_up(activity, member)
        except SignupRefused:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Signup.objects.filter(activity=activity, member=member).count() == 1


def test_deadline_is_shown_in_shanghai_time(login, member_user, open_activity):
    open_activity.signup_deadline = timezone.make_aware(
        datetime.combine(open_activity.start_date - timedelta(days=1), time(18, 0))
    )
    open_activity.save()
    html = login(member_user).get(f"/activities/{open_activity.pk}/").content.decode()
    assert "18:00" in html
