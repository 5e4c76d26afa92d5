"""A committee member enters a lunar birthday as the member says it (农历 2020年闰四月十五): the form shows
the lunar year, month, 闰 and day once 农历 is chosen, refuses a day the month lacks and says what to do,
and the record and the birthday list then show 农历 闰四月十五 beside the year's solar date."""

from datetime import date

import pytest
from playwright.sync_api import expect

from members.models import Member
from tests.factories import DepartmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_enters_a_lunar_birthday_in_the_member_form(
    live_server, page, committee_user, union, width, screenshot_dir, clock
):
    clock(date(2026, 5, 20))
    DepartmentFactory(union=union, name="语文组")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/members/new/")
    expect(page.locator("#id_lunar_month")).to_be_hidden()
    expect(page.locator("#id_birth_date")).to_be_visible()

    page.fill("#id_name", "钱老师")
    page.select_option("#id_gender", "F")
    page.fill("#id_employee_number", "L001")
    page.select_option("#id_birth_calendar", "lunar")
    expect(page.locator("#id_birth_date")).to_be_hidden()
    expect(page.locator("#id_lunar_month")).to_be_visible()
    assert page.locator("#id_lunar_birthday").is_hidden() and page.locator("#id_birth_month_only").is_hidden()
    page.fill("#id_lunar_year", "2020")
    page.select_option("#id_lunar_month", label="四月")
    page.check("#id_lunar_leap")
    page.select_option("#id_lunar_day", label="三十")  # 闰四月 of 2020 has 29 days
    page.fill("#id_joined_on", "2021-09-01")
    page.get_by_role("button", name="保存").click()
    error = page.locator("#id_lunar_day ~ .invalid-feedback, .invalid-feedback").first
    assert "没有三十" in error.inner_text() and "廿九" in error.inner_text()
    expect(page.locator("#id_lunar_month")).to_be_visible()  # still 农历 after the error
    page.locator("#id_lunar_day").scroll_into_view_if_needed()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/lunar-birthday-form-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.select_option("#id_lunar_day", label="十五")
    page.get_by_role("button", name="保存").click()
    member = Member.objects.get(employee_number="L001")
    page.wait_for_url(f"**/members/{member.pk}/")
    assert member.birth_date == date(2020, 6, 6) and member.lunar_birth_month == -4
    expect(page.locator(".member-record")).to_contain_text("农历 2020年闰四月十五")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/lunar-birthday-record-{width}.png")

    page.goto(f"{live_server.url}/members/birthdays/?year=2026&month=5")
    row = page.locator("tr", has_text="钱老师")
    assert "5月31日" in row.inner_text() and "农历 闰四月十五" in row.inner_text()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/lunar-birthday-list-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
