"""The school's chair hands the approved plan up at a desk; the district's federation user sends it back
with a comment on a phone; the chair reads the comment. Both sides photographed at 375 and 1280 px."""

from datetime import date

import pytest
from playwright.sync_api import expect

from plans.models import AnnualPlan
from tests.factories import AnnualPlanFactory, PlanItemFactory
from tests.federation.conftest import YEAR, federation  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url, user):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_chair_hands_up_the_plan_and_reads_why_it_came_back(
    live_server, page, federation, width, clock, screenshot_dir,  # noqa: F811
):
    clock(date(YEAR, 3, 10))
    f = federation
    plan = AnnualPlanFactory(union=f.school_a, year=YEAR)
    PlanItemFactory(plan=plan, position=0, level=1, title="师德师风建设")
    plan.submit(f.school_chair)
    plan.approve(f.school_chair, f.school_chair.member, AnnualPlan.ApprovalBody.COMMITTEE)
    page.set_viewport_size({"width": width, "height": 900})

    log_in(page, live_server.url, f.school_chair)
    page.goto(f"{live_server.url}/federation/handup/?year={YEAR}")
    page.locator(".handup-plan").get_by_role("button", name="上报").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success, .alert").first).to_contain_text("已上报和平区教育工会")
    expect(page.locator(".handup-plan .badge")).to_contain_text("已上报")

    log_in(page, live_server.url, f.federation_user)
    page.goto(f"{live_server.url}/federation/submissions/?year={YEAR}&kind=plan")
    page.fill("input[name=due_on]", f"{YEAR}-03-31")
    page.get_by_role("button", name="设置").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text(f"请于{YEAR}年3月31日前上报")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/handup-list-{width}.png", full_page=True)
    page.locator(".handup-table").get_by_role("link", name="审阅").click()
    page.wait_for_url("**/federation/submissions/*/")
    page.get_by_label("退回").check()
    page.get_by_role("button", name="保存审阅结果").click()
    assert "退回时请写明原因" in page.locator(".handup-review").inner_text()  # nothing saved without why
    page.get_by_label("退回").check()
    page.fill("textarea[name=comment]", "请补充全年经费预算安排。")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/handup-detail-{width}.png", full_page=True)
    page.get_by_role("button", name="保存审阅结果").click()
    page.wait_for_url("**/federation/submissions/?**")
    expect(page.locator(".handup-table")).to_contain_text("已退回")

    log_in(page, live_server.url, f.school_chair)
    page.goto(f"{live_server.url}/federation/handup/?year={YEAR}")
    expect(page.locator(".handup-plan .handup-comment")).to_contain_text("请补充全年经费预算安排。")
    expect(page.locator(".handup-plan").get_by_role("button", name="重新上报")).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/handup-mine-{width}.png", full_page=True)
