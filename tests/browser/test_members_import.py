"""The committee moves its Excel roster in: a file with errors, the row numbers, a fixed file, the import."""

import io
from datetime import date

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from members.models import Member
from tests.factories import DepartmentFactory, MemberFactory

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
    # 郑老师 is on the roster already, in 语文组; the file moves him to 数学组.
    ["郑老师", "男", "S004", "数学组", "理科小组", date(1970, 1, 2), "否", "13800000004", date(1995, 9, 1), "在职"],
]


@pytest.mark.parametrize("width", [375, 1280])
def test_committee_fixes_a_roster_with_errors_and_imports_it(
    live_server, page, union, committee_user, tmp_path, width, screenshot_dir
):
    MemberFactory(union=union, name="郑老师", gender="M", employee_number="S004",
                  department=DepartmentFactory(union=union, name="语文组"),
                  birth_date=date(1970, 1, 2), phone="13800000004", joined_on=date(1995, 9, 1))
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
        "第3行，出生日期“1980-02-30”：请写成 1986-03-12、1986/3/12、1986.3.12、1986年3月12日 或 19860312 这样的日期，"
        "或只写年月，如 1986.03",
        "第4行，手机“1380000”：请写11位手机号码，如 13912345601（可以有空格和短横线）",
    ]
    expect(page.locator("#confirm-import")).to_have_count(0)
    # The upload form is right there for the fixed file: beside the problems, or above them on a phone.
    form, listed = page.locator("#import-upload").bounding_box(), page.locator(".import-problems").bounding_box()
    if width < 992:
        assert form["y"] + form["height"] <= listed["y"]
    else:
        assert form["x"] + form["width"] <= listed["x"] and form["y"] < listed["y"] + listed["height"]
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-import-errors-{width}.png", full_page=True)
    assert list(Member.objects.filter(employee_number__startswith="S").values_list("name", flat=True)) == ["郑老师"]
    assert Member.objects.get(employee_number="S004").department.name == "语文组"

    fixed = [row[:] for row in ROWS]
    fixed[1][5] = date(1980, 2, 28)
    fixed[2][7] = "13800000003"
    page.set_input_files("#id_file", write_roster(tmp_path / "名册-改.xlsx", fixed))
    page.check("#id_create_missing")
    page.click("#check-import")
    page.locator("#confirm-import").wait_for()
    expect(page.locator(".import-preview")).to_contain_text("新增 3 名会员")
    assert page.locator("#import-added .import-name").all_inner_texts() == ["孙老师", "周老师", "吴老师"]
    assert page.locator("#import-changed .import-name").all_inner_texts() == ["郑老师"]
    changes = page.locator("#import-changed .import-changes li").all_inner_texts()
    assert "部门：语文组 → 数学组" in changes and "工会小组：— → 理科小组" in changes
    expect(page.locator("#import-added .import-name").first).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-import-preview-{width}.png", full_page=True)
    page.click("#confirm-import")
    page.wait_for_url(f"{live_server.url}/members/")
    expect(page.locator(".alert").first).to_contain_text("导入完成")
    expect(page.get_by_role("link", name="吴老师")).to_be_visible()
    assert Member.objects.filter(employee_number__startswith="S").count() == 4
    assert Member.objects.get(employee_number="S004").department.name == "数学组"
    assert Member.objects.get(employee_number="S003").status == Member.Status.RETIRED
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/members-roster-after-import-{width}.png", full_page=True)
