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
