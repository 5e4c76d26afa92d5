"""Every Excel file the app writes prints on A4 as a reader expects (members.spreadsheets.printable):
landscape where the columns are wider than a portrait page, fit to the page's width, the table's header
repeated on every page, page numbers in the footer, and text wider than its column wrapped in a row
tall enough for it, never running over the next cell. Each export is downloaded through HTTP (as
test_formula_injection.py does) and every sheet of it is checked."""

import io
import math
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

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
    MemberFactory,
    PlanItemFactory,
    SignupFactory,
    UnionGroupFactory,
)
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

LONG = "组织全体教职工参加春季健步走活动，各工会小组分别组队参赛并评选优秀组织奖和优秀个人"
DEPARTMENT = "体育与健康教研组暨校园文化建设办公室"
PORTRAIT_PIXELS = (210 / 25.4 - 2 * 0.6) * 96  # A4's width less the margins, at 96 dpi
A4 = 9  # the paper size's number in Excel


@pytest.fixture
def world(union, users):
    """A union with 60 members (pages of rows), long names and long texts (cells that must wrap)."""
    department = DepartmentFactory(union=union, name=DEPARTMENT)
    group = UnionGroupFactory(union=union, name="第一工会小组")
    members = [
        MemberFactory(
            union=union,
            name=f"会员{i:02d}",
            department=department,
            group=group,
            employee_number=f"T{i:04d}",
            birth_date=date(1985, 3, 12),
            joined_on=date(2008, 9, 1),
            email=f"member{i}@example.org",
        )
        for i in range(60)
    ]
    for member in members[:40]:
        for month in (1, 2, 3):
            DuesFactory(member=member, month=month, amount=Decimal("25.00"))
    category = ActivityCategoryFactory(union=union, name="文体活动")
    activity = ActivityFactory(
        union=union, title=LONG, location="学校体育馆及操场", category=category, start_date=date(2026, 3, 10)
    )
    for i, member in enumerate(members):
        SignupFactory(activity=activity, member=member, note=LONG if i % 7 == 0 else "")
    for month in range(1, 13):
        for day in (5, 15, 25):
            ActivityFactory(
                union=union, category=category, title=f"{month}月第{day}日活动", start_date=date(2026, month, day)
            )
    ActivityFactory(
        union=union, title="教职工运动会", category=category, status=Activity.Status.DONE, attendance=120, outcome=LONG
    )
    plan = AnnualPlanFactory(union=union, year=2026, status=AnnualPlan.Status.APPROVED)
    PlanItemFactory(plan=plan, level=PlanItem.Level.PART, title="关爱职工")
    for i in range(40):
        PlanItemFactory(plan=plan, level=PlanItem.Level.ITEM, title=f"{LONG}{i}", status="done", outcome=LONG)
    for i in range(20):
        BudgetLineFactory(
            union=union, category=ExpenseCategoryFactory(union=union, name=f"职工活动支出{i}"), amount=Decimal("1000")
        )
    ExpenseFactory(union=union, category=ExpenseCategoryFactory(union=union, name="其他支出"), description=LONG)
    YearSummary.objects.create(
        union=union, year=2026, achievements=f"{LONG * 4}\n{LONG}", problems=LONG, next_year=LONG
    )
    return activity


@pytest.fixture
def users(chair_user, committee_user, treasurer_user):
    return {"chair": chair_user, "committee": committee_user, "treasurer": treasurer_user}


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


# Each export: who downloads it, from where, and per sheet the orientation and the rows that repeat.
EXPORTS = {
    "roster": ("committee", "/members/export.xlsx", [("landscape", "1:1")]),
    "import template": ("committee", "/members/import/template.xlsx", [("landscape", "1:1")]),
    "credentials": ("committee", "/members/accounts/sheet.xlsx", [("portrait", "1:1")]),
    "wage template": ("treasurer", "/funds/2026/wages/template.xlsx?month=1", [("portrait", "1:1")]),
    "arrears": ("treasurer", "/funds/2026/arrears.xlsx", [("landscape", "3:3"), ("portrait", "1:1")]),
    "budget execution": ("treasurer", "/funds/2026/execution.xlsx", [("landscape", "3:3"), ("portrait", "1:1")]),
    "year schedule": ("committee", "/activities/2026/schedule.xlsx", [("landscape", "1:2")]),
    "sign-in sheet": ("committee", "/activities/{pk}/signin-sheet.xlsx", [("portrait", "1:3")]),
}


@pytest.fixture
def client_for(login, world, users):
    def _client(role):
        return login(users[role])

    return _client


