"""Dues are 0.5% of the monthly wage base by default, rounded half up to the jiao or the fen."""

from decimal import Decimal

import pytest

from funds.dues import generate_dues
from funds.models import Dues, FundSettings
from members.models import Member
from tests.factories import MemberFactory, WageBaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("wage", "rounding", "expected"),
    [
        ("5000.00", "jiao", "25.00"),
        ("4321.00", "jiao", "21.60"),  # 21.605 → 21.6
        ("4321.00", "fen", "21.61"),  # 21.605 → 21.61 (half up, not to even)
        ("4330.00", "jiao", "21.70"),  # 21.65 → 21.7
        ("6789.50", "fen", "33.95"),  # 33.9475 → 33.95
        ("6789.50", "jiao", "33.90"),
        ("3333.33", "fen", "16.67"),  # 16.66665
        ("10.00", "jiao", "0.10"),  # 0.05 → 0.1
    ],
)
def test_dues_are_the_rate_times_the_wage_base_rounded(union, wage, rounding, expected):
    settings = FundSettings.for_union(union)
    settings.rounding = rounding
    assert settings.dues_for(Decimal(wage)) == Decimal(expected)


def test_a_union_may_set_its_own_rate(union):
    settings = FundSettings.for_union(union)
    settings.dues_rate, settings.rounding = Decimal("1.00"), "fen"
    assert settings.dues_for(Decimal("4321.00")) == Decimal("43.21")


def test_default_settings_exempt_retirees_and_use_half_a_percent(union):
    settings = FundSettings.for_union(union)
    assert settings.dues_rate == Decimal("0.50")
    assert settings.rounding == "jiao"
    assert settings.exempt_statuses == ["retired"]


def test_generated_dues_store_the_base_rate_and_rounded_amount(union, fund_settings):
    member = MemberFactory(union=union, name="周老师")
    WageBaseFactory(member=member, amount=Decimal("4321.00"))
    generate_dues(union, 2026, [3], by=None)
    dues = Dues.objects.get(member=member)
    assert (dues.year, dues.month, dues.wage_base, dues.rate, dues.amount) == (
        2026,
        3,
        Decimal("4321.00"),
        Decimal("0.50"),
        Decimal("21.60"),
    )
    assert isinstance(dues.amount, Decimal)


def test_retirees_and_members_who_left_pay_no_dues(union, fund_settings):
    for status in Member.Status:
        WageBaseFactory(member=MemberFactory(union=union, status=status), amount=Decimal("3000"))
    generate_dues(union, 2026, [1], by=None)
    assert set(Dues.objects.values_list("member__status", flat=True)) == {"active", "early_retired"}


def test_exempt_statuses_are_configurable(union, fund_settings):
    fund_settings.exempt_statuses = ["retired", "early_retired"]
    fund_settings.save()
    for status in Member.Status:
        WageBaseFactory(member=MemberFactory(union=union, status=status), amount=Decimal("3000"))
    generate_dues(union, 2026, [1], by=None)
    assert list(Dues.objects.values_list("member__status", flat=True)) == ["active"]


def test_a_raise_from_july_changes_the_dues_from_july(union, fund_settings):
    member = MemberFactory(union=union)
    WageBaseFactory(member=member, amount=Decimal("5000"))
    WageBaseFactory(member=member, from_month=7, amount=Decimal("6000"))
    generate_dues(union, 2026, range(1, 13), by=None)
    amounts = list(Dues.objects.filter(member=member).order_by("month").values_list("amount", flat=True))
    assert amounts == [Decimal("25.00")] * 6 + [Decimal("30.00")] * 6
