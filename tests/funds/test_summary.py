"""funds.summary.year_summary: the money figures of the year-end summary, in a fixed number of queries."""

from datetime import date
from decimal import Decimal as D

import pytest

from funds.execution import category_lines
from funds.models import FundReview
from funds.summary import year_summary
from tests.factories import (
    BudgetLineFactory,
    ExpenseCategoryFactory,
    ExpenseFactory,
    FundReviewFactory,
    MemberFactory,
)
from tests.funds import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(union, other_union, categories):
    dataset.build(union, categories, other_union)
    reviewer = MemberFactory(union=union, name="陈经审")
    review = FundReviewFactory(union=union, conclusion=FundReview.Conclusion.PASSED_WITH_REMARKS)
    review.reviewers.set([reviewer])
    review.sign(reviewer, by=None, today=review.signable_from)
    return year_summary(union, 2026)


def test_dues_expected_collected_in_arrears(summary):
    assert (summary.dues_expected, summary.dues_collected, summary.dues_arrears) == tuple(D(v) for v in dataset.DUES)
    assert summary.members_in_arrears == 1


def test_budget_against_actual_by_category(summary):
    got = {c.name: (c.budget, c.spent, c.over_budget) for c in summary.categories}
    assert got["职工活动支出"] == (D("10000.00"), D("6567.89"), False)
    assert got["资本性支出"] == (D("2000.00"), D("2500.00"), True)
    assert summary.budget_total == D("16500.50")
    assert summary.expense_total == D("12156.78")


def test_categories_as_the_budget_execution_lists_them(union, categories):
    """The summary reads the categories with the year's sums (funds.summary.year_sums_query): the same
    lines, in the same order, as the budget execution's, also for categories of equal order."""
    dataset.build(union, categories)
    ExpenseCategoryFactory(union=union, name="乙项", order=0)
    ExpenseCategoryFactory(union=union, name="甲项", order=0)
    ExpenseFactory(union=union, category=ExpenseCategoryFactory(union=union, name="旧科目", active=False))
    BudgetLineFactory(union=union, category=ExpenseCategoryFactory(union=union, name="停用有预算", active=False))
    ExpenseCategoryFactory(union=union, name="停用无收支", active=False)
    ExpenseFactory(union=union, category=categories["职工活动支出"], date=date(2025, 12, 31))  # another year
    expected = [
        (c.name, c.budget, c.year_spent, c.year_remaining, c.year_percent, c.over_budget)
        for c in category_lines(union, 2026)
    ]
    summary = year_summary(union, 2026)
    got = [(c.name, c.budget, c.spent, c.remaining, c.percent, c.over_budget) for c in summary.categories]
    assert got == expected
    assert {"旧科目", "停用有预算", "甲项", "乙项"} <= {c[0] for c in got} and "停用无收支" not in {c[0] for c in got}


def test_income_against_expense(summary):
    assert {i.source: i.amount for i in summary.income}["dues"] == D("80.00")
    assert summary.income_total == D("20580.95")
    assert summary.balance == D("8424.17")


def test_the_fund_reviews_conclusion(summary):
    assert summary.review.conclusion == "有意见通过"
    assert summary.review.signed is True
    assert summary.review.reviewers == ["陈经审"]
    assert "2026年1月1日至6月30日" == summary.review.period


def test_an_empty_year_is_a_sensible_summary(union):
    empty = year_summary(union, 2030)
    assert empty.is_empty and empty.review is None and empty.balance == D("0.00")


def test_fixed_number_of_queries(union, categories, django_assert_max_num_queries):
    dataset.build(union, categories)
    with django_assert_max_num_queries(6):
        year_summary(union, 2026)
