"""The committee brings in the roster it already keeps: a .xls 花名册 with its title rows and its own
headings, one column the app does not know, mapped once on the preview; then the union is in."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).parents[1] / "members" / "files"


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_imports_the_xls_roster_it_keeps_and_maps_a_column_once(
    live_server, page, union, committee_user, tmp_path, width, screenshot_dir
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, committee_user)
    # The office's own heading for the employee number is one nobody writes: 人员代码.
    roster = tmp_path / "2026年会员花名册.xls"
    shutil.copy(FILES / "roster_own_heading.xls", roster)

    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files("#id_file", str(roster))
    page.check("#id_create_missing")
    page.click("#check-import")
    page.locator("#import-reading").wait_for()
    reading = page.locator("#import-file").inner_text()
    assert "Excel 97–2003 (.xls)" in reading and "第4行是列名" in reading
    assert page.locator(".column-problems li").all_inner_texts() == [
        "没有导入为“工号”的列：请在“选择每一列存放的内容”中选出存放它的列。"
    ]
    expect(page.locator("#confirm-import")).to_have_count(0)
    assert page.locator("#import-mapping").get_attribute("open") is not None  # opened for the choice
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-import-mapping-{width}.png", full_page=True)

    page.get_by_label("人员代码").select_option(label="工号")
    page.click("#check-columns")
    page.locator("#confirm-import").wait_for()
    assert page.locator("#import-added .import-name").all_inner_texts() == ["张三", "李四", "王五", "赵六"]
    expect(page.locator("#import-column-list")).to_contain_text("人员代码 → 工号")
    page.locator("#import-skipped summary").click()
    expect(page.locator("#import-skipped")).to_contain_text("某某公司工会会员花名册")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-import-office-roster-{width}.png", full_page=True)
    # Nothing sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.click("#confirm-import")
    page.wait_for_url(f"{live_server.url}/members/")
    expect(page.locator(".alert").first).to_contain_text("导入完成")
    zhang = Member.objects.get(union=union, employee_number="A001")
    assert (zhang.name, zhang.birth_month_only, zhang.phone) == ("张三", True, "13912345601")

    # The next upload of the same roster is understood at once: 人员代码 was remembered.
    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files("#id_file", str(roster))
    page.click("#check-import")
    page.locator(".import-preview").wait_for()
    expect(page.locator(".import-preview")).to_contain_text("4 名会员没有变化")
