"""Joining online in the browser: a worker scans the poster in WeChat on a phone, applies and keeps the
receipt code; the committee approves at a desk; the worker's status page then says 已通过."""

import re
from datetime import date, time

import pytest
from playwright.sync_api import expect

from members import joining
from members.models import JoinApplication, Member
from tests.factories import DepartmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 3, 10)
WECHAT = ("Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
          "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= innerWidth"


def shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/joining-{name}.png", full_page=True)


def test_a_worker_applies_from_wechat_and_the_committee_approves(
    live_server, browser, union, committee_user, clock, screenshot_dir
):
    clock(DAY, time(9, 0))
    DepartmentFactory(union=union, name="语文组", order=1)
    DepartmentFactory(union=union, name="数学组", order=2)
    union.join_token, union.card_prefix = joining.new_join_token(), "JY2026-"
    union.save()

    phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", user_agent=WECHAT,
                                viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    worker = phone.new_page()
    worker.goto(f"{live_server.url}/join/{union.join_token}/")
    assert "入会申请" in worker.content() and "承认中国工会章程" in worker.content()
    assert worker.evaluate(NO_SIDEWAYS_SCROLL)
    shot(worker, screenshot_dir, "apply-375")
    worker.fill("#id_name", "周新")
    worker.select_option("#id_gender", "F")
    worker.fill("#id_phone", "139 1234 5678")
    worker.select_option("#id_department_choice", label="数学组")
    worker.fill("#id_employer", "第一中学")
    worker.fill("#id_id_number", "11010519491231002x")
    worker.check("#id_statute")
    worker.wait_for_timeout(3500)  # a person takes longer than the spam guard's 3 seconds
    worker.click("button[type=submit]")
    code = worker.locator("[data-receipt]").inner_text().strip()
    assert len(code) == 14
    shot(worker, screenshot_dir, "receipt-375")

    desk = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 800})
    committee = desk.new_page()
    committee.goto(f"{live_server.url}/accounts/login/")
    committee.fill("#id_username", committee_user.username)
    committee.fill("#id_password", "pw-for-tests-1")
    committee.click("button[type=submit]")
    committee.wait_for_load_state()
    committee.goto(f"{live_server.url}/members/joining/")
    shot(committee, screenshot_dir, "link-1280")
    committee.goto(f"{live_server.url}/members/joining/poster/")
    shot(committee, screenshot_dir, "poster-1280")
    committee.emulate_media(media="print")
    poster = committee.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", poster)) == 1  # the poster is one A4 page
    if screenshot_dir:
        with open(f"{screenshot_dir}/joining-poster.pdf", "wb") as file:
            file.write(poster)
    committee.emulate_media(media="screen")
    committee.goto(f"{live_server.url}/members/joining/applications/")
    shot(committee, screenshot_dir, "applications-1280")
    committee.click("text=周新")
    expect(committee.locator("main")).to_contain_text("1101**********002X")  # waits for the page it opens
    shot(committee, screenshot_dir, "application-1280")
    committee.click("text=通过并登记为会员")
    expect(committee.locator("main")).to_contain_text("JY2026-0001")
    member = Member.objects.get(name="周新")
    assert (member.card_number, member.department.name, member.phone) == ("JY2026-0001", "数学组", "13912345678")
    assert JoinApplication.objects.get().status == JoinApplication.Status.APPROVED

    worker.goto(f"{live_server.url}/join/{union.join_token}/status/")
    worker.fill("#id_code", code)
    worker.click("button[type=submit]")
    expect(worker.locator("main")).to_contain_text("已通过")
    assert "JY2026-0001" in worker.content()
    assert worker.evaluate(NO_SIDEWAYS_SCROLL)
    shot(worker, screenshot_dir, "status-375")

    committee.set_viewport_size({"width": 375, "height": 740})
    committee.goto(f"{live_server.url}/members/joining/applications/")
    shot(committee, screenshot_dir, "applications-375")
    worker.set_viewport_size({"width": 1280, "height": 800})
    worker.goto(f"{live_server.url}/join/{union.join_token}/")
    shot(worker, screenshot_dir, "apply-1280")
    phone.close()
    desk.close()
