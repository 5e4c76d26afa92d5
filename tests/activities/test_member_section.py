"""The member's page shows their activity sign-ups (a section this app adds to the members app)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from tests.factories import ActivityFactory, MemberFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_member_page_lists_sign_ups_and_attendance(login, committee_user, union, categories):
    member = MemberFactory(union=union, name="韩露")
    held = ActivityFactory(
        union=union, category=categories["sports"], title="乒乓球赛", status=Activity.Status.DONE
    )
    SignupFactory(activity=held, member=member, attended=True)
    html = login(committee_user).get(f"/members/{member.pk}/").content.decode()
    section = html[html.index("活动报名") :]
    assert "乒乓球赛" in section and "已签到" in section


def test_the_section_costs_one_query_however_many_sign_ups(login, committee_user, union, categories):
    member = MemberFactory(union=union)
    client = login(committee_user)
    SignupFactory(activity=ActivityFactory(union=union, category=categories["sports"]), member=member)
    client.get(f"/members/{member.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/members/{member.pk}/")
    for _ in range(20):
        SignupFactory(activity=ActivityFactory(union=union, category=categories["sports"]), member=member)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/members/{member.pk}/")
    assert len(many) == len(one)
