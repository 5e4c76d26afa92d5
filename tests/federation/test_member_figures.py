"""The figures the federation needs, kept by each union: 农民工 on the member form, in the roster import
(是/否 under 农民工 or 是否农民工) and export; the union's 职工人数 per year on its own page."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from members.models import Member, Workforce
from tests.members.test_import import HEADERS, confirm, good_row, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(union):
    from tests.factories import DepartmentFactory, UnionGroupFactory

    DepartmentFactory(union=union, name="语文组")
    UnionGroupFactory(union=union, name="文科小组")


@pytest.mark.parametrize("heading", ["农民工", "是否农民工"])
def test_roster_import_reads_migrant_workers(login, committee_user, union, places, heading):
    client = login(committee_user)
    rows = [good_row("A001", "张三") + ["是"], good_row("A002", "李四") + ["否"], good_row("A003", "王五") + [""]]
    response = upload(client, xlsx(rows, headers=[*HEADERS, heading]))
    assert response.context["preview"].ok
    assert confirm(client, response).status_code == 302
    found = dict(Member.objects.filter(union=union, employee_number__startswith="A").values_list(
        "employee_number", "migrant_worker"))
    assert found == {"A001": True, "A002": False, "A003": False}


def test_roster_import_refuses_a_bad_migrant_worker_value(login, committee_user, union, places):
    client = login(committee_user)
    response = upload(client, xlsx([good_row("A001") + ["也许"]], headers=[*HEADERS, "农民工"]))
    assert not response.context["preview"].ok
    assert not Member.objects.filter(employee_number="A001").exists()


def test_roster_export_writes_migrant_workers(login, committee_user, union):
    from tests.factories import MemberFactory

    MemberFactory(union=union, name="赵六", migrant_worker=True, joined_on=date(2020, 1, 1))
    response = login(committee_user).get("/members/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    rows = list(sheet.values)
    column = rows[0].index("农民工")
    assert next(row for row in rows if row[0] == "赵六")[column] == "是"


def test_member_form_has_migrant_worker(login, committee_user, union):
    member = Member.objects.get(user=committee_user)
    html = login(committee_user).get(f"/members/{member.pk}/edit/").content.decode()
    assert 'name="migrant_worker"' in html


def test_workforce_page(login, committee_user, member_user, union, clock):
    clock(date(2026, 12, 5))
    client = login(committee_user)
    assert client.get("/members/workforce/").status_code == 200
    assert client.post("/members/workforce/", {"year": 2026, "employees": "120"}).status_code == 302
    assert Workforce.objects.get(union=union, year=2026).employees == 120
    assert client.post("/members/workforce/", {"year": 2026, "employees": "125"}).status_code == 302
    assert Workforce.objects.get(union=union, year=2026).employees == 125
    bad_posts = [
        {"year": 2026, "employees": "-1"}, {"year": "abc", "employees": "5"}, {"year": 2026, "employees": "x" * 99}
    ]
    for bad in bad_posts:
        assert client.post("/members/workforce/", bad).status_code == 200
    assert Workforce.objects.get(union=union, year=2026).employees == 125
    assert login(member_user).get("/members/workforce/").status_code == 403
