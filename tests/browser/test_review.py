"""The reviewer drafts the first half's fund review in June — the chair and the treasurer are not offered
as reviewers, the page says from which day it can be signed — and signs it in July, which locks the period."""

from datetime import date

import pytest
from playwright.sync_api import expect

from funds.models import FundReview, FundSettings
from tests.factories import MemberFactory, UnionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committee():
    union = UnionFactory(name="第七中学工会")
    FundSettings.for_union(union)
    user = UserFactory(username="chenjing", role="reviewer")
    MemberFactory(union=union, user=user, name="陈静", position="reviewer")
    MemberFactory(union=union, name="王建国", position="chair")
    MemberFactory(union=union, name="张丽", position="treasurer")
    MemberFactory(union=union, name="李明", position="committee")
    return union


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "chenjing")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [375, 1280])
def test_reviewer_drafts_in_june_and_signs_in_july(live_server, page, committee, clock, width, screenshot_dir):
    clock(date(2026, 6, 20))
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)

    page.goto(f"{live_server.url}/funds/reviews/add/")
    assert page.is_checked("input[name=kind][value=first_half]")  # nothing reviewed yet: 2026 上半年
    assert page.input_value("#id_year") == "2026"
    offered = page.locator("input[name=reviewers]")
    assert offered.count() == 2  # 陈静 (ticked) and 李明
    assert page.is_checked("input[name=reviewers]:near(:text('陈静'))")
    left_out = page.locator("#reviewers-left-out").inner_text()
    assert "王建国（主席）" in left_out and "张丽（财务委员）" in left_out
    expect(page.locator("body")).to_contain_text("主席、经费管理人员不能担任经审人员")
    page.fill("#id_findings", "账目清楚，单据齐全；慰问支出均在标准以内。")
    page.select_option("#id_conclusion", "passed")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/review-form-{width}.png", full_page=True)
    page.get_by_role("button", name="保存").click()

    review = FundReview.objects.get()
    page.wait_for_url(f"**/funds/reviews/{review.pk}/")
    notice = page.locator("#signable-from")
    assert "2026-07-01起才能签字" in notice.inner_text()
    assert page.get_by_role("button", name="签字确认").count() == 0
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/review-draft-{width}.png", full_page=True)

    clock(date(2026, 7, 2))  # a session lasts a working day: log in again
    log_in(page, live_server)
    page.goto(f"{live_server.url}/funds/reviews/{review.pk}/")
    expect(page.locator("#signable-from")).to_have_count(0)
    page.get_by_role("button", name="签字确认").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("全体审查人均已签字")
    review.refresh_from_db()
    assert review.status == FundReview.Status.SIGNED
    history = page.locator("body").inner_text()
    assert "增加审查人：陈静" in history
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/review-signed-{width}.png", full_page=True)
