"""A signed fund review locks its period: dues, income and expenses dated in it cannot be added,
changed or deleted — in views, the admin, or code — until the chair reopens it with a reason."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funds.dues import generate_dues, mark_paid
from funds.models import Dues, Expense, FundReview, PeriodLocked
from members.history import delete_recorded, save_recorded
from members.models import HistoryEntry
from tests.factories import (
    DuesFactory,
    ExpenseFactory,
    FundReviewFactory,
    IncomeFactory,
    MemberFactory,
    WageBaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(union, reviewer_user):
    return reviewer_user.member


@pytest.fixture
def signed_first_half(union, reviewer, reviewer_user):
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer])
    review.sign(reviewer, by=reviewer_user, today=review.signable_from)
    review.refresh_from_db()
    assert review.status == FundReview.Status.SIGNED
    return review


def test_an_expense_cannot_be_added_in_a_locked_period(union, categories, signed_first_half):
    with pytest.raises(PeriodLocked) as refused:
        ExpenseFactory(union=union, category=categories["职工活动支出"], date=date(2026, 3, 8))
    assert "2026年1月1日至6月30日" in str(refused.value)
    assert "主席" in str(refused.value)
    ExpenseFactory(union=union, category=categories["职工活动支出"], date=date(2026, 7, 1))  # after: fine


def test_an_expense_in_a_locked_period_cannot_be_changed_or_deleted(union, categories, reviewer, reviewer_user):
    expense = ExpenseFactory(union=union, category=categories["业务支出"], date=date(2026, 5, 4))
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer])
    review.sign(reviewer, by=reviewer_user, today=review.signable_from)
    expense.amount = Decimal("1.00")
    with pytest.raises(PeriodLocked):
        expense.save()
    with pytest.raises(PeriodLocked):
        delete_recorded(Expense.objects.get(pk=expense.pk), by=None)
    with pytest.raises(PeriodLocked):
        Expense.objects.filter(pk=expense.pk).update(amount=Decimal("2.00"))
    with pytest.raises(PeriodLocked):
        Expense.objects.filter(pk=expense.pk).delete()
    assert Expense.objects.get(pk=expense.pk).amount == Decimal("100.00")


def test_an_expense_cannot_be_moved_into_or_out_of_a_locked_period(union, categories, signed_first_half):
    expense = ExpenseFactory(union=union, category=categories["业务支出"], date=date(2026, 8, 4))
    expense.date = date(2026, 6, 30)
    with pytest.raises(PeriodLocked):
        save_recorded(expense, by=None)


def test_income_in_a_locked_period_is_refused(union, signed_first_half):
    with pytest.raises(PeriodLocked):
        IncomeFactory(union=union, date=date(2026, 1, 1))
    IncomeFactory(union=union, date=date(2025, 12, 31))


def test_dues_of_a_locked_month_cannot_be_generated(union, fund_settings, signed_first_half):
    WageBaseFactory(member=MemberFactory(union=union))
    with pytest.raises(PeriodLocked):
        generate_dues(union, 2026, range(1, 13), by=None)
    assert Dues.objects.count() == 0
    assert generate_dues(union, 2026, range(7, 13), by=None).created > 0


def test_a_payment_dated_in_a_locked_period_is_refused(union, signed_first_half):
    dues = DuesFactory(member=MemberFactory(union=union), month=7)
    with pytest.raises(PeriodLocked):
        mark_paid(union, [dues.pk], date(2026, 6, 30), "cash", by=None)
    dues.paid_on, dues.method = date(2026, 6, 30), "cash"
    with pytest.raises(PeriodLocked):
        dues.save()


def test_arrears_of_a_locked_month_can_still_be_paid_later(union, reviewer, reviewer_user):
    dues = DuesFactory(member=MemberFactory(union=union), month=3)
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer])
    review.sign(reviewer, by=reviewer_user, today=review.signable_from)
    # Paying in August changes August's collection, not what the reviewers saw for the first half.
    assert mark_paid(union, [dues.pk], date(2026, 8, 3), "cash", by=None) == 1
    dues.refresh_from_db()
    dues.amount = Decimal("1.00")
    with pytest.raises(PeriodLocked):
        dues.save()


def test_a_paid_due_in_a_locked_period_cannot_be_unpaid(union, reviewer, reviewer_user):
    dues = DuesFactory(member=MemberFactory(union=union), month=3, paid_on=date(2026, 3, 20), method="cash")
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer])
    review.sign(reviewer, by=reviewer_user, today=review.signable_from)
    dues.paid_on, dues.method = None, ""
    with pytest.raises(PeriodLocked):
        save_recorded(dues, by=None)


def test_the_lock_is_a_validation_error_so_forms_and_the_admin_show_it(union, signed_first_half, categories):
    expense = Expense(
        union=union,
        category=categories["其他支出"],
        date=date(2026, 2, 1),
        amount=Decimal("5"),
        payee="某",
        description="某",
    )
    with pytest.raises(ValidationError):
        expense.full_clean()


def assert_open(union, categories):
    """Money in March can still be added, changed and deleted."""
    expense = ExpenseFactory(union=union, category=categories["其他支出"], date=date(2026, 3, 1), amount=Decimal("5"))
    expense.amount = Decimal("7.50")
    save_recorded(expense, by=None)
    assert Expense.objects.get(pk=expense.pk).amount == Decimal("7.50")
    delete_recorded(expense, by=None)
    assert not Expense.objects.filter(pk=expense.pk).exists()


def test_another_unions_review_locks_nothing_here(union, other_union, categories):
    reviewer = MemberFactory(union=other_union)
    review = FundReviewFactory(union=other_union)
    review.reviewers.set([reviewer])
    review.sign(reviewer, by=None, today=review.signable_from)
    review.refresh_from_db()
    assert review.status == FundReview.Status.SIGNED  # it does lock the other union's first half
    assert_open(union, categories)


def test_an_unsigned_review_locks_nothing(union, categories, reviewer):
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer])
    assert review.status == FundReview.Status.DRAFT
    assert_open(union, categories)


def test_the_period_locks_only_when_every_reviewer_has_signed(union, categories, reviewer, reviewer_user):
    second = MemberFactory(union=union, name="第二位经审")
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer, second])
    review.sign(reviewer, by=reviewer_user, today=review.signable_from)
    review.refresh_from_db()
    assert review.status == FundReview.Status.DRAFT
    ExpenseFactory(union=union, category=categories["其他支出"], date=date(2026, 3, 1))
    review.sign(second, by=None, today=review.signable_from)
    review.refresh_from_db()
    assert review.status == FundReview.Status.SIGNED
    with pytest.raises(PeriodLocked):
        ExpenseFactory(union=union, category=categories["其他支出"], date=date(2026, 3, 2))


def test_only_named_reviewers_sign(union, reviewer, committee_user):
    review = FundReviewFactory(union=union)
    review.reviewers.set([reviewer])
    with pytest.raises(ValidationError):
        review.sign(committee_user.member, by=committee_user, today=review.signable_from)


def test_a_review_without_conclusion_cannot_be_signed(union, reviewer, reviewer_user):
    review = FundReviewFactory(union=union, conclusion="")
    review.reviewers.set([reviewer])
    with pytest.raises(ValidationError):
        review.sign(reviewer, by=reviewer_user, today=review.signable_from)


def test_reopening_needs_a_reason_is_recorded_and_unlocks(union, categories, signed_first_half, chair_user):
    with pytest.raises(ValidationError):
        signed_first_half.reopen(by=chair_user, reason="  ")
    signed_first_half.reopen(by=chair_user, reason="发现一笔支出记错科目，需更正")
    signed_first_half.refresh_from_db()
    assert signed_first_half.status == FundReview.Status.REOPENED
    assert signed_first_half.reopened_by == chair_user
    assert signed_first_half.signatures.count() == 0
    entry = HistoryEntry.objects.for_object(signed_first_half).filter(action="change").first()
    assert "发现一笔支出记错科目，需更正" in str(entry.changes)
    assert entry.actor == chair_user
    ExpenseFactory(union=union, category=categories["其他支出"], date=date(2026, 3, 1))