@pytest.mark.parametrize("name", EXPORTS)
def test_every_sheet_prints_on_a4(name, client_for, world):
    role, url, expected = EXPORTS[name]
    client = client_for(role)
    if name == "credentials":
        client.post("/members/accounts/new/", {"scope": "everyone", "source": "employee_number"})
    book = download(client, url.format(pk=world.pk))
    assert [(s.page_setup.orientation, rows(s)) for s in book.worksheets] == expected
    for sheet in book.worksheets:
        assert_prints(sheet)


def test_the_year_end_summary(client_for):
    book = download(client_for("chair"), "/summary/2026.xlsx")
    text, *areas = book.worksheets
    assert (text.page_setup.orientation, text.print_title_rows) == ("portrait", None)  # the chair's text
    assert len(areas) == 5
    for sheet in areas:
        if sheet.max_row > 3:  # a sheet with a table: its last table's header repeats
            header = int(rows(sheet).split(":")[0])
            assert sheet.cell(row=header, column=1).font.b and sheet.cell(row=header, column=1).fill.fgColor.rgb
            assert sheet.cell(row=header - 1, column=1).value  # under its caption
            assert all(sheet.cell(row=r, column=1).value is not None for r in range(header + 1, sheet.max_row + 1))
    plan = areas[0]
    assert plan.page_setup.orientation == "landscape" and rows(plan) != "2:2"  # the work items' header
    for sheet in book.worksheets:
        assert_prints(sheet)


def test_long_text_wraps_in_a_row_tall_enough(client_for, world):
    client = client_for("committee")
    schedule = download(client, "/activities/2026/schedule.xlsx").active
    [title] = [c for row in schedule.iter_rows() for c in row if c.value == LONG]
    assert title.alignment.wrap_text
    assert schedule.row_dimensions[title.row].height >= 2 * 15

    signin = download(client, f"/activities/{world.pk}/signin-sheet.xlsx").active
    notes = [c for row in signin.iter_rows(min_row=4) for c in row if c.value == LONG]
    assert len(notes) == 9
    for note in notes:  # the sign-in rows are 24 points high, a note of three lines more
        assert note.alignment.wrap_text and note.alignment.vertical == "center"
        assert signin.row_dimensions[note.row].height >= 3 * 15

    roster = download(client, "/members/export.xlsx").active
    [department] = {c.column for row in roster.iter_rows(min_row=2) for c in row if c.value == DEPARTMENT}
    assert all(roster.cell(row=r, column=department).alignment.wrap_text for r in range(3, 62))
    assert roster.cell(row=3, column=1).alignment.vertical == "top"  # its row's other cells at the top

    execution = download(client_for("treasurer"), "/funds/2026/execution.xlsx").active
    assert not execution["A1"].alignment.wrap_text  # the title runs on over the empty cells beside it


def rows(sheet):
    """The rows that repeat on every page, "3:3" (openpyxl reads them back as "$3:$3")."""
    return sheet.print_title_rows and sheet.print_title_rows.replace("$", "")


def width(sheet, column):
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    return dimension.width if dimension is not None and dimension.customWidth else 8.43


def text_width(text):
    return max(sum(2.1 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n"))


def assert_prints(sheet):
    setup = sheet.page_setup
    assert int(setup.paperSize) == A4, sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)  # one page wide, as many long as need be
    pixels = sum(width(sheet, c) * 7 + 5 for c in range(1, sheet.max_column + 1))
    assert setup.orientation == ("landscape" if pixels > PORTRAIT_PIXELS else "portrait"), sheet.title
    assert sheet.print_options.horizontalCentered
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.oddHeader.right.text == "&A"
    merged = {
        (r.min_row, r.min_col): sum(width(sheet, c) for c in range(r.min_col, r.max_col + 1))
        for r in sheet.merged_cells.ranges
    }
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or isinstance(cell, MergedCell):
                continue
            room = merged.get((cell.row, cell.column), width(sheet, cell.column))
            size = (cell.font.sz or 11) / 11
            if cell.alignment.wrap_text:
                lines = sum(math.ceil(text_width(line) * size / room) or 1 for line in cell.value.split("\n"))
                if lines > 1:  # tall enough for its lines
                    assert sheet.row_dimensions[cell.row].height >= lines * 15 * size, (sheet.title, cell.coordinate)
                continue
            assert "\n" not in cell.value, (sheet.title, cell.coordinate)
            for right in row[cell.column :]:  # an unwrapped text runs on only over empty cells
                if text_width(cell.value) * size <= room:
                    break
                assert right.value in (None, "") and (cell.row, cell.column) not in merged, (
                    sheet.title,
                    cell.coordinate,
                )
                room += width(sheet, right.column)
            assert text_width(cell.value) * size <= room, (sheet.title, cell.coordinate, cell.value)
