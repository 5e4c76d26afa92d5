"""The roster's search finds a name, an employee number or a phone number containing what was typed,
in either case for Latin letters; Chinese and digits are matched as typed (members.models._containing),
which keeps a search of a 20,000-member union to a few milliseconds."""

import pytest

from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(union):
    MemberFactory(union=union, name="林强", employee_number="Tx100", phone="13811112222")
    MemberFactory(union=union, name="邓林", employee_number="教001", phone="13933334444")
    MemberFactory(union=union, name="Anna 李", employee_number="200", phone="")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("林", ["林强", "邓林"]),
        ("林强", ["林强"]),
        ("tx1", ["林强"]),  # an employee number in either case
        ("TX100", ["林强"]),
        ("教0", ["邓林"]),  # an employee number with a Chinese prefix
        ("3333", ["邓林"]),  # a phone number
        ("200", ["Anna 李"]),  # an employee number, and no phone number holds it
        ("anna", ["Anna 李"]),
        ("强林", []),
    ],
)
def test_the_search_finds_names_numbers_and_phones(login, committee_user, members, query, expected):
    response = login(committee_user).get("/members/", {"q": query})
    assert sorted(row["name"] for row in response.context["rows"]) == sorted(expected)


def test_the_same_search_in_the_queryset(union, members):
    assert sorted(Member.objects.for_union(union).search(" 1381 ").values_list("name", flat=True)) == ["林强"]
