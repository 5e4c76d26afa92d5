"""No lost data under concurrency: real concurrent requests, each thread with its own database
connection, through the same HTTP views people use.

tests/activities/test_signup.py already races `sign_up()` itself (ten members twice each for five
places, and one member eight times at once); here the race goes through the whole request — the
session, the permission checks, the view — at the size of a real rush: fifty members for thirty
places. Then two committee members saving the plan in the same instant, and the dues of one month
generated twice at once.

PostgreSQL only: SQLite serialises every write, so nothing would run concurrently there.
"""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.db import connection
from django.test import Client
from django.utils import timezone

from activities.models import ActivityCategory, Signup
from funds.models import Dues, DuesMonthTotal, FundSettings
from plans.models import AnnualPlan
from tests.factories import (
    ActivityFactory,
    AnnualPlanFactory,
    MemberFactory,
    PlanItemFactory,
    UserFactory,
    WageBaseFactory,
)
from tests.plans.conftest import editor_fields, row_index

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent database connections: run with DATABASE_URL=postgres://… (CI does)",
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(calls):
    """Run the calls in threads released together; each thread uses (and closes) its own connection.
    Returns their results in order; an exception is returned, not raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except BaseException as error:  # reported by the test
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished (deadlock?)"
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def told(response):
    """(level, text) of the messages this response's request queued."""
    return [(m.level, str(m)) for m in response.wsgi_request._messages._queued_messages]


def test_fifty_members_rush_for_thirty_places_and_exactly_thirty_get_one(union):
    activity = ActivityFactory(
        union=union,
        category=ActivityCategory.ensure_defaults(union)["sports"],
        title="教职工趣味运动会",
        start_date=timezone.localdate() + timedelta(days=10),
        signup_open=True,
        capacity=30,
    )
    clients = []
    for i in range(50):
        user = UserFactory(username=f"rush-{i}", role="member")
        MemberFactory(union=union, user=user, name=f"会员{i:02d}")
        clients.append(logged_in(user))
    url = f"/activities/{activity.pk}/signup/"

    responses = at_once([lambda c=c: c.post(url) for c in clients])

    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    levels = [level for r in responses for level, _text in told(r)]
    assert levels.count(SUCCESS) == 30
    texts = [text for r in responses for level, text in told(r) if level == ERROR]
    assert texts == ["抱歉，名额已满。"] * 20
    assert Signup.objects.filter(activity=activity).count() == 30
    assert Signup.objects.filter(activity=activity).values("member").distinct().count() == 30
    # Whoever was told "signed up" holds a place; nobody else does.
    winners = {r.wsgi_request.user.member.pk for r in responses if SUCCESS in [lvl for lvl, _t in told(r)]}
    assert set(Signup.objects.filter(activity=activity).values_list("member", flat=True)) == winners


def test_two_committee_members_save_the_plan_at_once_one_wins_the_other_is_told(union):
    plan = AnnualPlanFactory(union=union, year=2026, goals="")
    PlanItemFactory(plan=plan, position=0, level=1, title="组织建设")
    PlanItemFactory(plan=plan, position=1, level=3, title="完善会员档案")
    editors = []
    for name in ("李委员", "赵委员"):
        user = UserFactory(username=f"editor-{name}", role="committee")
        MemberFactory(union=union, user=user, name=name, position="committee")
        editors.append((name, logged_in(user)))
    posts = []
    for name, client in editors:
        fields = editor_fields(client.get("/plans/2026/edit/"))  # both open version 1
        fields[f"rows-{row_index(fields, '完善会员档案')}-title"] = f"完善会员档案（{name}）"
        fields["goals"] = f"{name}写的工作目标"
        posts.append(lambda c=client, f=fields: c.post("/plans/2026/edit/", {**f, "save": "1"}))

    responses = at_once(posts)

    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], codes
    winner = editors[[r.status_code for r in responses].index(302)][0]
    loser_page = next(r for r in responses if r.status_code == 409).content.decode()
    assert "已有其他人保存了这份计划" in loser_page
    plan = AnnualPlan.objects.get(pk=plan.pk)
    assert plan.version == 2
    assert plan.goals == f"{winner}写的工作目标"
    titles = list(plan.items.order_by("position").values_list("title", flat=True))
    assert titles == ["组织建设", f"完善会员档案（{winner}）"]


def test_the_same_months_dues_generated_twice_at_once_are_not_duplicated(union):
    FundSettings.for_union(union)
    for i in range(40):
        WageBaseFactory(member=MemberFactory(union=union), year=2026, amount=Decimal("5000.00") + i)
    keepers = []
    for role in ("treasurer", "chair"):
        user = UserFactory(username=f"{role}-dues", role=role)
        MemberFactory(union=union, user=user, position=role)
        keepers.append(logged_in(user))

    responses = at_once([lambda c=c: c.post("/funds/2026/dues/generate/", {"month": "3"}) for c in keepers])

    assert all(r.status_code == 302 for r in responses)
    dues = Dues.objects.filter(union=union, year=2026, month=3)
    assert dues.count() == 40  # the 40 members with a wage base (the two keepers have none)
    assert dues.values("member").distinct().count() == 40
    total = DuesMonthTotal.objects.get(union=union, year=2026, month=3)
    assert total.rows == 40 and total.expected == sum(d.amount for d in dues)
    # Each of the two was told what happened: generated, or that someone else just did.
    for response in responses:
        assert told(response), "no message for one of the two"
