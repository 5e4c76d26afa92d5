"""Excel roster import: preview first, every problem with its row number, then all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from openpyxl import Workbook, load_workbook

from members import roster_import, sheets
from members.models import Department, HistoryEntry, Member, UnionGroup
from tests.factories import DepartmentFactory, MemberFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "性别", "工号", "部门", "工会小组", "出生日期", "农历生日", "手机", "入会日期", "状态"]


def xlsx(rows, headers=HEADERS, name="名册.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=roster_import.XLSX_CONTENT_TYPE)


def good_row(number="A001", name="张三", **changes):
    row = {
        "姓名": name,
        "性别": "男",
        "工号": number,
        "部门": "语文组",
        "工会小组": "文科小组",
        "出生日期": date(1980, 5, 1),
        "农历生日": "否",
        "手机": "13800138000",
        "入会日期": date(2005, 9, 1),
        "状态": "在职",
    }
    row.update(changes)
    return [row[h] for h in HEADERS]


@pytest.fixture
def places(union):
    DepartmentFactory(union=union, name="语文组")
    UnionGroupFactory(union=union, name="文科小组")


def upload(client, file, create_missing=False):
    data = {"file": file}
    if create_missing:
        data["create_missing"] = "on"
    return client.post("/members/import/", data)


def listed(response, group):
    """The preview's list of members added ("added") or changed ("changed"): [[name, 工号, 部门, 行,
    changes…]] as the page shows them."""
    page = html.fromstring(response.content.decode())
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in page.xpath(f'//details[@id="import-{group}"]//tbody/tr')
    ]


def confirm(client, response):
    """Press "Import now" on the preview page: its form sends back what the preview showed."""
    form = response.context["confirm"]
    return client.post(
        "/members/import/confirm/",
        {
            "token": form["token"].value(),
            "create_missing": "True" if form["create_missing"].value() else "",
            "digest": form["digest"].value(),
        },
    )


def test_preview_saves_nothing_and_confirm_imports_every_row(login, committee_user, union, places):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001", "张三"), good_row("A002", "李四", 性别="女")]))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok and preview.created == 2
    assert not Member.objects.filter(employee_number__in=["A001", "A002"]).exists()
    assert "导入" in response.content.decode()

    response = confirm(client, response)
    assert response.status_code == 302
    li = Member.objects.get(union=union, employee_number="A002")
    assert (li.name, li.gender, li.department.name, li.group.name) == ("李四", "F", "语文组", "文科小组")
    assert li.birth_date == date(1980, 5, 1) and li.phone == "13800138000"
    assert HistoryEntry.objects.filter(object_id=str(li.pk), action="create").exists()


def test_rows_update_existing_members_by_employee_number(login, committee_user, union, places):
    old = MemberFactory(union=union, employee_number="A001", name="张三", phone="13900000000")
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001", "张三丰", 手机="13800138001")]))
    preview = response.context["preview"]
    assert (preview.created, preview.updated) == (0, 1)
    confirm(client, response)
    old.refresh_from_db()
    assert (old.name, old.phone) == ("张三丰", "13800138001")
    assert Member.objects.filter(union=union, employee_number="A001").count() == 1
    entry = HistoryEntry.objects.filter(object_id=str(old.pk)).first()
    assert entry.action == "change"
    assert entry.changes["姓名"] == ["张三", "张三丰"]
    assert "农历出生月" not in entry.changes  # derived fields are not history


def test_the_same_employee_number_in_another_union_is_a_different_member(
    login, committee_user, union, other_union, places
):
    stranger = MemberFactory(union=other_union, employee_number="A001", name="外人")
    client = login(committee_user)
    confirm(client, upload(client, xlsx([good_row("A001", "张三")])))
    stranger.refresh_from_db()
    assert stranger.name == "外人"
    assert Member.objects.get(union=union, employee_number="A001").name == "张三"


def test_unknown_departments_and_groups_are_created_only_when_ticked(login, committee_user, union):
    client = login(committee_user)
    file = xlsx([good_row("A001", 部门="新部门", 工会小组="新小组")])
    response = upload(client, file)
    problems = [str(p) for p in response.context["preview"].problems]
    assert any(p.startswith("第2行，部门“新部门”：不是本工会的部门") for p in problems)
    assert any(p.startswith("第2行，工会小组“新小组”：不是本工会的工会小组") for p in problems)

    file.seek(0)
    response = upload(client, file, create_missing=True)
    assert response.context["preview"].ok
    assert response.context["preview"].new_departments == ["新部门"]
    assert not Department.objects.filter(name="新部门").exists()
    confirm(client, response)
    assert Department.objects.get(union=union, name="新部门")
    assert UnionGroup.objects.get(union=union, name="新小组")


# -- bad files and bad rows: nothing is saved -----------------------------------------------------


def _not_a_sheet():
    return SimpleUploadedFile("roster.txt", "姓名,性别\n张三,男\n".encode(), content_type="text/plain")


def _empty():
    return SimpleUploadedFile("roster.xlsx", b"", content_type=roster_import.XLSX_CONTENT_TYPE)


def _garbage():
    return SimpleUploadedFile(
        "roster.xlsx",
        b"PK\x03\x04 this is not really a workbook",
        content_type=roster_import.XLSX_CONTENT_TYPE,
    )


BAD_FILES = {
    "wrong type": (_not_a_sheet, ".xlsx、.xls、.xlsb、.ods 或 .csv"),
    "empty file": (_empty, "空"),
    "corrupt workbook": (_garbage, "损坏"),
    "no rows": (lambda: xlsx([], headers=None), "空"),
    "headers only": (lambda: xlsx([]), "没有"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_gets_a_clear_error_and_saves_nothing(login, committee_user, union, kind):
    make, message = BAD_FILES[kind]
    before = Member.objects.count()
    response = upload(login(committee_user), make())
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert Member.objects.count() == before


def test_a_file_without_a_column_for_a_required_field_asks_which_column_holds_it(login, committee_user, union):
    response = upload(login(committee_user), xlsx([["张三", "男"]], headers=["姓名", "性别"]))
    assert response.context["preview"].column_problems == [
        "没有导入为“工号”的列：请在“选择每一列存放的内容”中选出存放它的列。"
    ]
    assert "confirm" not in response.context and not Member.objects.filter(name="张三").exists()


def test_a_file_over_the_size_limit_is_refused(login, committee_user, union, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_UPLOAD_BYTES", 1024)
    file = xlsx([good_row(f"A{i:03d}", f"会员{i}") for i in range(200)])
    response = upload(login(committee_user), file)
    assert response.status_code == 400
    assert "MB" in " ".join(response.context["form"].errors["file"])


BAD_ROWS = {
    "invalid date": ({"出生日期": "1980-02-30"}, "第3行，出生日期“1980-02-30”：请写成 1986-03-12"),
    "birth date in the future": ({"出生日期": "2099-01-01"}, "第3行，出生日期“2099-01-01”：2099-01-01 是将来的日期"),
    "joined before born": ({"入会日期": date(1979, 1, 1)}, "第3行，入会日期“1979-01-01”：1979-01-01 不晚于出生日期"),
    "missing name": ({"姓名": None}, "第3行 姓名：必填"),
    "missing employee number": ({"工号": None}, "第3行 工号：必填"),
    "unknown gender": ({"性别": "未知"}, "第3行，性别“未知”：请写“男”或“女”"),
    "bad phone": ({"手机": "1380013"}, "第3行，手机“1380013”：请写11位手机号码"),
    "unknown status": ({"状态": "休假"}, "第3行，状态“休假”：请写“在职”“退休”“内退”或“离会”"),
    "bad lunar flag": ({"农历生日": "也许"}, "第3行，农历生日“也许”：请写“是”或“否”"),
    "duplicate employee number": ({"工号": "A001"}, "第3行，工号“A001”：这个工号在第2行也有"),
    "unknown department": ({"部门": "火星组"}, "第3行，部门“火星组”：不是本工会的部门"),
    "name too long": ({"姓名": "长" * 51}, "第3行，姓名“长长"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_a_bad_row_is_reported_with_row_column_and_value_and_nothing_is_saved(
    login, committee_user, union, places, kind
):
    changes, expected = BAD_ROWS[kind]
    client = login(committee_user)
    response = upload(
        client, xlsx([good_row("A001"), good_row("A002", "李四", **changes), good_row("A003", "王五")])
    )
    preview = response.context["preview"]
    assert not preview.ok
    problems = [str(p) for p in preview.problems]
    assert any(p.startswith(expected) for p in problems), problems
    assert expected.split("：")[0] in response.content.decode()
    assert "confirm" not in response.context
    assert not Member.objects.filter(employee_number__in=["A001", "A002", "A003"]).exists()


def test_every_problem_of_the_file_is_listed_at_once(login, committee_user, union, places):
    rows = [good_row("A001", 出生日期="1980-13-01"), good_row("A002", 手机="12"), good_row("A003", 性别="x")]
    problems = upload(login(committee_user), xlsx(rows)).context["preview"].problems
    assert [(p.row, p.column) for p in problems] == [(2, "出生日期"), (3, "手机"), (4, "性别")]


def test_confirm_with_an_unknown_token_saves_nothing(login, committee_user, union):
    response = login(committee_user).post("/members/import/confirm/", {"token": "nope"})
    assert response.status_code == 302 and response["Location"] == "/members/import/"
    assert Member.objects.filter(union=union).count() == 1  # the committee member only


def test_the_import_is_all_or_nothing_when_a_save_fails(login, committee_user, union, places, monkeypatch):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001"), good_row("A002", "李四")]))
    original = Member.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self.employee_number)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Member, "save", failing_save)
    with pytest.raises(RuntimeError):
        confirm(client, response)
    monkeypatch.setattr(Member, "save", original)
    assert not Member.objects.filter(employee_number="A001").exists()


def test_dates_written_as_text_in_common_chinese_formats_are_read(login, committee_user, union, places):
    rows = [
        good_row("A001", 出生日期="1980/5/1", 入会日期="2005年9月1日"),
        good_row("A002", 出生日期="1980.05.01"),
    ]
    preview = upload(login(committee_user), xlsx(rows)).context["preview"]
    assert preview.ok
    assert [r.values["birth_date"] for r in preview.rows] == [date(1980, 5, 1)] * 2


def test_phone_numbers_stored_as_numbers_in_excel_are_read(login, committee_user, union, places):
    preview = upload(login(committee_user), xlsx([good_row("A001", 手机=13800138000)])).context["preview"]
    assert preview.ok and preview.rows[0].values["phone"] == "13800138000"


# -- template and export ----------------------------------------------------------------------------


def test_the_template_has_the_chinese_headers(login, committee_user):
    response = login(committee_user).get("/members/import/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [*HEADERS, "邮箱"]


def test_export_then_import_is_a_round_trip_with_no_changes(login, committee_user, union, places):
    dept = Department.objects.get(union=union, name="语文组")
    for i in range(5):
        MemberFactory(
            union=union,
            department=dept,
            birth_date=date(1980, 2, 29 if i == 0 else i + 1),
            phone=f"1380013800{i}",
            joined_on=date(2001, 9, 1),
            lunar_birthday=i == 2,
            status=Member.Status.RETIRED if i == 3 else Member.Status.ACTIVE,
            gender="M" if i % 2 else "F",
        )
    client = login(committee_user)
    exported = client.get("/members/export.xlsx")
    assert exported["Content-Type"] == roster_import.XLSX_CONTENT_TYPE
    file = SimpleUploadedFile("export.xlsx", exported.content)
    preview = upload(client, file).context["preview"]
    assert preview.ok, [str(p) for p in preview.problems]
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 6)


def test_export_follows_the_roster_filters(login, committee_user, union, places):
    MemberFactory(union=union, name="赵女士", gender="F")
    MemberFactory(union=union, name="钱先生", gender="M")
    response = login(committee_user).get("/members/export.xlsx?gender=M")
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert "钱先生" in names and "赵女士" not in names


def test_members_and_group_leaders_cannot_import_or_export(login, member_user, treasurer_user):
    for user in (member_user, treasurer_user):
        client = login(user)
        assert client.get("/members/import/").status_code == 403
        assert client.get("/members/export.xlsx").status_code == 403
        assert client.get("/members/import/template.xlsx").status_code == 403


def test_a_file_with_fewer_columns_leaves_the_other_fields_as_they_were(login, committee_user, union, places):
    """A union that sends only names and numbers (to rename or add members) must not wipe the phones,
    birth dates and departments it did not send."""
    old = MemberFactory(union=union, employee_number="A001", name="张三", gender="M", phone="13900000000",
                        birth_date=date(1980, 5, 1), department=Department.objects.get(name="语文组"))
    client = login(committee_user)
    file = xlsx([["张三丰", "男", "A001"], ["新会员", "女", "A009"]], headers=["姓名", "性别", "工号"])
    response = upload(client, file)
    preview = response.context["preview"]
    assert preview.ok and (preview.created, preview.updated) == (1, 1)
    assert set(preview.rows[0].changes) == {"name"}
    assert confirm(client, response).status_code == 302
    old.refresh_from_db()
    assert (old.name, old.phone, old.birth_date) == ("张三丰", "13900000000", date(1980, 5, 1))
    assert old.department.name == "语文组"
    new = Member.objects.get(union=union, employee_number="A009")
    assert (new.name, new.gender, new.status, new.phone) == ("新会员", "F", Member.Status.ACTIVE, "")


def test_e_mail_addresses_come_in_and_go_out_with_the_roster(login, committee_user, union, places):
    headers = [*HEADERS, "邮箱"]
    client = login(committee_user)
    good = [*good_row("A001", "张三"), "zhangsan@example.org"]
    response = upload(client, xlsx([good, [*good_row("A002", "李四"), "not-an-address"]], headers=headers))
    assert "第3行，邮箱“not-an-address”：请写电子邮箱地址，如 name@example.com，或留空" in response.content.decode()
    assert not Member.objects.filter(employee_number="A001").exists()
    confirm(client, upload(client, xlsx([good], headers=headers)))
    assert Member.objects.get(union=union, employee_number="A001").email == "zhangsan@example.org"
    sheet = load_workbook(io.BytesIO(client.get("/members/export.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "邮箱" and ("张三", "zhangsan@example.org") in {(r[0], r[-1]) for r in rows[1:]}


# -- the preview shows who is added and what changes ------------------------------------------------


@pytest.fixture
def roster(union, places):
    """Three members already on the roster: 张三 and 王五 as good_row() has them, 赵六 in 数学组."""
    chinese = Department.objects.get(union=union, name="语文组")
    group = UnionGroup.objects.get(union=union, name="文科小组")
    same = {"gender": "M", "department": chinese, "group": group, "birth_date": date(1980, 5, 1),
            "phone": "13800138000", "joined_on": date(2005, 9, 1)}
    MemberFactory(union=union, employee_number="A001", name="张三", **same)
    MemberFactory(union=union, employee_number="A003", name="王五", **same)
    maths = DepartmentFactory(union=union, name="数学组")
    MemberFactory(union=union, employee_number="A004", name="赵六",
                  **{**same, "department": maths, "phone": "13900000000"})


def test_the_preview_names_who_is_added_and_what_changes_for_whom(login, committee_user, union, roster):
    client = login(committee_user)
    rows = [good_row("A001", "张三"), good_row("A002", "李四", 性别="女"), good_row("A003", "王五"),
            good_row("A004", "赵六", 状态="退休")]
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    assert listed(response, "added") == [
        ["李四", "A002", "语文组", "第3行", "女 · 文科小组 · 1980-05-01 · 13800138000 · 2005-09-01"]
    ]
    assert listed(response, "changed") == [
        ["赵六", "A004", "语文组", "第5行", "部门：数学组 → 语文组 手机号：13900000000 → 13800138000 状态：在职 → 退休"]
    ]
    text = html.fromstring(response.content.decode()).text_content()
    assert "张三" not in text and "王五" not in text  # unchanged: counted, not listed
    assert "2 名会员没有变化" in text
    assert "新增 1 名会员" in text and "按工号更新 1 名会员" in text

    assert confirm(client, response).status_code == 302
    zhao = Member.objects.get(union=union, employee_number="A004")
    assert (zhao.department.name, zhao.phone, zhao.status) == ("语文组", "13800138000", Member.Status.RETIRED)
    assert Member.objects.get(union=union, employee_number="A002").name == "李四"


def test_a_member_without_sensitive_rights_would_see_that_a_phone_changes_not_the_numbers(
    committee_user, union, roster
):
    """The import needs members.view_sensitive_member (a 403 without it), and the preview's listing
    hides phones, e-mails and birth dates from anyone without that right all the same."""
    file = xlsx([good_row("A004", "赵六", 出生日期=date(1981, 1, 1))])
    preview = roster_import.check_roster(union, file)
    (entry,) = roster_import.listing(preview, private=False).changed
    shown = {c.label: (c.old, c.new, c.hidden) for c in entry.changes}
    assert shown["部门"] == ("数学组", "语文组", False)
    assert shown["手机号"] == ("", "", True) and shown["出生日期"] == ("", "", True)
    file.seek(0)
    (entry,) = roster_import.listing(roster_import.check_roster(union, file), private=True).changed
    assert {c.label: c.new for c in entry.changes}["手机号"] == "13800138000"


def test_a_long_list_is_shown_whole_but_folded(login, committee_user, union, places):
    rows = [good_row(f"B{i:03d}", f"新会员{i}") for i in range(60)]
    response = upload(login(committee_user), xlsx(rows))
    assert len(listed(response, "added")) == 60
    page = html.fromstring(response.content.decode())
    assert page.xpath('//details[@id="import-added"]/@open') == []


def test_a_file_that_changes_nothing_offers_nothing_to_confirm(login, committee_user, union, roster):
    response = upload(login(committee_user), xlsx([good_row("A001", "张三"), good_row("A003", "王五")]))
    content = response.content.decode()
    assert "2 名会员没有变化" in content and "没有需要导入的内容" in content
    assert 'id="confirm-import"' not in content and listed(response, "changed") == []


def test_after_errors_the_upload_form_is_on_the_page_and_the_fixed_file_reaches_a_clean_preview(
    login, committee_user, union, places
):
    client = login(committee_user)
    rows = [good_row("A001", "张三", 部门="新部门"), good_row("A002", "李四", 手机="1380013")]
    response = upload(client, xlsx(rows), create_missing=True)
    page = html.fromstring(response.content.decode())
    assert [" ".join(li.text_content().split()) for li in page.xpath('//ol[@class="problem-list mb-0"]/li')] == [
        "第3行，手机“1380013”：请写11位手机号码，如 13912345601（可以有空格和短横线）"
    ]
    (form,) = page.xpath('//form[@id="import-upload"]')
    assert form.xpath('.//input[@type="file"][@name="file"]')
    assert form.xpath('.//input[@name="create_missing"]/@checked')  # the tick is kept
    assert "上传改好的文件" in form.text_content()
    assert not page.xpath('//*[@id="confirm-import"]')

    rows[1] = good_row("A002", "李四")
    response = upload(client, xlsx(rows), create_missing=True)
    assert [row[:3] for row in listed(response, "added")] == [["张三", "A001", "新部门"], ["李四", "A002", "语文组"]]
    assert "problem-list" not in response.content.decode()
    assert confirm(client, response).status_code == 302
    assert Member.objects.get(union=union, employee_number="A001").department.name == "新部门"
    assert Member.objects.filter(union=union, employee_number__in=["A001", "A002"]).count() == 2


def test_confirm_applies_only_what_the_preview_showed(login, committee_user, union, roster):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A004", "赵六"), good_row("A005", "钱七")]))
    assert [row[0] for row in listed(response, "changed")] == ["赵六"]
    # Meanwhile someone else adds 钱七 by hand with another phone: the import would now change him too.
    MemberFactory(union=union, employee_number="A005", name="钱七", phone="13700000000")

    refused = confirm(client, response)
    assert refused.status_code == 409
    assert "名册在检查文件之后有了变化" in refused.content.decode()
    assert Member.objects.get(union=union, employee_number="A004").phone == "13900000000"
    assert [row[0] for row in listed(refused, "changed")] == ["赵六", "钱七"]  # the page shows it now

    assert confirm(client, refused).status_code == 302  # the new preview, confirmed
    assert Member.objects.get(union=union, employee_number="A005").phone == "13800138000"
    assert Member.objects.filter(union=union, employee_number="A005").count() == 1


@pytest.mark.parametrize("size", [10, 200])
def test_the_preview_queries_do_not_grow_with_the_rows(
    login, committee_user, union, places, size, django_assert_max_num_queries
):
    """Half the rows are members already on the roster, with a new phone: the diff comes from one
    query of the union's members, not one per row."""
    for i in range(0, size, 2):
        MemberFactory(union=union, employee_number=f"C{i:04d}", name=f"老会员{i}", phone="13900000000")
    client = login(committee_user)
    client.get("/members/import/")
    file = xlsx([good_row(f"C{i:04d}", f"会员{i}") for i in range(size)])
    with django_assert_max_num_queries(9):
        response = upload(client, file)
    assert len(listed(response, "added")) == len(listed(response, "changed")) == size // 2


def test_a_file_longer_than_the_in_list_limit_reads_the_whole_roster_with_the_same_result(
    login, committee_user, union, other_union, roster, monkeypatch
):
    MemberFactory(union=other_union, employee_number="A002", name="外人")
    rows = [good_row("A001", "张三"), good_row("A002", "李四"), good_row("A004", "赵六")]
    client = login(committee_user)
    short = upload(client, xlsx(rows))
    monkeypatch.setattr(roster_import, "IN_LIST_LIMIT", 2)
    long = upload(client, xlsx(rows))
    assert [row[:4] for row in listed(long, "added")] == [["李四", "A002", "语文组", "第3行"]]
    assert listed(long, "added") == listed(short, "added")
    assert listed(long, "changed") == listed(short, "changed") != []
