"""The statistics export: it opens, it has the form's title lines, its rows and total agree with the roll-up."""

import io

import pytest
from openpyxl import load_workbook

from federation.rollup import load_tree, total_of, union_rows
from tests.federation.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_statistics_open_and_agree(federation, login, django_assert_max_num_queries):
    client = login(federation.federation_user)
    client.get(f"/federation/?year={YEAR}")  # the year's figures counted and stored, on any day the suite runs
    with django_assert_max_num_queries(14):
        response = client.get(f"/federation/{YEAR}/statistics.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$3:$4"
    assert str(YEAR) in sheet["A1"].value
    assert federation.root.name in sheet["A2"].value
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    rows = union_rows(load_tree(), federation.root.pk, YEAR)
    body = values[:len(rows)]
    assert [line[1] for line in body] == [row.name for row in rows]
    total = values[len(rows)]
    figures = total_of(rows)
    assert total[3:7] == [figures.employees, figures.members, figures.women, figures.migrant_workers]
    assert total[8:10] == [figures.new_unions, figures.joined]
    assert total[4] == sum(line[4] for line in body)
    member_names = ["乙校", "甲校", "片区"]
    assert not any(isinstance(v, str) and any(n in v for n in member_names) for line in values for v in line)


def test_statistics_refused_to_others(federation, login):
    assert login(federation.member_user).get(f"/federation/{YEAR}/statistics.xlsx").status_code == 403
    assert login(federation.school_chair).get(f"/federation/{YEAR}/statistics.xlsx").status_code == 403


def test_statistics_of_a_year_out_of_range(federation, login):
    assert login(federation.federation_user).get("/federation/1900/statistics.xlsx").status_code == 404


def test_a_union_name_like_a_formula_stays_text(federation, login):
    from tests.factories import UnionFactory

    UnionFactory(name='=HYPERLINK("http://example.org","点此")', parent=federation.root)
    response = login(federation.federation_user).get(f"/federation/{YEAR}/statistics.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    rogue = next(cell for cell in cells if cell.value.startswith("=HYPERLINK"))
    assert rogue.data_type == "s"
