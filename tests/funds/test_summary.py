"""funds.summary.year_summary: the money figures of the year-end summary, in a fixed number of queries."""

from decimal import Decimal as D

import pytest

from funds.models import FundReview
from funds.summary import year_summary
from tests.factories import FundReviewFactory, MemberFactory
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
