"""/funds/<year>/: budget against spending per category, for the first half and the year, to the fen."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from funds.execution import budget_execution
from tests.funds import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(union, other_union, categories):
    dataset.build(union, categories, other_union)
    return budget_execution(union, 2026)


def test_each_category_matches_the_hand_calculation(year):
    got = {c.name: (c.budget, c.first_half_spent, c.year_spent) for c in year.categories}
    assert got == {name: tuple(D(v) for v in values) for name, values in dataset.EXPECTED.items()}


def test_remaining_and_percent_used(year):
    for c in year.categories:
        budget, h1, whole = (D(v) for v in dataset.EXPECTED[c.name])
        assert c.first_half_remaining == budget - h1
        assert c.year_remaining == budget - whole
        expected = dataset.EXPECTED_PERCENT[c.name]
        assert (c.first_half_percent, c.year_percent) == tuple(D(p) if p else None for p in expected)


def test_over_budget_categories_are_flagged(year):
    assert {c.name for c in year.categories if c.over_budget} == dataset.OVER_BUDGET
    capital = next(c for c in year.categories if c.name == "资本性支出")
    assert capital.first_half_over_budget and capital.year_remaining == D("-500.00")


def test_totals(year):
    total = year.total
    assert (total.budget, total.first_half_spent, total.year_spent) == tuple(D(v) for v in dataset.TOTAL)
    assert total.year_remaining == D("4343.72")
    assert (total.first_half_percent, total.year_percent) == (D("52.9"), D("73.7"))


def test_income_by_source_and_balance(year):
    got = {line.source: (line.first_half, line.year) for line in year.income}
    assert got == {k: (D(a), D(b)) for k, (a, b) in dataset.INCOME.items()}
    assert (year.income_first_half, year.income_year) == tuple(D(v) for v in dataset.INCOME_TOTAL)
    assert (year.balance_first_half, year.balance_year) == tuple(D(v) for v in dataset.BALANCE)


def test_amounts_are_decimals_to_the_fen(year):
    for c in year.categories:
        for value in (c.budget, c.first_half_spent, c.year_spent):
            assert isinstance(value, D) and value == value.quantize(D("0.01"))


def test_the_page_shows_the_figures_and_highlights_over_budget(login, treasurer_user, year):
    page = login(treasurer_user).get("/funds/2026/").content.decode()
    for text in [
        "¥6,567.89",
        "¥3,000.01",
        "-¥500.00",
        "¥12,156.78",
        "¥16,500.50",
        "73.7%",
        "¥20,580.95",
        "¥8,424.17",
    ]:
        assert text in page
    assert page.count('class="table-danger over-budget"') == 3
    assert "<svg" in page and "bar-over" in page


def test_committee_reads_the_totals(login, committee_user, year):
    response = login(committee_user).get("/funds/2026/")
    assert response.status_code == 200
    assert "12,156.78" in response.content.decode()


def test_excel_export_has_the_figures_and_a_native_chart(login, treasurer_user, year):
    response = login(treasurer_user).get("/funds/2026/execution.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert D(str(rows["职工活动支出"][5])) == D("6567.89")
    assert D(str(rows["合计"][1])) == D("16500.50")
    assert len(sheet._charts) == 1
    balance = {row[0]: row for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert D(str(balance["结余"][2])) == D("8424.17")


def test_an_empty_year_shows_zeros_not_an_error(login, treasurer_user, categories):
    response = login(treasurer_user).get("/funds/2031/")
    assert response.status_code == 200
    assert "0.00" in response.content.decode()


def test_a_year_out_of_range_is_404(login, treasurer_user):
    assert login(treasurer_user).get("/funds/1899/").status_code == 404
