from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from members.models import Member
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db


def table_counts():
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("django_session")]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_seed_demo_twice_gives_the_same_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    first = table_counts()
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    assert table_counts() == first
    assert 75 <= Member.objects.filter(union__name="长沙市第七中学教职工工会").count() <= 90


def test_demo_users_log_in_and_hold_their_roles(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    for username, perm in [("chair", "members.change_member"), ("committee", "members.view_member"),
                           ("treasurer", "members.view_dashboard"), ("reviewer", "members.view_dashboard")]:
        user = get_user_model().objects.get(username=username)
        assert user.check_password("unionplan-demo")
        assert user.member.union.name == "长沙市第七中学教职工工会"
        assert user.has_perm(perm), (username, perm)
    member = get_user_model().objects.get(username="member")
    assert not member.has_perm("members.view_member")


def test_demo_has_someone_born_on_29_february(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    assert Member.objects.filter(birth_date__month=2, birth_date__day=29).exists()
    assert Member.objects.filter(lunar_birthday=True).count() >= 5


# --- federation: the education union above the school, and its login
def test_demo_federation_sees_the_schools_figures_and_the_school_nothing_of_them(settings, client):
    from federation.demo import EDUCATION_UNION
    from federation.rollup import load_tree, union_rows
    from funds.models import Allocation
    from members.models import Union

    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    education = Union.objects.get(name=EDUCATION_UNION)
    schools = Union.objects.filter(parent=education)
    assert schools.count() == 5 and schools.filter(name="长沙市第七中学教职工工会").exists()
    sizes = sorted(Member.objects.filter(union__in=schools).values("union").annotate(n=Count("id"))
                   .values_list("n", flat=True))
    assert sizes[0] < 40 and sizes[-1] >= 140
    assert Member.objects.filter(union__in=schools, migrant_worker=True).count() >= 10
    user = get_user_model().objects.get(username="federation")
    assert user.check_password("unionplan-demo") and user.member.union == education
    client.force_login(user)
    page = client.get("/federation/?year=2026")
    assert page.status_code == 200 and "天心区第一小学教职工工会" in page.content.decode()
    assert page.context["total"].unions == 5 and page.context["total"].rate is not None
    assert page.context["total"].new_unions == 1  # the kindergarten's union, founded this year
    # Every school keeps its books: dues collected, the 2% allocation paid, money spent (no ¥0.00 rows).
    for row in union_rows(load_tree(), education.pk, 2026):
        assert row.dues > 0 and row.allocation > row.dues and row.spending["activities"] > 0, row.name
    kindergarten = Union.objects.get(name="天心区第三幼儿园教职工工会")  # founded on 18 April: no money before
    assert not Allocation.objects.filter(union=kindergarten, start__lt=date(2026, 4, 1)).exists()
    assert Allocation.objects.filter(union=kindergarten).count() == 8  # April to November, paid on the 25th
    assert client.get("/federation/2026/statistics.xlsx").status_code == 200
    # The school's users see none of it.
    for username in ("chair", "committee", "member"):
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get("/federation/").status_code == 403
        html = client.get("/").content.decode()
        assert "天心区第一小学" not in html
# --- end federation


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
