"""Fixtures shared by the funds tests: the union's settings and its five default categories."""

import pytest

from funds.models import ExpenseCategory, FundSettings


@pytest.fixture
def fund_settings(union):
    return FundSettings.for_union(union)


@pytest.fixture
def categories(fund_settings, union):
    """{name: ExpenseCategory} of the default categories."""
    return {c.name: c for c in ExpenseCategory.objects.for_union(union)}
