import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import DEMO_TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    settings.DEBUG = False


@pytest.mark.parametrize("width", [375, 1280])
def test_member_logs_in_and_sees_the_chinese_navigation(live_server, demo, page, width, screenshot_dir):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("h1")).to_have_text("工会工作 — 登录")
    page.fill("#id_username", "member")
    page.fill("#id_password", "unionplan-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/activities/**")
    if width < 992:
        page.click(".navbar-toggler")
    nav = page.locator("nav.navbar")
    expect(nav.get_by_text("活动日历")).to_be_visible()  # the menu may still be sliding open
    expect(nav.get_by_text("退出")).to_be_visible()
    expect(nav.get_by_text("刘洋")).to_be_visible()
    assert nav.get_by_text("会员管理").count() == 0
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/member-calendar-{width}.png", full_page=True)
