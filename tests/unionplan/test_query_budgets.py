"""Every main page runs the same number of queries at two sizes of the bench's federation, within
the targets of issue 8: ≤ 10 a page, ≤ 14 for the dashboard; the year-end summary composes four
apps' summaries and has its own ceiling (see SUMMARY_QUERIES).

The data is `make bench`'s (unionplan/benchdata.py) at 1/200 and 1/50 of its size: the largest union
has 100 and then 400 members, with activities, sign-ups, visits, dues and a plan to match.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.care import worklist, worklist_counts
from unionplan import benchdata

pytestmark = pytest.mark.django_db

PAGE = 10
# The dashboard: the request 3, members 2, plans 1, activities 1, funds 2, congress 2 on PostgreSQL; on
# SQLite plans and activities read their two panels apart (members.combined.rows_of): 13.
DASHBOARD = 11 if connection.vendor == "postgresql" else 13
# The target of 14: the request 3 (session, user with member, permissions), the kept figures 1,
# plans.summary 1, activities.summary 2, members.summary 2, funds.summary 2, the figures written 1, the
# chair's text 1 (13; a later reader: 5).
SUMMARY_QUERIES = 14
SMALL, LARGE = 0.005, 0.02
# The calendar: the request 3, the reader's sign-ups 1 (a member only: the union's organisers 1), the
# categories 1, the month's activities 1; the year schedule: the request 3, the organisers 1, the lines 1
# and the month counts 1.
MONTH_MEMBER, MONTH_COMMITTEE, YEAR_SCHEDULE = 7, 6, 6


def pages(year):
    busiest = benchdata.MONTH_WEIGHTS.index(max(benchdata.MONTH_WEIGHTS)) + 1
    return [
        ("chair", "/", DASHBOARD),
        ("committee", f"/plans/{year}/", PAGE),
        ("member", f"/plans/{year}/", PAGE),
        ("member", f"/activities/{year}/3/", MONTH_MEMBER),
        ("member", f"/activities/{year}/{busiest}/", MONTH_MEMBER),
        ("committee", f"/activities/{year}/{busiest}/", MONTH_COMMITTEE),
        ("member", f"/activities/{year}/", YEAR_SCHEDULE),
        ("committee", "/members/", PAGE),
        ("committee", "/members/?page=2", PAGE),
        ("committee", "/members/?q=王", PAGE),
        ("committee", "/members/birthdays/", PAGE),
        ("treasurer", f"/funds/{year}/", PAGE),
        ("chair", f"/summary/{year}/", SUMMARY_QUERIES),
    ]


def measure(client, django_user_model, built):
    """{(role, path): queries}, with no cached fragments (the first reader after a change: the budget
    holds there)."""
    counts = {}
    for role, path, _budget in pages(built.year):
        client.force_login(django_user_model.objects.get(username=built.users[role]))
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        assert response.status_code == 200, (role, path, response.status_code)
        counts[(role, path)] = len(cold)
    return counts


@pytest.fixture
def small(db):
    return benchdata.build(scale=SMALL, unions=2, load_users=3)


def test_every_main_page_stays_within_its_budget_and_does_not_grow_with_the_data(client, django_user_model, small):
    before = measure(client, django_user_model, small)
    large = benchdata.build(scale=LARGE, unions=1, load_users=0, logins="large")
    assert large.counts["Member"] == 4 * small.counts["Member"]
    # The larger union's logins: the same pages, four times the rows.
    after = measure(client, django_user_model, large)
    for role, path, budget in pages(small.year):
        assert before[(role, path)] <= budget, (role, path, before[(role, path)])
        assert after[(role, path)] == before[(role, path)], (role, path, before[(role, path)], after[(role, path)])


def test_the_dashboard_counts_the_worklist_the_care_page_lists(small):
    today = timezone.localdate()
    counts, work = worklist_counts(small.largest, today), worklist(small.largest, today)
    assert (counts.retirements, counts.hardship, counts.events) == (
        len(work.retirements),
        len(work.hardship),
        len(work.events),
    )
    assert counts.count == work.count > 0
