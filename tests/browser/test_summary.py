"""The chair opens the year-end summary, adds her own words to 主要成绩 and downloads the Word file."""

import io

import docx
import pytest
from playwright.sync_api import expect

from tests.unionplan import summary_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_WORDS = "今年我们把教代会提案全部办结，教职工满意度明显提高。"


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_chair_edits_the_achievements_and_downloads_the_word_file(
    live_server, page, chair_user, union, screenshot_dir
):
    summary_data.build(union)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, chair_user)
    page.goto(f"{live_server.url}/summary/2026/")
    expect(page.locator("h1")).to_have_text("第一中学工会2026年工作总结")
    expect(page.locator("svg.summary-chart")).to_have_count(2)

    achievements = page.locator("#id_achievements")
    assert "全年共安排工作事项5项" in achievements.input_value()  # the draft from the figures
    achievements.fill(achievements.input_value() + "\n" + OWN_WORDS)
    page.get_by_role("button", name="保存总结").click()
    page.wait_for_url("**/summary/2026/#text")
    expect(page.get_by_text("总结文字已保存。")).to_be_visible()
    assert OWN_WORDS in page.locator("#id_achievements").input_value()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/summary-1280.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word 文档").click()
    download = download_info.value
    assert download.suggested_filename == "第一中学工会2026年工作总结.docx"
    document = docx.Document(io.BytesIO(open(download.path(), "rb").read()))
    paragraphs = [p.text for p in document.paragraphs]
    assert OWN_WORDS in paragraphs
    assert (
        paragraphs.index("一、主要工作和成绩")
        < paragraphs.index(OWN_WORDS)
        < paragraphs.index("（一）工作计划完成情况")
    )


def test_the_summary_reads_well_on_a_phone(live_server, page, chair_user, union, screenshot_dir):
    summary_data.build(union)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, chair_user)
    page.goto(f"{live_server.url}/summary/2026/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing pushes the page sideways
    expect(page.get_by_role("link", name="Word 文档")).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/summary-375.png", full_page=True)


def test_the_chair_sees_her_text_is_out_of_date_and_refreshes_the_draft(
    live_server, page, chair_user, union, screenshot_dir
):
    from plans.models import AnnualPlan, PlanItem

    summary_data.build(union)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, chair_user)
    page.goto(f"{live_server.url}/summary/2026/")
    achievements = page.locator("#id_achievements")
    achievements.fill(OWN_WORDS + "\n" + achievements.input_value())
    page.get_by_role("button", name="保存总结").click()
    page.wait_for_url("**/summary/2026/#text")
    expect(page.locator("#text-stale")).to_have_count(0)

    item = AnnualPlan.objects.get(union=union, year=2026).items.get(title="校务公开")
    item.status = PlanItem.Status.DONE
    item.save()

    page.goto(f"{live_server.url}/summary/2026/")
    notice = page.locator("#text-stale")
    assert notice.is_visible()
    assert "已完成事项" in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/summary-stale-375.png", full_page=True)
    notice.get_by_role("link", name="按最新数据更新自动生成的段落").click()
    page.wait_for_load_state()
    refreshed = page.locator("#id_achievements").input_value().splitlines()
    assert refreshed[0] == OWN_WORDS  # her own sentence stays
    assert "已完成3项" in refreshed[1]  # the generated paragraph follows the figures
    page.get_by_role("button", name="保存总结").click()
    page.wait_for_url("**/summary/2026/#text")
    expect(page.locator("#text-stale")).to_have_count(0)
