"""The month totals pages read always equal the sums of the dues themselves, whatever changed them."""

from datetime import date
from decimal import Decimal

import pytest

from funds.dues import generate_dues, mark_paid
from funds.models import Dues, DuesMonthTotal, dues_figures
from members.history import delete_recorded, save_recorded
from tests.factories import DuesFactory, MemberFactory, WageBaseFactory

pytestmark = pytest.mark.django_db


def live(union, year):
    """The same figures summed directly from the dues rows."""
    return Dues.objects.for_union(union).year_figures(year)


def assert_in_step(union, *years):
    for year in years:
        stored, direct = dues_figures(union, year), live(union, year)
        for name in ("expected", "collected", "arrears", "income_first_half", "income_year"):
            assert stored[name] == direct[name], (year, name)


@pytest.fixture
def staff(union, fund_settings):
    members = [MemberFactory(union=union) for _ in range(4)]
    for member, wage in zip(members, ["4321", "5000", "6789.5", "7000"], strict=True):
        WageBaseFactory(member=member, amount=Decimal(wage))
    return members


def test_generation_payment_undo_delete_keep_the_totals_in_step(union, staff):
    generate_dues(union, 2026, range(1, 13), by=None)
    assert_in_step(union, 2026)
    ids = list(Dues.objects.filter(month__lte=6).values_list("pk", flat=True))
    mark_paid(union, ids, date(2026, 6, 20), "payroll", by=None)
    assert_in_step(union, 2026)
    one = Dues.objects.filter(paid_on__isnull=False).first()
    one.paid_on, one.method = None, ""
    save_recorded(one, by=None)
    assert_in_step(union, 2026)
    delete_recorded(Dues.objects.filter(month=12).first(), by=None)
    Dues.objects.filter(month=11).delete()
    assert_in_step(union, 2026)
    assert DuesMonthTotal.objects.get(union=union, year=2026, month=1).unpaid_rows == 1


def test_last_years_dues_paid_this_year_count_as_this_years_income(union, staff):
    DuesFactory(member=staff[0], year=2025, month=12, amount=Decimal("30.00"))
    Dues.objects.filter(year=2025).update(paid_on=date(2026, 1, 10), method="cash")
    assert_in_step(union, 2025, 2026)
    assert dues_figures(union, 2026)["income_first_half"] == Decimal("30.00")
    assert dues_figures(union, 2025)["collected"] == Decimal("30.00")
    assert dues_figures(union, 2025)["income_year"] == Decimal("0.00")


def test_another_unions_dues_stay_out(union, other_union, staff):
    DuesFactory(member=MemberFactory(union=other_union), amount=Decimal("99.00"))
    generate_dues(union, 2026, [1], by=None)
    assert dues_figures(union, 2026)["expected"] == live(union, 2026)["expected"]
    assert dues_figures(other_union, 2026)["expected"] == Decimal("99.00")
