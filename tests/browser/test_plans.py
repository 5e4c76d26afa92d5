"""The committee edits an item of the plan in the browser, saves, and reads it on the document page."""

import pytest
from playwright.sync_api import expect

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

    # The save is a POST that redirects to the plan, waited for by itself: when this step once timed out on a
    # loaded CI machine the page was still the editor, and nothing told whether the POST was sent or refused.
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/plans/2026/edit/")) as saved:
        page.get_by_role("button", name="保存计划").click()
    assert saved.value.status == 302
    page.wait_for_url("**/plans/2026/")
    expect(page.get_by_text("计划已保存。")).to_be_visible()
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


def rearranged(page, row, button):
    """Click one of a row's buttons and wait until htmx has swapped the editor in again and settled it."""
    page.evaluate("""() => { window.settled = new Promise(done =>
        document.body.addEventListener("htmx:afterSettle", done, {once: true})) }""")
    row.get_by_role("button", name=button, exact=True).click()
    page.evaluate("() => window.settled.then(() => true)")
    page.locator(".alert-info", has_text="按“保存计划”之前不会保存").wait_for()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_plan_editor_breaks_no_rule_of_the_content_security_policy(
    live_server, page, draft, committee_user, width, csp_guard, screenshot_dir
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, committee_user.username)
    page.goto(f"{live_server.url}/plans/2026/edit/")
    csp_guard.check()
    # Fields carry inline styles a person's browser gives them: a textarea dragged larger, a password
    # manager's or a translator's marks. htmx used to copy them onto the swapped-in fields with
    # setAttribute, which the policy blocks: one violation per field on every click.
    page.eval_on_selector_all("#outline-editor textarea", "areas => areas.forEach(a => a.style.height = '6em')")
    page.eval_on_selector_all("#outline-editor input, #outline-editor select",
                              "fields => fields.forEach(f => f.style.outline = '1px solid transparent')")

    def row(title):
        return page.locator("li.outline-row", has=page.locator(f"input[value='{title}']"))

    rearranged(page, row("完善会员档案"), "在下面添加一行")
    new_row = page.locator("li.outline-row.is-focus")
    new_row.locator("input[name$='-title']").fill("建立会员电子档案")
    new_row.locator("textarea").fill("年内录入全部会员。")
    csp_guard.check()
    rearranged(page, new_row, "上移")  # what was typed travels with the swap
    rearranged(page, row("建立会员电子档案"), "下移")
    rearranged(page, row("送温暖"), "升级")
    rearranged(page, row("春节走访困难职工"), "删除")
    rearranged(page, row("春节走访困难职工"), "恢复")
    csp_guard.check()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/plans-edit-swaps-{width}.png", full_page=True)

    page.get_by_role("button", name="保存计划").click()
    page.wait_for_url("**/plans/2026/")
    expect(page.get_by_text("计划已保存。")).to_be_visible()
    assert draft.items.filter(title="建立会员电子档案", body="年内录入全部会员。").exists()
