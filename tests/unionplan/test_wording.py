"""Words and numbers as a user reads them: an activity's end date is 结束日期, people are headed
姓名, money is ¥12,345.60 on every page, Django's stock messages read in our words, and dates that
cannot be meant are refused with the reason beside the field (and in the roster import, by row)."""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from activities.models import Activity, ActivityCategory
from funds.models import BudgetLine, Expense, ExpenseCategory, FundSettings, Income
from members import roster_import
from members.models import Member
from tests.factories import (
    ActivityFactory,
    CareVisitFactory,
    DepartmentFactory,
    DuesFactory,
    ExpenseFactory,
    MemberFactory,
    SignupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def today():
    """Every test here runs on 15 June 2026, 09:00 in Shanghai."""
    moment = datetime.combine(TODAY, time(9, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def expense_categories(union):
    FundSettings.for_union(union)
    return {c.name: c for c in ExpenseCategory.objects.for_union(union)}


def errors_of(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


# -- labels ----------------------------------------------------------------------------------------


def test_the_activity_form_calls_the_last_day_end_date_beside_the_sign_up_deadline(login, committee_user, union):
    page = login(committee_user).get("/activities/add/").content.decode()
    assert re.search(r'<label[^>]*for="id_end_date"[^>]*>\s*结束日期', page)
    assert "报名截止时间" in page
    assert "截止日期" not in page


def test_the_activity_page_lists_sign_ups_under_name(login, committee_user, union):
    activity = ActivityFactory(union=union, start_date=date(2026, 6, 20), signup_open=True)
    SignupFactory(activity=activity, member=MemberFactory(union=union, name="周晓梅"))
    page = login(committee_user).get(f"/activities/{activity.pk}/").content.decode()
    assert re.search(r"<th>#</th><th>姓名</th>", page) and "周晓梅" in page
    assert "名称" not in page


def test_a_members_name_is_headed_name_in_the_form_the_roster_and_the_admin(login, committee_user, union):
    client = login(committee_user)
    form = client.get("/members/new/").content.decode()
    assert re.search(r'<label[^>]*for="id_name"[^>]*>\s*姓名', form)
    assert "名称" not in form
    assert "姓名" in client.get("/members/").content.decode()

    MemberFactory(union=union, name="周晓梅")
    admin = login(UserFactory(is_staff=True, is_superuser=True)).get("/admin/members/member/").content.decode()
    header = re.search(r"<thead>.*?</thead>", admin, re.S).group(0)
    assert "姓名" in header and "名称" not in header


def test_a_department_keeps_its_name_label(login, union):
    admin = login(UserFactory(is_staff=True, is_superuser=True)).get("/admin/members/department/add/")
    assert re.search(r'<label[^>]*for="id_name"[^>]*>\s*名称', admin.content.decode())


# -- money -----------------------------------------------------------------------------------------


@pytest.fixture
def spending(union, expense_categories):
    """A budget of 20,000 and 12,345.60 spent on activities in 2026, 250 more than budgeted on capital."""
    activities = expense_categories["职工活动支出"]
    capital = expense_categories["资本性支出"]
    BudgetLine.objects.create(union=union, year=2026, category=activities, amount=Decimal("20000.00"))
    BudgetLine.objects.create(union=union, year=2026, category=capital, amount=Decimal("1000.00"))
    ExpenseFactory(union=union, category=activities, amount=Decimal("12345.60"), date=date(2026, 3, 8))
    ExpenseFactory(union=union, category=capital, amount=Decimal("1250.00"), date=date(2026, 4, 1))


def test_the_funds_year_page_shows_yuan_with_separators_and_two_decimals(login, treasurer_user, spending):
    page = login(treasurer_user).get("/funds/2026/").content.decode()
    for text in ["¥21,000.00", "¥13,595.60", "¥12,345.60", "¥7,654.40", "-¥250.00"]:
        assert text in page, text
    assert not re.search(r"(?<![¥\d,.-])12,345\.60", page)  # no figure without its sign


def test_the_summary_shows_money_the_same_way(login, chair_user, spending):
    page = login(chair_user).get("/summary/2026/").content.decode()
    assert re.search(r'data-figure="expense-total">¥13,595\.60<', page)
    assert re.search(r'data-figure="budget-total">¥21,000\.00<', page)


def test_the_dashboard_panel_shows_money_the_same_way(login, treasurer_user, spending):
    page = login(treasurer_user).get("/").content.decode()
    assert "¥13,595.60 / ¥21,000.00" in page


def test_a_members_dues_an_activitys_budget_and_a_care_visit_show_money_the_same_way(
    login, chair_user, union, expense_categories
):
    member = MemberFactory(union=union)
    DuesFactory(member=member, year=2026, month=1, amount=Decimal("1025.50"))
    activity = ActivityFactory(union=union, start_date=date(2026, 5, 1), budget=Decimal("3000.00"))
    ExpenseFactory(union=union, category=expense_categories["职工活动支出"], activity=activity,
                   amount=Decimal("3150.50"), date=date(2026, 5, 1))
    visit = CareVisitFactory(union=union, member=member, date=date(2026, 3, 5), amount=Decimal("1200.00"))
    client = login(chair_user)
    assert "¥1,025.50" in client.get(f"/members/{member.pk}/").content.decode()
    activity_page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "¥3,000.00" in activity_page and "¥3,150.50" in activity_page and "-¥150.50" in activity_page
    assert "¥1,200.00" in client.get(f"/members/care/visits/{visit.pk}/").content.decode()
    assert "¥1,200.00" in client.get("/members/care/visits/?year=2026").content.decode()


def test_no_template_writes_the_yuan_sign_by_hand():
    """One way to show money: the `yuan` filter ({% load money %}), never "¥{{ … }}" in a template."""
    hand_made = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if re.search(r"¥\s*\{\{", path.read_text())
    ]
    assert hand_made == []


# -- Django's stock messages in our words --------------------------------------------------------------


def member_data(**changes):
    return {
        "name": "赵老师",
        "gender": "F",
        "employee_number": "Z001",
        "birth_date": "1985-04-03",
        "phone": "13800138000",
        "joined_on": "2008-09-01",
        "status": "active",
        "position": "",
        **changes,
    }


def expense_data(categories, **changes):
    return {
        "date": "2026-03-08",
        "category": categories["职工活动支出"].pk,
        "amount": "1234.56",
        "payee": "步步高超市",
        "description": "三八节慰问品",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "长" * 51}, "name", "最多 50 个字，现在有 51 个。"),
        ({"email": "not-an-address"}, "email", "请输入有效的电子邮箱地址，如 name@example.com"),
        ({"birth_date": "1985-02-30"}, "birth_date", "日期无效：请按 2025-02-28 的格式填写存在的日期"),
    ],
)
def test_stock_messages_on_the_member_form_read_in_our_words(login, committee_user, union, changes, field, message):
    response = login(committee_user).post("/members/new/", member_data(**changes))
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert message in response.content.decode()
    assert not Member.objects.filter(employee_number="Z001").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "123456789012.00"}, "amount", "最多 10 位整数、2 位小数。"),
        ({"amount": "12345678901.5"}, "amount", "最多 10 位整数、2 位小数。"),
        ({"amount": "12.345"}, "amount", "最多 10 位整数、2 位小数。"),
        ({"amount": "十二元"}, "amount", "请输入数字，如 1280.50"),
        ({"date": "2025-02-30"}, "date", "日期无效：请按 2025-02-28 的格式填写存在的日期"),
    ],
)
def test_stock_messages_on_an_expense_read_in_our_words(
    login, treasurer_user, expense_categories, changes, field, message
):
    response = login(treasurer_user).post("/funds/expenses/add/", expense_data(expense_categories, **changes))
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "不能小于 1。"),
        ({"start_time": "25:61"}, "start_time", "时间无效：请按 14:30 的格式填写"),
    ],
)
def test_stock_messages_on_an_activity_read_in_our_words(login, committee_user, union, changes, field, message):
    category = ActivityCategory.ensure_defaults(union)["competition"]
    data = {"title": "气排球赛", "category": category.pk, "start_date": "2026-06-20", "audience": "all",
            "status": "planned", **changes}
    response = login(committee_user).post("/activities/add/", data)
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert not Activity.objects.filter(title="气排球赛").exists()


