"""The roll-up: its figures agree with each union's own year-end summary, unions at any depth count,
a federation in between gets a subtotal, and no person of a union below shows."""

import re

import pytest

from activities.summary import year_summary as activities_summary
from federation.rollup import load_tree, union_rows
from funds.summary import year_summary as funds_summary
from members.models import Member
from members.summary import year_summary as members_summary
from tests.factories import MemberFactory, UnionFactory
from tests.federation.conftest import YEAR, people

pytestmark = pytest.mark.django_db
URL = f"/federation/?year={YEAR}"


def rows_by_name(federation):
    return {row.name: row for row in union_rows(load_tree(), federation.root.pk, YEAR)}


def test_every_union_below_at_any_depth_and_nothing_else(federation):
    rows = rows_by_name(federation)
    assert set(rows) == {"和平区第一小学工会", "和平区北片联合工会", "和平区第二小学工会"}
    assert rows["和平区第二小学工会"].depth == 2
    assert rows["和平区北片联合工会"].has_children


def test_figures_agree_with_each_unions_own_summary(federation):
    rows = rows_by_name(federation)
    for union in (federation.school_a, federation.cluster, federation.school_b):
        row, members = rows[union.name], members_summary(union, YEAR)
        assert (row.members, row.women, row.joined, row.hardship) == (
            members.total, members.women, members.joined, members.hardship_members
        )
        activities = activities_summary(union, YEAR)
        assert (row.activities_held, row.attendance) == (activities.total.held, activities.total.participants)
        funds = funds_summary(union, YEAR)
        assert row.dues == funds.dues_collected
        assert row.spending_total == funds.expense_total


def test_the_figures_themselves(federation):
    b = rows_by_name(federation)["和平区第二小学工会"]
    assert (b.members, b.women, b.migrant_workers, b.joined, b.hardship, b.employees) == (4, 2, 2, 1, 1, 5)
    assert b.rate == 80  # 4 members of 5 employees
    assert (b.activities_held, b.attendance, str(b.spending["activities"])) == (1, 3, "300.00")
    assert b.new_unions == 1
    a = rows_by_name(federation)["和平区第一小学工会"]
    assert (a.retired, a.in_service, a.members) == (1, a.members - 1, a.in_service + 1)
    assert a.new_unions == 0
    assert rows_by_name(federation)["和平区北片联合工会"].rate is None  # no employees entered


def test_page_shows_subtotal_and_total(federation, login):
    html = login(federation.federation_user).get(URL).content.decode()
    assert "小计：和平区北片联合工会" in html or "Subtotal: 和平区北片联合工会" in html
    rows = rows_by_name(federation)
    total_members = sum(row.members for row in rows.values())
    total_row = html[html.index('class="table-primary fw-bold total"'):]
    assert f">{total_members}<" in total_row
    # The subtotal of the cluster counts itself and the school below it.
    subtotal = html[html.index('subtotal">'):]
    cluster_members = rows["和平区北片联合工会"].members + rows["和平区第二小学工会"].members
    assert f">{cluster_members}<" in subtotal[:subtotal.index("</tr>")]


def test_no_person_of_a_union_below_shows(federation, login):
    client = login(federation.federation_user)
    pages = [URL, f"{URL}&sort=-members", f"/federation/unions/{federation.school_b.pk}/?year={YEAR}",
             f"/federation/unions/{federation.cluster.pk}/?year={YEAR}"]
    names = list(Member.objects.exclude(union=federation.root).values_list("name", flat=True))
    for url in pages:
        html = client.get(url).content.decode()
        assert not [name for name in names if name in html], url


