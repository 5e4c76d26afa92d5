"""Every Excel file the app writes keeps what people typed as text: a name, a department, a note or a
title that begins with =, +, -, @, a tab or a carriage return is never a formula when the committee
opens the file (CSV/formula injection). Each export is downloaded through HTTP and read back with
openpyxl; numbers and dates stay real numbers and dates."""

import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from activities.models import Activity
from plans.models import AnnualPlan, PlanItem
from tests.factories import (
    ActivityCategoryFactory,
    ActivityFactory,
    AnnualPlanFactory,
    BudgetLineFactory,
    DepartmentFactory,
    DuesFactory,
    ExpenseCategoryFactory,
    ExpenseFactory,
    FundReviewFactory,
    MemberFactory,
    PlanItemFactory,
    SignupFactory,
    UnionGroupFactory,
)
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'
PLUS = "+1+1"
MINUS = "-2+3"
AT = "@SUM(A1)"
TAB = "\t=1+1"
RETURN = "\r=2+2"
ERROR = "#N/A"  # openpyxl would store this as an error value
APPS = ["members", "plans", "activities", "funds", "unionplan"]


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def cells(workbook):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text(workbook, *texts):
    """Each of `texts` is a whole cell, stored as text; and no cell of the file is a formula."""
    every = cells(workbook)
    assert [(c.parent.title, c.coordinate, c.value) for c in every if c.data_type in ("f", "e")] == []
    by_value = {}
    for cell in every:
        if isinstance(cell.value, str):
            by_value.setdefault(cell.value, []).append(cell)
    for text in texts:
        assert text in by_value, f"{text!r} is not a cell of the file"
        assert {cell.data_type for cell in by_value[text]} == {"s"}


def cell_starting(workbook, text):
    [cell] = [c for c in cells(workbook) if isinstance(c.value, str) and c.value.startswith(text)]
    return cell


@pytest.fixture
def rogue(union):
    """A member whose record holds formulas: name, department, union group, phone."""
    return MemberFactory(
        union=union,
        name=LINK,
        department=DepartmentFactory(union=union, name=MINUS),
        group=UnionGroupFactory(union=union, name=PLUS),
        employee_number="T0001",
        phone=AT,
        email="x@example.org",
        birth_date=date(1985, 3, 12),
        joined_on=date(2008, 9, 1),
    )


def test_the_roster_export(login, committee_user, rogue):
    book = workbook_of(login(committee_user).get("/members/export.xlsx"))
    assert_text(book, LINK, MINUS, PLUS, AT)
    [row] = [r for r in book.active.iter_rows(min_row=2, values_only=True) if r[0] == LINK]
    assert row[5] == datetime(1985, 3, 12) and row[8] == datetime(2008, 9, 1)  # dates stay dates


def test_the_credentials_sheet(login, committee_user, union):
    MemberFactory(
        union=union, name=LINK, department=DepartmentFactory(union=union, name=MINUS), employee_number=PLUS
    )
    client = login(committee_user)
    client.post("/members/accounts/new/", {"scope": "everyone", "source": "employee_number"})
    assert_text(workbook_of(client.get("/members/accounts/sheet.xlsx")), LINK, MINUS, PLUS)


def test_the_wage_template(login, treasurer_user, rogue):
    book = workbook_of(login(treasurer_user).get("/funds/2026/wages/template.xlsx?month=1"))
    assert_text(book, LINK, MINUS, "T0001")


