"""The dashboard's funds panel: the year's whole budget and spending, summed by the database in one
query, equal to the budget execution's total."""

from decimal import Decimal as D

import pytest

from funds.dashboard import budget_used
from funds.execution import Execution, category_lines
from tests.unionplan import summary_data

pytestmark = pytest.mark.django_db


def test_the_budget_used_is_the_budget_executions_total(union, other_union, django_assert_num_queries):
    summary_data.build(union, other_union)  # budget 12,000.00, spent 7,156.77 (one category without budget)
    with django_assert_num_queries(1):
        used = budget_used(union, 2026)
    total = Execution(2026, category_lines(union, 2026)).total
    assert (used.budget, used.year_spent) == (D("12000.00"), D("7156.77")) == (total.budget, total.year_spent)
    assert used.over_budget is False and used.year_percent == D("59.6")


def test_a_year_without_budget_or_spending(union):
    used = budget_used(union, 2026)
    assert (used.budget, used.year_spent, used.year_percent) == (D("0.00"), D("0.00"), None)
