"""The treasurer records the spending of an activity from its page and sees the budget execution change."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funds.models import BudgetLine, Expense, ExpenseCategory, FundSettings
from tests.factories import ActivityFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year_of_money():
    union = UnionFactory(name="第七中学工会")
    FundSettings.for_union(union)
    category = ExpenseCategory.objects.get(union=union, name="职工活动支出")
    BudgetLine.objects.create(
        union=union, year=timezone.localdate().year, category=category, amount=Decimal("90000.00")
    )
    user = UserFactory(username="zhangli", role="treasurer")
    MemberFactory(union=union, user=user, name="张丽", position="treasurer")
    activity = ActivityFactory(
        union=union, title="教职工气排球赛", start_date=timezone.localdate(), budget=Decimal("3000.00")
    )
    return activity


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "zhangli")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_treasurer_records_an_expense_from_an_activity(live_server, page, year_of_money, width, screenshot_dir):
    activity, year = year_of_money, timezone.localdate().year
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)

    page.goto(f"{live_server.url}/funds/{year}/")
    row = page.locator("tbody tr", has_text="职工活动支出")
    assert "0.00%" in row.inner_text() or "0.0%" in row.inner_text()

    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    section = page.locator(".activity-spending")
    assert "3,000.00" in section.inner_text()
    section.get_by_role("link", name="登记支出").click()
    page.wait_for_url("**/funds/expenses/add/**")
    assert page.input_value("#id_description") == "教职工气排球赛"
    page.fill("#id_amount", "1280.50")
    page.fill("#id_payee", "湘江文体用品店")
    page.fill("#id_receipt_number", "FP2026-0418")
    page.get_by_role("button", name="保存").click()

    page.wait_for_url(f"**/activities/{activity.pk}/")
    expect(page.locator("body")).to_contain_text("支出已保存")
    expect(page.locator(".activity-spending")).to_contain_text("1,280.50")
    assert "1,719.50" in page.locator(".activity-spending").inner_text()  # 3,000.00 − 1,280.50 left
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/funds-activity-{width}.png", full_page=True)

    page.goto(f"{live_server.url}/funds/{year}/")
    row = page.locator("tbody tr", has_text="职工活动支出")
    assert "1,280.50" in row.inner_text() and "88,719.50" in row.inner_text()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/funds-execution-{width}.png", full_page=True)
    assert Expense.objects.get().activity_id == activity.pk