def test_the_arrears_list(login, treasurer_user, union, rogue):
    for month in (1, 2):
        DuesFactory(member=rogue, month=month, amount=Decimal("25.00"))
    ghost = MemberFactory(union=union, name=AT, group=UnionGroupFactory(union=union, name=ERROR))
    DuesFactory(member=ghost, month=1, amount=Decimal("12.50"))
    book = workbook_of(login(treasurer_user).get("/funds/2026/arrears.xlsx"))
    assert_text(book, LINK, PLUS, AT, ERROR)
    detail = {row[2]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert detail[LINK][4] == 50 and detail[AT][4] == 12.5  # amounts stay numbers


def test_the_budget_execution(login, treasurer_user, union):
    union.name = '=HYPERLINK("http://x","工会")'
    union.save()
    BudgetLineFactory(union=union, category=ExpenseCategoryFactory(union=union, name=LINK), amount=Decimal("1000"))
    ExpenseFactory(union=union, category=ExpenseCategoryFactory(union=union, name=MINUS), payee=PLUS, description=AT)
    book = workbook_of(login(treasurer_user).get("/funds/2026/execution.xlsx"))
    assert_text(book, LINK, MINUS)
    assert cell_starting(book, union.name).data_type == "s"  # the title row begins with the union's name
    [budget] = [row[1] for row in book.active.iter_rows(min_row=4, values_only=True) if row[0] == LINK]
    assert budget == 1000


@pytest.fixture
def march_activity(union, committee_user, rogue):
    activity = ActivityFactory(
        union=union,
        title=LINK,
        location=TAB,
        category=ActivityCategoryFactory(union=union, name=PLUS),
        organiser=rogue,
        start_date=date(2026, 3, 10),
    )
    SignupFactory(activity=activity, member=rogue, note=AT)
    SignupFactory(activity=activity, member=MemberFactory(union=union, name="周老师"), note=RETURN)
    return activity


def test_the_year_schedule(login, committee_user, march_activity):
    book = workbook_of(login(committee_user).get("/activities/2026/schedule.xlsx"))
    assert_text(book, LINK, TAB, PLUS)


def test_the_sign_in_sheet(login, committee_user, march_activity):
    book = workbook_of(login(committee_user).get(f"/activities/{march_activity.pk}/signin-sheet.xlsx"))
    assert_text(book, LINK, MINUS, AT, RETURN)
    assert cell_starting(book, LINK + " ").data_type == "s"  # the title row: "<title> 签到表"
    numbers = [row[0] for row in book.active.iter_rows(min_row=4, values_only=True)]
    assert numbers == [1, 2]  # the 序号 column stays numbers


def test_the_year_end_summary(login, chair_user, union, rogue):
    plan = AnnualPlanFactory(union=union, year=2026, status=AnnualPlan.Status.APPROVED)
    PlanItemFactory(plan=plan, level=PlanItem.Level.PART, title="关爱职工")
    PlanItemFactory(plan=plan, level=PlanItem.Level.ITEM, title=MINUS, status="done", outcome=AT)
    ActivityFactory(
        union=union,
        title=PLUS,
        status=Activity.Status.DONE,
        attendance=12,
        outcome=TAB,
        category=ActivityCategoryFactory(union=union, name=ERROR),
    )
    BudgetLineFactory(union=union, category=ExpenseCategoryFactory(union=union, name=LINK), amount=Decimal("500"))
    FundReviewFactory(union=union, findings=RETURN)
    YearSummary.objects.create(union=union, year=2026, achievements=f"{LINK}\n{AT}", problems=PLUS, next_year=MINUS)
    book = workbook_of(login(chair_user).get("/summary/2026.xlsx"))
    assert_text(book, LINK, PLUS, MINUS, AT, TAB, ERROR)


def test_every_writer_saves_through_the_one_helper():
    """A new export cannot forget: no module saves a workbook but members/spreadsheets.py."""
    root = Path(__file__).resolve().parents[2]
    sources = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for app in APPS
               for path in (root / app).rglob("*.py")}
    writers = sorted(name for name, text in sources.items() if "Workbook(" in text)
    assert "members/accounts.py" in writers and "unionplan/exports/xlsx.py" in writers  # the scan finds them
    saving = sorted(name for name, text in sources.items() if re.search(r"\b\w*(book|wb)\.save\(", text))
    assert saving == ["members/spreadsheets.py"]
