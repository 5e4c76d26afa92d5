"""A member opens the calendar, signs up in two taps, and sees 已报名."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from activities.models import ActivityCategory, Signup
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2026, 3, 31)], ids=str)  # the activity next month
@pytest.mark.parametrize("width", [375, 1280])
def test_member_signs_up_from_the_calendar(live_server, page, member_user, union, width, today, clock, screenshot_dir):
    clock(today)
    categories = ActivityCategory.ensure_defaults(union)
    day = today + timedelta(days=1)
    activity = ActivityFactory(
        union=union,
        category=categories["sports"],
        title="教职工羽毛球赛",
        start_date=day,
        signup_open=True,
        capacity=20,
        location="学校体育馆",
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", member_user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/activities/{today.year}/{today.month}/")
    expect(page.locator("h1")).to_have_text(f"{today.year}年{today.month}月")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/calendar-{width}.png", full_page=True)

    if day.month != today.month:
        page.get_by_role("link", name="下个月").click()
        page.wait_for_url(f"**/activities/{day.year}/{day.month}/")
    page.get_by_role("link", name="教职工羽毛球赛").first.click()  # tap one
    page.wait_for_url(f"**/activities/{activity.pk}/")
    page.get_by_role("button", name="我要报名").click()  # tap two
    page.wait_for_load_state()
    expect(page.locator(".signed-up")).to_have_text("✓ 已报名")
    assert Signup.objects.filter(activity=activity, member=member_user.member).exists()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/signed-up-{width}.png", full_page=True)

    page.goto(f"{live_server.url}/activities/{day.year}/{day.month}/")
    expect(page.get_by_text("我的报名")).to_be_visible()
