"""Importing a month's wage bases from Excel: preview every row, confirm, all or nothing."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from funds.models import WageBase
from members.models import HistoryEntry, Member
from tests.factories import MemberFactory, WageBaseFactory

pytestmark = pytest.mark.django_db


def xlsx(rows, header=("工号", "姓名", "工资基数"), name="wages.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def staff(union):
    return {
        number: MemberFactory(union=union, employee_number=number, name=name)
        for number, name in [("T001", "赵一"), ("T002", "钱二"), ("T003", "孙三")]
    }


@pytest.fixture
def treasurer(login, treasurer_user):
    return login(treasurer_user)


def upload(client, rows, month="1", **kwargs):
    return client.post("/funds/2026/wages/import/", {"file": xlsx(rows, **kwargs), "from_month": month})


def token_of(response):
    return re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode()).group(1)


def test_preview_then_confirm_saves_every_row(treasurer, staff, treasurer_user):
    response = upload(treasurer, [("T001", "赵一", 5200), ("T002", "钱二", "6,100.50"), ("T003", "", 4800.5)])
    page = response.content.decode()
    assert "文件无误" in page and "确认导入" in page
    assert WageBase.objects.count() == 0  # nothing before the confirmation
    response = treasurer.post(
        "/funds/2026/wages/import/", {"token": token_of(response), "from_month": "1"}, follow=True
    )
    assert "新增工资基数 3 条" in response.content.decode()
    assert dict(WageBase.objects.values_list("member__employee_number", "amount")) == {
        "T001": Decimal("5200.00"),
        "T002": Decimal("6100.50"),
        "T003": Decimal("4800.50"),
    }
    assert HistoryEntry.objects.filter(content_type__model="wagebase", actor=treasurer_user).count() == 3


def test_an_import_from_july_adds_a_raise_and_keeps_january(treasurer, staff):
    WageBaseFactory(member=staff["T001"], amount=Decimal("5000"))
    response = upload(treasurer, [("T001", "赵一", 5600)], month="7")
    page = response.content.decode()
    assert "5,000.00" in page and "5,600.00" in page  # now → new
    treasurer.post("/funds/2026/wages/import/", {"token": token_of(response), "from_month": "7"})
    assert list(WageBase.objects.order_by("from_month").values_list("from_month", "amount")) == [
        (1, Decimal("5000.00")),
        (7, Decimal("5600.00")),
    ]


def test_an_existing_base_is_updated_with_its_history(treasurer, staff):
    base = WageBaseFactory(member=staff["T002"], amount=Decimal("5000"))
    response = upload(treasurer, [("T002", "钱二", 5500)])
    treasurer.post("/funds/2026/wages/import/", {"token": token_of(response), "from_month": "1"})
    base.refresh_from_db()
    assert base.amount == Decimal("5500.00") and base.version == 2
    entry = HistoryEntry.objects.get(content_type__model="wagebase", object_id=str(base.pk))
    assert entry.changes == {"月工资基数": ["5000.00", "5500.00"]}


def test_every_bad_row_is_reported_by_number_and_nothing_is_saved(treasurer, staff, union):
    MemberFactory(union=union, employee_number="T009", name="离会者", status=Member.Status.LEFT)
    response = upload(
        treasurer,
        [
            ("T001", "赵一", 5200),  # row 2: fine
            ("T404", "", 5000),  # row 3: unknown number
            ("T002", "王五", 5000),  # row 4: name does not match
            ("T003", "", "五千"),  # row 5: not a number
            ("T001", "", 5100),  # row 6: duplicate
            ("", "孙三", 5000),  # row 7: no number
            ("T002", "", 0),  # row 8: zero
            ("T003", "", -100),  # row 9: negative
            ("T009", "", 3000),  # row 10: left the union
            ("T002", "", "5000.123"),  # row 11: fen only
        ],
    )
    page = response.content.decode()
    for expected in [
        "第3行，工号“T404”：本工会没有这个工号的会员",
        "第4行，姓名“王五”：与会员名册不符，名册上这个工号是钱二",
        "第5行，工资基数“五千”：请写以元为单位的金额，如 5200 或 5200.50",
        "第6行，工号“T001”：这个工号在第2行也有",
        "第7行 工号：必填",
        "第8行，工资基数“0”：必须大于零",
        "第9行，工资基数“-100”：必须大于零",
        "第10行，工号“T009”：离会者 已离会",
        "第11行，工资基数“5000.123”：小数超过两位",
    ]:
        assert expected in page, expected
    assert "确认导入" not in page
    assert WageBase.objects.count() == 0


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("wages.csv", b"a,b"), ".xlsx"),
        (SimpleUploadedFile("wages.xlsx", b""), "空"),
        (SimpleUploadedFile("wages.xlsx", b"not a zip"), ".xlsx"),
        (xlsx([("T001", 5000)], header=("工号", "工资")), "工资基数"),
    ],
)
def test_a_bad_file_gets_a_clear_message(treasurer, staff, file, message):
    response = treasurer.post("/funds/2026/wages/import/", {"file": file, "from_month": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert WageBase.objects.count() == 0


def test_an_unknown_token_asks_for_the_file_again(treasurer, staff):
    response = treasurer.post("/funds/2026/wages/import/", {"token": "deadbeef", "from_month": "1"}, follow=True)
    assert "上传的文件已过期" in response.content.decode()


def test_a_member_leaving_between_preview_and_confirm_stops_the_import(treasurer, staff):
    response = upload(treasurer, [("T001", "赵一", 5200), ("T002", "钱二", 5300)])
    Member.objects.filter(employee_number="T002").update(status=Member.Status.LEFT)
    response = treasurer.post("/funds/2026/wages/import/", {"token": token_of(response), "from_month": "1"})
    assert "已离会" in response.content.decode()
    assert WageBase.objects.count() == 0


def test_the_downloaded_list_imports_back_unchanged(treasurer, staff):
    for member, wage in zip(staff.values(), ["5000", "6000", "7000.50"], strict=True):
        WageBaseFactory(member=member, amount=Decimal(wage))
    content = treasurer.get("/funds/2026/wages/template.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == ["工号", "姓名", "部门", "工资基数"]
    file = SimpleUploadedFile("back.xlsx", content)
    page = treasurer.post("/funds/2026/wages/import/", {"file": file, "from_month": "1"}).content.decode()
    assert "文件无误" in page and "其中 0 行" in page


def test_reviewers_cannot_import(login, reviewer_user, staff):
    response = login(reviewer_user).post("/funds/2026/wages/import/", {"file": xlsx([]), "from_month": "1"})
    assert response.status_code == 403


def test_an_absurd_wage_is_too_large_not_an_error(treasurer, staff):
    """1E+30 yuan, as a number cell or as text: a problem of its row, never a 500 (quantize() could not
    give it two decimals)."""
    response = upload(treasurer, [("T001", "赵一", 1e30), ("T002", "钱二", "1E+30"), ("T003", "孙三", 5200)])
    page = response.content.decode()
    assert response.status_code == 200
    assert "第2行，工资基数“1e+30”：数值过大" in page and "第3行，工资基数“1E+30”：数值过大" in page
    assert WageBase.objects.count() == 0


def test_the_wage_form_refuses_an_absurd_wage(treasurer, staff):
    member = staff["T001"]
    response = treasurer.post(f"/funds/2026/wages/{member.pk}/add/", {"from_month": "1", "amount": "1E+30"})
    assert response.status_code == 200 and "位整数" in response.content.decode()
    assert WageBase.objects.count() == 0
