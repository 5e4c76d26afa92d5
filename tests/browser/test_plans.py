"""The committee edits an item of the plan in the browser, saves, and reads it on the document page."""

import pytest

from tests.plans.conftest import OUTLINE, make_outline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(union, committee_user, chair_user):
    from tests.factories import AnnualPlanFactory

    plan = AnnualPlanFactory(union=union, year=2026, guiding_ideology="围绕学校中心工作，服务教职工。")
    make_outline(plan, OUTLINE)
    return plan


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_edits_an_item_and_sees_it_on_the_plan(
    live_server, page, draft, committee_user, width, screenshot_dir
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, committee_user.username)
    page.goto(f"{live_server.url}/plans/2026/")
    page.get_by_role("link", name="编辑计划").click()
    page.wait_for_url("**/plans/2026/edit/")

    row = page.locator("li.outline-row", has=page.locator("input[value='召开会员代表大会']"))
    row.locator("input[name$='-title']").fill("召开第三届会员代表大会")
    row.locator("summary").click()
    row.locator("select[name$='-owner']").select_option(label="李委员")
    row.locator("input[name$='-due_date']").fill("2026-05-20")

    # Move it above 完善会员档案 with the ↑ button (htmx swaps the editor, nothing saved yet).
    row.get_by_role("button", name="上移").click()
    page.locator(".alert-info", has_text="按“保存计划”之前不会保存").wait_for()
    first_item = page.locator("li.outline-row").nth(1)
    assert first_item.locator("input[name$='-title']").input_value() == "召开第三届会员代表大会"
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/plans-edit-{width}.png", full_page=True)

    page.get_by_role("button", name="保存计划").click()
    page.wait_for_url("**/plans/2026/")
    assert page.get_by_text("计划已保存。").is_visible()
    item = page.locator("section.plan-work", has_text="召开第三届会员代表大会")
    assert "1、" in item.locator(".plan-number").inner_text()
    assert "负责人：李委员" in item.inner_text() and "时限：5月20日" in item.inner_text()

    # Then records progress in place.
    item.locator("summary").click()
    item.locator("select[name=status]").select_option("done")
    item.locator("textarea[name=outcome]").fill("3月召开，到会代表45人")
    item.get_by_role("button", name="保存进度").click()
    page.locator("section.plan-work", has_text="3月召开，到会代表45人").get_by_text("进度已保存。").wait_for()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/plans-detail-{width}.png", full_page=True)
    draft.refresh_from_db()
    assert draft.items.get(title="召开第三届会员代表大会").status == "done"
