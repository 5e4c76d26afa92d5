"""Uploads that cannot hurt: the Excel imports (the roster, the wage bases) refuse a file that unpacks out
of proportion before parsing it, count every row of the sheet, and keep a file waiting for its
confirmation in the database, for at most an hour, on no app server's disk.

The bombs are built here with zipfile directly: small on disk, huge unpacked.
"""

import io
import re
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from funds.models import WageBase
from members import roster_import, sheets
from members.models import Member
from tests.factories import DepartmentFactory, MemberFactory, UnionGroupFactory
from tests.members.test_import import confirm, good_row, upload, xlsx
from tests.members.xlsx_parts import HEADER, MEMBER, text_cell
from tests.members.xlsx_parts import package as xlsx_bytes

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def places(union):
    DepartmentFactory(union=union, name="语文组")
    UnionGroupFactory(union=union, name="文科小组")

# -- a workbook written by hand, part by part ----------------------------------------------------------

HEADER_ROW, GOOD_ROW, _text_cell = HEADER, MEMBER, text_cell


def package(*, rows=(HEADER_ROW, GOOD_ROW), **parts):
    """tests/members/xlsx_parts.package as an upload."""
    return SimpleUploadedFile("名册.xlsx", xlsx_bytes(*rows, **parts), content_type=roster_import.XLSX_CONTENT_TYPE)


def unpacked(file):
    file.seek(0)
    size = sum(entry.file_size for entry in zipfile.ZipFile(file).infolist())
    file.seek(0)
    return size


def file_errors(response):
    assert response.status_code == 400, response.status_code
    return " ".join(response.context["form"].errors["file"])


# -- files out of proportion are refused before they are parsed --------------------------------------


def test_a_shared_strings_bomb_is_refused_before_it_is_parsed(login, committee_user, union):
    """167 KB on disk, 68 MB of XML unpacked: four million strings, which took openpyxl 40 seconds and
    over 500 MB to read before the check."""
    bomb = package(strings=4_000_000)
    assert bomb.size < 250_000 and unpacked(bomb) > 60_000_000
    errors = file_errors(upload(login(committee_user), bomb))
    assert "解压后" in errors and "MB" in errors and "不成比例" in errors
    assert Member.objects.filter(union=union).count() == 1  # the committee member only


def test_a_file_of_thousands_of_parts_is_refused(login, committee_user, union):
    many = package(more_parts=5_000)
    errors = file_errors(upload(login(committee_user), many))
    assert "5006 个部件" in errors


def test_a_row_with_more_cells_than_excel_allows_is_refused(login, committee_user, union):
    """One row of a million empty cells is 21 MB of XML and 660 MB once openpyxl has built it; Excel
    itself stops at 16,384 columns. This one has 20,000 (0.4 MB unpacked)."""
    wide = '<row r="3">' + '<c t="s"><v>0</v></c>' * 20_000 + "</row>"
    errors = file_errors(upload(login(committee_user), package(rows=[HEADER_ROW, GOOD_ROW, wide], strings=1)))
    assert "16384" in errors


def test_every_part_is_checked_against_what_it_claims_unpacked(login, committee_user, union, monkeypatch):
    """A sheet within the limits passes; the same sheet over a smaller limit is refused."""
    client = login(committee_user)
    assert upload(client, xlsx([good_row("A001")])).status_code == 200
    monkeypatch.setattr(sheets, "MAX_UNPACKED_BYTES", 2_000)
    assert "解压后" in file_errors(upload(client, xlsx([good_row("A001")])))


def test_the_wage_import_refuses_a_bomb_too(login, treasurer_user, union):
    response = login(treasurer_user).post(
        "/funds/2026/wages/import/", {"file": package(strings=4_000_000), "from_month": "1"}
    )
    assert "解压后" in response.content.decode()
    assert WageBase.objects.count() == 0


# -- every row counts ---------------------------------------------------------------------------------


def test_rows_beyond_the_limit_count_whatever_columns_they_use(login, committee_user, union, places, monkeypatch):
    """Rows that hold something only in a column the import does not read still count: a sheet of five
    members and a million notes in column Z is not read to its end."""
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "性别", "工号"])
    for i in range(3):
        sheet.append(["张三", "男", f"A00{i}"])
    for row in range(5, 12):
        sheet.cell(row=row, column=26, value="备注")
    out = io.BytesIO()
    workbook.save(out)
    errors = file_errors(upload(login(committee_user), SimpleUploadedFile("名册.xlsx", out.getvalue())))
    assert "超过 5 行" in errors


def test_a_roster_of_the_limit_is_read_and_one_row_more_is_refused(login, committee_user, union, places, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 4)
    client = login(committee_user)
    response = upload(client, xlsx([good_row(f"A00{i}", f"会员{i}") for i in range(4)]))
    assert response.status_code == 200 and response.context["preview"].created == 4
    assert "超过 4 行" in file_errors(upload(client, xlsx([good_row(f"A00{i}", f"会员{i}") for i in range(5)])))


