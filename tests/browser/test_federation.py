"""The federation user logs in, sorts the unions below by members, finds who has not handed the plan up,
opens one union, and downloads the statistics."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.federation.conftest import YEAR, federation  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_federation_user_reads_the_unions_below(live_server, page, federation, width, clock, screenshot_dir):  # noqa: F811
    from datetime import date

    from federation.models import Kind, Submission

    clock(date(YEAR, 12, 5))
    Submission.objects.create(union=federation.school_a, year=YEAR, kind=Kind.PLAN, title="计划", docx=b"")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", federation.federation_user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/federation/")
    expect(page.locator("h1")).to_have_text(f"下级工会统计（{YEAR}年）")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/federation-{width}.png", full_page=True)
    expect(page.locator(".federation-table tfoot")).to_contain_text("1/3 已上报")
    if screenshot_dir:  # the hand-up columns, at the table's right end
        page.locator(".table-responsive").evaluate("table => { table.scrollLeft = table.scrollWidth; }")
        page.locator(".table-responsive").screenshot(path=f"{screenshot_dir}/federation-handup-{width}.png")

    page.get_by_label("计划上报").select_option(label="未上报")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**plan_handup=none**")
    shown = page.locator(".federation-table tbody tr td:first-child a").all_inner_texts()
    assert shown == ["和平区北片联合工会", "和平区第二小学工会"]
    page.get_by_role("link", name="清除").click()
    page.wait_for_load_state()

    page.locator("thead").get_by_role("link", name="会员人数", exact=True).click()  # largest first
    page.wait_for_url("**sort=-members**")
    first = page.locator(".federation-table tbody tr td:first-child a").first.inner_text()
    assert first == "和平区第一小学工会"
    expect(page.locator(".federation-table tbody")).to_contain_text("小计：和平区北片联合工会")

    page.get_by_role("link", name="和平区第二小学工会").click()
    page.wait_for_url(f"**/federation/unions/{federation.school_b.pk}/**")
    expect(page.locator("h1")).to_contain_text("和平区第二小学工会")
    assert "乙校" not in page.content()  # figures, not people
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/federation-union-{width}.png", full_page=True)

    page.get_by_role("link", name="下级工会").last.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="统计报表（Excel）").click()
    path = download.value.path()
    sheet = load_workbook(io.BytesIO(open(path, "rb").read())).active
    assert "基层工会组织和会员情况" in sheet["A1"].value
    assert download.value.suggested_filename.endswith(".xlsx")
