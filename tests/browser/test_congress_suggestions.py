"""A member sends a letter to the union mailbox anonymously on a phone, the committee answers it,
and the member reads the reply with the receipt code shown once."""

from datetime import date

import pytest
from playwright.sync_api import expect

from congress.models import Suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def log_out(page):
    page.context.clear_cookies()


@pytest.mark.parametrize("width", [375, 1280])
def test_anonymous_letter_answered_and_read_with_the_receipt_code(live_server, page, member_user, committee_user,
                                                                   clock, width, screenshot_dir):
    clock(date(2026, 12, 5))
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, member_user)
    page.goto(f"{live_server.url}/congress/suggestions/new/")
    page.get_by_label("工会信箱来信").check()
    page.get_by_label("名称").fill("办公楼三楼暖气不热")
    page.get_by_label("内容").fill("三楼东侧几间办公室暖气一直不热，希望尽快检修。")
    page.get_by_label("匿名提交").check()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-form-{width}.png", full_page=True)
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/congress/suggestions/sent/")
    code = page.locator("[data-receipt-code]").inner_text().strip()
    assert len(code) == 14 and page.get_by_text("只显示这一次").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-sent-{width}.png", full_page=True)
    page.reload()
    assert page.locator("[data-receipt-code]").count() == 0  # shown once
    letter = Suggestion.objects.get()
    assert letter.author is None and letter.anonymous

    log_out(page)
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/congress/suggestions/")
    expect(page.get_by_text("匿名", exact=True).first).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-list-{width}.png", full_page=True)
    page.get_by_role("link", name="办公楼三楼暖气不热").click()
    page.wait_for_url(f"**/congress/suggestions/{letter.pk}/")
    page.get_by_role("textbox", name="答复").fill("已联系后勤处，12月8日前完成检修。")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-answer-{width}.png", full_page=True)
    page.get_by_role("button", name="保存答复").click()
    page.wait_for_load_state()
    expect(page.locator("[data-reply]")).to_have_text("已联系后勤处，12月8日前完成检修。")

    log_out(page)
    log_in(page, live_server, member_user)
    page.goto(f"{live_server.url}/congress/suggestions/receipt/")
    page.get_by_label("回执码").fill("2345-6789-abcd")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    expect(page.get_by_text("本工会没有与此回执码对应的建议或来信")).to_be_visible()
    page.get_by_label("回执码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    expect(page.locator("[data-reply]")).to_have_text("已联系后勤处，12月8日前完成检修。")
    expect(page.get_by_text("已答复").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-receipt-{width}.png", full_page=True)


def test_chair_rewards_an_adopted_proposal_and_the_treasurer_sees_the_expense(live_server, page, member_user,
                                                                               chair_user, treasurer_user, clock,
                                                                               screenshot_dir):
    from congress.suggestions import submit

    clock(date(2026, 12, 5))
    proposal = Suggestion(union=member_user.member.union, title="实验室耗材集中采购",
                          text="各组分散采购价格高，建议集中采购。")
    submit(proposal, member_user.member, member_user, anonymous=False)
    Suggestion.objects.filter(pk=proposal.pk).update(status=Suggestion.Status.ADOPTED, reply="采纳，下学期实行。")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, chair_user)
    page.goto(f"{live_server.url}/congress/suggestions/{proposal.pk}/")
    page.get_by_label("奖励金额（元）").fill("500")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-reward-1280.png", full_page=True)
    page.get_by_role("button", name="登记奖励").click()
    page.wait_for_load_state()
    expect(page.locator("[data-reward]")).to_contain_text("500.00")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-rewarded-1280.png", full_page=True)

    log_out(page)
    log_in(page, live_server, treasurer_user)
    page.goto(f"{live_server.url}/funds/2026/expenses/")
    expect(page.get_by_text("合理化建议奖励：实验室耗材集中采购")).to_be_visible()


def test_member_finds_a_named_suggestions_reply_under_my_suggestions(live_server, page, member_user, committee_user,
                                                                     clock, screenshot_dir):
    clock(date(2026, 12, 5))
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, member_user)
    page.goto(f"{live_server.url}/congress/suggestions/new/")
    page.get_by_role("radio", name="合理化建议").check()
    page.get_by_label("名称").fill("午休时间开放图书馆")
    page.get_by_label("内容").fill("中午十二点到一点半开放图书馆，方便老师查资料。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/congress/suggestions/sent/")
    expect(page.locator("[data-receipt-code]")).to_have_count(0)
    proposal = Suggestion.objects.get()
    assert proposal.author == member_user.member

    log_out(page)
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/congress/suggestions/{proposal.pk}/")
    page.get_by_label("处理结果").select_option("研究中")
    page.get_by_role("textbox", name="答复").fill("图书馆人手不足，正在与学校研究轮值办法。")
    page.get_by_role("button", name="保存答复").click()
    page.wait_for_load_state()

    log_out(page)
    log_in(page, live_server, member_user)
    page.goto(f"{live_server.url}/congress/suggestions/")
    expect(page.get_by_role("heading", name="我的建议")).to_be_visible()
    expect(page.get_by_text("研究中")).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-mine-375.png", full_page=True)
    page.get_by_role("link", name="午休时间开放图书馆").click()
    expect(page.locator("[data-reply]")).to_have_text("图书馆人手不足，正在与学校研究轮值办法。")
    assert page.get_by_role("button", name="保存答复").count() == 0
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/suggestion-detail-member-375.png", full_page=True)
