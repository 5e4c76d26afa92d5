"""In the browser: a plan of 300 items pasted from Word is edited and saved in the editor, with no
breach of the Content-Security-Policy (the guard in tests/csp.py watches every page)."""

from datetime import date

import pytest

from plans.models import AnnualPlan
from tests.plans.test_large_plan import pasted_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rearranged(page, row, button):
    """Click a row's button and wait until htmx has swapped the editor in again and settled it."""
    page.evaluate("""() => { window.settled = new Promise(done =>
        document.body.addEventListener("htmx:afterSettle", done, {once: true})) }""")
    row.get_by_role("button", name=button, exact=True).click()
    page.evaluate("() => window.settled.then(() => true)")
    page.locator(".alert-info", has_text="按“保存计划”之前不会保存").wait_for()


def test_a_pasted_plan_of_300_items_is_edited_and_saved_in_the_browser(
    live_server, page, committee_user, csp_guard, clock, screenshot_dir
):
    clock(date(2026, 3, 10))  # a pasted plan is for this year
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", committee_user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/plans/paste/")
    page.fill("textarea[name=text]", pasted_text(300))
    page.get_by_role("button", name="预览").click()
    page.get_by_role("button", name="保存为草稿").click()
    page.wait_for_url("**/plans/2026/edit/")
    assert page.locator("li.outline-row").count() == 301

    def row(title):
        return page.locator("li.outline-row", has=page.locator(f"input[value='{title}']"))

    row("工作事项250").locator("input[name$='-title']").fill("工作事项250（已改）")
    rearranged(page, row("工作事项299"), "在下面添加一行")  # htmx posts all 302 rows, swaps them back
    new_row = page.locator("li.outline-row.is-focus")
    new_row.locator("input[name$='-title']").fill("年终工作总结")
    assert page.locator("li.outline-row").count() == 302
    csp_guard.check()
    if screenshot_dir:
        new_row.scroll_into_view_if_needed()
        page.screenshot(path=f"{screenshot_dir}/plans-edit-300-1280.png")

    page.get_by_role("button", name="保存计划").click()
    page.wait_for_url("**/plans/2026/")
    assert page.get_by_text("计划已保存。").is_visible()
    plan = AnnualPlan.objects.get(year=2026)
    titles = list(plan.items.order_by("position").values_list("title", flat=True))
    assert len(titles) == 302 and "工作事项250（已改）" in titles
    assert titles[titles.index("工作事项299") + 1] == "年终工作总结"
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/plans-detail-300-1280.png")
