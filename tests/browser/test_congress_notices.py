"""The committee writes a 公示 with a PDF at a desk (1280 px), previews and publishes it; a member reads it on a
phone (375 px), downloads the PDF and leaves feedback; the committee reads it. Screenshots of the index
(member and committee), the list, the notice and the dashboard at both widths when SCREENSHOT_DIR is set."""

from datetime import date

import pytest
from playwright.sync_api import expect

from congress.models import Notice, NoticeFeedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(page, screenshot_dir, name, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/{name}-{width}.png", full_page=True)


def test_committee_publishes_a_notice_with_a_pdf_and_a_member_gives_feedback(
        live_server, browser, member_user, committee_user, clock, settings, tmp_path, screenshot_dir):
    settings.MEDIA_ROOT = tmp_path / "media"
    clock(date(2026, 12, 5))
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = desk.new_page()
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/congress/")
    page.get_by_role("link", name="撰写公告").first.click()
    page.get_by_label("类别").select_option("publicity")
    page.get_by_label("标题").fill("关于2026年度优秀教师推荐人选的公示")
    page.get_by_label("内容").fill("经各教研组推荐、校工会审核，拟推荐以下同志为2026年度优秀教师：\n王老师、李老师。\n公示期内如有异议，请提出意见。")
    page.get_by_label("公示结束日期").fill("2026-12-11")
    page.get_by_label("征求意见").check()
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/congress/notices/*/")
    notice = Notice.objects.get()
    page.set_input_files("#id_file", files=[{"name": "推荐人选名单.pdf", "mimeType": "application/pdf",
                                             "buffer": PDF_BYTES}])
    page.get_by_role("button", name="上传").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="推荐人选名单.pdf")).to_be_visible()
    expect(page.locator("[data-draft]")).to_be_visible()
    shoot(page, screenshot_dir, "notice-preview", 1280)
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("公告已发布，此后不能再修改")).to_be_visible()
    expect(page.locator("[data-draft]")).to_have_count(0)
    expect(page.locator("[data-attach]")).to_have_count(0)
    notice.refresh_from_db()
    assert notice.published_at is not None and notice.published_by == committee_user
    desk.close()

    phone = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    log_in(page, live_server, member_user)
    page.goto(f"{live_server.url}/congress/")
    page.get_by_role("link", name="关于2026年度优秀教师推荐人选的公示").click()
    page.wait_for_url(f"**/congress/notices/{notice.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="推荐人选名单.pdf").click()
    assert download.value.suggested_filename == "推荐人选名单.pdf"
    page.get_by_role("textbox", name="您的意见").fill("建议同时公示推荐依据和评分。")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    expect(page.get_by_text("您的意见已送交工会委员会")).to_be_visible()
    shoot(page, screenshot_dir, "notice-detail-member", 375)
    assert NoticeFeedback.objects.get().member == member_user.member
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = desk.new_page()
    log_in(page, live_server, committee_user)
    page.goto(f"{live_server.url}/congress/notices/{notice.pk}/")
    assert page.locator("[data-feedback]").inner_text().startswith("建议同时公示推荐依据和评分。")
    desk.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_pages_at_both_widths(live_server, page, member_user, committee_user, treasurer_user, clock, width,
                                  screenshot_dir):
    """Every page of the area fits the width (no sideways scrolling) and is photographed for a person to read."""
    from congress import notices
    from tests.factories import NoticeFactory

    clock(date(2026, 12, 5))
    for title, asks in (("关于2026年度教职工绩效工资分配方案的公示", True), ("食堂承包经营招标结果公示", False)):
        notices.publish(NoticeFactory(union=member_user.member.union, title=title, asks_feedback=asks),
                        committee_user)
    NoticeFactory(union=member_user.member.union, title="寒假值班安排（草稿）")
    from congress.models import Proposal
    from tests.factories import ProposalFactory, RepresentativeFactory

    representative = RepresentativeFactory(congress__union=member_user.member.union, member=member_user.member)
    ProposalFactory(proposer=representative, status=Proposal.Status.REGISTERED, number=3, handler="后勤处",
                    title="关于改善教师午餐条件的提案", reply_due_on=date(2026, 11, 20))
    page.set_viewport_size({"width": width, "height": 800})
    for user, who in ((member_user, "member"), (committee_user, "committee")):
        page.context.clear_cookies()
        log_in(page, live_server, user)
        page.goto(f"{live_server.url}/congress/")
        shoot(page, screenshot_dir, f"congress-index-{who}", width)
        page.goto(f"{live_server.url}/congress/notices/")
        shoot(page, screenshot_dir, f"notice-list-{who}", width)
    page.goto(f"{live_server.url}/congress/notices/{Notice.objects.published().first().pk}/")
    shoot(page, screenshot_dir, "notice-detail-committee", width)
    page.goto(f"{live_server.url}/")
    shoot(page, screenshot_dir, "dashboard-committee", width)
    page.context.clear_cookies()
    log_in(page, live_server, treasurer_user)
    page.goto(f"{live_server.url}/")
    expect(page.locator('[data-panel="congress"]')).to_be_visible()
    shoot(page, screenshot_dir, "dashboard-treasurer", width)