def test_the_admin_reads_the_same_words(login, union):
    """No form of ours in between: the catalogue alone overrides Django's wording."""
    client = login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post("/admin/members/department/add/", {"union": union.pk, "name": "部" * 101, "order": 0})
    assert response.status_code == 200
    assert "最多 100 个字，现在有 101 个。" in response.content.decode()


# -- dates that cannot be meant --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"birth_date": "2026-06-16"}, "birth_date", "2026-06-16 是将来的日期：出生日期不能晚于今天。"),
        ({"birth_date": "1916-06-14"}, "birth_date",
         "1916-06-14 距今已超过 110 年（早于 1916-06-15）：请核对出生年份。"),
        ({"birth_date": "1900-01-01"}, "birth_date", "距今已超过 110 年"),
        ({"joined_on": "2026-06-16"}, "joined_on", "2026-06-16 是将来的日期：入会日期不能晚于今天。"),
        ({"birth_date": "1930-01-01", "joined_on": "1949-12-31"}, "joined_on",
         "1949-12-31 早于 1950-01-01：请核对年份（表格软件常把空白或填错的日期显示为 1900-01-01）。"),
        ({"joined_on": "1900-01-01"}, "joined_on", "早于 1950-01-01"),
        ({"joined_on": "1985-04-03"}, "joined_on", "1985-04-03 不晚于出生日期 1985-04-03：入会日期应在出生日期之后。"),
        ({"joined_on": "1980-09-01"}, "joined_on", "不晚于出生日期 1985-04-03"),
    ],
)
def test_member_dates_that_cannot_be_meant_are_refused_with_the_reason(
    login, committee_user, union, changes, field, message
):
    response = login(committee_user).post("/members/new/", member_data(**changes))
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert "is-invalid" in response.content.decode()
    assert not Member.objects.filter(employee_number="Z001").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"birth_date": "1916-06-15"},  # exactly 110 years
        {"birth_date": "2026-06-15", "joined_on": ""},  # born today
        {"birth_date": "1930-01-01", "joined_on": "1950-01-01"},
        {"joined_on": "2026-06-15"},
    ],
)
def test_dates_at_the_limits_are_accepted(login, committee_user, union, changes):
    response = login(committee_user).post("/members/new/", member_data(**changes))
    assert response.status_code == 302
    assert Member.objects.filter(employee_number="Z001").exists()


