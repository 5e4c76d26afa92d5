"""A representative writes and submits a proposal on a phone, two others co-sign it there, the proposal
committee registers it and records the reply at a desk, and the proposer rates it on the phone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from congress.models import Proposal
from tests.congress.proposal_cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(union):
    return build_cast(union)

PHONE, DESK = 375, 1280


def log_in(page, live_server, user, width):
    page.context.clear_cookies()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/{name}.png", full_page=True)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_proposal_from_writing_to_rating(live_server, page, cast, clock, screenshot_dir):
    clock(date(2026, 3, 22))
    log_in(page, live_server, cast.users["proposer"], PHONE)
    page.goto(f"{live_server.url}/congress/proposals/new/")
    page.get_by_label("案由").fill("关于增设教工午休室的提案")
    page.get_by_label("理由").fill("教学楼没有午休场所，老师们只能趴在办公桌上休息。")
    page.get_by_label("建议措施").fill("腾出三楼两间空教室，配备折叠床。")
    shot(page, screenshot_dir, "proposal-form-375")
    no_sideways_scroll(page)
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    expect(page.get_by_text("已提交，待审查").first).to_be_visible()
    proposal = Proposal.objects.get()

    for signer in ("signer1", "signer2"):
        log_in(page, live_server, cast.users[signer], PHONE)
        page.goto(f"{live_server.url}/congress/proposals/{proposal.pk}/")
        page.get_by_role("button", name="附议").click()
        page.wait_for_load_state()
        expect(page.get_by_text("您已附议这份提案。").first).to_be_visible()
    shot(page, screenshot_dir, "proposal-cosigned-375")
    no_sideways_scroll(page)

    log_in(page, live_server, cast.users["reviewer"], DESK)
    page.goto(f"{live_server.url}/congress/proposals/")
    shot(page, screenshot_dir, "proposal-list-1280")
    page.get_by_role("link", name="关于增设教工午休室的提案").click()
    shot(page, screenshot_dir, "proposal-review-1280")
    page.get_by_role("button", name="立案").click()
    page.wait_for_load_state()
    expect(page.get_by_text("已立案，第1号。")).to_be_visible()
    page.get_by_label("承办单位（人）").fill("总务处")
    page.get_by_label("答复期限").fill("2026-04-30")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    page.locator("textarea[name=text]").fill("已腾出三楼两间教室作为午休室，4月15日起开放。")
    page.get_by_label("答复日期").fill("2026-04-10")
    page.get_by_role("button", name="登记答复").click()
    page.wait_for_load_state()
    expect(page.get_by_text("已答复，待提案人评价").first).to_be_visible()

    log_in(page, live_server, cast.users["proposer"], PHONE)
    page.goto(f"{live_server.url}/congress/proposals/mine/")
    shot(page, screenshot_dir, "proposal-mine-375")
    no_sideways_scroll(page)
    page.get_by_role("link", name="关于增设教工午休室的提案").click()
    page.get_by_label("基本满意").check()
    page.get_by_label("对答复的意见").fill("希望尽快配齐折叠床。")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    expect(page.get_by_text("谢谢，您的评价已登记。")).to_be_visible()
    # written, submitted, two co-signs, 立案, 承办, 答复, 评价
    assert page.locator(".proposal-timeline li").count() >= 7
    shot(page, screenshot_dir, "proposal-closed-375")
    no_sideways_scroll(page)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CLOSED and proposal.number == 1
    assert proposal.replies.get().rating == "mostly"


@pytest.mark.parametrize("width", [PHONE, DESK])
def test_session_pages_fit_the_screen(live_server, page, cast, chair_user, width, screenshot_dir):
    log_in(page, live_server, chair_user, width)
    for name, path in [("congress-list", "/congress/sessions/"),
                       ("congress-detail", f"/congress/sessions/{cast.congress.pk}/"),
                       ("congress-edit", f"/congress/sessions/{cast.congress.pk}/edit/"),
                       ("representative-add", f"/congress/sessions/{cast.congress.pk}/representatives/new/"),
                       ("representative-list", "/congress/representatives/"),
                       ("proposal-list", "/congress/proposals/")]:
        page.goto(f"{live_server.url}{path}")
        assert page.title() and "500" not in page.title()
        shot(page, screenshot_dir, f"{name}-{width}")
        no_sideways_scroll(page)
