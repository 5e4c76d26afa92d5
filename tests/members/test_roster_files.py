"""Rosters as offices keep them: the committee uploads the file it already has — .xls, .xlsx, .ods or a
GBK .csv, with its title rows and its own headings — sees every member understood, maps a column once
if need be, and the union is in. The files are kept under tests/members/files (README.md there)."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from openpyxl import Workbook

from members.models import Department, HistoryEntry, Member, UnionGroup
from tests.factories import DepartmentFactory, MemberFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
ROSTERS = ["roster.xlsx", "roster.xls", "roster.ods", "roster_gbk.csv", "roster_utf8_bom.csv", "roster_utf8.csv"]


def kept(name):
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def xlsx(rows, name="名册.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, file, create_missing=True):
    data = {"file": file}
    if create_missing:
        data["create_missing"] = "on"
    return client.post("/members/import/", data)


def check_again(client, response, sheet=None, **columns):
    """Use the preview's column-mapping form: `columns` maps a heading as written to a field ("" = not
    imported); the other columns keep what the page proposes."""
    form = response.context["columns_form"]
    data = {name: form[name].value() for name in ("token", "shown_sheet", "sheet")}
    data["create_missing"] = "True" if form["create_missing"].value() else ""
    for field in form.column_fields():
        data[field.html_name] = columns.get(field.label, field.value() or "")
    if sheet is not None:
        data["sheet"] = sheet
    return client.post("/members/import/", data)


def confirm(client, response):
    form = response.context["confirm"]
    data = {name: form[name].value() for name in ("token", "digest", "sheet", "columns")}
    data["create_missing"] = "True" if form["create_missing"].value() else ""
    return client.post("/members/import/confirm/", data)


def problems(response):
    return [str(p) for p in response.context["preview"].problems]


@pytest.mark.parametrize("name", ROSTERS)
def test_a_roster_as_an_office_keeps_it_imports_in_every_format(login, committee_user, union, name):
    client = login(committee_user)
    preview_page = upload(client, kept(name))
    preview = preview_page.context["preview"]
    assert preview.ok, problems(preview_page) + preview.column_problems
    # The title rows are skipped and shown as skipped; the headings are read as people write them.
    assert preview.table.header_row == 4
    assert [number for number, _text in preview.table.skipped] == [1, 2]
    assert "某某公司工会会员花名册" in preview.table.skipped[0][1]
    assert [(c.heading, c.field) for c in preview.columns] == [
        ("序号", None), ("姓  名", "name"), ("性别", "gender"), ("工号", "employee_number"),
        ("所在科室", "department"), ("出生年月", "birth_date"), ("联系电话", "phone"), ("身份证号", "id_number"),
    ]
    page = preview_page.content.decode()
    assert "序号 → 不导入" in " ".join(html.fromstring(page).xpath('string(//ul[@id="import-column-list"])').split())
    added = preview_page.context["listing"].added
    assert [entry.name for entry in added] == ["张三", "李四", "王五", "赵六"]
    assert added[0].details == ["男", "1986年3月", "13912345601"]  # what the file gives, as it will be kept
    assert added[3].details == ["女", "1992-05-17"]

    response = confirm(client, preview_page)
    assert response.status_code == 302
    members = {m.employee_number: m for m in Member.objects.for_union(union).filter(employee_number__startswith="A")}
    zhang, li, wang, zhao = (members[n] for n in ("A001", "A002", "A003", "A004"))
    assert (zhang.birth_date, zhang.birth_month_only) == (date(1986, 3, 1), True)  # 1986.03
    assert (li.birth_date, li.birth_month_only) == (date(1979, 11, 30), False)  # 1979年11月30日
    assert wang.birth_date == date(1990, 2, 28)  # 19900228
    assert zhao.birth_date == date(1992, 5, 17)  # a date cell, or 1992/5/17 in a CSV
    assert [zhang.phone, li.phone, wang.phone, zhao.phone] == ["13912345601", "13912345602", "13712345603", ""]
    assert [m.gender for m in (zhang, li, wang, zhao)] == ["M", "F", "M", "F"]
    assert zhang.department.name == "语文组" and li.department.name == "数学组"
    assert all(m.status == Member.Status.ACTIVE for m in members.values())


def test_the_encoding_of_a_csv_is_detected_and_shown(login, committee_user, union):
    page = upload(login(committee_user), kept("roster_gbk.csv"))
    assert page.context["preview"].table.book.encoding == "GBK/GB18030"
    shown = html.fromstring(page.content.decode()).xpath('string(//*[@id="import-file"])')
    assert "文字编码：GBK/GB18030" in " ".join(shown.split())


def test_the_first_sheet_that_holds_a_roster_is_read_and_another_can_be_chosen(login, committee_user, union):
    client = login(committee_user)
    page = upload(client, kept("two_sheets.xlsx"))
    assert page.context["sheet_name"] == "花名册" and page.context["preview"].ok  # not the 填表说明 before it
    instructions = check_again(client, page, sheet=0)
    assert instructions.context["sheet_name"] == "填表说明"
    assert not instructions.context["preview"].ok
    assert "选出存放它的列" in " ".join(instructions.context["preview"].column_problems)
    back = check_again(client, instructions, sheet=1)
    assert back.context["preview"].ok
    assert confirm(client, back).status_code == 302
    assert Member.objects.for_union(union).filter(employee_number="A004").exists()


def test_a_column_nobody_recognises_is_mapped_once_and_remembered(login, committee_user, union):
    client = login(committee_user)
    rows = [["人员代码", "姓名", "性别", "岗位"], ["Z01", "张三", "男", "教师"], ["Z02", "李四", "女", "会计"]]
    page = upload(client, xlsx(rows))
    preview = page.context["preview"]
    assert preview.column_problems == ["没有导入为“工号”的列：请在“选择每一列存放的内容”中选出存放它的列。"]
    assert not Member.objects.for_union(union).filter(name="张三").exists()

    mapped = check_again(client, page, 人员代码="employee_number")
    assert mapped.context["preview"].ok
    assert [c.field for c in mapped.context["preview"].columns] == ["employee_number", "name", "gender", None]
    assert confirm(client, mapped).status_code == 302
    assert Member.objects.for_union(union).get(employee_number="Z01").name == "张三"
    union.refresh_from_db()
    assert union.roster_columns == {"人员代码": "employee_number"}

    # The next file with that heading is understood at once.
    again = upload(client, xlsx([rows[0], ["Z03", "王五", "男", "教师"]]))
    assert again.context["preview"].ok
    assert [e.employee_number for e in again.context["listing"].added] == ["Z03"]


def test_a_column_can_be_left_out_and_two_columns_for_one_field_are_refused(login, committee_user, union):
    client = login(committee_user)
    DepartmentFactory(union=union, name="语文组")
    rows = [["姓名", "性别", "工号", "部门", "单位"], ["张三", "男", "A001", "语文组", "第一中学"]]
    page = upload(client, xlsx(rows), create_missing=False)
    preview = page.context["preview"]
    assert preview.column_problems == ["“部门”和“单位”都导入为“部门”：请只选其中一列。"]
    fixed = check_again(client, page, 单位="")
    assert fixed.context["preview"].ok
    assert confirm(client, fixed).status_code == 302
    assert Member.objects.for_union(union).get(employee_number="A001").department.name == "语文组"
    union.refresh_from_db()
    assert union.roster_columns == {"单位": ""}


def test_a_mapping_is_refused_for_another_user_or_an_expired_token(login, committee_user, chair_user, union):
    client = login(committee_user)
    page = upload(client, xlsx([["人员代码", "姓名", "性别"], ["Z01", "张三", "男"]]))
    form = page.context["columns_form"]
    other = login(chair_user)
    response = other.post("/members/import/", {"token": form["token"].value(), "column_0": "employee_number"})
    assert response.status_code == 302  # back to the upload: the file was not theirs
    assert not Member.objects.for_union(union).filter(name="张三").exists()


def test_values_written_as_people_write_them(login, committee_user, union):
    rows = [
        ["姓名", "性别", "工号", "出生日期", "手机号码", "入会时间", "人员状态"],
        ["甲", "M", "B1", "1986/3/12", "+86 139 1234 5601", "2005年9月", "在岗"],
        ["乙", "女性", "B2", "1986.3.12", "'13712345603", "2005-09-01", "已退休"],
        ["丙", "f", "B3", 31483, 13812345604, 38596, "内部退养"],
        ["丁", "男", "B4", "1986年3月", "138-1234-5605", "", "退会"],
        ["戊", "男", "B5", 1986.1, "", "", ""],
    ]
    preview = upload(login(committee_user), xlsx(rows)).context["preview"]
    assert preview.ok, [str(p) for p in preview.problems]
    got = {row.values["employee_number"]: row.values for row in preview.rows}
    assert got["B1"]["birth_date"] == got["B2"]["birth_date"] == got["B3"]["birth_date"] == date(1986, 3, 12)
    assert (got["B4"]["birth_date"], got["B4"]["birth_month_only"]) == (date(1986, 3, 1), True)
    assert (got["B5"]["birth_date"], got["B5"]["birth_month_only"]) == (date(1986, 10, 1), True)  # 1986.10 typed
    assert [got[n]["phone"] for n in ("B1", "B2", "B3", "B4")] == [
        "13912345601", "13712345603", "13812345604", "13812345605",
    ]
    assert [got[n]["gender"] for n in ("B1", "B2", "B3")] == ["M", "F", "F"]
    assert [got[n]["status"] for n in ("B1", "B2", "B3", "B4", "B5")] == [
        "active", "retired", "early_retired", "left", "active",
    ]
    assert got["B1"]["joined_on"] == date(2005, 9, 1) and got["B3"]["joined_on"] == date(2005, 9, 1)


def test_an_id_number_gives_the_birth_date_and_gender_and_is_checked(login, committee_user, union):
    rows = [
        ["姓名", "工号", "公民身份号码", "出生日期", "性别"],
        ["甲", "C1", "110101198603071232", "", ""],  # gives both
        ["乙", "C2", "110101197911300020", "1979.11", "女"],  # agrees with the month
        ["丙", "C3", "110101199002280034", "", ""],  # wrong check digit
        ["丁", "C4", "110101199002280033", "1990-03-01", "女"],  # contradicts both
    ]
    preview = upload(login(committee_user), xlsx(rows)).context["preview"]
    got = {row.values["employee_number"]: row.values for row in preview.rows}
    assert (got["C1"]["birth_date"], got["C1"]["gender"]) == (date(1986, 3, 7), "M")
    assert (got["C2"]["birth_date"], got["C2"]["gender"]) == (date(1979, 11, 1), "F")
    assert [str(p) for p in preview.problems] == [
        "第4行，公民身份号码“110101199002280034”：校验码（最后一位）不对：请对照身份证核对号码",
        "第5行，公民身份号码“110101199002280033”：给出的出生日期是 1990-02-28，"
        "但“出生日期”写的是 1990-03-01：请改正其中一个",
        "第5行，公民身份号码“110101199002280033”：给出的性别是男，但“性别”写的是女：请改正其中一个",
    ]


def test_the_id_number_is_not_kept(login, committee_user, union):
    rows = [["姓名", "工号", "身份证号"], ["甲", "C1", "110101198603071232"]]
    client = login(committee_user)
    confirm(client, upload(client, xlsx(rows)))
    member = Member.objects.for_union(union).get(employee_number="C1")
    assert "110101198603071232" not in str(list(Member.objects.filter(pk=member.pk).values()))
    assert "110101198603071232" not in str(list(HistoryEntry.objects.values()))


def test_every_row_error_names_the_files_row_the_heading_as_written_the_value_and_what_is_accepted(
    login, committee_user, union
):
    rows = [
        ["某某公司工会会员花名册"],
        ["填报日期：2026年11月20日"],
        ["姓  名", "性别", "职工号", "出生年月", "联系电话", "在职状态"],
        ["张三", "男", "A001", "1986.13", "139 1234", "在职"],
        ["李四", "未知", "A002", "1980-01-01", "", "休假"],
    ]
    response = upload(login(committee_user), xlsx(rows))
    assert problems(response) == [
        "第4行，出生年月“1986.13”：请写成 1986-03-12、1986/3/12、1986.3.12、1986年3月12日 或 19860312 这样的日期，"
        "或只写年月，如 1986.03",
        "第4行，联系电话“139 1234”：请写11位手机号码，如 13912345601（可以有空格和短横线）",
        "第5行，性别“未知”：请写“男”或“女”（也可写 M 或 F）",
        "第5行，在职状态“休假”：请写“在职”“退休”“内退”或“离会”",
    ]
    assert not Member.objects.for_union(union).filter(employee_number__in=["A001", "A002"]).exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese(login, committee_user, union):
    response = upload(login(committee_user), SimpleUploadedFile("名册.docx", b"PK\x03\x04 not a sheet"))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    assert ".xlsx" in errors and ".xls" in errors and ".csv" in errors


# -- the round trip ------------------------------------------------------------------------------

def roundtrip_members():
    """The roster of tests/members/files/roundtrip.*: exported by the app (make_files.py), then opened
    and saved by LibreOffice Calc in each format."""
    chinese, maths = Department(name="语文组"), Department(name="数学组")
    arts = UnionGroup(name="文科小组")
    members = [
        Member(name="张伟", gender="M", employee_number="0012", department=chinese, group=arts,
               birth_date=date(1980, 5, 1), phone="13800138000", joined_on=date(2005, 9, 1),
               status=Member.Status.ACTIVE, email="zhangwei@example.org"),
        Member(name="李娜", gender="F", employee_number="A002", department=maths,
               birth_date=date(1986, 3, 1), birth_month_only=True, status=Member.Status.RETIRED),
        Member(name="王芳", gender="F", employee_number="2003", department=chinese, group=arts,
               birth_date=date(1979, 11, 30), lunar_birthday=True, phone="13912345601",
               joined_on=date(2001, 7, 1), status=Member.Status.EARLY_RETIRED),
        Member(name="赵磊", gender="M", employee_number="T-004", phone="13712345603",
               status=Member.Status.LEFT),
    ]
    return members


@pytest.fixture
def roundtrip_roster(union):
    departments = {name: DepartmentFactory(union=union, name=name) for name in ("语文组", "数学组")}
    group = UnionGroupFactory(union=union, name="文科小组")
    for member in roundtrip_members():
        MemberFactory(
            union=union, name=member.name, gender=member.gender, employee_number=member.employee_number,
            department=departments.get(member.department.name) if member.department else None,
            group=group if member.group else None, birth_date=member.birth_date,
            birth_month_only=member.birth_month_only, lunar_birthday=member.lunar_birthday,
            phone=member.phone, joined_on=member.joined_on, status=member.status, email=member.email,
        )


@pytest.mark.parametrize("name", ["roundtrip.xlsx", "roundtrip.xls", "roundtrip.ods", "roundtrip.csv"])
def test_an_exported_roster_saved_again_in_libreoffice_imports_back_with_no_change(
    login, committee_user, union, roundtrip_roster, name
):
    before = list(Member.objects.for_union(union).order_by("pk").values())
    preview = upload(login(committee_user), kept(name), create_missing=False).context["preview"]
    assert preview.ok, [str(p) for p in preview.problems] + preview.column_problems
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 4)
    assert list(Member.objects.for_union(union).order_by("pk").values()) == before


def test_the_kept_round_trip_files_are_todays_export(login, committee_user, union, roundtrip_roster):
    """The files were made from the export as it is: exporting the same roster gives the same cells."""
    from python_calamine import CalamineWorkbook

    exported = login(committee_user).get("/members/export.xlsx").content
    ours = CalamineWorkbook.from_filelike(io.BytesIO(exported)).get_sheet_by_index(0).to_python()
    kept_rows = CalamineWorkbook.from_path(str(FILES / "roundtrip.xlsx")).get_sheet_by_index(0).to_python()
    names = {m.name for m in roundtrip_members()}
    assert ours[0] == kept_rows[0]
    assert sorted(map(str, [row for row in ours if row[0] in names])) == sorted(map(str, kept_rows[1:]))


def test_choosing_a_sheet_without_a_list_says_why_and_keeps_the_file(login, committee_user, union):
    client = login(committee_user)
    workbook = Workbook()
    workbook.active.append(["姓名", "性别", "工号"])
    workbook.active.append(["张三", "男", "A001"])
    workbook.create_sheet("空白")
    out = io.BytesIO()
    workbook.save(out)
    page = upload(client, SimpleUploadedFile("名册.xlsx", out.getvalue()))
    empty = check_again(client, page, sheet=1)
    alert = html.fromstring(empty.content.decode()).xpath('string(//*[contains(@class, "alert-danger")])')
    assert " ".join(alert.split()) == "工作表是空的。"
    assert empty.context["sheet_name"] == "Sheet" and empty.context["preview"].ok  # read as before
    assert confirm(client, empty).status_code == 302
    assert Member.objects.for_union(union).filter(employee_number="A001").exists()


def test_a_remembered_mapping_of_another_shape_is_ignored(login, committee_user, union):
    union.roster_columns = {"人员代码": "is_superuser", "岗位": 3, "工号": ""}
    union.save()
    page = upload(login(committee_user), xlsx([["人员代码", "姓名", "性别", "岗位"], ["Z01", "张三", "男", "教师"]]))
    assert [c.field for c in page.context["preview"].columns] == [None, "name", "gender", None]
    assert page.context["preview"].column_problems == [
        "没有导入为“工号”的列：请在“选择每一列存放的内容”中选出存放它的列。"
    ]
