"""The treasurer reads the year's final accounts (决算) by official account, explains the line that is
more than 10% off its budget, and downloads the Excel the higher-level union asks for. At 375 px the
table stacks: nothing scrolls sideways and each line's figures stay in view."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from funds.models import BudgetLine, ExpenseCategory, FinalAccountsNote, FundSettings
from tests.factories import ExpenseFactory, IncomeFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def books():
    union = UnionFactory(name="第七中学工会")
    FundSettings.for_union(union)
    year = timezone.localdate().year
    user = UserFactory(username="zhangli", role="treasurer")
    MemberFactory(union=union, user=user, name="张丽", position="treasurer")
    activities = ExpenseCategory.objects.get(union=union, name="职工活动支出")
    operations = ExpenseCategory.objects.get(union=union, name="业务支出")
    BudgetLine.objects.create(union=union, year=year, category=activities, amount=Decimal("10000.00"))
    BudgetLine.objects.create(union=union, year=year, category=operations, amount=Decimal("3000.00"))
    day = date(year, 1, 15)
    ExpenseFactory(union=union, category=activities, amount=Decimal("13000.00"), date=day)  # +30%: explain
    ExpenseFactory(union=union, category=operations, amount=Decimal("2900.00"), date=day)  # −3.3%: no need
    IncomeFactory(union=union, amount=Decimal("20000.00"), date=day)  # 拨缴经费收入
    IncomeFactory(union=union, source="subsidy", amount=Decimal("3000.00"), date=day)  # 上级补助收入
    return union, year


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "zhangli")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_treasurer_explains_a_variance_and_downloads_the_final_accounts(
    live_server, page, books, width, screenshot_dir, csp_guard
):
    union, year = books
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)

    page.goto(f"{live_server.url}/funds/{year}/final-accounts/")
    expect(page.locator("h2").first).to_contain_text(f"{year}年度经费收支决算表")
    table = page.locator("table.final-accounts")
    income = table.locator("tr", has=page.get_by_role("rowheader", name="拨缴经费收入", exact=True))
    assert "¥20,000.00" in income.inner_text()
    assert "¥3,000.00" in table.locator("tr", has=page.get_by_role("rowheader", name="上级补助收入")).inner_text()
    line = table.locator("tr", has=page.get_by_role("rowheader", name="职工活动支出", exact=True)).first
    text = line.inner_text()
    assert "¥10,000.00" in text and "¥13,000.00" in text and "¥3,000.00" in text and "30" in text
    assert page.get_by_role("status").filter(has_text="10%").count() == 1  # one line not explained yet
    # On a phone the table stacks: the name and its actual figure are in view, nothing scrolls sideways.
    assert line.get_by_role("rowheader").is_visible()
    assert line.locator("td.money", has_text="¥13,000.00").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/final-accounts-{width}.png", full_page=True)

    # The explanation of the line over 10%, kept with its history, shown in the table.
    line.get_by_role("link", name="填写说明").click()
    page.wait_for_url("**/final-accounts/explain/**")
    page.fill("#id_explanation", "教职工气排球赛和迎新年长跑增加了参赛人数，经工会委员会同意追加。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/funds/{year}/final-accounts/")
    line = page.locator("table.final-accounts tr", has=page.get_by_role("rowheader", name="职工活动支出", exact=True))
    assert "追加" in line.first.inner_text()
    assert page.get_by_role("status").filter(has_text="10%").count() == 0
    assert FinalAccountsNote.objects.get(union=union, year=year).explanation.startswith("教职工气排球赛")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The Excel: title, 单位：元, the header, the lines by account with the explanation, the surplus.
    with page.expect_download() as download:
        page.locator(f"a[href$='/funds/{year}/final-accounts.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].endswith(f"{year}年度经费收支决算表")
    assert rows[1][-1] == "单位：元"
    assert rows[2] == ("项目", "预算", "决算数", "增减额", "增减率", "差异说明")
    by_label = {str(r[0]).strip("　 "): r for r in rows[3:]}
    assert by_label["拨缴经费收入"][2] == 20000
    assert by_label["上级补助收入"][2] == 3000
    activities = by_label["职工活动支出"]
    assert activities[1:4] == (10000, 13000, 3000) and activities[4] == "30.0%" and "追加" in activities[5]
    assert by_label["五、年末滚存结余"][2] == 23000 - 15900
    assert sheet.print_title_rows == "$3:$3"
    assert book.worksheets[1].title == "超慰问标准情况"
    csp_guard.check()
