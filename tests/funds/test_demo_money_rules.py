"""seed_demo's money under the rules (issue 17): the province's welfare standard, a care payment over
its cap with its reason, a festival distribution with its sign-for list partly signed, categories by
sub-item mapped to the official accounts, the 2% allocation month by month (January paid short), and
the final accounts' explained line — on any day of the year, nothing dated after the demo's today."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from funds.allocation import allocation_year
from funds.demo import CAPITAL_LINE, SHORT_MONTH
from funds.final_accounts import final_accounts
from funds.models import (
    Allocation,
    CareCapReason,
    DistributionRecipient,
    Expense,
    ExpenseCategory,
    FestivalDistribution,
    FinalAccountsNote,
    Income,
    WelfareStandard,
)
from funds.welfare import NATIONAL_FESTIVALS, exceptions
from members.models import Member, Union
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db

# New Year's Day, the day before 春节 2026 (02-17), the day after the demo's hospital visit (04-08),
# the last day of the first half, the day of the 中秋 goods (中秋 2026 is 09-25), New Year's Eve, a leap day.
DAYS = [date(2026, 1, 1), date(2026, 2, 16), date(2026, 4, 9), date(2026, 6, 30), date(2026, 9, 20),
        date(2026, 12, 31), date(2028, 2, 29)]


def counts():
    models = [WelfareStandard, CareCapReason, FestivalDistribution, DistributionRecipient, Allocation,
              FinalAccountsNote, ExpenseCategory, Expense, Income]
    return [m.objects.count() for m in models]


def union():
    return Union.objects.get(name__contains="第七中学")


def test_the_demos_today_shows_every_rule(seed_demo):
    year = seed_demo().year
    standard = WelfareStandard.objects.get(year=year)
    assert standard.preset == "hubei-2019" and standard.source and standard.hospital == Decimal("1000")

    [over] = exceptions(union(), date(year, 1, 1), date(year, 12, 31))
    assert over.kind == "visit" and over.over_by == Decimal("300.00") and over.cap == Decimal("1000.00")
    assert "追加慰问" in over.reason

    distribution = FestivalDistribution.objects.get()
    assert distribution.festival == "中秋" and distribution.date == date(year, 9, 20)
    active = Member.objects.for_union(union()).filter(status=Member.Status.ACTIVE).count()
    assert distribution.recipients.count() == active
    assert distribution.expense.amount == distribution.amount_per_person * active
    signed = distribution.recipients.filter(signed_at__isnull=False).count()
    assert 0 < signed < active

    register = allocation_year(union(), year, today=DEMO_TODAY)
    assert register.frequency == Allocation.Period.MONTH and not register.missing
    assert [p.number for p in register.short] == [SHORT_MONTH]
    assert register.ledger_difference == 0 and register.passed_up > 0

    accounts = final_accounts(union(), year)
    assert not accounts.unmapped
    sub_items = [line for line in accounts.lines() if line.sub_item]
    assert {line.label for line in sub_items} >= {"文体活动", "困难职工帮扶", "送温暖"}
    assert all(line.budget and line.actual for line in sub_items)
    [explained] = [line for line in accounts.lines() if line.explanation]
    assert explained.key == CAPITAL_LINE and explained.needs_explanation
    assert accounts.unexplained == []  # every other line is within 10% of its budget in December


def test_running_it_again_changes_nothing(seed_demo):
    seed_demo()
    before = counts()
    seed_demo()
    assert counts() == before


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_rules_hold_on_any_day(seed_demo, today):
    seed_demo(today=today)
    year = today.year
    assert WelfareStandard.objects.filter(year=year).count() == 1

    distribution = FestivalDistribution.objects.get()
    assert distribution.festival in NATIONAL_FESTIVALS and date(year, 1, 1) <= distribution.date <= today
    assert distribution.recipients.filter(signed_at__isnull=True).exists()
    latest = timezone.make_aware(datetime.combine(today, time(23, 59)))
    assert not distribution.recipients.filter(signed_at__gt=latest).exists()

    allocations = Allocation.objects.for_union(union()).filter(year=year)
    assert not allocations.filter(paid_on__gt=today).exists()
    register = allocation_year(union(), year, today=today)
    assert not register.missing  # every month ended has its record
    assert register.ledger_difference == 0
    if allocations.exists():
        assert [p.number for p in register.short] == [SHORT_MONTH]

    for model in (Expense, Income):
        assert not model.objects.filter(date__gt=today).exists(), model
    assert not FestivalDistribution.objects.filter(date__gt=today).exists()
    for found in exceptions(union(), date(year, 1, 1), date(year, 12, 31)):
        assert found.reason and found.date <= today

    note = FinalAccountsNote.objects.get(year=year, line=CAPITAL_LINE)
    line = next(line for line in final_accounts(union(), year).lines() if line.key == CAPITAL_LINE)
    assert line.needs_explanation and line.explanation == note.explanation


def test_a_past_year_is_complete(seed_demo):
    year = seed_demo(year=DEMO_TODAY.year - 1).year - 1
    assert Allocation.objects.for_union(union()).filter(year=year).count() == 12
    assert FestivalDistribution.objects.get().festival == "中秋"
    assert CareCapReason.objects.count() == 1
