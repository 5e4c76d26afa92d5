"""seed_demo's money: wage bases and dues (mostly paid, a few in arrears), income, an approved budget,
expenses tied to activities and care visits, a signed first-half review — and no duplicates."""

from datetime import date

import pytest

from funds.demo import BUDGET
from funds.models import BudgetLine, Dues, Expense, FundReview, Income, WageBase
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db

YEAR = DEMO_TODAY.year


def counts():
    return [m.objects.count() for m in (WageBase, Dues, Income, BudgetLine, Expense, FundReview)]


@pytest.fixture
def demo(seed_demo):
    seed_demo()
    return counts()


def test_the_demo_year_has_money(demo):
    assert Dues.objects.count() > 0
    unpaid = Dues.objects.filter(paid_on__isnull=True).count()
    assert 0 < unpaid < Dues.objects.count() // 10  # mostly paid, a few in arrears
    assert BudgetLine.objects.filter(approved_at__isnull=False).count() == len(BUDGET) == 8  # 5 accounts, 3 sub-items
    assert Income.objects.exists()
    assert Expense.objects.filter(activity__isnull=False).exists()
    assert Expense.objects.filter(care_visit__isnull=False).exists()


def test_the_first_half_is_reviewed_and_locked(demo):
    review = FundReview.objects.get()
    assert review.status == FundReview.Status.SIGNED and review.conclusion == "remarks"
    assert review.signatures.count() == review.reviewers.count() == 1


def test_running_it_again_changes_nothing(demo, seed_demo):
    seed_demo()
    assert counts() == demo


def test_a_past_year_is_complete(seed_demo):
    seed_demo(year=YEAR - 1)
    assert set(Dues.objects.values_list("month", flat=True)) == set(range(1, 13))
    assert FundReview.objects.get().status == FundReview.Status.SIGNED


def test_money_is_recorded_up_to_the_demos_today_and_not_beyond(seed_demo):
    seed_demo(today=date(2026, 3, 20))
    assert not Expense.objects.filter(date__gt=date(2026, 3, 20)).exists()
    assert not Income.objects.filter(date__gt=date(2026, 3, 20)).exists()
    assert not FundReview.objects.exists()  # the first half is reviewed in July


def test_expenses_are_paid_to_whoever_sells_what_was_bought(demo):
    check = Expense.objects.get(activity__title="教师体检")
    assert check.payee == "湘雅二医院体检中心"
    for expense in Expense.objects.filter(activity__category__key="sports"):
        assert expense.payee in {"湘江文体用品店", "长沙体育用品商城"}, expense.payee
    assert not Expense.objects.filter(activity__isnull=False, payee="新华书店").exclude(
        activity__category__key__in=["competition", "training"]
    ).exists()
