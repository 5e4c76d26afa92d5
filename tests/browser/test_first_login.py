"""The committee ticks a member on the roster and creates the login; the member logs in with the
initial password from the sheet, is made to choose their own, and lands on the calendar."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Member
from tests.factories import DepartmentFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_member_logs_in_with_the_initial_password_and_chooses_their_own(
    live_server, page, committee_user, union, width, screenshot_dir
):
    newcomer = MemberFactory(union=union, name="周新人", employee_number="T0088",
                             department=DepartmentFactory(union=union, name="数学组"))
    page.set_viewport_size({"width": width, "height": 800})
    page.on("dialog", lambda dialog: dialog.accept())

    log_in(page, live_server, committee_user.username, "pw-for-tests-1")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/members/")
    page.check(f'input[name="member"][value="{newcomer.pk}"]')
    page.select_option("#id_source", "employee_number")
    page.get_by_role("button", name="创建登录账号").click()
    page.wait_for_url("**/members/accounts/sheet/")
    row = page.locator(".credentials-table tbody tr", has_text="周新人")
    assert row.locator("td").nth(1).inner_text() == "数学组"
    assert row.locator("td").nth(2).inner_text() == "T0088"
    initial = row.locator("td").nth(3).inner_text()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/credentials-sheet-{width}.png", full_page=True)
    page.get_by_role("button", name="完成：清除初始密码").click()
    page.wait_for_url("**/members/accounts/")
    if width < 992:
        page.click(".navbar-toggler")
        page.locator("#main-nav.show").wait_for()  # opened, not still sliding open under the click
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")

    log_in(page, live_server, "T0088", initial)
    page.wait_for_url("**/accounts/password_change/**")
    expect(page.locator("h1")).to_have_text("设置您的密码")
    page.goto(f"{live_server.url}/plans/")  # nothing else opens first
    page.wait_for_url("**/accounts/password_change/?next=%2Fplans%2F")
    page.goto(f"{live_server.url}/accounts/password_change/")
    page.fill("#id_new_password1", "T0088")
    page.fill("#id_new_password2", "T0088")
    page.click("main button[type=submit]")
    expect(page.get_by_text("密码太短，至少需要 8 个字符。")).to_be_visible()  # the same address again: wait for it
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/first-login-{width}.png", full_page=True)
    page.fill("#id_new_password1", "Lantern-festival-2026")
    page.fill("#id_new_password2", "Lantern-festival-2026")
    page.click("main button[type=submit]")
    today = timezone.localdate()
    page.wait_for_url(f"**/activities/{today.year}/{today.month}/")
    expect(page.locator("h1")).to_have_text(f"{today.year}年{today.month}月")
    expect(page.get_by_text("密码已设置，欢迎使用！")).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/first-login-calendar-{width}.png", full_page=True)
    assert not Member.objects.get(pk=newcomer.pk).must_change_password
