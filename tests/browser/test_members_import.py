"""The committee moves its Excel roster in: a file with errors, the row numbers, a fixed file, the import."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from members.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["姓名", "性别", "工号", "部门", "工会小组", "出生日期", "农历生日", "手机", "入会日期", "状态"]


def write_roster(path, rows):
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


ROWS = [
    [
        "孙老师",
        "女",
        "S001",
        "语文组",
        "文科小组",
        date(1982, 3, 4),
        "否",
        "13800000001",
        date(2005, 9, 1),
        "在职",
    ],
    [
        "周老师",
        "男",
        "S002",
        "数学组",
        "理科小组",
        "1980-02-30",
        "否",
        "13800000002",
        date(2003, 9, 1),
        "在职",
    ],
    [
        "吴老师",
        "女",
        "S003",
        "数学组",
        "理科小组",
        date(1975, 8, 8),
        "是",
        "1380000",
        date(1998, 9, 1),
        "退休",
    ],
]


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_fixes_a_roster_with_errors_and_imports_it(
    live_server, page, committee_user, tmp_path, width, screenshot_dir
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", committee_user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files("#id_file", write_roster(tmp_path / "名册.xlsx", ROWS))
    page.check("#id_create_missing")
    page.click("#check-import")
    problems = page.locator(".problem-list li")
    problems.first.wait_for()
    assert problems.all_inner_texts() == [
        "第3行 出生日期: 1980-02-30 不是有效日期",
        "第4行 手机: 1380000 不是11位手机号码",
    ]
    assert page.locator("#confirm-import").count() == 0
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-import-errors-{width}.png", full_page=True)
    assert not Member.objects.filter(employee_number__startswith="S").exists()

    fixed = [row[:] for row in ROWS]
    fixed[1][5] = date(1980, 2, 28)
    fixed[2][7] = "13800000003"
    page.set_input_files("#id_file", write_roster(tmp_path / "名册-改.xlsx", fixed))
    page.check("#id_create_missing")
    page.click("#check-import")
    page.locator("#confirm-import").wait_for()
    assert "新增 3 名会员" in page.locator(".import-preview").inner_text()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-import-preview-{width}.png", full_page=True)
    page.click("#confirm-import")
    page.wait_for_url(f"{live_server.url}/members/")
    assert "导入完成" in page.locator(".alert").first.inner_text()
    assert page.get_by_role("link", name="吴老师").is_visible()
    assert Member.objects.filter(employee_number__startswith="S").count() == 3
    assert Member.objects.get(employee_number="S003").status == Member.Status.RETIRED
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-roster-after-import-{width}.png", full_page=True)
