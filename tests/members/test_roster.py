"""The roster: search, filters, sortable columns, pagination and counts, in a fixed number of queries."""

import html
import re
from datetime import date

import pytest

from members.models import Member
from tests.factories import DepartmentFactory, MemberFactory, UnionGroupFactory, bulk_create_members

pytestmark = pytest.mark.django_db


def names(response):
    """The names in the roster's rows, top to bottom, as the page shows them."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [html.unescape(name) for name in re.findall(r'<td><a href="/members/\d+/">([^<]*)</a>', body)]


@pytest.fixture
def roster(union):
    math = DepartmentFactory(union=union, name="数学组")
    art = DepartmentFactory(union=union, name="艺体组")
    group = UnionGroupFactory(union=union, name="理科小组")
    MemberFactory(
        union=union,
        name="王芳",
        employee_number="T100",
        phone="13811112222",
        department=math,
        group=group,
        gender="F",
        birth_date=date(1980, 1, 2),
        joined_on=date(2003, 9, 1),
    )
    MemberFactory(
        union=union,
        name="王强",
        employee_number="T200",
        phone="13933334444",
        department=art,
        gender="M",
        birth_date=date(1975, 6, 7),
        joined_on=date(1999, 9, 1),
    )
    MemberFactory(
        union=union,
        name="李退",
        employee_number="T300",
        department=art,
        gender="M",
        status=Member.Status.RETIRED,
        birth_date=date(1950, 3, 3),
        joined_on=date(1975, 9, 1),
    )
    return {"math": math, "art": art, "group": group}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("王", ["王强", "王芳"]), ("T200", ["王强"]), ("1381111", ["王芳"]), ("nobody", [])],
)
def test_search_by_name_employee_number_or_phone(login, committee_user, roster, query, expected):
    response = login(committee_user).get("/members/", {"q": query})
    assert sorted(names(response)) == sorted(expected)


def test_filters_combine(login, committee_user, roster):
    client = login(committee_user)
    assert names(client.get("/members/", {"department": roster["art"].pk})) == ["李退", "王强"]
    assert names(client.get("/members/", {"department": roster["art"].pk, "status": "retired"})) == ["李退"]
    assert names(client.get("/members/", {"group": roster["group"].pk})) == ["王芳"]
    assert names(client.get("/members/", {"gender": "M", "q": "王"})) == ["王强"]
    assert names(client.get("/members/", {"position": "any"})) == ["李委员"]
    assert names(client.get("/members/", {"position": "committee"})) == ["李委员"]


def test_another_unions_department_is_not_a_valid_filter(login, committee_user, roster, other_union):
    foreign = DepartmentFactory(union=other_union, name="外单位")
    response = login(committee_user).get("/members/", {"department": foreign.pk})
    assert response.status_code == 200
    assert "外单位" not in response.content.decode()
    assert names(response) == []


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("born", ["李退", "王强", "王芳"]),
        ("-born", ["王芳", "王强", "李退"]),
        ("number", ["王芳", "王强", "李退"]),
        ("-joined", ["王芳", "王强", "李退"]),
    ],
)
def test_columns_sort(login, committee_user, roster, order, expected):
    response = login(committee_user).get("/members/", {"o": order, "q": "T"})
    assert names(response) == expected


def test_sort_links_reverse_on_a_second_click(login, committee_user, roster):
    page = login(committee_user).get("/members/", {"o": "born"}).content.decode()
    assert "o=-born" in page


def test_counts_show_the_union_by_status(login, committee_user, roster):
    response = login(committee_user).get("/members/")
    counts = dict(response.context["counts"])
    assert response.context["page"].paginator.count == 4
    assert counts[Member.Status.ACTIVE.label] == 3 and counts[Member.Status.RETIRED.label] == 1
    assert "在职 3" in response.content.decode()
    retired_only = login(committee_user).get("/members/", {"status": "retired"})
    assert dict(retired_only.context["counts"]) == {Member.Status.RETIRED.label: 1}


def test_pagination_keeps_the_filters(login, committee_user, union):
    MemberFactory.create_batch(60, union=union, gender="M")
    client = login(committee_user)
    first = client.get("/members/", {"gender": "M"})
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 60
    assert "gender=M&amp;page=2" in first.content.decode()
    second = client.get("/members/", {"gender": "M", "page": 2})
    assert len(second.context["page"]) == 10
    assert not set(names(first)) & set(names(second))
    assert client.get("/members/", {"page": "abc"}).status_code == 200


def test_the_roster_stays_within_its_query_budget_at_5000_members(
    login, committee_user, union, django_assert_max_num_queries
):
    departments = [DepartmentFactory(union=union, name=f"部门{i}") for i in range(8)]
    groups = [UnionGroupFactory(union=union, name=f"小组{i}") for i in range(6)]
    bulk_create_members(
        [
            Member(
                union=union,
                name=f"会员{i:05d}",
                gender="MF"[i % 2],
                employee_number=f"N{i:05d}",
                department=departments[i % 8],
                group=groups[i % 6],
                phone=f"138{i:08d}",
                birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            )
            for i in range(5000)
        ]
    )
    client = login(committee_user)
    for params in [
        {},
        {"page": 60},
        {"q": "会员0", "o": "-born"},
        {"department": departments[3].pk, "page": 5},
        {"o": "department", "page": 40},
    ]:
        with django_assert_max_num_queries(10):
            response = client.get("/members/", params)
        assert response.status_code == 200


def test_committee_sees_phone_numbers(login, committee_user, roster):
    assert "13811112222" in login(committee_user).get("/members/").content.decode()


def test_an_edit_shows_on_the_roster_and_in_its_search_at_once(login, committee_user, roster):
    from tests.members.test_accounts_lifecycle import edit_data

    client = login(committee_user)
    assert "王强" in names(client.get("/members/")) and names(client.get("/members/", {"q": "王"}))  # cached
    member = Member.objects.get(name="王强")
    assert client.post(f"/members/{member.pk}/edit/", edit_data(member, name="王刚")).status_code == 302
    assert "王刚" in names(client.get("/members/")) and "王强" not in names(client.get("/members/"))
    assert sorted(names(client.get("/members/", {"q": "王"}))) == ["王刚", "王芳"]
