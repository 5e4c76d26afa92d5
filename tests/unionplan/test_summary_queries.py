"""The summary page and its exports run a fixed number of queries whatever the size of the year.

Where the queries go (PostgreSQL and SQLite alike, the page and the files alike):
    the request: session, user with member, permissions                          3
    plans.summary 1, activities.summary 2, members.summary 2, funds.summary 2     7
    the chair's saved text (with who saved it)                                    1
The budgets below are the issue's target (14), not these 11.
"""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, Signup
from funds.models import Dues, Expense
from members.models import CareReason, CareVisit, Member
from plans.models import AnnualPlan, PlanItem
from tests.factories import ActivityCategoryFactory, ExpenseCategoryFactory, bulk_create_members
from tests.unionplan import summary_data
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 14
EXPORT_QUERIES = 14


def grow(union, n):
    """n more of everything: members, plan items, activities with sign-ups, visits, dues, expenses."""
    day = date(2026, 1, 1)
    members = bulk_create_members(
        Member(union=union, name=f"会员{i}", gender="MF"[i % 2], employee_number=f"G{n}-{i}", joined_on=day)
        for i in range(n)
    )
    plan = AnnualPlan.objects.for_union(union).get(year=2026)
    start = plan.items.count()
    PlanItem.objects.bulk_create(
        PlanItem(
            union=union,
            plan=plan,
            position=start + i,
            level=PlanItem.Level.ITEM,
            title=f"事项{i}",
            status=["done", "in_progress", "not_started"][i % 3],
        )
        for i in range(n)
    )
    category = ActivityCategoryFactory(union=union, name=f"类别{n}")
    activities = Activity.objects.bulk_create(
        Activity(
            union=union,
            category=category,
            title=f"活动{i}",
            year=2026,
            month=1 + i % 12,
            start_date=date(2026, 1 + i % 12, 1 + i % 28),
            status=Activity.Status.DONE,
            attendance=i,
            outcome=f"成效{i}",
        )
        for i in range(n)
    )
    Signup.objects.bulk_create(
        Signup(union=union, activity=activity, member=member, attended=True)
        for activity, member in zip(activities, members, strict=True)
    )
    CareVisit.objects.bulk_create(
        CareVisit(
            union=union,
            member=member,
            date=day + timedelta(days=i % 300),
            reason=CareReason.BIRTHDAY,
            amount=D("100"),
        )
        for i, member in enumerate(members)
    )
    Dues.objects.bulk_create(
        Dues(
            union=union,
            member=member,
            year=2026,
            month=1 + i % 12,
            wage_base=D("5000"),
            rate=D("0.50"),
            amount=D("25.00"),
        )
        for i, member in enumerate(members)
    )
    expense_category = ExpenseCategoryFactory(union=union, name=f"科目{n}")
    Expense.objects.bulk_create(
        Expense(
            union=union,
            category=expense_category,
            date=day + timedelta(days=i % 300),
            amount=D("10.00"),
            payee="某",
            description="某",
        )
        for i in range(n)
    )


@pytest.fixture
def small_year(union):
    summary_data.build(union)
    YearSummary.objects.create(union=union, year=2026, achievements="成绩。")
    return union


URLS = [
    ("/summary/2026/", PAGE_QUERIES),
    ("/summary/2026.docx", EXPORT_QUERIES),
    ("/summary/2026.xlsx", EXPORT_QUERIES),
    ("/summary/2026.pdf", EXPORT_QUERIES),
]


@pytest.mark.parametrize(("url", "budget"), URLS)
def test_queries_do_not_grow_with_the_year(
    login, chair_user, small_year, url, budget, django_assert_max_num_queries
):
    client = login(chair_user)
    client.get(url)  # warm the content-type cache, as a running server has
    cache.clear()  # and count a cold build: a cached page costs 2 queries whatever the year
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(small_year, 300)
    cache.clear()
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_an_empty_year_costs_no_more(login, chair_user, django_assert_max_num_queries):
    client = login(chair_user)
    client.get("/summary/2019/")
    cache.clear()
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get("/summary/2019/")
