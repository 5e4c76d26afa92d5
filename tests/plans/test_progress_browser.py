"""In the browser: a row's progress form is fetched when its 更新进度 is opened, fits a phone, and a
refused save (someone else saved first) shows the form again, open, with the reason."""

import pytest

from plans.models import PlanItem
from tests.plans.conftest import item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_rows_progress_form_opens_in_place_and_fits_the_screen(
    live_server, page, approved_plan, committee_user, width, csp_guard, screenshot_dir
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, committee_user.username)
    page.goto(f"{live_server.url}/plans/2026/")
    assert page.locator("section.plan-work form").count() == 0  # no form until a row is opened
    row = page.locator("section.plan-work", has_text="完善会员档案")
    if screenshot_dir:
        row.scroll_into_view_if_needed()
        page.screenshot(path=f"{screenshot_dir}/plans-progress-closed-{width}.png")

    row.locator("summary").click()
    row.locator("select[name=status]").wait_for()
    assert row.locator("form").count() == 1 and page.locator("section.plan-work form").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    csp_guard.check()
    if screenshot_dir:
        row.scroll_into_view_if_needed()
        page.screenshot(path=f"{screenshot_dir}/plans-progress-open-{width}.png")

    # Someone else saves the item meanwhile: this save is refused, the row shows the form again.
    PlanItem.objects.filter(pk=item(approved_plan, "完善会员档案").pk).update(version=9)
    row.locator("textarea[name=progress_note]").fill("已收集一半")
    row.get_by_role("button", name="保存进度").click()
    row = page.locator("section.plan-work", has_text="完善会员档案")
    row.locator(".alert-danger").wait_for()
    assert row.locator("details[open] form").count() == 1

    row.locator("textarea[name=progress_note]").fill("已收集一半")
    row.get_by_role("button", name="保存进度").click()
    page.locator("section.plan-work", has_text="已收集一半").get_by_text("进度已保存。").wait_for()
    assert item(approved_plan, "完善会员档案").progress_note == "已收集一半"
    csp_guard.check()


def test_without_javascript_a_rows_progress_is_recorded_on_a_page_of_its_own(
    live_server, browser, approved_plan, committee_user, screenshot_dir
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 900}, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, committee_user.username)
    page.goto(f"{live_server.url}/plans/2026/")
    row = page.locator("section.plan-work", has_text="完善会员档案")
    row.locator("summary").click()
    row.get_by_role("link", name="打开进度表单").click()
    page.wait_for_url("**/progress/")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/plans-progress-page-375.png")
    page.select_option("select[name=status]", "in_progress")
    page.fill("textarea[name=progress_note]", "已收集一半")
    page.get_by_role("button", name="保存进度").click()
    page.wait_for_url("**/plans/2026/#item-*")
    assert page.locator("section.plan-work", has_text="已收集一半").count() == 1
    context.close()