@pytest.mark.parametrize("url", ["/funds/expenses/add/", "/funds/income/add/"])
@pytest.mark.parametrize("day", ["2026-07-16", "2027-06-15", "2036-03-08"])
def test_money_dated_more_than_30_days_ahead_is_refused(login, treasurer_user, expense_categories, url, day):
    data = expense_data(expense_categories, date=day)
    if "income" in url:
        data = {"date": day, "source": "allocated", "amount": "50000.00", "payer": "学校财务处"}
    response = login(treasurer_user).post(url, data)
    assert response.status_code == 200
    assert f"{day} 比今天晚了 30 天以上：收支最多只能提前 30 天登记（最晚 2026-07-15），请核对年份。" in errors_of(
        response, "date"
    )
    assert not Expense.objects.exists() and not Income.objects.exists()


def test_money_up_to_30_days_ahead_is_recorded(login, treasurer_user, expense_categories):
    client = login(treasurer_user)
    assert client.post("/funds/expenses/add/", expense_data(expense_categories, date="2026-07-15")).status_code == 302
    income = {"date": "2026-07-15", "source": "allocated", "amount": "50000.00", "payer": "学校财务处"}
    assert client.post("/funds/income/add/", income).status_code == 302
    assert Expense.objects.get().date == Income.objects.get().date == date(2026, 7, 15)


HEADERS = ["姓名", "性别", "工号", "部门", "出生日期", "入会日期"]


def roster(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("名册.xlsx", out.getvalue(), content_type=roster_import.XLSX_CONTENT_TYPE)


def test_the_roster_import_reports_the_same_dates_by_line_and_saves_nothing(login, committee_user, union):
    DepartmentFactory(union=union, name="语文组")
    rows = [
        ["张三", "男", "A001", "语文组", date(1980, 5, 1), date(2005, 9, 1)],  # line 2: fine
        ["李四", "女", "A002", "语文组", date(1900, 1, 1), date(2005, 9, 1)],
        ["王五", "男", "A003", "语文组", date(2026, 7, 1), None],
        ["赵六", "女", "A004", "语文组", date(1980, 5, 1), date(1900, 1, 1)],
        ["钱七", "男", "A005", "语文组", date(1980, 5, 1), date(1979, 9, 1)],
        ["孙八", "女", "A006", "语文组", date(1980, 5, 1), "2027-09-01"],
    ]
    response = login(committee_user).post("/members/import/", {"file": roster(rows)})
    problems = [str(p) for p in response.context["preview"].problems]
    assert problems == [
        "第3行，出生日期“1900-01-01”：1900-01-01 距今已超过 110 年（早于 1916-06-15）：请核对出生年份。",
        "第4行，出生日期“2026-07-01”：2026-07-01 是将来的日期：出生日期不能晚于今天。",
        "第5行，入会日期“1900-01-01”：1900-01-01 早于 1950-01-01："
        "请核对年份（表格软件常把空白或填错的日期显示为 1900-01-01）。",
        "第6行，入会日期“1979-09-01”：1979-09-01 不晚于出生日期 1980-05-01：入会日期应在出生日期之后。",
        "第7行，入会日期“2027-09-01”：2027-09-01 是将来的日期：入会日期不能晚于今天。",
    ]
    page = response.content.decode()
    assert "第3行" in page and "距今已超过 110 年" in page
    assert "confirm" not in response.context
    assert not Member.objects.filter(union=union).exclude(user__isnull=False).exists()
