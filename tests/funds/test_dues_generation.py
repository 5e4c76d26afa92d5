"""Generating a month's or a year's dues in one action; running it again creates no duplicates."""

from datetime import date
from decimal import Decimal

import pytest

from funds.dues import arrears_grid, generate_dues, mark_paid, members_in_arrears
from funds.models import Dues, WageBase
from members.models import HistoryEntry
from tests.factories import MemberFactory, UnionGroupFactory, WageBaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(union, fund_settings):
    members = [MemberFactory(union=union, name=f"教师{i}") for i in range(3)]
    for member, wage in zip(members, ["5000", "6000", "7000"], strict=True):
        WageBaseFactory(member=member, amount=Decimal(wage))
    return members


def test_generating_a_year_creates_twelve_months_for_each_paying_member(union, staff, treasurer_user):
    result = generate_dues(union, 2026, range(1, 13), by=treasurer_user)
    assert result.created == 36
    assert Dues.objects.count() == 36
    assert Dues.objects.for_union(union).totals()["expected"] == Decimal("12") * (25 + 30 + 35)


def test_generating_again_creates_no_duplicates(union, staff, treasurer_user):
    generate_dues(union, 2026, [1, 2], by=treasurer_user)
    again = generate_dues(union, 2026, range(1, 13), by=treasurer_user)
    assert again.created == 30 and again.unchanged == 6
    assert generate_dues(union, 2026, range(1, 13), by=treasurer_user).created == 0
    assert Dues.objects.count() == 36


def test_generating_again_recalculates_unpaid_rows_but_never_paid_ones(union, staff, treasurer_user):
    generate_dues(union, 2026, [1, 2], by=treasurer_user)
    january = Dues.objects.get(member=staff[0], month=1)
    mark_paid(union, [january.pk], date(2026, 1, 20), "payroll", by=treasurer_user)
    WageBase.objects.filter(member=staff[0]).update(amount=Decimal("8000"))
    result = generate_dues(union, 2026, [1, 2], by=treasurer_user)
    assert result.updated == 1
    assert Dues.objects.get(member=staff[0], month=1).amount == Decimal("25.00")  # paid: as it was
    assert Dues.objects.get(member=staff[0], month=2).amount == Decimal("40.00")


def test_members_without_a_wage_base_are_reported_not_charged(union, staff):
    MemberFactory(union=union, name="新来的老师")
    result = generate_dues(union, 2026, [3], by=None)
    assert [m.name for m in result.without_wage_base] == ["新来的老师"]
    assert "新来的老师" in result.message
    assert Dues.objects.count() == 3


def test_members_who_joined_later_owe_from_their_month_on(union, fund_settings, treasurer_user):
    member = MemberFactory(union=union, joined_on=date(2026, 9, 15))
    WageBaseFactory(member=member)
    generate_dues(union, 2026, range(1, 13), by=treasurer_user)
    assert list(Dues.objects.filter(member=member).values_list("month", flat=True)) == [9, 10, 11, 12]


def test_each_generated_row_has_a_history_entry(union, staff, treasurer_user):
    generate_dues(union, 2026, [5], by=treasurer_user)
    entries = HistoryEntry.objects.filter(action="create", content_type__model="dues")
    assert entries.count() == 3
    assert all(e.actor == treasurer_user for e in entries)


def test_bulk_payment_marks_only_unpaid_rows_and_records_it(union, staff, treasurer_user):
    generate_dues(union, 2026, [1], by=treasurer_user)
    ids = list(Dues.objects.values_list("pk", flat=True))
    assert mark_paid(union, ids[:2], date(2026, 1, 25), "payroll", by=treasurer_user) == 2
    assert mark_paid(union, ids, date(2026, 1, 28), "cash", by=treasurer_user) == 1
    paid = dict(Dues.objects.values_list("pk", "paid_on"))
    assert paid[ids[0]] == date(2026, 1, 25) and paid[ids[2]] == date(2026, 1, 28)
    entry = HistoryEntry.objects.filter(action="change", object_id=str(ids[0])).get()
    assert entry.changes["缴费日期"] == ["", "2026-01-25"]


def test_bulk_payment_ignores_another_unions_dues(union, other_union, staff, treasurer_user):
    stranger = MemberFactory(union=other_union)
    WageBaseFactory(member=stranger)
    generate_dues(other_union, 2026, [1], by=None)
    theirs = Dues.objects.get(member=stranger)
    assert mark_paid(union, [theirs.pk], date(2026, 1, 25), "cash", by=treasurer_user) == 0
    theirs.refresh_from_db()
    assert theirs.paid_on is None


def test_arrears_are_counted_per_group_and_month(union, fund_settings, treasurer_user):
    math, chinese = (
        UnionGroupFactory(union=union, name="数学组"),
        UnionGroupFactory(union=union, name="语文组"),
    )
    a = MemberFactory(union=union, group=math, name="甲")
    b = MemberFactory(union=union, group=math, name="乙")
    c = MemberFactory(union=union, group=chinese, name="丙")
    for m in (a, b, c):
        WageBaseFactory(member=m, amount=Decimal("4000"))  # 20.00 a month
    generate_dues(union, 2026, [1, 2, 3], by=treasurer_user)
    paid = Dues.objects.filter(member__in=[a, c], month__in=[1, 2]).values_list("pk", flat=True)
    mark_paid(union, list(paid), date(2026, 2, 28), "payroll", by=treasurer_user)
    rows, total = arrears_grid(union, 2026)
    math_row = next(r for r in rows if r.group == "数学组")
    assert [cell.count for cell in math_row.cells[:3]] == [1, 1, 2]
    assert math_row.amount == Decimal("80.00")
    assert total.count == 5 and total.amount == Decimal("100.00")
    owed = {row["member__name"]: (row["months"], row["amount"]) for row in members_in_arrears(union, 2026)}
    assert owed == {"甲": (1, Decimal("20.00")), "乙": (3, Decimal("60.00")), "丙": (1, Decimal("20.00"))}
    assert [r["member__name"] for r in members_in_arrears(union, 2026, month=1)] == ["乙"]
