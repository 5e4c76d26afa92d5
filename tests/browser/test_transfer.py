"""会籍接转 in the browser: the committee transfers a teacher to a union outside the federation with a
letter (Word and PDF), keeps another's membership without dues (保留会籍), and clears the statute's
automatic-leave list — at 1280 px on a desk and 375 px on a phone."""

from datetime import date, time

import pytest
from playwright.sync_api import expect

from members.models import Member, TransferLetter
from tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 12, 5)
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= innerWidth"


def shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/transfer-{name}.png", full_page=True)


def test_the_committee_issues_a_letter_and_keeps_a_membership(
    live_server, browser, union, committee_user, clock, screenshot_dir
):
    clock(DAY, time(9, 0))
    teacher = MemberFactory(union=union, name="周晓明", gender="M", card_number="HY0012", joined_on=date(2015, 9, 1))
    idle = MemberFactory(union=union, name="钱师傅", gender="M", joined_on=date(2012, 3, 1))
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 800})
    context.on("dialog", lambda dialog: dialog.accept())
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", committee_user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/members/{teacher.pk}/")
    page.click("text=转出")
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("周晓明 转出到系统外工会")
    page.fill("#id_destination", "市第二中学工会")
    page.fill("#id_dues_paid_to", "2026年11月")
    page.fill("#id_number", "一中工〔2026〕3号")
    shot(page, screenshot_dir, "letter-form-1280")
    page.click("text=开具介绍信")
    page.wait_for_load_state()
    text = page.content()
    assert "已转出至市第二中学工会" in text and "已于2026年12月5日转出至市第二中学工会" in text
    shot(page, screenshot_dir, "member-left-1280")
    teacher.refresh_from_db()
    assert teacher.status == Member.Status.LEFT and TransferLetter.objects.get().destination == "市第二中学工会"
    with page.expect_download() as download:
        page.click("text=介绍信（Word）")
    assert download.value.suggested_filename == "会员组织关系接转介绍信（周晓明）.docx"

    page.goto(f"{live_server.url}/funds/inactive/")
    expect(page.locator("body")).to_contain_text("钱师傅")
    shot(page, screenshot_dir, "inactive-1280")
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, screenshot_dir, "inactive-375")
    page.goto(f"{live_server.url}/members/{idle.pk}/")
    page.click("text=保留会籍")
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("钱师傅 已保留会籍")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, screenshot_dir, "retained-375")
    idle.refresh_from_db()
    assert idle.status == Member.Status.RETAINED
    page.goto(f"{live_server.url}/funds/inactive/")
    assert "钱师傅" not in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/members/{teacher.pk}/transfer-letter/")
    page.goto(f"{live_server.url}/members/{idle.pk}/transfer-letter/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, screenshot_dir, "letter-form-375")
    context.close()