def test_a_sheet_whose_dimension_lies_is_read_to_its_last_row(login, committee_user, union):
    """The sheet says it spans A1:C2, but holds eleven members: all eleven are read (openpyxl's
    read-only mode would stop at the second row), and the row limit counts them all."""
    rows = [HEADER_ROW] + [
        f'<row r="{n}">' + "".join(_text_cell(v) for v in (f"会员{n}", "女", f"B{n:03d}")) + "</row>"
        for n in range(2, 13)
    ]
    response = upload(login(committee_user), package(rows=rows, dimension='<dimension ref="A1:C2"/>'))
    assert response.status_code == 200
    assert response.context["preview"].created == 11


def test_the_import_page_states_the_limits(login, committee_user):
    page = login(committee_user).get("/members/import/").content.decode()
    assert f"{roster_import.MAX_ROWS:,}" in page and "5 MB" in page


# -- the file between preview and confirmation --------------------------------------------------------


@pytest.fixture
def elsewhere(settings, tmp_path):
    """Make this process look like another app server: its own media directory and an empty cache."""

    def _move():
        settings.MEDIA_ROOT = str(tmp_path / "another-server")
        cache.clear()

    return _move


def test_the_file_waiting_for_confirmation_is_kept_on_no_servers_disk(
    login, committee_user, union, places, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    response = upload(login(committee_user), xlsx([good_row("A001")]))
    assert "confirm" in response.context
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_preview_and_confirm_may_reach_different_app_servers(login, committee_user, union, places, elsewhere):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001", "张三"), good_row("A002", "李四")]))
    elsewhere()
    assert confirm(client, response).status_code == 302
    assert Member.objects.filter(union=union, employee_number__in=["A001", "A002"]).count() == 2


def pending():
    from members.models import PendingImport

    return PendingImport.objects.count()


def test_the_file_is_gone_after_confirm(login, committee_user, union, places):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001")]))
    assert pending() == 1
    assert confirm(client, response).status_code == 302
    assert pending() == 0
    again = confirm(client, response)  # the same form posted twice adds nobody twice
    assert again.status_code == 302 and again["Location"] == "/members/import/"
    assert Member.objects.filter(union=union, employee_number="A001").count() == 1


def test_a_failed_confirm_uses_up_its_token(login, committee_user, union, places):
    from members.models import Department

    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001")]))
    Department.objects.filter(union=union, name="语文组").delete()  # meanwhile: the file no longer fits
    refused = confirm(client, response)
    assert refused.status_code == 409 and "第2行，部门“语文组”" in refused.content.decode()
    # The old token is used up; the new preview keeps the file (for its column choices) under a new one.
    assert pending() == 1
    assert refused.context["columns_form"]["token"].value() != response.context["confirm"]["token"].value()
    assert confirm(client, response).status_code == 302
    assert not Member.objects.filter(employee_number="A001").exists()


def test_a_confirm_refused_because_the_roster_changed_keeps_only_the_new_preview(
    login, committee_user, union, places
):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001"), good_row("A002", "李四")]))
    MemberFactory(union=union, employee_number="A002", name="李四", phone="13700000000")
    refused = confirm(client, response)
    assert refused.status_code == 409 and pending() == 1
    assert refused.context["confirm"]["token"].value() != response.context["confirm"]["token"].value()
    assert confirm(client, response).status_code == 302  # the old form: expired, nothing saved
    assert not Member.objects.filter(employee_number="A001").exists()
    assert confirm(client, refused).status_code == 302
    assert Member.objects.filter(union=union, employee_number="A001").exists() and pending() == 0


def test_an_unconfirmed_file_is_gone_after_an_hour(login, committee_user, chair_user, union, places):
    client = login(committee_user)
    with time_machine.travel(datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        response = upload(client, xlsx([good_row("A001")]))
    with time_machine.travel(datetime(2026, 5, 6, 11, 1, tzinfo=SHANGHAI), tick=False):
        late = confirm(client, response)
        assert late.status_code == 302 and late["Location"] == "/members/import/"
        assert not Member.objects.filter(employee_number="A001").exists()
        # Whoever uploads next clears away every file older than an hour.
        other = login(chair_user)
        upload(other, xlsx([good_row("A009", "王九")]))
    from members.models import PendingImport

    assert list(PendingImport.objects.values_list("user__username", flat=True)) == [chair_user.username]


def test_someone_elses_token_confirms_nothing(login, committee_user, chair_user, union, places):
    response = upload(login(committee_user), xlsx([good_row("A001")]))
    colleague = Client()
    colleague.force_login(chair_user)
    refused = confirm(colleague, response)
    assert refused.status_code == 302 and refused["Location"] == "/members/import/"
    assert not Member.objects.filter(employee_number="A001").exists()


# -- the wage import keeps its file the same way ------------------------------------------------------


def wages_xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工号", "姓名", "工资基数"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("wages.xlsx", out.getvalue())


def wage_token(response):
    return re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode()).group(1)


def test_wage_bases_preview_and_confirm_may_reach_different_app_servers(login, treasurer_user, union, elsewhere):
    MemberFactory(union=union, employee_number="T001", name="赵一")
    client = login(treasurer_user)
    response = client.post(
        "/funds/2026/wages/import/", {"file": wages_xlsx([("T001", "赵一", 5200)]), "from_month": "1"}
    )
    elsewhere()
    client.post("/funds/2026/wages/import/", {"token": wage_token(response), "from_month": "1"})
    assert WageBase.objects.get().amount == 5200
    assert pending() == 0


def test_wage_bases_file_is_gone_after_a_failed_confirm_and_after_an_hour(login, treasurer_user, union):
    member = MemberFactory(union=union, employee_number="T001", name="赵一")
    client = login(treasurer_user)
    response = client.post(
        "/funds/2026/wages/import/", {"file": wages_xlsx([("T001", "赵一", 5200)]), "from_month": "1"}
    )
    Member.objects.filter(pk=member.pk).update(status=Member.Status.LEFT)
    refused = client.post("/funds/2026/wages/import/", {"token": wage_token(response), "from_month": "1"})
    assert "已离会" in refused.content.decode()
    assert pending() == 0

    Member.objects.filter(pk=member.pk).update(status=Member.Status.ACTIVE)
    with time_machine.travel(datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        response = client.post(
            "/funds/2026/wages/import/", {"file": wages_xlsx([("T001", "赵一", 5200)]), "from_month": "1"}
        )
    with time_machine.travel(datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI) + timedelta(minutes=61), tick=False):
        late = client.post("/funds/2026/wages/import/", {"token": wage_token(response), "from_month": "1"}, follow=True)
    assert "上传的文件已过期" in late.content.decode()
    assert WageBase.objects.count() == 0


# -- cells that say they are numbers or dates and are not ---------------------------------------------

# calamine reads a cell typed as a number or a date that holds text as that text; a cell it cannot read
# (a shared string that is not there, text in a true/false cell) makes the sheet unreadable, said so.
READ_AS_TEXT = {
    "text in a number cell": ('<c r="C3"><v>A002</v></c>', "A002"),
    "a superscript two in a number cell": ('<c r="C3"><v>²</v></c>', "²"),
    "text in a date cell": ('<c r="C3" t="d"><v>去年春天</v></c>', "去年春天"),
}
UNREADABLE = {
    "a shared string that is not there": '<c r="C3" t="s"><v>99</v></c>',
    "text in a true/false cell": '<c r="C3" t="b"><v>是</v></c>',
}


@pytest.mark.parametrize("kind", READ_AS_TEXT)
def test_a_cell_typed_as_a_number_or_date_that_holds_text_is_read_as_the_text(login, committee_user, union, kind):
    cell, text = READ_AS_TEXT[kind]
    bad_row = '<row r="3">' + _text_cell("李四") + _text_cell("女") + cell + "</row>"
    response = upload(login(committee_user), package(rows=[HEADER_ROW, GOOD_ROW, bad_row], strings=1))
    assert response.status_code == 200
    assert [row.values["employee_number"] for row in response.context["preview"].rows] == ["A001", text]


@pytest.mark.parametrize("kind", UNREADABLE)
def test_a_cell_that_cannot_be_read_is_refused_clearly(login, committee_user, union, kind):
    bad_row = '<row r="3">' + _text_cell("李四") + _text_cell("女") + UNREADABLE[kind] + "</row>"
    response = upload(login(committee_user), package(rows=[HEADER_ROW, GOOD_ROW, bad_row], strings=1))
    assert "无法读取" in file_errors(response)
    assert not Member.objects.filter(employee_number="A001").exists()


def test_the_wage_import_refuses_a_wage_cell_that_is_not_a_number(login, treasurer_user, union):
    MemberFactory(union=union, employee_number="T001", name="赵一")
    header = '<row r="1">' + "".join(_text_cell(h) for h in ("工号", "姓名", "工资基数")) + "</row>"
    row = '<row r="2">' + _text_cell("T001") + _text_cell("赵一") + '<c r="C2"><v>五千元</v></c></row>'
    response = login(treasurer_user).post(
        "/funds/2026/wages/import/", {"file": package(rows=[header, row]), "from_month": "1"}
    )
    assert response.status_code < 500 and "第2行" in response.content.decode()
    assert WageBase.objects.count() == 0