def test_sorted_siblings_keep_their_tree(federation, login):
    client = login(federation.federation_user)
    html = client.get(f"{URL}&sort=-members").content.decode()
    names = re.findall(r'href="/federation/unions/\d+/\?year=\d+">([^<]+)<', html)
    # The school below the cluster stays right after it, whatever the order of the siblings.
    assert names.index("和平区第二小学工会") == names.index("和平区北片联合工会") + 1
    ascending = client.get(f"{URL}&sort=rate").content.decode()
    names = re.findall(r'href="/federation/unions/\d+/\?year=\d+">([^<]+)<', ascending)
    # The cluster has no employees entered: no rate, so last among its siblings.
    assert names == ["和平区第一小学工会", "和平区北片联合工会", "和平区第二小学工会"]


def test_filters(federation, login):
    client = login(federation.federation_user)
    html = client.get(f"{URL}&kind=school").content.decode()
    assert "和平区第一小学工会" in html and "和平区第二小学工会" in html
    assert f'href="/federation/unions/{federation.cluster.pk}/' not in html
    html = client.get(f"{URL}&q=第二").content.decode()
    assert "和平区第一小学工会" not in html and "和平区第二小学工会" in html
    html = client.get(f"{URL}&parent={federation.cluster.pk}").content.decode()
    assert "和平区第一小学工会" not in html and "和平区第二小学工会" in html


def test_union_page_shows_its_figures(federation, login):
    response = login(federation.federation_user).get(f"/federation/unions/{federation.school_b.pk}/?year={YEAR}")
    assert response.status_code == 200
    assert response.context["row"].members == 4


def test_a_union_not_below_is_404(federation, login):
    client = login(federation.federation_user)
    for union in (federation.outside, federation.root):
        assert client.get(f"/federation/unions/{union.pk}/").status_code == 404
    assert client.get("/federation/unions/99999999/").status_code == 404


def test_who_may_not_see_it(federation, login, client):
    assert login(federation.member_user).get(URL).status_code == 403
    # A school's chair holds every members permission, but nothing is below the school.
    assert login(federation.school_chair).get(URL).status_code == 403
    assert login(federation.school_chair).get(f"/federation/unions/{federation.school_b.pk}/").status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_federations_chair_sees_it(federation, login):
    from tests.factories import UserFactory

    chair = UserFactory(username="root-chair", role="chair")
    MemberFactory(union=federation.root, user=chair, name="区工会主席", position="chair")
    assert login(chair).get(URL).status_code == 200


@pytest.mark.parametrize("query", [
    "?year=abc", "?year=99999", "?year=", "?sort=evil", "?sort=-", "?sort=--members", "?kind=evil",
    "?parent=abc", "?parent=99999999999999999999999", "?q=" + "长" * 500, "?parent=1&kind=school&sort=-rate",
])
def test_bad_input_is_no_500(federation, login, query):
    assert login(federation.federation_user).get(f"/federation/{query}").status_code == 200


def test_default_year_is_this_year(federation, login, clock):
    clock(date_of(YEAR))
    response = login(federation.federation_user).get("/federation/")
    assert response.context["year"] == YEAR


def date_of(year):
    from datetime import date

    return date(year, 12, 5)


def grow(federation, unions, members_each):
    for n in range(unions):
        union = UnionFactory(name=f"加出的学校{n}", parent=federation.cluster, kind="school")
        people(union, members_each, women=1, migrant=1, joined_in_year=1, prefix=f"加{n}")


@pytest.mark.parametrize("url", [URL, f"{URL}&sort=-rate&kind=school"])
def test_query_budget_does_not_grow(federation, login, django_assert_max_num_queries, url):
    # Counting: session, user, permissions, tree, stored figures, nine counts, the hand-ups, the INSERT
    # (and on PostgreSQL its SET LOCAL synchronous_commit).
    client = login(federation.federation_user)
    client.get(url)  # the session and the user, read once
    with django_assert_max_num_queries(17):
        assert client.get(url).status_code == 200
    grow(federation, 5, 4)
    with django_assert_max_num_queries(17):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(f"/federation/unions/{federation.school_b.pk}/").status_code == 200
