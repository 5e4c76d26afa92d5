"""会籍接转 within the federation in the browser: the old union proposes a teacher to a sister union,
whose chair accepts — at 1280 px and 375 px (no sideways scroll)."""

from datetime import date, time

import pytest
from playwright.sync_api import expect

from members.models import Member
from tests.factories import MemberFactory, UnionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 12, 5)
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= innerWidth"


def shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/transfer-within-{name}.png", full_page=True)


def log_in(browser, live_server, username, width):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_teacher_moves_to_a_sister_union(live_server, browser, union, committee_user, clock, screenshot_dir):
    clock(DAY, time(9, 0))
    top = UnionFactory(name="区教育工会")
    union.parent = top
    union.save()
    sister = UnionFactory(name="第二中学工会", parent=top)
    chair = UserFactory(username="chair-2", role="chair")
    MemberFactory(union=sister, user=chair, name="王主席", position="chair")
    teacher = MemberFactory(union=union, name="周晓明", gender="M", card_number="HY0012", joined_on=date(2015, 9, 1))

    page = log_in(browser, live_server, committee_user.username, 1280)
    page.goto(f"{live_server.url}/members/{teacher.pk}/")
    page.click("text=转往系统内工会")
    page.wait_for_load_state()
    page.select_option("#id_to_union", label="第二中学工会")
    page.fill("#id_arrears", "12.50")
    page.select_option("#id_arrears_handling", "carried")
    shot(page, screenshot_dir, "propose-1280")
    page.click("text=提出会籍接转")
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("等待对方答复")

    for width in (1280, 375):
        new = log_in(browser, live_server, chair.username, width)
        new.goto(f"{live_server.url}/members/transfers/")
        expect(new.locator("body")).to_contain_text("周晓明")
        shot(new, screenshot_dir, f"incoming-{width}")
        new.click("text=周晓明")
        new.wait_for_load_state()
        assert new.evaluate(NO_SIDEWAYS_SCROLL)
        shot(new, screenshot_dir, f"answer-{width}")
    new.click("text=接收该会员")
    new.wait_for_load_state()
    expect(new.locator("body")).to_contain_text("已转入本工会")
    shot(new, screenshot_dir, "accepted-375")
    assert Member.objects.get(pk=teacher.pk).union == sister

    page.goto(f"{live_server.url}/members/transfers/")
    expect(page.locator("body")).to_contain_text("已转出")
    expect(page.locator("body")).to_contain_text("HY0012")
    shot(page, screenshot_dir, "trace-1280")
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, screenshot_dir, "trace-375")
    for context in browser.contexts:  # the three logins' windows
        context.close()
