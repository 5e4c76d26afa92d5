"""A member's pages on a phone (Android Chrome and WeChat's in-app browser, 375 px) fit the screen and
work; the app installs its service worker, and the calendar read once stays readable offline with a
banner saying it is an offline copy, until the member logs out."""

from datetime import date, time

import pytest
from playwright.sync_api import expect

from activities.models import ActivityCategory
from plans.models import AnnualPlan
from tests.browser.test_checkin import ANDROID, NO_SIDEWAYS_SCROLL, WECHAT, log_in
from tests.factories import ActivityFactory, AnnualPlanFactory, PlanItemFactory, SignupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 3, 10)
KEPT = "unionplan-pages-v1"


@pytest.fixture
def approved_plan(union, chair_user):
    plan = AnnualPlanFactory(union=union, year=2026, guiding_ideology="以服务教职工为中心。" * 8)
    PlanItemFactory(plan=plan, position=0, level=1, title="加强工会组织建设")
    PlanItemFactory(plan=plan, position=1, level=3, title="开展教职工趣味运动会和羽毛球赛，丰富教职工文体生活")
    plan.submit(chair_user)
    plan.approve(chair_user, chair_user.member, AnnualPlan.ApprovalBody.CONGRESS, "经教代会审议通过")
    return plan


@pytest.fixture
def members_month(union, member_user, approved_plan):
    categories = ActivityCategory.ensure_defaults(union)
    mine = ActivityFactory(union=union, category=categories["sports"], title="教职工羽毛球赛",
                           start_date=date(2026, 3, 20), start_time=time(15, 30), location="学校体育馆",
                           signup_open=True, capacity=20, description="每人限报一项。" * 20)
    SignupFactory(activity=mine, member=member_user.member)
    ActivityFactory(union=union, category=categories["festival"], title="三八妇女节女教职工插花活动",
                    start_date=date(2026, 3, 8), signup_open=True)
    ActivityFactory(union=union, category=categories["training"], title="新入职教职工工会知识培训",
                    start_date=None, year=2026, month=3)
    return mine


def member_pages(activity):
    return [
        "/",
        "/activities/",
        "/activities/2026/3/",
        "/activities/2026/4/",
        "/activities/2026/",
        f"/activities/{activity.pk}/",
        "/activities/subscribe/",
        "/plans/",
        "/plans/2026/",
        "/congress/",
        "/accounts/password_change/",
    ]


@pytest.mark.parametrize("user_agent", [ANDROID, WECHAT], ids=["android", "wechat"])
def test_every_member_page_fits_a_phone(live_server, browser, member_user, members_month, clock, user_agent,
                                        screenshot_dir):
    clock(DAY)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", user_agent=user_agent,
                                  viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, member_user)
    too_wide = {}
    for path in member_pages(members_month):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator("h1").first.is_visible(), path
        if not page.evaluate(NO_SIDEWAYS_SCROLL):
            too_wide[path] = page.evaluate("document.documentElement.scrollWidth")
        if screenshot_dir and user_agent == WECHAT:
            name = path.strip("/").replace("/", "-") or "start"
            page.screenshot(path=f"{screenshot_dir}/member-{name}.png", full_page=True)
    assert too_wide == {}
    # The pages work: the menu opens, the month moves on, the member's sign-up shows.
    page.goto(f"{live_server.url}/activities/2026/3/")
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name="退出").wait_for(state="visible")
    page.get_by_role("link", name="下个月").click()
    page.wait_for_url("**/activities/2026/4/")
    page.goto(f"{live_server.url}/activities/{members_month.pk}/")
    expect(page.locator(".signed-up")).to_contain_text("已报名")
    assert errors == []
    context.close()


def kept_pages(page):
    return page.evaluate(f"""async () => {{
      const cache = await caches.open("{KEPT}");
      return (await cache.keys()).map(request => new URL(request.url).pathname);
    }}""")


def test_the_calendar_stays_readable_offline_until_logout(live_server, browser, member_user, members_month, clock,
                                                          screenshot_dir):
    clock(DAY)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", user_agent=ANDROID,
                                  viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                                  service_workers="allow")
    page = context.new_page()
    log_in(page, live_server, member_user)
    month = f"{live_server.url}/activities/2026/3/"
    page.goto(month)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(month)  # now through the worker, which keeps it
    page.goto(f"{live_server.url}/activities/{members_month.pk}/")
    assert {"/activities/2026/3/", f"/activities/{members_month.pk}/"} <= set(kept_pages(page))
    expect(page.locator("[data-offline-banner]")).to_have_count(0)

    context.set_offline(True)
    page.goto(month)
    banner = page.locator("[data-offline-banner]")
    assert banner.is_visible()
    assert banner.inner_text().startswith("离线副本（保存于 3月10日")
    expect(page.locator("main")).to_contain_text("教职工羽毛球赛")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/offline-month-375.png", full_page=True)
    page.goto(f"{live_server.url}/activities/{members_month.pk}/")
    expect(page.locator("[data-offline-banner]")).to_be_visible()
    expect(page.locator(".signed-up")).to_contain_text("已报名")

    context.set_offline(False)
    page.goto(month)
    expect(page.locator("[data-offline-banner]")).to_have_count(0)
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")
    page.wait_for_function(f"""async () => (await (await caches.open("{KEPT}")).keys()).length === 0""")
    context.set_offline(True)
    response = None
    try:
        response = page.goto(month)
    except Exception:  # noqa: BLE001 — the browser's own offline error: nothing kept to show
        pass
    assert response is None or "教职工羽毛球赛" not in page.content()
    context.close()
