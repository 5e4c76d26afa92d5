"""Funds pages run a fixed number of queries at a large union's size (20,000 dues rows and more)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from funds.models import BudgetLine, Dues, Expense, FundReview, Income, WageBase
from members.models import Member, UnionGroup
from members.names import pinyin_key
from tests.factories import bulk_create_members

pytestmark = pytest.mark.django_db

MEMBERS = 1700  # × 12 months = 20,400 dues rows


@pytest.fixture
def large_union(union, categories, treasurer_user):
    groups = UnionGroup.objects.bulk_create(UnionGroup(union=union, name=f"第{i}小组") for i in range(40))
    members = bulk_create_members(
        Member(union=union, name=f"会员{i:05d}", gender="F", employee_number=f"L{i:05d}", group=groups[i % 40])
        for i in range(MEMBERS)
    )
    WageBase.objects.bulk_create(WageBase(union=union, member=m, year=2026, amount=Decimal("5000")) for m in members)
    Dues.objects.bulk_create(
        (
            Dues(
                union=union,
                member=m,
                year=2026,
                month=month,
                wage_base=Decimal("5000"),
                rate=Decimal("0.50"),
                amount=Decimal("25.00"),
                paid_on=date(2026, month, 15) if (i + month) % 7 else None,
                method="payroll" if (i + month) % 7 else "",
            )
            for i, m in enumerate(members)
            for month in range(1, 13)
        ),
        batch_size=2000,
    )
    category_list = list(categories.values())
    Expense.objects.bulk_create(
        Expense(
            union=union,
            date=date(2026, 1, 1) + timedelta(days=i % 365),
            category=category_list[i % 5],
            amount=Decimal("12.34"),
            payee="某",
            description=f"支出{i}",
        )
        for i in range(2000)
    )
    Income.objects.bulk_create(
        Income(
            union=union,
            date=date(2026, 1, 1) + timedelta(days=i % 365),
            source="allocated",
            amount=Decimal("100.00"),
        )
        for i in range(500)
    )
    for category in category_list:
        BudgetLine.objects.create(union=union, year=2026, category=category, amount=Decimal("50000"))
    FundReview.objects.create(union=union, year=2026, kind="first_half", start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert Dues.objects.count() >= 20_000
    return union


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/funds/2026/", 10),
        ("/funds/2026/dues/?month=3", 10),
        # Deep pages: the cursor is a member's id, name in pinyin and employee number.
        (f"/funds/2026/dues/?month=3&status=unpaid&after=800:{pinyin_key('会员00800')}:L00800", 10),
        (f"/funds/2026/dues/?month=3&before=1600:{pinyin_key('会员01600')}:L01600", 10),
        ("/funds/2026/arrears/", 10),
        (f"/funds/2026/arrears/?after=900:{pinyin_key('会员00900')}:L00900", 10),
        ("/funds/2026/wages/?page=30", 10),
        ("/funds/2026/income/", 10),
        ("/funds/2026/expenses/?page=35", 10),
        ("/funds/2026/budget/", 10),
        ("/funds/reviews/", 10),
        ("/", 30),
    ],
)
def test_pages_stay_within_their_query_budget(
    client, large_union, treasurer_user, url, budget, django_assert_max_num_queries
):
    client.force_login(treasurer_user)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


def test_the_budget_execution_figures_hold_at_size(client, large_union, treasurer_user):
    client.force_login(treasurer_user)
    page = client.get("/funds/2026/").content.decode()
    assert "24,680.00" in page  # 2000 expenses × 12.34
    expected = Dues.objects.filter(paid_on__isnull=False).count() * 25
    assert f"{expected:,}.00" in page
