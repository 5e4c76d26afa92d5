"""year_summary: the members' and care figures of a year, checked against hand-counted expectations."""

from datetime import date
from decimal import Decimal

import pytest

from members.models import CareReason, CareSettings, Member
from members.summary import year_summary
from tests.factories import CareVisitFactory, DepartmentFactory, HardshipRecordFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(union, other_union):
    maths = DepartmentFactory(union=union, name="数学组")
    chinese = DepartmentFactory(union=union, name="语文组")
    a = MemberFactory(union=union, gender="F", department=maths, joined_on=date(2010, 9, 1))
    b = MemberFactory(union=union, gender="M", department=maths, joined_on=date(2026, 3, 1))  # joined
    c = MemberFactory(
        union=union,
        gender="F",
        department=chinese,
        joined_on=date(2000, 9, 1),
        status=Member.Status.RETIRED,
        retired_on=date(2026, 7, 1),
    )  # retired, still a member
    MemberFactory(
        union=union,
        gender="M",
        department=chinese,
        joined_on=date(2001, 9, 1),
        status=Member.Status.LEFT,
        left_on=date(2026, 5, 1),
    )  # left this year
    MemberFactory(union=union, gender="M", status=Member.Status.LEFT, left_on=date(2024, 5, 1))  # left before
    MemberFactory(union=union, gender="F", joined_on=date(2027, 1, 5))  # joins next year
    MemberFactory(union=other_union, gender="F")  # another union: never counted
    HardshipRecordFactory(union=union, member=a, since=date(2025, 1, 1))
    HardshipRecordFactory(union=union, member=b, since=date(2020, 1, 1), until=date(2026, 2, 1))
    HardshipRecordFactory(union=union, member=c, since=date(2027, 1, 1))  # not this year
    CareVisitFactory(
        union=union, member=a, reason=CareReason.WARMTH, date=date(2026, 1, 20), amount=Decimal("800")
    )
    CareVisitFactory(
        union=union, member=a, reason=CareReason.BIRTHDAY, date=date(2026, 4, 2), amount=Decimal("200")
    )
    CareVisitFactory(union=union, member=c, reason=CareReason.RETIREMENT, date=date(2026, 7, 2), amount=None)
    CareVisitFactory(
        union=union, member=c, reason=CareReason.BIRTHDAY, date=date(2026, 9, 9), amount=Decimal("200")
    )
    CareVisitFactory(union=union, member=b, reason=CareReason.ILLNESS, date=date(2025, 12, 30))  # last year
    return union


def test_year_summary_counts_members_and_care(year_2026, committee_user, django_assert_max_num_queries):
    # committee_user adds one more member: female, no department, joined unknown.
    with django_assert_max_num_queries(6):
        summary = year_summary(year_2026, 2026)
    assert (summary.total, summary.joined, summary.left, summary.retired) == (4, 1, 1, 1)
    assert (summary.men, summary.women) == (1, 3)
    assert summary.by_department[0].label == "数学组"  # largest first
    assert {d.label: d.count for d in summary.by_department} == {"数学组": 2, "语文组": 1, "—": 1}
    assert summary.birthdays_greeted == 2
    assert summary.visits == 4 and summary.members_reached == 2
    assert summary.care_amount == Decimal("1200")
    assert [(r.reason, r.visits, r.amount) for r in summary.visits_by_reason] == [
        ("retirement", 1, Decimal("0")),
        ("warmth", 1, Decimal("800")),
        ("birthday", 2, Decimal("400")),
    ]
    assert (summary.hardship_members, summary.hardship_members_supported) == (2, 1)


def test_year_summary_of_an_empty_year(union):
    summary = year_summary(union, 1999)
    assert summary.total == 0 and summary.visits == 0 and summary.care_amount == Decimal("0")
    assert summary.visits_by_reason == [] and summary.by_department == []


def test_retirees_without_a_date_count_in_the_year_of_their_statutory_age(union, django_assert_max_num_queries):
    retired = {"union": union, "status": Member.Status.RETIRED}
    MemberFactory(**retired, gender="M", birth_date=date(1966, 4, 1))  # 60岁4个月 → 2026-08
    MemberFactory(**retired, gender="M", birth_date=date(1960, 4, 1))  # retired in 2020
    MemberFactory(**retired, gender="F", birth_date=date(1976, 1, 20))  # a worker: 2026-08; a cadre: 2031-09
    MemberFactory(**retired, gender="F", retirement_rule="cadre", birth_date=date(1971, 1, 10))  # 2026-05
    MemberFactory(union=union, gender="M", birth_date=date(1966, 4, 1))  # still working: not retired
    with django_assert_max_num_queries(6):
        assert year_summary(union, 2026).retired == 2
    CareSettings.objects.create(union=union, female_retirement_rule="worker")
    assert year_summary(union, 2026).retired == 3
    assert year_summary(union, 2020).retired == 1
