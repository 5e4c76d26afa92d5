"""The roster's pages, whichever column it is sorted by, list every member once, in the order of the
whole list: pages in the second half are picked from the end of the list (members.views.RosterPaginator)."""

from datetime import date

import pytest

from members.models import Member
from members.views import ROSTER_PAGE_SIZE
from tests.factories import DepartmentFactory, bulk_create_members

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordering", ["", "-name", "department", "-department", "born", "-born", "joined", "number"])
def test_the_pages_list_everyone_once_in_the_list_s_order(login, committee_user, union, ordering):
    departments = [DepartmentFactory(union=union, name=f"组{i}", order=i) for i in range(3)]
    bulk_create_members(
        Member(
            union=union, name=["王芳", "李强", "张伟", "陈静"][i % 4], gender="F", employee_number=f"N{i:03d}",
            department=departments[i % 3] if i % 5 else None,  # some without a department
            birth_date=date(1970 + i % 20, 1 + i % 12, 1) if i % 7 else None,
            joined_on=date(2000 + i % 3, 1, 1),
        )
        for i in range(2 * ROSTER_PAGE_SIZE + 17)
    )
    client = login(committee_user)
    shown = []
    for page in (1, 2, 3):
        response = client.get("/members/", {"o": ordering, "page": page})
        shown += [row["pk"] for row in response.context["rows"]]
    whole = client.get("/members/", {"o": ordering}).context["filter"].qs
    assert shown == list(whole.values_list("pk", flat=True))
    assert len(set(shown)) == Member.objects.filter(union=union).count()


@pytest.mark.parametrize("at_once", [1000, 10])  # found members listed at once, or more than that: counted
@pytest.mark.parametrize("ordering", ["", "-name", "born"])
def test_a_search_s_pages_and_counts_are_those_of_the_whole_list(
    login, committee_user, union, ordering, at_once, monkeypatch
):
    monkeypatch.setattr("members.views.SEARCH_FOUND_AT_ONCE", at_once)
    bulk_create_members(
        Member(
            union=union, name=["王芳", "李强", "王伟"][i % 3], gender="F", employee_number=f"N{i:03d}",
            birth_date=date(1970 + i % 20, 1 + i % 12, 1), status=["active", "retired"][i % 5 == 0],
        )
        for i in range(2 * ROSTER_PAGE_SIZE + 17)
    )
    client = login(committee_user)
    shown = []
    for page in (1, 2):
        response = client.get("/members/", {"q": "王", "o": ordering, "page": page})
        shown += [row["pk"] for row in response.context["rows"]]
    whole = response.context["filter"].qs
    assert shown == list(whole.values_list("pk", flat=True))
    assert response.context["page"].paginator.count == whole.count() == 78
    assert dict(response.context["counts"]) == {"在职": 62, "退休": 16}
