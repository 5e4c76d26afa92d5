"""seed_demo's money: wage bases and dues (mostly paid, a few in arrears), income, an approved budget,
expenses tied to activities and care visits, a signed first-half review — and no duplicates."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from funds.models import BudgetLine, Dues, Expense, FundReview, Income, WageBase

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def counts():
    return [m.objects.count() for m in (WageBase, Dues, Income, BudgetLine, Expense, FundReview)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=YEAR)
    return counts()


def test_the_demo_year_has_money(demo):
    assert Dues.objects.count() > 0
    unpaid = Dues.objects.filter(paid_on__isnull=True).count()
    assert 0 < unpaid < Dues.objects.count() // 10  # mostly paid, a few in arrears
    assert BudgetLine.objects.filter(approved_at__isnull=False).count() == 5
    assert Income.objects.exists()
    assert Expense.objects.filter(activity__isnull=False).exists()
    assert Expense.objects.filter(care_visit__isnull=False).exists()


@pytest.mark.skipif(timezone.localdate().month < 7, reason="the first half is reviewed in July")
def test_the_first_half_is_reviewed_and_locked(demo):
    review = FundReview.objects.get()
    assert review.status == FundReview.Status.SIGNED and review.conclusion == "remarks"
    assert review.signatures.count() == review.reviewers.count() == 1


def test_running_it_again_changes_nothing(demo, settings):
    call_command("seed_demo", year=YEAR)
    assert counts() == demo


def test_a_past_year_is_complete(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=YEAR - 1)
    assert set(Dues.objects.values_list("month", flat=True)) == set(range(1, 13))
    assert FundReview.objects.get().status == FundReview.Status.SIGNED
